package rtmp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
)

// ServerConn is the server side of one RTMP connection. The library creates
// it; handlers see it as Request.Conn. Its accessors for the connect
// command's details are valid once the connect request has been seen.
type ServerConn struct {
	srv *Server
	nc  net.Conn
	rw  io.ReadWriter // nc, or the RTMPE cipher stream around it
	// logApp is the connect command's app once seen, for logger (conn_log.go).
	logApp atomic.Pointer[string]

	ctx    context.Context
	cancel context.CancelFunc

	// connect details, written by the read loop before the connect handler
	// runs and read-only afterwards.
	connected      bool
	app            string
	appQuery       string
	tcURL          string
	flashVer       string
	connectObj     amf0.Object
	connectArgs    []any
	objectEncoding float64

	// read-loop state
	cr         *chunk.Reader
	streams    map[uint32]*netStream
	nextSID    uint32
	ackWindow  uint32 // the peer's Window Acknowledgement Size
	lastSentWA uint32
	fcPublish  string // the name of the last FCPublish, answered once its publish is accepted
	hijack     *RawConn
	restack    bool            // a play started: go on in a new goroutine (serveStep)
	idle       *deadlineReader // the socket reader under the chunk reader

	// writer state shared with the read loop, under wmu
	wmu      sync.Mutex
	wq       []outMsg
	wqBytes  int                // payload bytes in wq
	wqLatest [coalesceKinds]int // index+1 in wq of the pending message of a coalesced kind
	drained  chan struct{}      // signalled when the writer takes the queue
	players  []*player
	closing  bool // flush what is queued, then close
	// stopInput is set with closing: the read loop then discards what the
	// client sends (but chunk-level control), so nothing new is queued, a
	// rejected client cannot connect again and the flush can finish.
	stopInput atomic.Bool
	wake      chan struct{} // writer goroutine only (made by startWriter)
	done      chan struct{} // closed when the connection is closed
	closeErr  error
	writerWG  sync.WaitGroup
	stopW     chan struct{} // asks the writer goroutine to flush and exit (hijack)

	// server-invoked calls
	cmu     sync.Mutex
	pending map[float64]chan callReply
	nextTxn float64

	publishing    map[uint32]string // publishing streams, for Shutdown (under wmu)
	outChunkSize  atomic.Uint32     // the writer's chunk size, for Hijack
	writerStarted atomic.Bool
	w             connWriter // the write side (conn_batch.go, conn_flush.go)
	park          parkInfo   // the read side's parking (conn_park.go)

	closeOnce sync.Once
	isClosed  atomic.Bool
}

// outMsg is a queued control or command message with an owned payload.
type outMsg struct {
	m         chunk.Message
	chunkSize uint32 // when non-zero, switch the writer to this chunk size after m
}

// netStream is one NetStream (message stream id) of the connection.
type netStream struct {
	id      uint32
	publish *publishState
	play    *player
}

type publishState struct {
	name string
	sink Sink
	typ  string
}

func newServerConn(s *Server, nc net.Conn) *ServerConn {
	ctx, cancel := context.WithCancel(context.Background())
	return &ServerConn{
		srv:     s,
		nc:      nc,
		rw:      nc,
		ctx:     ctx,
		cancel:  cancel,
		streams: make(map[uint32]*netStream),
		drained: make(chan struct{}, 1),
		done:    make(chan struct{}),
		pending: make(map[float64]chan callReply),
		park:    parkInfo{slot: -1},
	}
}

// RemoteAddr returns the client's network address.
func (c *ServerConn) RemoteAddr() net.Addr { return c.nc.RemoteAddr() }

// LocalAddr returns the server's address of the connection.
func (c *ServerConn) LocalAddr() net.Addr { return c.nc.LocalAddr() }

// NetConn returns the underlying network connection. Reading or writing it
// corrupts the RTMP session; use it for addresses, TLS state and the like.
func (c *ServerConn) NetConn() net.Conn { return c.nc }

// App returns the application name of the connect command, without query.
func (c *ServerConn) App() string { return c.app }

// TCURL returns the tcUrl of the connect command.
func (c *ServerConn) TCURL() string { return c.tcURL }

// FlashVer returns the flashVer of the connect command.
func (c *ServerConn) FlashVer() string { return c.flashVer }

// ConnectObject returns the connect command object as sent. It must not be
// modified.
func (c *ServerConn) ConnectObject() amf0.Object { return c.connectObj }

// ConnectArgs returns the optional values after the connect command object
// (librtmp conn= arguments, auth tokens).
func (c *ServerConn) ConnectArgs() []any { return c.connectArgs }

