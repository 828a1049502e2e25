package rtmp

import (
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/message"
)

// Flush mode. With a merge window, a plain TCP connection has no writer
// goroutine of its own. A flush shard (one per GOMAXPROCS, each with a few
// thousand connections) wakes once per window and, for every connection
// with something to send, builds the batch and writes it with one
// nonblocking writev: one goroutine wake-up and no timer per window for all
// its connections, instead of one each. A write the socket does not take
// whole, and anything that must go out at once (replies, status, a new
// player's cached GOP, a close), is handed to a short-lived goroutine that
// writes it blocking, under the write timeout, and then gives the
// connection back to its shard. Connections through TLS, RTMPE or RTMPT,
// and every connection of a server without a merge window, keep the
// writer goroutine of conn_write.go.
//
// Exactly one party owns a connection's writer (connWriter) at a time:
// whoever moves w.state from wIdle to wOwned. Asking for an immediate write
// while someone owns it sets wKicked, and the owner then writes once more
// before letting go.
const (
	wIdle   = iota // nobody writes; the shard may take it
	wOwned         // a shard or a writer goroutine is writing
	wKicked        // owned, and something new must go out at once
	wDead          // closed or hijacked: never written again
)

// testMergeWindow, when set (by the package's tests), stands in for a zero
// Server.WriteMergeWindow, so the whole test suite can run in flush mode.
var testMergeWindow time.Duration

// startWriter sets up the write side once the handshake is done: flush
// mode when the Server has a merge window and the connection is a plain
// socket, else a writer goroutine.
func (c *ServerConn) startWriter() {
	c.w.cw = chunk.NewWriter(nil)
	c.w.dl.timeout = durOr(c.srv.WriteTimeout, DefaultWriteTimeout)
	win := c.srv.WriteMergeWindow
	if win == 0 {
		win = testMergeWindow
	}
	if win > 0 && c.rw == io.ReadWriter(c.nc) {
		if rc := rawConnOf(c.nc); rc != nil {
			c.w.rc = rc
			c.w.released = make(chan struct{}, 1)
			c.w.start = time.Now()
			if it := c.srv.IdleTimeout; it > 0 {
				c.w.nextPing = c.w.start.Add(it / 2)
			}
			c.w.shard = c.srv.flushShardFor(win)
			c.writerStarted.Store(true)
			c.w.shard.add(c)
			return
		}
	}
	// The channels only a writer goroutine waits on are made here, not
	// for every connection.
	c.wake = make(chan struct{}, 1)
	c.stopW = make(chan struct{})
	c.writerWG.Add(1)
	c.writerStarted.Store(true)
	go c.writeLoop()
}

// stopWriter ends the write side for good, after the current write. With
// flush (a hijack) it first writes what is queued and what the players'
// Sources hold.
func (c *ServerConn) stopWriter(flush bool) {
	if c.w.shard == nil {
		if flush && c.stopW != nil {
			close(c.stopW)
		}
		c.writerWG.Wait()
		return
	}
	c.w.shard.remove(c)
	c.acquireWriter()
	if flush && !c.isClosed.Load() {
		s := scratchPool.Get().(*writeScratch)
		if err := c.writePend(s); err == nil {
			c.lendArena(s)
			c.buildBatch(s)
			if len(s.bufs) > 0 {
				c.writeBlocking(s, s.bufs)
			}
			s.release()
			c.takeArena(s)
		}
		s.release()
		s.releasePlayers()
		scratchPool.Put(s)
	}
	c.w.state.Store(wDead)
}

// acquireWriter waits until the writer is free and takes it (or finds it
// dead).
func (c *ServerConn) acquireWriter() {
	// Registered before looking at the state: an owner that lets go after
	// this sees the waiter and signals (wakeWaiter).
	c.w.waiters.Add(1)
	defer c.w.waiters.Add(-1)
	for {
		if c.w.state.CompareAndSwap(wIdle, wOwned) || c.w.state.Load() == wDead {
			return
		}
		t := time.NewTimer(10 * time.Millisecond)
		select {
		case <-c.w.released:
		case <-t.C:
		}
		t.Stop()
	}
}

// releaseWriter gives the writer up unconditionally (after an error or a
// close: a kick needs no further write).
func (c *ServerConn) releaseWriter() {
	c.w.state.Store(wIdle)
	c.wakeWaiter()
}

// wakeWaiter signals an acquireWriter waiting for the writer, if any, after
// the owner let it go. Nobody waits almost always, so a flush pays an atomic
// load here instead of a channel send per connection.
func (c *ServerConn) wakeWaiter() {
	if c.w.waiters.Load() > 0 {
		notify(c.w.released)
	}
}

