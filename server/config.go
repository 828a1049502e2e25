package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/hub"
)

// Defaults of the server's own settings (the RTMP and hub defaults come from
// those packages' constants).
const (
	// DefaultListen is the RTMP listen address.
	DefaultListen = rtmp.DefaultAddr
	// DefaultShutdownTimeout bounds a graceful shutdown before the remaining
	// connections are closed at once.
	DefaultShutdownTimeout = 5 * time.Second
	// DefaultCallbackTimeout bounds an HTTP auth callback; a callback that
	// has not answered by then denies.
	DefaultCallbackTimeout = 3 * time.Second
	// DefaultIdleTimeout is the default Timeouts.Idle: a connected client
	// silent this long is disconnected (it is pinged at half of it).
	DefaultIdleTimeout = 60 * time.Second
	// DefaultRecordDir is the directory recordings are written under.
	DefaultRecordDir = "rec"
	// DefaultRecordPath is the path template of a recording, relative to
	// the record directory.
	DefaultRecordPath = "{app}/{name}-{time}.flv"
)

// Record modes (RecordConfig.Mode).
const (
	RecordNone = "none" // record nothing (the default)
	RecordAll  = "all"  // record every published stream
	RecordApps = "apps" // record the streams of the apps in RecordConfig.Apps
)

// Config is the whole configuration of a Server. It maps one to one onto the
// YAML file read by LoadConfig (the yaml tags are the keys); rtmpkit.example.yaml
// documents every key with its default. Start from DefaultConfig: New fills
// zero numeric and string fields with their defaults, but booleans,
// Timeouts.Idle (where 0 means no limit) and WriteMergeWindow (where 0 means
// no merging) are taken as they are, so a zero Config has the GOP cache off,
// no idle timeout and no write merging.
type Config struct {
	// Listen is the TCP address of the RTMP listener (default ":1935";
	// "127.0.0.1:0" picks a free loopback port, see Server.Addr).
	Listen string `yaml:"listen"`
	// Apps lists the application names clients may connect to; empty
	// means any. Others get NetConnection.Connect.InvalidApp.
	Apps []string `yaml:"apps"`
	// ChunkSize is the outgoing RTMP chunk size (default 4096).
	ChunkSize uint32 `yaml:"chunk_size"`
	// MaxConns limits concurrent connections; 0 means no limit.
	MaxConns int `yaml:"max_conns"`
	// MaxMessageSize is the largest message a client may send (default 16 MiB).
	MaxMessageSize uint32 `yaml:"max_message_size"`
	// MaxStreamsPerConn limits NetStreams per connection (default 16).
	MaxStreamsPerConn int `yaml:"max_streams_per_conn"`
	// MaxQueuedBytes and MaxQueuedMessages bound the replies, pings and
	// status messages waiting to be written to one client (defaults 1 MiB
	// and 1024; see rtmp.Server.MaxQueuedBytes): past half of them the
	// server stops reading from that client until it reads its replies.
	MaxQueuedBytes    int `yaml:"max_queued_bytes"`
	MaxQueuedMessages int `yaml:"max_queued_messages"`
	// WriteMergeWindow delays a player's next media write until this long
	// after the previous one, so the messages arriving meanwhile go out in
	// one system call (default rtmp.DefaultWriteMergeWindow; see
	// rtmp.Server.WriteMergeWindow). It adds at most the window to the
	// delivery delay; commands and replies are never delayed. Like
	// Timeouts.Idle, 0 is taken as given: it disables merging.
	WriteMergeWindow time.Duration `yaml:"write_merge_window"`

	Timeouts TimeoutConfig `yaml:"timeouts"`
	HTTP     HTTPConfig    `yaml:"http"`
	Hub      HubConfig     `yaml:"hub"`
	Record   RecordConfig  `yaml:"record"`
	Auth     AuthConfig    `yaml:"auth"`

	// Logger receives the server's structured logs; nil means slog.Default().
	Logger *slog.Logger `yaml:"-"`
	// HTTPClient makes the auth callbacks; nil means a client with no
	// timeout of its own (Auth.Callback.Timeout bounds each call).
	HTTPClient *http.Client `yaml:"-"`
}

