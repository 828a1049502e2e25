package server

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestSanitizeNameRuneBoundary: a long name is cut to at most 200 bytes at a
// character boundary, never inside a multi-byte UTF-8 sequence.
func TestSanitizeNameRuneBoundary(t *testing.T) {
	for _, c := range []struct {
		in      string
		wantLen int
	}{
		{strings.Repeat("a", 199) + "é", 199},         // é would end at byte 201
		{strings.Repeat("a", 198) + "é", 200},         // é ends exactly at 200
		{strings.Repeat("a", 198) + "€x", 198},        // 3-byte rune across the cut
		{strings.Repeat("a", 197) + "😀", 197},         // 4-byte rune across the cut
		{strings.Repeat("é", 150), 200},               // 100 whole runes
		{strings.Repeat("€", 100), 198},               // 66 whole runes
		{"x" + strings.Repeat("\U0001F600", 60), 197}, // 1 + 49*4
	} {
		got := SanitizeName(c.in)
		if !utf8.ValidString(got) || len(got) != c.wantLen || !strings.HasPrefix(c.in, got) {
			t.Errorf("SanitizeName(%d bytes) = %d bytes %q (valid %v), want the first %d bytes",
				len(c.in), len(got), got, utf8.ValidString(got), c.wantLen)
		}
	}
}

// TestExpandPathElementTooLong: a template putting {app} and {name} in one
// path element can exceed the 255-byte file name limit; expandPath refuses it
// with ErrRecordPathTooLong, leaving room for the "-N" suffix of a repeated
// recording.
func TestExpandPathElementTooLong(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	long := strings.Repeat("n", 200)
	for _, c := range []struct {
		tmpl, app, name string
		err             error
	}{
		{"{app}/{name}.flv", long, long, nil},
		{"{app}-{name}.flv", "live", long, nil},
		{"{app}-{name}.flv", long, long, ErrRecordPathTooLong},
		{"{app}-{name}/x.flv", long, long, ErrRecordPathTooLong},
		{"{name}-{time}-{name}.flv", "a", strings.Repeat("n", 120), ErrRecordPathTooLong},
		// 251 bytes: fits, with 4 bytes left for "-999".
		{"{name}" + strings.Repeat("x", 47) + ".flv", "a", long, nil},
		{"{name}" + strings.Repeat("x", 48) + ".flv", "a", long, ErrRecordPathTooLong},
	} {
		_, err := expandPath(c.tmpl, c.app, c.name, at)
		if !errors.Is(err, c.err) {
			t.Errorf("expandPath(%q, %d bytes, %d bytes): %v, want %v", c.tmpl, len(c.app), len(c.name), err, c.err)
		}
	}
}

// TestRecordPathTooLongKeepsPublishing: a recording whose file name would be
// too long is not started and says so in the log, but the publish goes on and
// players get its tags.
func TestRecordPathTooLongKeepsPublishing(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	lw := &lockedWriter{w: &logs}
	cfg := DefaultConfig()
	cfg.Record = RecordConfig{Mode: RecordAll, Dir: dir, Path: "{app}-{name}-{name}.flv"}
	cfg.Logger = slog.New(slog.NewTextHandler(lw, nil))
	s := startServer(t, cfg)

	name := strings.Repeat("n", 130) // 270-byte file name
	player := dialRaw(t, s.Addr().String())
	psid, _ := player.connect("live")
	player.play(psid, name)
	pub := dialRaw(t, s.Addr().String())
	sid, _ := pub.connect("live")
	if code := pub.publish(sid, name); code != "NetStream.Publish.Start" {
		t.Fatalf("publish: %s", code)
	}
	want := synthStream(10)
	pub.sendTags(sid, want)
	got := player.readTags(len(want))
	if len(got) != len(want) {
		t.Fatalf("player got %d tags, want %d", len(got), len(want))
	}
	if files := recordings(t, dir); len(files) != 0 {
		t.Errorf("recordings %v, want none", files)
	}
	out := lw.String()
	if !strings.Contains(out, `msg="recording not started; publishing continues"`) ||
		!strings.Contains(out, ErrRecordPathTooLong.Error()) {
		t.Errorf("logs lack the recording failure:\n%s", out)
	}
}
