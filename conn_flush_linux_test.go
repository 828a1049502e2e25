//go:build linux && !386

package rtmp

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (server, client *net.TCPConn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cc, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close(); sc.Close() })
	return sc.(*net.TCPConn), cc.(*net.TCPConn)
}

// writevNonblock writes what the socket takes, reports a full socket as 0
// bytes (not an error), and what it reports written arrives in order.
func TestWritevNonblockPartial(t *testing.T) {
	sc, cc := tcpPair(t)
	rc := rawConnOf(sc)
	if rc == nil {
		t.Fatal("no raw socket for a *net.TCPConn")
	}
	sc.SetWriteBuffer(4096)
	var want []byte
	var bufs [][]byte
	for i := range 64 {
		b := bytes.Repeat([]byte{byte(i)}, 16<<10)
		bufs = append(bufs, b, []byte{0xEE, byte(i)}, nil)
		want = append(append(want, b...), 0xEE, byte(i))
	}
	var iov iovScratch
	var got []byte
	read := func(n int) {
		buf := make([]byte, n)
		cc.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.ReadFull(cc, buf); err != nil {
			t.Fatalf("read %d bytes: %v", n, err)
		}
		got = append(got, buf...)
	}
	n, err := writevNonblock(rc, &iov, bufs)
	if err != nil || n <= 0 || n >= len(want) {
		t.Fatalf("first write: %d bytes, %v; want a partial write of the %d", n, err, len(want))
	}
	rest := skipBytes(bufs, n)
	total := n
	// The kernel may move a little more to the receiver; then it is full.
	for i := 0; ; i++ {
		n2, err := writevNonblock(rc, &iov, rest)
		if err != nil {
			t.Fatal(err)
		}
		if n2 == 0 {
			break
		}
		if i == 100 {
			t.Fatal("the socket never filled up")
		}
		rest = skipBytes(rest, n2)
		n += n2
	}
	read(n)
	total = n
	for len(rest) > 0 {
		n, err := writevNonblock(rc, &iov, rest)
		if err != nil {
			t.Fatal(err)
		}
		rest = skipBytes(rest, n)
		total += n
		read(n)
	}
	if total != len(want) || !bytes.Equal(got, want) {
		t.Fatalf("received %d bytes, want %d (equal: %v)", len(got), len(want), bytes.Equal(got, want))
	}
	for _, v := range iov[:cap(iov)] {
		if v.Base != nil {
			t.Fatal("the iovec scratch keeps a payload reachable")
		}
	}
}

// writevBlocking waits for the reader and writes everything, in order.
func TestWritevBlocking(t *testing.T) {
	sc, cc := tcpPair(t)
	sc.SetWriteBuffer(4096)
	var want []byte
	var bufs [][]byte
	for i := range 200 {
		b := bytes.Repeat([]byte{byte(i)}, 10000+i)
		bufs = append(bufs, []byte{0xEE, byte(i)}, nil, b)
		want = append(append(want, 0xEE, byte(i)), b...)
	}
	got := make(chan []byte, 1)
	go func() {
		time.Sleep(100 * time.Millisecond) // the socket fills first
		b, _ := io.ReadAll(cc)
		got <- b
	}()
	var iov iovScratch
	if err := writevBlocking(rawConnOf(sc), &iov, bufs); err != nil {
		t.Fatal(err)
	}
	sc.Close()
	if b := <-got; !bytes.Equal(b, want) {
		t.Fatalf("received %d bytes, want %d", len(b), len(want))
	}
	// A write deadline applies while it waits.
	sc2, _ := tcpPair(t)
	sc2.SetWriteDeadline(time.Now().Add(200 * time.Millisecond))
	big := [][]byte{make([]byte, 64<<20)}
	start := time.Now()
	err := writevBlocking(rawConnOf(sc2), &iov, big)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("write to a peer that never reads: %v, want a timeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("timed out after %v", d)
	}
}
