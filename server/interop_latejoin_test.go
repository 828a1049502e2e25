package server_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/hub"
	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/internal/testmedia"
)

// TestInteropLateJoin: ffmpeg publishes av-high (keyframes at 0, 2, 4 s);
// 2.6 s in, every real player joins. The GOP cache must give each of them
// the stream from the keyframe at 2 s: a keyframe first, then two thirds of
// the source's video and audio packets (±10 %), monotonic DTS, no gap.
func TestInteropLateJoin(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 10 s")
	}
	t.Parallel()
	file := testmedia.AVHigh
	path := testmedia.Path(t, file)
	srv := startInterop(t, nil)
	key := hub.MakeKey("live", "late")
	url := srv.URL() + "/live/late"
	dir := t.TempDir()

	pub := peertest.Publish(t, peertest.PubFFmpeg, path, url, testmedia.Duration+15*time.Second)
	waitPublishing(t, srv, key, 10*time.Second)
	time.Sleep(2600 * time.Millisecond) // mid-GOP: the cached GOP starts at 2 s
	joined := time.Now()
	procs := make([]*peertest.Proc, len(peertest.Players))
	for i, pl := range peertest.Players {
		procs[i] = peertest.Play(t, pl, url, filepath.Join(dir, string(pl)+".flv"), testmedia.Duration+15*time.Second)
	}
	waitSubscribers(t, srv, key, len(procs), 10*time.Second)
	if d := time.Since(joined); d > 1300*time.Millisecond {
		t.Logf("players took %v to subscribe; the expectation assumes they join before the 4 s keyframe", d)
	}
	if err := pub.Wait(); err != nil {
		t.Errorf("publisher: %v", err)
	}
	for _, p := range procs {
		select {
		case <-p.Done():
		case <-time.After(3 * time.Second):
			p.Stop()
		}
	}
	share := float64(testmedia.Duration-testmedia.GOP) / float64(testmedia.Duration)
	for _, pl := range peertest.Players {
		t.Run("play="+string(pl), func(t *testing.T) {
			peertest.CheckCopy(t, filepath.Join(dir, string(pl)+".flv"), testmedia.Probe(t, file),
				peertest.Expect{Share: share, Tolerance: 0.1, MaxGap: time.Second})
		})
	}
}
