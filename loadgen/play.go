package loadgen

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// PlayConfig configures PlayBench. Zero fields take the defaults below.
type PlayConfig struct {
	URL     string        // rtmp://host[:port]/app/stream
	Players int           // connections to open (default 1)
	Window  time.Duration // measurement window (default DefaultWindow)
	// Ramp is the number of connections opened per second; 0 opens them
	// all at once.
	Ramp float64
	// Settle bounds the wait, after the last connection was opened, for
	// every player to receive its first video frame before the window
	// starts (default DefaultSettle).
	Settle time.Duration
	// FPS is the stream's video frame rate for the keep-up criterion; 0
	// takes it from the stream's onMetaData (players without one are judged
	// on lateness alone).
	FPS float64
	// ReadBuffer is the read buffer of each player's connection
	// (rtmp.ClientConfig.ReadBufferSize; default DefaultReadBuffer).
	ReadBuffer int
	// ReadInterval, if not 0, makes each player, once it received its
	// first video frame, read from its socket at most once per interval
	// (sooner only when a read filled the buffer). A player otherwise reads
	// once per server write, and a read costs the load generator several
	// µs of CPU (system call, wake-up, the kernel's TCP receive path),
	// against a fraction of a µs per message: at 10,000 players that is
	// more than one core. Pacing bounds the reads at Players/ReadInterval a
	// second, at the price of lag resolution: a message's arrival is taken
	// when it is read, up to ReadInterval late, so lag grows by up to that
	// much (join time is measured before pacing starts). Keep it well under
	// a second, the keep-up criterion's lateness bound.
	ReadInterval time.Duration
	// SetupTimeout bounds dial to play request, per player (default
	// DefaultSetupTimeout).
	SetupTimeout time.Duration
	// PID, if not 0, is the server process whose CPU and RSS are sampled.
	PID int
	// SampleCore makes the bench sample the busy time of CPU core CPUCore
	// (the core the server is pinned to) from /proc/stat during the window:
	// unlike the process's CPU time it includes the kernel's softirq work
	// done for the server in ksoftirqd (see CoreSample). PlayBench fails at
	// once if the core does not exist.
	SampleCore bool
	CPUCore    int
	// ProcRoot is where /proc is mounted (default DefaultProcRoot).
	ProcRoot string
	// PublishBitrate, if not 0, makes the bench publish a synthetic stream
	// of that many bits per second to URL itself, before the players join.
	PublishBitrate int
}

// PlayConfig defaults.
const (
	DefaultWindow       = 20 * time.Second
	DefaultSettle       = 10 * time.Second
	DefaultReadBuffer   = 16 << 10
	DefaultSetupTimeout = 10 * time.Second
	sampleInterval      = 500 * time.Millisecond
)

// PlayerResult is what one player measured.
type PlayerResult struct {
	Bytes    int64         `json:"bytes"`        // bytes received on the connection
	Video    int64         `json:"video"`        // video frames received (sequence headers excluded)
	Audio    int64         `json:"audio"`        // audio frames received
	Expected int64         `json:"expected"`     // video frames the stream carried from the first to the last message received
	Join     time.Duration `json:"join_ns"`      // dial to first video frame; 0 if none came
	FirstKey bool          `json:"first_key"`    // the first video frame was a keyframe
	LagP99   time.Duration `json:"lag_p99_ns"`   // this player's lag p99
	LastLate time.Duration `json:"last_late_ns"` // lateness of the last frame at the window's end
	KeptUp   bool          `json:"kept_up"`
	Err      string        `json:"err,omitempty"`
}

// PlayResult is the outcome of PlayBench.
type PlayResult struct {
	URL            string        `json:"url"`
	Players        int           `json:"players"`
	Window         time.Duration `json:"window_ns"`
	Joined         int           `json:"joined"`  // players that received a video frame
	KeptUp         int           `json:"kept_up"` // players that kept up
	KeptUpFraction float64       `json:"kept_up_fraction"`
	Failed         int           `json:"failed"` // players whose connection failed
	FirstError     string        `json:"first_error,omitempty"`
	FirstKeyframe  int           `json:"first_keyframe"` // players whose first video frame was a keyframe
	WindowBytes    int64         `json:"window_bytes"`   // received by all players during the window
	DeliveredMbps  float64       `json:"delivered_mbps"`
	Video          int64         `json:"video"` // frames received by all players
	Audio          int64         `json:"audio"`
	Join           Percentiles   `json:"join"`
	Lag            Percentiles   `json:"lag"`
	Server         ServerCost    `json:"server"`
	// LoadCPUPerSec is the CPU time this process (the load generator)
	// used per second of the window: what the players cost.
	LoadCPUPerSec float64        `json:"load_cpu_s_per_s"`
	PerPlayer     []PlayerResult `json:"per_player,omitempty"`
}

