package rtmp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

func TestSkipBytes(t *testing.T) {
	mk := func() [][]byte { return [][]byte{[]byte("abc"), nil, []byte("de"), []byte("fghi")} }
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "abcdefghi"}, {1, "bcdefghi"}, {3, "defghi"}, {4, "efghi"}, {5, "fghi"}, {8, "i"}, {9, ""},
	} {
		got := bytes.Join(skipBytes(mk(), tc.n), nil)
		if string(got) != tc.want {
			t.Errorf("skip %d: %q, want %q", tc.n, got, tc.want)
		}
	}
}

// seqSource is an unbounded Source; every tag carries its index.
type seqSource struct {
	mu    sync.Mutex
	items []Item
	ready chan struct{}
}

func newSeqSource() *seqSource { return &seqSource{ready: make(chan struct{}, 1)} }

func (s *seqSource) push(i, size int) {
	data := make([]byte, size)
	data[0] = 0x27 // inter frame, AVC
	binary.BigEndian.PutUint32(data[1:], uint32(i))
	s.mu.Lock()
	s.items = append(s.items, Item{Kind: ItemMedia, Tag: flv.Tag{Type: flv.TagVideo, Timestamp: uint32(i), Data: data}})
	s.mu.Unlock()
	notify(s.ready)
}

func (s *seqSource) Ready() <-chan struct{} { return s.ready }

func (s *seqSource) Drain(dst []Item) []Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	dst = append(dst, s.items...)
	clear(s.items)
	s.items = s.items[:0]
	return dst
}

// playSeq connects a raw client to addr and plays; it returns the client.
func playSeq(t *testing.T, addr string) *rawClient {
	t.Helper()
	c := dialRaw(t, addr)
	sid := c.connect("app")
	c.command(8, sid, "play", 0, nil, "s")
	c.until(isStatus(CodePlayStart))
	return c
}

// expectSeq reads video messages 0..n-1 in order, each of the given size.
func expectSeq(t *testing.T, c *rawClient, n, size int) {
	t.Helper()
	expectSeqSizes(t, c, n, func(int) int { return size })
}

// expectSeqSizes reads video messages 0..n-1 in order, message i of
// sizeOf(i) bytes.
func expectSeqSizes(t *testing.T, c *rawClient, n int, sizeOf func(int) int) {
	t.Helper()
	c.nc.SetReadDeadline(time.Now().Add(20 * time.Second))
	for want := 0; want < n; {
		m, err := c.next()
		if err != nil {
			t.Fatalf("read after %d of %d tags: %v", want, n, err)
		}
		if m.Type != message.TypeVideo {
			continue
		}
		if len(m.Payload) != sizeOf(want) || binary.BigEndian.Uint32(m.Payload[1:]) != uint32(want) || m.Timestamp != uint32(want) {
			t.Fatalf("tag %d: %d bytes, index %d, timestamp %d", want, len(m.Payload), binary.BigEndian.Uint32(m.Payload[1:]), m.Timestamp)
		}
		want++
	}
}

// In flush mode, a batch larger than the socket takes is finished by a
// writer goroutine: a player that stops reading for a while gets every tag,
// in order, once it reads again, while media keeps arriving.
func TestFlushModeSlowReader(t *testing.T) {
	const n, size = 150, 40 << 10 // 6 MB: far more than the socket buffers
	srcs := make(chan *seqSource, 2)
	conns := make(chan *ServerConn, 2)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		switch r.Kind {
		case KindConnect:
			// A small send buffer: the nonblocking writes come out partial.
			r.Conn.NetConn().(*net.TCPConn).SetWriteBuffer(64 << 10)
			conns <- r.Conn
		case KindPlay:
			s := newSeqSource()
			w.SetSource(s)
			srcs <- s
		}
	}), func(s *Server) { s.WriteMergeWindow = 5 * time.Millisecond })
	c := playSeq(t, addr)
	if sc := <-conns; sc.w.shard == nil && rawConnOf(sc.nc) != nil {
		t.Fatal("a TCP connection with a merge window is not in flush mode")
	}
	src := <-srcs
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range n {
			src.push(i, size)
			if i%50 == 0 {
				time.Sleep(20 * time.Millisecond)
			}
		}
	}()
	time.Sleep(300 * time.Millisecond) // the socket fills up
	expectSeq(t, c, n, size)
	<-done
}

