package rtmp_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// TestClientPauseSeek pauses, resumes and seeks a play on our server,
// which resumes video at the next keyframe. (What a paused play drops
// depends on when the server's writer drains its queue, so it is not
// checked here.)
func TestClientPauseSeek(t *testing.T) {
	hub := newTestHub()
	srv := rtmptest.NewServer(t, hub, func(s *rtmp.Server) { s.Logger = discardLogger() })
	ctx := ctxT(t)
	statuses := make(chan string, 32)
	player, err := rtmp.Dial(ctx, srv.URL+"/live/p", &rtmp.ClientConfig{
		OnStatus: func(_ *rtmp.ClientConn, sid uint32, st message.Status) { statuses <- st.Code },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer player.Close()
	ps, err := player.Play(ctx, "p", rtmp.PlayLive, -1, false)
	if err != nil {
		t.Fatal(err)
	}
	<-hub.joined
	waitCode := func(code string) {
		t.Helper()
		for {
			select {
			case c := <-statuses:
				if c == code {
					return
				}
			case <-ctx.Done():
				t.Fatalf("no %s", code)
			}
		}
	}
	waitCode(rtmp.CodePlayStart)
	pub, err := rtmp.Dial(ctx, srv.URL+"/live/p", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	st, err := pub.Publish(ctx, "p", "live")
	if err != nil {
		t.Fatal(err)
	}
	key := func(ts uint32) flv.Tag {
		return flv.Tag{Type: flv.TagVideo, Timestamp: ts, Data: []byte{0x17, 1, 0, 0, 0, byte(ts)}}
	}
	inter := func(ts uint32) flv.Tag {
		return flv.Tag{Type: flv.TagVideo, Timestamp: ts, Data: []byte{0x27, 1, 0, 0, 0, byte(ts)}}
	}
	audio := func(ts uint32) flv.Tag {
		return flv.Tag{Type: flv.TagAudio, Timestamp: ts, Data: []byte{0xaf, 1, byte(ts)}}
	}
	write := func(tags ...flv.Tag) {
		t.Helper()
		for _, tag := range tags {
			if err := st.WriteTag(tag); err != nil {
				t.Fatal(err)
			}
		}
	}
	read := func(want flv.Tag) {
		t.Helper()
		got, err := ps.ReadTagContext(ctx)
		if err != nil || !sameTag(got, want) {
			t.Fatalf("ReadTag = %v ts %d %x, %v; want %v ts %d %x", got.Type, got.Timestamp, got.Data, err, want.Type, want.Timestamp, want.Data)
		}
	}
	write(key(0))
	read(key(0))

	if err := ps.Pause(); err != nil {
		t.Fatal(err)
	}
	waitCode(rtmp.CodePauseNotify)
	if err := ps.Resume(); err != nil {
		t.Fatal(err)
	}
	waitCode(rtmp.CodeUnpauseNotify)
	write(inter(30), key(40), audio(41)) // the inter frame waits for a keyframe
	read(key(40))
	read(audio(41))

	if err := ps.Seek(ctx, 5000); err != nil {
		t.Fatalf("Seek: %v", err)
	}
	if err := ps.SetBufferLength(1000); err != nil {
		t.Fatal(err)
	}
	write(key(60))
	read(key(60))
	// A publishing stream cannot be paused or read; a playing one not written.
	if err := st.Pause(); err != rtmp.ErrStreamMode {
		t.Errorf("Pause on a publishing stream = %v", err)
	}
	if err := ps.WriteTag(key(1)); err != rtmp.ErrStreamMode {
		t.Errorf("WriteTag on a playing stream = %v", err)
	}
}

// TestClientFCSubscribe: with Live (or Subscribe) set, Play sends
// FCSubscribe first; our server answers with onFCSubscribe.
func TestClientFCSubscribe(t *testing.T) {
	hub := newTestHub()
	srv := rtmptest.NewServer(t, hub, func(s *rtmp.Server) { s.Logger = discardLogger() })
	ctx := ctxT(t)
	for _, cfg := range []*rtmp.ClientConfig{{Live: true}, {Subscribe: "other"}} {
		c, err := rtmp.Dial(ctx, srv.URL+"/live/sub", cfg)
		if err != nil {
			t.Fatal(err)
		}
		sub := c.Expect("onFCSubscribe")
		if _, err := c.PlayURL(ctx); err != nil {
			t.Fatal(err)
		}
		args, err := sub.Wait(ctx)
		want := "sub"
		if cfg.Subscribe != "" {
			want = cfg.Subscribe
		}
		if st, ok := message.StatusOf(firstArg(args)); err != nil || !ok || st.Description != want {
			t.Errorf("onFCSubscribe = %v, %v; want description %q", args, err, want)
		}
		c.Close()
	}
}

func firstArg(a []any) any {
	if len(a) == 0 {
		return nil
	}
	return a[0]
}

// failAfterPlay is a connection whose writes fail once one has carried the
// play command and the server's answer has been read, as if the server had
// refused and closed at once.
type failAfterPlay struct {
	net.Conn
	armed    atomic.Bool
	answered chan struct{} // closed by the test's OnStatus
}

func (c *failAfterPlay) Write(b []byte) (int, error) {
	if c.armed.Load() {
		<-c.answered
		// OnStatus runs just before the read loop hands the status to
		// the stream: give it the moment it needs.
		time.Sleep(100 * time.Millisecond)
		return 0, net.ErrClosed
	}
	if bytes.Contains(b, []byte("\x02\x00\x04play")) {
		c.armed.Store(true)
	}
	return c.Conn.Write(b)
}

// TestClientPlayRefusedThenClosed: a server's error status wins over the
// failed write (SetBufferLength) that followed it.
func TestClientPlayRefusedThenClosed(t *testing.T) {
	h := rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind == rtmp.KindPlay {
			w.Reject(&rtmp.StatusError{Code: rtmp.CodePlayStreamNotFound, Description: "no such stream"})
		}
	})
	srv := rtmptest.NewServer(t, h, func(s *rtmp.Server) { s.Logger = discardLogger() })
	ctx := ctxT(t)
	answered := make(chan struct{})
	var once sync.Once
	c, err := rtmp.Dial(ctx, srv.URL+"/live/x", &rtmp.ClientConfig{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			var d net.Dialer
			nc, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &failAfterPlay{Conn: nc, answered: answered}, nil
		},
		OnStatus: func(_ *rtmp.ClientConn, sid uint32, st message.Status) {
			if sid != 0 {
				once.Do(func() { close(answered) })
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Play(ctx, "x", rtmp.PlayLive, -1, false)
	var se *rtmp.StatusError
	if !errors.As(err, &se) || se.Code != rtmp.CodePlayStreamNotFound {
		t.Fatalf("Play = %v, want the server's %s", err, rtmp.CodePlayStreamNotFound)
	}
}
