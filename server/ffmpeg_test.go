package server

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/internal/peertest"
)

type probePacket struct {
	DTS   *int64 `json:"dts"`
	Flags string `json:"flags"`
	Index int    `json:"stream_index"`
}

// probe runs ffprobe on file: codec name per media type and the packets.
func probe(t *testing.T, ffprobe, file string) (map[string]string, map[string][]probePacket) {
	t.Helper()
	out, err := exec.Command(ffprobe, "-v", "error", "-show_streams", "-show_packets", "-of", "json", file).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", file, err)
	}
	var r struct {
		Streams []struct {
			Index     int    `json:"index"`
			CodecName string `json:"codec_name"`
			CodecType string `json:"codec_type"`
		} `json:"streams"`
		Packets []probePacket `json:"packets"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	codecs, types := map[string]string{}, map[int]string{}
	for _, s := range r.Streams {
		codecs[s.CodecType], types[s.Index] = s.CodecName, s.CodecType
	}
	pkts := map[string][]probePacket{}
	for _, p := range r.Packets {
		pkts[types[p.Index]] = append(pkts[types[p.Index]], p)
	}
	return codecs, pkts
}

func command(t *testing.T, ctx context.Context, name string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s %s stderr:\n%s", filepath.Base(name), strings.Join(args, " "), stderr.String())
		}
	})
	return cmd
}

// makeClip generates an H.264 (GOP 50) + AAC FLV clip of secs seconds.
func makeClip(t *testing.T, ctx context.Context, ffmpeg, dir string, secs int) string {
	t.Helper()
	src := filepath.Join(dir, "src.flv")
	gen := command(t, ctx, ffmpeg, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
		"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", strconv.Itoa(secs),
		"-c:v", "libx264", "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", src)
	if err := gen.Run(); err != nil {
		t.Fatalf("generate clip: %v", err)
	}
	return src
}

// checkPlayback asserts codecs h264/aac, packet counts within 10% of want
// (when want is given), a keyframe first and monotonic timestamps.
func checkPlayback(t *testing.T, what string, codecs map[string]string, pkts, want map[string][]probePacket) {
	t.Helper()
	if codecs["video"] != "h264" || codecs["audio"] != "aac" {
		t.Errorf("%s: codecs = %v, want h264/aac", what, codecs)
	}
	for _, typ := range []string{"video", "audio"} {
		got := len(pkts[typ])
		if want != nil {
			w := len(want[typ])
			if w == 0 || got < w*9/10 || got > w*11/10 {
				t.Errorf("%s: %s packets = %d, source has %d", what, typ, got, w)
			}
		} else if got == 0 {
			t.Errorf("%s: no %s packets", what, typ)
		}
		last := int64(-1 << 62)
		for i, p := range pkts[typ] {
			if p.DTS == nil {
				continue
			}
			if *p.DTS < last {
				t.Errorf("%s: %s packet %d: dts %d < previous %d", what, typ, i, *p.DTS, last)
				break
			}
			last = *p.DTS
		}
	}
	if v := pkts["video"]; len(v) == 0 || !strings.Contains(v[0].Flags, "K") {
		t.Errorf("%s: first video packet is not a keyframe: %+v", what, v[:min(1, len(v))])
	}
}

// TestFFmpegPublishPlayRecord: ffmpeg publishes a generated clip to the
// server (recording on), ffmpeg plays it into a file; ffprobe checks the
// played file and the recording against the source.
func TestFFmpegPublishPlayRecord(t *testing.T) {
	ffmpeg := peertest.Program(t, "ffmpeg", "ffmpeg")
	ffprobe := peertest.Program(t, "ffprobe", "ffmpeg")
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	src := makeClip(t, ctx, ffmpeg, dir, 5)

	cfg := DefaultConfig()
	cfg.Record = RecordConfig{Mode: RecordAll, Dir: filepath.Join(dir, "rec"), Path: DefaultRecordPath}
	s := startServer(t, cfg)
	url := s.URL() + "/live/test"

	out := filepath.Join(dir, "out.flv")
	player := command(t, ctx, ffmpeg, "-v", "error", "-y", "-i", url, "-c", "copy", "-f", "flv", out)
	if err := player.Start(); err != nil {
		t.Fatal(err)
	}
	// The player arrives first and waits for the publisher.
	waitFor(t, func() bool {
		st, ok := s.Hub().StreamStats(keyOf("live", "test"))
		return ok && len(st.Subscribers) == 1
	})
	pub := command(t, ctx, ffmpeg, "-v", "error", "-re", "-i", src, "-c", "copy", "-f", "flv", url)
	if err := pub.Run(); err != nil {
		t.Fatalf("publisher: %v", err)
	}
	if err := player.Wait(); err != nil {
		t.Fatalf("player: %v", err)
	}

	_, want := probe(t, ffprobe, src)
	codecs, pkts := probe(t, ffprobe, out)
	checkPlayback(t, "played", codecs, pkts, want)

	files := recordings(t, filepath.Join(dir, "rec"))
	if len(files) != 1 {
		t.Fatalf("recordings: %v", files)
	}
	if tags, err := readFLV(t, files[0]); err != nil || len(tags) < len(want["video"])+len(want["audio"]) {
		t.Errorf("recording: %d tags, %v", len(tags), err)
	}
	codecs, pkts = probe(t, ffprobe, files[0])
	checkPlayback(t, "recorded", codecs, pkts, want)
}

// TestFFmpegLateJoin: a player that connects mid-stream starts with a
// keyframe (from the GOP cache) and decodable h264/aac.
func TestFFmpegLateJoin(t *testing.T) {
	ffmpeg := peertest.Program(t, "ffmpeg", "ffmpeg")
	ffprobe := peertest.Program(t, "ffprobe", "ffmpeg")
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	src := makeClip(t, ctx, ffmpeg, dir, 6)
	s := startServer(t, DefaultConfig())
	url := s.URL() + "/live/late"

	pub := command(t, ctx, ffmpeg, "-v", "error", "-re", "-i", src, "-c", "copy", "-f", "flv", url)
	if err := pub.Start(); err != nil {
		t.Fatal(err)
	}
	// Join 3 s in: in the middle of the second GOP (keyframes every 2 s).
	waitFor(t, func() bool {
		st, ok := s.Hub().StreamStats(keyOf("live", "late"))
		return ok && st.Publishing && st.TagsIn > 3*(25+43)
	})
	out := filepath.Join(dir, "late.flv")
	player := command(t, ctx, ffmpeg, "-v", "error", "-y", "-i", url, "-c", "copy", "-f", "flv", out)
	if err := player.Run(); err != nil {
		t.Fatalf("player: %v", err)
	}
	if err := pub.Wait(); err != nil {
		t.Fatalf("publisher: %v", err)
	}
	codecs, pkts := probe(t, ffprobe, out)
	checkPlayback(t, "late joiner", codecs, pkts, nil)
	if n := len(pkts["video"]); n >= 150 || n < 25 {
		t.Errorf("late joiner got %d video packets of 150", n)
	}
}
