package rtmp

import (
	"fmt"
	"net"
	"reflect"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// Chunk stream ids of what the server sends (nginx-rtmp layout).
const (
	csidControl = 2
	csidCommand = 3
	csidStatus  = 5
	csidAudio   = 6
	csidVideo   = 7
)

// player is one playing stream: its Source and the flags the read loop sets.
type player struct {
	sid      uint32
	name     string
	src      Source
	poll     PollableSource // src, if it is one (flush mode polls it)
	paused   atomic.Bool
	noAudio  atomic.Bool
	noVideo  atomic.Bool
	waitKey  atomic.Bool // drop video until the next keyframe
	finished atomic.Bool // a terminal item was seen
	stopped  atomic.Bool // the play ended (endPlay): evictions are stale
	evicted  atomic.Bool // the eviction was logged
}

// evictFunc is the function given to an EvictNotifier Source: it closes the
// connection with ErrEvicted from a new goroutine (so it never blocks its
// caller, who may hold locks), unless p's play has ended.
func (c *ServerConn) evictFunc(p *player) func() {
	return func() {
		if p.stopped.Load() || c.isClosed.Load() {
			return
		}
		go c.evict(p)
	}
}

// evict closes the connection because p's Source evicted its player.
func (c *ServerConn) evict(p *player) {
	if p.evicted.CompareAndSwap(false, true) {
		c.logger().Debug("rtmp: player evicted", "name", p.name)
	}
	c.closeWith(ErrEvicted)
}

// Kinds of queued messages of which only the latest is kept (coalesceNone
// is every other message).
const (
	coalesceNone = iota
	coalescePing // PingResponse
	coalesceAck  // Acknowledgement
	coalesceKinds
)

func (c *ServerConn) maxQueuedBytes() int {
	return limitOr(c.srv.MaxQueuedBytes, DefaultMaxQueuedBytes)
}

func (c *ServerConn) maxQueuedMessages() int {
	return limitOr(c.srv.MaxQueuedMessages, DefaultMaxQueuedMessages)
}

// appendLocked adds om to wq and counts it; the caller holds wmu.
func (c *ServerConn) appendLocked(om outMsg) {
	c.wq = append(c.wq, om)
	c.wqBytes += len(om.m.Payload)
}

// queueFull reports whether wq has reached its limits (or, with half, half of
// them); the caller holds wmu.
func (c *ServerConn) queueFull(half bool) bool {
	mb, mm := c.maxQueuedBytes(), c.maxQueuedMessages()
	n, b := len(c.wq), c.wqBytes
	if half {
		n, b = 2*n, 2*b
	}
	return (mm > 0 && n >= mm) || (mb > 0 && b >= mb)
}

// queue appends a message for the writer goroutine and wakes it. It is a
// no-op on a closed connection. A queue that has reached its limits closes
// the connection with ErrPeerNotReading.
func (c *ServerConn) queue(om outMsg) { c.queueKind(om, coalesceNone) }

// queueKind is queue with coalescing: a message of a kind other than
// coalesceNone replaces the pending one of its kind, if any.
func (c *ServerConn) queueKind(om outMsg, kind int) {
	if c.isClosed.Load() {
		return
	}
	c.wmu.Lock()
	if kind != coalesceNone {
		if i := c.wqLatest[kind]; i > 0 {
			c.wqBytes += len(om.m.Payload) - len(c.wq[i-1].m.Payload)
			c.wq[i-1] = om
			c.wmu.Unlock()
			c.wakeWriter()
			return
		}
	}
	if c.queueFull(false) {
		n, b := len(c.wq), c.wqBytes
		c.wmu.Unlock()
		c.logger().Warn("rtmp: reply queue full; closing", "err", ErrPeerNotReading, "messages", n, "bytes", b)
		c.closeWith(ErrPeerNotReading)
		return
	}
	c.appendLocked(om)
	if kind != coalesceNone {
		c.wqLatest[kind] = len(c.wq)
	}
	c.wmu.Unlock()
	c.wakeWriter()
}

// takeQueueLocked moves wq into dst for the writer and resets the
// counters; the caller holds wmu.
func (c *ServerConn) takeQueueLocked(dst []outMsg) []outMsg {
	dst = append(dst, c.wq...)
	clear(c.wq)
	c.wq = c.wq[:0]
	c.wqBytes = 0
	c.wqLatest = [coalesceKinds]int{}
	return dst
}

// waitQueue holds the read loop while more than half of the queue limits
// wait for the writer, so a client that sends but does not read stops being
// read (as a TCP peer would) instead of growing the queue. It gives up after
// the write timeout with ErrPeerNotReading.
func (c *ServerConn) waitQueue() error {
	var timeout <-chan time.Time
	for {
		c.wmu.Lock()
		full := c.queueFull(true)
		c.wmu.Unlock()
		if !full {
			return nil
		}
		if timeout == nil {
			if wt := durOr(c.srv.WriteTimeout, DefaultWriteTimeout); wt > 0 {
				t := time.NewTimer(wt)
				defer t.Stop()
				timeout = t.C
			} else {
				timeout = make(chan time.Time) // never
			}
		}
		select {
		case <-c.drained:
		case <-c.done:
			return ErrClosed
		case <-timeout:
			return ErrPeerNotReading
		}
	}
}

// queueMsg encodes a typed message on the default chunk stream.
// PingResponses and Acknowledgements are coalesced.
func (c *ServerConn) queueMsg(msg message.Message, sid, ts uint32) {
	cm, err := message.Encode(msg, sid, ts)
	if err != nil {
		c.logger().Error("rtmp: encode", "err", err)
		return
	}
	kind := coalesceNone
	switch msg.(type) {
	case message.PingResponse:
		kind = coalescePing
	case message.Acknowledgement:
		kind = coalesceAck
	}
	c.queueKind(outMsg{m: *cm}, kind)
}

// queueCommand encodes a command in the client's object encoding.
func (c *ServerConn) queueCommand(csid, sid uint32, name string, txn float64, obj any, args ...any) {
	m, err := encodeCommand(csid, sid, c.objectEncoding == 3, name, txn, obj, args...)
	if err != nil {
		c.logger().Error("rtmp: encode command", "command", name, "err", err)
		return
	}
	c.queue(outMsg{m: m})
}

// queueStatus sends onStatus on stream sid (chunk stream 5, or 3 for stream 0).
func (c *ServerConn) queueStatus(sid uint32, level, code, desc string, extra ...amf0.Pair) {
	csid := uint32(csidStatus)
	if sid == 0 {
		csid = csidCommand
	}
	c.queueCommand(csid, sid, "onStatus", 0, nil, statusInfo(level, code, desc, extra...))
}

// dataMsg encodes an AMF0 data message on stream sid.
func (c *ServerConn) dataMsg(sid uint32, handler string, values ...any) (outMsg, bool) {
	cm, err := message.Encode(message.Data{Handler: handler, Args: values}, sid, 0)
	if err != nil {
		c.logger().Error("rtmp: encode data", "err", err)
		return outMsg{}, false
	}
	cm.CSID = csidStatus
	return outMsg{m: *cm}, true
}

// addPlayer hands a player to the writer goroutine, after the messages
// that announce it (queued in the same critical section).
func (c *ServerConn) addPlayer(p *player, announce ...outMsg) {
	c.wmu.Lock()
	for _, om := range announce {
		c.appendLocked(om)
	}
	c.players = append(c.players, p)
	c.wmu.Unlock()
	c.wakeWriter()
}

// removePlayer takes a player away from the writer goroutine.
func (c *ServerConn) removePlayer(p *player) {
	c.wmu.Lock()
	for i, q := range c.players {
		if q == p {
			c.players = append(c.players[:i], c.players[i+1:]...)
			break
		}
	}
	c.wmu.Unlock()
	c.wakeWriter()
}

// flushAndClose asks the writer to write what is queued and then close.
func (c *ServerConn) flushAndClose() {
	c.stopInput.Store(true)
	c.wmu.Lock()
	c.closing = true
	c.wmu.Unlock()
	c.wakeWriter()
}

// writeLoop is the connection's writer goroutine (when it is not in flush
// mode, see conn_flush.go).
func (c *ServerConn) writeLoop() {
	defer c.writerWG.Done()
	defer func() {
		// The writer runs handler code (Source.Drain): a panic there ends
		// this connection, not the process.
		if p := recover(); p != nil {
			c.logger().Error("rtmp: panic in connection writer", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			c.closeWith(fmt.Errorf("rtmp: panic: %v", p))
		}
	}()
	var (
		s     writeScratch
		cases []reflect.SelectCase
		merge mergeTimer
	)
	merge.window = max(c.srv.WriteMergeWindow, 0)
	defer merge.stop()
	var ping <-chan time.Time
	if it := c.srv.IdleTimeout; it > 0 {
		t := time.NewTicker(it / 2)
		defer t.Stop()
		ping = t.C
	}
	start := time.Now()
	for {
		b := c.buildBatch(&s)
		if len(s.bufs) > 0 {
			err := c.writeBatch(&c.w.nb, s.bufs, &c.w.dl)
			s.release()
			c.w.cw.Reset()
			if err != nil {
				c.closeWith(err)
				return
			}
			if b.media > 0 {
				// Media went out: the next media batch waits for the
				// merge window, so what arrives meanwhile shares a writev.
				merge.arm()
			}
		}
		players := s.players
		if b.evicted != nil {
			c.evict(b.evicted)
			return
		}
		if b.closing {
			if c.queueEmpty() {
				c.closeWith(nil)
				return
			}
			continue
		}
		// wait for work
		select {
		case <-c.stopW:
			if c.queueEmpty() {
				return
			}
			continue
		default:
		}
		if merge.pending() {
			// Hold the media until the window has passed; commands,
			// control messages and player changes (wake) go out at once.
			select {
			case <-merge.C():
				merge.fired()
			case <-c.wake:
				merge.cancel()
			case <-c.done:
				return
			case <-c.stopW:
			case <-ping:
				c.queueMsg(message.PingRequest{Timestamp: uint32(time.Since(start).Milliseconds())}, 0, 0)
			}
			continue
		}
		switch live := activePlayers(players); len(live) {
		case 0:
			select {
			case <-c.wake:
			case <-c.done:
				return
			case <-c.stopW:
			case <-ping:
				c.queueMsg(message.PingRequest{Timestamp: uint32(time.Since(start).Milliseconds())}, 0, 0)
			}
		case 1:
			select {
			case <-c.wake:
			case <-live[0].src.Ready():
			case <-c.done:
				return
			case <-c.stopW:
			case <-ping:
				c.queueMsg(message.PingRequest{Timestamp: uint32(time.Since(start).Milliseconds())}, 0, 0)
			}
		default:
			cases = cases[:0]
			cases = append(cases,
				reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(c.wake)},
				reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(c.done)},
				reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(c.stopW)})
			if ping != nil {
				cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ping)})
			}
			for _, p := range live {
				cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(p.src.Ready())})
			}
			i, _, _ := reflect.Select(cases)
			if i == 1 {
				return
			}
			if ping != nil && i == 3 {
				c.queueMsg(message.PingRequest{Timestamp: uint32(time.Since(start).Milliseconds())}, 0, 0)
			}
		}
	}
}

