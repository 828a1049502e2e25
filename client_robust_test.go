package rtmp_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/handshake"
)

// fakeServer accepts one connection, completes the server handshake and
// then runs fn on it.
func fakeServer(t *testing.T, fn func(net.Conn, io.Reader)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		br := bufio.NewReader(c)
		if _, err := handshake.Server(struct {
			io.Reader
			io.Writer
		}{br, c}, nil); err != nil {
			return
		}
		fn(c, br)
	}()
	return "rtmp://" + l.Addr().String()
}

func TestClientGarbageServer(t *testing.T) {
	base := fakeServer(t, func(c net.Conn, r io.Reader) {
		// A chunk header announcing a 16 MiB+ message on a bad chunk stream,
		// then noise.
		c.Write([]byte{0x03, 0, 0, 0, 0xff, 0xff, 0xff, 20, 0, 0, 0, 0, 1, 2, 3})
		io.Copy(io.Discard, r)
	})
	var states stateLog
	_, err := rtmp.Dial(ctxT(t), base+"/app", &rtmp.ClientConfig{OnState: states.add, MaxMessageSize: 1 << 20})
	var pe *rtmp.ProtocolError
	if !errors.As(err, &pe) || !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Dial = %v; want a closed-connection error carrying a *ProtocolError", err)
	}
	if got := states.get(); got[len(got)-1] != rtmp.StateError {
		t.Errorf("states %v, want ending in error", got)
	}
}

func TestClientServerSilent(t *testing.T) {
	base := fakeServer(t, func(c net.Conn, r io.Reader) { io.Copy(io.Discard, r) })
	start := time.Now()
	_, err := rtmp.Dial(context.Background(), base+"/app", &rtmp.ClientConfig{Timeout: 200 * time.Millisecond})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Dial = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Dial took %v with a 200ms timeout", d)
	}
}

func TestClientServerCloses(t *testing.T) {
	hub := newTestHub()
	srv := &rtmp.Server{Handler: hub, Logger: discardLogger()}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	ctx := ctxT(t)
	var states stateLog
	c, err := rtmp.Dial(ctx, "rtmp://"+l.Addr().String()+"/live/x", &rtmp.ClientConfig{OnState: states.add})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.Play(ctx, "x", rtmp.PlayLive, -1, false)
	if err != nil {
		t.Fatal(err)
	}
	pending := c.Expect("neverSent")
	srv.Close()
	if _, err := ps.ReadTagContext(ctx); !errors.Is(err, net.ErrClosed) {
		t.Errorf("ReadTag after server close = %v, want net.ErrClosed", err)
	}
	if _, err := pending.Wait(ctx); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Expect after server close = %v", err)
	}
	<-c.Done()
	if c.State() != rtmp.StateDisconnected {
		t.Errorf("state %v, want disconnected", c.State())
	}
	if _, err := c.Call(ctx, "echo"); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Call after close = %v", err)
	}
}
