package socks

import (
	"errors"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/internal/peertest"
)

// startMicrosocks runs Debian's microsocks (a SOCKS5 server nobody here
// wrote) on a free loopback port, with RFC 1929 credentials when user is
// set, and returns its address.
func startMicrosocks(t *testing.T, user, pass string) string {
	t.Helper()
	bin := peertest.Program(t, "microsocks", "microsocks")
	port := freePort(t)
	args := []string{"-i", "127.0.0.1", "-p", strconv.Itoa(port)}
	if user != "" {
		args = append(args, "-u", user, "-P", pass)
	}
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	for deadline := time.Now().Add(5 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("microsocks did not listen on %s: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestMicrosocks(t *testing.T) {
	echo := newEchoServer(t, "tcp", "127.0.0.1:0")
	_, echoPort, _ := net.SplitHostPort(echo)
	open := startMicrosocks(t, "", "")
	authed := startMicrosocks(t, "rtmp", "kit")

	ok := []struct {
		name   string
		d      Dialer
		target string
	}{
		{"ipv4", Dialer{Proxy: open, Version: Version5}, echo},
		{"domain", Dialer{Proxy: open, Version: Version5}, net.JoinHostPort("localhost", echoPort)},
		{"user/pass", Dialer{Proxy: authed, Version: Version5, User: "rtmp", Password: "kit"}, echo},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.d.Dial("tcp", tt.target)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			roundTrip(t, c, "through microsocks: "+tt.name)
		})
	}

	closed := net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))
	bad := []struct {
		name  string
		d     Dialer
		kind  error
		stage string
		code  byte
	}{
		{"wrong password", Dialer{Proxy: authed, Version: Version5, User: "rtmp", Password: "nope"}, ErrAuthFailed, "auth", 0},
		{"no credentials", Dialer{Proxy: authed, Version: Version5}, ErrAuthFailed, "auth", 0xff},
		{"refused", Dialer{Proxy: open, Version: Version5}, ErrUnreachable, "connect", 5},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			target := echo
			if tt.name == "refused" {
				target = closed
			}
			c, err := tt.d.Dial("tcp", target)
			if err == nil {
				c.Close()
				t.Fatal("dial succeeded")
			}
			var re *ReplyError
			if !errors.Is(err, tt.kind) || !errors.As(err, &re) {
				t.Fatalf("err = %v, want a *ReplyError of kind %v", err, tt.kind)
			}
			if re.Stage != tt.stage || (tt.code != 0 && re.Code != tt.code) {
				t.Errorf("stage %s code 0x%02x, want %s 0x%02x", re.Stage, re.Code, tt.stage, tt.code)
			}
		})
	}
}
