package rtmpt

import (
	"context"
	"io"
	"net"
	"testing"
	"time"
)

// BenchmarkTunnelDownload measures server-to-client throughput: the serve
// side writes 64 KiB blocks that the client fetches with /idle.
func BenchmarkTunnelDownload(b *testing.B) {
	block := make([]byte, 64<<10)
	h := NewHandler(func(c net.Conn) {
		for {
			if _, err := c.Write(block); err != nil {
				c.Close()
				return
			}
		}
	})
	ts := newTunnel(b, h)
	c, err := Dial(context.Background(), ts.URL, &Config{PollUnit: time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	buf := make([]byte, len(block))
	b.SetBytes(int64(len(block)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTunnelUpload measures client-to-server throughput: 4 KiB writes
// batched into /send requests.
func BenchmarkTunnelUpload(b *testing.B) {
	done := make(chan int64, 1)
	h := NewHandler(func(c net.Conn) {
		n, _ := io.Copy(io.Discard, c)
		c.Close()
		done <- n
	})
	ts := newTunnel(b, h)
	c, err := Dial(context.Background(), ts.URL, nil)
	if err != nil {
		b.Fatal(err)
	}
	block := make([]byte, 4<<10)
	b.SetBytes(int64(len(block)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := c.Write(block); err != nil {
			b.Fatal(err)
		}
	}
	c.Close()
	if n := <-done; n != int64(b.N*len(block)) {
		b.Fatalf("server read %d bytes, want %d", n, b.N*len(block))
	}
}
