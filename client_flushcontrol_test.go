package rtmp

import (
	"io"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/message"
)

// TestFlushControlAfterClose: a control message the read loop queues after
// the connection failed is dropped; flushing it used to spin forever (the
// write refused before taking the queue). Found by FuzzClientSession.
func TestFlushControlAfterClose(t *testing.T) {
	c := &ClientConn{cfg: &ClientConfig{}, done: make(chan struct{}), cw: chunk.NewWriter(io.Discard)}
	close(c.done)
	ack, err := message.Encode(message.Acknowledgement{SequenceNumber: 1}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	c.ctl = append(c.ctl, ack)
	finished := make(chan struct{})
	go func() {
		c.flushControl()
		close(finished)
	}()
	select {
	case <-finished:
	case <-time.After(5 * time.Second):
		t.Fatal("flushControl still running on a closed connection")
	}
	if len(c.ctl) != 0 {
		t.Errorf("%d control messages kept on a closed connection", len(c.ctl))
	}
}