// ObjectEncoding returns the client's objectEncoding: 0 (AMF0) or 3 (AMF3).
// Replies use type 17 command messages when it is 3.
func (c *ServerConn) ObjectEncoding() int { return int(c.objectEncoding) }

// Context returns a context canceled when the connection closes or is
// hijacked.
func (c *ServerConn) Context() context.Context { return c.ctx }

// Close closes the connection at once. Queued messages may be lost.
func (c *ServerConn) Close() error {
	c.closeWith(nil)
	return nil
}

// closeWith closes the connection with cause err. After a successful Hijack
// it does nothing (the hijacker owns the net.Conn).
func (c *ServerConn) closeWith(err error) {
	c.closeOnce.Do(func() {
		c.endSession(err)
		c.nc.Close()
	})
	// A parked read side has no goroutine to notice: start one to end the
	// connection (conn_park.go).
	c.resumeReader(net.ErrClosed)
}

// endSession marks the RTMP session over: Call and queue fail, the writer and
// the Context end. The caller runs it inside closeOnce.
func (c *ServerConn) endSession(err error) {
	c.isClosed.Store(true)
	c.wmu.Lock()
	c.closeErr = err
	c.wmu.Unlock()
	close(c.done)
	c.cancel()
}

// readBufferSize is the size of a connection's read buffer. Players send
// next to nothing (acknowledgements, ping responses), and the buffer is held
// for the connection's lifetime, so it is small; a publisher's chunk
// payloads of this size or more are read past it, straight into the message
// buffer (a 4 KiB chunk costs two reads either way).
const readBufferSize = 1 << 10

// serve runs the connection: handshake, writer, read loop.
func (c *ServerConn) serve() { c.serveStep(c.run) }

// errRestack is how the read loop asks to go on in a new goroutine.
var errRestack = errors.New("rtmp: continue the read loop on a fresh stack")

// serveStep runs fn (the handshake and read loop, or the rest of the read
// loop) and ends the connection when it returns, unless fn asked with
// errRestack to continue in a new goroutine. The read loop does that once
// a play has started: the goroutine's stack grew while it answered
// connect, createStream and play (and ran their handlers), and a player's
// reader then only waits for acknowledgements. A fresh goroutine starts at
// the minimum stack size, so a thousand idle players hold a few MiB of
// stack instead of 8 KiB each (the runtime shrinks stacks only during a
// GC, which the fan-out path, allocating nothing, hardly triggers).
func (c *ServerConn) serveStep(fn func() error) {
	restacked := false
	defer func() {
		if restacked {
			return
		}
		c.srv.dropConn(c)
	}()
	defer func() {
		if restacked {
			return
		}
		if p := recover(); p != nil {
			c.logger().Error("rtmp: panic serving connection", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			c.closeWith(fmt.Errorf("rtmp: panic: %v", p))
		}
		c.finish()
	}()
	err := fn()
	for err == errPark {
		if c.parkReader() {
			restacked = true // the shard starts the next goroutine
			return
		}
		err = c.readLoop()
	}
	if err == errRestack {
		restacked = true
		go c.serveStep(c.readLoop)
		return
	}
	if c.hijack != nil {
		return
	}
	switch {
	case err == nil, errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed), errors.Is(err, syscall.ECONNRESET):
		c.logger().Debug("rtmp: connection closed", "err", err)
	default:
		c.logger().Info("rtmp: connection error", "err", err)
	}
	var pe *ProtocolError
	if errors.As(err, &pe) && pe.Op != "handshake" {
		c.flushThenClose(err)
		return
	}
	c.closeWith(err)
}

// errorFlushTimeout bounds how long the replies queued before a protocol
// error (such as the _error of a rejected connect) may take to be written
// before the connection is closed.
const errorFlushTimeout = 2 * time.Second

// flushThenClose lets the writer write what is queued, within
// errorFlushTimeout, and closes the connection with err.
func (c *ServerConn) flushThenClose(err error) {
	c.flushAndClose()
	t := time.NewTimer(errorFlushTimeout)
	defer t.Stop()
	select {
	case <-c.done:
	case <-t.C:
	}
	c.closeWith(err)
}

// finish releases what the read loop owns once it has ended.
func (c *ServerConn) finish() {
	if c.hijack != nil {
		return
	}
	c.closeWith(nil)
	for _, st := range c.streams {
		c.endPublish(st, false)
		c.endPlay(st, false)
	}
	c.stopWriter(false)
	c.failPending()
	if c.cr != nil {
		c.cr.Release()
	}
}