// PlayBench runs cfg.Players players of one stream: it opens the
// connections (at cfg.Ramp per second), waits until each received a video
// frame (at most cfg.Settle after the last one opened), measures for
// cfg.Window, then closes them all and reports. It returns an error only
// for an unusable configuration or a failed self-publisher; player failures
// are counted in the result.
func PlayBench(ctx context.Context, cfg PlayConfig) (*PlayResult, error) {
	t, err := ParseTarget(cfg.URL)
	if err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	core, err := sampledCore(cfg.ProcRoot, cfg.SampleCore, cfg.CPUCore)
	if err != nil {
		return nil, err
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opts := playOptions{target: t, readBuf: cfg.ReadBuffer, readInterval: cfg.ReadInterval, setupLimit: cfg.SetupTimeout}

	var pubWG sync.WaitGroup
	pub := &publisher{}
	if cfg.PublishBitrate > 0 {
		synth, err := NewSynth(SynthConfig{Bitrate: cfg.PublishBitrate})
		if err != nil {
			return nil, err
		}
		pubWG.Add(1)
		go func() { defer pubWG.Done(); pub.run(ctx, opts, synth) }()
		if err := waitPublishing(ctx, pub, &pubWG, cfg.SetupTimeout); err != nil {
			return nil, fmt.Errorf("self-publisher: %w", err)
		}
		// Let one GOP through so late joiners get a cached keyframe.
		sleep(ctx, synth.Config().GOP)
	}

	smp := newSampler(cfg.ProcRoot, cfg.PID, core, sampleInterval)
	players := make([]player, cfg.Players)
	var wg sync.WaitGroup
	begin := time.Now()
	for i := range players {
		if cfg.Ramp > 0 {
			sleep(ctx, time.Until(begin.Add(time.Duration(float64(i)/cfg.Ramp*float64(time.Second)))))
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() { defer wg.Done(); players[i].run(ctx, opts) }()
	}
	settleEnd := time.Now().Add(cfg.Settle)
	for time.Now().Before(settleEnd) && ctx.Err() == nil && !allJoined(players) {
		sleep(ctx, 20*time.Millisecond)
	}

	startBytes := make([]int64, len(players))
	for i := range players {
		startBytes[i] = players[i].bytes.Load()
	}
	smp.markWindow()
	self0, _ := ReadProc(cfg.ProcRoot, os.Getpid())
	windowStart := time.Now()
	sleep(ctx, cfg.Window)
	end := time.Now()
	self1, _ := ReadProc(cfg.ProcRoot, os.Getpid())
	var endBytes int64
	for i := range players {
		endBytes += players[i].bytes.Load() - startBytes[i]
	}
	cost := smp.finish(cfg.Players)
	cancel()
	wg.Wait()
	pubWG.Wait()
	if pub.err != nil && !errors.Is(pub.err, context.Canceled) {
		return nil, fmt.Errorf("self-publisher: %w", pub.err)
	}

	r := summarize(cfg, players, end)
	r.Window = end.Sub(windowStart)
	r.WindowBytes = endBytes
	r.DeliveredMbps = float64(endBytes) * 8 / 1e6 / r.Window.Seconds()
	r.Server = cost
	if self1.CPU > 0 {
		r.LoadCPUPerSec = (self1.CPU - self0.CPU).Seconds() / self1.At.Sub(self0.At).Seconds()
	}
	return r, parent.Err()
}

func (c PlayConfig) withDefaults() PlayConfig {
	if c.Players <= 0 {
		c.Players = 1
	}
	if c.Window <= 0 {
		c.Window = DefaultWindow
	}
	if c.Settle <= 0 {
		c.Settle = DefaultSettle
	}
	if c.ReadBuffer <= 0 {
		c.ReadBuffer = DefaultReadBuffer
	}
	if c.SetupTimeout <= 0 {
		c.SetupTimeout = DefaultSetupTimeout
	}
	if c.ProcRoot == "" {
		c.ProcRoot = DefaultProcRoot
	}
	return c
}

// summarize turns the players' counters into the result; end is the end of
// the window.
func summarize(cfg PlayConfig, players []player, end time.Time) *PlayResult {
	r := &PlayResult{URL: cfg.URL, Players: len(players), PerPlayer: make([]PlayerResult, len(players))}
	var lag Histogram
	joins := make([]time.Duration, 0, len(players))
	for i := range players {
		p := &players[i]
		pr := PlayerResult{
			Bytes:    p.bytes.Load(),
			Video:    p.video.Load(),
			Audio:    p.audio.Load(),
			Join:     time.Duration(p.join.Load()),
			FirstKey: p.firstVideoKF,
			LagP99:   p.lag.Quantile(0.99),
		}
		if p.err != nil {
			pr.Err = p.err.Error()
			r.Failed++
			if r.FirstError == "" {
				r.FirstError = pr.Err
			}
		}
		if pr.Video > 0 {
			r.Joined++
			joins = append(joins, pr.Join)
			if pr.FirstKey {
				r.FirstKeyframe++
			}
			fps := cfg.FPS
			if fps == 0 {
				fps = p.fps
			}
			pr.Expected = ExpectedFrames(fps, p.streamSpan())
			pr.LastLate = max(0, p.offset(end, p.lastTS)-p.best)
		}
		pr.KeptUp = p.err == nil && KeptUp(pr.Video, pr.Expected, pr.LastLate)
		if pr.KeptUp {
			r.KeptUp++
		}
		r.Video += pr.Video
		r.Audio += pr.Audio
		lag.Merge(&p.lag)
		r.PerPlayer[i] = pr
	}
	r.KeptUpFraction = float64(r.KeptUp) / float64(max(1, len(players)))
	r.Join = PercentilesOf(joins)
	r.Lag = PercentilesOfHistogram(&lag)
	return r
}

// allJoined reports whether every player received a video frame or failed.
func allJoined(players []player) bool {
	for i := range players {
		if players[i].join.Load() == 0 && !players[i].done.Load() {
			return false
		}
	}
	return true
}

// waitPublishing waits until pub started publishing, failed, or timeout.
func waitPublishing(ctx context.Context, pub *publisher, wg *sync.WaitGroup, timeout time.Duration) error {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	deadline := time.Now().Add(timeout)
	for !pub.started.Load() {
		select {
		case <-done:
			if pub.err != nil {
				return pub.err
			}
			return errors.New("stopped before publishing")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return errors.New("no NetStream.Publish.Start before the setup timeout")
		}
	}
	return nil
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
