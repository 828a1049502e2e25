package hub

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// rate25 returns two seconds of a 2.5 Mbit/s stream: 30 fps H.264 with a
// 2 s GOP (a 40 kB keyframe and 59 inter frames of about 10 kB, 2.37 Mbit/s)
// and 128 kbit/s AAC (46.875 frames/s of 341 bytes), interleaved by
// timestamp. Timestamps are rewritten on each pass.
func rate25() []flv.Tag {
	var tags []flv.Tag
	vi, ai := 0, 0
	for vi < 60 || ai < 94 {
		vts, ats := vi*1000/30, ai*1024*1000/48000
		if vi < 60 && (vts <= ats || ai >= 94) {
			if vi == 0 {
				tags = append(tags, video(uint32(vts), []byte{0x17, 1, 0, 0, 0}, 40000, 1))
			} else {
				tags = append(tags, video(uint32(vts), []byte{0x27, 1, 0, 0, 0}, 9600, 2))
			}
			vi++
		} else {
			tags = append(tags, flv.Tag{Type: flv.TagAudio, Timestamp: uint32(ats), Data: make([]byte, 341)})
			ai++
		}
	}
	return tags
}

func benchSetup(b *testing.B, subs int) (*Hub, *Publisher, []*Subscriber, []flv.Tag) {
	h := New(Config{})
	p := mustPublish(b, h, k1)
	write(b, p, meta(0, 1), avcHeader(0), aacHeader(0))
	ss := make([]*Subscriber, subs)
	for i := range ss {
		ss[i] = mustSubscribe(b, h, k1)
	}
	return h, p, ss, rate25()
}

// reportPerSub adds per tag per subscriber figures (ns/op and allocs/op
// are per published tag): wall time, and process CPU time since cpu0, which
// other processes on a shared machine do not inflate.
func reportPerSub(b *testing.B, subs int, cpu0 time.Duration) {
	n := float64(b.N) * float64(subs)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/tag/sub")
	if cpu := cpuTime() - cpu0; cpu0 != 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/tag/sub")
	}
}

// BenchmarkFanout publishes a 2.5 Mbit/s stream to 1,000 subscribers whose
// owners drain in batches (every batch tags), all on one goroutine: the cost
// of the hub itself, without scheduling.
func BenchmarkFanout(b *testing.B) {
	for _, batch := range []int{1, 8, 32} {
		b.Run(fmt.Sprintf("subs=1000/batch=%d", batch), func(b *testing.B) {
			const subs = 1000
			_, p, ss, tags := benchSetup(b, subs)
			bufs := make([][]Item, subs)
			var base uint32
			for i, tg := range tags { // warm up: rings and buffers reach their size
				write(b, p, tg)
				if (i+1)%batch == 0 || i == len(tags)-1 {
					for j, s := range ss {
						bufs[j] = s.Drain(bufs[j][:0])
					}
				}
			}
			base += 2000
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := range b.N {
				tg := tags[i%len(tags)]
				if i%len(tags) == 0 && i > 0 {
					base += 2000
				}
				tg.Timestamp += base
				if err := p.Write(tg); err != nil {
					b.Fatal(err)
				}
				if (i+1)%batch == 0 {
					for j, s := range ss {
						bufs[j] = s.Drain(bufs[j][:0])
					}
				}
			}
			b.StopTimer()
			reportPerSub(b, subs, cpu0)
			st, _ := p.hub.StreamStats(k1)
			b.ReportMetric(float64(st.Drops), "drops")
		})
	}
}

// BenchmarkFanoutConcurrent publishes a 2.5 Mbit/s stream to 1,000
// subscribers, each drained by its own goroutine that waits on Ready, as a
// server's connection writers do. The timer stops when every subscriber has
// drained everything.
func BenchmarkFanoutConcurrent(b *testing.B) {
	const subs = 1000
	h, p, ss, tags := benchSetup(b, subs)
	var wg sync.WaitGroup
	for _, s := range ss {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []Item
			for range s.Ready() {
				buf = s.Drain(buf[:0])
				if n := len(buf); n > 0 && buf[n-1].Kind.terminal() {
					return
				}
			}
		}()
	}
	write(b, p, tags...) // warm up
	base := uint32(2000)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := range b.N {
		tg := tags[i%len(tags)]
		if i%len(tags) == 0 && i > 0 {
			base += 2000
		}
		tg.Timestamp += base
		if err := p.Write(tg); err != nil {
			b.Fatal(err)
		}
	}
	st, _ := h.StreamStats(k1)
	h.Close()
	wg.Wait()
	b.StopTimer()
	reportPerSub(b, subs, cpu0)
	b.ReportMetric(float64(st.Drops), "drops")
}
