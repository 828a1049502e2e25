package rtmp

import (
	"net"
	"testing"
	"time"
)

// ServeConn honours MaxConns like Serve (RTMPT sessions came in through it
// and bypassed the limit).
func TestServeConnMaxConns(t *testing.T) {
	srv := &Server{MaxConns: 1, HandshakeTimeout: -1, Logger: quietLogger()}
	defer srv.Close()
	a1, b1 := net.Pipe()
	defer b1.Close()
	go srv.ServeConn(a1) // stays in the handshake: it holds the one slot
	time.Sleep(50 * time.Millisecond)
	a2, b2 := net.Pipe()
	defer b2.Close()
	done := make(chan struct{})
	go func() { srv.ServeConn(a2); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("ServeConn over MaxConns did not return: the limit was not applied")
	}
	b2.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := b2.Read(make([]byte, 1)); err == nil {
		t.Error("connection over the limit was not closed")
	}
	// Once the first ends, a new connection is served again.
	b1.Close()
	time.Sleep(50 * time.Millisecond)
	a3, b3 := net.Pipe()
	defer b3.Close()
	done3 := make(chan struct{})
	go func() { srv.ServeConn(a3); close(done3) }()
	select {
	case <-done3:
		t.Fatal("ServeConn refused a connection under the limit")
	case <-time.After(200 * time.Millisecond):
	}
}
