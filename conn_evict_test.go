package rtmp

import (
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// floodSource is an EvictNotifier Source that always has another 256 KiB
// keyframe to write, so the writer goroutine blocks in writev as soon as the
// client stops reading.
type floodSource struct {
	ready  chan struct{}
	drains atomic.Int64
	closed atomic.Bool
	mu     sync.Mutex
	evict  func()
	data   []byte
}

func newFloodSource() *floodSource {
	s := &floodSource{ready: make(chan struct{}), data: make([]byte, 256<<10)}
	close(s.ready) // always ready
	s.data[0] = 0x17
	return s
}

func (s *floodSource) Ready() <-chan struct{} { return s.ready }

func (s *floodSource) Drain(dst []Item) []Item {
	n := s.drains.Add(1)
	return append(dst, Item{Kind: ItemMedia, Tag: flv.Tag{Type: flv.TagVideo, Timestamp: uint32(n), Data: s.data}})
}

func (s *floodSource) NotifyEvict(evict func()) {
	s.mu.Lock()
	s.evict = evict
	s.mu.Unlock()
}

func (s *floodSource) Close() error { s.closed.Store(true); return nil }

func (s *floodSource) evictFunc() func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.evict
}

// An EvictNotifier Source that evicts its player while the writer is blocked
// writing to a client that stopped reading gets the connection closed at
// once with ErrEvicted, not after WriteTimeout.
func TestServerEvictsBlockedPlayerOutOfBand(t *testing.T) {
	src := newFloodSource()
	conns := make(chan *ServerConn, 1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		switch r.Kind {
		case KindConnect:
			conns <- r.Conn
		case KindPlay:
			w.SetSource(src)
		}
	}), func(s *Server) { s.WriteTimeout = 30 * time.Second })
	c := dialRaw(t, addr)
	c.nc.(*net.TCPConn).SetReadBuffer(4096)
	sid := c.connect("app")
	sc := <-conns
	c.command(8, sid, "play", 0, nil, "s")
	c.until(isStatus(CodePlayStart))
	// Stop reading; wait until the writer is stuck in a write.
	var evict func()
	for last, still := int64(-1), 0; still < 5; {
		time.Sleep(50 * time.Millisecond)
		n := src.drains.Load()
		if n == last {
			still++
		} else {
			last, still = n, 0
		}
		evict = src.evictFunc()
	}
	if evict == nil {
		t.Fatal("the library did not call NotifyEvict")
	}
	select {
	case <-sc.Context().Done():
		t.Fatal("connection closed before the eviction")
	default:
	}
	start := time.Now()
	evict()
	evict() // a second call is harmless
	select {
	case <-sc.Context().Done():
		t.Logf("closed %v after the eviction", time.Since(start))
	case <-time.After(2 * time.Second):
		t.Fatal("connection still open 2 s after the eviction (writer blocked in writev)")
	}
	sc.wmu.Lock()
	err := sc.closeErr
	sc.wmu.Unlock()
	if !errors.Is(err, ErrEvicted) {
		t.Errorf("close cause %v, want ErrEvicted", err)
	}
	if !eventually(2*time.Second, src.closed.Load) {
		t.Error("source not closed after the eviction")
	}
}

// An eviction reported after the play stopped does not close the
// connection: the player that was evicted is gone.
func TestServerIgnoresEvictionAfterPlayStop(t *testing.T) {
	src := newFloodSource()
	src.ready = make(chan struct{}) // never ready: nothing to write
	conns := make(chan *ServerConn, 1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		switch r.Kind {
		case KindConnect:
			conns <- r.Conn
		case KindPlay:
			w.SetSource(src)
		}
	}))
	c := dialRaw(t, addr)
	sid := c.connect("app")
	sc := <-conns
	c.command(8, sid, "play", 0, nil, "s")
	c.until(isStatus(CodePlayStart))
	evict := src.evictFunc()
	if evict == nil {
		t.Fatal("the library did not call NotifyEvict")
	}
	c.command(8, sid, "closeStream", 0, nil)
	if !eventually(2*time.Second, src.closed.Load) {
		t.Fatal("source not closed by closeStream")
	}
	evict()
	select {
	case <-sc.Context().Done():
		t.Fatal("a stale eviction closed the connection")
	case <-time.After(300 * time.Millisecond):
	}
}
