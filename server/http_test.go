package server

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/rtmpt"
)

// TestRTMPTListener: with http.listen set, a client publishing over
// rtmpt:// reaches the same hub as RTMP players, and Shutdown closes the
// HTTP listener.
func TestRTMPTListener(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.HTTP.Listen = "127.0.0.1:0"
	cfg.Logger = slog.New(slog.DiscardHandler)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	httpAddr := s.HTTPAddr()
	if httpAddr == nil {
		t.Fatal("HTTPAddr is nil with http.listen set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	player, err := rtmp.Dial(ctx, s.URL()+"/live/tunnel", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer player.Close()
	ps, err := player.Play(ctx, "tunnel", -1000, -1, true)
	if err != nil {
		t.Fatal(err)
	}

	tunnel := func(ctx context.Context, u *rtmp.URL) (net.Conn, error) {
		return rtmpt.Dial(ctx, "http://"+u.Address(), nil)
	}
	pub, err := rtmp.Dial(ctx, "rtmpt://"+httpAddr.String()+"/live/tunnel", &rtmp.ClientConfig{DialTunnel: tunnel})
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	st, err := pub.Publish(ctx, "tunnel", "live")
	if err != nil {
		t.Fatal(err)
	}
	sent := synthStream(30)
	for _, tg := range sent {
		if err := st.WriteTag(tg); err != nil {
			t.Fatal(err)
		}
	}

	// The player must see every media tag, byte for byte, in order.
	var got []flv.Tag
	for len(got) < len(sent) {
		tg, err := ps.ReadTagContext(ctx)
		if err != nil {
			t.Fatalf("after %d tags: %v", len(got), err)
		}
		if tg.Type == flv.TagAudio || tg.Type == flv.TagVideo {
			got = append(got, tg)
		}
	}
	for i := range sent {
		if got[i].Type != sent[i].Type || !bytes.Equal(got[i].Data, sent[i].Data) {
			t.Fatalf("tag %d: got %v %x, want %v %x", i, got[i].Type, got[i].Data, sent[i].Type, sent[i].Data)
		}
	}

	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if err := s.Shutdown(sctx); err != nil {
		t.Fatal(err)
	}
	if s.HTTPAddr() != nil {
		t.Error("HTTPAddr still set after Shutdown")
	}
	if c, err := net.DialTimeout("tcp", httpAddr.String(), time.Second); err == nil {
		c.Close()
		t.Error("HTTP listener still accepts after Shutdown")
	}
}
