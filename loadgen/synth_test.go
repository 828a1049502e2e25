package loadgen

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/internal/peertest"
)

// writeSynthFLV writes d of s as an FLV file and returns its path.
func writeSynthFLV(t *testing.T, s *Synth, d time.Duration) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "synth.flv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	w := flv.NewWriter(bw, flv.DefaultHeader(true, true))
	md, err := s.metadataScript()
	if err != nil {
		t.Fatal(err)
	}
	tags := append([]flv.Tag{{Type: flv.TagScript, Data: md}}, s.SequenceHeaders()...)
	c := s.Cursor()
	for {
		tag := c.Next()
		if time.Duration(tag.Timestamp)*time.Millisecond >= d {
			break
		}
		tags = append(tags, tag)
	}
	for _, tag := range tags {
		if err := w.WriteTag(tag); err != nil {
			t.Fatal(err)
		}
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSynthBitrateAndCadence(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  SynthConfig
	}{
		{"default 2.5M", SynthConfig{}},
		{"200k", SynthConfig{Bitrate: 200_000}},
		{"1M 25fps 1s GOP", SynthConfig{Bitrate: 1_000_000, FPS: 25, GOP: time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewSynth(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			cfg := s.Config()
			c := s.Cursor()
			var bytes, video, audio, keys int
			var last uint32
			const seconds = 10
			for {
				tag := c.Next()
				if tag.Timestamp < last {
					t.Fatalf("timestamp went back: %d after %d", tag.Timestamp, last)
				}
				last = tag.Timestamp
				if tag.Timestamp >= seconds*1000 {
					break
				}
				bytes += len(tag.Data)
				if tag.Type == flv.TagVideo {
					video++
					if tag.IsKeyframe() {
						keys++
					}
				} else {
					audio++
				}
			}
			if want := int(cfg.FPS * seconds); video != want {
				t.Errorf("video frames = %d, want %d", video, want)
			}
			if want := int(seconds * cfg.GOP.Seconds()); keys != seconds/int(cfg.GOP.Seconds()) {
				t.Errorf("keyframes = %d, want %d", keys, want)
			}
			if audio < 430 || audio > 432 {
				t.Errorf("audio frames = %d, want 431", audio)
			}
			got := float64(bytes) * 8 / seconds
			if want := float64(cfg.Bitrate); got < 0.97*want || got > 1.03*want {
				t.Errorf("bitrate = %.0f bit/s, want %.0f ± 3 %%", got, want)
			}
		})
	}
}

func TestSynthConfigErrors(t *testing.T) {
	for _, cfg := range []SynthConfig{{Bitrate: -1}, {FPS: -1}, {KeyframeShare: 1}, {GOP: -time.Second}} {
		if _, err := NewSynth(cfg); err != ErrSynthConfig {
			t.Errorf("NewSynth(%+v) = %v, want ErrSynthConfig", cfg, err)
		}
	}
}

// TestSynthDecodes checks with FFmpeg that the generated stream is valid:
// ffprobe sees 64x64 H.264 and AAC, and decoding every frame reports no
// error.
func TestSynthDecodes(t *testing.T) {
	ffmpeg := peertest.Program(t, "ffmpeg", "ffmpeg")
	s, err := NewSynth(SynthConfig{Bitrate: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	path := writeSynthFLV(t, s, 4*time.Second)
	p := peertest.ProbeFile(t, path)
	codecs := map[string]int{}
	for _, st := range p.Streams {
		codecs[st.CodecName] = len(st.Packets)
	}
	if codecs["h264"] != 120 || codecs["aac"] < 170 {
		t.Errorf("ffprobe packets by codec = %v, want h264:120 and aac:~172", codecs)
	}
	out, err := exec.Command(ffmpeg, "-v", "error", "-xerror", "-i", path, "-f", "null", "-").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Fatalf("ffmpeg decode: %v\n%s", err, out)
	}
	// Every video frame must come out of the decoder.
	out, err = exec.Command(ffmpeg, "-v", "error", "-i", path, "-map", "0:v", "-f", "framecrc", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg framecrc: %v\n%s", err, out)
	}
	frames := 0
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "0,") {
			frames++
		}
	}
	if frames != 120 {
		t.Errorf("decoded %d video frames, want 120", frames)
	}
}
