package server

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

const exampleFile = "../rtmpkit.example.yaml"

// normalize makes empty and nil slices and maps compare equal.
func normalize(c Config) Config {
	if len(c.Apps) == 0 {
		c.Apps = nil
	}
	if len(c.Record.Apps) == 0 {
		c.Record.Apps = nil
	}
	if len(c.Auth.Publish.Allow) == 0 {
		c.Auth.Publish.Allow = nil
	}
	if len(c.Auth.Play.Allow) == 0 {
		c.Auth.Play.Allow = nil
	}
	if len(c.Auth.Apps) == 0 {
		c.Auth.Apps = nil
	}
	return c
}

// TestExampleIsDefault: the example file documents the defaults exactly.
func TestExampleIsDefault(t *testing.T) {
	cfg, err := LoadConfig(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := normalize(cfg), normalize(DefaultConfig()); !reflect.DeepEqual(got, want) {
		t.Errorf("example file differs from DefaultConfig:\n got %+v\nwant %+v", got, want)
	}
	// And New with a zero Config fills the same numbers in.
	z := Config{}.withDefaults()
	z.Hub.GOPCache = true // booleans are taken as given
	z.HTTP.RTMPT = true
	z.Timeouts.Idle = DefaultIdleTimeout                  // 0 means no idle limit, so it is taken as given too
	z.WriteMergeWindow = DefaultConfig().WriteMergeWindow // 0 disables merging, so it is taken as given too
	if got, want := normalize(z), normalize(DefaultConfig()); !reflect.DeepEqual(got, want) {
		t.Errorf("withDefaults differs from DefaultConfig:\n got %+v\nwant %+v", got, want)
	}
}

// TestExampleDocumentsEveryKey: every yaml key of Config appears in the
// example file (as a key, not just in a comment).
func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(typ reflect.Type, m map[string]any, path string)
	walk = func(typ reflect.Type, m map[string]any, path string) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			key := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if key == "-" || key == "" {
				continue
			}
			v, ok := m[key]
			if !ok {
				t.Errorf("key %s%s is not in %s", path, key, exampleFile)
				continue
			}
			if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeOf(time.Duration(0)) {
				sub, _ := v.(map[string]any)
				walk(f.Type, sub, path+key+".")
			}
		}
	}
	walk(reflect.TypeOf(Config{}), doc, "")
}

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig(strings.NewReader(`
listen: "127.0.0.1:1936"
apps: [live, studio]
timeouts: {idle: 1m30s}
hub: {gop_cache: false, replace_publisher: true, queue_max_duration: 2s}
record: {mode: apps, apps: [studio], dir: /var/rec, path: "{name}.flv"}
auth:
  publish: {allow: ["10.0.0.0/8", "::1"], key: k}
  apps:
    studio:
      play: {key: p}
  callback: {url: "http://127.0.0.1:8080/auth", timeout: 500ms}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultConfig()
	want.Listen = "127.0.0.1:1936"
	want.Apps = []string{"live", "studio"}
	want.Timeouts.Idle = 90 * time.Second
	want.Hub.GOPCache, want.Hub.ReplacePublisher, want.Hub.QueueMaxDuration = false, true, 2*time.Second
	want.Record = RecordConfig{Mode: RecordApps, Apps: []string{"studio"}, Dir: "/var/rec", Path: "{name}.flv"}
	want.Auth.Publish = Rule{Allow: []string{"10.0.0.0/8", "::1"}, Key: "k"}
	want.Auth.Apps = map[string]AppAuth{"studio": {Play: &Rule{Key: "p"}}}
	want.Auth.Callback = CallbackConfig{URL: "http://127.0.0.1:8080/auth", Timeout: 500 * time.Millisecond}
	if !reflect.DeepEqual(normalize(cfg), normalize(want)) {
		t.Errorf("got  %+v\nwant %+v", cfg, want)
	}
	if !cfg.Record.shouldRecord("studio") || cfg.Record.shouldRecord("live") {
		t.Error("record apps mode")
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, c := range []struct{ name, yaml, want string }{
		{"unknown key", "listne: x", "listne"},
		{"unknown nested", "hub: {gop: true}", "gop"},
		{"bad duration", "timeouts: {idle: soon}", "soon"},
		{"bad mode", "record: {mode: some}", "record.mode"},
		{"escaping path", `record: {path: "../{name}.flv"}`, "record.path"},
		{"absolute path", `record: {path: "/etc/{name}"}`, "record.path"},
		{"bad cidr", `auth: {publish: {allow: ["10.0.0.0/99"]}}`, "auth.publish.allow"},
		{"bad app ip", `auth: {apps: {a: {play: {allow: ["x"]}}}}`, "auth.apps.a.play"},
		{"negative", "max_conns: -1", "negative"},
		{"not yaml", "listen: [", "yaml"},
	} {
		_, err := ParseConfig(strings.NewReader(c.yaml))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want mention of %q", c.name, err, c.want)
		}
	}
	if _, err := LoadConfig("does-not-exist.yaml"); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
	if cfg, err := ParseConfig(strings.NewReader("")); err != nil || !reflect.DeepEqual(normalize(cfg), normalize(DefaultConfig())) {
		t.Errorf("empty file: %v", err)
	}
}
