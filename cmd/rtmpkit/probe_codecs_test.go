package main

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/internal/testmedia"
)

// sequenceHeaders returns the first video and audio sequence header tag
// bodies of an FLV file.
func sequenceHeaders(t *testing.T, path string) (video, audio []byte) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := flv.NewReader(f, flv.Limits{})
	for video == nil || audio == nil {
		tag, err := r.ReadTag()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if tag.IsSequenceHeader() {
			switch {
			case tag.Type == flv.TagVideo && video == nil:
				video = tag.Data
			case tag.Type == flv.TagAudio && audio == nil:
				audio = tag.Data
			}
		}
	}
	return video, audio
}

// TestDescribeTestMedia: the H.264 and AAC configurations of the test files.
func TestDescribeTestMedia(t *testing.T) {
	tests := []struct {
		file    string
		profile string
	}{
		{testmedia.AVBaseline, "Constrained Baseline"},
		{testmedia.AVHigh, "High"},
	}
	for _, tc := range tests {
		v, a := sequenceHeaders(t, testmedia.Path(t, tc.file))
		vi := describeVideo(v)
		want := videoInfo{Codec: "H264", Profile: tc.profile, Level: vi.Level, Width: 320, Height: 240, FPS: 25}
		if *vi != want || vi.Level == "" {
			t.Errorf("%s: video %+v, want %+v", tc.file, *vi, want)
		}
		ai := describeAudio(a)
		if *ai != (audioInfo{Codec: "AAC", Profile: "LC", SampleRate: 44100, Channels: 2}) {
			t.Errorf("%s: audio %+v", tc.file, *ai)
		}
		if got := vi.text(); got != "H264 "+tc.profile+" level "+vi.Level+", 320x240, 25 fps" {
			t.Errorf("text %q", got)
		}
	}
}

// encodeOne encodes one 352x288 frame with encoder into the raw format
// (hevc, obu), skipping when ffmpeg or the encoder is missing.
func encodeOne(t *testing.T, encoder, format string, extra ...string) []byte {
	t.Helper()
	ff := peertest.Program(t, "ffmpeg", "ffmpeg")
	out := filepath.Join(t.TempDir(), "one."+format)
	args := []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=352x288:rate=25",
		"-frames:v", "1", "-pix_fmt", "yuv420p", "-c:v", encoder}
	args = append(append(args, extra...), "-f", format, out)
	if b, err := exec.Command(ff, args...).CombinedOutput(); err != nil {
		peertest.Missing(t, "ffmpeg with the "+encoder+" encoder ("+err.Error()+": "+string(b)+")", "apt-get install ffmpeg")
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// annexB splits an Annex B byte stream into NAL units.
func annexB(b []byte) [][]byte {
	var nalus [][]byte
	for _, part := range bytes.Split(b, []byte{0, 0, 1}) {
		part = bytes.TrimRight(part, "\x00")
		if len(part) > 0 {
			nalus = append(nalus, part)
		}
	}
	return nalus
}

// enhancedSequenceStart wraps a configuration record in an Enhanced RTMP
// keyframe SequenceStart video tag body.
func enhancedSequenceStart(fourcc string, rec []byte) []byte {
	return append(append([]byte{0x90}, fourcc...), rec...)
}

func TestDescribeHEVC(t *testing.T) {
	es := encodeOne(t, "libx265", "hevc", "-x265-params", "log-level=none")
	rec := make([]byte, 22)
	rec[0] = 1
	var arrays [][]byte
	for _, n := range annexB(es) {
		if typ := (n[0] >> 1) & 0x3f; typ >= 32 && typ <= 34 {
			a := []byte{typ, 0, 1, 0, 0}
			binary.BigEndian.PutUint16(a[3:], uint16(len(n)))
			arrays = append(arrays, append(a, n...))
		}
	}
	rec = append(rec, byte(len(arrays)))
	for _, a := range arrays {
		rec = append(rec, a...)
	}
	vi := describeVideo(enhancedSequenceStart("hvc1", rec))
	if vi.Codec != "H265" || vi.Profile != "Main" || vi.Width != 352 || vi.Height != 288 || vi.Error != "" {
		t.Errorf("HEVC %+v", *vi)
	}
	if vi := describeVideo(enhancedSequenceStart("hvc1", rec[:30])); vi.Error == "" {
		t.Errorf("truncated HEVC record: no error in %+v", *vi)
	}
}

func TestDescribeAV1(t *testing.T) {
	obus := encodeOne(t, "libaom-av1", "obu", "-cpu-used", "8", "-usage", "realtime")
	var seq []byte
	for p := obus; len(p) > 0; {
		hasSize := p[0]&0x02 != 0
		n := 1 + int(p[0]>>2&1)
		if !hasSize {
			break
		}
		size, m, err := leb128(p[n:])
		if err != nil {
			t.Fatal(err)
		}
		end := n + m + int(size)
		if (p[0]>>3)&0x0f == 1 {
			seq = p[:end]
			break
		}
		p = p[end:]
	}
	if seq == nil {
		t.Fatal("no sequence header OBU in the encoder's output")
	}
	rec := append([]byte{0x81, 0, 0x0c, 0}, seq...)
	vi := describeVideo(enhancedSequenceStart("av01", rec))
	if vi.Codec != "AV1" || vi.Profile != "Main" || vi.Width != 352 || vi.Height != 288 || vi.Error != "" {
		t.Errorf("AV1 %+v", *vi)
	}
}

// TestDescribeErrors: broken configurations are reported, never a panic.
func TestDescribeErrors(t *testing.T) {
	for _, data := range [][]byte{
		{0x17, 0x00, 0, 0, 0}, // AVC record missing
		{0x17, 0x00, 0, 0, 0, 1, 0x64, 0, 0x0d, 0xff, 0xe1, 0x00, 0x40, 0x67}, // SPS cut short
		{0x17, 0x00, 0, 0, 0, 1, 0x64, 0, 0x0d, 0xff, 0xe0},                   // no SPS
		enhancedSequenceStart("av01", []byte{0x81, 0, 0}),
		enhancedSequenceStart("av01", []byte{0x81, 0, 0, 0, 0x0a, 0xff}),
		{0x90},
	} {
		if vi := describeVideo(data); vi.Error == "" {
			t.Errorf("describeVideo(% x) = %+v, want an error", data, *vi)
		}
	}
	for _, data := range [][]byte{{0xaf, 0x00}, {0xaf, 0x00, 0xff, 0xff}, {}} {
		if ai := describeAudio(data); ai.Error == "" {
			t.Errorf("describeAudio(% x) = %+v, want an error", data, *ai)
		}
	}
	if ai := describeAudio([]byte{0x2e, 0xff}); ai.Codec != "MP3" || ai.SampleRate != 44100 || ai.Channels != 1 {
		t.Errorf("MP3 %+v", *ai)
	}
}
