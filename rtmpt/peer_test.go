package rtmpt_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/internal/testmedia"
	"github.com/rtmpkit/rtmp/rtmpt"
)

// fanout is a minimal live relay for the tests: one publisher per name
// whose tags are copied to every player's TagWriter. Players that arrive
// before the publisher get the whole stream from its first tag.
type fanout struct {
	mu      sync.Mutex
	players map[string][]*rtmp.TagWriter
	played  chan string
}

func newFanout() *fanout {
	return &fanout{players: map[string][]*rtmp.TagWriter{}, played: make(chan string, 16)}
}

func (f *fanout) ServeRTMP(w rtmp.ResponseWriter, r *rtmp.Request) {
	switch r.Kind {
	case rtmp.KindPublish:
		name := r.Name
		w.SetSink(&fanoutSink{f: f, name: name})
	case rtmp.KindPlay:
		tw := w.TagWriter(4096)
		f.mu.Lock()
		f.players[r.Name] = append(f.players[r.Name], tw)
		f.mu.Unlock()
		f.played <- r.Name
	}
}

type fanoutSink struct {
	f    *fanout
	name string
}

func (s *fanoutSink) each(fn func(*rtmp.TagWriter) error) error {
	s.f.mu.Lock()
	ps := append([]*rtmp.TagWriter(nil), s.f.players[s.name]...)
	s.f.mu.Unlock()
	for _, p := range ps {
		fn(p) // a player that left returns ErrClosed; the others go on
	}
	return nil
}

func (s *fanoutSink) WriteTag(t flv.Tag) error {
	return s.each(func(p *rtmp.TagWriter) error { return p.WriteTag(t) })
}

func (s *fanoutSink) Close() error {
	return s.each(func(p *rtmp.TagWriter) error { return p.End() })
}

// tunnel serves an rtmp.Server through an RTMPT Listener on 127.0.0.1 and
// records the first request of every HTTP connection.
type tunnel struct {
	url   string // rtmpt://127.0.0.1:PORT
	mu    sync.Mutex
	first []string
	count map[string]map[string]int // session id → command → requests
}

func startTunnel(t *testing.T, h rtmp.Handler, hold time.Duration) *tunnel {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tl := rtmpt.NewListener(ln.Addr())
	tl.Handler.IdleHold = hold
	tn := &tunnel{url: "rtmpt://" + ln.Addr().String(), count: map[string]map[string]int{}}
	seen := map[string]bool{}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tn.mu.Lock()
		if !seen[r.RemoteAddr] {
			seen[r.RemoteAddr] = true
			var hdr []string
			for k, v := range r.Header {
				hdr = append(hdr, k+": "+strings.Join(v, ","))
			}
			tn.first = append(tn.first, fmt.Sprintf("%s %s %s %v", r.Method, r.URL.Path, r.Proto, hdr))
		}
		if parts := strings.Split(r.URL.Path, "/"); len(parts) == 4 {
			if tn.count[parts[2]] == nil {
				tn.count[parts[2]] = map[string]int{}
			}
			tn.count[parts[2]][parts[1]]++
		}
		tn.mu.Unlock()
		tl.Handler.ServeHTTP(w, r)
	})}
	go hs.Serve(ln)
	srv := &rtmp.Server{Handler: h, Logger: slog.New(slog.DiscardHandler)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(tl)
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
		tl.Handler.Close()
		hs.Close()
	})
	return tn
}

// TestPeersThroughTunnel: ffmpeg publishes an H.264/AAC test file to
// rtmpt://127.0.0.1:PORT/live/key; rtmpdump and ffmpeg play it over rtmpt
// into FLV files; ffprobe checks codecs, packet counts and a keyframe first.
// It runs with idle replies answered at once (IdleHold -1, as Red5/FMS) and
// with the default hold (IdleHold 0, 20 ms).
func TestPeersThroughTunnel(t *testing.T) {
	for _, hold := range []time.Duration{-1, 0} {
		t.Run("hold="+hold.String(), func(t *testing.T) { testPeers(t, hold) })
	}
}

func testPeers(t *testing.T, hold time.Duration) {
	ffmpeg := peertest.Program(t, "ffmpeg", "ffmpeg")
	rtmpdump := peertest.Program(t, "rtmpdump", "rtmpdump")
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	src := testmedia.Path(t, testmedia.AVBaseline)

	f := newFanout()
	tn := startTunnel(t, f, hold)
	url := tn.url + "/live/key"

	dumpOut := filepath.Join(dir, "rtmpdump.flv")
	dump := peertest.Command(t, ctx, rtmpdump, "-q", "-v", "-r", url, "-o", dumpOut)
	ffOut := filepath.Join(dir, "ffmpeg.flv")
	ffplay := peertest.Command(t, ctx, ffmpeg, "-v", "error", "-y", "-i", url, "-c", "copy", "-f", "flv", ffOut)
	for _, p := range []*exec.Cmd{dump, ffplay} {
		if err := p.Start(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-f.played:
		case <-time.After(15 * time.Second):
			t.Fatalf("%s never asked to play", p.Path)
		}
	}

	pub := peertest.Command(t, ctx, ffmpeg, "-v", "error", "-re", "-i", src, "-c", "copy", "-f", "flv", url)
	if err := pub.Run(); err != nil {
		t.Fatalf("ffmpeg publish over rtmpt: %v", err)
	}
	for _, p := range []*exec.Cmd{dump, ffplay} {
		if err := p.Wait(); err != nil {
			t.Errorf("%s: %v", p.Path, err)
		}
	}
	tn.mu.Lock()
	for _, r := range tn.first {
		t.Logf("first request on a connection: %s", r)
	}
	for id, c := range tn.count {
		t.Logf("session %.8s…: requests %v", id, c)
	}
	tn.mu.Unlock()

	for _, out := range []string{dumpOut, ffOut} {
		peertest.CheckCopy(t, out, testmedia.Probe(t, testmedia.AVBaseline), peertest.All)
	}
}
