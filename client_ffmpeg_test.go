package rtmp_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/internal/testmedia"
	"github.com/rtmpkit/rtmp/message"
)

// freePort returns a loopback port nobody listens on (for a peer that
// listens itself).
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// dialRetry dials until the peer listens (or ctx ends).
func dialRetry(ctx context.Context, t *testing.T, url string) *rtmp.ClientConn {
	t.Helper()
	for {
		c, err := rtmp.Dial(ctx, url, &rtmp.ClientConfig{Logger: testLogger(t), PlayQueue: 4096})
		if err == nil {
			return c
		}
		var oe *net.OpError
		if !errors.As(err, &oe) || ctx.Err() != nil {
			t.Fatalf("Dial %s: %v", url, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// compareTracks checks that got has the audio and video tags of want,
// byte for byte with their timestamps, track by track.
func compareTracks(t *testing.T, got, want []flv.Tag) {
	t.Helper()
	compareTracksPrefix(t, got, want, false)
}

// compareTracksPrefix is compareTracks allowing, with prefix, each track
// of got to stop early (but not to be empty).
func compareTracksPrefix(t *testing.T, got, want []flv.Tag, prefix bool) {
	t.Helper()
	for _, typ := range []flv.TagType{flv.TagAudio, flv.TagVideo} {
		g, w := ofType(got, typ), ofType(want, typ)
		if prefix && len(g) > 0 && len(g) <= len(w) {
			w = w[:len(g)]
		}
		if len(g) != len(w) {
			t.Fatalf("%v: got %d tags, want %d", typ, len(g), len(w))
		}
		for i := range w {
			if !bytes.Equal(g[i].Data, w[i].Data) || g[i].Timestamp != w[i].Timestamp {
				t.Fatalf("%v tag %d: ts %d len %d, want ts %d len %d", typ, i, g[i].Timestamp, len(g[i].Data), w[i].Timestamp, len(w[i].Data))
			}
		}
	}
}

// TestClientPublishToFFmpeg publishes a test file to ffmpeg's own RTMP
// server (-listen 1), which records it with -c copy.
func TestClientPublishToFFmpeg(t *testing.T) {
	bin := peertest.Program(t, "ffmpeg", "ffmpeg")
	src := testmedia.Path(t, testmedia.AVHigh)
	file, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "rec.flv")
	url := "rtmp://127.0.0.1:" + freePort(t) + "/live/x"
	proc := peertest.Start(t, 30*time.Second, "ffmpeg listen", bin, "-hide_banner", "-loglevel", "error",
		"-listen", "1", "-i", url, "-c", "copy", "-f", "flv", out)
	ctx := ctxT(t)
	c := dialRetry(ctx, t, url)
	defer c.Close()
	st, err := c.PublishURL(ctx, "live")
	if err != nil {
		t.Fatalf("Publish to ffmpeg: %v", err)
	}
	if _, err := st.Write(file); err != nil {
		t.Fatal(err)
	}
	st.Close()
	c.Close()
	if err := proc.Wait(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, proc.Output())
	}
	rec, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	compareTracks(t, readFLVTags(t, rec), readFLVTags(t, file))
}

// TestClientPlayFromFFmpeg plays from ffmpeg's own RTMP server, which
// sends a test file with -c copy as fast as it can.
func TestClientPlayFromFFmpeg(t *testing.T) {
	bin := peertest.Program(t, "ffmpeg", "ffmpeg")
	src := testmedia.Path(t, testmedia.AVBaseline)
	file, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	url := "rtmp://127.0.0.1:" + freePort(t) + "/live/x"
	peertest.Start(t, 30*time.Second, "ffmpeg listen", bin, "-hide_banner", "-loglevel", "error",
		"-i", src, "-c", "copy", "-f", "flv", "-listen", "1", url)
	ctx := ctxT(t)
	c := dialRetry(ctx, t, url)
	defer c.Close()
	ps, err := c.PlayURL(ctx)
	if err != nil {
		t.Fatalf("Play from ffmpeg: %v", err)
	}
	var got []flv.Tag
	for {
		tag, err := ps.ReadTagContext(ctx)
		if err != nil {
			t.Logf("ReadTag ended after %d tags: %v", len(got), err)
			break // ffmpeg closes the connection at the end of the file
		}
		got = append(got, tag)
	}
	// ffmpeg sends the file as fast as it can and closes without reading
	// what we sent (SetBufferLength, _checkbw): its kernel then resets the
	// connection, which can drop the last media we had not read yet. So the
	// tracks must match the file as far as they go.
	compareTracksPrefix(t, got, readFLVTags(t, file), true)
	// ffmpeg writes duration 0 when its output is not seekable.
	if w, _ := message.NumberProperty(ps.Metadata(), "width"); w != 320 {
		t.Errorf("metadata width = %v, want 320 (metadata %v)", w, ps.Metadata())
	}
}

// testLogger logs at debug level through t.Log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
