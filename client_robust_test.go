package rtmp_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
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

// TestClientReadLoopNeverWaitsForWrites: while a big call is being written
// to a server that is itself busy writing pings (an unbuffered pipe, so
// neither side's write completes until the other reads), the client must
// keep reading and queue its ping responses instead of waiting for the write
// lock: otherwise both sides wait for each other until the write timeout.
func TestClientReadLoopNeverWaitsForWrites(t *testing.T) {
	cn, sn := net.Pipe()
	defer sn.Close()
	const pings = 50
	result := make(chan string, 1)
	go func() {
		br := bufio.NewReader(sn)
		if _, err := handshake.Server(struct {
			io.Reader
			io.Writer
		}{br, sn}, nil); err != nil {
			result <- err.Error()
			return
		}
		cr := chunk.NewReader(br, chunk.Limits{})
		cw := chunk.NewWriter(sn)
		send := func(m message.Message) error {
			cm, err := message.Encode(m, 0, 0)
			if err != nil {
				return err
			}
			return cw.WriteMessage(cm)
		}
		next := func() (message.Message, error) {
			for {
				m, err := cr.ReadMessage()
				if err != nil {
					return nil, err
				}
				msg, err := message.Decode(m)
				if err != nil {
					return nil, err
				}
				if v, ok := msg.(*message.SetChunkSize); ok {
					cr.SetChunkSize(v.Size)
					continue
				}
				return msg, nil
			}
		}
		if _, err := next(); err != nil { // connect
			result <- err.Error()
			return
		}
		send(message.NewConnectResult(1, "FMS/3,0,1,123", 0))
		time.Sleep(100 * time.Millisecond) // let the client start its big write
		for i := 0; i < pings; i++ {
			if err := send(message.PingRequest{Timestamp: uint32(i)}); err != nil {
				result <- err.Error()
				return
			}
		}
		pongs := 0
		for pongs < pings {
			msg, err := next()
			if err != nil {
				result <- err.Error()
				return
			}
			switch v := msg.(type) {
			case *message.PingResponse:
				pongs++
			case *message.Command:
				if v.Name == "big" {
					send(message.NewResult(v.TransactionID, nil, "ok"))
				}
			}
		}
		result <- "ok"
		io.Copy(io.Discard, br)
	}()
	u, _ := rtmp.ParseURL("rtmp://pipe/app")
	c := rtmp.NewClientConn(cn, u, &rtmp.ClientConfig{Handshake: &handshake.Config{Kind: handshake.Plain}, WriteTimeout: 20 * time.Second, Logger: discardLogger()})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := c.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 60000)
	if vals, err := c.Call(ctx, "big", big); err != nil || vals[0] != "ok" {
		t.Fatalf("big Call = %v, %v", vals, err)
	}
	select {
	case r := <-result:
		if r != "ok" {
			t.Fatalf("server: %s", r)
		}
	case <-ctx.Done():
		t.Fatal("server did not get its ping responses")
	}
}

func TestClientTimeouts(t *testing.T) {
	// A server that accepts and never answers the handshake.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go io.Copy(io.Discard, c)
		}
	}()
	start := time.Now()
	_, err = rtmp.Dial(context.Background(), "rtmp://"+l.Addr().String()+"/app", &rtmp.ClientConfig{HandshakeTimeout: 100 * time.Millisecond})
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || time.Since(start) > 3*time.Second {
		t.Errorf("Dial to a mute server = %v after %v, want a handshake timeout", err, time.Since(start))
	}

	// A server that connects and then says nothing: ReadTimeout ends it.
	base := fakeServer(t, func(c net.Conn, r io.Reader) {
		cr := chunk.NewReader(r, chunk.Limits{})
		cr.ReadMessage() // connect
		cm, _ := message.Encode(message.NewConnectResult(1, "FMS/3,0,1,123", 0), 0, 0)
		chunk.NewWriter(c).WriteMessage(cm)
		io.Copy(io.Discard, r)
	})
	c, err := rtmp.Dial(ctxT(t), base+"/app", &rtmp.ClientConfig{ReadTimeout: 100 * time.Millisecond, ChunkSize: 128})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.Done():
	case <-time.After(3 * time.Second):
		t.Fatal("ReadTimeout did not end a silent connection")
	}
	if !errors.As(c.Err(), &ne) || !ne.Timeout() || c.State() != rtmp.StateError {
		t.Errorf("after ReadTimeout: err %v, state %v", c.Err(), c.State())
	}
}
