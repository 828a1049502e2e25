package rtmp

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
)

// ClientState is the state of a client connection.
type ClientState int32

// Client connection states, in the order a session goes through them.
// StatePublishing and StatePlaying hold while at least one stream publishes
// or plays; StateError and StateDisconnected are final.
const (
	StateDisconnected ClientState = iota
	StateHandshaking
	StateConnecting
	StateConnected
	StatePublishing
	StatePlaying
	StateError
)

// String returns the state's name, e.g. "connected".
func (s ClientState) String() string {
	switch s {
	case StateDisconnected:
		return "disconnected"
	case StateHandshaking:
		return "handshaking"
	case StateConnecting:
		return "connecting"
	case StateConnected:
		return "connected"
	case StatePublishing:
		return "publishing"
	case StatePlaying:
		return "playing"
	case StateError:
		return "error"
	}
	return "ClientState(?)"
}

// ErrNotConnected is returned by stream and call methods used before
// Connect succeeded.
var ErrNotConnected = errors.New("rtmp: client not connected")

// ClientConn is the client side of one RTMP connection. It mirrors
// crypto/tls.Conn: NewClientConn wraps any net.Conn, Dial dials and
// connects. After the handshake one goroutine reads from the server: it
// answers pings, acknowledges at the server's window, answers SWF
// verification, resolves calls by transaction id, runs the handlers of
// server-invoked methods and queues media for playing streams. Writes are
// made by the calling goroutine under a mutex. All methods are safe for
// concurrent use.
type ClientConn struct {
	cfg *ClientConfig
	u   *URL
	nc  net.Conn
	rw  io.ReadWriter // nc, or the RTMPE cipher stream around it
	log *slog.Logger

	hsOnce sync.Once
	hsErr  error
	hsRes  atomic.Pointer[handshake.Result]

	wmu   sync.Mutex
	cw    *chunk.Writer
	wbufs [][]byte // chunk headers and payload slices of one write
	nb    net.Buffers

	ctlMu sync.Mutex
	ctl   []*chunk.Message // control messages from the read loop waiting for the write lock

	dialed bool // made by Dial: its context bounds the handshake (see ClientConfig.HandshakeTimeout)

	cr        *chunk.Reader
	ackWindow uint32          // read loop only
	sentWA    bool            // read loop only
	subs      []chunk.Message // an aggregate's sub-messages, reused (read loop only)

	stateMu  sync.Mutex
	state    atomic.Int32
	amf3     atomic.Bool // send commands as type 17
	done     chan struct{}
	finished chan struct{} // closed once fail has done everything, OnState included
	readExit chan struct{} // closed when the read loop has returned
	closeMu  sync.Mutex
	err      error // why the connection ended
	closed   bool

	mu       sync.Mutex
	nextTxn  float64
	pending  map[float64]*PendingCall
	expect   map[string][]*PendingCall
	handlers map[string]CallHandler
	streams  map[uint32]*Stream
	info     *ConnectInfo
	bwDone   bool
}

// NewClientConn returns a client connection over nc, which must already be
// connected to the server u names (TLS and tunnelling are the caller's:
// nc is used as is). No I/O happens until Handshake or Connect. cfg may be
// nil; it must not be modified afterwards.
func NewClientConn(nc net.Conn, u *URL, cfg *ClientConfig) *ClientConn {
	if cfg == nil {
		cfg = &ClientConfig{}
	}
	c := &ClientConn{
		cfg:      cfg,
		u:        u,
		nc:       nc,
		rw:       nc,
		log:      cfg.logger().With("server", u.Address()),
		done:     make(chan struct{}),
		finished: make(chan struct{}),
		readExit: make(chan struct{}),
		pending:  make(map[float64]*PendingCall),
		expect:   make(map[string][]*PendingCall),
		handlers: make(map[string]CallHandler),
		streams:  make(map[uint32]*Stream),
	}
	return c
}

// URL returns the URL the connection was made for.
func (c *ClientConn) URL() *URL { return c.u }

// NetConn returns the underlying network connection.
func (c *ClientConn) NetConn() net.Conn { return c.nc }

// State returns the connection's current state.
func (c *ClientConn) State() ClientState { return ClientState(c.state.Load()) }

// Done returns a channel closed when the connection has ended.
func (c *ClientConn) Done() <-chan struct{} { return c.done }

// Err returns why the connection ended (nil while it is open, ErrClosed
// after Close).
func (c *ClientConn) Err() error {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	return c.err
}

func (c *ClientConn) setState(s ClientState) {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	if c.isClosed() || ClientState(c.state.Swap(int32(s))) == s {
		return
	}
	if f := c.cfg.OnState; f != nil {
		f(c, s)
	}
}

