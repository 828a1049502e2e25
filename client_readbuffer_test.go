package rtmp_test

import (
	"context"
	"errors"
	"io"
	"net"
	"sync/atomic"
	"testing"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
)

// maxReadConn records the largest read its client asked for.
type maxReadConn struct {
	net.Conn
	max *atomic.Int64
}

func (c maxReadConn) Read(b []byte) (int, error) {
	if n := int64(len(b)); n > c.max.Load() {
		c.max.Store(n)
	}
	return c.Conn.Read(b)
}

// TestClientReadBufferSize: the connection reads through a buffer of
// ClientConfig.ReadBufferSize bytes (DefaultClientReadBuffer when zero).
func TestClientReadBufferSize(t *testing.T) {
	ctx := ctxT(t)
	var tags []flv.Tag
	for i := range 40 {
		data := make([]byte, 30000)
		data[0] = 0x27
		tags = append(tags, flv.Tag{Type: flv.TagVideo, Timestamp: uint32(i), Data: data})
	}
	url := tagServer(t, tags)
	for _, tc := range []struct{ size, want int }{{4096, 4096}, {0, rtmp.DefaultClientReadBuffer}, {65536, 65536}} {
		var max atomic.Int64
		c, err := rtmp.Dial(ctx, url+"/app/s", &rtmp.ClientConfig{
			ReadBufferSize: tc.size,
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				var d net.Dialer
				nc, err := d.DialContext(ctx, network, addr)
				return maxReadConn{Conn: nc, max: &max}, err
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		s, err := c.Play(ctx, "s", rtmp.PlayLive, -1, false)
		if err != nil {
			t.Fatal(err)
		}
		for {
			if _, err := s.ReadTagContext(ctx); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Fatalf("size %d: %v", tc.size, err)
				}
				break
			}
		}
		c.Close()
		if got := max.Load(); got != int64(tc.want) {
			t.Errorf("ReadBufferSize %d: largest read %d bytes, want %d", tc.size, got, tc.want)
		}
	}
}
