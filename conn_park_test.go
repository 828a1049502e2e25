package rtmp

import (
	"bytes"
	"errors"
	"net"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/message"
)

// closingSource is a seqSource that records its Close.
type closingSource struct {
	*seqSource
	closed atomic.Bool
}

func (s *closingSource) Close() error { s.closed.Store(true); return nil }

// startParkServer starts a flush-mode server whose plays get a
// closingSource, sent on the returned channel with the connection.
func startParkServer(t *testing.T, fn ...func(*Server)) (*Server, string, chan *closingSource, chan *ServerConn) {
	t.Helper()
	srcs := make(chan *closingSource, 4)
	conns := make(chan *ServerConn, 4)
	opts := append([]func(*Server){func(s *Server) { s.WriteMergeWindow = 10 * time.Millisecond }}, fn...)
	srv, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		switch r.Kind {
		case KindConnect:
			conns <- r.Conn
		case KindPlay:
			s := &closingSource{seqSource: newSeqSource()}
			w.SetSource(s)
			srcs <- s
		}
	}), opts...)
	return srv, addr, srcs, conns
}

// waitParked waits until sc's read side is parked (on platforms that park).
func waitParked(t *testing.T, sc *ServerConn) {
	t.Helper()
	if !canPark {
		return
	}
	if !eventually(3*time.Second, func() bool { return sc.park.state.Load() == readParked }) {
		t.Fatal("the player's reader did not park")
	}
}

// waitClosed waits for src's Close and sc's end.
func waitClosed(t *testing.T, sc *ServerConn, src *closingSource, within time.Duration) {
	t.Helper()
	select {
	case <-sc.Context().Done():
	case <-time.After(within):
		t.Fatalf("connection still open after %v", within)
	}
	if !eventually(within, src.closed.Load) {
		t.Fatal("the Source was not closed")
	}
}

// A parked player that sends a command is read at once: the reply comes
// within a few milliseconds, not a merge window later, and it parks again.
func TestParkedReaderResumes(t *testing.T) {
	_, addr, srcs, conns := startParkServer(t, func(s *Server) { s.WriteMergeWindow = time.Second })
	c := dialRaw(t, addr)
	sid := c.connect("app")
	sc := <-conns
	c.command(8, sid, "play", 0, nil, "s")
	c.until(isStatus(CodePlayStart))
	src := <-srcs
	waitParked(t, sc)
	for i := range 3 {
		start := time.Now()
		c.send(message.PingRequest{Timestamp: uint32(100 + i)}, 0, 0)
		c.until(func(m serverMsg) bool {
			return m.Type == message.TypeUserControl && len(m.Payload) >= 6 && m.Payload[5] == byte(100+i)
		})
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("PingResponse %d took %v from a parked reader", i, d)
		}
		waitParked(t, sc)
	}
	// Media still flows to the parked player.
	src.push(0, 100)
	expectSeq(t, c, 1, 100)
}

// The server notices a parked player hanging up, and ends its play.
func TestParkedReaderPeerClose(t *testing.T) {
	srv, addr, srcs, conns := startParkServer(t)
	c := playSeq(t, addr)
	sc := <-conns
	src := <-srcs
	waitParked(t, sc)
	c.nc.Close()
	waitClosed(t, sc, src, 3*time.Second)
	tracked := func() int {
		srv.mu.Lock()
		defer srv.mu.Unlock()
		return len(srv.conns)
	}
	if !eventually(3*time.Second, func() bool { return tracked() == 0 }) {
		t.Fatalf("%d connections still tracked", tracked())
	}
}

// Closing a parked connection on the server (Close, Server.Close) ends it
// as if its read loop had been running.
func TestParkedReaderServerClose(t *testing.T) {
	srv, addr, srcs, conns := startParkServer(t)
	playSeq(t, addr)
	sc := <-conns
	src := <-srcs
	waitParked(t, sc)
	sc.Close()
	waitClosed(t, sc, src, 3*time.Second)

	c2 := playSeq(t, addr)
	sc2 := <-conns
	src2 := <-srcs
	waitParked(t, sc2)
	srv.Close()
	waitClosed(t, sc2, src2, 3*time.Second)
	c2.nc.SetReadDeadline(time.Now().Add(3 * time.Second))
	for {
		if _, err := c2.next(); err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatal("the client's connection stayed open after Server.Close")
			}
			break
		}
	}
	// With its last connection the shard closes its epoll set, and the
	// set's wait loop ends.
	noPoller := func() bool {
		buf := make([]byte, 1<<20)
		return !bytes.Contains(buf[:runtime.Stack(buf, true)], []byte("(*poller).loop"))
	}
	if canPark && !eventually(3*time.Second, noPoller) {
		t.Error("the parked readers' wait loop still runs after Server.Close")
	}
}

// A parked player that stops answering pings is disconnected after
// IdleTimeout; one that answers stays.
func TestParkedReaderIdleTimeout(t *testing.T) {
	const idle = 300 * time.Millisecond
	_, addr, srcs, conns := startParkServer(t, func(s *Server) { s.IdleTimeout = idle })
	silent := playSeq(t, addr)
	scSilent, srcSilent := <-conns, <-srcs
	alive := playSeq(t, addr)
	scAlive := <-conns
	<-srcs
	waitParked(t, scSilent)
	stop := make(chan struct{})
	defer close(stop)
	go func() { // answer every PingRequest
		for {
			m, err := alive.next()
			if err != nil {
				return
			}
			if m.Type == message.TypeUserControl {
				if v, err := message.Decode(&m.Message); err == nil {
					if p, ok := v.(*message.PingRequest); ok {
						select {
						case <-stop:
							return
						default:
						}
						alive.send(message.PingResponse{Timestamp: p.Timestamp}, 0, 0)
					}
				}
			}
		}
	}()
	start := time.Now()
	waitClosed(t, scSilent, srcSilent, 3*time.Second)
	if d := time.Since(start); d < idle/2 {
		t.Errorf("silent player closed after %v, before IdleTimeout %v", d, idle)
	}
	_ = silent
	time.Sleep(4 * idle)
	select {
	case <-scAlive.Context().Done():
		t.Fatal("a player answering pings was disconnected")
	default:
	}
}
