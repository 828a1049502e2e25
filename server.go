package rtmp

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Server defaults, used when the matching Server field is zero.
const (
	DefaultAddr             = ":1935"
	DefaultTLSAddr          = ":443"
	DefaultHandshakeTimeout = 10 * time.Second
	// DefaultConnectTimeout bounds the time from the end of the handshake
	// to the connect command being handled; see Server.ConnectTimeout.
	DefaultConnectTimeout = 10 * time.Second
	DefaultWriteTimeout   = 30 * time.Second
	// DefaultWriteMergeWindow is the merge window rtmpkit serve uses (see
	// Server.WriteMergeWindow; the zero Server does not merge).
	DefaultWriteMergeWindow = 50 * time.Millisecond
	DefaultChunkSize        = 4096
	DefaultWindowAckSize    = 2500000
	DefaultMaxMessageSize   = 16 << 20
	DefaultMaxStreams       = 16

	// DefaultMaxQueuedBytes bounds the payload bytes of control and command
	// messages (replies, pings, acknowledgements, status) waiting for a
	// connection's writer; see Server.MaxQueuedBytes.
	DefaultMaxQueuedBytes = 1 << 20
	// DefaultMaxQueuedMessages bounds the number of those messages; see
	// Server.MaxQueuedMessages.
	DefaultMaxQueuedMessages = 1024
)

// BandwidthLimit is the limit type the server sends in Set Peer Bandwidth.
// Its zero value is the usual dynamic limit.
type BandwidthLimit uint8

// Bandwidth limit types (PROTOCOL.md §3.5). The wire values are 2, 0 and 1.
const (
	LimitDynamic BandwidthLimit = iota // wire value 2, what nginx-rtmp, FFmpeg and librtmp send
	LimitHard                          // wire value 0
	LimitSoft                          // wire value 1
)

func (l BandwidthLimit) wire() uint8 {
	switch l {
	case LimitHard:
		return 0
	case LimitSoft:
		return 1
	}
	return 2
}

