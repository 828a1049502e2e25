package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rtmpkit/rtmp/loadgen"
)

// benchCommon are the flags both bench subcommands take.
type benchCommon struct {
	duration time.Duration
	ramp     float64
	pid      int
	core     int
	json     bool
	setup    time.Duration
}

// sampleCore returns the loadgen SampleCore and CPUCore for --cpu-core.
func (c *benchCommon) sampleCore() (bool, int, error) {
	if c.core < -1 {
		return false, 0, fmt.Errorf("--cpu-core %d: want a core number, or -1 for none", c.core)
	}
	return c.core >= 0, c.core, nil
}

func (c *benchCommon) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.DurationVarP(&c.duration, "duration", "d", loadgen.DefaultWindow, "measurement window, after every connection is up")
	fs.Float64Var(&c.ramp, "ramp", 0, "connections opened per second (0: all at once)")
	fs.IntVar(&c.pid, "pid", 0, "server process id whose CPU time and RSS are sampled from /proc")
	fs.IntVar(&c.core, "cpu-core", -1, "sample this core's busy time from /proc/stat: the core the server is pinned to, "+
		"so the softirq work the kernel does for it in ksoftirqd (which --pid misses) counts (-1: none)")
	fs.BoolVar(&c.json, "json", false, "print the result as JSON instead of one summary line")
	fs.DurationVar(&c.setup, "setup-timeout", loadgen.DefaultSetupTimeout, "per connection: dial to play/publish start")
}

type benchPlayFlags struct {
	benchCommon
	players   int
	fps       float64
	settle    time.Duration
	readBuf   int
	readEvery time.Duration
	publish   string
	perPlayer bool
}

func (f *benchPlayFlags) register(cmd *cobra.Command) {
	f.benchCommon.register(cmd)
	fs := cmd.Flags()
	fs.IntVarP(&f.players, "players", "n", 1, "number of players")
	fs.Float64Var(&f.fps, "fps", 0, "stream frame rate for the keep-up test (0: from onMetaData)")
	fs.DurationVar(&f.settle, "settle", loadgen.DefaultSettle, "longest wait for every player's first frame before the window starts")
	fs.IntVar(&f.readBuf, "read-buffer", loadgen.DefaultReadBuffer, "read buffer of each player's connection, bytes")
	fs.DurationVar(&f.readEvery, "read-interval", 0, "once joined, each player reads its socket at most this often: fewer reads "+
		"cost the load generator less CPU, but lag is then coarser by up to this much (0: read as data arrives)")
	fs.StringVar(&f.publish, "publish", "", "also publish a synthetic stream of this bitrate (e.g. 200k, 2.5M) to URL first")
	fs.BoolVar(&f.perPlayer, "per-player", false, "with --json, include every player's figures")
}

func (f *benchPlayFlags) config(url string) (loadgen.PlayConfig, error) {
	cfg := loadgen.PlayConfig{
		URL: url, Players: f.players, Window: f.duration, Ramp: f.ramp, Settle: f.settle,
		FPS: f.fps, ReadBuffer: f.readBuf, ReadInterval: f.readEvery, SetupTimeout: f.setup, PID: f.pid,
	}
	if f.players < 1 {
		return cfg, errors.New("--players must be at least 1")
	}
	var err error
	if cfg.SampleCore, cfg.CPUCore, err = f.sampleCore(); err != nil {
		return cfg, err
	}
	if f.readEvery < 0 || f.readEvery >= time.Second {
		return cfg, fmt.Errorf("--read-interval %v: want 0 up to under 1s (the keep-up lateness bound)", f.readEvery)
	}
	if f.publish != "" {
		b, err := parseBitrate(f.publish)
		if err != nil {
			return cfg, fmt.Errorf("--publish: %w", err)
		}
		cfg.PublishBitrate = b
	}
	return cfg, nil
}

type benchPublishFlags struct {
	benchCommon
	publishers int
	bitrate    string
}

func (f *benchPublishFlags) register(cmd *cobra.Command) {
	f.benchCommon.register(cmd)
	fs := cmd.Flags()
	fs.IntVarP(&f.publishers, "publishers", "m", 1, "number of publishers")
	fs.StringVarP(&f.bitrate, "bitrate", "b", "2.5M", "bitrate per publisher, bits per second (k and M suffixes)")
}

func (f *benchPublishFlags) config(url string) (loadgen.PublishConfig, error) {
	cfg := loadgen.PublishConfig{
		URL: url, Publishers: f.publishers, Window: f.duration, Ramp: f.ramp,
		SetupTimeout: f.setup, PID: f.pid,
	}
	if f.publishers < 1 {
		return cfg, errors.New("--publishers must be at least 1")
	}
	var err error
	if cfg.SampleCore, cfg.CPUCore, err = f.sampleCore(); err != nil {
		return cfg, err
	}
	b, err := parseBitrate(f.bitrate)
	if err != nil {
		return cfg, fmt.Errorf("--bitrate: %w", err)
	}
	cfg.Bitrate = b
	return cfg, nil
}

// parseBitrate parses a bitrate in bits per second with an optional k or M
// suffix (decimal: 2.5M is 2,500,000).
func parseBitrate(s string) (int, error) {
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "k"), strings.HasSuffix(s, "K"):
		mult, s = 1e3, s[:len(s)-1]
	case strings.HasSuffix(s, "M"), strings.HasSuffix(s, "m"):
		mult, s = 1e6, s[:len(s)-1]
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || v*mult > 1e10 {
		return 0, fmt.Errorf("bad bitrate %q (want e.g. 200k, 2.5M or 1000000)", s)
	}
	return int(v * mult), nil
}
