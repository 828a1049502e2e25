package rtmp_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// TestRtmpdumpRTMPE has rtmpdump (librtmp) play from our server over
// rtmpe:// and checks the FLV it writes, 20 times: librtmp is the only
// independent RTMPE implementation at hand, and the handshake package
// suspects a shared-secret padding difference that would break about one
// handshake in 256 (see the handshake package doc).
func TestRtmpdumpRTMPE(t *testing.T) {
	bin := peertest.Program(t, "rtmpdump", "rtmpdump")
	tags := testTags(t)
	srv := rtmptest.NewServer(t, rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind != rtmp.KindPlay {
			return
		}
		tw := w.TagWriter(len(tags) + 1)
		for _, tag := range tags {
			tw.WriteTag(tag)
		}
		tw.End()
	}), func(s *rtmp.Server) { s.Logger = discardLogger() })
	runs := 20
	if testing.Short() {
		runs = 3
	}
	if n, err := strconv.Atoi(os.Getenv("RTMPKIT_RTMPE_RUNS")); err == nil && n > 0 {
		runs = n // to measure a rare handshake failure rate
	}
	failures := 0
	for i := 0; i < runs; i++ {
		out := filepath.Join(t.TempDir(), "out.flv")
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, bin, "-r", "rtmpe://"+srv.Addr+"/live/s", "--live", "-o", out)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		cancel()
		if msg := checkDump(out, tags); msg != "" {
			failures++
			t.Errorf("run %d: %s (rtmpdump: %v)\n%s", i, msg, err, lastLines(stderr.String(), 8))
		}
	}
	t.Logf("rtmpdump rtmpe: %d of %d runs failed", failures, runs)
}

// checkDump compares rtmpdump's FLV with the tags served; "" means equal.
// librtmp writes neither empty media messages nor script data other than
// onMetaData, so those are not expected.
func checkDump(path string, served []flv.Tag) string {
	var want []flv.Tag
	for _, t := range served {
		if len(t.Data) > 0 && (t.Type != flv.TagScript || flv.IsMetadata(t.Data)) {
			want = append(want, t)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	r := flv.NewReader(f, flv.Limits{})
	var got []flv.Tag
	for {
		tag, err := r.ReadTag()
		if err != nil {
			break
		}
		got = append(got, tag)
	}
	if len(got) != len(want) {
		var b strings.Builder
		for _, g := range got {
			b.WriteString(itoa(int(g.Type)) + "/" + itoa(int(g.Timestamp)) + "/" + itoa(len(g.Data)) + " ")
		}
		return "got " + itoa(len(got)) + " tags, want " + itoa(len(want)) + ": " + b.String()
	}
	for i := range want {
		if got[i].Type != want[i].Type || !bytes.Equal(got[i].Data, want[i].Data) || got[i].Timestamp != want[i].Timestamp {
			return "tag " + itoa(i) + " differs"
		}
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
