package rtmp_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/message"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// ucEnv is one scripted play: the server side is hijacked, the client
// side is a playing Stream.
type ucEnv struct {
	t      *testing.T
	ctx    context.Context
	raw    *rtmp.RawConn
	sid    uint32
	s      *rtmp.Stream
	events chan string // OnUserControl, as "Type(value)"
}

func (e *ucEnv) send(m message.Message) {
	e.t.Helper()
	if err := e.raw.Write(m, e.sid, 0); err != nil {
		e.t.Fatal(err)
	}
}

func (e *ucEnv) status(code string) {
	e.t.Helper()
	e.send(message.NewOnStatus(message.Status{Level: "status", Code: code, Description: code}))
}

func (e *ucEnv) video(ts uint32) {
	e.t.Helper()
	m := &chunk.Message{CSID: 7, Type: message.TypeVideo, StreamID: e.sid, Timestamp: ts, Payload: []byte{0x17, 1, 0, 0, 0, byte(ts)}}
	if err := e.raw.WriteMessage(m); err != nil {
		e.t.Fatal(err)
	}
}

// read expects the next tag to be the video tag of timestamp ts.
func (e *ucEnv) read(ts uint32) {
	e.t.Helper()
	tag, err := e.s.ReadTagContext(e.ctx)
	if err != nil || tag.Timestamp != ts {
		e.t.Fatalf("ReadTag = ts %d, %v; want ts %d", tag.Timestamp, err, ts)
	}
}

func (e *ucEnv) eof() {
	e.t.Helper()
	if tag, err := e.s.ReadTagContext(e.ctx); err != io.EOF {
		e.t.Fatalf("ReadTag = ts %d, %v; want io.EOF", tag.Timestamp, err)
	}
}

// open expects the play to wait for more (a ping round trip first, so
// that whatever the server sent before has been handled).
func (e *ucEnv) open() {
	e.t.Helper()
	e.sync()
	ctx, cancel := context.WithTimeout(e.ctx, 100*time.Millisecond)
	defer cancel()
	if tag, err := e.s.ReadTagContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
		e.t.Fatalf("ReadTag = ts %d, %v; want the play still waiting", tag.Timestamp, err)
	}
}

// sync sends a ping and waits for the client's answer: the client has
// handled everything sent before.
func (e *ucEnv) sync() {
	e.t.Helper()
	if err := e.raw.Write(message.PingRequest{Timestamp: 99}, 0, 0); err != nil {
		e.t.Fatal(err)
	}
	e.raw.NetConn().SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		m, err := e.raw.ReadMessage()
		if err != nil {
			e.t.Fatalf("waiting for the ping response: %v", err)
		}
		if msg, err := message.Decode(m); err == nil {
			if p, ok := msg.(*message.PingResponse); ok && p.Timestamp == 99 {
				return
			}
		}
	}
}

// expectCommand reads client messages until the command name arrives.
func (e *ucEnv) expectCommand(name string) {
	e.t.Helper()
	e.raw.NetConn().SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		m, err := e.raw.ReadMessage()
		if err != nil {
			e.t.Fatalf("waiting for %s: %v", name, err)
		}
		if msg, err := message.Decode(m); err == nil {
			if c, ok := msg.(*message.Command); ok && c.Name == name {
				return
			}
		}
	}
}

