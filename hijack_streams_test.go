package rtmp

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// closeSink records whether it was closed.
type closeSink struct{ closed atomic.Bool }

func (s *closeSink) WriteTag(flv.Tag) error { return nil }
func (s *closeSink) Close() error           { s.closed.Store(true); return nil }

// closeSrc is a Source that records whether it was closed.
type closeSrc struct {
	ready  chan struct{}
	closed atomic.Bool
}

func (s *closeSrc) Ready() <-chan struct{}  { return s.ready }
func (s *closeSrc) Drain(dst []Item) []Item { return dst }
func (s *closeSrc) Close() error            { s.closed.Store(true); return nil }

// Hijacking a connection ends its active publishes and plays (Sink and
// Source closed) and cancels its Context; before the fix they leaked for
// good (a hub key stayed busy, a watcher goroutine never ended).
func TestHijackEndsStreams(t *testing.T) {
	sink := &closeSink{}
	src := &closeSrc{ready: make(chan struct{})}
	raws := make(chan *RawConn, 1)
	conns := make(chan *ServerConn, 1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		switch {
		case r.Kind == KindConnect:
			conns <- r.Conn
		case r.Kind == KindPublish:
			w.SetSink(sink)
		case r.Kind == KindPlay:
			w.SetSource(src)
		case r.Kind == KindCall && r.Method == "takeover":
			rc, err := w.Hijack()
			if err != nil {
				t.Errorf("Hijack: %v", err)
				return
			}
			raws <- rc
		}
	}))
	c := dialRaw(t, addr)
	sid := c.connect("app")
	sc := <-conns
	c.command(5, sid, "publish", 0, nil, "cam", "live")
	c.until(isStatus(CodePublishStart))
	c.command(3, 0, "createStream", 3, nil)
	msgs := c.until(isCmd("_result"))
	sid2, _ := msgs[len(msgs)-1].cmd.NumberArg(0)
	c.command(5, uint32(sid2), "play", 0, nil, "other")
	c.until(isStatus(CodePlayStart))
	c.command(3, 0, "takeover", 4, nil)
	var rc *RawConn
	select {
	case rc = <-raws:
	case <-time.After(5 * time.Second):
		t.Fatal("no hijack")
	}
	defer rc.Close()
	if !sink.closed.Load() {
		t.Error("publish Sink not closed by the hijack")
	}
	if !src.closed.Load() {
		t.Error("play Source not closed by the hijack")
	}
	select {
	case <-sc.Context().Done():
	case <-time.After(time.Second):
		t.Error("connection Context not canceled by the hijack")
	}
	sc.wmu.Lock()
	n := len(sc.publishing) + len(sc.players)
	sc.wmu.Unlock()
	if n != 0 {
		t.Errorf("%d publishes/players still registered after the hijack", n)
	}
	// The raw connection still works: a ping gets its response.
	c.send(message.PingRequest{Timestamp: 7}, 0, 0)
	rm, err := rc.ReadMessage()
	if err != nil || rm.Type != message.TypeUserControl {
		t.Fatalf("raw read: type %v err %v", rm, err)
	}
}

// Server.Close racing a Hijack must not race on the hijack state (run with
// -race), and a Hijack that loses the race reports ErrClosed.
func TestHijackCloseRace(t *testing.T) {
	for i := 0; i < 20; i++ {
		start := make(chan struct{})
		errs := make(chan error, 1)
		srv, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
			if r.Kind == KindCall && r.Method == "takeover" {
				close(start)
				rc, err := w.Hijack()
				if err == nil {
					rc.Close()
				}
				errs <- err
			}
		}))
		c := dialRaw(t, addr)
		c.connect("app")
		c.command(3, 0, "takeover", 3, nil)
		<-start
		srv.Close()
		if err := <-errs; err != nil && !errors.Is(err, ErrClosed) {
			t.Fatalf("Hijack: %v, want nil or ErrClosed", err)
		}
	}
}
