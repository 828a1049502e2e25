package rtmpt

import (
	"net"
	"sync"
)

// Listener adapts a Handler to net.Listener, for servers that take a
// listener (rtmp.Server.Serve): mount l.Handler on an HTTP server and pass l
// to Serve; each tunnel session is returned by Accept.
type Listener struct {
	// Handler is the http.Handler that opens the sessions Accept returns.
	// Configure its limits before serving.
	Handler *Handler

	addr  net.Addr
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

// NewListener returns a Listener whose Addr reports addr (typically the
// HTTP server's listening address); nil reports Addr{"rtmpt", "rtmpt"}.
func NewListener(addr net.Addr) *Listener {
	if addr == nil {
		addr = Addr{Net: "rtmpt", Host: "rtmpt"}
	}
	l := &Listener{addr: addr, conns: make(chan net.Conn), done: make(chan struct{})}
	l.Handler = NewHandler(l.hand)
	return l
}

// hand waits for Accept to take c, or closes c if the listener closes first.
func (l *Listener) hand(c net.Conn) {
	select {
	case l.conns <- c:
	case <-l.done:
		c.Close()
	}
}

// Accept returns the next tunnel session. After Close it returns an error
// satisfying errors.Is(err, net.ErrClosed).
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, &net.OpError{Op: "accept", Net: l.addr.Network(), Addr: l.addr, Err: net.ErrClosed}
	}
}

// Close stops accepting: the Handler refuses new sessions (503) and
// sessions not yet accepted are closed. Accepted connections are left to
// their owner, as with a TCP listener.
func (l *Listener) Close() error {
	l.once.Do(func() {
		l.Handler.stopOpening()
		close(l.done)
	})
	return nil
}

// Addr returns the address given to NewListener.
func (l *Listener) Addr() net.Addr { return l.addr }
