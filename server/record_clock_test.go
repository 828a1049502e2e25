package server

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// TestRecorderTimestamps writes tags with the given publisher timestamps and
// checks the timestamps read back from the file: relative to the first tag,
// extended across the 2^32 wrap and past 2^31 ms (written modulo 2^32), and
// never jumping back to 0 when the publisher's clock restarts.
func TestRecorderTimestamps(t *testing.T) {
	const g = 1 << 30
	for _, c := range []struct {
		name    string
		in, out []uint32
	}{
		{"from first tag", []uint32{5000, 5040, 5080}, []uint32{0, 40, 80}},
		{"past 2^31 ms", []uint32{1000, 1000 + g, 1000 + 2*g, 1000 + 2*g + 40, 1000 + 3*g},
			[]uint32{0, g, 2 * g, 2*g + 40, 3 * g}},
		{"publisher wraps 2^32", []uint32{0xffff_ff00, 0xffff_ffff, 0x10, 0x1000},
			[]uint32{0, 0xff, 0x110, 0x1100}},
		{"recording wraps 2^32", []uint32{7, 7 + g, 7 + 2*g, 7 + 3*g, 7, 107},
			[]uint32{0, g, 2 * g, 3 * g, 0, 100}},
		{"clock restart continues", []uint32{50000, 51000, 52000, 10, 1010, 2010},
			[]uint32{0, 1000, 2000, 2000, 3000, 4000}},
		{"restart from far ahead", []uint32{g, g + 500, 0, 40},
			[]uint32{0, 500, 500, 540}},
		{"small interleaving step kept", []uint32{1000, 1040, 1020, 1080},
			[]uint32{0, 40, 20, 80}},
		{"small step before start clamps", []uint32{1000, 990, 1040},
			[]uint32{0, 0, 40}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			r, err := openRecorder(RecordConfig{Mode: RecordAll, Dir: dir, Path: "{name}.flv"}, "live", "s", time.Now())
			if err != nil {
				t.Fatal(err)
			}
			for i, ts := range c.in {
				tg := flv.Tag{Type: flv.TagAudio, Timestamp: ts, StreamID: 1, Data: []byte{0xaf, 1, byte(i)}}
				if err := r.WriteTag(tg); err != nil {
					t.Fatal(err)
				}
			}
			r.Close()
			tags, err := readFLV(t, filepath.Join(dir, "s.flv"))
			if err != nil || len(tags) != len(c.out) {
				t.Fatalf("read %d tags, %v", len(tags), err)
			}
			for i, tg := range tags {
				if tg.Timestamp != c.out[i] {
					t.Errorf("tag %d (in %d): ts %d, want %d", i, c.in[i], tg.Timestamp, c.out[i])
				}
			}
		})
	}
}
