package rtmp

import (
	"context"
	"encoding/json"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/internal/peertest"
)

type probePacket struct {
	CodecType string `json:"codec_type"`
	DTS       *int64 `json:"dts"`
	Flags     string `json:"flags"`
	Index     int    `json:"stream_index"`
}

type probeResult struct {
	Streams []struct {
		Index     int    `json:"index"`
		CodecName string `json:"codec_name"`
		CodecType string `json:"codec_type"`
	} `json:"streams"`
	Packets []probePacket `json:"packets"`
}

// probe runs ffprobe on file and returns codec per type and packets.
func probe(t *testing.T, ffprobe, file string) (codecs map[string]string, pkts map[string][]probePacket) {
	t.Helper()
	out, err := exec.Command(ffprobe, "-v", "error", "-show_streams", "-show_packets", "-of", "json", file).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", file, err)
	}
	var r probeResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	codecs = map[string]string{}
	types := map[int]string{}
	for _, s := range r.Streams {
		codecs[s.CodecType] = s.CodecName
		types[s.Index] = s.CodecType
	}
	pkts = map[string][]probePacket{}
	for _, p := range r.Packets {
		typ := types[p.Index]
		pkts[typ] = append(pkts[typ], p)
	}
	return codecs, pkts
}

func run(t *testing.T, ctx context.Context, name string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s stderr:\n%s", name, stderr.String())
		}
	})
	return cmd
}

// TestFFmpegPublishPlay: ffmpeg publishes a 5 s H.264/AAC clip to an
// in-process server whose handler fans it out; ffmpeg plays it into an FLV
// file; ffprobe checks codecs, packet counts, keyframe first and timestamps.
func TestFFmpegPublishPlay(t *testing.T) {
	ffmpeg := peertest.Program(t, "ffmpeg", "ffmpeg")
	ffprobe := peertest.Program(t, "ffprobe", "ffmpeg")
	dir := t.TempDir()
	src := filepath.Join(dir, "src.flv")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	gen := run(t, ctx, ffmpeg, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
		"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "5",
		"-c:v", "libx264", "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", src)
	if err := gen.Run(); err != nil {
		t.Fatalf("generate clip: %v", err)
	}

	hub := newTestHub()
	playing := make(chan struct{}, 1)
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		hub.ServeRTMP(w, r)
		if r.Kind == KindPlay {
			playing <- struct{}{}
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &Server{Handler: h}
	go srv.Serve(ln)
	defer srv.Close()
	url := "rtmp://" + ln.Addr().String() + "/live/test"

	out := filepath.Join(dir, "out.flv")
	player := run(t, ctx, ffmpeg, "-v", "error", "-y", "-i", url, "-c", "copy", "-f", "flv", out)
	if err := player.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-playing:
	case <-time.After(10 * time.Second):
		t.Fatal("player never asked to play")
	}
	pub := run(t, ctx, ffmpeg, "-v", "error", "-re", "-i", src, "-c", "copy", "-f", "flv", url)
	if err := pub.Run(); err != nil {
		t.Fatalf("publisher: %v", err)
	}
	if err := player.Wait(); err != nil {
		t.Fatalf("player: %v", err)
	}

	wantCodecs, wantPkts := probe(t, ffprobe, src)
	codecs, pkts := probe(t, ffprobe, out)
	if codecs["video"] != "h264" || codecs["audio"] != "aac" {
		t.Errorf("codecs = %v, want h264/aac (source %v)", codecs, wantCodecs)
	}
	for _, typ := range []string{"video", "audio"} {
		got, want := len(pkts[typ]), len(wantPkts[typ])
		if want == 0 || got < want*9/10 || got > want*11/10 {
			t.Errorf("%s packets = %d, source has %d", typ, got, want)
		}
		var last int64 = -1 << 62
		for i, p := range pkts[typ] {
			if p.DTS == nil {
				continue
			}
			if *p.DTS < last {
				t.Errorf("%s packet %d: dts %d < previous %d", typ, i, *p.DTS, last)
				break
			}
			last = *p.DTS
		}
	}
	if v := pkts["video"]; len(v) == 0 || !strings.Contains(v[0].Flags, "K") {
		t.Errorf("first video packet is not a keyframe: %+v", v[:min(1, len(v))])
	}
}
