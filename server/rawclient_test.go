package server

import (
	"bufio"
	"io"
	"net"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
)

// rawClient is a minimal RTMP client built from the layer packages, so the
// tests can see every message the server sends (and the ones it does not).
type rawClient struct {
	t  testing.TB
	nc net.Conn
	cr *chunk.Reader
	cw *chunk.Writer
	// seen collects every command the server sent.
	seen []*message.Command
}

func dialRaw(t testing.TB, addr string) *rawClient {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(15 * time.Second))
	br := bufio.NewReader(nc)
	if _, err := handshake.Client(struct {
		io.Reader
		io.Writer
	}{br, nc}, nil); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	return &rawClient{t: t, nc: nc, cr: chunk.NewReader(br, chunk.Limits{}), cw: chunk.NewWriter(nc)}
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

func (c *rawClient) command(sid uint32, name string, txn float64, obj any, args ...any) {
	c.t.Helper()
	c.send(&message.Command{Name: name, TransactionID: txn, Object: obj, Args: args}, sid, 0)
}

// next reads the next message: a command, a media tag, or something else.
func (c *rawClient) next() (*message.Command, *flv.Tag, error) {
	m, err := c.cr.ReadMessage()
	if err != nil {
		return nil, nil, err
	}
	switch m.Type {
	case message.TypeSetChunkSize:
		v, err := message.Decode(m)
		if err != nil {
			return nil, nil, err
		}
		c.cr.SetChunkSize(v.(*message.SetChunkSize).Size)
	case message.TypeCommandAMF0:
		v, err := message.Decode(m)
		if err != nil {
			return nil, nil, err
		}
		cmd := v.(*message.Command)
		c.seen = append(c.seen, cmd)
		return cmd, nil, nil
	case message.TypeAudio, message.TypeVideo, message.TypeDataAMF0:
		return nil, &flv.Tag{Type: flv.TagType(m.Type), Timestamp: m.Timestamp, StreamID: m.StreamID,
			Data: append([]byte(nil), m.Payload...)}, nil
	}
	return nil, nil, nil
}

// until reads until a command satisfies ok and returns it.
func (c *rawClient) until(ok func(*message.Command) bool) *message.Command {
	c.t.Helper()
	for {
		cmd, _, err := c.next()
		if err != nil {
			c.t.Fatalf("read: %v (commands so far: %s)", err, c.codes())
		}
		if cmd != nil && ok(cmd) {
			return cmd
		}
	}
}

// codes lists the commands and onStatus codes seen, for messages.
func (c *rawClient) codes() []string {
	var out []string
	for _, cmd := range c.seen {
		out = append(out, cmd.Name+":"+statusCode(cmd))
	}
	return out
}

func statusCode(cmd *message.Command) string {
	if len(cmd.Args) == 0 {
		return ""
	}
	s, _ := message.StringProperty(cmd.Args[0], "code")
	return s
}

func isReply(cmd *message.Command) bool { return cmd.Name == "_result" || cmd.Name == "_error" }

// isStatusOrError matches an onStatus (any code) or an _error.
func isStatusOrError(cmd *message.Command) bool {
	return cmd.Name == "onStatus" || cmd.Name == "_error"
}

// connect sends connect and createStream; it returns the stream id, or the
// _error's code with sid 0.
func (c *rawClient) connect(app string) (uint32, string) {
	c.t.Helper()
	c.command(0, "connect", 1, amf0.Object{{Key: "app", Value: app}, {Key: "tcUrl", Value: "rtmp://127.0.0.1/" + app}})
	if r := c.until(isReply); r.Name != "_result" {
		return 0, statusCode(r)
	}
	c.command(0, "createStream", 2, nil)
	r := c.until(isReply)
	sid, _ := r.Args[0].(float64)
	return uint32(sid), ""
}

// publish sends publish and returns the first onStatus code.
func (c *rawClient) publish(sid uint32, name string) string {
	c.t.Helper()
	c.command(sid, "publish", 3, nil, name, "live")
	return statusCode(c.until(isStatusOrError))
}

// play sends play (live) and returns the first onStatus code.
func (c *rawClient) play(sid uint32, name string) string {
	c.t.Helper()
	c.command(sid, "play", 3, nil, name, -1000.0)
	for {
		code := statusCode(c.until(isStatusOrError))
		if code != "NetStream.Play.Reset" {
			return code
		}
	}
}

func (c *rawClient) sawCode(code string) bool {
	for _, cmd := range c.seen {
		if statusCode(cmd) == code {
			return true
		}
	}
	return false
}
