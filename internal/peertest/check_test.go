package peertest

import (
	"strings"
	"testing"
	"time"
)

// probeOf builds a probe of an h264 + aac file (or other codecs) from
// per-stream packet lists: DTS in ms, keyframe flags.
func probeOf(video, audio string, vdts []int, vkey []bool, adts []int) *Probe {
	p := &Probe{}
	if video != "" {
		s := &ProbeStream{Index: 0, CodecType: "video", CodecName: video}
		for i, d := range vdts {
			s.Packets = append(s.Packets, ProbePacket{DTS: time.Duration(d) * time.Millisecond, HasDTS: true, Keyframe: vkey[i]})
		}
		p.Streams = append(p.Streams, s)
	}
	if audio != "" {
		s := &ProbeStream{Index: 1, CodecType: "audio", CodecName: audio}
		for _, d := range adts {
			s.Packets = append(s.Packets, ProbePacket{DTS: time.Duration(d) * time.Millisecond, HasDTS: true, Keyframe: true})
		}
		p.Streams = append(p.Streams, s)
	}
	p.Streams = append(p.Streams, &ProbeStream{Index: 2, CodecType: "data", CodecName: "bin_data"})
	return p
}

func TestDifferences(t *testing.T) {
	ms := func(n, step int) []int {
		d := make([]int, n)
		for i := range d {
			d[i] = i * step
		}
		return d
	}
	keys := func(n, gop int) []bool {
		k := make([]bool, n)
		for i := range k {
			k[i] = i%gop == 0
		}
		return k
	}
	lateKey := keys(100, 50)
	lateKey[0] = false
	src := probeOf("h264", "aac", ms(100, 40), keys(100, 50), ms(172, 23))
	for _, tc := range []struct {
		name string
		got  *Probe
		want Expect
		diff string // a substring of the only difference; "" for none
	}{
		{"same", src, All, ""},
		{"a few missing", probeOf("h264", "aac", ms(92, 40), keys(92, 50), ms(160, 23)), All, ""},
		{"too few video", probeOf("h264", "aac", ms(80, 40), keys(80, 50), ms(172, 23)), All, "video: 80 packets, want 100"},
		{"too many audio", probeOf("h264", "aac", ms(100, 40), keys(100, 50), ms(200, 23)), All, "audio: 200 packets"},
		{"half, as expected", probeOf("h264", "aac", ms(50, 40), keys(50, 50), ms(86, 23)), Expect{Share: 0.5, Tolerance: 0.1}, ""},
		{"no count check", probeOf("h264", "aac", ms(3, 40), keys(3, 50), ms(5, 23)), Expect{}, ""},
		{"no count check, empty", probeOf("h264", "aac", nil, nil, ms(5, 23)), Expect{}, "no video packets"},
		{"other codec", probeOf("hevc", "aac", ms(100, 40), keys(100, 50), ms(172, 23)), All, "codecs map[audio:aac video:hevc]"},
		{"audio missing", probeOf("h264", "", ms(100, 40), keys(100, 50), nil), All, "codecs map[video:h264]"},
		{"late keyframe", probeOf("h264", "aac", ms(100, 40), lateKey, ms(172, 23)), All, "not a keyframe"},
		{"dts back", probeOf("h264", "aac", append(ms(99, 40), 10), keys(100, 50), ms(172, 23)), All, "packet 99: dts"},
		{"gap", probeOf("h264", "aac", append(ms(99, 40), 5000), keys(100, 50), ms(172, 23)), Expect{Share: 1, Tolerance: 0.1, MaxGap: time.Second}, "DTS gap of 1.08s before packet 99"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.got.Differences(src, tc.want)
			switch {
			case tc.diff == "" && len(d) != 0:
				t.Errorf("differences %q, want none", d)
			case tc.diff != "" && (len(d) != 1 || !strings.Contains(d[0], tc.diff)):
				t.Errorf("differences %q, want one with %q", d, tc.diff)
			}
		})
	}
}
