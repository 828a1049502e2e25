package rtmp

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

// panicSource is a Source whose Drain panics, as a buggy handler's might.
type panicSource struct{ ready chan struct{} }

func (p panicSource) Ready() <-chan struct{}  { return p.ready }
func (p panicSource) Drain(dst []Item) []Item { panic("source bug") }

// A panic in the writer goroutine (which runs the handler's Source.Drain)
// closes that connection only; before the fix it killed the process.
func TestServerWriterPanicClosesConn(t *testing.T) {
	conns := make(chan *ServerConn, 1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindPlay {
			conns <- r.Conn
			ch := make(chan struct{}, 1)
			ch <- struct{}{}
			w.SetSource(panicSource{ch})
		}
	}))
	c := dialRaw(t, addr)
	sid := c.connect("app")
	c.command(5, sid, "play", 0, nil, "x")
	sc := <-conns
	select {
	case <-sc.done:
	case <-time.After(5 * time.Second):
		t.Fatal("connection not closed after the writer panicked")
	}
	sc.wmu.Lock()
	err := sc.closeErr
	sc.wmu.Unlock()
	if err == nil || !strings.Contains(err.Error(), "source bug") {
		t.Errorf("close error %v, want the panic", err)
	}
	c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, err := c.next(); err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatal("client still connected")
			}
			break
		}
	}
	// The server still serves others.
	dialRaw(t, addr).connect("app")
}
