package rtmp

import (
	"bufio"
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Parked readers. A player sends the server next to nothing after play
// (an acknowledgement every few seconds, ping responses), yet a read
// goroutine waiting for that costs a stack of a few KiB for the whole
// session. In flush mode on Linux, once a play has started and the read
// loop has nothing buffered and no message half read, the read loop ends
// and its socket joins its flush shard's epoll set (one readable or
// hang-up event, EPOLLONESHOT). One goroutine per shard waits on the set
// and starts a new read goroutine for each connection with input, which
// parks again once it has read everything. So an idle player costs no
// goroutine. The shard applies IdleTimeout to parked connections on its
// ticks, and a connection closed while parked (Close, eviction, a write
// error, shutdown) gets a goroutine that ends it as the read loop would
// have.
//
// Exactly one party runs the read side at a time: the read goroutine
// while park.state is readActive; whoever moves it from readParked back to
// readActive (the shard on an event or an idle timeout, closeWith) starts
// the next goroutine.
const (
	readActive = iota // a goroutine runs the read loop
	readParked        // nobody reads; the shard's epoll set watches
)

// parkInfo is a connection's parking state.
type parkInfo struct {
	state atomic.Int32
	since atomic.Int64 // UnixNano when parked, for IdleTimeout
	slot  int32        // epoll slot, under the shard's mu; -1: none
	able  bool         // a play started (read loop only)
	lent  bool         // the read buffer is in readerPool (read loop only)
}

// readerPool holds the read buffers of parked connections.
var readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, readBufferSize) }}

// takeReadBuffer gives a read loop that resumes after parking its buffer.
func (c *ServerConn) takeReadBuffer() {
	if !c.park.lent {
		return
	}
	c.park.lent = false
	br := readerPool.Get().(*bufio.Reader)
	br.Reset(c.idle)
	c.cr.SetReader(br)
}

// errPark is how the read loop asks to be parked.
var errPark = errors.New("rtmp: park the read loop")

// errIdle ends a parked connection silent for IdleTimeout, as a read
// deadline would have.
var errIdle = &ProtocolError{Op: "read", Err: os.ErrDeadlineExceeded}

// wantPark reports, at the end of a read loop iteration, whether the read
// loop should park.
func (c *ServerConn) wantPark() bool {
	if !c.park.able || c.w.shard == nil || !c.cr.Idle() || c.hijack != nil || c.isClosed.Load() {
		return false
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return len(c.publishing) == 0
}

// parkReader hands the read side to the shard. It reports false when the
// caller still owns the read side (parking failed: read on).
func (c *ServerConn) parkReader() bool {
	sh := c.w.shard
	// The read buffer (empty: wantPark checked) waits in a pool; the read
	// loop takes one again when it resumes.
	br := c.cr.SetReader(nil)
	br.Reset(nil)
	readerPool.Put(br)
	c.park.lent = true
	c.park.since.Store(time.Now().UnixNano())
	c.park.state.Store(readParked)
	sh.mu.Lock()
	err := sh.pl.arm(sh, c)
	sh.mu.Unlock()
	if err != nil {
		if c.park.state.CompareAndSwap(readParked, readActive) {
			c.park.able = false // do not try again
			return false
		}
		return true // closeWith took it over meanwhile
	}
	// A close between the state change and the arming may have found the
	// reader still active and the socket then left the epoll set: end the
	// connection here. (closeWith sets isClosed before it looks at the
	// state; this looks at isClosed after setting the state.)
	if c.isClosed.Load() {
		c.resumeReader(net.ErrClosed)
	}
	return true
}

// resumeReader takes a parked read side back and starts its goroutine: the
// read loop (err nil), or the end of the connection with err. It reports
// false if the read side was not parked.
func (c *ServerConn) resumeReader(err error) bool {
	if !c.park.state.CompareAndSwap(readParked, readActive) {
		return false
	}
	if err != nil {
		go c.serveStep(func() error { return err })
	} else {
		go c.serveStep(c.readLoop)
	}
	return true
}

// checkParked ends c if it has been parked, silent, for IdleTimeout.
func (c *ServerConn) checkParked(now time.Time) {
	it := c.srv.IdleTimeout
	if it <= 0 || c.park.state.Load() != readParked {
		return
	}
	if now.UnixNano()-c.park.since.Load() > int64(it) {
		c.resumeReader(errIdle)
	}
}
