package peertest

import (
	"context"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Expect says how much of its source a played or recorded file must hold.
type Expect struct {
	// Share of each source stream's packets the copy must hold (1: all).
	// Zero skips the count check; the copy must still have every stream
	// and at least one packet in each.
	Share float64
	// Tolerance is the allowed relative difference from Share (0.1: ±10 %).
	Tolerance float64
	// MaxGap, when set, bounds the largest DTS step between packets.
	MaxGap time.Duration
}

// All is the usual expectation of a copy that saw the whole stream: every
// packet, within ±10 % (a player may miss the first or last few).
var All = Expect{Share: 1, Tolerance: 0.1}

// CheckCopy compares the FLV file at path with src, ffprobe's view of the
// file it was published from, and reports each of [Probe.Differences] on t.
// It returns ffprobe's view of path for further checks.
func CheckCopy(t testing.TB, path string, src *Probe, want Expect) *Probe {
	t.Helper()
	got := ProbeFile(t, path)
	name := filepath.Base(path)
	for _, d := range got.Differences(src, want) {
		t.Errorf("%s: %s", name, d)
	}
	for _, ss := range src.Streams {
		if gs := got.Stream(ss.CodecType); gs != nil {
			t.Logf("%s %s: %d/%d packets, span %v", name, ss.CodecType, len(gs.Packets), len(ss.Packets), gs.Duration())
		}
	}
	return got
}

// Differences lists how p, a played or recorded copy, falls short of src,
// the file it was published from: other audio or video codecs, per-stream
// packet counts outside what want says, a first video packet that is not a
// keyframe, a DTS lower than the one before, a DTS gap of want.MaxGap or
// more. None means the copy is as expected.
func (p *Probe) Differences(src *Probe, want Expect) []string {
	var diffs []string
	if g, s := MediaCodecs(p), MediaCodecs(src); fmt.Sprint(g) != fmt.Sprint(s) {
		diffs = append(diffs, fmt.Sprintf("codecs %v, source %v", g, s))
	}
	for _, ss := range src.Streams {
		if ss.CodecType != "audio" && ss.CodecType != "video" {
			continue
		}
		gs := p.Stream(ss.CodecType)
		if gs == nil {
			continue // a codec difference, above
		}
		n := float64(len(gs.Packets))
		if want.Share > 0 {
			exp := want.Share * float64(len(ss.Packets))
			if math.Abs(n-exp) > want.Tolerance*exp {
				diffs = append(diffs, fmt.Sprintf("%s: %d packets, want %.0f ±%.0f%% (source has %d)", ss.CodecType,
					len(gs.Packets), exp, 100*want.Tolerance, len(ss.Packets)))
			}
		} else if n == 0 {
			diffs = append(diffs, fmt.Sprintf("no %s packets", ss.CodecType))
		}
		if err := gs.CheckMonotonic(); err != nil {
			diffs = append(diffs, err.Error())
		}
		if ss.CodecType == "video" && n > 0 && !gs.FirstIsKeyframe() {
			diffs = append(diffs, "first video packet is not a keyframe")
		}
		if want.MaxGap > 0 {
			if g, at := gs.MaxGap(); g >= want.MaxGap {
				diffs = append(diffs, fmt.Sprintf("%s: DTS gap of %v before packet %d (limit %v)", ss.CodecType, g, at, want.MaxGap))
			}
		}
	}
	return diffs
}

// MediaCodecs returns codec type → codec name of the file's audio and video
// streams (not data streams).
func MediaCodecs(p *Probe) map[string]string {
	m := map[string]string{}
	for k, v := range p.Codecs() {
		if k == "audio" || k == "video" {
			m[k] = v
		}
	}
	return m
}

// Command returns a command that runs program under ctx; its standard error
// is logged if t has failed by the end of the test.
func Command(t testing.TB, ctx context.Context, program string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.CommandContext(ctx, program, args...)
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s %s stderr:\n%s", filepath.Base(program), strings.Join(args, " "), stderr.String())
		}
	})
	return cmd
}
