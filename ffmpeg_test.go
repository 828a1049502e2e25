package rtmp

import (
	"context"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/internal/testmedia"
)

// TestFFmpegPublishPlay: ffmpeg publishes a 6 s H.264/AAC test file to an
// in-process server whose handler fans it out; ffmpeg plays it into an FLV
// file; ffprobe checks codecs, packet counts, keyframe first and timestamps.
func TestFFmpegPublishPlay(t *testing.T) {
	ffmpeg := peertest.Program(t, "ffmpeg", "ffmpeg")
	dir := t.TempDir()
	src := testmedia.Path(t, testmedia.AVBaseline)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	hub := newTestHub()
	playing := make(chan struct{}, 1)
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		hub.ServeRTMP(w, r)
		if r.Kind == KindPlay {
			playing <- struct{}{}
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &Server{Handler: h}
	go srv.Serve(ln)
	defer srv.Close()
	url := "rtmp://" + ln.Addr().String() + "/live/test"

	out := filepath.Join(dir, "out.flv")
	player := peertest.Command(t, ctx, ffmpeg, "-v", "error", "-y", "-i", url, "-c", "copy", "-f", "flv", out)
	if err := player.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-playing:
	case <-time.After(10 * time.Second):
		t.Fatal("player never asked to play")
	}
	pub := peertest.Command(t, ctx, ffmpeg, "-v", "error", "-re", "-i", src, "-c", "copy", "-f", "flv", url)
	if err := pub.Run(); err != nil {
		t.Fatalf("publisher: %v", err)
	}
	if err := player.Wait(); err != nil {
		t.Fatalf("player: %v", err)
	}

	peertest.CheckCopy(t, out, testmedia.Probe(t, testmedia.AVBaseline), peertest.All)
}
