package testmedia

import (
	"crypto/sha256"
	"os"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/internal/peertest"
)

// TestFiles checks every generated file with ffprobe: codecs, packet counts
// for the duration, a keyframe first and every GOP, monotonic timestamps,
// B-frame composition time only in the High profile files.
func TestFiles(t *testing.T) {
	tests := []struct {
		name         string
		video, audio bool
		bframes      bool
	}{
		{AVBaseline, true, true, false},
		{AVHigh, true, true, true},
		{AudioOnly, false, true, false},
		{VideoOnly, true, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Probe(t, tc.name)
			a, v := p.Stream("audio"), p.Stream("video")
			if (v != nil) != tc.video || (a != nil) != tc.audio {
				t.Fatalf("streams %v, want video=%v audio=%v", p.Codecs(), tc.video, tc.audio)
			}
			audio, video, err := peertest.FLVTracks(Path(t, tc.name))
			if err != nil || audio != tc.audio || video != tc.video {
				t.Errorf("FLV header flags audio=%v video=%v (%v)", audio, video, err)
			}
			secs := int(Duration / time.Second)
			if v != nil {
				if v.CodecName != "h264" {
					t.Errorf("video codec %q", v.CodecName)
				}
				if n := len(v.Packets); n != 25*secs {
					t.Errorf("video packets = %d, want %d", n, 25*secs)
				}
				if !v.FirstIsKeyframe() || v.Keyframes() != int(Duration/GOP) {
					t.Errorf("keyframes: first %v, count %d, want %d", v.FirstIsKeyframe(), v.Keyframes(), Duration/GOP)
				}
				cts := false
				for _, pk := range v.Packets {
					cts = cts || pk.PTS != pk.DTS
				}
				if cts != tc.bframes {
					t.Errorf("composition time present = %v, want %v", cts, tc.bframes)
				}
				if err := v.CheckMonotonic(); err != nil {
					t.Error(err)
				}
			}
			if a != nil {
				if a.CodecName != "aac" {
					t.Errorf("audio codec %q", a.CodecName)
				}
				// 1024 samples per AAC frame at 44.1 kHz.
				want := secs * 44100 / 1024
				if n := len(a.Packets); n < want || n > want+3 {
					t.Errorf("audio packets = %d, want about %d", n, want)
				}
				if err := a.CheckMonotonic(); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestDeterministic regenerates the files in a fresh directory and compares
// their bytes with the cached ones.
func TestDeterministic(t *testing.T) {
	d := Dir(t)
	ff := peertest.Program(t, "ffmpeg", "ffmpeg")
	t.Setenv("TMPDIR", t.TempDir())
	d2, err := generate(ff)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range Files {
		a, err1 := os.ReadFile(d + "/" + name)
		b, err2 := os.ReadFile(d2 + "/" + name)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if sha256.Sum256(a) != sha256.Sum256(b) {
			t.Errorf("%s differs between two generations (%d vs %d bytes)", name, len(a), len(b))
		}
	}
}
