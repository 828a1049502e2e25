package rtmp

import (
	"bytes"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
)

// readUntilClosed reads until the server closes the connection and reports
// how long that took; a read timeout of limit means it did not.
func readUntilClosed(t *testing.T, c *rawClient, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	c.nc.SetReadDeadline(start.Add(limit))
	for {
		if _, err := c.next(); err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("connection still open after %v", limit)
			}
			return time.Since(start)
		}
	}
}

// A client that completes the handshake and then sends nothing is closed
// after ConnectTimeout, even with no IdleTimeout (before the fix the deadline
// was cleared after the handshake and nothing bounded the silence).
func TestServerConnectTimeout(t *testing.T) {
	_, addr, _ := startServer(t, nil, func(s *Server) { s.ConnectTimeout = 300 * time.Millisecond })
	c := dialRaw(t, addr)
	if d := readUntilClosed(t, c, 3*time.Second); d < 200*time.Millisecond {
		t.Errorf("closed after %v, want about 300ms", d)
	}
}

// A client that keeps sending, but never a connect, is closed too: the
// connect deadline is not pushed by traffic.
func TestServerConnectTimeoutWithTraffic(t *testing.T) {
	_, addr, _ := startServer(t, nil, func(s *Server) {
		s.ConnectTimeout = 300 * time.Millisecond
		s.IdleTimeout = time.Minute
	})
	c := dialRaw(t, addr)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			m, _ := encodeCommand(3, 0, false, "onBWDone", 0, nil)
			if c.cw.WriteMessage(&m) != nil {
				return
			}
		}
	}()
	readUntilClosed(t, c, 3*time.Second)
}

// Once connect has been handled the connect deadline no longer applies.
func TestServerConnectDeadlineEndsAtConnect(t *testing.T) {
	_, addr, _ := startServer(t, nil, func(s *Server) { s.ConnectTimeout = 300 * time.Millisecond })
	c := dialRaw(t, addr)
	c.connect("app")
	time.Sleep(700 * time.Millisecond)
	c.command(3, 0, "createStream", 9, nil)
	msgs := c.until(isCmd("_result"))
	if txn := msgs[len(msgs)-1].cmd.TransactionID; txn != 9 {
		t.Fatalf("reply txn %v, want 9", txn)
	}
}

// A rejected connect does not reset the connect deadline either way; the
// client gets its _error before the close.
func TestServerConnectTimeoutRejected(t *testing.T) {
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		w.Reject(&StatusError{Code: CodeConnectRejected})
	}), func(s *Server) { s.ConnectTimeout = 300 * time.Millisecond })
	c := dialRaw(t, addr)
	c.command(3, 0, "connect", 1, amf0.Object{{Key: "app", Value: "app"}})
	c.until(isCmd("_error"))
	readUntilClosed(t, c, 3*time.Second)
}

// IdleTimeout measures silence, not the time one message takes: a large
// message trickling in over several idle periods does not disconnect its
// sender (before the fix the deadline was set once per message).
func TestServerIdleTimeoutPerSilence(t *testing.T) {
	_, addr, _ := startServer(t, nil, func(s *Server) { s.IdleTimeout = 300 * time.Millisecond })
	c := dialRaw(t, addr)
	c.connect("app")
	// A 200 KB call whose chunks arrive over about a second.
	var buf bytes.Buffer
	m, err := encodeCommand(8, 0, false, "big", 0, nil, strings.Repeat("x", 200<<10)) // own chunk stream: c.cw does not know this writer
	if err != nil {
		t.Fatal(err)
	}
	if err := chunk.NewWriter(&buf).WriteMessage(&m); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	const pieces = 10
	step := len(data)/pieces + 1
	for len(data) > 0 {
		n := min(step, len(data))
		if _, err := c.nc.Write(data[:n]); err != nil {
			t.Fatal(err)
		}
		data = data[n:]
		time.Sleep(100 * time.Millisecond)
	}
	c.command(3, 0, "createStream", 9, nil)
	msgs := c.until(isCmd("_result"))
	if txn := msgs[len(msgs)-1].cmd.TransactionID; txn != 9 {
		t.Fatalf("reply txn %v, want 9", txn)
	}
	// Silence still ends the connection (no ping answers from this client).
	if d := readUntilClosed(t, c, 3*time.Second); d > 2*time.Second {
		t.Errorf("idle client closed after %v", d)
	}
}
