package server_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/hub"
	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/internal/testmedia"
)

// matrixParallel bounds the publish sessions the matrix runs at once (each
// is one publisher and four players): 3 keeps two cores below saturation.
const matrixParallel = 3

// TestInteropMatrix publishes every test file with every real publisher
// (ffmpeg, GStreamer rtmp2sink, python-librtmp) while every real player
// (ffmpeg, rtmpdump, GStreamer rtmp2src, python-librtmp) plays the stream
// from before the publish starts, and checks each recording with ffprobe:
// the source's codecs, all of the source's packets (±10 %), a keyframe
// first, monotonic DTS, no gap of a second or more. Subtests are named
// pub=P/file=F/play=Q.
func TestInteropMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("interop matrix takes about a minute")
	}
	testmedia.Dir(t) // generate (or skip) before the parallel subtests
	srv := startInterop(t, nil)
	sem := make(chan struct{}, matrixParallel)
	for _, pub := range peertest.Publishers {
		t.Run("pub="+string(pub), func(t *testing.T) {
			t.Parallel()
			for _, file := range testmedia.Files {
				t.Run("file="+stem(file), func(t *testing.T) {
					t.Parallel()
					sem <- struct{}{}
					defer func() { <-sem }()
					name := fmt.Sprintf("m-%s-%s", pub, stem(file))
					key := hub.MakeKey("live", name)
					url := srv.URL() + "/live/" + name
					dir := t.TempDir()
					start := time.Now()

					// Players first: the server makes them wait for the publisher.
					procs := make([]*peertest.Proc, len(peertest.Players))
					for i, pl := range peertest.Players {
						procs[i] = peertest.Play(t, pl, url, filepath.Join(dir, string(pl)+".flv"), testmedia.Duration+20*time.Second)
					}
					waitSubscribers(t, srv, key, len(procs), 15*time.Second)
					p := peertest.Publish(t, pub, testmedia.Path(t, file), url, testmedia.Duration+15*time.Second)
					if err := p.Wait(); err != nil {
						t.Errorf("publisher: %v", err)
					}
					published := time.Since(start)

					// Players that do not stop at the end of the stream by
					// themselves are interrupted after a drain period.
					var wg sync.WaitGroup
					ended := make([]string, len(procs))
					for i, pr := range procs {
						wg.Add(1)
						go func() {
							defer wg.Done()
							select {
							case <-pr.Done():
								ended[i] = "by itself"
							case <-time.After(3 * time.Second):
								pr.Stop()
								ended[i] = "interrupted"
							}
						}()
					}
					wg.Wait()
					t.Logf("published in %v; players ended %v", published.Round(time.Millisecond), ended)
					for _, pl := range peertest.Players {
						t.Run("play="+string(pl), func(t *testing.T) {
							peertest.CheckCopy(t, filepath.Join(dir, string(pl)+".flv"), testmedia.Probe(t, file),
								peertest.Expect{Share: 1, Tolerance: 0.1, MaxGap: time.Second})
						})
					}
				})
			}
		})
	}
}
