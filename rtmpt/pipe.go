package rtmpt

import (
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// pipe is the byte-moving core shared by both ends of a tunnel: in holds
// bytes that arrived over HTTP and wait for Read; out holds bytes from Write
// that wait for the next HTTP exchange. Each side is bounded by limit, so a
// slow consumer blocks the producer instead of growing memory.
type pipe struct {
	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change
	in      []byte        // in[inOff:] is unread
	inOff   int
	out     []byte
	spare   []byte // the out buffer lent to the exchange in flight
	limit   int

	closed     bool  // Close was called on this end
	peerClosed bool  // the other end is gone: Read drains then EOF, Write fails
	peerErr    error // what Write returns once peerClosed
	readErr    error // what Read returns once peerClosed and drained (nil: io.EOF)

	rd, wd deadline
}

func newPipe(limit int) *pipe {
	return &pipe{changed: make(chan struct{}), limit: limit, rd: newDeadline(), wd: newDeadline(), peerErr: ErrSessionClosed}
}

// unread returns the number of bytes waiting for Read; p.mu must be held.
func (p *pipe) unread() int { return len(p.in) - p.inOff }

// broadcast wakes every waiter; p.mu must be held.
func (p *pipe) broadcast() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// Read returns bytes that arrived from the peer, blocking until there are
// some, the peer closes (io.EOF), this end closes or the read deadline passes.
func (p *pipe) Read(b []byte) (int, error) {
	if expired(&p.rd) {
		return 0, os.ErrDeadlineExceeded
	}
	p.mu.Lock()
	for {
		switch {
		case p.closed:
			p.mu.Unlock()
			return 0, net.ErrClosed
		case p.unread() > 0:
			n := copy(b, p.in[p.inOff:])
			p.inOff += n
			if p.inOff == len(p.in) {
				p.in, p.inOff = p.in[:0], 0
				if cap(p.in) > 2*p.limit {
					p.in = nil // a large burst: do not keep its array
				}
			}
			p.broadcast()
			p.mu.Unlock()
			return n, nil
		case len(b) == 0:
			p.mu.Unlock()
			return 0, nil
		case p.peerClosed:
			err := p.readErr
			p.mu.Unlock()
			if err == nil {
				err = io.EOF
			}
			return 0, err
		}
		ch := p.changed
		p.mu.Unlock()
		select {
		case <-ch:
		case <-p.rd.wait():
			return 0, os.ErrDeadlineExceeded
		}
		p.mu.Lock()
	}
}

// Write queues b for the peer, blocking while limit bytes are already
// queued. It returns early with the count written when the connection
// closes or the write deadline passes.
func (p *pipe) Write(b []byte) (int, error) {
	if expired(&p.wd) {
		return 0, os.ErrDeadlineExceeded
	}
	n := 0
	p.mu.Lock()
	for {
		switch {
		case p.closed:
			p.mu.Unlock()
			return n, net.ErrClosed
		case p.peerClosed:
			p.mu.Unlock()
			return n, p.peerErr
		}
		if room := p.limit - len(p.out); room > 0 && n < len(b) {
			k := min(room, len(b)-n)
			p.out = append(p.out, b[n:n+k]...)
			n += k
			p.broadcast()
		}
		if n == len(b) {
			p.mu.Unlock()
			return n, nil
		}
		ch := p.changed
		p.mu.Unlock()
		select {
		case <-ch:
		case <-p.wd.wait():
			return n, os.ErrDeadlineExceeded
		}
		p.mu.Lock()
	}
}

// push appends bytes from the peer for Read, waiting while the unread bytes
// reach limit (one push may overshoot it by its own length). It fails with
// net.ErrClosed once this end is closed and with errAbandoned when done is
// closed first.
func (p *pipe) push(b []byte, done <-chan struct{}) error {
	p.mu.Lock()
	for {
		if p.closed {
			p.mu.Unlock()
			return net.ErrClosed
		}
		if p.unread() < p.limit || len(b) == 0 {
			if p.inOff > 0 && p.inOff >= len(p.in)/2 {
				k := copy(p.in, p.in[p.inOff:])
				p.in, p.inOff = p.in[:k], 0
			}
			p.in = append(p.in, b...)
			p.broadcast()
			p.mu.Unlock()
			return nil
		}
		ch := p.changed
		p.mu.Unlock()
		select {
		case <-ch:
		case <-done:
			return errAbandoned
		}
		p.mu.Lock()
	}
}

// take hands the queued outgoing bytes to one exchange; p.mu must be held.
// The caller gives the slice back with giveBack once it has been written.
func (p *pipe) take() []byte {
	b := p.out
	p.out = p.spare[:0]
	p.spare = nil
	if len(b) > 0 {
		p.broadcast()
	}
	return b
}

// giveBack returns a slice from take for reuse.
func (p *pipe) giveBack(b []byte) {
	p.mu.Lock()
	if p.spare == nil && cap(b) <= 2*p.limit {
		p.spare = b[:0]
	}
	p.mu.Unlock()
}

// setPeerClosed records that the peer is gone; err is what Write returns.
func (p *pipe) setPeerClosed(err error) { p.fail(err, nil) }

// fail records that the peer is gone: Write returns werr, and Read returns
// rerr (nil: io.EOF) once the bytes already received are read.
func (p *pipe) fail(werr, rerr error) {
	p.mu.Lock()
	if !p.peerClosed {
		p.peerClosed = true
		p.peerErr = werr
		p.readErr = rerr
		p.broadcast()
	}
	p.mu.Unlock()
}

// SetDeadline sets the read and write deadlines.
func (p *pipe) SetDeadline(t time.Time) error {
	p.rd.set(t)
	p.wd.set(t)
	return nil
}

// SetReadDeadline sets the deadline for Read.
func (p *pipe) SetReadDeadline(t time.Time) error { p.rd.set(t); return nil }

// SetWriteDeadline sets the deadline for Write.
func (p *pipe) SetWriteDeadline(t time.Time) error { p.wd.set(t); return nil }

// expired reports whether d has already passed.
func expired(d *deadline) bool { return d.passed() }