// In flush mode connections borrow the shard's header block for a batch.
// A player whose write came out partial keeps its own copy of the unsent
// headers: players flushed after it, whose batches reuse the block, must
// not change them. The message lengths differ per player and per message,
// so every header differs from the others'.
func TestFlushModePartialWriteKeepsHeaders(t *testing.T) {
	const n, fast = 120, 6
	slowSize := func(i int) int { return 20<<10 + 7*(i%13) }
	fastSize := func(i int) int { return 300 + 11*(i%17) }
	var mu sync.Mutex
	var slow *seqSource
	var fasts []*seqSource
	ready := make(chan struct{}, fast+1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		switch r.Kind {
		case KindConnect:
			if r.App == "slow" {
				r.Conn.NetConn().(*net.TCPConn).SetWriteBuffer(32 << 10)
			}
		case KindPlay:
			s := newSeqSource()
			w.SetSource(s)
			mu.Lock()
			if r.Conn.App() == "slow" {
				slow = s
			} else {
				fasts = append(fasts, s)
			}
			mu.Unlock()
			ready <- struct{}{}
		}
	}), func(s *Server) { s.WriteMergeWindow = 5 * time.Millisecond })
	play := func(app string) *rawClient {
		c := dialRaw(t, addr)
		sid := c.connect(app)
		c.command(8, sid, "play", 0, nil, "s")
		c.until(isStatus(CodePlayStart))
		return c
	}
	sc := play("slow")
	fcs := make([]*rawClient, fast)
	for i := range fcs {
		fcs[i] = play("fast")
	}
	for range fast + 1 {
		<-ready
	}
	go func() {
		for i := range n {
			mu.Lock()
			slow.push(i, slowSize(i))
			for _, s := range fasts {
				s.push(i, fastSize(i))
			}
			mu.Unlock()
			time.Sleep(2 * time.Millisecond)
		}
	}()
	var wg sync.WaitGroup
	for _, c := range fcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			expectSeqSizes(t, c, n, fastSize)
		}()
	}
	time.Sleep(150 * time.Millisecond) // the slow player's socket fills up
	expectSeqSizes(t, sc, n, slowSize)
	wg.Wait()
}

// Many players of one Source sequence all get every tag in order.
func TestFlushModeFanout(t *testing.T) {
	const players, n, size = 40, 200, 3000
	var mu sync.Mutex
	var srcs []*seqSource
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindPlay {
			s := newSeqSource()
			w.SetSource(s)
			mu.Lock()
			srcs = append(srcs, s)
			mu.Unlock()
		}
	}), func(s *Server) { s.WriteMergeWindow = 10 * time.Millisecond })
	clients := make([]*rawClient, players)
	for i := range clients {
		clients[i] = playSeq(t, addr)
	}
	go func() {
		for i := range n {
			mu.Lock()
			for _, s := range srcs {
				s.push(i, size)
			}
			mu.Unlock()
			time.Sleep(time.Millisecond)
		}
	}()
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			expectSeq(t, c, n, size)
		}()
	}
	wg.Wait()
}

// A player that never reads is closed after the write timeout, and its
// Source is closed.
func TestFlushModeStalledPlayer(t *testing.T) {
	src := newFloodSource()
	conns := make(chan *ServerConn, 1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		switch r.Kind {
		case KindConnect:
			conns <- r.Conn
		case KindPlay:
			w.SetSource(src)
		}
	}), func(s *Server) {
		s.WriteMergeWindow = 5 * time.Millisecond
		s.WriteTimeout = 300 * time.Millisecond
	})
	c := dialRaw(t, addr)
	c.nc.(*net.TCPConn).SetReadBuffer(4096)
	sid := c.connect("app")
	sc := <-conns
	c.command(8, sid, "play", 0, nil, "s")
	c.until(isStatus(CodePlayStart))
	start := time.Now()
	select {
	case <-sc.Context().Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a player that does not read is still connected after 5 s")
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("closed after %v, before the write timeout", d)
	}
	sc.wmu.Lock()
	err := sc.closeErr
	sc.wmu.Unlock()
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("close cause %v, want a write timeout", err)
	}
	if !eventually(2*time.Second, src.closed.Load) {
		t.Error("source not closed")
	}
}

// In flush mode the shard sends the idle PingRequests, and its goroutine
// ends when its last connection has gone.
func TestFlushModeIdlePingAndShardExit(t *testing.T) {
	srv, addr, _ := startServer(t, HandlerFunc(func(ResponseWriter, *Request) {}), func(s *Server) {
		s.WriteMergeWindow = 5 * time.Millisecond
		s.IdleTimeout = 400 * time.Millisecond
	})
	c := dialRaw(t, addr)
	c.connect("app")
	start := time.Now()
	c.until(func(m serverMsg) bool {
		if m.Type != message.TypeUserControl {
			return false
		}
		v, err := message.Decode(&m.Message)
		_, ok := v.(*message.PingRequest)
		return err == nil && ok
	})
	if d := time.Since(start); d > time.Second {
		t.Errorf("first PingRequest after %v; want one within IdleTimeout/2", d)
	}
	c.send(message.PingResponse{}, 0, 0)
	c.nc.Close()
	srv.flushMu.Lock()
	shards := srv.flushShards
	srv.flushMu.Unlock()
	if len(shards) == 0 {
		t.Fatal("no flush shard")
	}
	stopped := func() bool {
		for _, sh := range shards {
			sh.mu.Lock()
			running := sh.running
			sh.mu.Unlock()
			if running {
				return false
			}
		}
		return true
	}
	if !eventually(3*time.Second, stopped) {
		t.Fatal("a flush shard still runs after its connections closed")
	}
}