func activePlayers(ps []*player) []*player {
	n := 0
	for _, p := range ps {
		if !p.finished.Load() {
			n++
		}
	}
	if n == len(ps) {
		return ps
	}
	out := make([]*player, 0, n)
	for _, p := range ps {
		if !p.finished.Load() {
			out = append(out, p)
		}
	}
	return out
}

// maxIovecs bounds the slices handed to one writev. The runtime keeps each
// connection's largest iovec array for good, so a GOP-cache burst of
// thousands of slices would otherwise stay allocated per player; steady
// state batches are far smaller.
const maxIovecs = 128

// writeBatch writes bufs, refreshing the write deadline when due: writev on
// a net.Conn (at most maxIovecs slices a call), sequential writes through an
// RTMPE cipher.
// nb is the writer's net.Buffers (kept by the caller: a local one would
// escape to the heap on every write).
func (c *ServerConn) writeBatch(nb *net.Buffers, bufs [][]byte, dl *writeDeadline) error {
	dl.refresh(c.nc)
	for len(bufs) > 0 {
		n := min(len(bufs), maxIovecs)
		*nb = bufs[:n]
		_, err := c.writeBuffers(nb)
		*nb = nil
		if err != nil {
			return err
		}
		bufs = bufs[n:]
	}
	return nil
}

