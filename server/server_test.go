package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/hub"
	"github.com/rtmpkit/rtmp/message"
)

// startServer starts a Server on a loopback port and shuts it down when the
// test ends. Its logs go to the test log.
func startServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	if cfg.Listen == "" || cfg.Listen == DefaultListen {
		cfg.Listen = "127.0.0.1:0"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		s.Shutdown(ctx)
	})
	return s
}

// testWriter sends log lines to t.Log while the test runs.
type testWriter struct{ t testing.TB }

var logMu sync.Mutex

func (w testWriter) Write(p []byte) (int, error) {
	logMu.Lock()
	defer logMu.Unlock()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Synthetic media: an AVC/AAC stream with a keyframe every keyEvery frames.
var (
	avcSeq = []byte{0x17, 0x00, 0, 0, 0, 0x01, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0x00, 0x04, 0x67, 0x64, 0x00, 0x1f, 0x01, 0x00, 0x04, 0x68, 0xee, 0x3c, 0x80}
	aacSeq = []byte{0xaf, 0x00, 0x12, 0x10}
)

func videoFrame(i int, key bool) []byte {
	b := []byte{0x27, 0x01, 0, 0, 0, 0, 0, 0, 5, 0x41, byte(i), byte(i >> 8), 0xaa, 0xbb}
	if key {
		b[0], b[9] = 0x17, 0x65
	}
	return b
}

func audioFrame(i int) []byte { return []byte{0xaf, 0x01, 0x21, byte(i), byte(i >> 8)} }

// synthStream returns n video frames (25 fps, keyframe every 10) interleaved
// with audio, after the sequence headers.
func synthStream(n int) []flv.Tag {
	tags := []flv.Tag{
		{Type: flv.TagVideo, Data: avcSeq},
		{Type: flv.TagAudio, Data: aacSeq},
	}
	for i := range n {
		ts := uint32(i * 40)
		tags = append(tags, flv.Tag{Type: flv.TagVideo, Timestamp: ts, Data: videoFrame(i, i%10 == 0)})
		tags = append(tags, flv.Tag{Type: flv.TagAudio, Timestamp: ts, Data: audioFrame(i)})
	}
	return tags
}

// sendTags writes tags as media messages on stream sid.
func (c *rawClient) sendTags(sid uint32, tags []flv.Tag) {
	c.t.Helper()
	if err := c.writeTags(sid, tags); err != nil {
		c.t.Fatal(err)
	}
}

// writeTags is sendTags returning the error, for use off the test goroutine.
func (c *rawClient) writeTags(sid uint32, tags []flv.Tag) error {
	for _, tg := range tags {
		var m message.Message
		switch tg.Type {
		case flv.TagVideo:
			m = message.Video{Payload: tg.Data}
		case flv.TagAudio:
			m = message.Audio{Payload: tg.Data}
		default:
			continue
		}
		cm, err := message.Encode(m, sid, tg.Timestamp)
		if err != nil {
			return err
		}
		if err := c.cw.WriteMessage(cm); err != nil {
			return err
		}
	}
	return nil
}

// readTags reads media until n audio/video tags have arrived.
func (c *rawClient) readTags(n int) []flv.Tag {
	c.t.Helper()
	var out []flv.Tag
	for len(out) < n {
		_, tag, err := c.next()
		if err != nil {
			c.t.Fatalf("read after %d tags: %v", len(out), err)
		}
		if tag != nil && tag.Type != flv.TagScript {
			out = append(out, *tag)
		}
	}
	return out
}

// TestPublishPlay: a player that arrives first waits, then receives exactly
// what the publisher sends, in order, with timestamps from 0.
func TestPublishPlay(t *testing.T) {
	s := startServer(t, DefaultConfig())
	addr := s.Addr().String()

	player := dialRaw(t, addr)
	psid, _ := player.connect("live")
	if code := player.play(psid, "cam1"); code != "NetStream.Play.Start" {
		t.Fatalf("play: %s", code)
	}

	pub := dialRaw(t, addr)
	sid, code := pub.connect("live")
	if code != "" {
		t.Fatal(code)
	}
	if code := pub.publish(sid, "cam1?key=ignored"); code != "NetStream.Publish.Start" {
		t.Fatalf("publish: %s", code)
	}
	want := synthStream(30)
	pub.sendTags(sid, want)
	got := player.readTags(len(want))
	for i := range want {
		if got[i].Type != want[i].Type || !bytes.Equal(got[i].Data, want[i].Data) || got[i].Timestamp != want[i].Timestamp {
			t.Fatalf("tag %d: got %v ts %d % x, want %v ts %d % x", i, got[i].Type, got[i].Timestamp, got[i].Data,
				want[i].Type, want[i].Timestamp, want[i].Data)
		}
	}
	if !player.sawCode("NetStream.Play.PublishNotify") {
		t.Errorf("player never saw PublishNotify: %v", player.codes())
	}
	st, ok := s.Hub().StreamStats(keyOf("live", "cam1"))
	if !ok || !st.Publishing || st.TagsIn != uint64(len(want)) {
		t.Errorf("stats = %+v", st)
	}
}

// TestLateJoinRaw: a player joining mid-GOP gets the sequence headers, then
// video starting at the GOP's keyframe.
func TestLateJoinRaw(t *testing.T) {
	for _, gop := range []bool{true, false} {
		t.Run(map[bool]string{true: "gop-cache", false: "no-gop-cache"}[gop], func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Hub.GOPCache = gop
			s := startServer(t, cfg)
			addr := s.Addr().String()
			pub := dialRaw(t, addr)
			sid, _ := pub.connect("live")
			pub.publish(sid, "s")
			all := synthStream(40)
			pub.sendTags(sid, all[:2+2*15]) // headers + frames 0..14: GOP at frame 10
			waitFor(t, func() bool {
				st, _ := s.Hub().StreamStats(keyOf("live", "s"))
				return st.TagsIn == uint64(2+2*15)
			})
			player := dialRaw(t, addr)
			psid, _ := player.connect("live")
			if code := player.play(psid, "s"); code != "NetStream.Play.Start" {
				t.Fatal(code)
			}
			pub.sendTags(sid, all[2+2*15:])
			got := player.readTags(6)
			if !bytes.Equal(got[0].Data, avcSeq) && !bytes.Equal(got[1].Data, avcSeq) {
				t.Errorf("no AVC sequence header first: % x / % x", got[0].Data, got[1].Data)
			}
			var firstVideo []byte
			for _, tg := range got {
				if tg.Type == flv.TagVideo && !tg.IsSequenceHeader() {
					firstVideo = tg.Data
					break
				}
			}
			want := videoFrame(10, true)
			if !gop {
				want = videoFrame(20, true)
				got = append(got, player.readTags(12)...)
				for _, tg := range got {
					if tg.Type == flv.TagVideo && !tg.IsSequenceHeader() {
						firstVideo = tg.Data
						break
					}
				}
			}
			if !bytes.Equal(firstVideo, want) {
				t.Errorf("first video frame % x, want % x", firstVideo, want)
			}
		})
	}
}