// A Server accepts RTMP connections and serves them with a Handler. It
// mirrors net/http.Server: the zero value is usable, fields are read when
// serving starts and must not change afterwards.
//
// Per connection the server runs two goroutines. The read loop owns the
// protocol state: it reads chunks (honouring the peer's Set Chunk Size and
// Abort), sends Acknowledgements when the peer's window is reached, answers
// PingRequest, decodes commands, answers them and asks the Handler for
// decisions; publishers' media reaches the handler's Sink on this loop. The
// writer goroutine owns the chunk writer: it drains a queue of control and
// command messages and the Sources of the connection's playing streams in
// batches, writes each batch with one writev (net.Buffers) and never copies
// media payloads.
//
// Chunk stream ids follow nginx-rtmp: protocol and user control on 2,
// NetConnection command replies on 3, onStatus and data (|RtmpSampleAccess,
// onMetaData) on 5, audio on 6, video on 7. Media goes to a player on the
// message stream id its createStream returned.
type Server struct {
	// Addr is the TCP address to listen on; empty means ":1935" (":443"
	// for ListenAndServeTLS).
	Addr string

	// Handler decides on connects, publishes, plays and calls. Nil accepts
	// every connect and publish (discarding the media), rejects every play
	// with NetStream.Play.StreamNotFound and fails every call.
	Handler Handler

	// TLSConfig is used by ListenAndServeTLS (rtmps); may be nil.
	TLSConfig *tls.Config

	// HandshakeTimeout bounds the RTMP handshake; zero means 10 s, negative
	// means no limit.
	HandshakeTimeout time.Duration

	// ConnectTimeout bounds the time between the end of the handshake and
	// the connect command being handled, so a client that completes the
	// handshake and then says nothing does not hold a connection; zero
	// means 10 s, negative means no limit.
	ConnectTimeout time.Duration

	// IdleTimeout is the longest a connection may send nothing, once
	// connected: every successful read moves the deadline, so a large
	// message arriving slowly does not time out. When set, the server sends
	// a PingRequest every IdleTimeout/2, so a live client (which answers
	// with PingResponse) never idles out, even a player that otherwise only
	// acknowledges. Zero means no limit.
	IdleTimeout time.Duration

	// WriteTimeout bounds each batched write to a peer; zero means 30 s,
	// negative means no limit. To save a system call per write, the
	// deadline is moved only when less than WriteTimeout remains (to 1.5 ×
	// WriteTimeout ahead), so a stalled write fails after between one and
	// one and a half WriteTimeouts.
	WriteTimeout time.Duration

	// WriteMergeWindow trades latency for system calls on the play path:
	// a connection's media is written at most once per window, so the
	// messages of all its players that arrive meanwhile go out in one
	// writev. Media is delayed by at most the window (half of it on
	// average); commands, replies, control messages and a new player's
	// first batch (the cached GOP) are written at once, taking the media
	// queued so far with them. Zero disables merging (every batch is
	// written as soon as it is ready); DefaultWriteMergeWindow is what
	// rtmpkit serve uses. Negative is treated as zero.
	//
	// With a window, plain TCP connections (on Linux) need no writer
	// goroutine: one flush goroutine per GOMAXPROCS wakes once per window
	// and writes every connection's batch with a nonblocking writev, and
	// only a write the socket does not take whole (or one that must go out
	// at once) is finished by a short-lived goroutine, under WriteTimeout.
	// TLS, RTMPE and RTMPT connections keep a writer goroutine each.
	WriteMergeWindow time.Duration

	// ChunkSize is the server's outgoing chunk size, announced with Set
	// Chunk Size after connect; zero means 4096.
	ChunkSize uint32

	// WindowAckSize is the acknowledgement window announced to clients
	// (Window Acknowledgement Size) and the window of Set Peer Bandwidth;
	// zero means 2500000.
	WindowAckSize uint32
	// PeerBandwidth overrides the Set Peer Bandwidth window (zero: WindowAckSize).
	PeerBandwidth uint32
	// PeerBandwidthLimit is the Set Peer Bandwidth limit type (default dynamic).
	PeerBandwidthLimit BandwidthLimit

	// MaxMessageSize is the largest message a client may send; zero means
	// 16 MiB. It is checked before anything is allocated for a message.
	MaxMessageSize uint32

	// MaxConns limits concurrent connections; zero means no limit. A
	// connection over the limit is closed right after accept.
	MaxConns int

	// MaxStreamsPerConn limits NetStreams per connection; zero means 16.
	// createStream beyond it is answered with _error.
	MaxStreamsPerConn int

	// MaxQueuedBytes and MaxQueuedMessages bound the control and command
	// messages (replies, PingResponses, Acknowledgements, onStatus) queued
	// for a connection's writer; zero means DefaultMaxQueuedBytes (1 MiB)
	// and DefaultMaxQueuedMessages (1024), negative means no limit. While
	// more than half of either is queued the server stops reading from the
	// client, so a client that sends but never reads is paced like a TCP
	// peer; a queue that still reaches a limit (messages queued from other
	// goroutines, such as ServerConn.Call) closes the connection with
	// ErrPeerNotReading. Pending PingResponses and Acknowledgements are
	// coalesced: only the latest of each waits in the queue.
	MaxQueuedBytes    int
	MaxQueuedMessages int

	// Logger receives structured logs: connection errors and problems at
	// Info and above, and every connect, publish, play, stop and eviction
	// at Debug (an application such as package server logs those itself at
	// Info, with its own context); nil means slog.Default().
	Logger *slog.Logger

	mu        sync.Mutex
	listeners map[*net.Listener]struct{}
	conns     map[*ServerConn]struct{}
	closed    atomic.Bool
	shutdown  atomic.Bool
	connsDone chan struct{} // closed and replaced when conns becomes empty

	flushMu     sync.Mutex
	flushShards []*flushShard // flush mode's writers (conn_flush.go), created on first use
	flushNext   int
}

func (s *Server) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

func durOr(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	if d < 0 {
		return 0
	}
	return d
}

// limitOr returns def for zero, no limit (0) for negative n, else n.
func limitOr(n, def int) int {
	if n == 0 {
		return def
	}
	if n < 0 {
		return 0
	}
	return n
}

// ListenAndServe listens on s.Addr and calls Serve.
func (s *Server) ListenAndServe() error {
	if s.closed.Load() {
		return ErrServerClosed
	}
	addr := s.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(l)
}

// ListenAndServeTLS listens on s.Addr and serves rtmps: TLS with the given
// certificate and key files (which may be empty when s.TLSConfig already
// holds certificates).
func (s *Server) ListenAndServeTLS(certFile, keyFile string) error {
	if s.closed.Load() {
		return ErrServerClosed
	}
	cfg := &tls.Config{}
	if s.TLSConfig != nil {
		cfg = s.TLSConfig.Clone()
	}
	if certFile != "" || keyFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return err
		}
		cfg.Certificates = append(cfg.Certificates, cert)
	}
	addr := s.Addr
	if addr == "" {
		addr = DefaultTLSAddr
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(tls.NewListener(l, cfg))
}

