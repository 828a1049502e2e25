package rtmpt

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Polling interval byte (the first byte of every /send and /idle reply).
const (
	// MinPollInterval is the interval byte of a session with traffic.
	MinPollInterval = 0x01
	// MaxPollInterval is where the back-off stops (Red5's ceiling, 33).
	MaxPollInterval = 0x21
	// emptyRepliesPerStep is how many empty replies in a row double the
	// interval (Red5 and FMS back off after about ten).
	emptyRepliesPerStep = 10
)

// session is the server end of one tunnel: the net.Conn handed to the serve
// function. Its Read returns the bodies of /send requests, its Write queues
// bytes for the next replies.
type session struct {
	*pipe
	h             *Handler
	id            string
	local, remote net.Addr

	reqMu sync.Mutex // one exchange at a time keeps bytes in order
	timer *time.Timer
	gone  sync.Once

	// guarded by pipe.mu
	interval byte
	empty    int
}

// LocalAddr returns the address the HTTP request that opened the session
// arrived on.
func (s *session) LocalAddr() net.Addr { return s.local }

// RemoteAddr returns the client address of the HTTP request that opened the
// session.
func (s *session) RemoteAddr() net.Addr { return s.remote }

// Close closes the connection from the server side. Bytes already written
// are still delivered: the reply that carries the last of them has polling
// byte 0 and ends the session; later requests get 404.
func (s *session) Close() error {
	p := s.pipe
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.broadcast()
	p.mu.Unlock()
	return nil
}

// end removes the session from its handler once; err is what a later Write
// returns.
func (s *session) end(err error) {
	s.gone.Do(func() {
		s.timer.Stop()
		s.h.remove(s.id)
		s.pipe.setPeerClosed(err)
	})
}

// expire is the idle timer's end. It does not touch s.timer, which the
// timer's goroutine may not see assigned yet.
func (s *session) expire() {
	s.gone.Do(func() {
		s.h.remove(s.id)
		s.pipe.setPeerClosed(ErrSessionTimeout)
	})
}

// touch restarts the idle timer after a request.
func (s *session) touch() { s.timer.Reset(s.h.idleTimeout()) }

// hold waits up to d, or until done closes, for bytes to send or the end
// of the session.
func (s *session) hold(d time.Duration, done <-chan struct{}) {
	p := s.pipe
	t := time.NewTimer(d)
	defer t.Stop()
	p.mu.Lock()
	for len(p.out) == 0 && !p.closed && !p.peerClosed {
		ch := p.changed
		p.mu.Unlock()
		select {
		case <-ch:
		case <-t.C:
			return
		case <-done:
			return
		}
		p.mu.Lock()
	}
	p.mu.Unlock()
}

// reply writes one /send or /idle answer: the polling byte, then every
// byte queued by Write.
func (s *session) reply(w http.ResponseWriter) {
	p := s.pipe
	p.mu.Lock()
	data := p.take()
	if len(data) > 0 {
		s.interval, s.empty = MinPollInterval, 0
	} else if s.empty++; s.empty >= emptyRepliesPerStep {
		s.interval, s.empty = min(s.interval*2, MaxPollInterval), 0
	}
	b := s.interval
	finished := p.closed && len(p.out) == 0
	p.mu.Unlock()
	if finished {
		b = 0
		s.end(ErrSessionClosed)
	}
	writeFCS(w, http.StatusOK, []byte{b}, data)
	p.giveBack(data)
}

// writeFCS writes an application/x-fcs response of head followed by body.
func writeFCS(w http.ResponseWriter, code int, head, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Content-Length", strconv.Itoa(len(head)+len(body)))
	w.WriteHeader(code)
	w.Write(head)
	if len(body) > 0 {
		w.Write(body)
	}
}
