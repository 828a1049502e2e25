package rtmp_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// BenchmarkClientPublish measures Stream.WriteTag: chunking and writing a
// video tag to our server over loopback TCP (the server discards it).
func BenchmarkClientPublish(b *testing.B) {
	for _, size := range []int{1 << 10, 16 << 10} {
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			srv := rtmptest.NewServer(b, rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
				if r.Kind == rtmp.KindPublish {
					w.SetSink(rtmp.TagFunc(func(flv.Tag) error { return nil }))
				}
			}), func(s *rtmp.Server) { s.Logger = discardLogger() })
			ctx := context.Background()
			c, err := rtmp.Dial(ctx, srv.URL+"/live/b", &rtmp.ClientConfig{Logger: discardLogger()})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			st, err := c.Publish(ctx, "b", "live")
			if err != nil {
				b.Fatal(err)
			}
			data := make([]byte, size)
			data[0] = 0x27
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := st.WriteTag(flv.Tag{Type: flv.TagVideo, Timestamp: uint32(i * 40), Data: data}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkClientPlay measures Stream.ReadTag: our server's TagWriter
// feeds a loopback player, which reassembles and queues each tag.
func BenchmarkClientPlay(b *testing.B) {
	for _, size := range []int{1 << 10, 16 << 10} {
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			tws := make(chan *rtmp.TagWriter, 1)
			srv := rtmptest.NewServer(b, rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
				if r.Kind == rtmp.KindPlay {
					tws <- w.TagWriter(256)
				}
			}), func(s *rtmp.Server) { s.Logger = discardLogger() })
			ctx := context.Background()
			c, err := rtmp.Dial(ctx, srv.URL+"/live/b", &rtmp.ClientConfig{Logger: discardLogger()})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			ps, err := c.Play(ctx, "b", rtmp.PlayLive, -1, false)
			if err != nil {
				b.Fatal(err)
			}
			tw := <-tws
			data := make([]byte, size)
			data[0] = 0x27
			go func() {
				for i := 0; ; i++ {
					if tw.WriteTag(flv.Tag{Type: flv.TagVideo, Timestamp: uint32(i * 40), Data: data}) != nil {
						return
					}
				}
			}()
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := ps.ReadTag(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			tw.Close()
		})
	}
}
