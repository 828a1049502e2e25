package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// cmdResult is the outcome of one in-process run of the rtmpkit command.
type cmdResult struct {
	stdout, stderr string
	code           int
	err            error
}

// runCmd runs rtmpkit with args in-process (stdin from in, which may be
// nil), bounded by limit, and returns its output and exit code.
func runCmd(t *testing.T, limit time.Duration, in io.Reader, args ...string) cmdResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	root := newRootCmd()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	if in == nil {
		in = strings.NewReader("")
	}
	root.SetIn(in)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	r := cmdResult{stdout: out.String(), stderr: errb.String(), code: exitCode(err), err: err}
	if ctx.Err() != nil {
		t.Errorf("rtmpkit %s: still running after %v", strings.Join(args, " "), limit)
	}
	return r
}

// tinyFLV returns a short audio-only FLV stream: onMetaData, an AAC-LC
// 44.1 kHz stereo sequence header and 20 raw frames 23 ms apart.
func tinyFLV(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	w := flv.NewWriter(&b, flv.DefaultHeader(true, false))
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	md, err := flv.AppendMetadata(nil, flv.Metadata{{Key: "audiocodecid", Value: 10.0}})
	if err != nil {
		t.Fatal(err)
	}
	tags := []flv.Tag{{Type: flv.TagScript, Data: md}, {Type: flv.TagAudio, Data: []byte{0xaf, 0x00, 0x12, 0x10}}}
	for i := range 20 {
		tags = append(tags, flv.Tag{Type: flv.TagAudio, Timestamp: uint32(23 * i), Data: []byte{0xaf, 0x01, 0x21, byte(i)}})
	}
	for _, tag := range tags {
		if err := w.WriteTag(tag); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// newTestServer starts an rtmp.Server with handler h on loopback, logging nothing.
func newTestServer(t *testing.T, h rtmp.Handler) *rtmptest.Server {
	t.Helper()
	return rtmptest.NewServer(t, h, func(s *rtmp.Server) { s.Logger = slog.New(slog.DiscardHandler) })
}
