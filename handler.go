package rtmp

import (
	"context"
	"net/url"

	"github.com/rtmpkit/rtmp/flv"
)

// A Handler makes the decisions of an RTMP server: accept or reject a
// connect, a publish or a play, attach a media sink or source, serve a remote
// call. The library does the whole NetConnection/NetStream dance itself
// (replies, onStatus codes, stream ids, acknowledgements, pings) and calls
// ServeRTMP once per decision.
//
// ServeRTMP runs on the connection's read loop: while it runs nothing else is
// read from that connection, so it must return promptly. Work that takes time
// (feeding a player from a file, say) belongs in a goroutine the handler
// starts, writing into a TagWriter or a Source. Returning without calling
// Reject accepts the request. The ResponseWriter must not be used after
// ServeRTMP returns.
type Handler interface {
	ServeRTMP(w ResponseWriter, r *Request)
}

// HandlerFunc adapts an ordinary function to a Handler.
type HandlerFunc func(w ResponseWriter, r *Request)

// ServeRTMP calls f(w, r).
func (f HandlerFunc) ServeRTMP(w ResponseWriter, r *Request) { f(w, r) }

// RequestKind tells what a Request asks the handler to decide.
type RequestKind uint8

// Request kinds.
const (
	// KindConnect: a client sent connect. Reject refuses it with _error
	// NetConnection.Connect.Rejected (or the StatusError's code) and the
	// connection is closed.
	KindConnect RequestKind = iota + 1
	// KindPublish: a client wants to publish Name. Accept by calling
	// SetSink (without one the media is discarded); Reject sends the error
	// onStatus (default NetStream.Publish.BadName) before any
	// NetStream.Publish.Start.
	KindPublish
	// KindPlay: a client wants to play Name. Accept by attaching a media
	// source with SetSource or TagWriter; Reject sends the error onStatus
	// (default NetStream.Play.StreamNotFound).
	KindPlay
	// KindCall: a client invoked Method (a command the library does not
	// handle itself). Result sends _result, Reject sends _error; with
	// neither the library answers _error NetConnection.Call.Failed. No reply
	// is sent when the client used transaction id 0.
	KindCall
)

// String returns "connect", "publish", "play" or "call".
func (k RequestKind) String() string {
	switch k {
	case KindConnect:
		return "connect"
	case KindPublish:
		return "publish"
	case KindPlay:
		return "play"
	case KindCall:
		return "call"
	}
	return "kind(?)"
}

// A Request is one decision the library asks a Handler for.
type Request struct {
	Kind RequestKind

	// Conn is the connection the request arrived on; it carries the connect
	// command's details (app, tcUrl, flashVer, the command object).
	Conn *ServerConn

	// App is the application name from connect, without its query string.
	App string
	// Name is the stream name of a publish or play, without its query string.
	Name string
	// Query holds the parameters of the stream name's query string
	// ("cam1?key=abc") merged with those of the app's ("live?token=x").
	Query url.Values

	// StreamID is the message stream id of a publish or play: the id the
	// client's createStream returned.
	StreamID uint32

	// PublishType is "live" (also when the client sent none), "record" or
	// "append" (or whatever else the client sent).
	PublishType string

	// Start, Duration and Reset are the play arguments as sent. Clients send
	// milliseconds (FFmpeg -2000/-1000/0, librtmp -1000) or seconds (the
	// spec, GStreamer -2); any negative Start means live (see Live).
	Start    float64
	Duration float64
	Reset    bool
	// Live reports a negative Start: play a live stream.
	Live bool

	// Method, Args and Object describe a Call: the command name, the values
	// after the command object, and the command object (usually nil).
	Method string
	Args   []any
	Object any

	ctx context.Context
}

// Context returns a context canceled when the connection closes.
func (r *Request) Context() context.Context {
	if r.ctx == nil {
		return context.Background()
	}
	return r.ctx
}

// A ResponseWriter carries a Handler's decision back to the library. Which
// methods apply depends on Request.Kind; the others return an error or do
// nothing.
type ResponseWriter interface {
	// Reject refuses the request. A *StatusError chooses the code, level
	// and description the client sees; any other error becomes the
	// description of the default code for the kind (see RequestKind).
	Reject(err error)

	// Result sets the values of the _result reply to a Call (default: a
	// single null).
	Result(values ...any)

	// SetSink accepts a publish and routes its media into s.
	SetSink(s Sink)

	// SetSource accepts a play and lets the connection's writer goroutine
	// drain src directly: the fast path for a fan-out hub.
	SetSource(src Source)

	// TagWriter accepts a play and returns a writer with a blocking
	// WriteTag, for handlers that produce media themselves. queue bounds
	// the tags waiting to be written (0 selects 64).
	TagWriter(queue int) *TagWriter

	// Hijack takes the connection over: the library stops processing it
	// once ServeRTMP returns and hands back a raw message connection. Replies
	// already queued are written first. The connection's active publishes
	// and plays end (their Sinks and Sources are closed, nothing is sent to
	// the client), its Context is canceled, and Server.Close and Shutdown
	// leave it alone: closing the RawConn is up to the caller. Hijack fails
	// with ErrClosed when the connection has already been closed.
	Hijack() (*RawConn, error)
}

// A Sink receives the media of an accepted publish. The library calls it on
// the connection's read loop, in order, without a goroutine hand-off.
type Sink interface {
	// WriteTag receives one audio, video or script tag. Timestamp is the
	// absolute timestamp of the RTMP message; StreamID its message stream
	// id. Tag.Data is the sink's own copy of the payload, exactly its
	// length: the library never reuses it, so the sink may keep it (and
	// share it, immutably) as long as it likes. Metadata arrives with its "@setDataFrame" prefix
	// stripped. Returning an error ends the publish (the client gets
	// onStatus NetStream.Failed).
	WriteTag(tag flv.Tag) error
	// Close is called once when the publish ends: FCUnpublish, closeStream,
	// deleteStream, a new publish on the same stream, or the connection
	// closing.
	Close() error
}

// TagFunc adapts a function to a Sink whose Close does nothing.
type TagFunc func(tag flv.Tag) error

// WriteTag calls f(tag).
func (f TagFunc) WriteTag(tag flv.Tag) error { return f(tag) }

// Close does nothing.
func (f TagFunc) Close() error { return nil }
