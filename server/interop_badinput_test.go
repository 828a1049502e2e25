package server_test

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"net"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/hub"
	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/internal/testmedia"
)

// Bounds of TestInteropBadInput.
const (
	badConns    = 1000
	badParallel = 50 // connections in flight at once
	// badHeapGrowth bounds the in-use heap after the flood (and a GC)
	// compared with before it; badHeapPeak bounds it at any sample during
	// the flood. 50 connections each claiming 16 MiB messages would need
	// 800 MiB if the server allocated from declared lengths.
	badHeapGrowth = 16 << 20
	badHeapPeak   = 96 << 20
)

// badInputs are the hostile clients, each writing to a fresh connection.
var badInputs = []struct {
	name string
	// handshake: complete a plain handshake first.
	handshake bool
	data      func() []byte
}{
	{"garbage", false, func() []byte { return random(2048) }},
	{"truncated-c1", false, func() []byte { return append([]byte{3}, random(700)...) }},
	{"bad-version", false, func() []byte { return append([]byte{0xEE}, random(1536)...) }},
	{"huge-command-length", true, func() []byte {
		return append(chunkHeader0(3, 0, 0xFFFFFF, 20, 0), random(1000)...)
	}},
	{"huge-chunk-size-and-video", true, func() []byte {
		b := chunkHeader0(2, 0, 4, 1, 0)
		b = binary.BigEndian.AppendUint32(b, 0x7FFFFFFF)
		b = append(b, chunkHeader0(6, 0, 0xFFFFFF, 9, 1)...)
		return append(b, random(64<<10)...)
	}},
	{"csid-65599-fmt1-no-previous", true, func() []byte {
		return append([]byte{1<<6 | 1, 0xFF, 0xFF, 0, 0, 0, 0, 0, 10, 20}, random(10)...)
	}},
	{"fmt3-first", true, func() []byte { return append([]byte{3<<6 | 5}, random(300)...) }},
	{"extended-ts-truncated", true, func() []byte { return chunkHeader0(4, 0xFFFFFF, 100, 8, 1)[:13] }},
	{"nested-amf", true, func() []byte {
		body := amfString("connect")
		for range 5000 {
			body = append(body, 0x03, 0, 1, 'a') // object, key "a", nested object...
		}
		return append(chunkHeader0(3, 0, uint32(len(body)), 20, 0), chunked(body, 128)...)
	}},
	{"hijack-live-publish", true, func() []byte {
		// A well-formed connect, createStream and publish of the live key:
		// must be refused (busy), not take the stream over.
		var b []byte
		for _, c := range []struct {
			sid  uint32
			body []byte
		}{
			{0, amfCmd("connect", 1, amf0.Object{{Key: "app", Value: "live"}})},
			{0, amfCmd("createStream", 2, nil)},
			{1, amfCmd("publish", 3, nil, "bad", "live")},
		} {
			b = append(b, chunkHeader0(3, 0, uint32(len(c.body)), 20, c.sid)...)
			b = append(b, chunked(c.body, 128)...)
		}
		return b
	}},
	{"random-chunks", true, func() []byte { return random(64 << 10) }},
}

