package rtmptest

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
)

// Server is an rtmp.Server listening on a loopback port for one test.
type Server struct {
	// URL is the server's base URL, "rtmp://127.0.0.1:PORT"; append
	// "/app/stream".
	URL string
	// Addr is the listening address, "127.0.0.1:PORT".
	Addr string
	// Server is the running server; configure it through the fn argument of
	// NewServer rather than by changing fields after start.
	Server *rtmp.Server
}

// NewServer starts an rtmp.Server with handler h on 127.0.0.1:0 and shuts it
// down on t.Cleanup (gracefully, then forcibly after a second). Each fn may
// adjust the server's fields before it starts serving.
func NewServer(t testing.TB, h rtmp.Handler, fn ...func(*rtmp.Server)) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("rtmptest: listen: %v", err)
	}
	srv := &rtmp.Server{Handler: h}
	for _, f := range fn {
		f(srv)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l)
	}()
	s := &Server{URL: "rtmp://" + l.Addr().String(), Addr: l.Addr().String(), Server: srv}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
	})
	return s
}
