package rtmpt

import (
	"errors"
	"net/http"
	"time"
)

// action is what the pump does next.
type action uint8

const (
	actStop action = iota // this end or the peer closed
	actSend               // deliver queued bytes with /send
	actIdle               // poll with /idle
)

// pump runs every request of a client session in order, so sequence
// numbers and bytes stay ordered: it sends queued bytes once they have
// waited FlushInterval (or reach FlushSize) and polls with /idle when the
// server's polling byte says so and Read has room.
func (c *conn) pump() {
	defer close(c.pumpDone)
	p := c.pipe
	flushEvery := c.cfg.flushInterval()
	flushSize := orDefault(c.cfg.FlushSize, DefaultFlushSize)
	unit := orDefault(c.cfg.PollUnit, DefaultPollUnit)
	var (
		nextPoll time.Time // zero: poll at once
		queued   time.Time // when the pump first saw unsent bytes
		timer    = time.NewTimer(time.Hour)
	)
	defer timer.Stop()
	for {
		act, data := c.next(&queued, nextPoll, flushEvery, flushSize, timer)
		var (
			b     byte
			reply []byte
			err   error
		)
		switch act {
		case actStop:
			c.finish()
			return
		case actSend:
			b, reply, err = c.post("send", data)
			p.giveBack(data)
		case actIdle:
			b, reply, err = c.post("idle", []byte{0})
		}
		if err != nil {
			c.lost(err)
			return
		}
		if len(reply) > 0 {
			if p.push(reply, c.ctx.Done()) != nil {
				continue // closed meanwhile: the next round stops
			}
			nextPoll = time.Time{} // more is likely waiting
		} else {
			nextPoll = time.Now().Add(time.Duration(b) * unit)
		}
	}
}

// next waits until there is something to do and returns it, with the bytes
// to send for actSend.
func (c *conn) next(queued *time.Time, nextPoll time.Time, flushEvery time.Duration, flushSize int, timer *time.Timer) (action, []byte) {
	p := c.pipe
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.closed || p.peerClosed {
			return actStop, nil
		}
		now := time.Now()
		var wake time.Time
		if len(p.out) > 0 {
			if queued.IsZero() {
				*queued = now
			}
			due := queued.Add(flushEvery)
			if len(p.out) >= flushSize || !now.Before(due) {
				*queued = time.Time{}
				return actSend, p.take()
			}
			wake = due
		}
		if p.unread() < p.limit {
			if !now.Before(nextPoll) {
				return actIdle, nil
			}
			if wake.IsZero() || nextPoll.Before(wake) {
				wake = nextPoll
			}
		}
		ch := p.changed
		p.mu.Unlock()
		var tc <-chan time.Time
		if !wake.IsZero() {
			timer.Reset(time.Until(wake))
			tc = timer.C
		}
		select {
		case <-ch:
		case <-tc:
		case <-c.ctx.Done():
		}
		if !wake.IsZero() && !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		p.mu.Lock()
		if c.ctx.Err() != nil {
			return actStop, nil
		}
	}
}

// finish ends the session from the client side after Close: deliver what
// Write queued, then /close. Errors only cut this short.
func (c *conn) finish() {
	p := c.pipe
	p.mu.Lock()
	gone := p.peerClosed
	data := p.take()
	p.mu.Unlock()
	if gone {
		return
	}
	if len(data) > 0 {
		if _, _, err := c.post("send", data); err != nil {
			return
		}
	}
	c.post("close", []byte{0})
}

// lost records a failed request: a 404 means the server ended the session
// (Read returns io.EOF after the bytes already received); anything else is
// returned by Read and Write as it is.
func (c *conn) lost(err error) {
	var se *StatusError
	if errors.As(err, &se) && se.Code == http.StatusNotFound {
		c.pipe.fail(ErrSessionClosed, nil)
		return
	}
	c.pipe.fail(err, err)
}