// updateStreamState sets publishing/playing/connected from the streams.
func (c *ClientConn) updateStreamState() {
	c.mu.Lock()
	pub, play := false, false
	for _, s := range c.streams {
		switch s.mode.Load() {
		case modePublishing:
			pub = true
		case modePlaying:
			play = true
		}
	}
	c.mu.Unlock()
	switch {
	case pub:
		c.setState(StatePublishing)
	case play:
		c.setState(StatePlaying)
	default:
		c.setState(StateConnected)
	}
}

func (c *ClientConn) isClosed() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// Close closes the connection. Blocked calls and stream reads return
// ErrClosed.
func (c *ClientConn) Close() error {
	c.fail(ErrClosed, StateDisconnected)
	return nil
}

// fail ends the connection with err and moves to the final state s.
func (c *ClientConn) fail(err error, s ClientState) {
	c.closeMu.Lock()
	if c.closed {
		c.closeMu.Unlock()
		return
	}
	c.closed = true
	c.err = err
	c.closeMu.Unlock()
	c.nc.Close()
	c.stateMu.Lock()
	c.state.Store(int32(s))
	close(c.done)
	if f := c.cfg.OnState; f != nil {
		f(c, s)
	}
	c.stateMu.Unlock()
	c.mu.Lock()
	streams := make([]*Stream, 0, len(c.streams))
	for _, st := range c.streams {
		streams = append(streams, st)
	}
	c.mu.Unlock()
	for _, st := range streams {
		st.end(err)
	}
	c.failCalls()
	close(c.finished)
}

// waitFailed waits until a fail in progress (in any goroutine) has
// finished, OnState included. It must not be called from OnState.
func (c *ClientConn) waitFailed() {
	c.closeMu.Lock()
	closed := c.closed
	c.closeMu.Unlock()
	if closed {
		<-c.finished
	}
}

// Handshake runs the RTMP handshake if it has not run yet and starts the
// read loop. Connect calls it; most callers never need to.
func (c *ClientConn) Handshake(ctx context.Context) error {
	c.hsOnce.Do(func() { c.hsErr = c.handshake(ctx) })
	return c.hsErr
}

func (c *ClientConn) handshake(ctx context.Context) error {
	c.setState(StateHandshaking)
	hcfg := handshake.Config{Kind: handshake.Digest}
	if c.cfg.Handshake != nil {
		hcfg = *c.cfg.Handshake
	}
	if c.u.Encrypted() {
		hcfg.Kind = handshake.Encrypted
	}
	if c.cfg.SWFVfy && len(c.cfg.SWFHash) == handshake.DigestSize {
		hcfg.SWFHash, hcfg.SWFSize = c.cfg.SWFHash, c.cfg.SWFSize
	}
	deadline := time.Time{}
	def := DefaultHandshakeTimeout
	if c.dialed {
		def = 0 // Dial's context carries the bound (ClientConfig.Timeout)
	}
	if t := durOr(c.cfg.HandshakeTimeout, def); t > 0 {
		deadline = time.Now().Add(t)
	}
	if d, ok := ctx.Deadline(); ok && (deadline.IsZero() || d.Before(deadline)) {
		deadline = d
	}
	c.nc.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { c.nc.SetDeadline(time.Unix(1, 0)) })
	br := bufio.NewReaderSize(c.nc, c.cfg.readBufferSize())
	hrw := struct {
		io.Reader
		io.Writer
	}{br, c.nc}
	res, err := handshake.Client(hrw, &hcfg)
	stopped := stop()
	if err != nil {
		if !stopped && ctx.Err() != nil {
			err = ctx.Err()
		}
		err = &ProtocolError{Op: "handshake", Err: err}
		c.fail(err, StateError)
		return err
	}
	c.nc.SetDeadline(time.Time{})
	c.hsRes.Store(res)
	var rd io.Reader = br
	if res.Kind == handshake.Encrypted {
		crw := handshake.NewCipherReadWriter(hrw, res)
		c.rw = crw
		rd = bufio.NewReaderSize(crw, c.cfg.readBufferSize())
	}
	max := c.cfg.MaxMessageSize
	if max == 0 {
		max = DefaultMaxMessageSize
	}
	c.cr = chunk.NewReader(rd, chunk.Limits{MaxMessageSize: max})
	c.cw = chunk.NewWriter(c.rw)
	if cs := c.cfg.chunkSize(); cs != chunk.DefaultChunkSize {
		if err := c.send(message.SetChunkSize{Size: cs}, 0, 0); err != nil {
			return err
		}
		c.wmu.Lock()
		c.cw.SetChunkSize(cs)
		c.wmu.Unlock()
	}
	go c.readLoop()
	return nil
}

