package rtmp_test

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// muteServer accepts connections and never answers (not even the
// handshake).
func muteServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				io.Copy(io.Discard, c)
			}()
		}
	}()
	return "rtmp://" + l.Addr().String()
}

// TestClientDialBound: Dial ends by the earlier of the context's deadline
// and ClientConfig.Timeout, whichever phase (handshake or connect) the
// server stalls in.
func TestClientDialBound(t *testing.T) {
	const short, long = 300 * time.Millisecond, time.Minute
	tests := []struct {
		name             string
		stallInHandshake bool
		ctxTimeout       time.Duration // 0: no deadline
		timeout          time.Duration
	}{
		{"handshake: Timeout shorter than ctx", true, long, short},
		{"connect: Timeout shorter than ctx", false, long, short},
		{"handshake: ctx shorter than Timeout", true, short, long},
		{"connect: ctx shorter than Timeout", false, short, long},
		{"connect: no ctx deadline", false, 0, short},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var base string
			if tc.stallInHandshake {
				base = muteServer(t)
			} else {
				base = fakeServer(t, func(c net.Conn, r io.Reader) { io.Copy(io.Discard, r) })
			}
			ctx := context.Background()
			if tc.ctxTimeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.ctxTimeout)
				defer cancel()
			}
			start := time.Now()
			c, err := rtmp.Dial(ctx, base+"/app", &rtmp.ClientConfig{Timeout: tc.timeout, Logger: discardLogger()})
			took := time.Since(start)
			if err == nil {
				c.Close()
				t.Fatal("Dial to a stalled server succeeded")
			}
			if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("Dial = %v, want a deadline error", err)
			}
			if took < short-50*time.Millisecond || took > short+2*time.Second {
				t.Errorf("Dial gave up after %v, want about %v", took, short)
			}
		})
	}
}

// deadlineConn records the deadlines set on a connection.
type deadlineConn struct {
	net.Conn
	mu        sync.Mutex
	deadlines []time.Time
}

func (c *deadlineConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	c.deadlines = append(c.deadlines, t)
	c.mu.Unlock()
	return c.Conn.SetDeadline(t)
}

// TestClientDialHandshakeDeadline: under Dial the handshake gets the
// dial's whole bound (not DefaultHandshakeTimeout) unless
// HandshakeTimeout is set.
func TestClientDialHandshakeDeadline(t *testing.T) {
	tests := []struct {
		name      string
		ctx       time.Duration // context deadline from now
		timeout   time.Duration // ClientConfig.Timeout
		handshake time.Duration // ClientConfig.HandshakeTimeout
		want      time.Duration // handshake deadline from now
	}{
		{"Timeout", 2 * time.Minute, time.Minute, 0, time.Minute},
		{"ctx deadline", 40 * time.Second, time.Minute, 0, 40 * time.Second},
		{"default Timeout", 2 * time.Minute, 0, 0, rtmp.DefaultDialTimeout},
		{"HandshakeTimeout", 2 * time.Minute, time.Minute, 5 * time.Second, 5 * time.Second},
		{"HandshakeTimeout longer than Timeout", 2 * time.Minute, 20 * time.Second, 50 * time.Second, 20 * time.Second},
	}
	srv := rtmptest.NewServer(t, newTestHub(), func(s *rtmp.Server) { s.Logger = discardLogger() }).URL
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), tc.ctx)
			defer cancel()
			var dc *deadlineConn
			cfg := &rtmp.ClientConfig{
				Timeout: tc.timeout, HandshakeTimeout: tc.handshake, Logger: discardLogger(),
				DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
					c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
					if err != nil {
						return nil, err
					}
					dc = &deadlineConn{Conn: c}
					return dc, nil
				},
			}
			start := time.Now()
			c, err := rtmp.Dial(ctx, srv+"/app", cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			dc.mu.Lock()
			defer dc.mu.Unlock()
			if len(dc.deadlines) == 0 {
				t.Fatal("no deadline set for the handshake")
			}
			got := dc.deadlines[0].Sub(start)
			if got < tc.want-time.Second || got > tc.want+time.Second {
				t.Errorf("handshake deadline %v from the start, want %v", got.Round(time.Millisecond), tc.want)
			}
		})
	}
}
