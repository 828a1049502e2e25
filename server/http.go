package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/rtmpkit/rtmp/rtmpt"
)

// readHeaderTimeout bounds how long an HTTP client may take to send its
// request headers (slowloris).
const readHeaderTimeout = 10 * time.Second

// httpServer is the server's optional HTTP listener and what it serves.
type httpServer struct {
	srv   *http.Server
	ln    net.Listener
	rtmpt *rtmpt.Handler
	done  chan error
}

// startHTTP opens Config.HTTP.Listen, if set, and serves it in the
// background: the RTMPT tunnel hands each session to the RTMP server as a
// connection of its own.
func (s *Server) startHTTP() error {
	if s.cfg.HTTP.Listen == "" {
		return nil
	}
	s.mu.Lock()
	started := s.http != nil
	s.mu.Unlock()
	if started {
		return nil
	}
	ln, err := net.Listen("tcp", s.cfg.HTTP.Listen)
	if err != nil {
		return err
	}
	h := &httpServer{ln: ln, done: make(chan error, 1)}
	mux := http.NewServeMux()
	if s.cfg.HTTP.RTMPT {
		h.rtmpt = rtmpt.NewHandler(s.rtmp.ServeConn)
		h.rtmpt.Logger = s.log
		for _, p := range []string{"/open/", "/send/", "/idle/", "/close/", "/fcs/"} {
			mux.Handle(p, h.rtmpt)
		}
	}
	h.srv = &http.Server{Handler: mux, ReadHeaderTimeout: readHeaderTimeout, ErrorLog: nil}
	s.mu.Lock()
	s.http = h
	s.mu.Unlock()
	s.log.Info("http listening", "addr", ln.Addr().String(), "rtmpt", s.cfg.HTTP.RTMPT,
		"url", "rtmpt://"+ln.Addr().String()+"/")
	go func() { h.done <- h.srv.Serve(ln) }()
	return nil
}

// HTTPAddr returns the address of the HTTP listener, or nil when there is none.
func (s *Server) HTTPAddr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.http == nil {
		return nil
	}
	return s.http.ln.Addr()
}

// stopHTTP closes the HTTP listener and the RTMPT sessions. When graceful it
// waits for in-flight requests (bounded by ctx); otherwise it closes at once.
func (s *Server) stopHTTP(ctx context.Context, graceful bool) {
	s.mu.Lock()
	h := s.http
	s.http = nil
	s.mu.Unlock()
	if h == nil {
		return
	}
	if graceful {
		h.srv.Shutdown(ctx)
	} else {
		h.srv.Close()
	}
	if h.rtmpt != nil {
		h.rtmpt.Close()
	}
	if err := <-h.done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		s.log.Error("http serve", "err", err)
	}
}