// HTTPConfig is the server's HTTP listener, which carries RTMPT (RTMP
// tunnelled over HTTP, rtmpt:// and rtmpte:// URLs).
type HTTPConfig struct {
	// Listen is the TCP address of the HTTP listener; empty (the default)
	// means no HTTP listener.
	Listen string `yaml:"listen"`
	// RTMPT serves the RTMPT tunnel (POST /open/1, /send, /idle, /close) on
	// the HTTP listener (default true).
	RTMPT bool `yaml:"rtmpt"`
}

// TimeoutConfig holds the connection timeouts. In YAML they are Go duration
// strings ("10s", "1m30s"); a negative handshake, connect or write timeout
// means no limit.
type TimeoutConfig struct {
	Handshake time.Duration `yaml:"handshake"` // RTMP handshake (default 10s)
	// Connect bounds the time from the end of the handshake until the
	// client's connect command has been handled (default 10s).
	Connect time.Duration `yaml:"connect"`
	// Idle is the longest silence from a connected client (default 60s in
	// DefaultConfig; the server pings at half of it, so live clients never
	// idle out). Unlike the other timeouts, 0 means no limit and New does
	// not replace it with the default.
	Idle     time.Duration `yaml:"idle"`
	Write    time.Duration `yaml:"write"`    // each batched write (default 30s)
	Shutdown time.Duration `yaml:"shutdown"` // graceful shutdown (default 5s)
}

// HubConfig tunes the fan-out hub: publisher replacement, the late-joiner
// GOP cache and the per-player queues (see package hub).
type HubConfig struct {
	// ReplacePublisher lets a second publisher of a busy stream take over
	// (the first is disconnected) instead of being rejected with
	// NetStream.Publish.BadName.
	ReplacePublisher bool `yaml:"replace_publisher"`
	// GOPCache sends late joiners the current group of pictures (default true).
	GOPCache    bool `yaml:"gop_cache"`
	GOPMaxBytes int  `yaml:"gop_max_bytes"` // default 16 MiB
	GOPMaxTags  int  `yaml:"gop_max_tags"`  // default 4096
	// QueueMaxBytes and QueueMaxDuration bound a player's queue before its
	// video is dropped until the next keyframe.
	QueueMaxBytes    int           `yaml:"queue_max_bytes"`    // default 16 MiB
	QueueMaxDuration time.Duration `yaml:"queue_max_duration"` // default 10s
	QueueMaxTags     int           `yaml:"queue_max_tags"`     // default 8192
	// EvictAfter disconnects a player that stays over its limits this long
	// (stream time; default 20s; negative: never). EvictDrops disconnects
	// it after that many dropped tags (0: no limit).
	EvictAfter time.Duration `yaml:"evict_after"`
	EvictDrops int           `yaml:"evict_drops"`
}

// RecordConfig selects which published streams are written to FLV files.
type RecordConfig struct {
	// Mode is "none" (default), "all", or "apps" (only Apps).
	Mode string `yaml:"mode"`
	// Apps lists the applications recorded in mode "apps".
	Apps []string `yaml:"apps"`
	// Dir is the directory recordings are written under (default "rec").
	Dir string `yaml:"dir"`
	// Path is the file path template relative to Dir (default
	// "{app}/{name}-{time}.flv"); {app}, {name} and {time} are replaced by
	// the sanitized app, the sanitized stream name and the UTC start time
	// (20060102-150405).
	Path string `yaml:"path"`
}

// AuthConfig decides who may publish and play. Rules apply per action; an
// entry in Apps replaces the global rule of that action for one app.
type AuthConfig struct {
	Publish Rule               `yaml:"publish"`
	Play    Rule               `yaml:"play"`
	Apps    map[string]AppAuth `yaml:"apps"`
	// Callback asks an HTTP endpoint about every publish and play.
	Callback CallbackConfig `yaml:"callback"`
}

