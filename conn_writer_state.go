package rtmp

import (
	"net"
	"time"
)

// writeDeadline keeps the writer's write deadline without a system call per
// write: the deadline is set to 1.5 × timeout ahead and moved again only once
// less than timeout remains, so every write still gets at least the full
// timeout (and at most 1.5 × it) before it fails.
type writeDeadline struct {
	timeout time.Duration // zero: no deadline
	at      time.Time     // the deadline in force
}

// refresh moves the deadline of nc when less than timeout remains.
func (d *writeDeadline) refresh(nc net.Conn) {
	if d.timeout <= 0 {
		return
	}
	now := time.Now()
	if !d.at.IsZero() && d.at.Sub(now) >= d.timeout {
		return
	}
	d.at = now.Add(d.timeout + d.timeout/2)
	nc.SetWriteDeadline(d.at)
}

// mergeTimer is the writer's merge window: after a batch with media went
// out, the next one waits until the window has passed, so the messages that
// arrive meanwhile go out together in one writev. One timer per connection,
// created on first use and reset afterwards.
type mergeTimer struct {
	window time.Duration // zero: no merging
	t      *time.Timer
	armed  bool
}

// arm starts the window (a no-op without one).
func (m *mergeTimer) arm() {
	if m.window <= 0 {
		return
	}
	if m.t == nil {
		m.t = time.NewTimer(m.window)
	} else {
		m.t.Reset(m.window)
	}
	m.armed = true
}

// pending reports whether a window is running.
func (m *mergeTimer) pending() bool { return m.armed }

// C returns the channel that fires when the window ends; the receiver must
// then call fired.
func (m *mergeTimer) C() <-chan time.Time { return m.t.C }

// fired records that the window has ended.
func (m *mergeTimer) fired() { m.armed = false }

// cancel ends the window early (something must go out at once).
func (m *mergeTimer) cancel() {
	if m.armed {
		m.t.Stop()
		m.armed = false
	}
}

// stop releases the timer.
func (m *mergeTimer) stop() {
	if m.t != nil {
		m.t.Stop()
	}
}

// shrinkAbove is the capacity above which the writer's scratch slices are
// dropped after a batch that used a quarter or less of them (after a
// GOP-cache burst, say), so a connection does not keep its largest batch's
// arrays for good.
const shrinkAbove = 64

// shrinkSlice returns nil when s (holding the batch just used, already
// cleared) has a large capacity it mostly did not need, else s.
func shrinkSlice[T any](s []T) []T {
	if cap(s) > shrinkAbove && len(s) <= cap(s)/4 {
		return nil
	}
	return s
}
