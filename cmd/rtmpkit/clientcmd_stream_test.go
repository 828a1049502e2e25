package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
)

// sinkRecorder accepts every publish and records the tags' timestamps.
type sinkRecorder struct {
	mu     sync.Mutex
	ts     []uint32
	first  time.Time     // when the first tag arrived
	onTag  func(n int)   // set before the server starts
	closed chan struct{} // closed when a publish ends
}

func newSinkRecorder() *sinkRecorder { return &sinkRecorder{closed: make(chan struct{})} }

func (s *sinkRecorder) ServeRTMP(w rtmp.ResponseWriter, r *rtmp.Request) {
	if r.Kind == rtmp.KindPublish {
		w.SetSink(s)
	}
}

// WriteTag implements rtmp.Sink.
func (s *sinkRecorder) WriteTag(tag flv.Tag) error {
	s.mu.Lock()
	s.ts = append(s.ts, tag.Timestamp)
	n := len(s.ts)
	if n == 1 {
		s.first = time.Now()
	}
	s.mu.Unlock()
	if s.onTag != nil {
		s.onTag(n)
	}
	return nil
}

// Close implements rtmp.Sink.
func (s *sinkRecorder) Close() error {
	close(s.closed)
	return nil
}

// timestamps waits for the publish to end and returns what it received.
func (s *sinkRecorder) timestamps(t *testing.T) []uint32 {
	select {
	case <-s.closed:
	case <-time.After(5 * time.Second):
		t.Error("the publish did not end on the server")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]uint32(nil), s.ts...)
}

// TestPublishPacing: without --fast the tags go out in real time by their
// timestamps (tinyFLV spans 437 ms); with --fast at once. Timestamps are
// sent as they are in the file.
func TestPublishPacing(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "tiny.flv")
	if err := os.WriteFile(file, tinyFLV(t), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		fast bool
		min  time.Duration // from the first tag received to the end of the command
		max  time.Duration // the whole command
	}{
		{false, 400 * time.Millisecond, 10 * time.Second},
		{true, 0, 10 * time.Second},
	} {
		rec := newSinkRecorder()
		ts := newTestServer(t, rec)
		args := []string{"publish", file, ts.URL + "/live/p"}
		if tc.fast {
			args = append(args, "--fast")
		}
		start := time.Now()
		r := runCmd(t, 10*time.Second, nil, args...)
		if r.code != exitOK {
			t.Fatalf("fast=%v: exit %d: %v", tc.fast, r.code, r.err)
		}
		end := time.Since(start)
		got := rec.timestamps(t) // waits for the publish to end
		rec.mu.Lock()
		first := rec.first.Sub(start)
		rec.mu.Unlock()
		d := end - first
		if (tc.min > 0 && d < tc.min) || (tc.fast && d >= 400*time.Millisecond) || end > tc.max {
			t.Errorf("fast=%v: publishing took %v after the first tag, %v in all; want at least %v (paced) or under 400ms (fast), at most %v in all",
				tc.fast, d, end, tc.min, tc.max)
		}
		if len(got) != 22 || got[2] != 0 || got[21] != 437 {
			t.Errorf("fast=%v: timestamps %v", tc.fast, got)
		}
	}
}

// TestPublishLoop: --loop repeats the file with timestamps that continue
// where the previous pass ended (plus the last tag interval), and SIGINT-like
// cancellation stops it cleanly.
func TestPublishLoop(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "tiny.flv")
	if err := os.WriteFile(file, tinyFLV(t), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rec := newSinkRecorder()
	rec.onTag = func(n int) {
		if n == 3*22 {
			cancel()
		}
	}
	ts := newTestServer(t, rec)
	root := newRootCmd()
	root.SetArgs([]string{"publish", "--loop", "--fast", file, ts.URL + "/live/loop"})
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	err := root.ExecuteContext(ctx)
	if exitCode(err) != exitOK {
		t.Fatalf("publish --loop: exit %d: %v", exitCode(err), err)
	}
	if ctx.Err() == context.DeadlineExceeded {
		t.Fatal("publish --loop did not stop when cancelled")
	}
	got := rec.timestamps(t)
	if len(got) < 3*22 {
		t.Fatalf("%d tags received", len(got))
	}
	for pass := range 3 {
		base := uint32(460 * pass)
		if got[22*pass] != base || got[22*pass+2] != base || got[22*pass+21] != base+437 {
			t.Errorf("pass %d: timestamps %v", pass, got[22*pass:22*pass+22])
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i] < got[i-1] {
			t.Fatalf("timestamp %d goes back: %d after %d", i, got[i], got[i-1])
		}
	}
}

// TestPlayOptions: --start, --live and --duration reach the server and the
// output; a play the server ends (NetStream.Play.Stop) exits 0 with every tag.
func TestPlayOptions(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, rtmp.HandlerFunc(testHandler))
	tests := []struct {
		id        string
		args      []string
		url       string
		start     float64
		tags, max int // audio tags written, highest timestamp
	}{
		{"all", nil, "", -2000, 101, 99 * 23},
		{"duration", []string{"--duration", "1s"}, "", -2000, 1 + 44, 43 * 23},
		{"start", []string{"--start", "2s"}, "", 2000, 101, 99 * 23},
		{"live", []string{"--live"}, "", -1000, 101, 99 * 23},
		{"live option", nil, " live=1", -1000, 101, 99 * 23},
		{"start option", nil, " start=1500", 1500, 101, 99 * 23},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "out.flv")
			url := ts.URL + "/live/gen?id=" + strings.ReplaceAll(tc.id, " ", "_") + tc.url
			r := runCmd(t, 10*time.Second, nil, append([]string{"play", "-o", out, url}, tc.args...)...)
			if r.code != exitOK {
				t.Fatalf("exit %d: %v", r.code, r.err)
			}
			v, ok := playRequests.Load(strings.ReplaceAll(tc.id, " ", "_"))
			if !ok {
				t.Fatal("the server saw no play")
			}
			req := v.(rtmp.Request)
			if req.Start != tc.start {
				t.Errorf("server saw start %v, want %v", req.Start, tc.start)
			}
			n, last := readAudio(t, out)
			if n != tc.tags || last != uint32(tc.max) {
				t.Errorf("%d audio tags up to %d ms, want %d up to %d", n, last, tc.tags, tc.max)
			}
		})
	}
}

// readAudio counts the audio tags of an FLV file and returns the last timestamp.
func readAudio(t *testing.T, path string) (n int, last uint32) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := flv.NewReader(f, flv.Limits{})
	r.Strict = true
	h, err := r.Header()
	if err != nil {
		t.Fatal(err)
	}
	if !h.Audio || h.Video {
		t.Errorf("header %+v, want audio only (from the metadata)", h)
	}
	for {
		tag, err := r.ReadTag()
		if err == io.EOF {
			return n, last
		}
		if err != nil {
			t.Fatal(err)
		}
		if tag.Type == flv.TagAudio {
			n++
			last = tag.Timestamp
		}
	}
}
