package main

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/rtmpkit/rtmp/server"
)

// TestServeConfigPrecedence: defaults < file < flags, and only flags that
// were set override the file.
func TestServeConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "rtmpkit.yaml")
	os.WriteFile(file, []byte(`
listen: "127.0.0.1:2000"
chunk_size: 60000
hub: {gop_cache: false}
record: {mode: all, dir: /srv/rec}
auth: {publish: {key: fromfile}, callback: {timeout: 1s}}
`), 0o644)
	cases := []struct {
		name  string
		args  []string
		check func(c server.Config) string
	}{
		{"defaults", nil, func(c server.Config) string {
			if c.Listen != ":1935" || !c.Hub.GOPCache || c.Record.Mode != "none" || c.ChunkSize != 4096 {
				return "not the defaults"
			}
			return ""
		}},
		{"file", []string{"--config", file}, func(c server.Config) string {
			if c.Listen != "127.0.0.1:2000" || c.ChunkSize != 60000 || c.Hub.GOPCache || c.Record.Mode != "all" ||
				c.Record.Dir != "/srv/rec" || c.Auth.Publish.Key != "fromfile" || c.Auth.Callback.Timeout != time.Second {
				return "file values not applied"
			}
			if c.Hub.QueueMaxTags != 8192 || c.Record.Path != server.DefaultRecordPath {
				return "keys missing from the file lost their defaults"
			}
			return ""
		}},
		{"flags over file", []string{"-c", file, "--listen", ":3000", "--gop-cache", "--record", "none",
			"--publish-key", "flag", "--callback-timeout", "250ms", "--apps", "live,studio", "--play-allow", "10.0.0.0/8"},
			func(c server.Config) string {
				if c.Listen != ":3000" || !c.Hub.GOPCache || c.Record.Mode != "none" || c.Auth.Publish.Key != "flag" ||
					c.Auth.Callback.Timeout != 250*time.Millisecond || len(c.Apps) != 2 || c.Apps[1] != "studio" ||
					c.Auth.Play.Allow[0] != "10.0.0.0/8" {
					return "flags did not override"
				}
				if c.ChunkSize != 60000 || c.Record.Dir != "/srv/rec" {
					return "unset flags overrode the file"
				}
				return ""
			}},
		{"flags without file", []string{"--gop-cache=false", "--replace", "--chunk-size", "128"}, func(c server.Config) string {
			if c.Hub.GOPCache || !c.Hub.ReplacePublisher || c.ChunkSize != 128 || c.Listen != ":1935" {
				return "flags not applied"
			}
			return ""
		}},
	}
	for _, c := range cases {
		var f serveFlags
		fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
		f.register(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		cfg, err := f.load(fs)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if msg := c.check(cfg); msg != "" {
			t.Errorf("%s: %s: %+v", c.name, msg, cfg)
		}
	}
}

func TestServeConfigErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--config", "/does/not/exist.yaml"},
		{"--record", "sometimes"},
		{"--publish-allow", "not-an-ip"},
		{"--log-level", "loud"},
		{"--log-format", "xml"},
		{"extra-arg"},
	} {
		root := newRootCmd()
		root.SetArgs(append([]string{"serve", "--listen", "127.0.0.1:0"}, args...))
		root.SetErr(&bytes.Buffer{})
		if err := root.Execute(); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// TestRunServe: the server listens, logs where, and stops when the context
// ends (as on SIGINT/SIGTERM).
func TestRunServe(t *testing.T) {
	var logs bytes.Buffer
	cfg := server.DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.Logger = slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, func() {}, cfg) }()
	var addr string
	deadline := time.Now().Add(5 * time.Second)
	for addr == "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		s := logsString(&logs)
		if i := strings.Index(s, "addr="); i >= 0 {
			addr = strings.Fields(s[i+5:])[0]
		}
	}
	if addr == "" {
		t.Fatalf("no listening log: %s", logsString(&logs))
	}
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("runServe did not return after cancel")
	}
	if !strings.Contains(logsString(&logs), "stopped") {
		t.Errorf("logs: %s", logsString(&logs))
	}
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("still listening after shutdown")
	}
}
