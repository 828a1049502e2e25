package socks

// An in-test SOCKS4/4a/5 server. It parses requests with its own code (a
// bufio.Reader reading field by field) rather than reusing the client's
// encoders or decoders, so a mistake in one is not mirrored in the other.

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
)

// proxyRequest records one CONNECT the test proxy received.
type proxyRequest struct {
	version int    // 4 or 5
	socks4a bool   // SOCKS4 request with the 0.0.0.x marker
	userID  string // SOCKS4 user id or SOCKS5 user name
	atyp    byte   // SOCKS5 address type
	host    string // host as sent (dotted IPv4, IPv6 text or name)
	port    int
}

// testProxy is a minimal SOCKS server for tests.
type testProxy struct {
	ln net.Listener
	// user and pass, when user is set, make SOCKS5 demand RFC 1929 auth.
	user, pass string
	// reply, when non-zero, is sent instead of success (SOCKS4 CD or
	// SOCKS5 REP) and the connection is closed.
	reply byte
	// names maps host names to host:port the proxy connects to instead.
	names map[string]string

	mu       sync.Mutex
	requests []proxyRequest
	wg       sync.WaitGroup
}

func newTestProxy(t *testing.T) *testProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &testProxy{ln: ln, names: map[string]string{}}
	t.Cleanup(func() { ln.Close(); p.wg.Wait() })
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.wg.Add(1)
			go func() { defer p.wg.Done(); p.serve(c) }()
		}
	}()
	return p
}

func (p *testProxy) addr() string { return p.ln.Addr().String() }

func (p *testProxy) record(r proxyRequest) {
	p.mu.Lock()
	p.requests = append(p.requests, r)
	p.mu.Unlock()
}

func (p *testProxy) last() proxyRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.requests) == 0 {
		return proxyRequest{}
	}
	return p.requests[len(p.requests)-1]
}

func (p *testProxy) serve(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	v, err := br.ReadByte()
	if err != nil {
		return
	}
	var req proxyRequest
	switch v {
	case 4:
		req, err = p.read4(br)
	case 5:
		req, err = p.read5(br, c)
	default:
		return
	}
	if err != nil {
		return
	}
	p.record(req)
	target := net.JoinHostPort(req.host, strconv.Itoa(req.port))
	if mapped, ok := p.names[req.host]; ok {
		target = mapped
	}
	var up net.Conn
	code := p.reply
	if code == 0 {
		up, err = net.Dial("tcp", target)
		if err != nil {
			code = 0xff // mapped below
		}
	}
	if v == 4 {
		switch code {
		case 0:
			c.Write([]byte{0, 0x5a, 0, 0, 0, 0, 0, 0})
		case 0xff:
			c.Write([]byte{0, 0x5b, 0, 0, 0, 0, 0, 0})
			return
		default:
			c.Write([]byte{0, code, 0, 0, 0, 0, 0, 0})
			return
		}
	} else {
		switch code {
		case 0:
			// Bound address 127.0.0.1:4660 so tests can see it parsed.
			c.Write([]byte{5, 0, 0, 1, 127, 0, 0, 1, 0x12, 0x34})
		case 0xff:
			c.Write([]byte{5, 5, 0, 1, 0, 0, 0, 0, 0, 0})
			return
		default:
			c.Write([]byte{5, code, 0, 1, 0, 0, 0, 0, 0, 0})
			return
		}
	}
	defer up.Close()
	done := make(chan struct{})
	go func() { io.Copy(up, br); up.(*net.TCPConn).CloseWrite(); close(done) }()
	io.Copy(c, up)
	<-done
}

// read4 parses the rest of a SOCKS4/4a request after VN.
func (p *testProxy) read4(br *bufio.Reader) (proxyRequest, error) {
	req := proxyRequest{version: 4}
	var fixed [7]byte // CD, DSTPORT, DSTIP
	if _, err := io.ReadFull(br, fixed[:]); err != nil {
		return req, err
	}
	if fixed[0] != 1 {
		return req, fmt.Errorf("command %d", fixed[0])
	}
	req.port = int(fixed[1])<<8 | int(fixed[2])
	user, err := br.ReadString(0)
	if err != nil {
		return req, err
	}
	req.userID = user[:len(user)-1]
	if fixed[3] == 0 && fixed[4] == 0 && fixed[5] == 0 && fixed[6] != 0 {
		req.socks4a = true
		name, err := br.ReadString(0)
		if err != nil {
			return req, err
		}
		req.host = name[:len(name)-1]
	} else {
		req.host = fmt.Sprintf("%d.%d.%d.%d", fixed[3], fixed[4], fixed[5], fixed[6])
	}
	return req, nil
}

// read5 runs SOCKS5 negotiation after VER and parses the CONNECT request.
func (p *testProxy) read5(br *bufio.Reader, w io.Writer) (proxyRequest, error) {
	req := proxyRequest{version: 5}
	n, err := br.ReadByte()
	if err != nil {
		return req, err
	}
	methods := make([]byte, n)
	if _, err := io.ReadFull(br, methods); err != nil {
		return req, err
	}
	want := byte(0)
	if p.user != "" {
		want = 2
	}
	offered := false
	for _, m := range methods {
		offered = offered || m == want
	}
	if !offered {
		w.Write([]byte{5, 0xff})
		return req, fmt.Errorf("no method")
	}
	w.Write([]byte{5, want})
	if want == 2 {
		if b, _ := br.ReadByte(); b != 1 {
			return req, fmt.Errorf("auth version %d", b)
		}
		ulen, _ := br.ReadByte()
		u := make([]byte, ulen)
		io.ReadFull(br, u)
		plen, _ := br.ReadByte()
		pw := make([]byte, plen)
		if _, err := io.ReadFull(br, pw); err != nil {
			return req, err
		}
		if string(u) != p.user || string(pw) != p.pass {
			w.Write([]byte{1, 1})
			return req, fmt.Errorf("bad password")
		}
		req.userID = string(u)
		w.Write([]byte{1, 0})
	}
	var hdr [4]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return req, err
	}
	if hdr[0] != 5 || hdr[1] != 1 || hdr[2] != 0 {
		return req, fmt.Errorf("request header % x", hdr)
	}
	req.atyp = hdr[3]
	switch hdr[3] {
	case 1:
		var a [4]byte
		io.ReadFull(br, a[:])
		req.host = net.IP(a[:]).String()
	case 4:
		var a [16]byte
		io.ReadFull(br, a[:])
		req.host = net.IP(a[:]).String()
	case 3:
		l, _ := br.ReadByte()
		name := make([]byte, l)
		io.ReadFull(br, name)
		req.host = string(name)
	default:
		return req, fmt.Errorf("atyp %d", hdr[3])
	}
	var port [2]byte
	if _, err := io.ReadFull(br, port[:]); err != nil {
		return req, err
	}
	req.port = int(port[0])<<8 | int(port[1])
	return req, nil
}

// newEchoServer starts a TCP server on network/addr that echoes each
// connection's bytes; it returns its address.
func newEchoServer(t *testing.T, network, addr string) string {
	t.Helper()
	ln, err := net.Listen(network, addr)
	if err != nil {
		t.Skipf("listen %s %s: %v", network, addr, err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() { defer wg.Done(); io.Copy(c, c); c.Close() }()
		}
	}()
	return ln.Addr().String()
}
