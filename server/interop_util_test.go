package server_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/hub"
	"github.com/rtmpkit/rtmp/server"
)

// startInterop starts a media server on a free loopback port with the
// default configuration changed by mod, and shuts it down when t ends.
func startInterop(t *testing.T, mod func(*server.Config)) *server.Server {
	t.Helper()
	cfg := server.DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.Logger = slog.New(slog.DiscardHandler)
	if mod != nil {
		mod(&cfg)
	}
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
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return srv
}

// waitSubscribers waits until key has at least n subscribers in the
// server's hub, so players are known to be waiting before a publish starts.
func waitSubscribers(t *testing.T, srv *server.Server, key hub.Key, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st, _ := srv.Hub().StreamStats(key)
		if len(st.Subscribers) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v: %d subscribers after %v, want %d", key, len(st.Subscribers), timeout, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitPublishing waits until key is being published.
func waitPublishing(t *testing.T, srv *server.Server, key hub.Key, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !srv.Hub().Publishing(key) {
		if time.Now().After(deadline) {
			t.Fatalf("%v not published after %v", key, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stem returns a test file's name without .flv, for subtest and stream names.
func stem(file string) string { return file[:len(file)-len(filepath.Ext(file))] }
