package rtmp_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"strconv"
	"testing"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
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

// startDiscardServer is a minimal RTMP server over loopback TCP for client
// benchmarks: it answers connect, createStream and publish and otherwise
// reads and drops everything, allocating nothing per message, so that the
// benchmark's allocation figures are the client's own.
func startDiscardServer(b *testing.B) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	go func() {
		for {
			nc, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer nc.Close()
				br := bufio.NewReaderSize(nc, 64<<10)
				if _, err := handshake.Server(struct {
					io.Reader
					io.Writer
				}{br, nc}, nil); err != nil {
					return
				}
				cr := chunk.NewReader(br, chunk.Limits{})
				cw := chunk.NewWriter(nc)
				reply := func(m message.Message, sid uint32) {
					cm, _ := message.Encode(m, sid, 0)
					cw.WriteMessage(cm)
				}
				for {
					m, err := cr.ReadMessage()
					if err != nil {
						return
					}
					switch m.Type {
					case message.TypeSetChunkSize:
						v, _ := message.Decode(m)
						cr.SetChunkSize(v.(*message.SetChunkSize).Size)
					case message.TypeCommandAMF0:
						v, _ := message.Decode(m)
						cmd := v.(*message.Command)
						switch cmd.Name {
						case "connect":
							reply(message.NewConnectResult(cmd.TransactionID, "FMS/3,0,1,123", 0), 0)
						case "createStream":
							reply(message.NewResult(cmd.TransactionID, nil, 1.0), 0)
						case "publish":
							reply(message.NewOnStatus(message.Status{Level: "status", Code: rtmp.CodePublishStart}), m.StreamID)
						}
					}
				}
			}()
		}
	}()
	return "rtmp://" + l.Addr().String()
}

// BenchmarkClientPublishOnly is BenchmarkClientPublish against a server that
// allocates nothing per message: the figures are the client's alone.
func BenchmarkClientPublishOnly(b *testing.B) {
	for _, size := range []int{1 << 10, 16 << 10} {
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			base := startDiscardServer(b)
			ctx := context.Background()
			c, err := rtmp.Dial(ctx, base+"/live/b", &rtmp.ClientConfig{Logger: discardLogger()})
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
