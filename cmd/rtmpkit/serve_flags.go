package main

import (
	"time"

	"github.com/spf13/pflag"

	"github.com/rtmpkit/rtmp/server"
)

// serveFlags holds the serve command's flags. Only flags the user set
// override the configuration file; the others leave the file's (or the
// default) values alone.
type serveFlags struct {
	config          string
	logLevel        string
	logFormat       string
	listen          string
	httpListen      string
	apps            []string
	chunkSize       uint32
	maxConns        int
	idleTimeout     time.Duration
	shutdownTimeout time.Duration
	gopCache        bool
	replace         bool
	queueMaxBytes   int
	queueMaxDur     time.Duration
	record          string
	recordApps      []string
	recordDir       string
	recordPath      string
	publishKey      string
	playKey         string
	publishAllow    []string
	playAllow       []string
	callbackURL     string
	callbackTimeout time.Duration
	mergeWindow     time.Duration
	gcPercent       int
}

// register defines the flags on fs, with the defaults shown in --help.
func (f *serveFlags) register(fs *pflag.FlagSet) {
	d := server.DefaultConfig()
	fs.StringVarP(&f.config, "config", "c", "", "YAML configuration file (see rtmpkit.example.yaml); flags override it")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVarP(&f.listen, "listen", "l", d.Listen, "RTMP listen address")
	fs.StringVar(&f.httpListen, "http-listen", d.HTTP.Listen, "HTTP listen address for RTMPT (rtmpt:// URLs); empty: none")
	fs.StringSliceVar(&f.apps, "apps", nil, "allowed application names, comma-separated (default any)")
	fs.Uint32Var(&f.chunkSize, "chunk-size", d.ChunkSize, "outgoing RTMP chunk size")
	fs.IntVar(&f.maxConns, "max-conns", d.MaxConns, "maximum concurrent connections (0: no limit)")
	fs.DurationVar(&f.mergeWindow, "write-merge-window", d.WriteMergeWindow, "hold a player's next media write this long to batch messages into one system call (0: off)")
	fs.IntVar(&f.gcPercent, "gc-percent", defaultGCPercent, "garbage collector target, as GOGC (default unless GOGC is set; -1: off)")
	fs.DurationVar(&f.idleTimeout, "idle-timeout", d.Timeouts.Idle, "disconnect clients silent this long (0: never)")
	fs.DurationVar(&f.shutdownTimeout, "shutdown-timeout", d.Timeouts.Shutdown, "graceful shutdown limit on SIGINT/SIGTERM")
	fs.BoolVar(&f.gopCache, "gop-cache", d.Hub.GOPCache, "send late joiners the current GOP")
	fs.BoolVar(&f.replace, "replace", d.Hub.ReplacePublisher, "a new publisher of a busy stream replaces the old one")
	fs.IntVar(&f.queueMaxBytes, "queue-max-bytes", d.Hub.QueueMaxBytes, "player queue limit in bytes before video is dropped")
	fs.DurationVar(&f.queueMaxDur, "queue-max-duration", d.Hub.QueueMaxDuration, "player queue limit in stream time before video is dropped")
	fs.StringVar(&f.record, "record", d.Record.Mode, "record published streams: none, all or apps")
	fs.StringSliceVar(&f.recordApps, "record-apps", nil, "applications recorded with --record=apps")
	fs.StringVar(&f.recordDir, "record-dir", d.Record.Dir, "directory for recordings")
	fs.StringVar(&f.recordPath, "record-path", d.Record.Path, "recording path template under --record-dir ({app}, {name}, {time})")
	fs.StringVar(&f.publishKey, "publish-key", "", "require ?key=KEY to publish")
	fs.StringVar(&f.playKey, "play-key", "", "require ?key=KEY to play")
	fs.StringSliceVar(&f.publishAllow, "publish-allow", nil, "IPs/CIDRs allowed to publish (default any)")
	fs.StringSliceVar(&f.playAllow, "play-allow", nil, "IPs/CIDRs allowed to play (default any)")
	fs.StringVar(&f.callbackURL, "callback-url", "", "HTTP endpoint asked (POST JSON) before each publish and play")
	fs.DurationVar(&f.callbackTimeout, "callback-timeout", d.Auth.Callback.Timeout, "auth callback timeout (no answer denies)")
}

// apply overrides cfg with the flags that were set on fs.
func (f *serveFlags) apply(fs *pflag.FlagSet, cfg *server.Config) {
	set := map[string]func(){
		"listen":             func() { cfg.Listen = f.listen },
		"http-listen":        func() { cfg.HTTP.Listen = f.httpListen },
		"apps":               func() { cfg.Apps = f.apps },
		"chunk-size":         func() { cfg.ChunkSize = f.chunkSize },
		"max-conns":          func() { cfg.MaxConns = f.maxConns },
		"write-merge-window": func() { cfg.WriteMergeWindow = f.mergeWindow },
		"idle-timeout":       func() { cfg.Timeouts.Idle = f.idleTimeout },
		"shutdown-timeout":   func() { cfg.Timeouts.Shutdown = f.shutdownTimeout },
		"gop-cache":          func() { cfg.Hub.GOPCache = f.gopCache },
		"replace":            func() { cfg.Hub.ReplacePublisher = f.replace },
		"queue-max-bytes":    func() { cfg.Hub.QueueMaxBytes = f.queueMaxBytes },
		"queue-max-duration": func() { cfg.Hub.QueueMaxDuration = f.queueMaxDur },
		"record":             func() { cfg.Record.Mode = f.record },
		"record-apps":        func() { cfg.Record.Apps = f.recordApps },
		"record-dir":         func() { cfg.Record.Dir = f.recordDir },
		"record-path":        func() { cfg.Record.Path = f.recordPath },
		"publish-key":        func() { cfg.Auth.Publish.Key = f.publishKey },
		"play-key":           func() { cfg.Auth.Play.Key = f.playKey },
		"publish-allow":      func() { cfg.Auth.Publish.Allow = f.publishAllow },
		"play-allow":         func() { cfg.Auth.Play.Allow = f.playAllow },
		"callback-url":       func() { cfg.Auth.Callback.URL = f.callbackURL },
		"callback-timeout":   func() { cfg.Auth.Callback.Timeout = f.callbackTimeout },
	}
	fs.Visit(func(fl *pflag.Flag) {
		if fn := set[fl.Name]; fn != nil {
			fn()
		}
	})
}

// load builds the configuration: defaults, then the file, then the flags.
func (f *serveFlags) load(fs *pflag.FlagSet) (server.Config, error) {
	cfg := server.DefaultConfig()
	if f.config != "" {
		var err error
		if cfg, err = server.LoadConfig(f.config); err != nil {
			return server.Config{}, err
		}
	}
	f.apply(fs, &cfg)
	return cfg, cfg.Validate()
}
