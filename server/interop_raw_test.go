package server_test

import (
	"net"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
)

// dialHandshaken dials addr with a small receive buffer (rcvbuf bytes, 0 for
// the default) and completes a plain handshake.
func dialHandshaken(addr string, rcvbuf int, timeout time.Duration) (net.Conn, error) {
	nc, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	if rcvbuf > 0 {
		nc.(*net.TCPConn).SetReadBuffer(rcvbuf)
	}
	nc.SetDeadline(time.Now().Add(timeout))
	if _, err := handshake.Client(nc, nil); err != nil {
		nc.Close()
		return nil, err
	}
	nc.SetDeadline(time.Time{})
	return nc, nil
}

// sendCommands writes AMF0 commands on message stream sid without reading
// any reply (clients pipeline them the same way).
func sendCommands(t testing.TB, nc net.Conn, cmds ...rawCmd) {
	t.Helper()
	w := chunk.NewWriter(nc)
	for _, c := range cmds {
		m, err := message.Encode(&message.Command{Name: c.name, TransactionID: c.txn, Object: c.obj, Args: c.args}, c.sid, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteMessage(m); err != nil {
			t.Fatalf("write %s: %v", c.name, err)
		}
	}
}

// rawCmd is one command for sendCommands.
type rawCmd struct {
	sid  uint32
	name string
	txn  float64
	obj  any
	args []any
}

// stalledPlayer connects to app, creates a stream (the server's first id is
// 1, as for every client in the captures) and plays name, then never reads:
// a player whose TCP window closes as soon as its small buffer is full.
func stalledPlayer(t testing.TB, addr, app, name string) net.Conn {
	t.Helper()
	nc, err := dialHandshaken(addr, 4096, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	sendCommands(t, nc,
		rawCmd{0, "connect", 1, amf0.Object{{Key: "app", Value: app}, {Key: "tcUrl", Value: "rtmp://" + addr + "/" + app}}, nil},
		rawCmd{0, "createStream", 2, nil, nil},
		rawCmd{1, "play", 3, nil, []any{name, -1000.0}},
	)
	return nc
}
