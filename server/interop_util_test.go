package server_test

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/hub"
	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/internal/testmedia"
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

// expectation says how much of the source a recording must hold: Share of
// each stream's packets (1 = all), within Tolerance (0.1 = ±10 %).
type expectation struct {
	Share     float64
	Tolerance float64
	// MaxGap, when set, bounds the largest DTS step between packets.
	MaxGap time.Duration
}

// checkRecording compares the FLV file a player wrote with the source file
// it was published from: the same media types with the same codec names,
// per-stream packet counts within the tolerance of the expected share, the
// first video packet a keyframe, DTS never decreasing, and no gap above
// MaxGap.
func checkRecording(t *testing.T, path, source string, want expectation) {
	t.Helper()
	src := testmedia.Probe(t, source)
	got := peertest.ProbeFile(t, path)
	if fmt.Sprint(mediaCodecs(got)) != fmt.Sprint(mediaCodecs(src)) {
		t.Errorf("%s: codecs %v, source %v", filepath.Base(path), mediaCodecs(got), mediaCodecs(src))
	}
	for _, ss := range src.Streams {
		gs := got.Stream(ss.CodecType)
		if gs == nil {
			continue // reported above
		}
		exp := want.Share * float64(len(ss.Packets))
		n := float64(len(gs.Packets))
		if math.Abs(n-exp) > want.Tolerance*exp {
			t.Errorf("%s %s: %d packets, want %.0f ±%.0f%% (source has %d)", filepath.Base(path), ss.CodecType,
				len(gs.Packets), exp, 100*want.Tolerance, len(ss.Packets))
		}
		if err := gs.CheckMonotonic(); err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
		}
		if ss.CodecType == "video" && !gs.FirstIsKeyframe() {
			t.Errorf("%s: first video packet is not a keyframe", filepath.Base(path))
		}
		if want.MaxGap > 0 {
			if g, at := gs.MaxGap(); g >= want.MaxGap {
				t.Errorf("%s %s: DTS gap of %v before packet %d (limit %v)", filepath.Base(path), ss.CodecType, g, at, want.MaxGap)
			}
		}
		t.Logf("%s %s: %d/%d packets, span %v", filepath.Base(path), ss.CodecType, len(gs.Packets), len(ss.Packets), gs.Duration())
	}
}

// mediaCodecs returns the codec names of the audio and video streams.
func mediaCodecs(p *peertest.Probe) map[string]string {
	m := map[string]string{}
	for k, v := range p.Codecs() {
		if k == "audio" || k == "video" {
			m[k] = v
		}
	}
	return m
}

// stem returns a test file's name without .flv, for subtest and stream names.
func stem(file string) string { return file[:len(file)-len(filepath.Ext(file))] }
