package loadgen

import (
	"io"
	"time"
)

// connReader sits between a player's socket and its bufio.Reader. It
// records when each read returned, which is when every message completed
// by that read's bytes arrived: a player takes that as the arrival time of
// the messages it parses from the buffer instead of asking the clock once
// per message.
//
// With an interval, once turned on (after the player's first video frame)
// it also reads at most once per interval, unless the previous read filled
// the buffer (more data is likely waiting in the socket). A player
// otherwise reads once per server write; see PlayConfig.ReadInterval.
type connReader struct {
	r        io.Reader
	at       time.Time // when the last read returned
	interval time.Duration
	paced    bool // pacing is on
	more     bool // the last read filled its buffer
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
	return n, err
}

// startPacing turns pacing on if the reader has an interval.
func (c *connReader) startPacing() { c.paced = c.interval > 0 }
