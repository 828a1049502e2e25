package rtmpt

import (
	"errors"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestListener: Accept returns the sessions the Handler opens; Close makes
// Accept fail with net.ErrClosed and /open answer 503.
func TestListener(t *testing.T) {
	l := NewListener(nil)
	if l.Addr().Network() != "rtmpt" {
		t.Errorf("Addr = %v", l.Addr())
	}
	ts := newTunnel(t, l.Handler)
	accepted := make(chan net.Conn)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				close(accepted)
				return
			}
			accepted <- c
		}
	}()
	id := openSession(t, ts)
	c := <-accepted
	rawPost(t, ts, "/send/"+id+"/0", []byte("hi"))
	buf := make([]byte, 2)
	c.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := c.Read(buf); err != nil || string(buf) != "hi" {
		t.Fatalf("Read %q, %v", buf, err)
	}
	l.Close()
	if _, ok := <-accepted; ok {
		t.Fatal("Accept returned a conn after Close")
	}
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close: %v", err)
	}
	if code, _ := rawPost(t, ts, "/open/1", []byte{0}); code != http.StatusServiceUnavailable {
		t.Errorf("open after Close: %d", code)
	}
	// The accepted session lives on until its owner closes it.
	if code, _ := rawPost(t, ts, "/idle/"+id+"/1", []byte{0}); code != 200 {
		t.Errorf("idle on accepted session after listener Close: %d", code)
	}
	l.Close() // twice is fine
}

// TestListenerClosesUnaccepted: a session opened while nobody calls Accept
// is closed when the listener closes.
func TestListenerClosesUnaccepted(t *testing.T) {
	l := NewListener(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80})
	ts := newTunnel(t, l.Handler)
	id := openSession(t, ts)
	l.Close()
	deadline := time.Now().Add(2 * time.Second)
	for {
		code, b := rawPost(t, ts, "/idle/"+id+"/0", []byte{0})
		if code == 404 {
			break
		}
		if len(b) == 1 && b[0] == 0 {
			continue // the closing reply; the next request is 404
		}
		if time.Now().After(deadline) {
			t.Fatalf("session still open: %d %q", code, b)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
