package loadgen

import (
	"context"
	"io"
	"net"
	"sync/atomic"
	"time"
)

// connReader is a player's connection as its client sees it: reads go
// through it on their way to the client's read buffer. It counts the bytes
// and records when each read returned, which is when every message
// completed by that read's bytes arrived: a player takes that as the
// arrival time of the messages its tag handler receives instead of asking
// the clock once per message.
//
// With an interval, once turned on (after the player's first video frame)
// it also reads at most once per interval, unless the previous read filled
// the buffer (more data is likely waiting in the socket). A player
// otherwise reads once per server write; see PlayConfig.ReadInterval.
type connReader struct {
	net.Conn               // the socket (dial); Write, Close and deadlines go straight to it
	r        io.Reader     // what Read reads: the socket, or a test's source
	count    *atomic.Int64 // bytes read, if not nil
	reads    *atomic.Int64 // read calls, if not nil
	at       time.Time     // when the last read returned
	interval time.Duration
	paced    bool // pacing is on
	more     bool // the last read filled its buffer
}

// dial connects to addr and reads through c; it is the client's
// ClientConfig.DialContext.
func (c *connReader) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	c.Conn, c.r = nc, nc
	return c, nil
}

func (c *connReader) Read(b []byte) (int, error) {
	if c.paced && !c.more {
		if d := c.interval - time.Since(c.at); d > 0 {
			time.Sleep(d)
		}
	}
	n, err := c.r.Read(b)
	c.at = time.Now()
	c.more = n == len(b)
	if c.count != nil {
		c.count.Add(int64(n))
	}
	if c.reads != nil {
		c.reads.Add(1)
	}
	return n, err
}

// arrival returns when the message just read arrived: when the read that
// completed it returned.
func (c *connReader) arrival() time.Time {
	if c.at.IsZero() {
		return time.Now()
	}
	return c.at
}

// startPacing turns pacing on if the reader has an interval.
func (c *connReader) startPacing() { c.paced = c.interval > 0 }
