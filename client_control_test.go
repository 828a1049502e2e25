package rtmp_test

import (
	"errors"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/message"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// TestClientControl takes the server side of a play over with Hijack and
// checks the client's answers to the control traffic: acknowledgements at
// the announced window, ping responses, SWF verification, _checkbw after
// onBWDone, and the onStatus-driven stream end.
func TestClientControl(t *testing.T) {
	type hijacked struct {
		raw *rtmp.RawConn
		sid uint32
	}
	got := make(chan hijacked, 1)
	srv := rtmptest.NewServer(t, rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind == rtmp.KindPlay {
			raw, err := w.Hijack()
			if err != nil {
				t.Errorf("Hijack: %v", err)
				return
			}
			got <- hijacked{raw, r.StreamID}
		}
	}))
	ctx := ctxT(t)
	swfHash := make([]byte, 32)
	for i := range swfHash {
		swfHash[i] = byte(i)
	}
	c, err := rtmp.Dial(ctx, srv.URL+"/app/s", &rtmp.ClientConfig{SWFVfy: true, SWFHash: swfHash, SWFSize: 123456})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	type playRes struct {
		s   *rtmp.Stream
		err error
	}
	pc := make(chan playRes, 1)
	go func() { s, err := c.Play(ctx, "s", 0, -1, false); pc <- playRes{s, err} }()
	h := <-got
	raw, sid := h.raw, h.sid
	defer raw.Close()
	send := func(m message.Message, sid uint32) {
		t.Helper()
		if err := raw.Write(m, sid, 0); err != nil {
			t.Fatal(err)
		}
	}
	// expect reads client messages until one matches.
	expect := func(what string, ok func(message.Message) bool) {
		t.Helper()
		raw.NetConn().SetReadDeadline(time.Now().Add(5 * time.Second))
		for {
			m, err := raw.ReadMessage()
			if err != nil {
				t.Fatalf("waiting for %s: %v", what, err)
			}
			msg, err := message.Decode(m)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if ok(msg) {
				return
			}
		}
	}
	send(message.NewOnStatus(message.Status{Level: "status", Code: rtmp.CodePlayStart, Description: "go"}), sid)
	if r := <-pc; r.err != nil {
		t.Fatalf("Play: %v", r.err)
	} else {
		defer r.s.Close()
		// Acknowledgements: window 1000, 5 x 600 bytes of video.
		send(message.WindowAckSize{Size: 1000}, 0)
		for i := 0; i < 5; i++ {
			if err := raw.WriteMessage(&chunk.Message{CSID: 7, Type: message.TypeVideo, StreamID: sid, Timestamp: uint32(i * 40), Payload: make([]byte, 600)}); err != nil {
				t.Fatal(err)
			}
		}
		expect("Acknowledgement", func(m message.Message) bool {
			a, ok := m.(*message.Acknowledgement)
			return ok && a.SequenceNumber >= 1000
		})
		for i := 0; i < 5; i++ {
			if tag, err := r.s.ReadTagContext(ctx); err != nil || len(tag.Data) != 600 || tag.Timestamp != uint32(i*40) {
				t.Fatalf("ReadTag %d = %d bytes ts %d, %v", i, len(tag.Data), tag.Timestamp, err)
			}
		}
		send(message.PingRequest{Timestamp: 777}, 0)
		expect("PingResponse", func(m message.Message) bool {
			p, ok := m.(*message.PingResponse)
			return ok && p.Timestamp == 777
		})
		send(message.SWFVerifyRequest{}, 0)
		expect("SWFVerify", func(m message.Message) bool {
			v, ok := m.(*message.SWFVerify)
			return ok && v.SWFSize() == 123456 && v.Blob[0] == 1 && v.Blob[1] == 1
		})
		send(&message.Command{Name: message.CommandOnBWDone, Args: []any{nil, 8192.0}}, 0)
		expect("_checkbw", func(m message.Message) bool {
			cmd, ok := m.(*message.Command)
			return ok && cmd.Name == message.CommandCheckBW
		})
		send(message.NewOnStatus(message.Status{Level: "error", Code: rtmp.CodePlayFailed, Description: "disk on fire"}), sid)
		_, err := r.s.ReadTagContext(ctx)
		var se *rtmp.StatusError
		if !errors.As(err, &se) || se.Code != rtmp.CodePlayFailed || se.Description != "disk on fire" {
			t.Fatalf("ReadTag after Play.Failed = %v", err)
		}
	}
}