func (c *ServerConn) run() error {
	hsTimeout := durOr(c.srv.HandshakeTimeout, DefaultHandshakeTimeout)
	if hsTimeout > 0 {
		c.nc.SetDeadline(time.Now().Add(hsTimeout))
	}
	dr := newDeadlineReader(c.nc)
	br := bufio.NewReaderSize(dr, readBufferSize)
	hrw := struct {
		io.Reader
		io.Writer
	}{br, c.nc}
	res, err := handshake.Server(hrw, nil)
	if err != nil {
		return &ProtocolError{Op: "handshake", Err: err}
	}
	c.nc.SetDeadline(time.Time{})
	if ct := durOr(c.srv.ConnectTimeout, DefaultConnectTimeout); ct > 0 {
		c.nc.SetReadDeadline(time.Now().Add(ct))
	}
	c.idle = dr
	var rd io.Reader = br
	if res.Kind == handshake.Encrypted {
		crw := handshake.NewCipherReadWriter(hrw, res)
		c.rw = crw
		rd = bufio.NewReaderSize(crw, readBufferSize)
	}
	max := c.srv.MaxMessageSize
	if max == 0 {
		max = DefaultMaxMessageSize
	}
	c.cr = chunk.NewReader(rd, chunk.Limits{MaxMessageSize: max})
	c.outChunkSize.Store(chunk.DefaultChunkSize)
	c.startWriter()
	if c.srv.shutdown.Load() {
		c.shutdownGracefully()
	}
	return c.readLoop()
}

// readLoop reads and dispatches messages until an error or a hijack.
func (c *ServerConn) readLoop() error {
	c.takeReadBuffer()
	for {
		c.idle.push()
		m, err := c.cr.ReadMessage()
		if err != nil {
			if c.isClosed.Load() {
				return ErrClosed
			}
			if errors.Is(err, io.EOF) {
				return io.EOF
			}
			return &ProtocolError{Op: "read", Err: err}
		}
		if c.stopInput.Load() && m.Type != message.TypeSetChunkSize && m.Type != message.TypeAbort {
			continue
		}
		wasConnected := c.connected
		if err := c.handleMessage(m); err != nil {
			return err
		}
		if c.hijack != nil {
			return nil
		}
		if c.connected && !wasConnected {
			// The connect deadline gives way to the idle timeout.
			c.idle.start(c.srv.IdleTimeout)
		}
		if seq, due := c.cr.AckDue(c.ackWindow); due {
			c.queueMsg(message.Acknowledgement{SequenceNumber: seq}, 0, 0)
		}
		if err := c.waitQueue(); err != nil {
			return err
		}
		if c.restack {
			// A play started: park the reader, or at least go on with a
			// fresh stack.
			c.restack = false
			c.park.able = canPark
			if !c.wantPark() {
				return errRestack
			}
		}
		if c.wantPark() {
			return errPark
		}
	}
}

// handleMessage applies one message from the client.
func (c *ServerConn) handleMessage(m *chunk.Message) error {
	switch m.Type {
	case message.TypeAudio, message.TypeVideo, message.TypeDataAMF0, message.TypeDataAMF3, message.TypeAggregate:
		return c.handleMedia(m)
	case message.TypeCommandAMF0, message.TypeCommandAMF3:
		cmd, err := decodeCommand(m)
		if err != nil {
			return &ProtocolError{Op: "decode command", Err: err}
		}
		return c.handleCommand(m.StreamID, cmd)
	case message.TypeSharedObjectAMF0, message.TypeSharedObjectAMF3:
		return nil // shared objects are not served yet
	}
	msg, err := message.Decode(m)
	if err != nil {
		return &ProtocolError{Op: "decode message", Err: err}
	}
	switch v := msg.(type) {
	case *message.SetChunkSize:
		if err := c.cr.SetChunkSize(v.Size); err != nil {
			return &ProtocolError{Op: "set chunk size", Err: err}
		}
	case *message.Abort:
		if err := c.cr.Abort(v.CSID); err != nil {
			return &ProtocolError{Op: "abort", Err: err}
		}
	case *message.WindowAckSize:
		c.ackWindow = v.Size
	case *message.SetPeerBandwidth:
		if v.Size != c.lastSentWA {
			c.lastSentWA = v.Size
			c.queueMsg(message.WindowAckSize{Size: v.Size}, 0, 0)
		}
	case *message.PingRequest:
		c.queueMsg(message.PingResponse{Timestamp: v.Timestamp}, 0, 0)
	}
	return nil
}
