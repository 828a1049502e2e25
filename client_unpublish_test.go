package rtmp_test

import (
	"context"
	"errors"
	"io"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
	"github.com/rtmpkit/rtmp/server"
)

// startMediaServer runs rtmpkit's media server (live fan-out through the
// hub) on a free loopback port and returns its rtmp:// base URL.
func startMediaServer(t *testing.T) string {
	t.Helper()
	cfg := server.DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.Logger = discardLogger()
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return "rtmp://" + srv.Addr().String()
}

// codeLog records the onStatus codes and user control events a client
// receives.
type codeLog struct {
	mu    sync.Mutex
	codes []string
}

func (l *codeLog) add(s string) {
	l.mu.Lock()
	l.codes = append(l.codes, s)
	l.mu.Unlock()
}

func (l *codeLog) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.codes {
		if c == s {
			return true
		}
	}
	return false
}

// waitFor reports whether s was recorded within d.
func (l *codeLog) waitFor(s string, d time.Duration) bool {
	for deadline := time.Now().Add(d); !l.has(s); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			return false
		}
	}
	return true
}

// snapshot returns the codes recorded so far.
func (l *codeLog) snapshot() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.codes)
}

func (l *codeLog) config(wait bool) *rtmp.ClientConfig {
	return &rtmp.ClientConfig{
		WaitRepublish: wait,
		Logger:        discardLogger(),
		OnStatus:      func(_ *rtmp.ClientConn, _ uint32, st message.Status) { l.add(st.Code) },
		OnUserControl: func(_ *rtmp.ClientConn, ev message.UserControl) { l.add(eventString(ev)) },
	}
}

// publishKeyframe publishes name on a new connection with one sequence
// header and one keyframe at ts, and returns the connection.
func publishKeyframe(t *testing.T, ctx context.Context, base, name string, ts uint32) *rtmp.ClientConn {
	t.Helper()
	pub, err := rtmp.Dial(ctx, base+"/live/"+name, &rtmp.ClientConfig{Logger: discardLogger()})
	if err != nil {
		t.Fatalf("Dial publisher: %v", err)
	}
	st, err := pub.Publish(ctx, name, "live")
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	for _, tag := range []flv.Tag{
		{Type: flv.TagVideo, Timestamp: ts, Data: []byte{0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1f, 0xff}},
		{Type: flv.TagVideo, Timestamp: ts, Data: []byte{0x17, 1, 0, 0, 0, 0, 0, 0, 2, 0x65, byte(ts)}},
	} {
		if err := st.WriteTag(tag); err != nil {
			t.Fatalf("WriteTag: %v", err)
		}
	}
	return pub
}

// readKeyframe reads until the keyframe (not the sequence header)
// published at ts arrives.
func readKeyframe(t *testing.T, ctx context.Context, s *rtmp.Stream, ts uint32) {
	t.Helper()
	for {
		tag, err := s.ReadTagContext(ctx)
		if err != nil {
			t.Fatalf("ReadTag waiting for the keyframe at %d: %v", ts, err)
		}
		if tag.Type == flv.TagVideo && len(tag.Data) > 1 && tag.Data[1] == 1 && tag.Data[len(tag.Data)-1] == byte(ts) {
			return
		}
	}
}

// TestClientPublisherLeaves: a live player on our server and on
// nginx-rtmp sees io.EOF promptly when the publisher leaves, or with
// WaitRepublish keeps waiting and plays the next publisher.
func TestClientPublisherLeaves(t *testing.T) {
	servers := []struct {
		name  string
		start func(*testing.T) string
		// what tells the player the publisher left
		signal string
	}{
		{"rtmpkit", startMediaServer, rtmp.CodePlayUnpublishNotify},
		{"nginx-rtmp", startNginx, "StreamEOF(1)"},
	}
	for _, sv := range servers {
		for _, wait := range []bool{false, true} {
			name := sv.name + "/default"
			if wait {
				name = sv.name + "/WaitRepublish"
			}
			t.Run(name, func(t *testing.T) {
				base := sv.start(t)
				ctx := ctxT(t)
				var log codeLog
				player, err := rtmp.Dial(ctx, base+"/live/k", log.config(wait))
				if err != nil {
					t.Fatalf("Dial player: %v", err)
				}
				defer player.Close()
				ps, err := player.Play(ctx, "k", rtmp.PlayLive, -1, false)
				if err != nil {
					t.Fatalf("Play: %v", err)
				}
				defer ps.Close()
				pub := publishKeyframe(t, ctx, base, "k", 100)
				readKeyframe(t, ctx, ps, 100)
				pub.Close()
				left := time.Now()
				if !wait {
					for {
						_, err := ps.ReadTagContext(ctx)
						if err == io.EOF {
							break
						}
						if err != nil {
							t.Fatalf("ReadTag after the publisher left = %v, want io.EOF", err)
						}
					}
					if d := time.Since(left); d > 2*time.Second {
						t.Errorf("io.EOF %v after the publisher left", d)
					}
					// The stream may end on the status message before the
					// user control event that follows it is dispatched.
					if !log.waitFor(sv.signal, time.Second) {
						t.Errorf("the player never saw %s: %q", sv.signal, log.snapshot())
					}
					return
				}
				// The play stays open past the signal...
				if !log.waitFor(sv.signal, 5*time.Second) {
					t.Fatalf("the player never saw %s: %q", sv.signal, log.snapshot())
				}
				short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
				for {
					_, err := ps.ReadTagContext(short)
					if errors.Is(err, context.DeadlineExceeded) {
						break
					}
					if err != nil {
						t.Fatalf("ReadTag after the publisher left = %v, want it waiting", err)
					}
				}
				cancel()
				// ...and plays the next publisher.
				pub2 := publishKeyframe(t, ctx, base, "k", 200)
				defer pub2.Close()
				readKeyframe(t, ctx, ps, 200)
			})
		}
	}
}
