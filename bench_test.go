package rtmp

import (
	"io"
	"testing"

	"github.com/rtmpkit/rtmp/flv"
)

// BenchmarkPlayWrite measures the play path: tags queued on a TagWriter,
// drained by the writer goroutine, chunked and written with writev to a
// loopback TCP player that discards them.
func BenchmarkPlayWrite(b *testing.B) {
	for _, size := range []int{1 << 10, 16 << 10} {
		b.Run(itoa(uint32(size)), func(b *testing.B) {
			tws := make(chan *TagWriter, 1)
			_, addr, _ := startServerB(b, HandlerFunc(func(w ResponseWriter, r *Request) {
				if r.Kind == KindPlay {
					tws <- w.TagWriter(256)
				}
			}))
			c := dialRaw(b, addr)
			sid := c.connect("live")
			c.command(8, sid, "play", 0, nil, "x", -1000.0)
			c.until(isStatus(CodePlayStart))
			go io.Copy(io.Discard, c.nc)
			tw := <-tws
			data := make([]byte, size)
			data[0] = 0x27
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tw.WriteTag(flv.Tag{Type: flv.TagVideo, Timestamp: uint32(i * 40), Data: data})
			}
			b.StopTimer()
			c.nc.Close()
		})
	}
}
