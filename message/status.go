package message

import "github.com/rtmpkit/rtmp/amf0"

// Command names used by the NetConnection and NetStream protocols (§6).
const (
	CommandConnect       = "connect"
	CommandResult        = "_result"
	CommandError         = "_error"
	CommandOnStatus      = "onStatus"
	CommandClose         = "close"
	CommandCreateStream  = "createStream"
	CommandDeleteStream  = "deleteStream"
	CommandCloseStream   = "closeStream"
	CommandReleaseStream = "releaseStream"
	CommandFCPublish     = "FCPublish"
	CommandFCUnpublish   = "FCUnpublish"
	CommandFCSubscribe   = "FCSubscribe"
	CommandPublish       = "publish"
	CommandPlay          = "play"
	CommandPlay2         = "play2"
	CommandSeek          = "seek"
	CommandPause         = "pause"
	CommandReceiveAudio  = "receiveAudio"
	CommandReceiveVideo  = "receiveVideo"
	CommandOnBWDone      = "onBWDone"
	CommandCheckBW       = "_checkbw"
	CommandGetStreamLen  = "getStreamLength"
)

// Status levels of an info object.
const (
	LevelStatus  = "status"
	LevelWarning = "warning"
	LevelError   = "error"
)

// Frequently used status codes (§6.6).
const (
	CodeConnectSuccess      = "NetConnection.Connect.Success"
	CodeConnectRejected     = "NetConnection.Connect.Rejected"
	CodeConnectFailed       = "NetConnection.Connect.Failed"
	CodeConnectInvalidApp   = "NetConnection.Connect.InvalidApp"
	CodeConnectClosed       = "NetConnection.Connect.Closed"
	CodeConnectReconnect    = "NetConnection.Connect.ReconnectRequest"
	CodeCallFailed          = "NetConnection.Call.Failed"
	CodePublishStart        = "NetStream.Publish.Start"
	CodePublishBadName      = "NetStream.Publish.BadName"
	CodeUnpublishSuccess    = "NetStream.Unpublish.Success"
	CodePlayStart           = "NetStream.Play.Start"
	CodePlayReset           = "NetStream.Play.Reset"
	CodePlayStop            = "NetStream.Play.Stop"
	CodePlayComplete        = "NetStream.Play.Complete"
	CodePlayFailed          = "NetStream.Play.Failed"
	CodePlayStreamNotFound  = "NetStream.Play.StreamNotFound"
	CodePlayPublishNotify   = "NetStream.Play.PublishNotify"
	CodePlayUnpublishNotify = "NetStream.Play.UnpublishNotify"
	CodeSeekNotify          = "NetStream.Seek.Notify"
	CodeSeekFailed          = "NetStream.Seek.Failed"
	CodePauseNotify         = "NetStream.Pause.Notify"
	CodeUnpauseNotify       = "NetStream.Unpause.Notify"
	CodeRecordStart         = "NetStream.Record.Start"
	CodeRecordStop          = "NetStream.Record.Stop"
	CodeStreamFailed        = "NetStream.Failed"
	CodeDataStart           = "NetStream.Data.Start"
	CodeSOBadPersistence    = "SharedObject.BadPersistence"
)

// Status is the core of an info object: {level, code, description}.
type Status struct {
	Level       string
	Code        string
	Description string
}

// Info returns the info object {level, code, description} followed by the
// extra pairs, ready to be a command argument. Empty Description is still
// written, as servers do.
func (s Status) Info(extra ...amf0.Pair) amf0.Object {
	o := make(amf0.Object, 0, 3+len(extra))
	o = append(o,
		amf0.Pair{Key: "level", Value: s.Level},
		amf0.Pair{Key: "code", Value: s.Code},
		amf0.Pair{Key: "description", Value: s.Description})
	return append(o, extra...)
}

// IsError reports whether the level is "error".
func (s Status) IsError() bool { return s.Level == LevelError }

// StatusOf reads level, code and description from an info object of any
// encoding (see [Property]). ok is false when v has no string code.
func StatusOf(v any) (s Status, ok bool) {
	s.Code, ok = StringProperty(v, "code")
	s.Level, _ = StringProperty(v, "level")
	s.Description, _ = StringProperty(v, "description")
	return s, ok
}

// Status returns the status carried by an onStatus, _result or _error
// command: the first argument that is an info object with a code. ok is
// false when there is none.
func (c *Command) Status() (Status, bool) {
	for _, a := range c.Args {
		if s, ok := StatusOf(a); ok {
			return s, true
		}
	}
	return Status{}, false
}

// NewOnStatus returns ["onStatus", 0, null, info] where info is
// s.Info(extra...). Send it on the message stream it is about (0 for
// NetConnection codes).
func NewOnStatus(s Status, extra ...amf0.Pair) *Command {
	return &Command{Name: CommandOnStatus, Args: []any{s.Info(extra...)}}
}

// NewResult returns ["_result", txn, properties, values...]: the reply to a
// call. properties is the command object (the connect reply's server
// properties, or nil for AMF0 null); values is usually one value: an info
// object, a stream id or a call's return value.
func NewResult(txn float64, properties any, values ...any) *Command {
	return &Command{Name: CommandResult, TransactionID: txn, Object: properties, Args: values}
}

// NewError returns ["_error", txn, properties, values...], the failure reply
// to a call; values is usually one info object (see [Status.Info]).
func NewError(txn float64, properties any, values ...any) *Command {
	return &Command{Name: CommandError, TransactionID: txn, Object: properties, Args: values}
}

// NewConnectResult returns the FMS-compatible reply to connect (§6.2):
// ["_result", txn, {fmsVer, capabilities: 31}, {level: "status", code:
// "NetConnection.Connect.Success", description: "Connection succeeded.",
// objectEncoding}]. Callers may append pairs to either object.
func NewConnectResult(txn float64, fmsVer string, objectEncoding float64) *Command {
	props := amf0.Object{
		{Key: "fmsVer", Value: fmsVer},
		{Key: "capabilities", Value: float64(31)},
	}
	info := Status{LevelStatus, CodeConnectSuccess, "Connection succeeded."}.
		Info(amf0.Pair{Key: "objectEncoding", Value: objectEncoding})
	return NewResult(txn, props, info)
}
