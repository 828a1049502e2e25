package rtmp

// onStatus / _error codes the server library sends (PROTOCOL.md §6.6). Handlers
// use the rejection codes with ResponseWriter.Reject.
const (
	CodeConnectSuccess    = "NetConnection.Connect.Success"
	CodeConnectRejected   = "NetConnection.Connect.Rejected"
	CodeConnectInvalidApp = "NetConnection.Connect.InvalidApp"
	CodeConnectFailed     = "NetConnection.Connect.Failed"
	CodeConnectClosed     = "NetConnection.Connect.Closed"
	CodeCallFailed        = "NetConnection.Call.Failed"

	CodePublishStart        = "NetStream.Publish.Start"
	CodePublishBadName      = "NetStream.Publish.BadName"
	CodePublishDenied       = "NetStream.Publish.Denied"
	CodeUnpublishSuccess    = "NetStream.Unpublish.Success"
	CodePlayStart           = "NetStream.Play.Start"
	CodePlayReset           = "NetStream.Play.Reset"
	CodePlayStop            = "NetStream.Play.Stop"
	CodePlayFailed          = "NetStream.Play.Failed"
	CodePlayStreamNotFound  = "NetStream.Play.StreamNotFound"
	CodePlayPublishNotify   = "NetStream.Play.PublishNotify"
	CodePlayUnpublishNotify = "NetStream.Play.UnpublishNotify"
	CodePlayTransition      = "NetStream.Play.Transition"
	CodePauseNotify         = "NetStream.Pause.Notify"
	CodeUnpauseNotify       = "NetStream.Unpause.Notify"
	CodeSeekNotify          = "NetStream.Seek.Notify"
	CodeStreamFailed        = "NetStream.Failed"
	CodeDataStart           = "NetStream.Data.Start"
)

// Levels of an onStatus info object.
const (
	LevelStatus  = "status"
	LevelWarning = "warning"
	LevelError   = "error"
)