// send encodes and writes a typed message on its default chunk stream.
func (c *ClientConn) send(msg message.Message, sid, ts uint32) error {
	cm, err := message.Encode(msg, sid, ts)
	if err != nil {
		return err
	}
	return c.write(cm)
}

// write writes one message under the write lock with the write timeout,
// after any control messages the read loop left pending.
func (c *ClientConn) write(m *chunk.Message) error {
	c.wmu.Lock()
	err := c.writeLocked(m)
	c.wmu.Unlock()
	c.flushControl()
	return err
}

// writeLocked writes the pending control messages and then m (if not nil);
// wmu is held.
func (c *ClientConn) writeLocked(m *chunk.Message) error {
	if c.isClosed() {
		// Control messages left by the read loop can never go out now:
		// drop them, or flushControl would find them pending forever.
		c.ctlMu.Lock()
		c.ctl = nil
		c.ctlMu.Unlock()
		return c.closedErr()
	}
	if c.cw == nil {
		return ErrNotConnected
	}
	c.ctlMu.Lock()
	ctl := c.ctl
	c.ctl = nil
	c.ctlMu.Unlock()
	c.wbufs = c.wbufs[:0]
	var err error
	for i := range ctl {
		if c.wbufs, err = c.cw.AppendMessage(c.wbufs, ctl[i]); err != nil {
			return err
		}
	}
	if m != nil {
		if c.wbufs, err = c.cw.AppendMessage(c.wbufs, m); err != nil {
			return err
		}
	}
	if len(c.wbufs) == 0 {
		return nil
	}
	if wt := durOr(c.cfg.WriteTimeout, DefaultWriteTimeout); wt > 0 {
		c.nc.SetWriteDeadline(time.Now().Add(wt))
	}
	// writev on a TCP connection; sequential writes through TLS or RTMPE.
	c.nb = c.wbufs // a field, so that WriteTo's pointer receiver does not allocate
	_, err = c.nb.WriteTo(c.rw)
	c.nb = nil
	clear(c.wbufs)
	c.cw.Reset()
	if err != nil {
		c.fail(err, StateError)
		return err
	}
	return nil
}

// sendControl hands a control message (acknowledgement, ping response,
// SWF verification, window size) from the read loop to the writer without
// ever blocking the read loop: if another goroutine is writing, the message
// goes out right after that write. A read loop waiting for a write that
// waits for a peer that waits for us to read would deadlock.
func (c *ClientConn) sendControl(msg message.Message) {
	cm, err := message.Encode(msg, 0, 0)
	if err != nil {
		c.log.Error("rtmp: encode control", "err", err)
		return
	}
	c.ctlMu.Lock()
	c.ctl = append(c.ctl, cm)
	c.ctlMu.Unlock()
	c.flushControl()
}

// flushControl writes pending control messages if nobody holds the write
// lock; whoever holds it calls flushControl again after releasing it.
func (c *ClientConn) flushControl() {
	for {
		c.ctlMu.Lock()
		empty := len(c.ctl) == 0
		c.ctlMu.Unlock()
		if empty || !c.wmu.TryLock() {
			return
		}
		err := c.writeLocked(nil)
		c.wmu.Unlock()
		if err != nil {
			return // a failed write leaves what it could not take
		}
	}
}

// sendCommand writes [name, txn, null, args...] on chunk stream csid.
func (c *ClientConn) sendCommand(csid, sid uint32, name string, txn float64, obj any, args ...any) error {
	m, err := encodeCommand(csid, sid, c.amf3.Load(), name, txn, obj, args...)
	if err != nil {
		return err
	}
	return c.write(&m)
}

// closedErr is the error of an operation on an ended connection: it wraps
// net.ErrClosed, and the cause when there is one.
func (c *ClientConn) closedErr() error {
	err := c.Err()
	if err == nil || err == ErrClosed {
		return ErrClosed
	}
	if errors.Is(err, net.ErrClosed) {
		return err
	}
	return &closedError{cause: err}
}

// closedError is ErrClosed with the reason the connection ended.
type closedError struct{ cause error }

func (e *closedError) Error() string { return "rtmp: connection closed: " + e.cause.Error() }

// Unwrap returns both ErrClosed and the cause.
func (e *closedError) Unwrap() []error { return []error{ErrClosed, e.cause} }

// HandshakeResult returns the outcome of the handshake (its Kind tells
// whether the server answered the Digest handshake), or nil before it.
func (c *ClientConn) HandshakeResult() *handshake.Result { return c.hsRes.Load() }
