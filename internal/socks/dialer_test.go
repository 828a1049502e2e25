package socks

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"testing"
	"time"
)

// roundTrip writes msg through c and checks the echo comes back.
func roundTrip(t *testing.T, c net.Conn, msg string) {
	t.Helper()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte(msg)); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	if string(got) != msg {
		t.Fatalf("echo = %q, want %q", got, msg)
	}
}

func TestDialThroughTestProxy(t *testing.T) {
	echo := newEchoServer(t, "tcp", "127.0.0.1:0")
	_, echoPort, _ := net.SplitHostPort(echo)
	port, _ := strconv.Atoi(echoPort)

	tests := []struct {
		name       string
		version    int
		user, pass string // dialer credentials
		proxyUser  string // proxy demands this user (SOCKS5)
		proxyPass  string
		target     string
		want       proxyRequest
	}{
		{name: "socks4 ip", version: Version4, user: "rtmp", target: echo,
			want: proxyRequest{version: 4, userID: "rtmp", host: "127.0.0.1", port: port}},
		{name: "socks4 resolves localhost", version: Version4, target: net.JoinHostPort("localhost", echoPort),
			want: proxyRequest{version: 4, host: "127.0.0.1", port: port}},
		{name: "socks4a ip stays socks4", version: Version4a, target: echo,
			want: proxyRequest{version: 4, host: "127.0.0.1", port: port}},
		{name: "socks4a name", version: Version4a, target: net.JoinHostPort("echo.test", echoPort),
			want: proxyRequest{version: 4, socks4a: true, host: "echo.test", port: port}},
		{name: "default is 4a", version: 0, target: net.JoinHostPort("echo.test", echoPort),
			want: proxyRequest{version: 4, socks4a: true, host: "echo.test", port: port}},
		{name: "socks5 ipv4", version: Version5, target: echo,
			want: proxyRequest{version: 5, atyp: 1, host: "127.0.0.1", port: port}},
		{name: "socks5 mapped ipv4", version: Version5, target: net.JoinHostPort("::ffff:127.0.0.1", echoPort),
			want: proxyRequest{version: 5, atyp: 1, host: "127.0.0.1", port: port}},
		{name: "socks5 domain", version: Version5, target: net.JoinHostPort("echo.test", echoPort),
			want: proxyRequest{version: 5, atyp: 3, host: "echo.test", port: port}},
		{name: "socks5 user/pass", version: Version5, user: "alice", pass: "s3cret", proxyUser: "alice", proxyPass: "s3cret",
			target: net.JoinHostPort("echo.test", echoPort),
			want:   proxyRequest{version: 5, atyp: 3, userID: "alice", host: "echo.test", port: port}},
		{name: "socks5 credentials offered, server wants none", version: Version5, user: "alice", pass: "x", target: echo,
			want: proxyRequest{version: 5, atyp: 1, host: "127.0.0.1", port: port}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestProxy(t)
			p.user, p.pass = tt.proxyUser, tt.proxyPass
			p.names["echo.test"] = echo
			d := &Dialer{Proxy: p.addr(), Version: tt.version, User: tt.user, Password: tt.pass}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			c, err := d.DialContext(ctx, "tcp", tt.target)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			roundTrip(t, c, "hello through "+tt.name)
			if got := p.last(); got != tt.want {
				t.Errorf("proxy saw %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDialIPv6ThroughSocks5(t *testing.T) {
	echo := newEchoServer(t, "tcp6", "[::1]:0")
	p := newTestProxy(t)
	d := &Dialer{Proxy: p.addr(), Version: Version5}
	c, err := d.Dial("tcp", echo)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	roundTrip(t, c, "v6")
	if got := p.last(); got.atyp != 4 || got.host != "::1" {
		t.Errorf("proxy saw %+v, want atyp 4 host ::1", got)
	}
}

func TestDialErrors(t *testing.T) {
	echo := newEchoServer(t, "tcp", "127.0.0.1:0")
	tests := []struct {
		name      string
		version   int
		user      string
		pass      string
		proxyUser string
		reply     byte
		target    string
		network   string
		wantKind  error
		wantCode  byte
		wantStage string
	}{
		{name: "socks4 rejected", version: Version4, reply: 0x5b, target: echo, wantKind: ErrRejected, wantCode: 0x5b, wantStage: "connect"},
		{name: "socks4 identd", version: Version4, reply: 0x5d, target: echo, wantKind: ErrAuthFailed, wantCode: 0x5d, wantStage: "connect"},
		{name: "socks5 general failure", version: Version5, reply: 0x01, target: echo, wantKind: ErrRejected, wantCode: 1, wantStage: "connect"},
		{name: "socks5 not allowed", version: Version5, reply: 0x02, target: echo, wantKind: ErrRejected, wantCode: 2, wantStage: "connect"},
		{name: "socks5 net unreachable", version: Version5, reply: 0x03, target: echo, wantKind: ErrUnreachable, wantCode: 3, wantStage: "connect"},
		{name: "socks5 host unreachable", version: Version5, reply: 0x04, target: echo, wantKind: ErrUnreachable, wantCode: 4, wantStage: "connect"},
		{name: "socks5 refused", version: Version5, reply: 0x05, target: echo, wantKind: ErrUnreachable, wantCode: 5, wantStage: "connect"},
		{name: "socks5 ttl", version: Version5, reply: 0x06, target: echo, wantKind: ErrUnreachable, wantCode: 6, wantStage: "connect"},
		{name: "socks5 atyp unsupported", version: Version5, reply: 0x08, target: echo, wantKind: ErrRejected, wantCode: 8, wantStage: "connect"},
		{name: "socks5 wrong password", version: Version5, user: "alice", pass: "wrong", proxyUser: "alice", target: echo,
			wantKind: ErrAuthFailed, wantCode: 1, wantStage: "auth"},
		{name: "socks5 no credentials", version: Version5, proxyUser: "alice", target: echo,
			wantKind: ErrAuthFailed, wantCode: 0xff, wantStage: "auth"},
		{name: "socks4 ipv6 target", version: Version4a, target: "[::1]:80", wantKind: ErrAddress},
		{name: "socks4 tcp6", version: Version4a, target: echo, network: "tcp6", wantKind: ErrAddress},
		{name: "socks4 NUL in user", version: Version4a, user: "a\x00b", target: echo, wantKind: ErrAddress},
		{name: "socks5 long host", version: Version5, target: string(bytes.Repeat([]byte("a"), 256)) + ":80", wantKind: ErrAddress},
		{name: "socks5 long user", version: Version5, user: string(bytes.Repeat([]byte("u"), 256)), target: echo, wantKind: ErrAddress},
		{name: "bad port", version: Version5, target: "example.com:http", wantKind: ErrAddress},
		{name: "no port", version: Version5, target: "example.com", wantKind: ErrAddress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestProxy(t)
			p.user, p.pass, p.reply = tt.proxyUser, "right", tt.reply
			d := &Dialer{Proxy: p.addr(), Version: tt.version, User: tt.user, Password: tt.pass}
			network := tt.network
			if network == "" {
				network = "tcp"
			}
			c, err := d.Dial(network, tt.target)
			if err == nil {
				c.Close()
				t.Fatal("dial succeeded")
			}
			if !errors.Is(err, tt.wantKind) {
				t.Fatalf("err = %v, want %v", err, tt.wantKind)
			}
			if tt.wantStage == "" {
				return
			}
			var re *ReplyError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v is not a *ReplyError", err)
			}
			if re.Code != tt.wantCode || re.Stage != tt.wantStage {
				t.Errorf("code 0x%02x stage %s, want 0x%02x %s", re.Code, re.Stage, tt.wantCode, tt.wantStage)
			}
		})
	}
}

func TestDialUnknownNetworkAndVersion(t *testing.T) {
	d := &Dialer{Proxy: "127.0.0.1:1", Version: Version5}
	if _, err := d.Dial("udp", "127.0.0.1:1"); err == nil {
		t.Error("udp accepted")
	}
	p := newTestProxy(t)
	d = &Dialer{Proxy: p.addr(), Version: 3}
	if _, err := d.Dial("tcp", "127.0.0.1:1"); err == nil {
		t.Error("version 3 accepted")
	}
	d = &Dialer{Proxy: "", Version: Version5, Forward: failDialer{}}
	if _, err := d.Dial("tcp", "127.0.0.1:1"); !errors.Is(err, errFail) {
		t.Errorf("err = %v, want the forward dialer's error", err)
	}
}

var errFail = errors.New("forward failed")

type failDialer struct{}

func (failDialer) DialContext(context.Context, string, string) (net.Conn, error) { return nil, errFail }

// TestDialContextCancel: a proxy that accepts and never answers must not
// hold DialContext past the context.
func TestDialContextCancel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // keep open, say nothing
		}
	}()
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 100*time.Millisecond)
		}, context.DeadlineExceeded},
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := tc.ctx()
			defer cancel()
			start := time.Now()
			_, err := (&Dialer{Proxy: ln.Addr().String(), Version: Version5}).DialContext(ctx, "tcp", "example.com:1935")
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Fatalf("took %v", d)
			}
		})
	}
}

// TestDeadlineClearedAfterHandshake: the tunnel must not inherit the
// context's deadline.
func TestDeadlineClearedAfterHandshake(t *testing.T) {
	echo := newEchoServer(t, "tcp", "127.0.0.1:0")
	p := newTestProxy(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	c, err := (&Dialer{Proxy: p.addr(), Version: Version5}).DialContext(ctx, "tcp", echo)
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	time.Sleep(400 * time.Millisecond)
	if _, err := c.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	var b [1]byte
	if _, err := io.ReadFull(c, b[:]); err != nil {
		t.Fatalf("read after the context's deadline: %v", err)
	}
}