// TestBusyAndReplace: a second publisher is refused with BadName, or with
// replace_publisher takes over and the first is disconnected.
func TestBusyAndReplace(t *testing.T) {
	for _, replace := range []bool{false, true} {
		cfg := DefaultConfig()
		cfg.Hub.ReplacePublisher = replace
		s := startServer(t, cfg)
		first := dialRaw(t, s.Addr().String())
		sid, _ := first.connect("live")
		if code := first.publish(sid, "x"); code != "NetStream.Publish.Start" {
			t.Fatal(code)
		}
		second := dialRaw(t, s.Addr().String())
		sid2, _ := second.connect("live")
		code := second.publish(sid2, "x")
		if !replace {
			if code != "NetStream.Publish.BadName" {
				t.Errorf("busy: second publisher got %s", code)
			}
			continue
		}
		if code != "NetStream.Publish.Start" {
			t.Errorf("replace: second publisher got %s", code)
		}
		// The first connection is closed by the server.
		first.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
		for {
			if _, _, err := first.next(); err != nil {
				if err == io.EOF || strings.Contains(err.Error(), "closed") || strings.Contains(err.Error(), "reset") || strings.Contains(err.Error(), "EOF") {
					break
				}
				t.Fatalf("first publisher: %v (want a close)", err)
			}
		}
	}
}

// TestConnectApps: with an app list, other apps are refused.
func TestConnectApps(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Apps = []string{"live"}
	s := startServer(t, cfg)
	c := dialRaw(t, s.Addr().String())
	if _, code := c.connect("other"); code != "NetConnection.Connect.InvalidApp" {
		t.Errorf("connect other: %q", code)
	}
	c2 := dialRaw(t, s.Addr().String())
	if _, code := c2.connect("live"); code != "" {
		t.Errorf("connect live: %q", code)
	}
}

func waitFor(t testing.TB, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func keyOf(app, name string) hub.Key { return hub.MakeKey(app, name) }
