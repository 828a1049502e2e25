package rtmp

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// BenchmarkFanoutPaced measures the server's fan-out path the way a live
// stream drives it: one tag every 2 ms pushed to every player's Source (a
// shared payload), each player a loopback TCP connection that discards what
// it reads. It reports the process CPU time and the write system calls
// (/proc/self/io syscw) per delivered message, with and without a merge
// window. The players' reads are in the same process, so cpu-ns/msg includes
// them; writes/msg is the server's alone.
//
//	go test -run '^$' -bench FanoutPaced -benchtime 1000x .
func BenchmarkFanoutPaced(b *testing.B) {
	for _, w := range []time.Duration{0, 20 * time.Millisecond} {
		b.Run("window="+w.String(), func(b *testing.B) { benchFanout(b, 200, w) })
	}
}

func benchFanout(b *testing.B, players int, window time.Duration) {
	var (
		mu   sync.Mutex
		subs []*testSub
	)
	joined := make(chan struct{}, players)
	_, addr, _ := startServerB(b, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindPlay {
			sub := &testSub{ready: make(chan struct{}, 1), hub: newTestHub(), name: r.Name}
			mu.Lock()
			subs = append(subs, sub)
			mu.Unlock()
			w.SetSource(sub)
			joined <- struct{}{}
		}
	}), func(s *Server) { s.WriteMergeWindow = window })
	for range players {
		c := dialRaw(b, addr)
		c.nc.SetDeadline(time.Time{})
		sid := c.connect("live")
		c.command(8, sid, "play", 0, nil, "x", -1000.0)
		c.until(isStatus(CodePlayStart))
		go io.Copy(io.Discard, c.nc)
	}
	for range players {
		<-joined
	}
	data := make([]byte, 4<<10) // about 2.5 Mbit/s at 73 messages/s
	data[0] = 0x27
	const pace = 2 * time.Millisecond
	b.SetBytes(int64(len(data) * players))
	b.ReportAllocs()
	w0, cpu0 := syscw(b), cpuTime()
	b.ResetTimer()
	next := time.Now()
	for i := 0; i < b.N; i++ {
		mu.Lock()
		for _, s := range subs {
			s.push(Item{Kind: ItemMedia, Tag: flv.Tag{Type: flv.TagVideo, Timestamp: uint32(i * 2), Data: data}})
		}
		mu.Unlock()
		next = next.Add(pace)
		time.Sleep(time.Until(next))
	}
	time.Sleep(window + 10*time.Millisecond) // let the last window go out
	b.StopTimer()
	msgs := float64(b.N * players)
	b.ReportMetric(float64(cpuTime()-cpu0)/msgs, "cpu-ns/msg")
	b.ReportMetric(float64(syscw(b)-w0)/msgs, "writes/msg")
}

// syscw returns the process's write system calls so far (0 where
// /proc/self/io is missing).
func syscw(b *testing.B) int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("syscw: ")); ok {
			n, _ := strconv.ParseInt(string(v), 10, 64)
			return n
		}
	}
	return 0
}

// cpuTime returns the process's user + system CPU time in ns.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
