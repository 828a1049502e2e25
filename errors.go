package rtmp

import (
	"errors"
	"fmt"
	"net"
)

// Sentinel errors of the server side. Test with errors.Is.
var (
	// ErrServerClosed is returned by Server.Serve, ListenAndServe and
	// ListenAndServeTLS after Shutdown or Close.
	ErrServerClosed = errors.New("rtmp: server closed")

	// ErrClosed is returned by operations on a connection that has been
	// closed. It wraps net.ErrClosed, so errors.Is(err, net.ErrClosed) holds.
	ErrClosed = fmt.Errorf("rtmp: connection closed: %w", net.ErrClosed)

	// ErrHijacked is returned by ResponseWriter methods after Hijack, and by
	// Hijack itself when called twice or outside a handler.
	ErrHijacked = errors.New("rtmp: connection has been hijacked")

	// ErrTooManyStreams is the cause reported when a peer asks for more
	// NetStreams than Server.MaxStreamsPerConn allows.
	ErrTooManyStreams = errors.New("rtmp: too many streams on one connection")

	// ErrEvicted is the cause logged when a Source reports that its player
	// fell too far behind (ItemEvicted) and the connection is closed.
	ErrEvicted = errors.New("rtmp: player evicted as a slow consumer")

	// ErrPeerNotReading is the cause logged when a connection's queue of
	// replies reaches Server.MaxQueuedBytes or Server.MaxQueuedMessages (the
	// client sends but does not read) and the connection is closed.
	ErrPeerNotReading = errors.New("rtmp: peer not reading its replies")
)

// StatusError is an onStatus or _error reply carrying an error level: a
// rejected connect, publish or play, or a failed remote call. Handlers pass
// one to ResponseWriter.Reject to choose the code the client sees; ServerConn.Call
// returns one when the client answers with _error.
type StatusError struct {
	Level       string // "error" or "warning"; empty means "error"
	Code        string // for example "NetStream.Publish.BadName"
	Description string // free text for humans
}

// Error implements error.
func (e *StatusError) Error() string {
	if e.Description == "" {
		return "rtmp: " + e.Code
	}
	return "rtmp: " + e.Code + ": " + e.Description
}

// ProtocolError reports a peer that broke the RTMP protocol: a malformed
// command, an undecodable message or a chunk stream violation. Op names what
// was being done; Err is the cause (often a *chunk.ProtocolError or an amf0
// error) and is returned by Unwrap.
type ProtocolError struct {
	Op  string
	Err error
}

// Error implements error.
func (e *ProtocolError) Error() string { return "rtmp: " + e.Op + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *ProtocolError) Unwrap() error { return e.Err }
