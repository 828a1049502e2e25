package rtmp

import (
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rtmpkit/rtmp/chunk"
)

// connWriter is a connection's write-side state. Whoever writes (the
// connection's writer goroutine, or in flush mode the flush shard and the
// short-lived goroutines it hands work to) owns it exclusively.
type connWriter struct {
	cw *chunk.Writer // chunk header state; its arena backs the header slices
	dl writeDeadline
	nb net.Buffers // kept: a local one escapes to the heap on every writev

	// Flush mode (conn_flush.go): set before the writer starts, then
	// read-only.
	rc    syscall.RawConn // the socket, for nonblocking writes
	shard *flushShard
	// Flush mode, owner only.
	pend     [][]byte  // the unsent rest of a nonblocking write
	nextPing time.Time // when the next idle PingRequest is due
	start    time.Time // the PingRequest timestamps' origin
	// Flush mode, concurrent.
	state    atomic.Int32  // wIdle, wOwned, wKicked or wDead
	released chan struct{} // signalled when an owner gives the writer up and waiters > 0
	waiters  atomic.Int32  // acquireWriter calls waiting
	slot     int           // index in shard.conns, under shard.mu
}

// writeScratch holds the slices a batch is built in. They are reused
// between batches (and, in flush mode, between connections).
type writeScratch struct {
	bufs    [][]byte
	msgs    []outMsg
	players []*player
	items   []Item
	iov     iovScratch // flush mode's blocking writes
	arena   []byte     // flush mode: the header block lent to a connection's chunk writer for a batch
}

var scratchPool = sync.Pool{New: func() any { return new(writeScratch) }}

// release drops the chunk slices of a batch that went out (and their array,
// if a burst grew it).
func (s *writeScratch) release() {
	clear(s.bufs)
	s.bufs = shrinkSlice(s.bufs[:0])
}

// releasePlayers drops the player list of the last batch.
func (s *writeScratch) releasePlayers() {
	clear(s.players)
	s.players = s.players[:0]
}

// lendArena gives the connection's chunk writer the scratch's header block
// for one batch (flush mode): connections keep no header memory of their
// own (it was 1 KiB each); the shard's scratch or a pooled one does.
func (c *ServerConn) lendArena(s *writeScratch) { c.w.cw.SwapArena(s.arena[:0]) }

// takeArena takes the header block back once the batch's headers were
// written or copied (keepPending).
func (c *ServerConn) takeArena(s *writeScratch) { s.arena = c.w.cw.SwapArena(nil) }

// keepPending keeps the unsent rest of a nonblocking write for a writer
// goroutine. The slices that may be headers in a lent block (all of at most
// chunk.MaxHeaderLen bytes) are copied to memory of the connection's own;
// payload slices are shared and stay as they are.
func (c *ServerConn) keepPending(rest [][]byte) {
	n := 0
	for _, b := range rest {
		if len(b) <= chunk.MaxHeaderLen {
			n += len(b)
		}
	}
	own := make([]byte, 0, n)
	c.w.pend = c.w.pend[:0]
	for _, b := range rest {
		if len(b) <= chunk.MaxHeaderLen {
			k := len(own)
			own = append(own, b...)
			b = own[k:len(own):len(own)]
		}
		c.w.pend = append(c.w.pend, b)
	}
}

// batch is what buildBatch gathered besides the slices.
type batch struct {
	evicted *player // a player's Source evicted it: close the connection
	closing bool    // flush what is queued, then close
	media   int     // slices of player media in the batch
}

// buildBatch takes the queued control and command messages and everything
// the players' Sources have, and appends their chunks to s.bufs. The caller
// owns the writer.
func (c *ServerConn) buildBatch(s *writeScratch) batch {
	var b batch
	c.wmu.Lock()
	s.msgs = c.takeQueueLocked(s.msgs[:0])
	s.players = append(s.players[:0], c.players...)
	b.closing = c.closing
	c.wmu.Unlock()
	if len(s.msgs) > 0 {
		notify(c.drained)
	}
	cw := c.w.cw
	var err error
	for i := range s.msgs {
		if s.bufs, err = cw.AppendMessage(s.bufs, &s.msgs[i].m); err != nil {
			c.logger().Error("rtmp: write", "err", err)
		}
		if n := s.msgs[i].chunkSize; n > 0 {
			cw.SetChunkSize(n)
			c.outChunkSize.Store(n)
		}
	}
	// The chunks reference the payloads; the messages are not needed.
	clear(s.msgs)
	s.msgs = shrinkSlice(s.msgs[:0])
	start := len(s.bufs)
	for _, p := range s.players {
		if p.finished.Load() {
			continue
		}
		s.items = p.src.Drain(s.items[:0])
		for i := range s.items {
			var stop bool
			s.bufs, stop = c.appendItem(cw, s.bufs, p, &s.items[i])
			if s.items[i].Kind == ItemEvicted {
				b.evicted = p
			}
			if stop {
				p.finished.Store(true)
				break
			}
		}
		clear(s.items)
		s.items = shrinkSlice(s.items[:0])
	}
	b.media = len(s.bufs) - start
	return b
}

// queueEmpty reports whether no control or command message waits.
func (c *ServerConn) queueEmpty() bool {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return len(c.wq) == 0
}

// wakeWriter tells the writer that something must go out at once: queued
// messages, a player added or removed, a close.
func (c *ServerConn) wakeWriter() {
	if c.w.shard != nil {
		c.kick()
		return
	}
	notify(c.wake)
}
