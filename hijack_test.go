package rtmp

import (
	"testing"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/message"
)

func TestHijack(t *testing.T) {
	raws := make(chan *RawConn, 1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindCall && r.Method == "takeover" {
			rc, err := w.Hijack()
			if err != nil {
				t.Errorf("Hijack: %v", err)
				return
			}
			if _, err := w.Hijack(); err != ErrHijacked {
				t.Errorf("second Hijack = %v", err)
			}
			raws <- rc
		}
	}))
	c := dialRaw(t, addr)
	c.connect("app")
	c.command(3, 0, "takeover", 3, nil)
	rc := <-raws
	defer rc.Close()
	// raw echo: the server side now speaks plain messages
	go func() {
		for {
			m, err := rc.ReadMessage()
			if err != nil {
				return
			}
			out := chunk.Message{CSID: 9, Type: 99, StreamID: m.StreamID, Timestamp: m.Timestamp, Payload: append([]byte(nil), m.Payload...)}
			if rc.WriteMessage(&out) != nil {
				return
			}
		}
	}()
	c.send(message.Raw{TypeID: 42, Payload: []byte("hello")}, 7, 123)
	msgs := c.until(func(m serverMsg) bool { return m.Type == 99 })
	got := msgs[len(msgs)-1]
	if string(got.Payload) != "hello" || got.StreamID != 7 || got.Timestamp != 123 {
		t.Fatalf("echo %+v", got.Message)
	}
	for _, m := range msgs {
		if m.cmd != nil && m.cmd.TransactionID == 3 {
			t.Errorf("library answered the hijacking call: %s", m.cmd.Name)
		}
	}
}
