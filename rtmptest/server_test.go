package rtmptest_test

import (
	"net"
	"strings"
	"testing"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/rtmptest"
)

func TestNewServer(t *testing.T) {
	var srv *rtmptest.Server
	t.Run("inner", func(t *testing.T) {
		srv = rtmptest.NewServer(t, nil, func(s *rtmp.Server) { s.ChunkSize = 8192 })
		if !strings.HasPrefix(srv.URL, "rtmp://127.0.0.1:") || srv.Server.ChunkSize != 8192 {
			t.Fatalf("URL %q chunk size %d", srv.URL, srv.Server.ChunkSize)
		}
		c, err := net.Dial("tcp", srv.Addr)
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		c.Close()
	})
	if c, err := net.Dial("tcp", srv.Addr); err == nil {
		c.Close()
		t.Fatal("server still listening after cleanup")
	}
}