// In flush mode a player costs no writer goroutine, and its reader parks
// (Linux) or goes on in a fresh goroutine once the play has started: no
// goroutine or a small stack per player, not the 16 KiB of a reader and a
// writer that answered connect, createStream and play.
func TestFlushModePlayerStacks(t *testing.T) {
	const players = 200
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindPlay {
			w.SetSource(newSeqSource())
		}
	}), func(s *Server) { s.WriteMergeWindow = 20 * time.Millisecond })
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	g0 := runtime.NumGoroutine()
	clients := make([]*rawClient, players)
	for i := range clients {
		clients[i] = playSeq(t, addr)
	}
	time.Sleep(100 * time.Millisecond) // the short-lived writers finish
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	perGoroutines := float64(runtime.NumGoroutine()-g0) / players
	// Signed: stacks of earlier tests' goroutines may be freed meanwhile.
	perStack := float64(int64(after.StackInuse)-int64(before.StackInuse)) / players
	t.Logf("per player: %.2f goroutines, %.0f bytes of stack", perGoroutines, perStack)
	wantG, wantStack := 1.05, float64(6<<10) // the reader, restacked
	if canPark {
		wantG, wantStack = 0.05, 2<<10 // parked
	}
	if perGoroutines > wantG {
		t.Errorf("%.2f goroutines per player; want at most %.2f", perGoroutines, wantG)
	}
	if perStack > wantStack {
		t.Errorf("%.0f bytes of goroutine stack per player; want at most %.0f", perStack, wantStack)
	}
}

// TestWriterReleaseSignalsOnlyWaiters: giving the writer up signals the
// released channel when an acquireWriter waits, and leaves it alone when
// nobody does (the common case on every flush).
func TestWriterReleaseSignalsOnlyWaiters(t *testing.T) {
	c := &ServerConn{}
	c.w.released = make(chan struct{}, 1)
	c.w.state.Store(wOwned)
	c.releaseWriter()
	if len(c.w.released) != 0 {
		t.Fatal("release with nobody waiting signalled")
	}

	c.w.state.Store(wOwned)
	c.w.waiters.Store(1)
	c.releaseWriter()
	if len(c.w.released) != 1 {
		t.Fatal("release with a waiter did not signal")
	}
	<-c.w.released
	c.w.waiters.Store(0)

	c.w.state.Store(wOwned)
	got := make(chan struct{})
	go func() {
		c.acquireWriter()
		close(got)
	}()
	if !eventually(2*time.Second, func() bool { return c.w.waiters.Load() == 1 }) {
		t.Fatal("acquireWriter did not register as a waiter")
	}
	if c.w.state.Load() != wOwned {
		t.Fatal("acquireWriter took an owned writer")
	}
	c.releaseWriter()
	select {
	case <-got:
	case <-time.After(2 * time.Second):
		t.Fatal("acquireWriter did not take the released writer")
	}
	if s := c.w.state.Load(); s != wOwned {
		t.Fatalf("writer state %d after acquire, want owned", s)
	}
	if n := c.w.waiters.Load(); n != 0 {
		t.Fatalf("%d waiters left", n)
	}
}

// pollSeqSource is a seqSource that only answers polls: its Ready channel
// never receives a value, Pending tells whether items wait.
type pollSeqSource struct{ *seqSource }

func (s pollSeqSource) Ready() <-chan struct{} { return nil }

func (s pollSeqSource) Pending() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items) > 0
}

// In flush mode a PollableSource is polled once per window: tags queued
// after the play started arrive although Ready never fires.
func TestFlushModePollsPendingSource(t *testing.T) {
	const n, size = 60, 1000
	srcs := make(chan pollSeqSource, 1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindPlay {
			s := pollSeqSource{newSeqSource()}
			w.SetSource(s)
			srcs <- s
		}
	}), func(s *Server) { s.WriteMergeWindow = 10 * time.Millisecond })
	c := playSeq(t, addr)
	src := <-srcs
	go func() {
		for i := range n {
			src.push(i, size)
			time.Sleep(2 * time.Millisecond)
		}
	}()
	expectSeq(t, c, n, size)
}
