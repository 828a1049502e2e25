package rtmpt

import (
	"errors"
	"fmt"
	"net"
)

// Errors a tunnelled connection returns. Both wrap net.ErrClosed, so
// errors.Is(err, net.ErrClosed) holds and an rtmp server treats them as an
// ordinary end of connection.
var (
	// ErrSessionClosed is returned by Write once the other end has closed
	// the session (a /close request, a 404 from the server, or Close on the
	// handler).
	ErrSessionClosed = fmt.Errorf("rtmpt: session closed: %w", net.ErrClosed)
	// ErrSessionTimeout is returned by Write once the server dropped a
	// session whose client sent no request for Handler.IdleTimeout.
	ErrSessionTimeout = fmt.Errorf("rtmpt: session idle timeout: %w", net.ErrClosed)
)

// errAbandoned reports that the HTTP request pushing bytes went away before
// the connection had room for them.
var errAbandoned = errors.New("rtmpt: request abandoned")

// StatusError is returned by Dial and by a client connection's Read or Write
// when the server answers a tunnel request with a status other than 200.
type StatusError struct {
	Command string // open, send, idle or close
	Code    int    // HTTP status code
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("rtmpt: %s request: HTTP status %d", e.Command, e.Code)
}
