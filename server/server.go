package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"slices"
	"sync"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/hub"
)

// Server is the media server: an rtmp.Handler backed by a hub.Hub, with
// access rules, the auth callback and recording, plus the rtmp.Server that
// listens for it. Create one with New.
type Server struct {
	cfg  Config
	hub  *hub.Hub
	rtmp *rtmp.Server
	auth *authorizer
	log  *slog.Logger

	mu       sync.Mutex
	ln       net.Listener
	http     *httpServer
	serveErr chan error
}

// New returns a Server configured by cfg (zero fields take their defaults;
// see DefaultConfig). It does not listen yet: call ListenAndServe, Start or
// Serve.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	auth, err := newAuthorizer(cfg.Auth, cfg.HTTPClient)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, hub: hub.New(cfg.Hub.hubConfig()), auth: auth, log: log}
	s.rtmp = &rtmp.Server{
		Addr:              cfg.Listen,
		Handler:           s,
		HandshakeTimeout:  cfg.Timeouts.Handshake,
		ConnectTimeout:    cfg.Timeouts.Connect,
		IdleTimeout:       max(cfg.Timeouts.Idle, 0),
		WriteTimeout:      cfg.Timeouts.Write,
		WriteMergeWindow:  max(cfg.WriteMergeWindow, 0),
		ChunkSize:         cfg.ChunkSize,
		MaxMessageSize:    cfg.MaxMessageSize,
		MaxConns:          cfg.MaxConns,
		MaxStreamsPerConn: cfg.MaxStreamsPerConn,
		MaxQueuedBytes:    cfg.MaxQueuedBytes,
		MaxQueuedMessages: cfg.MaxQueuedMessages,
		Logger:            log,
	}
	return s, nil
}

// Config returns the effective configuration (defaults filled in).
func (s *Server) Config() Config { return s.cfg }

// Hub returns the server's hub, for stats or for publishing and subscribing
// in process.
func (s *Server) Hub() *hub.Hub { return s.hub }

// RTMP returns the underlying rtmp.Server (for ServeConn from other
// transports such as RTMPT). Its fields must not be changed.
func (s *Server) RTMP() *rtmp.Server { return s.rtmp }

// Listen opens the RTMP listener on Config.Listen without serving yet.
func (s *Server) listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	return ln, nil
}

// Start listens on Config.Listen and serves in a background goroutine. It
// returns once the listener is open, so Addr is valid; use "127.0.0.1:0" to
// get a free port in tests. Stop it with Shutdown or Close.
func (s *Server) Start() error {
	ln, err := s.listen()
	if err != nil {
		return err
	}
	s.logListening(ln)
	if err := s.startHTTP(); err != nil {
		ln.Close()
		return err
	}
	ch := make(chan error, 1)
	s.mu.Lock()
	s.serveErr = ch
	s.mu.Unlock()
	go func() { ch <- s.rtmp.Serve(ln) }()
	return nil
}

// ListenAndServe listens on Config.Listen (and Config.HTTP.Listen, if set)
// and serves until Shutdown or Close,
// then returns rtmp.ErrServerClosed.
func (s *Server) ListenAndServe() error {
	ln, err := s.listen()
	if err != nil {
		return err
	}
	s.logListening(ln)
	if err := s.startHTTP(); err != nil {
		ln.Close()
		return err
	}
	return s.rtmp.Serve(ln)
}

// Serve serves RTMP connections accepted on l until Shutdown or Close.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.ln == nil {
		s.ln = l
	}
	s.mu.Unlock()
	s.logListening(l)
	if err := s.startHTTP(); err != nil {
		l.Close()
		return err
	}
	return s.rtmp.Serve(l)
}

func (s *Server) logListening(l net.Listener) {
	s.log.Info("rtmp listening", "addr", l.Addr().String(), "url", "rtmp://"+l.Addr().String()+"/")
}

// Addr returns the address the server listens on, or nil before it does.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// URL returns "rtmp://HOST:PORT" for the listening address (append
// "/app/stream"), or "" before the server listens.
func (s *Server) URL() string {
	a := s.Addr()
	if a == nil {
		return ""
	}
	return "rtmp://" + a.String()
}

// Shutdown stops gracefully: publishers get NetStream.Unpublish.Success,
// players NetStream.Play.UnpublishNotify and NetStream.Play.Stop, recordings
// are closed, then the connections. ctx bounds the wait (the command uses
// Config.Timeouts.Shutdown); when it expires the rest are closed at once and
// ctx.Err() is returned.
func (s *Server) Shutdown(ctx context.Context) error {
	// RTMP first: tunnelled clients receive the goodbye messages through
	// HTTP polls, so the HTTP listener stops only afterwards.
	err := s.rtmp.Shutdown(ctx)
	s.stopHTTP(ctx, true)
	s.hub.Close()
	s.waitServe()
	return err
}

// Close closes the listener and every connection at once.
func (s *Server) Close() error {
	s.stopHTTP(context.Background(), false)
	err := s.rtmp.Close()
	s.hub.Close()
	s.waitServe()
	return err
}

func (s *Server) waitServe() {
	s.mu.Lock()
	ch := s.serveErr
	s.serveErr = nil
	s.mu.Unlock()
	if ch != nil {
		if err := <-ch; err != nil && !errors.Is(err, rtmp.ErrServerClosed) {
			s.log.Error("rtmp serve", "err", err)
		}
	}
}

// ServeRTMP implements rtmp.Handler: it checks the app on connect, applies
// the access rules and the callback to publish and play, and connects them
// to the hub.
func (s *Server) ServeRTMP(w rtmp.ResponseWriter, r *rtmp.Request) {
	switch r.Kind {
	case rtmp.KindConnect:
		s.connect(w, r)
	case rtmp.KindPublish:
		s.publish(w, r)
	case rtmp.KindPlay:
		s.play(w, r)
	case rtmp.KindCall:
		w.Reject(&rtmp.StatusError{Code: rtmp.CodeCallFailed, Description: "unknown method " + r.Method})
	}
}

func (s *Server) connect(w rtmp.ResponseWriter, r *rtmp.Request) {
	if len(s.cfg.Apps) > 0 && !slices.Contains(s.cfg.Apps, r.App) {
		s.log.Warn("connect rejected", "remote", remote(r), "app", r.App, "reason", "app not allowed")
		w.Reject(&rtmp.StatusError{Code: rtmp.CodeConnectInvalidApp, Description: "unknown application " + r.App})
		return
	}
	s.log.Info("connect", "remote", remote(r), "app", r.App, "tcurl", r.Conn.TCURL(), "flashver", r.Conn.FlashVer())
}

func remote(r *rtmp.Request) string {
	if r.Conn == nil || r.Conn.RemoteAddr() == nil {
		return ""
	}
	return r.Conn.RemoteAddr().String()
}