// TestClientPlayEnd scripts the server's side of a play and checks when
// the Stream reports the end (io.EOF after the queued tags) and what
// OnUserControl sees.
func TestClientPlayEnd(t *testing.T) {
	tests := []struct {
		name   string
		wait   bool // ClientConfig.WaitRepublish
		script func(e *ucEnv)
		events []string
	}{
		{"StreamEOF ends a live play (nginx-rtmp)", false, func(e *ucEnv) {
			e.video(0)
			e.video(40)
			e.send(message.StreamEOF{StreamID: e.sid})
			e.read(0)
			e.read(40)
			e.eof()
		}, []string{"StreamEOF(1)"}},
		{"StreamEOF with WaitRepublish", true, func(e *ucEnv) {
			e.video(0)
			e.send(message.StreamEOF{StreamID: e.sid})
			e.read(0)
			e.open()
			e.send(message.StreamBegin{StreamID: e.sid})
			e.video(500)
			e.read(500)
			e.status(rtmp.CodePlayStop)
			e.eof()
		}, []string{"StreamEOF(1)", "PingRequest(99)", "StreamBegin(1)"}},
		{"UnpublishNotify ends a live play", false, func(e *ucEnv) {
			e.video(0)
			e.status(rtmp.CodePlayUnpublishNotify)
			e.read(0)
			e.eof()
		}, nil},
		{"UnpublishNotify with WaitRepublish, then PublishNotify", true, func(e *ucEnv) {
			e.video(0)
			e.status(rtmp.CodePlayUnpublishNotify)
			e.send(message.StreamEOF{StreamID: e.sid}) // our server's order
			e.read(0)
			e.open()
			e.send(message.StreamBegin{StreamID: e.sid})
			e.status(rtmp.CodePlayPublishNotify)
			e.video(900)
			e.read(900)
		}, []string{"StreamEOF(1)", "PingRequest(99)", "StreamBegin(1)"}},
		{"recorded: StreamEOF waits for Play.Stop", false, func(e *ucEnv) {
			e.send(message.StreamIsRecorded{StreamID: e.sid})
			e.video(0)
			e.send(message.StreamEOF{StreamID: e.sid})
			e.read(0)
			e.open()
			e.status(rtmp.CodePlayStop)
			e.eof()
		}, []string{"StreamIsRecorded(1)", "StreamEOF(1)", "PingRequest(99)"}},
		{"StreamEOF answering pause does not end", false, func(e *ucEnv) {
			if err := e.s.Pause(); err != nil {
				e.t.Fatal(err)
			}
			e.expectCommand(message.CommandPause)
			e.send(message.StreamEOF{StreamID: e.sid})
			e.status(rtmp.CodePauseNotify)
			e.open()
			if err := e.s.Resume(); err != nil {
				e.t.Fatal(err)
			}
			e.expectCommand(message.CommandPause)
			e.send(message.StreamBegin{StreamID: e.sid})
			e.status(rtmp.CodeUnpauseNotify)
			e.video(80)
			e.read(80)
			e.send(message.StreamEOF{StreamID: e.sid}) // now the publisher left
			e.eof()
		}, []string{"StreamEOF(1)", "PingRequest(99)", "StreamBegin(1)", "StreamEOF(1)"}},
		{"StreamEOF answering seek does not end", false, func(e *ucEnv) {
			done := make(chan error, 1)
			go func() { done <- e.s.Seek(e.ctx, 2000) }()
			e.expectCommand(message.CommandSeek)
			e.send(message.StreamEOF{StreamID: e.sid})
			e.status(rtmp.CodeSeekNotify)
			e.send(message.StreamBegin{StreamID: e.sid})
			if err := <-done; err != nil {
				e.t.Fatalf("Seek: %v", err)
			}
			e.video(2000)
			e.read(2000)
			e.open()
		}, []string{"StreamEOF(1)", "StreamBegin(1)", "PingRequest(99)"}},
		{"other streams and events", false, func(e *ucEnv) {
			e.send(message.StreamEOF{StreamID: e.sid + 1})
			e.send(message.StreamDry{StreamID: e.sid})
			e.send(message.BufferEmpty{StreamID: e.sid})
			e.video(0)
			e.read(0)
			e.open()
		}, []string{"StreamEOF(2)", "StreamDry(1)", "BufferEmpty(1)", "PingRequest(99)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := make(chan *rtmp.RawConn, 1)
			srv := rtmptest.NewServer(t, rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
				if r.Kind == rtmp.KindPlay {
					raw, err := w.Hijack()
					if err != nil {
						t.Errorf("Hijack: %v", err)
						return
					}
					got <- raw
				}
			}), func(s *rtmp.Server) { s.Logger = discardLogger() })
			ctx := ctxT(t)
			events := make(chan string, 64)
			c, err := rtmp.Dial(ctx, srv.URL+"/app/s", &rtmp.ClientConfig{
				WaitRepublish: tc.wait,
				Logger:        discardLogger(),
				OnUserControl: func(_ *rtmp.ClientConn, ev message.UserControl) {
					events <- eventString(ev)
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			type playRes struct {
				s   *rtmp.Stream
				err error
			}
			pc := make(chan playRes, 1)
			go func() { s, err := c.Play(ctx, "s", rtmp.PlayLive, -1, false); pc <- playRes{s, err} }()
			raw := <-got
			defer raw.Close()
			e := &ucEnv{t: t, ctx: ctx, raw: raw, sid: 1, events: events}
			// A StreamEOF before the play started is not its end.
			e.send(message.StreamEOF{StreamID: e.sid})
			e.status(rtmp.CodePlayStart)
			r := <-pc
			if r.err != nil {
				t.Fatalf("Play: %v", r.err)
			}
			if r.s.ID() != e.sid {
				t.Fatalf("stream id %d, want %d", r.s.ID(), e.sid)
			}
			e.s = r.s
			tc.script(e)
			e.sync()
			want := append([]string{"StreamEOF(1)"}, tc.events...)
			want = append(want, "PingRequest(99)")
			// The callback runs after the ping was answered: wait for it.
			var evs []string
			for timeout := time.After(2 * time.Second); len(evs) < len(want); {
				select {
				case ev := <-events:
					evs = append(evs, ev)
				case <-timeout:
					t.Fatalf("OnUserControl saw only %q, want %q", evs, want)
				}
			}
			if len(events) > 0 {
				evs = append(evs, <-events)
			}
			if !slices.Equal(evs, want) {
				t.Errorf("OnUserControl saw %q, want %q", evs, want)
			}
		})
	}
}

// eventString names a user control event and its value.
func eventString(ev message.UserControl) string {
	switch v := ev.(type) {
	case *message.StreamBegin:
		return fmt.Sprintf("StreamBegin(%d)", v.StreamID)
	case *message.StreamEOF:
		return fmt.Sprintf("StreamEOF(%d)", v.StreamID)
	case *message.StreamDry:
		return fmt.Sprintf("StreamDry(%d)", v.StreamID)
	case *message.StreamIsRecorded:
		return fmt.Sprintf("StreamIsRecorded(%d)", v.StreamID)
	case *message.BufferEmpty:
		return fmt.Sprintf("BufferEmpty(%d)", v.StreamID)
	case *message.PingRequest:
		return fmt.Sprintf("PingRequest(%d)", v.Timestamp)
	}
	return fmt.Sprintf("%T", ev)
}
