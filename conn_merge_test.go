package rtmp

import (
	"net"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// With a merge window, a player's media batches are at least the window
// apart, while a reply (here a PingResponse) goes out at once, taking the
// media held so far with it.
func TestWriteMergeWindow(t *testing.T) {
	const window = time.Second
	tws := make(chan *TagWriter, 1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindPlay {
			tws <- w.TagWriter(16)
		}
	}), func(s *Server) { s.WriteMergeWindow = window })
	c := dialRaw(t, addr)
	sid := c.connect("live")
	c.command(8, sid, "play", 0, nil, "x", -1000.0)
	c.until(isStatus(CodePlayStart))
	tw := <-tws
	video := func(ts uint32) {
		if err := tw.WriteTag(flv.Tag{Type: flv.TagVideo, Timestamp: ts, Data: []byte{0x17, 1, 0, 0, 0}}); err != nil {
			t.Fatal(err)
		}
	}
	isVideo := func(ts uint32) func(serverMsg) bool {
		return func(m serverMsg) bool { return m.Type == message.TypeVideo && m.Timestamp == ts }
	}

	video(0) // the first media batch goes out at once
	c.until(isVideo(0))
	t1 := time.Now()
	video(40) // held until the window has passed
	c.until(isVideo(40))
	if d := time.Since(t1); d < window/2 {
		t.Errorf("second media batch %v after the first; want about the window (%v)", d, window)
	}

	video(80) // held again...
	time.Sleep(20 * time.Millisecond)
	sent := time.Now()
	c.send(message.PingRequest{Timestamp: 7}, 0, 0) // ...but a reply is not
	c.until(func(m serverMsg) bool {
		return m.Type == message.TypeUserControl && len(m.Payload) >= 2 && m.Payload[1] == 7
	})
	if d := time.Since(sent); d > window/2 {
		t.Errorf("PingResponse took %v; want it at once, not after the merge window (%v)", d, window)
	}
	// The held media went out in the same batch as the reply.
	c.until(isVideo(80))
	if d := time.Since(sent); d > window/2 {
		t.Errorf("media held by the window came %v after the reply was asked for; want it with the reply", d)
	}
}

// The write deadline is refreshed only when less than the timeout remains,
// and every write keeps at least the full timeout.
func TestWriteDeadlineRefresh(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	d := writeDeadline{timeout: 10 * time.Second}
	d.refresh(a)
	first := d.at
	if left := time.Until(first); left < 14*time.Second || left > 15*time.Second {
		t.Fatalf("first deadline %v ahead; want 15s", left)
	}
	d.refresh(a)
	if !d.at.Equal(first) {
		t.Error("deadline moved although more than the timeout remained")
	}
	d.at = time.Now().Add(9 * time.Second) // less than the timeout left
	d.refresh(a)
	if left := time.Until(d.at); left < 14*time.Second {
		t.Errorf("deadline %v ahead after refresh; want 15s", left)
	}
	off := writeDeadline{}
	off.refresh(a)
	if !off.at.IsZero() {
		t.Error("a zero timeout set a deadline")
	}
}

func TestShrinkSlice(t *testing.T) {
	for _, tc := range []struct {
		len, cap int
		dropped  bool
	}{
		{0, 16, false},
		{10, 64, false},    // small: kept
		{64, 1024, true},   // a quarter or less of a large array: dropped
		{16, 128, true},    // likewise
		{300, 1024, false}, // well used: kept
	} {
		s := make([]int, tc.len, tc.cap)
		if got := shrinkSlice(s) == nil; got != tc.dropped {
			t.Errorf("len %d cap %d: dropped %v, want %v", tc.len, tc.cap, got, tc.dropped)
		}
	}
}