// TestInteropBadInput: while ffmpeg publishes a live stream and an ffmpeg
// player plays it, 1000 connections (50 at a time) send garbage, truncated
// and bad-version handshakes, huge message lengths and chunk sizes,
// impossible chunk headers, deeply nested AMF, random chunk bytes, and a
// publish of the live key. The server must stay up (a fresh handshake
// works, the stream stays published by the original publisher), its heap
// must stay bounded (badHeapPeak during, badHeapGrowth after), its
// goroutines must return to the baseline, and the player's recording must
// hold the whole stream with no DTS gap of a second.
func TestInteropBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 15 s")
	}
	file := testmedia.Path(t, testmedia.AVBaseline)
	srv := startInterop(t, nil)
	addr := srv.Addr().String()
	key := hub.MakeKey("live", "bad")
	url := srv.URL() + "/live/bad"
	out := filepath.Join(t.TempDir(), "play.flv")

	player := peertest.Play(t, peertest.PlayFFmpeg, url, out, 40*time.Second)
	waitSubscribers(t, srv, key, 1, 15*time.Second)
	const loops = 2
	pub := peertest.PublishLooped(t, file, url, loops, 1, 2*testmedia.Duration+15*time.Second)
	waitPublishing(t, srv, key, 10*time.Second)
	time.Sleep(500 * time.Millisecond)

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	goroutines := runtime.NumGoroutine()

	var peak atomic.Uint64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stopSampling:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()

	start := time.Now()
	var failures atomic.Int64
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range badParallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := sendBad(addr, i); err != nil {
					failures.Add(1)
				}
			}
		}()
	}
	for i := range badConns {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	flood := time.Since(start)
	close(stopSampling)
	<-sampled

	// Let the server finish with the closed connections.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > goroutines+5 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	growth := int64(after.HeapInuse) - int64(before.HeapInuse)
	t.Logf("%d bad connections in %v (%d could not even send); heap in use %d KiB before, peak %d KiB, %d KiB after; goroutines %d before, %d after",
		badConns, flood.Round(time.Millisecond), failures.Load(), before.HeapInuse>>10, peak.Load()>>10, after.HeapInuse>>10,
		goroutines, runtime.NumGoroutine())
	if growth > badHeapGrowth {
		t.Errorf("heap grew by %d KiB (limit %d KiB)", growth>>10, badHeapGrowth>>10)
	}
	if p := int64(peak.Load()) - int64(before.HeapInuse); p > badHeapPeak {
		t.Errorf("heap peaked %d KiB above the start (limit %d KiB)", p>>10, badHeapPeak>>10)
	}
	if n := runtime.NumGoroutine(); n > goroutines+5 {
		t.Errorf("%d goroutines after the flood, %d before", n, goroutines)
	}

	// Still serving: a fresh client completes the handshake, the original
	// publisher still owns the stream.
	if nc, err := dialHandshaken(addr, 0, 5*time.Second); err != nil {
		t.Errorf("handshake after the flood: %v", err)
	} else {
		nc.Close()
	}
	if st, _ := srv.Hub().StreamStats(key); !st.Publishing || st.Sessions != 1 {
		t.Errorf("stream publishing=%v sessions=%d after the flood, want the original session only", st.Publishing, st.Sessions)
	}

	if err := pub.Wait(); err != nil {
		t.Errorf("publisher: %v", err)
	}
	select {
	case <-player.Done():
	case <-time.After(3 * time.Second):
		player.Stop()
	}
	peertest.CheckCopy(t, out, testmedia.Probe(t, testmedia.AVBaseline), peertest.Expect{Share: loops, Tolerance: 0.05, MaxGap: time.Second})
}

// sendBad runs hostile client i: connect, maybe handshake, write its bytes,
// linger briefly so the server reads them, close.
func sendBad(addr string, i int) error {
	in := badInputs[i%len(badInputs)]
	var nc net.Conn
	var err error
	if in.handshake {
		nc, err = dialHandshaken(addr, 0, 5*time.Second)
	} else {
		nc, err = net.DialTimeout("tcp", addr, 5*time.Second)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", in.name, err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := nc.Write(in.data()); err != nil {
		return fmt.Errorf("%s: %w", in.name, err)
	}
	time.Sleep(100 * time.Millisecond)
	return nil
}

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// chunkHeader0 is a type-0 chunk header on csid (2..63): timestamp, message
// length, type and stream id, plus the extended timestamp when ts is 0xFFFFFF.
func chunkHeader0(csid byte, ts, length uint32, typ byte, sid uint32) []byte {
	b := []byte{csid, byte(ts >> 16), byte(ts >> 8), byte(ts), byte(length >> 16), byte(length >> 8), byte(length), typ}
	b = binary.LittleEndian.AppendUint32(b, sid)
	if ts == 0xFFFFFF {
		b = binary.BigEndian.AppendUint32(b, 0x01000000)
	}
	return b
}

// chunked splits body into size-byte chunks with type-3 headers on csid 3.
func chunked(body []byte, size int) []byte {
	var b []byte
	for len(body) > size {
		b = append(b, body[:size]...)
		b = append(b, 3<<6|3)
		body = body[size:]
	}
	return append(b, body...)
}

func amfString(s string) []byte {
	b, _ := amf0.Marshal(s)
	return b
}

// amfCmd encodes an AMF0 command body.
func amfCmd(name string, txn float64, obj any, args ...any) []byte {
	b := amfString(name)
	for _, v := range append([]any{txn, obj}, args...) {
		if v == nil {
			b = append(b, 0x05)
			continue
		}
		e, err := amf0.Marshal(v)
		if err != nil {
			panic(err)
		}
		b = append(b, e...)
	}
	return b
}
