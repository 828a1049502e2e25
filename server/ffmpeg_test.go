package server

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/internal/testmedia"
)

// TestFFmpegPublishPlayRecord: ffmpeg publishes a test file to the
// server (recording on), ffmpeg plays it into a file; ffprobe checks the
// played file and the recording against the source.
func TestFFmpegPublishPlayRecord(t *testing.T) {
	ffmpeg := peertest.Program(t, "ffmpeg", "ffmpeg")
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	src := testmedia.Path(t, testmedia.AVBaseline)
	want := testmedia.Probe(t, testmedia.AVBaseline)

	cfg := DefaultConfig()
	cfg.Record = RecordConfig{Mode: RecordAll, Dir: filepath.Join(dir, "rec"), Path: DefaultRecordPath}
	s := startServer(t, cfg)
	url := s.URL() + "/live/test"

	out := filepath.Join(dir, "out.flv")
	player := peertest.Command(t, ctx, ffmpeg, "-v", "error", "-y", "-i", url, "-c", "copy", "-f", "flv", out)
	if err := player.Start(); err != nil {
		t.Fatal(err)
	}
	// The player arrives first and waits for the publisher.
	waitFor(t, func() bool {
		st, ok := s.Hub().StreamStats(keyOf("live", "test"))
		return ok && len(st.Subscribers) == 1
	})
	pub := peertest.Command(t, ctx, ffmpeg, "-v", "error", "-re", "-i", src, "-c", "copy", "-f", "flv", url)
	if err := pub.Run(); err != nil {
		t.Fatalf("publisher: %v", err)
	}
	if err := player.Wait(); err != nil {
		t.Fatalf("player: %v", err)
	}

	peertest.CheckCopy(t, out, want, peertest.All)

	files := recordings(t, filepath.Join(dir, "rec"))
	if len(files) != 1 {
		t.Fatalf("recordings: %v", files)
	}
	if tags, err := readFLV(t, files[0]); err != nil || len(tags) < len(want.Stream("video").Packets)+len(want.Stream("audio").Packets) {
		t.Errorf("recording: %d tags, %v", len(tags), err)
	}
	peertest.CheckCopy(t, files[0], want, peertest.All)
}

// TestFFmpegLateJoin: a player that connects mid-stream starts with a
// keyframe (from the GOP cache) and decodable h264/aac.
func TestFFmpegLateJoin(t *testing.T) {
	ffmpeg := peertest.Program(t, "ffmpeg", "ffmpeg")
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	src := testmedia.Path(t, testmedia.AVBaseline)
	s := startServer(t, DefaultConfig())
	url := s.URL() + "/live/late"

	pub := peertest.Command(t, ctx, ffmpeg, "-v", "error", "-re", "-i", src, "-c", "copy", "-f", "flv", url)
	if err := pub.Start(); err != nil {
		t.Fatal(err)
	}
	// Join 3 s in: in the middle of the second GOP (keyframes every 2 s).
	waitFor(t, func() bool {
		st, ok := s.Hub().StreamStats(keyOf("live", "late"))
		return ok && st.Publishing && st.TagsIn > 3*(25+43)
	})
	out := filepath.Join(dir, "late.flv")
	player := peertest.Command(t, ctx, ffmpeg, "-v", "error", "-y", "-i", url, "-c", "copy", "-f", "flv", out)
	if err := player.Run(); err != nil {
		t.Fatalf("player: %v", err)
	}
	if err := pub.Wait(); err != nil {
		t.Fatalf("publisher: %v", err)
	}
	got := peertest.CheckCopy(t, out, testmedia.Probe(t, testmedia.AVBaseline), peertest.Expect{})
	if v := got.Stream("video"); v == nil || len(v.Packets) >= 150 || len(v.Packets) < 25 {
		t.Errorf("late joiner got video %+v, want 25 to 149 packets of 150", v)
	}
}