// kick makes the writer write now: a new writer goroutine if nobody owns
// it, else a note for the owner.
func (c *ServerConn) kick() {
	for {
		switch c.w.state.Load() {
		case wIdle:
			if c.w.state.CompareAndSwap(wIdle, wOwned) {
				go c.runWriter()
				return
			}
		case wOwned:
			if c.w.state.CompareAndSwap(wOwned, wKicked) {
				return
			}
		default: // already kicked, or dead
			return
		}
	}
}

// runWriter is a short-lived writer goroutine. It starts owning the writer,
// writes until nothing more must go out at once, and lets go.
func (c *ServerConn) runWriter() {
	defer func() {
		// The writer runs handler code (Source.Drain): a panic there ends
		// this connection, not the process.
		if p := recover(); p != nil {
			c.logger().Error("rtmp: panic in connection writer", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			c.closeWith(fmt.Errorf("rtmp: panic: %v", p))
			c.releaseWriter()
		}
	}()
	s := scratchPool.Get().(*writeScratch)
	for {
		c.w.state.Store(wOwned)
		done := c.writeNow(s)
		s.release()
		s.releasePlayers()
		if done {
			scratchPool.Put(s)
			c.releaseWriter()
			return
		}
		if c.w.state.CompareAndSwap(wOwned, wIdle) {
			scratchPool.Put(s)
			c.wakeWaiter()
			return
		}
	}
}

// writeNow writes, blocking, the rest of an earlier nonblocking write and
// then one batch. done reports that the connection is closed or closing
// (nothing more will be written).
func (c *ServerConn) writeNow(s *writeScratch) (done bool) {
	if c.isClosed.Load() {
		return true
	}
	if err := c.writePend(s); err != nil {
		c.closeWith(err)
		return true
	}
	for {
		c.lendArena(s)
		b := c.buildBatch(s)
		var err error
		if len(s.bufs) > 0 {
			err = c.writeBlocking(s, s.bufs)
			s.release()
		}
		c.takeArena(s)
		if err != nil {
			c.closeWith(err)
			return true
		}
		switch {
		case b.evicted != nil:
			c.evict(b.evicted)
			return true
		case b.closing && c.queueEmpty():
			c.closeWith(nil)
			return true
		case b.closing:
			continue // replies queued meanwhile go out before the close
		}
		return false
	}
}

// writePend writes the rest of a nonblocking write, blocking.
func (c *ServerConn) writePend(s *writeScratch) error {
	if len(c.w.pend) == 0 {
		return nil
	}
	err := c.writeBlocking(s, c.w.pend) // its headers are its own (keepPending)
	clear(c.w.pend)
	c.w.pend = shrinkSlice(c.w.pend[:0])
	return err
}

// writeBlocking writes bufs under the write timeout. The deadline is
// cleared afterwards: the shard's nonblocking writes would fail on an
// expired one.
func (c *ServerConn) writeBlocking(s *writeScratch, bufs [][]byte) error {
	if c.w.dl.timeout > 0 {
		c.nc.SetWriteDeadline(time.Now().Add(c.w.dl.timeout))
		defer c.nc.SetWriteDeadline(time.Time{})
	}
	return writevBlocking(c.w.rc, &s.iov, bufs)
}

// flushShard writes the media of its connections once per window.
type flushShard struct {
	srv    *Server
	window time.Duration

	mu      sync.Mutex
	conns   []*ServerConn
	running bool // the loop goroutine exists

	pl poller // parked readers (conn_park.go), under mu

	// owned by the loop goroutine
	snap []*ServerConn
	s    writeScratch
	iov  iovScratch
}

// log returns the logger of the shard's server.
func (sh *flushShard) log() *slog.Logger { return sh.srv.logger() }

// flushShardFor returns the shard for a new connection, creating one
// shard per GOMAXPROCS on first use.
func (s *Server) flushShardFor(window time.Duration) *flushShard {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	if s.flushShards == nil {
		n := max(runtime.GOMAXPROCS(0), 1)
		s.flushShards = make([]*flushShard, n)
		for i := range s.flushShards {
			s.flushShards[i] = &flushShard{srv: s, window: window}
		}
	}
	sh := s.flushShards[s.flushNext%len(s.flushShards)]
	s.flushNext++
	return sh
}

// add registers c and starts the loop if it is not running.
func (sh *flushShard) add(c *ServerConn) {
	sh.mu.Lock()
	c.w.slot = len(sh.conns)
	sh.conns = append(sh.conns, c)
	if !sh.running {
		sh.running = true
		go sh.loop()
	}
	sh.mu.Unlock()
}

// remove unregisters c (idempotent). The loop may still be flushing c from
// its snapshot; the caller then waits for the writer with acquireWriter.
func (sh *flushShard) remove(c *ServerConn) {
	sh.mu.Lock()
	if i := c.w.slot; i >= 0 && i < len(sh.conns) && sh.conns[i] == c {
		last := len(sh.conns) - 1
		sh.conns[i] = sh.conns[last]
		sh.conns[i].w.slot = i
		sh.conns[last] = nil
		sh.conns = sh.conns[:last]
	}
	c.w.slot = -1
	sh.pl.forget(c)
	sh.mu.Unlock()
}

// loop ticks once per window while the shard has connections.
func (sh *flushShard) loop() {
	t := time.NewTicker(sh.window)
	defer t.Stop()
	for now := range t.C {
		sh.mu.Lock()
		if len(sh.conns) == 0 {
			sh.running = false
			sh.pl.close()
			sh.mu.Unlock()
			return
		}
		sh.snap = append(sh.snap[:0], sh.conns...)
		sh.mu.Unlock()
		for _, c := range sh.snap {
			c.checkParked(now)
			sh.flush(c, now)
		}
		clear(sh.snap)
		sh.s.releasePlayers()
	}
}

// flush writes c's batch if c is idle and has one. It never blocks: what
// the socket does not take goes to a writer goroutine.
func (sh *flushShard) flush(c *ServerConn, now time.Time) {
	if c.isClosed.Load() || !c.w.state.CompareAndSwap(wIdle, wOwned) {
		return
	}
	handoff := false
	defer func() {
		if p := recover(); p != nil {
			c.logger().Error("rtmp: panic in connection writer", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			c.closeWith(fmt.Errorf("rtmp: panic: %v", p))
			sh.s.release()
			c.takeArena(&sh.s)
			c.releaseWriter()
			return
		}
		if handoff || !c.w.state.CompareAndSwap(wOwned, wIdle) {
			go c.runWriter() // inherits the ownership
			return
		}
		c.wakeWaiter()
	}()
	handoff = sh.flushOwned(c, now)
}

// flushOwned is flush for the owner. handoff reports that a writer
// goroutine must take over (a partial write, a close to finish).
func (sh *flushShard) flushOwned(c *ServerConn, now time.Time) (handoff bool) {
	if len(c.w.pend) > 0 {
		return true
	}
	s := &sh.s
	if it := c.srv.IdleTimeout; it > 0 && !now.Before(c.w.nextPing) {
		c.w.nextPing = now.Add(it / 2)
		if cm, err := message.Encode(message.PingRequest{Timestamp: uint32(now.Sub(c.w.start).Milliseconds())}, 0, 0); err == nil {
			c.wmu.Lock()
			c.appendLocked(outMsg{m: *cm})
			c.wmu.Unlock()
		}
	}
	c.wmu.Lock()
	due := len(c.wq) > 0 || c.closing
	s.players = append(s.players[:0], c.players...)
	c.wmu.Unlock()
	for _, p := range s.players {
		if p.finished.Load() {
			continue
		}
		if p.poll != nil {
			due = due || p.poll.Pending()
			continue
		}
		select {
		case <-p.src.Ready():
			due = true
		default:
		}
	}
	if !due {
		return false
	}
	c.lendArena(s)
	b := c.buildBatch(s)
	if len(s.bufs) > 0 {
		n, err := writevNonblock(c.w.rc, &sh.iov, s.bufs)
		if err != nil {
			s.release()
			c.takeArena(s)
			c.closeWith(err)
			return false
		}
		if rest := skipBytes(s.bufs, n); len(rest) > 0 {
			c.keepPending(rest)
			handoff = true
		}
		s.release()
	}
	c.takeArena(s)
	if b.evicted != nil {
		c.evict(b.evicted)
		return false
	}
	return handoff || b.closing
}

// skipBytes returns bufs without its first n bytes. It may shorten the
// first slice it keeps in place.
func skipBytes(bufs [][]byte, n int) [][]byte {
	for len(bufs) > 0 && n >= len(bufs[0]) {
		n -= len(bufs[0])
		bufs = bufs[1:]
	}
	if n > 0 {
		bufs[0] = bufs[0][n:]
	}
	return bufs
}