// AppAuth holds the rules of one application. A nil rule means the global one.
type AppAuth struct {
	Publish *Rule `yaml:"publish"`
	Play    *Rule `yaml:"play"`
}

// Rule is one access rule. Both conditions must hold when set: the client's
// IP is in Allow (IP addresses or CIDR prefixes; empty allows any address),
// and the stream's query string carries key=Key (empty requires no key).
type Rule struct {
	Allow []string `yaml:"allow"`
	Key   string   `yaml:"key"`
}

// CallbackConfig configures the HTTP auth callback (see the package doc for
// the request it sends).
type CallbackConfig struct {
	// URL receives a POST for every publish and play; empty disables it.
	URL string `yaml:"url"`
	// Timeout bounds the call; no answer in time denies (default 3s).
	Timeout time.Duration `yaml:"timeout"`
}

// DefaultConfig returns the configuration used with no file and no flags:
// RTMP on :1935, any app, live streams, GOP cache on, no recording, no auth.
func DefaultConfig() Config {
	return Config{
		Listen:            DefaultListen,
		ChunkSize:         rtmp.DefaultChunkSize,
		MaxMessageSize:    rtmp.DefaultMaxMessageSize,
		MaxStreamsPerConn: rtmp.DefaultMaxStreams,
		MaxQueuedBytes:    rtmp.DefaultMaxQueuedBytes,
		MaxQueuedMessages: rtmp.DefaultMaxQueuedMessages,
		WriteMergeWindow:  rtmp.DefaultWriteMergeWindow,
		Timeouts: TimeoutConfig{
			Handshake: rtmp.DefaultHandshakeTimeout,
			Connect:   rtmp.DefaultConnectTimeout,
			Idle:      DefaultIdleTimeout,
			Write:     rtmp.DefaultWriteTimeout,
			Shutdown:  DefaultShutdownTimeout,
		},
		HTTP: HTTPConfig{RTMPT: true},
		Hub: HubConfig{
			GOPCache:         true,
			GOPMaxBytes:      hub.DefaultGOPMaxBytes,
			GOPMaxTags:       hub.DefaultGOPMaxTags,
			QueueMaxBytes:    hub.DefaultQueueMaxBytes,
			QueueMaxDuration: hub.DefaultQueueMaxDuration,
			QueueMaxTags:     hub.DefaultQueueMaxTags,
			EvictAfter:       hub.DefaultEvictAfter,
		},
		Record: RecordConfig{Mode: RecordNone, Dir: DefaultRecordDir, Path: DefaultRecordPath},
		Auth:   AuthConfig{Callback: CallbackConfig{Timeout: DefaultCallbackTimeout}},
	}
}

// LoadConfig reads a YAML configuration file on top of DefaultConfig: keys
// the file leaves out keep their defaults. Unknown keys are an error, so a
// typo does not silently do nothing.
func LoadConfig(path string) (Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return Config{}, err
	}
	defer f.Close()
	cfg, err := ParseConfig(f)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// ParseConfig reads YAML from r on top of DefaultConfig and validates it.
