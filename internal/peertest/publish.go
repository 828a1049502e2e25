package peertest

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// Publisher names a real RTMP publishing peer.
type Publisher string

// The publishers [Publish] can run.
const (
	// PubFFmpeg: ffmpeg -re -i FILE -c copy -f flv URL.
	PubFFmpeg Publisher = "ffmpeg"
	// PubGst: GStreamer filesrc ! flvdemux → h264parse/aacparse → flvmux
	// streamable=true ! rtmp2sink (paced by the sink's clock sync).
	PubGst Publisher = "gst"
	// PubLibrtmp: python-librtmp writing the file's FLV tags with
	// RTMP_Write, paced by their timestamps.
	PubLibrtmp Publisher = "librtmp"
)

// Publishers lists every [Publisher].
var Publishers = []Publisher{PubFFmpeg, PubGst, PubLibrtmp}

// Publish starts pub sending the FLV file to url in real time. It is
// interrupted after timeout (which should exceed the file's duration).
// Wait for the returned Proc to know when the file has been sent.
func Publish(t testing.TB, pub Publisher, file, url string, timeout time.Duration) *Proc {
	t.Helper()
	label := string(pub) + " publish"
	switch pub {
	case PubFFmpeg:
		ff := Program(t, "ffmpeg", "ffmpeg")
		return Start(t, timeout, label, ff, "-hide_banner", "-nostdin", "-loglevel", "error",
			"-re", "-i", file, "-c", "copy", "-f", "flv", url)
	case PubGst:
		gst := gstProgram(t, "rtmp2sink")
		audio, video, err := FLVTracks(file)
		if err != nil {
			t.Fatal(err)
		}
		return Start(t, timeout, label, gst, gstPublishArgs(file, url, audio, video)...)
	case PubLibrtmp:
		secs := strconv.FormatFloat(timeout.Seconds(), 'f', 1, 64)
		return RunPython(t, timeout+StopGrace, label, "publish.py", url, file, secs)
	}
	t.Fatalf("peertest: unknown publisher %q", pub)
	return nil
}

// PublishLooped is like [Publish] with ffmpeg, sending file loops times in a
// row (-stream_loop; ffmpeg shifts the timestamps so they keep increasing)
// at rate times real time (-readrate; 1 is -re): a longer or heavier live
// stream from a short file.
func PublishLooped(t testing.TB, file, url string, loops int, rate float64, timeout time.Duration) *Proc {
	t.Helper()
	ff := Program(t, "ffmpeg", "ffmpeg")
	return Start(t, timeout, "ffmpeg publish", ff, "-hide_banner", "-nostdin", "-loglevel", "error",
		"-readrate", strconv.FormatFloat(rate, 'f', -1, 64), "-stream_loop", strconv.Itoa(loops-1),
		"-i", file, "-c", "copy", "-f", "flv", url)
}

// gstPublishArgs builds the gst-launch-1.0 pipeline that demuxes file and
// remuxes its tracks into rtmp2sink.
func gstPublishArgs(file, url string, audio, video bool) []string {
	args := []string{"-q", "-e", "filesrc", "location=" + file, "!", "flvdemux", "name=d",
		"flvmux", "name=mux", "streamable=true", "!", "rtmp2sink", "location=" + url}
	if video {
		args = append(args, "d.video", "!", "queue", "!", "h264parse", "!", "mux.video")
	}
	if audio {
		args = append(args, "d.audio", "!", "queue", "!", "aacparse", "!", "mux.audio")
	}
	return args
}

// gstProgram returns gst-launch-1.0 after checking that element exists, or
// skips/fails t via [Missing].
func gstProgram(t testing.TB, element string) string {
	t.Helper()
	gst := Program(t, "gst-launch-1.0", "gstreamer1.0-tools")
	inspect := Program(t, "gst-inspect-1.0", "gstreamer1.0-tools")
	if err := execQuiet(inspect, "--exists", element); err != nil {
		Missing(t, "GStreamer element "+element, "apt-get install gstreamer1.0-plugins-bad gstreamer1.0-plugins-good")
	}
	return gst
}

// FLVTracks reports which tracks an FLV file announces in its header flags.
func FLVTracks(file string) (audio, video bool, err error) {
	f, err := os.Open(file)
	if err != nil {
		return false, false, err
	}
	defer f.Close()
	var h [9]byte
	if _, err := f.Read(h[:]); err != nil {
		return false, false, fmt.Errorf("read FLV header of %s: %w", file, err)
	}
	if string(h[:3]) != "FLV" {
		return false, false, fmt.Errorf("%s is not an FLV file", file)
	}
	return h[4]&4 != 0, h[4]&1 != 0, nil
}
