package loadgen

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/server"
)

// startServer runs rtmpkit's media server on a free loopback port and
// returns its rtmp:// base URL (with the "live" application).
func startServer(t *testing.T) string {
	t.Helper()
	cfg := server.DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
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
	return "rtmp://" + srv.Addr().String() + "/live/"
}

func TestPlayBenchAgainstServer(t *testing.T) {
	base := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const players, bitrate = 8, 500_000
	r, err := PlayBench(ctx, PlayConfig{
		URL: base + "bench", Players: players, Window: 2 * time.Second, Ramp: 50,
		PublishBitrate: bitrate, PID: os.Getpid(), SampleCore: true, CPUCore: 0,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r.Summary())
	if r.KeptUp != players || r.Joined != players || r.Failed != 0 {
		t.Errorf("kept up %d, joined %d, failed %d of %d (%s)", r.KeptUp, r.Joined, r.Failed, players, r.FirstError)
	}
	if r.FirstKeyframe != players {
		t.Errorf("%d players started on a keyframe, want all %d (GOP cache)", r.FirstKeyframe, players)
	}
	want := float64(players*bitrate) / 1e6
	if r.DeliveredMbps < 0.8*want || r.DeliveredMbps > 1.25*want {
		t.Errorf("delivered %.2f Mbit/s, want about %.2f", r.DeliveredMbps, want)
	}
	for i, p := range r.PerPlayer {
		// The self-publisher let one 2 s GOP through before the players
		// joined, so each got the cached GOP then live frames.
		if p.Video < 60 || p.Audio < 80 || p.Expected == 0 || p.Join <= 0 || p.Join > 2*time.Second {
			t.Errorf("player %d: %+v", i, p)
		}
	}
	if r.Lag.Max > time.Second || r.Join.P50 <= 0 {
		t.Errorf("lag %+v join %+v", r.Lag, r.Join)
	}
	if r.Server.Samples < 2 || r.Server.CPUPerSec <= 0 || r.Server.RSSPeak <= 0 {
		t.Errorf("server cost not sampled: %+v", r.Server)
	}
	// Core 0 was sampled (it may have been idle: the busy time is counted
	// in 10 ms ticks; TestSamplerCore checks the arithmetic), within one
	// core, softirq a part of busy.
	if s := r.Server; s.Core != 0 || s.CoreBusyPerSec < 0 || s.CoreBusyPerSec > 1.05 || s.CoreSoftirqPerSec > s.CoreBusyPerSec {
		t.Errorf("core 0 not sampled: %+v", s)
	}
	if !strings.Contains(r.Summary(), ", core 0 busy ") {
		t.Errorf("summary without the core: %s", r.Summary())
	}
}

func TestPlayBenchNoStream(t *testing.T) {
	// Players of a stream nobody publishes join but receive nothing: none
	// kept up.
	base := startServer(t)
	r, err := PlayBench(context.Background(), PlayConfig{URL: base + "nothing", Players: 3, Window: 300 * time.Millisecond, Settle: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.KeptUp != 0 || r.Joined != 0 || r.Video != 0 {
		t.Errorf("result for an unpublished stream: %s", r.Summary())
	}
}

func TestPublishBenchAgainstServer(t *testing.T) {
	base := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const pubs, bitrate = 6, 1_000_000
	r, err := PublishBench(ctx, PublishConfig{URL: base + "ingest", Publishers: pubs, Bitrate: bitrate, Window: 1500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r.Summary())
	if r.Started != pubs || r.Dropped != 0 {
		t.Errorf("started %d, dropped %d of %d (%s)", r.Started, r.Dropped, pubs, r.FirstError)
	}
	want := float64(pubs*bitrate) / 1e6
	if r.SentMbps < 0.7*want || r.SentMbps > 1.3*want {
		t.Errorf("sent %.2f Mbit/s, want about %.2f", r.SentMbps, want)
	}
	if r.Server.PID != 0 || r.Server.Core != -1 || strings.Contains(r.Summary(), "core") {
		t.Errorf("server cost without a pid or core: %+v", r.Server)
	}
}

func TestPublishBenchRefused(t *testing.T) {
	// Two publishers of one name: the server refuses the second.
	base := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	go PublishBench(ctx, PublishConfig{URL: base + "dup", Window: 3 * time.Second, Bitrate: 100_000})
	time.Sleep(300 * time.Millisecond)
	r, err := PublishBench(ctx, PublishConfig{URL: base + "dup", Window: 200 * time.Millisecond, Bitrate: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	if r.Started != 0 || r.Dropped != 1 || r.FirstError == "" {
		t.Errorf("duplicate publisher: %s", r.Summary())
	}
}

func TestPlayBenchReadInterval(t *testing.T) {
	// Paced players still keep up; their lag is coarser by up to the
	// interval, their join time is not.
	base := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const players, interval = 4, 200 * time.Millisecond
	r, err := PlayBench(ctx, PlayConfig{
		URL: base + "paced", Players: players, Window: 2 * time.Second, PublishBitrate: 300_000, ReadInterval: interval,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r.Summary())
	if r.KeptUp != players || r.Failed != 0 {
		t.Errorf("kept up %d, failed %d of %d (%s)", r.KeptUp, r.Failed, players, r.FirstError)
	}
	if r.Lag.P99 < interval/2 || r.Lag.Max > interval+300*time.Millisecond || r.Join.Max > interval {
		t.Errorf("lag %+v, join %+v with reads every %v", r.Lag, r.Join, interval)
	}
}