func ParseConfig(r io.Reader) (Config, error) {
	cfg := DefaultConfig()
	data, err := io.ReadAll(r)
	if err != nil {
		return Config{}, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, err
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// withDefaults fills zero numeric and string fields with their defaults.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	setStr(&c.Listen, d.Listen)
	setNum(&c.ChunkSize, d.ChunkSize)
	setNum(&c.MaxMessageSize, d.MaxMessageSize)
	setNum(&c.MaxStreamsPerConn, d.MaxStreamsPerConn)
	setNum(&c.MaxQueuedBytes, d.MaxQueuedBytes)
	setNum(&c.MaxQueuedMessages, d.MaxQueuedMessages)
	setNum(&c.Timeouts.Handshake, d.Timeouts.Handshake)
	setNum(&c.Timeouts.Connect, d.Timeouts.Connect)
	setNum(&c.Timeouts.Write, d.Timeouts.Write)
	setNum(&c.Timeouts.Shutdown, d.Timeouts.Shutdown)
	setNum(&c.Hub.GOPMaxBytes, d.Hub.GOPMaxBytes)
	setNum(&c.Hub.GOPMaxTags, d.Hub.GOPMaxTags)
	setNum(&c.Hub.QueueMaxBytes, d.Hub.QueueMaxBytes)
	setNum(&c.Hub.QueueMaxDuration, d.Hub.QueueMaxDuration)
	setNum(&c.Hub.QueueMaxTags, d.Hub.QueueMaxTags)
	setNum(&c.Hub.EvictAfter, d.Hub.EvictAfter)
	setStr(&c.Record.Mode, d.Record.Mode)
	setStr(&c.Record.Dir, d.Record.Dir)
	setStr(&c.Record.Path, d.Record.Path)
	setNum(&c.Auth.Callback.Timeout, d.Auth.Callback.Timeout)
	return c
}

func setStr(p *string, def string) {
	if *p == "" {
		*p = def
	}
}

func setNum[T ~int | ~uint32 | ~int64](p *T, def T) {
	if *p == 0 {
		*p = def
	}
}

// Validate reports the first invalid setting: an unknown record mode, a
// malformed allow-list entry, a record path template that leaves its
// directory, or a negative limit.
func (c Config) Validate() error {
	switch c.Record.Mode {
	case "", RecordNone, RecordAll, RecordApps:
	default:
		return fmt.Errorf("record.mode %q: want none, all or apps", c.Record.Mode)
	}
	if c.Record.Path != "" {
		if _, err := expandPath(c.Record.Path, "app", "name", time.Time{}); err != nil {
			return fmt.Errorf("record.path: %w", err)
		}
	}
	if c.MaxConns < 0 || c.MaxStreamsPerConn < 0 || c.MaxQueuedBytes < 0 || c.MaxQueuedMessages < 0 || c.Hub.GOPMaxBytes < 0 || c.Hub.GOPMaxTags < 0 ||
		c.Hub.QueueMaxBytes < 0 || c.Hub.QueueMaxTags < 0 || c.Hub.QueueMaxDuration < 0 || c.Hub.EvictDrops < 0 {
		return errors.New("limits must not be negative")
	}
	if c.Auth.Callback.Timeout < 0 {
		return errors.New("auth.callback.timeout must not be negative")
	}
	check := func(where string, r *Rule) error {
		if r == nil {
			return nil
		}
		if _, err := parseAllow(r.Allow); err != nil {
			return fmt.Errorf("%s.allow: %w", where, err)
		}
		return nil
	}
	if err := check("auth.publish", &c.Auth.Publish); err != nil {
		return err
	}
	if err := check("auth.play", &c.Auth.Play); err != nil {
		return err
	}
	for app, a := range c.Auth.Apps {
		if err := check("auth.apps."+app+".publish", a.Publish); err != nil {
			return err
		}
		if err := check("auth.apps."+app+".play", a.Play); err != nil {
			return err
		}
	}
	return nil
}

// hubConfig converts the hub settings.
func (h HubConfig) hubConfig() hub.Config {
	return hub.Config{
		Replace:          h.ReplacePublisher,
		DisableGOPCache:  !h.GOPCache,
		GOPMaxBytes:      h.GOPMaxBytes,
		GOPMaxTags:       h.GOPMaxTags,
		QueueMaxBytes:    h.QueueMaxBytes,
		QueueMaxDuration: h.QueueMaxDuration,
		QueueMaxTags:     h.QueueMaxTags,
		EvictAfter:       h.EvictAfter,
		EvictDrops:       h.EvictDrops,
	}
}
