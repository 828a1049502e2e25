package rtmpt

import (
	"sync"
	"time"
)

// deadline is a settable point in time that closes a channel when it
// passes, for the Read and Write deadlines of a tunnelled net.Conn.
type deadline struct {
	mu    sync.Mutex
	timer *time.Timer
	c     chan struct{} // closed once the deadline has passed
	at    time.Time     // the deadline; zero when none
}

func newDeadline() deadline { return deadline{c: make(chan struct{})} }

// set arms the deadline at t; the zero time disarms it. A time in the past
// expires it at once.
func (d *deadline) set(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil && !d.timer.Stop() {
		<-d.c // the timer fired: wait for its close before replacing
	}
	d.timer = nil
	d.at = t
	closed := isClosed(d.c)
	if t.IsZero() {
		if closed {
			d.c = make(chan struct{})
		}
		return
	}
	if dur := time.Until(t); dur > 0 {
		if closed {
			d.c = make(chan struct{})
		}
		c := d.c
		d.timer = time.AfterFunc(dur, func() { close(c) })
		return
	}
	if !closed {
		close(d.c)
	}
}

// passed reports whether the deadline is set and has passed, even if its
// timer has not fired yet.
func (d *deadline) passed() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return !d.at.IsZero() && !time.Now().Before(d.at)
}

// wait returns a channel closed when the deadline passes.
func (d *deadline) wait() <-chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.c
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
