package peertest

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Probe is what ffprobe reports about a media file: its streams, each with
// its packets in file order.
type Probe struct {
	Streams []*ProbeStream
}

// ProbeStream is one stream of a probed file.
type ProbeStream struct {
	Index     int
	CodecType string // "video", "audio" or "data"
	CodecName string // "h264", "aac", ...
	Packets   []ProbePacket
}

// ProbePacket is one packet of a stream. Times are in the stream's time
// base converted to durations (FLV: milliseconds).
type ProbePacket struct {
	DTS      time.Duration
	PTS      time.Duration
	HasDTS   bool
	Keyframe bool
	Size     int
}

// ProbeFile runs ffprobe -show_streams -show_packets on path, failing t when
// ffprobe fails; it skips (or fails, see [Required]) when ffprobe is missing.
func ProbeFile(t testing.TB, path string) *Probe {
	t.Helper()
	ffprobe := Program(t, "ffprobe", "ffmpeg")
	out, err := exec.Command(ffprobe, "-v", "error", "-show_streams", "-show_packets", "-of", "json", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	p, err := ParseProbe(out)
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	return p
}

type probeJSON struct {
	Streams []struct {
		Index     int    `json:"index"`
		CodecType string `json:"codec_type"`
		CodecName string `json:"codec_name"`
		TimeBase  string `json:"time_base"`
	} `json:"streams"`
	Packets []struct {
		Index int    `json:"stream_index"`
		DTS   *int64 `json:"dts"`
		PTS   *int64 `json:"pts"`
		Flags string `json:"flags"`
		Size  string `json:"size"`
	} `json:"packets"`
}

// ParseProbe parses the JSON of `ffprobe -show_streams -show_packets -of json`.
func ParseProbe(data []byte) (*Probe, error) {
	var j probeJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("parse ffprobe json: %w", err)
	}
	p := &Probe{}
	byIndex := map[int]*ProbeStream{}
	unit := map[int]time.Duration{}
	for _, s := range j.Streams {
		ps := &ProbeStream{Index: s.Index, CodecType: s.CodecType, CodecName: s.CodecName}
		p.Streams = append(p.Streams, ps)
		byIndex[s.Index] = ps
		u, err := timeBase(s.TimeBase)
		if err != nil {
			return nil, fmt.Errorf("stream %d: %w", s.Index, err)
		}
		unit[s.Index] = u
	}
	for i, pk := range j.Packets {
		s := byIndex[pk.Index]
		if s == nil {
			return nil, fmt.Errorf("packet %d: unknown stream %d", i, pk.Index)
		}
		u := unit[pk.Index]
		pp := ProbePacket{Keyframe: strings.Contains(pk.Flags, "K")}
		if pk.DTS != nil {
			pp.DTS, pp.HasDTS = time.Duration(*pk.DTS)*u, true
		}
		if pk.PTS != nil {
			pp.PTS = time.Duration(*pk.PTS) * u
		}
		pp.Size, _ = strconv.Atoi(pk.Size)
		s.Packets = append(s.Packets, pp)
	}
	return p, nil
}

// timeBase converts "1/1000" to the duration of one tick.
func timeBase(tb string) (time.Duration, error) {
	num, den, ok := strings.Cut(tb, "/")
	n, err1 := strconv.ParseInt(num, 10, 64)
	d, err2 := strconv.ParseInt(den, 10, 64)
	if !ok || err1 != nil || err2 != nil || n <= 0 || d <= 0 {
		return 0, fmt.Errorf("bad time_base %q", tb)
	}
	return time.Duration(n) * time.Second / time.Duration(d), nil
}

// Stream returns the first stream of codecType ("video", "audio"), or nil.
func (p *Probe) Stream(codecType string) *ProbeStream {
	for _, s := range p.Streams {
		if s.CodecType == codecType {
			return s
		}
	}
	return nil
}

// Codecs returns codec type → codec name of the file's streams.
func (p *Probe) Codecs() map[string]string {
	m := map[string]string{}
	for _, s := range p.Streams {
		m[s.CodecType] = s.CodecName
	}
	return m
}

// FirstIsKeyframe reports whether the stream's first packet is a keyframe.
func (s *ProbeStream) FirstIsKeyframe() bool {
	return len(s.Packets) > 0 && s.Packets[0].Keyframe
}

// CheckMonotonic returns an error describing the first packet whose DTS is
// lower than the previous packet's.
func (s *ProbeStream) CheckMonotonic() error {
	var last time.Duration
	seen := false
	for i, p := range s.Packets {
		if !p.HasDTS {
			continue
		}
		if seen && p.DTS < last {
			return fmt.Errorf("%s packet %d: dts %v < previous %v", s.CodecType, i, p.DTS, last)
		}
		last, seen = p.DTS, true
	}
	return nil
}

// MaxGap returns the largest DTS step between consecutive packets and the
// index of the packet after it.
func (s *ProbeStream) MaxGap() (gap time.Duration, at int) {
	for i := 1; i < len(s.Packets); i++ {
		if d := s.Packets[i].DTS - s.Packets[i-1].DTS; d > gap {
			gap, at = d, i
		}
	}
	return gap, at
}

// Duration returns the DTS span of the stream: last minus first.
func (s *ProbeStream) Duration() time.Duration {
	if len(s.Packets) == 0 {
		return 0
	}
	return s.Packets[len(s.Packets)-1].DTS - s.Packets[0].DTS
}

// Keyframes returns the number of keyframe packets.
func (s *ProbeStream) Keyframes() int {
	n := 0
	for _, p := range s.Packets {
		if p.Keyframe {
			n++
		}
	}
	return n
}
