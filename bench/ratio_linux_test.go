package bench

import (
	"bytes"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/rtmpkit/rtmp/amf0"
	yutopp "github.com/yutopp/go-amf0"
)

// threadCPU returns the CPU time the calling OS thread has used.
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTimeID = 3
	_, _, _ = syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

// minCPUPerOp runs f n times per round and returns the smallest thread CPU
// time per call over the rounds: robust against a busy machine, where wall
// clock benchmarks mostly measure the other processes.
func minCPUPerOp(rounds, n int, f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	best := time.Duration(1 << 62)
	for r := 0; r < rounds; r++ {
		start := threadCPU()
		for i := 0; i < n; i++ {
			f()
		}
		if d := (threadCPU() - start) / time.Duration(n); d < best {
			best = d
		}
	}
	return best
}

// TestSpeedRatio prints rtmpkit/yutopp CPU-time ratios. It is slow, so it
// runs only with AMF_RATIO=1.
func TestSpeedRatio(t *testing.T) {
	if os.Getenv("AMF_RATIO") == "" {
		t.Skip("set AMF_RATIO=1 to measure")
	}
	connect, meta := ConnectPayload(), MetaDataPayload()
	var md MetaData
	_ = amf0.Unmarshal(meta[13:], &md)
	plainConnect, plainMeta := toPlain(connectObject), toPlain(metaData)
	var buf bytes.Buffer
	cases := []struct {
		name         string
		ours, theirs func()
	}{
		{"decode connect dynamic", func() { _, _ = amf0.DecodeAll(connect) }, func() {
			d := yutopp.NewDecoder(bytes.NewReader(connect))
			var a, b, c any
			_, _, _ = d.Decode(&a), d.Decode(&b), d.Decode(&c)
		}},
		{"decode connect struct", func() {
			d := amf0.NewBytesDecoder(connect)
			var s string
			var f float64
			var c ConnectCmd
			_, _, _ = d.Decode(&s), d.Decode(&f), d.Decode(&c)
		}, func() {
			d := yutopp.NewDecoder(bytes.NewReader(connect))
			var s string
			var f float64
			var c ConnectCmd
			_, _, _ = d.Decode(&s), d.Decode(&f), d.Decode(&c)
		}},
		{"decode onMetaData dynamic", func() { _, _ = amf0.DecodeAll(meta) }, func() {
			d := yutopp.NewDecoder(bytes.NewReader(meta))
			var a, b any
			_, _ = d.Decode(&a), d.Decode(&b)
		}},
		{"decode onMetaData struct (yutopp: map)", func() {
			d := amf0.NewBytesDecoder(meta)
			var s string
			var m MetaData
			_, _ = d.Decode(&s), d.Decode(&m)
		}, func() {
			d := yutopp.NewDecoder(bytes.NewReader(meta))
			var s string
			var m map[string]any
			_, _ = d.Decode(&s), d.Decode(&m)
		}},
		{"encode connect dynamic", func() {
			buf.Reset()
			e := amf0.NewEncoder(&buf)
			_, _, _ = e.Encode("connect"), e.Encode(1.0), e.Encode(connectObject)
		}, func() {
			buf.Reset()
			e := yutopp.NewEncoder(&buf)
			_, _, _ = e.Encode("connect"), e.Encode(1.0), e.Encode(plainConnect)
		}},
		{"encode connect struct", func() {
			buf.Reset()
			e := amf0.NewEncoder(&buf)
			_, _, _ = e.Encode("connect"), e.Encode(1.0), e.Encode(&connectStruct)
		}, func() {
			buf.Reset()
			e := yutopp.NewEncoder(&buf)
			_, _, _ = e.Encode("connect"), e.Encode(1.0), e.Encode(&connectStruct)
		}},
		{"encode onMetaData dynamic", func() {
			buf.Reset()
			e := amf0.NewEncoder(&buf)
			_, _ = e.Encode("onMetaData"), e.Encode(metaData)
		}, func() {
			buf.Reset()
			e := yutopp.NewEncoder(&buf)
			_, _ = e.Encode("onMetaData"), e.Encode(plainMeta)
		}},
		{"encode onMetaData struct (yutopp: map)", func() {
			buf.Reset()
			e := amf0.NewEncoder(&buf)
			_, _ = e.Encode("onMetaData"), e.Encode(&md)
		}, func() {
			buf.Reset()
			e := yutopp.NewEncoder(&buf)
			_, _ = e.Encode("onMetaData"), e.Encode(plainMeta)
		}},
	}
	for _, c := range cases {
		ours := minCPUPerOp(30, 2000, c.ours)
		theirs := minCPUPerOp(30, 2000, c.theirs)
		t.Logf("%-40s rtmpkit %8v  yutopp %8v  speed-up %.1fx", c.name, ours, theirs, float64(theirs)/float64(ours))
	}
}