// writeBuffers writes the batch: writev on a net.Conn, sequential writes
// through an RTMPE cipher.
func (c *ServerConn) writeBuffers(nb *net.Buffers) (int64, error) {
	if c.rw == net.Conn(c.nc) {
		return nb.WriteTo(c.nc)
	}
	return nb.WriteTo(c.rw)
}

// appendItem turns one Source item into chunks. stop reports a terminal item.
func (c *ServerConn) appendItem(cw *chunk.Writer, bufs [][]byte, p *player, it *Item) ([][]byte, bool) {
	var err error
	switch it.Kind {
	case ItemMedia, ItemMetadata:
		t := &it.Tag
		m := chunk.Message{Type: uint8(t.Type), StreamID: p.sid, Timestamp: t.Timestamp, Payload: t.Data}
		switch t.Type {
		case flv.TagVideo:
			if p.noVideo.Load() || p.paused.Load() {
				p.waitKey.Store(true)
				return bufs, false
			}
			if p.waitKey.Load() {
				if !t.IsKeyframe() && !t.IsSequenceHeader() {
					return bufs, false
				}
				if t.IsKeyframe() && !t.IsSequenceHeader() {
					p.waitKey.Store(false)
				}
			}
			m.CSID = csidVideo
		case flv.TagAudio:
			if p.noAudio.Load() || p.paused.Load() {
				return bufs, false
			}
			m.CSID = csidAudio
		default:
			m.CSID = csidStatus
			m.Type = message.TypeDataAMF0
		}
		bufs, err = cw.AppendMessage(bufs, &m)
	case ItemPublish:
		bufs = c.appendEncoded(cw, bufs, message.StreamBegin{StreamID: p.sid}, p.sid)
		bufs = c.appendStatus(cw, bufs, p, CodePlayPublishNotify, p.name+" is now published.")
		p.waitKey.Store(true)
	case ItemUnpublish:
		bufs = c.appendStatus(cw, bufs, p, CodePlayUnpublishNotify, p.name+" is now unpublished.")
		bufs = c.appendEncoded(cw, bufs, message.StreamEOF{StreamID: p.sid}, p.sid)
	case ItemEOF:
		bufs = c.appendEncoded(cw, bufs, message.StreamEOF{StreamID: p.sid}, p.sid)
		bufs = c.appendStatus(cw, bufs, p, CodePlayStop, "Stopped playing "+p.name+".")
		return bufs, true
	case ItemEvicted:
		return bufs, true
	}
	if err != nil {
		c.logger().Error("rtmp: write media", "err", err)
	}
	return bufs, false
}

func (c *ServerConn) appendEncoded(cw *chunk.Writer, bufs [][]byte, msg message.Message, _ uint32) [][]byte {
	cm, err := message.Encode(msg, 0, 0)
	if err != nil {
		return bufs
	}
	bufs, _ = cw.AppendMessage(bufs, cm)
	return bufs
}

func (c *ServerConn) appendStatus(cw *chunk.Writer, bufs [][]byte, pl *player, code, desc string) [][]byte {
	om, ok := c.statusMsg(pl.sid, code, desc, pl.name)
	if !ok {
		return bufs
	}
	bufs, _ = cw.AppendMessage(bufs, &om.m)
	return bufs
}
