package server_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/hub"
	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/internal/testmedia"
	"github.com/rtmpkit/rtmp/server"
)

// TestInteropSlowPlayer: a raw player plays and then reads nothing for 10 s
// (4 KiB receive buffer) while two ffmpeg players play the same live stream.
// Loopback TCP lets the server's socket buffer about 4 MB for the stalled
// player, so ffmpeg publishes the file 25 times at 15x real time (150 s of
// stream, about 7.5 MB, in 10 s): the stalled player's queue must then overflow
// the hub's 10 s queue and be dropped and evicted (eviction after 5 s of
// stream time behind), and the hub's counters must show it (proof that it
// really fell behind). The ffmpeg players' recordings must hold the whole
// stream (±5 %) with no DTS gap of a second.
func TestInteropSlowPlayer(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 15 s")
	}
	t.Parallel()
	file := testmedia.Path(t, testmedia.AVBaseline)
	srv := startInterop(t, func(c *server.Config) {
		c.Hub.EvictAfter = 5 * time.Second
	})
	key := hub.MakeKey("live", "slow")
	url := srv.URL() + "/live/slow"
	dir := t.TempDir()

	stalled := stalledPlayer(t, srv.Addr().String(), "live", "slow")
	players := []*peertest.Proc{
		peertest.Play(t, peertest.PlayFFmpeg, url, filepath.Join(dir, "a.flv"), 40*time.Second),
		peertest.Play(t, peertest.PlayFFmpeg, url, filepath.Join(dir, "b.flv"), 40*time.Second),
	}
	waitSubscribers(t, srv, key, 3, 15*time.Second)
	const loops, rate = 25, 15
	pub := peertest.PublishLooped(t, file, url, loops, rate, 30*time.Second)

	// Watch the stalled subscriber while the stream runs.
	stallEnd := time.Now().Add(10 * time.Second)
	var maxSpan time.Duration
	var maxBytes int
	var evictedAt, closedAt time.Time
	var drops, evictions uint64 // the most seen (the key goes once the stream ends)
	for time.Now().Before(stallEnd) || (!evictedAt.IsZero() && closedAt.IsZero() && time.Since(evictedAt) < 5*time.Second) {
		st, _ := srv.Hub().StreamStats(key)
		drops, evictions = max(drops, st.Drops), max(evictions, st.Evictions)
		if st.Evictions > 0 && evictedAt.IsZero() {
			evictedAt = time.Now()
		}
		if !evictedAt.IsZero() && closedAt.IsZero() {
			if state, ok := serverSocketState(srv, stalled); !ok || state != "01" {
				closedAt = time.Now()
				t.Logf("server side of the stalled connection %v after eviction: TCP state %q (01 = established)",
					closedAt.Sub(evictedAt).Round(time.Millisecond), state)
			}
		}
		for _, s := range st.Subscribers {
			maxSpan = max(maxSpan, s.QueuedSpan)
			maxBytes = max(maxBytes, s.QueuedBytes)
		}
		time.Sleep(50 * time.Millisecond)
	}
	st, _ := srv.Hub().StreamStats(key)
	t.Logf("during the stall: largest queue %v / %d bytes; stream drops %d, evictions %d, subscribers now %d",
		maxSpan, maxBytes, drops, evictions, len(st.Subscribers))
	if drops == 0 && evictions == 0 {
		t.Errorf("the stalled player was neither dropped nor evicted (largest queue %v): it did not fall behind", maxSpan)
	}
	// The evicted player is disconnected at once, although the server's
	// writer is blocked in writev on its full socket (and would only give up
	// after WriteTimeout, 30 s): the server's end leaves ESTABLISHED.
	if !evictedAt.IsZero() && (closedAt.IsZero() || closedAt.Sub(evictedAt) > 2*time.Second) {
		t.Errorf("evicted player's connection still established %v after the eviction (want closed within 2 s)", time.Since(evictedAt).Round(time.Millisecond))
	}
	stalled.Close()

	if err := pub.Wait(); err != nil {
		t.Errorf("publisher: %v", err)
	}
	for _, p := range players {
		select {
		case <-p.Done():
		case <-time.After(3 * time.Second):
			p.Stop()
		}
	}
	for _, f := range []string{"a.flv", "b.flv"} {
		peertest.CheckCopy(t, filepath.Join(dir, f), testmedia.Probe(t, testmedia.AVBaseline),
			peertest.Expect{Share: loops, Tolerance: 0.05, MaxGap: time.Second})
	}
}

// serverSocketState returns the Linux TCP state (hex, as in /proc/net/tcp) of
// the server's end of client connection nc; ok is false when unknown.
func serverSocketState(srv *server.Server, nc net.Conn) (state string, ok bool) {
	b, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return "", false
	}
	srvPort := srv.Addr().(*net.TCPAddr).Port
	cliPort := nc.LocalAddr().(*net.TCPAddr).Port
	local := fmt.Sprintf(":%04X", srvPort)
	remote := fmt.Sprintf(":%04X", cliPort)
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) > 3 && strings.HasSuffix(f[1], local) && strings.HasSuffix(f[2], remote) {
			return f[3], true
		}
	}
	return "", false
}
