package server

import (
	"errors"
	"net"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
)

// With the default configuration a client that finishes the handshake and
// then says nothing is disconnected (Timeouts.Connect); before the fix it
// held the connection for ever.
func TestSilentAfterHandshakeTimesOut(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Timeouts.Connect = 300 * time.Millisecond
	s := startServer(t, cfg)
	c := dialRaw(t, s.Addr().String())
	c.nc.SetReadDeadline(time.Now().Add(3 * time.Second))
	_, err := c.cr.ReadMessage()
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("connection still open 3 s after the handshake with nothing sent (connect timeout %v)", cfg.Timeouts.Connect)
	}
}

// The default timeouts: connect 10 s, idle 60 s; New keeps an explicit zero
// idle timeout (no limit) and fills a zero connect timeout.
func TestDefaultTimeouts(t *testing.T) {
	d := DefaultConfig().Timeouts
	if d.Connect != rtmp.DefaultConnectTimeout || d.Idle != DefaultIdleTimeout || DefaultIdleTimeout != time.Minute {
		t.Errorf("default timeouts %+v, want connect 10s, idle 1m", d)
	}
	cfg := DefaultConfig()
	cfg.Timeouts.Idle = 0
	cfg.Timeouts.Connect = 0
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Config().Timeouts; got.Idle != 0 || got.Connect != 10*time.Second {
		t.Errorf("New filled timeouts to %+v, want idle 0 (none), connect 10s", got)
	}
	if r := s.RTMP(); r.IdleTimeout != 0 || r.ConnectTimeout != 10*time.Second {
		t.Errorf("rtmp.Server idle %v connect %v", r.IdleTimeout, r.ConnectTimeout)
	}
	cfg.Timeouts.Idle = 45 * time.Second
	s, _ = New(cfg)
	if r := s.RTMP(); r.IdleTimeout != 45*time.Second {
		t.Errorf("rtmp.Server idle %v, want 45s", r.IdleTimeout)
	}
}
