package rtmp

import (
	"net"
	"time"
)

// deadlineReader reads the connection for the read loop and keeps its idle
// deadline: once started, every successful Read moves the read deadline
// IdleTimeout ahead, so the timeout measures silence, not the time a large
// message takes to arrive. Before start (handshake, waiting for connect) it
// leaves the deadline alone. It is used by the read loop's goroutine only.
type deadlineReader struct {
	nc   net.Conn
	raw  *rawReader    // nc's socket read raw (rawread_linux.go), or nil: nc.Read
	idle time.Duration // zero: not started or no idle limit
}

// newDeadlineReader returns the deadlineReader of nc.
func newDeadlineReader(nc net.Conn) *deadlineReader {
	return &deadlineReader{nc: nc, raw: newRawReader(nc)}
}

// Read reads from the connection and pushes the idle deadline on progress.
func (r *deadlineReader) Read(p []byte) (n int, err error) {
	if r.raw != nil {
		n, err = r.raw.Read(p)
	} else {
		n, err = r.nc.Read(p)
	}
	if n > 0 {
		r.push()
	}
	return n, err
}

// start ends the connect deadline: the idle timeout d applies from now on
// (zero: no deadline at all).
func (r *deadlineReader) start(d time.Duration) {
	r.idle = d
	if d <= 0 {
		r.nc.SetReadDeadline(time.Time{})
		return
	}
	r.push()
}

// push moves the read deadline IdleTimeout ahead, once started.
func (r *deadlineReader) push() {
	if r != nil && r.idle > 0 {
		r.nc.SetReadDeadline(time.Now().Add(r.idle))
	}
}
