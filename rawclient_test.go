package rtmp

import (
	"bufio"
	"io"
	"net"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
)

// rawClient is a minimal RTMP client built from the layer packages, for
// driving a server message by message.
type rawClient struct {
	t  testing.TB
	nc net.Conn
	cr *chunk.Reader
	cw *chunk.Writer
}

func dialRaw(t testing.TB, addr string) *rawClient {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(nc)
	if _, err := handshake.Client(struct {
		io.Reader
		io.Writer
	}{br, nc}, nil); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	return &rawClient{t: t, nc: nc, cr: chunk.NewReader(br, chunk.Limits{}), cw: chunk.NewWriter(nc)}
}

func (c *rawClient) command(csid, sid uint32, name string, txn float64, obj any, args ...any) {
	c.t.Helper()
	m, err := encodeCommand(csid, sid, false, name, txn, obj, args...)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.cw.WriteMessage(&m); err != nil {
		c.t.Fatal(err)
	}
}

func (c *rawClient) send(msg message.Message, sid, ts uint32) {
	c.t.Helper()
	cm, err := message.Encode(msg, sid, ts)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.cw.WriteMessage(cm); err != nil {
		c.t.Fatal(err)
	}
}

// next reads the next message, applying Set Chunk Size; commands are decoded.
func (c *rawClient) next() (serverMsg, error) {
	m, err := c.cr.ReadMessage()
	if err != nil {
		return serverMsg{}, err
	}
	sm := serverMsg{Message: *m}
	sm.Payload = append([]byte(nil), m.Payload...)
	switch m.Type {
	case message.TypeSetChunkSize:
		v, _ := message.Decode(m)
		c.cr.SetChunkSize(v.(*message.SetChunkSize).Size)
	case message.TypeCommandAMF0, message.TypeCommandAMF3:
		sm.cmd, err = decodeCommand(m)
	}
	return sm, err
}

// until reads messages until one satisfies ok, returning all read.
func (c *rawClient) until(ok func(serverMsg) bool) []serverMsg {
	c.t.Helper()
	var all []serverMsg
	for {
		m, err := c.next()
		if err != nil {
			c.t.Fatalf("read: %v (after %d messages)", err, len(all))
		}
		all = append(all, m)
		if ok(m) {
			return all
		}
	}
}

func isCmd(name string) func(serverMsg) bool {
	return func(m serverMsg) bool { return m.cmd != nil && m.cmd.Name == name }
}

func isStatus(code string) func(serverMsg) bool {
	return func(m serverMsg) bool {
		return m.cmd != nil && m.cmd.Name == "onStatus" && len(m.cmd.Args) > 0 && prop(m.cmd.Args[0], "code") == code
	}
}

// connect performs connect + createStream and returns the stream id.
func (c *rawClient) connect(app string, extra ...amf0.Pair) uint32 {
	c.t.Helper()
	obj := amf0.Object{{Key: "app", Value: app}, {Key: "tcUrl", Value: "rtmp://127.0.0.1/" + app}}
	obj = append(obj, extra...)
	c.command(3, 0, "connect", 1, obj)
	msgs := c.until(func(m serverMsg) bool { return m.cmd != nil && (m.cmd.Name == "_result" || m.cmd.Name == "_error") })
	if last := msgs[len(msgs)-1]; last.cmd.Name != "_result" {
		c.t.Fatalf("connect: %s %v", last.cmd.Name, last.cmd.Args)
	}
	c.command(3, 0, "createStream", 2, nil)
	msgs = c.until(isCmd("_result"))
	sid, _ := msgs[len(msgs)-1].cmd.NumberArg(0)
	return uint32(sid)
}

// eventually polls cond every 5 ms for up to within and reports whether it
// became true.
func eventually(within time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(within); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			return false
		}
	}
	return true
}
