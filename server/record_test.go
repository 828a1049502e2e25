package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

func TestSanitizeName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"cam1", "cam1"},
		{"", "_"},
		{".", "_"},
		{"..", "__"},
		{"../../etc/passwd", "______etc_passwd"},
		{"a/b", "a_b"},
		{`a\b`, "a_b"},
		{"a\x00b", "a_b"},
		{"a\nb\tc\x7f", "a_b_c_"},
		{".hidden", "_hidden"},
		{"x..y", "x__y"},
		{"c:evil", "c_evil"},
		{"caméra", "caméra"},
		{"bad\xffutf8", "bad_utf8"},
		{strings.Repeat("a", 300), strings.Repeat("a", 200)},
	} {
		got := SanitizeName(c.in)
		if got != c.want {
			t.Errorf("SanitizeName(%q) = %q, want %q", c.in, got, c.want)
		}
		if !filepath.IsLocal(got) || strings.ContainsAny(got, `/\`+"\x00") || strings.Contains(got, "..") {
			t.Errorf("SanitizeName(%q) = %q is not a safe element", c.in, got)
		}
	}
}

func TestExpandPath(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	for _, c := range []struct {
		tmpl, app, name, want string
		err                   bool
	}{
		{DefaultRecordPath, "live", "cam1", "live/cam1-20240506-070809.flv", false},
		{"{name}.flv", "live", "../../x", "______x.flv", false},
		{"{app}/{name}.flv", "live/inst", "..", "live_inst/__.flv", false},
		{"{app}/{name}.flv", "", "", "_/_.flv", false},
		{"../{name}.flv", "a", "b", "", true},
		{"/abs/{name}.flv", "a", "b", "", true},
		{"", "a", "b", "", true},
	} {
		got, err := expandPath(c.tmpl, c.app, c.name, at)
		if (err != nil) != c.err || got != filepath.FromSlash(c.want) {
			t.Errorf("expandPath(%q, %q, %q) = %q, %v; want %q err=%v", c.tmpl, c.app, c.name, got, err, c.want, c.err)
		}
	}
}

// readFLV reads every whole tag of a file and the error that ended reading.
func readFLV(t testing.TB, path string) ([]flv.Tag, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := flv.NewReader(bufio.NewReader(f), flv.Limits{})
	r.Strict = true
	var tags []flv.Tag
	for {
		tg, err := r.ReadTag()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return tags, nil
			}
			return tags, err
		}
		tags = append(tags, tg)
	}
}

// recordings lists the .flv files under dir.
func recordings(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".flv") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// TestRecordThroughServer publishes through the real server with a hostile
// stream name; the file lands inside the record directory and holds exactly
// the published tags, timestamps from 0, as a strictly valid FLV.
func TestRecordThroughServer(t *testing.T) {
	dir := t.TempDir()
	recDir := filepath.Join(dir, "rec")
	cfg := DefaultConfig()
	cfg.Record = RecordConfig{Mode: RecordApps, Apps: []string{"live"}, Dir: recDir, Path: DefaultRecordPath}
	s := startServer(t, cfg)

	// Not recorded: app not listed.
	other := dialRaw(t, s.Addr().String())
	osid, _ := other.connect("other")
	other.publish(osid, "x")

	pub := dialRaw(t, s.Addr().String())
	sid, _ := pub.connect("live")
	if code := pub.publish(sid, "../../escape"); code != "NetStream.Publish.Start" {
		t.Fatal(code)
	}
	want := synthStream(50)
	for i := range want {
		want[i].Timestamp += 5000 // a publisher whose clock does not start at 0
	}
	pub.sendTags(sid, want)
	pub.command(sid, "deleteStream", 0, nil, float64(sid))
	waitFor(t, func() bool {
		st, ok := s.Hub().StreamStats(keyOf("live", "../../escape"))
		return !ok || !st.Publishing
	})

	files := recordings(t, dir)
	if len(files) != 1 {
		t.Fatalf("recordings: %v", files)
	}
	rel, _ := filepath.Rel(recDir, files[0])
	if !strings.HasPrefix(rel, "live"+string(filepath.Separator)+"______escape-") {
		t.Errorf("file %s (relative %s)", files[0], rel)
	}
	tags, err := readFLV(t, files[0])
	if err != nil {
		t.Fatalf("read: %v after %d tags", err, len(tags))
	}
	if len(tags) != len(want) {
		t.Fatalf("%d tags, want %d", len(tags), len(want))
	}
	for i := range want {
		if tags[i].Type != want[i].Type || !bytes.Equal(tags[i].Data, want[i].Data) ||
			tags[i].Timestamp != want[i].Timestamp-5000 {
			t.Fatalf("tag %d: %v ts %d, want %v ts %d", i, tags[i].Type, tags[i].Timestamp, want[i].Type, want[i].Timestamp-5000)
		}
	}
}

// TestRecorderNoOverwrite: two sessions in the same second get two files.
func TestRecorderNoOverwrite(t *testing.T) {
	dir := t.TempDir()
	c := RecordConfig{Mode: RecordAll, Dir: dir, Path: "{name}.flv"}
	at := time.Now()
	a, err := openRecorder(c, "live", "s", at)
	if err != nil {
		t.Fatal(err)
	}
	b, err := openRecorder(c, "live", "s", at)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	b.Close()
	if a.path == b.path || filepath.Base(b.path) != "s-2.flv" {
		t.Errorf("paths %s and %s", a.path, b.path)
	}
}

// TestShutdownFinishesRecording: a graceful shutdown while a publisher is
// live leaves a strictly valid FLV, and the logs tell the whole story.
func TestShutdownFinishesRecording(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	cfg := DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.Record = RecordConfig{Mode: RecordAll, Dir: dir, Path: "{name}.flv"}
	cfg.Logger = slog.New(slog.NewTextHandler(&lockedWriter{w: &logs}, nil))
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	player := dialRaw(t, s.Addr().String())
	psid, _ := player.connect("live")
	player.play(psid, "cam")
	pub := dialRaw(t, s.Addr().String())
	sid, _ := pub.connect("live")
	pub.publish(sid, "cam")
	want := synthStream(20)
	pub.sendTags(sid, want)
	player.readTags(len(want))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	tags, err := readFLV(t, filepath.Join(dir, "cam.flv"))
	if err != nil || len(tags) != len(want) {
		t.Fatalf("recording: %d tags, %v", len(tags), err)
	}
	out := (&lockedWriter{w: &logs}).String()
	for _, msg := range []string{"rtmp listening", "msg=connect", "msg=publish", "msg=recording", "msg=play",
		`msg="publish stop"`, `msg="play stop"`, "drops=0", "tags_out=", "recorded_tags=42"} {
		if !strings.Contains(out, msg) {
			t.Errorf("logs lack %q:\n%s", msg, out)
		}
	}
}

type lockedWriter struct{ w *bytes.Buffer }

func (l *lockedWriter) Write(p []byte) (int, error) {
	logMu.Lock()
	defer logMu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	logMu.Lock()
	defer logMu.Unlock()
	return l.w.String()
}
