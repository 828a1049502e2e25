package loadgen

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// PublishConfig configures PublishBench. Zero fields take the defaults of
// PlayConfig and SynthConfig.
type PublishConfig struct {
	// URL names the application and the stream; with more than one
	// publisher, publisher i publishes the stream name suffixed "-i".
	URL        string
	Publishers int           // default 1
	Bitrate    int           // bits per second per publisher (default DefaultSynthBitrate)
	Window     time.Duration // measurement window (default DefaultWindow)
	Ramp       float64       // connections opened per second; 0: all at once
	// SetupTimeout bounds dial to NetStream.Publish.Start, per publisher.
	SetupTimeout time.Duration
	PID          int // server process to sample, if not 0
	// SampleCore and CPUCore: as in PlayConfig, the core whose busy time
	// is sampled.
	SampleCore bool
	CPUCore    int
	ProcRoot   string // default DefaultProcRoot
}

// PublishResult is the outcome of PublishBench.
type PublishResult struct {
	URL         string        `json:"url"`
	Publishers  int           `json:"publishers"`
	Window      time.Duration `json:"window_ns"`
	Started     int           `json:"started"` // publishers that got NetStream.Publish.Start
	Dropped     int           `json:"dropped"` // connections that failed before the end
	FirstError  string        `json:"first_error,omitempty"`
	WindowBytes int64         `json:"window_bytes"` // media bytes sent during the window
	SentMbps    float64       `json:"sent_mbps"`
	Setup       Percentiles   `json:"setup"` // dial to NetStream.Publish.Start
	Server      ServerCost    `json:"server"`
}

// PublishBench runs cfg.Publishers synthetic publishers, each of its own
// stream, for the window, then stops them and reports what was sent, how
// many connections dropped, and the server's cost.
func PublishBench(ctx context.Context, cfg PublishConfig) (*PublishResult, error) {
	t, err := ParseTarget(cfg.URL)
	if err != nil {
		return nil, err
	}
	pc := PlayConfig{Window: cfg.Window, SetupTimeout: cfg.SetupTimeout, ProcRoot: cfg.ProcRoot, Players: cfg.Publishers}.withDefaults()
	synth, err := NewSynth(SynthConfig{Bitrate: cfg.Bitrate})
	if err != nil {
		return nil, err
	}
	core, err := sampledCore(pc.ProcRoot, cfg.SampleCore, cfg.CPUCore)
	if err != nil {
		return nil, err
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	smp := newSampler(pc.ProcRoot, cfg.PID, core, sampleInterval)
	pubs := make([]publisher, pc.Players)
	var wg sync.WaitGroup
	begin := time.Now()
	for i := range pubs {
		if cfg.Ramp > 0 {
			sleep(ctx, time.Until(begin.Add(time.Duration(float64(i)/cfg.Ramp*float64(time.Second)))))
		}
		o := playOptions{target: t, readBuf: 4 << 10, setupLimit: pc.SetupTimeout}
		if len(pubs) > 1 {
			o.target = t.withStream(fmt.Sprintf("%s-%d", t.Stream, i))
		}
		wg.Add(1)
		go func() { defer wg.Done(); pubs[i].run(ctx, o, synth) }()
	}
	// The window starts once every publisher is publishing (or the setup
	// timeout passed).
	settleEnd := time.Now().Add(pc.SetupTimeout)
	for time.Now().Before(settleEnd) && ctx.Err() == nil && !allStarted(pubs) {
		sleep(ctx, 20*time.Millisecond)
	}
	start := make([]int64, len(pubs))
	for i := range pubs {
		start[i] = pubs[i].bytes.Load()
	}
	smp.markWindow()
	windowStart := time.Now()
	sleep(ctx, pc.Window)
	r := &PublishResult{URL: cfg.URL, Publishers: len(pubs), Window: time.Since(windowStart)}
	for i := range pubs {
		r.WindowBytes += pubs[i].bytes.Load() - start[i]
	}
	r.Server = smp.finish(len(pubs))
	cancel()
	wg.Wait()
	setups := make([]time.Duration, 0, len(pubs))
	for i := range pubs {
		p := &pubs[i]
		if p.started.Load() {
			r.Started++
			setups = append(setups, p.setup)
		}
		if p.err != nil {
			r.Dropped++
			if r.FirstError == "" {
				r.FirstError = p.err.Error()
			}
		}
	}
	r.Setup = PercentilesOf(setups)
	r.SentMbps = float64(r.WindowBytes) * 8 / 1e6 / r.Window.Seconds()
	return r, parent.Err()
}

// allStarted reports whether every publisher started or failed.
func allStarted(pubs []publisher) bool {
	for i := range pubs {
		if !pubs[i].started.Load() && !pubs[i].done.Load() {
			return false
		}
	}
	return true
}
