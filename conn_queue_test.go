package rtmp

import (
	"bytes"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/message"
)

// queueStats returns the messages and payload bytes waiting for sc's writer.
func queueStats(sc *ServerConn) (int, int) {
	sc.wmu.Lock()
	defer sc.wmu.Unlock()
	b := 0
	for _, m := range sc.wq {
		b += len(m.m.Payload)
	}
	return len(sc.wq), b
}

// A client that sends calls with 4 KB method names and pings but never
// reads must not make the server queue unbounded replies: the read loop
// stops reading once half the queue limit waits for the writer.
func TestServerBoundsRepliesToNonReader(t *testing.T) {
	conns := make(chan *ServerConn, 1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindConnect {
			conns <- r.Conn
		}
	}))
	c := dialRaw(t, addr)
	c.nc.(*net.TCPConn).SetReadBuffer(4096)
	c.connect("app")
	sc := <-conns

	// One batch of calls and pings, written raw until the server stops reading.
	var batch bytes.Buffer
	w := chunk.NewWriter(&batch)
	name := strings.Repeat("x", 4000)
	for i := 0; i < 64; i++ {
		m, err := encodeCommand(3, 0, false, name, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		w.WriteMessage(&m)
		cm, _ := message.Encode(message.PingRequest{Timestamp: uint32(i)}, 0, 0)
		w.WriteMessage(cm)
	}
	c.nc.SetWriteDeadline(time.Now().Add(2 * time.Second))
	maxN, maxB := 0, 0
	for {
		if _, err := c.nc.Write(batch.Bytes()); err != nil {
			break // the server stopped reading: our write timed out
		}
		n, b := queueStats(sc)
		maxN, maxB = max(maxN, n), max(maxB, b)
	}
	n, b := queueStats(sc)
	maxN, maxB = max(maxN, n), max(maxB, b)
	t.Logf("largest queue seen: %d messages, %d bytes", maxN, maxB)
	if maxB > DefaultMaxQueuedBytes+8<<10 || maxN > DefaultMaxQueuedMessages+1 {
		t.Errorf("queue grew to %d messages / %d bytes for a client that does not read (limits %d / %d)",
			maxN, maxB, DefaultMaxQueuedMessages, DefaultMaxQueuedBytes)
	}
}

// PingResponses and Acknowledgements waiting for the writer are coalesced:
// only the latest of each is kept.
func TestServerCoalescesPingAndAck(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	sc := newServerConn(&Server{Logger: quietLogger()}, a) // no writer: everything stays queued
	sc.queueMsg(message.StreamBegin{StreamID: 1}, 0, 0)
	for i := uint32(1); i <= 1000; i++ {
		sc.queueMsg(message.PingResponse{Timestamp: i}, 0, 0)
		sc.queueMsg(message.Acknowledgement{SequenceNumber: 10 * i}, 0, 0)
	}
	sc.queueMsg(message.StreamEOF{StreamID: 1}, 0, 0)
	var got []message.Message
	for i := range sc.wq {
		m, err := message.Decode(&sc.wq[i].m)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
	}
	want := []message.Message{
		&message.StreamBegin{StreamID: 1},
		&message.PingResponse{Timestamp: 1000},
		&message.Acknowledgement{SequenceNumber: 10000},
		&message.StreamEOF{StreamID: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("queued %d messages %v, want %v", len(got), got, want)
	}
	for i := range want {
		if !equalMsg(got[i], want[i]) {
			t.Errorf("queued[%d] = %#v, want %#v", i, got[i], want[i])
		}
	}
	if _, bytes := queueStats(sc); bytes != sc.wqBytes {
		t.Errorf("wqBytes = %d, want %d", sc.wqBytes, bytes)
	}
}

func equalMsg(a, b message.Message) bool {
	switch a := a.(type) {
	case *message.StreamBegin:
		b, ok := b.(*message.StreamBegin)
		return ok && *a == *b
	case *message.StreamEOF:
		b, ok := b.(*message.StreamEOF)
		return ok && *a == *b
	case *message.PingResponse:
		b, ok := b.(*message.PingResponse)
		return ok && *a == *b
	case *message.Acknowledgement:
		b, ok := b.(*message.Acknowledgement)
		return ok && *a == *b
	}
	return false
}

// A queue that reaches its limit from outside the read loop (here: direct
// queueing, as Call does) closes the connection with ErrPeerNotReading.
func TestServerQueueLimitClosesConn(t *testing.T) {
	for _, tc := range []struct {
		name      string
		maxMsgs   int
		maxBytes  int
		payload   int
		queued    int // messages accepted before the limit
		unlimited bool
	}{
		{name: "messages", maxMsgs: 3, payload: 10, queued: 3},
		{name: "bytes", maxBytes: 100, payload: 40, queued: 3},
		{name: "no limit", maxMsgs: -1, maxBytes: -1, payload: 1 << 10, queued: 5000, unlimited: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := net.Pipe()
			defer a.Close()
			defer b.Close()
			srv := &Server{MaxQueuedMessages: tc.maxMsgs, MaxQueuedBytes: tc.maxBytes, Logger: quietLogger()}
			sc := newServerConn(srv, a)
			om := outMsg{m: chunk.Message{CSID: 3, Type: message.TypeCommandAMF0, Payload: make([]byte, tc.payload)}}
			for i := 0; i < tc.queued; i++ {
				sc.queue(om)
				if sc.isClosed.Load() {
					t.Fatalf("closed after %d messages", i+1)
				}
			}
			sc.queue(om)
			if tc.unlimited {
				if sc.isClosed.Load() {
					t.Fatal("closed with no limit")
				}
				return
			}
			if !sc.isClosed.Load() || sc.closeErr != ErrPeerNotReading {
				t.Fatalf("closed=%v err=%v, want closed with ErrPeerNotReading", sc.isClosed.Load(), sc.closeErr)
			}
			if n, _ := queueStats(sc); n != tc.queued {
				t.Errorf("queue holds %d, want %d", n, tc.queued)
			}
		})
	}
}

// Pipelined calls get every reply, in order, even with a tiny queue limit
// (the read loop waits for the writer rather than dropping or closing), and
// the _error echoes at most a short prefix of a huge method name.
func TestServerPipelinedCallsWithSmallQueue(t *testing.T) {
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {}), func(s *Server) {
		s.MaxQueuedMessages = 4
	})
	c := dialRaw(t, addr)
	c.connect("app")
	const n = 2000
	name := strings.Repeat("é", 2000)
	errc := make(chan error, 1)
	go func() {
		var batch bytes.Buffer
		w := chunk.NewWriter(&batch)
		for i := 1; i <= n; i++ {
			m, _ := encodeCommand(3, 0, false, name, float64(10+i), nil)
			w.WriteMessage(&m)
		}
		_, err := c.nc.Write(batch.Bytes())
		errc <- err
	}()
	for i := 1; i <= n; i++ {
		msgs := c.until(isCmd("_error"))
		m := msgs[len(msgs)-1]
		if m.cmd.TransactionID != float64(10+i) {
			t.Fatalf("reply %d has txn %v, want %d", i, m.cmd.TransactionID, 10+i)
		}
		if i == 1 {
			desc := prop(m.cmd.Args[0], "description")
			if len(desc) > 100 || !strings.HasPrefix(desc, "Method not found (éé") || !strings.HasSuffix(desc, "...).") {
				t.Errorf("description %q (%d bytes), want a clipped name", desc, len(desc))
			}
		}
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}
