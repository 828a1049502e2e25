package rtmp_test

import (
	"bufio"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// socks4aProxy is a minimal SOCKS4a proxy on a loopback port; it counts
// the CONNECTs it relayed and records the last target.
type socks4aProxy struct {
	addr    string
	count   atomic.Int32
	targets chan string
}

func startSocks4a(t *testing.T) *socks4aProxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	p := &socks4aProxy{addr: l.Addr().String(), targets: make(chan string, 8)}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go p.serve(c)
		}
	}()
	return p
}

func (p *socks4aProxy) serve(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	var req [8]byte
	if _, err := io.ReadFull(br, req[:]); err != nil || req[0] != 4 || req[1] != 1 {
		return
	}
	if _, err := br.ReadString(0); err != nil { // user id
		return
	}
	host := net.IP(req[4:8]).String()
	if req[4] == 0 && req[5] == 0 && req[6] == 0 && req[7] != 0 { // 4a: name follows
		name, err := br.ReadString(0)
		if err != nil {
			return
		}
		host = name[:len(name)-1]
	}
	target := net.JoinHostPort(host, strconv.Itoa(int(binary.BigEndian.Uint16(req[2:4]))))
	up, err := net.Dial("tcp", target)
	if err != nil {
		c.Write([]byte{0, 0x5b, 0, 0, 0, 0, 0, 0})
		return
	}
	defer up.Close()
	p.count.Add(1)
	p.targets <- target
	c.Write([]byte{0, 0x5a, 0, 0, 0, 0, 0, 0})
	go io.Copy(up, br)
	io.Copy(c, up)
}

func TestClientSocks(t *testing.T) {
	hub := newTestHub()
	srv := rtmptest.NewServer(t, hub, func(s *rtmp.Server) { s.Logger = discardLogger() })
	proxy := startSocks4a(t)
	_, port, _ := net.SplitHostPort(srv.Addr)
	// librtmp's socks= option, with a host name the proxy resolves.
	c, err := rtmp.Dial(ctxT(t), "rtmp://localhost:"+port+"/live/s socks="+proxy.addr, nil)
	if err != nil {
		t.Fatalf("Dial through SOCKS: %v", err)
	}
	defer c.Close()
	if got := <-proxy.targets; got != "localhost:"+port {
		t.Errorf("proxy connected to %s", got)
	}
	if vals, err := c.Call(ctxT(t), "echo", "via socks"); err != nil || vals[0] != "via socks" {
		t.Errorf("Call through SOCKS = %v, %v", vals, err)
	}
	// A proxy that refuses the target fails the dial.
	if _, err := rtmp.Dial(ctxT(t), "rtmp://127.0.0.1:1/live/s", &rtmp.ClientConfig{Socks: proxy.addr}); err == nil {
		t.Error("Dial to a refused target through SOCKS succeeded")
	}
	if n := proxy.count.Load(); n != 1 {
		t.Errorf("proxy relayed %d connections, want 1", n)
	}
}
