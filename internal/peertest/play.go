package peertest

import (
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// Player names a real RTMP playing peer.
type Player string

// The players [Play] can run. Each writes what it receives to an FLV file.
const (
	// PlayFFmpeg: ffmpeg -i URL -c copy -flush_packets 1 -f flv OUT (every
	// packet reaches the file at once, so even a killed ffmpeg leaves
	// everything it received).
	PlayFFmpeg Player = "ffmpeg"
	// PlayRtmpdump: rtmpdump -v (live) -r URL -o OUT; SIGINT stops it cleanly.
	PlayRtmpdump Player = "rtmpdump"
	// PlayGst: GStreamer rtmp2src ! filesink (drops media that is not on
	// its own message stream id).
	PlayGst Player = "gst"
	// PlayLibrtmp: python-librtmp reading with RTMP_Read.
	PlayLibrtmp Player = "librtmp"
)

// Players lists every [Player].
var Players = []Player{PlayFFmpeg, PlayRtmpdump, PlayGst, PlayLibrtmp}

// Play starts player reading url into the FLV file out. It stops by itself
// when the server ends the stream (ffmpeg, rtmpdump and librtmp do on
// NetStream.Play.UnpublishNotify or Stop); otherwise it is interrupted
// (SIGINT, a clean stop for all four) after d. Call Stop or Wait on the
// returned Proc before reading out.
func Play(t testing.TB, player Player, url, out string, d time.Duration) *Proc {
	t.Helper()
	label := string(player) + " play"
	switch player {
	case PlayFFmpeg:
		ff := Program(t, "ffmpeg", "ffmpeg")
		return Start(t, d, label, ff, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
			"-i", url, "-c", "copy", "-flush_packets", "1", "-f", "flv", out)
	case PlayRtmpdump:
		rd := Program(t, "rtmpdump", "rtmpdump")
		return Start(t, d, label, rd, "-q", "-v", "-m", "30", "-r", url, "-o", out)
	case PlayGst:
		gst := gstProgram(t, "rtmp2src")
		return Start(t, d, label, gst, "-q", "-e", "rtmp2src", "location="+url, "!", "filesink", "location="+out)
	case PlayLibrtmp:
		secs := strconv.FormatFloat(d.Seconds(), 'f', 1, 64)
		return RunPython(t, d+StopGrace, label, "play.py", url, out, secs)
	}
	t.Fatalf("peertest: unknown player %q", player)
	return nil
}

// execQuiet runs a short command and returns its error.
func execQuiet(program string, args ...string) error {
	return exec.Command(program, args...).Run()
}