// Serve accepts connections on l and serves each in its own goroutines. It
// backs off on temporary accept errors and returns ErrServerClosed after
// Shutdown or Close; l is closed on return.
func (s *Server) Serve(l net.Listener) error {
	if !s.trackListener(&l, true) {
		l.Close()
		return ErrServerClosed
	}
	defer s.trackListener(&l, false)
	defer l.Close()
	var delay time.Duration
	for {
		nc, err := l.Accept()
		if err != nil {
			if s.closed.Load() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || isTemporary(err) {
				if delay == 0 {
					delay = 5 * time.Millisecond
				} else if delay *= 2; delay > time.Second {
					delay = time.Second
				}
				s.logger().Warn("rtmp: accept error; retrying", "err", err, "delay", delay)
				time.Sleep(delay)
				continue
			}
			return err
		}
		delay = 0
		c := newServerConn(s, nc)
		if err := s.addConn(c); err != nil {
			nc.Close()
			if err == ErrServerClosed {
				return err
			}
			continue
		}
		go c.serve()
	}
}

// isTemporary reports accept errors worth retrying (EMFILE, ECONNABORTED...).
func isTemporary(err error) bool {
	t, ok := err.(interface{ Temporary() bool })
	return ok && t.Temporary()
}

func (s *Server) trackListener(l *net.Listener, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		if s.closed.Load() {
			return false
		}
		if s.listeners == nil {
			s.listeners = make(map[*net.Listener]struct{})
		}
		s.listeners[l] = struct{}{}
	} else {
		delete(s.listeners, l)
	}
	return true
}

// errConnLimit is addConn's answer for a connection over Server.MaxConns.
var errConnLimit = errors.New("rtmp: connection limit reached")

// addConn tracks a new connection, from Serve or ServeConn alike. It fails
// with ErrServerClosed after Close/Shutdown and with errConnLimit (logged)
// when MaxConns connections are open; the check and the insertion are one
// critical section, so concurrent ServeConn calls cannot overshoot.
func (s *Server) addConn(c *ServerConn) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		return ErrServerClosed
	}
	if s.MaxConns > 0 && len(s.conns) >= s.MaxConns {
		s.logger().Warn("rtmp: connection limit reached", "remote", c.nc.RemoteAddr().String(), "max", s.MaxConns)
		return errConnLimit
	}
	if s.conns == nil {
		s.conns = make(map[*ServerConn]struct{})
	}
	s.conns[c] = struct{}{}
	return nil
}

// dropConn forgets a connection that has ended.
func (s *Server) dropConn(c *ServerConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.conns[c]; ok {
		delete(s.conns, c)
		if len(s.conns) == 0 && s.connsDone != nil {
			close(s.connsDone)
			s.connsDone = nil
		}
	}
}

// closeListeners marks the server closed and closes its listeners; it returns
// a snapshot of the open connections.
func (s *Server) closeListeners() []*ServerConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed.Store(true)
	for l := range s.listeners {
		(*l).Close()
	}
	s.listeners = nil
	conns := make([]*ServerConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	return conns
}

// Close closes the listeners and every connection at once, without telling
// clients. It returns nil; Serve returns ErrServerClosed.
func (s *Server) Close() error {
	for _, c := range s.closeListeners() {
		c.Close()
	}
	return nil
}

// Shutdown stops the server gracefully: it closes the listeners, tells every
// publisher NetStream.Unpublish.Success and every player
// NetStream.Play.UnpublishNotify and NetStream.Play.Stop, flushes what is
// queued, then closes each connection. It waits until every connection is
// gone or ctx is done; in the latter case it closes the rest at once and
// returns ctx.Err().
func (s *Server) Shutdown(ctx context.Context) error {
	s.shutdown.Store(true)
	conns := s.closeListeners()
	s.mu.Lock()
	var done chan struct{}
	if len(s.conns) > 0 {
		if s.connsDone == nil {
			s.connsDone = make(chan struct{})
		}
		done = s.connsDone
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.shutdownGracefully()
	}
	if done == nil {
		return nil
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.Close()
		return ctx.Err()
	}
}

// ServeConn serves one already accepted connection (from an RTMPT tunnel, a
// test pipe, a custom listener) and returns when it is closed or hijacked.
// Like Serve it honours MaxConns: a connection over the limit is closed at
// once.
func (s *Server) ServeConn(nc net.Conn) {
	c := newServerConn(s, nc)
	if s.addConn(c) != nil {
		nc.Close()
		return
	}
	c.serve()
}
