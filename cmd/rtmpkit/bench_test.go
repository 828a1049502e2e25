package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/server"
)

func TestParseBitrate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"2.5M", 2_500_000, true},
		{"200k", 200_000, true},
		{"1000000", 1_000_000, true},
		{"1m", 1_000_000, true},
		{"0", 0, false},
		{"-1k", 0, false},
		{"fast", 0, false},
		{"", 0, false},
		{"100G", 0, false},
	} {
		got, err := parseBitrate(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseBitrate(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestBenchFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "play", "rtmp://127.0.0.1:1/live/x", "--players", "0"},
		{"bench", "play", "rtmp://127.0.0.1:1/live/x", "--publish", "fast"},
		{"bench", "publish", "rtmp://127.0.0.1:1/live/x", "--bitrate", "x"},
		{"bench", "publish", "not-a-url"},
		{"bench", "play"},
		{"bench", "play", "rtmp://127.0.0.1:1/live/x", "--cpu-core", "-2"},
		{"bench", "play", "rtmp://127.0.0.1:1/live/x", "--read-interval", "1s"},
		{"bench", "play", "rtmp://127.0.0.1:1/live/x", "--read-interval", "-1ms"},
		{"bench", "publish", "rtmp://127.0.0.1:1/live/x", "--cpu-core", "-5"},
		// No such core: the bench fails before dialling (port 1).
		{"bench", "play", "rtmp://127.0.0.1:1/live/x", "--cpu-core", "100000"},
		{"bench", "publish", "rtmp://127.0.0.1:1/live/x", "--cpu-core", "100000"},
	} {
		cmd := newRootCmd()
		cmd.SetArgs(args)
		cmd.SetOut(new(bytes.Buffer))
		cmd.SetErr(new(bytes.Buffer))
		if err := cmd.Execute(); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// TestBenchPlayJSON runs the CLI against an in-process server: the bench
// publishes its own stream and prints JSON that scripts can read.
func TestBenchPlayJSON(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	url := "rtmp://" + srv.Addr().String() + "/live/cli"
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"bench", "play", url, "-n", "3", "-d", "1s", "--publish", "300k", "--json", "--per-player", "--cpu-core", "0"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	var r struct {
		Players       int     `json:"players"`
		KeptUp        int     `json:"kept_up"`
		DeliveredMbps float64 `json:"delivered_mbps"`
		Join          struct {
			P50 time.Duration `json:"p50_ns"`
		} `json:"join"`
		PerPlayer []struct {
			Video int64 `json:"video"`
		} `json:"per_player"`
		Server struct {
			Core    int      `json:"core"`
			Busy    *float64 `json:"core_s_per_s"`
			Softirq *float64 `json:"core_softirq_s_per_s"`
		} `json:"server"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if r.Players != 3 || r.KeptUp != 3 || r.DeliveredMbps < 0.5 || r.Join.P50 <= 0 || len(r.PerPlayer) != 3 || r.PerPlayer[0].Video == 0 {
		t.Errorf("JSON result: %s", out.String())
	}
	// Core 0 may well be idle for the 1 s window (the busy time is counted
	// in 10 ms ticks), so only the fields and their range are checked.
	if s := r.Server; s.Core != 0 || s.Busy == nil || *s.Busy < 0 || *s.Busy > 1.05 || s.Softirq == nil {
		t.Errorf("--cpu-core 0 not sampled: %s", out.String())
	}

	cmd = newRootCmd()
	out.Reset()
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"bench", "publish", url + "-pub", "-m", "2", "-b", "200k", "-d", "500ms", "--cpu-core", "0"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if line := out.String(); !strings.HasPrefix(line, "publish 2 publishers") || !strings.Contains(line, "started 2, dropped 0") || !strings.Contains(line, ", core 0 busy ") {
		t.Errorf("summary line: %q", line)
	}
}

func TestBenchFlagsToConfig(t *testing.T) {
	f := benchPlayFlags{benchCommon: benchCommon{core: 1, pid: 42}, players: 5, readEvery: 200 * time.Millisecond}
	cfg, err := f.config("rtmp://h/live/s")
	if err != nil || cfg.ReadInterval != 200*time.Millisecond || !cfg.SampleCore || cfg.CPUCore != 1 || cfg.PID != 42 || cfg.Players != 5 {
		t.Errorf("play config = %+v, %v", cfg, err)
	}
	f.core = -1
	if cfg, err := f.config("rtmp://h/live/s"); err != nil || cfg.SampleCore {
		t.Errorf("--cpu-core -1: SampleCore %v, %v", cfg.SampleCore, err)
	}
	pf := benchPublishFlags{benchCommon: benchCommon{core: 0}, publishers: 2, bitrate: "1M"}
	pcfg, err := pf.config("rtmp://h/live/s")
	if err != nil || !pcfg.SampleCore || pcfg.CPUCore != 0 || pcfg.Bitrate != 1_000_000 {
		t.Errorf("publish config = %+v, %v", pcfg, err)
	}
}
