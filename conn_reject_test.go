package rtmp

import (
	"bytes"
	"sync/atomic"
	"testing"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
)

// readAll reads until the server closes the connection.
func readAll(c *rawClient) []serverMsg {
	var all []serverMsg
	for {
		m, err := c.next()
		if err != nil {
			return all
		}
		all = append(all, m)
	}
}

// A client that pipelines commands after a connect that gets rejected (an
// Adobe-auth client retrying, say) still gets the _error: later input is
// ignored rather than ending the read loop with a protocol error that closed
// the socket before the writer flushed. Before the fix nearly all were lost.
func TestServerRejectSurvivesPipelinedCommands(t *testing.T) {
	var connects atomic.Int32
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindConnect {
			connects.Add(1)
			w.Reject(&StatusError{Code: CodeConnectRejected, Description: "authmod=adobe ?reason=needauth"})
		}
	}))
	const n = 50
	for i := 0; i < n; i++ {
		c := dialRaw(t, addr)
		// One write, so the server's close cannot fail a later one.
		var buf bytes.Buffer
		w := chunk.NewWriter(&buf)
		for _, m := range []struct {
			name string
			txn  float64
			obj  any
		}{
			{"connect", 1, amf0.Object{{Key: "app", Value: "app"}}},
			{"connect", 3, amf0.Object{{Key: "app", Value: "app"}}}, // not handled again
			{"createStream", 2, nil},
		} {
			cm, _ := encodeCommand(3, 0, false, m.name, m.txn, m.obj)
			w.WriteMessage(&cm)
		}
		if _, err := c.nc.Write(buf.Bytes()); err != nil {
			t.Fatal(err)
		}
		var errs []float64
		for _, m := range readAll(c) {
			if m.cmd != nil && m.cmd.Name == "_error" {
				errs = append(errs, m.cmd.TransactionID)
			}
		}
		if len(errs) != 1 || errs[0] != 1 {
			t.Fatalf("connection %d: _error replies %v, want one for txn 1", i, errs)
		}
		c.nc.Close()
	}
	if got := connects.Load(); got != n {
		t.Errorf("connect handler ran %d times for %d connections", got, n)
	}
}

// Replies queued before a protocol error are written before the close.
func TestServerFlushesBeforeProtocolErrorClose(t *testing.T) {
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindCall {
			w.Result("pong")
		}
	}))
	for i := 0; i < 20; i++ {
		c := dialRaw(t, addr)
		c.connect("app")
		var buf bytes.Buffer
		w := chunk.NewWriter(&buf)
		cm, _ := encodeCommand(3, 0, false, "ping", 7, nil)
		w.WriteMessage(&cm)
		// A command whose payload is not AMF0: a protocol error.
		w.WriteMessage(&chunk.Message{CSID: 4, Type: 20, Payload: []byte{0xff, 0xff}})
		if _, err := c.nc.Write(buf.Bytes()); err != nil {
			t.Fatal(err)
		}
		got := false
		for _, m := range readAll(c) {
			if m.cmd != nil && m.cmd.Name == "_result" && m.cmd.TransactionID == 7 {
				got = true
			}
		}
		if !got {
			t.Fatalf("connection %d: the reply queued before the protocol error was lost", i)
		}
		c.nc.Close()
	}
}
