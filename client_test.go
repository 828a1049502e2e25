package rtmp_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// testTags returns a synthetic A/V session: metadata, AVC and AAC sequence
// headers, key and inter frames, a non-metadata script tag, an empty audio
// keep-alive, a tag larger than the chunk size, and timestamps beyond the
// 24-bit field (extended timestamps).
func testTags(t testing.TB) []flv.Tag {
	t.Helper()
	md, err := flv.AppendScript(nil, flv.OnMetaData, amf0.ECMAArray{
		{Key: "duration", Value: 12.5}, {Key: "width", Value: 640.0}, {Key: "videocodecid", Value: 7.0},
	})
	if err != nil {
		t.Fatal(err)
	}
	text, err := flv.AppendScript(nil, "onTextData", amf0.Object{{Key: "text", Value: "hello"}})
	if err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 20000)
	for i := range big {
		big[i] = byte(i * 7)
	}
	big = append([]byte{0x17, 1, 0, 0, 0x21}, big...)
	return []flv.Tag{
		{Type: flv.TagScript, Timestamp: 0, Data: md},
		{Type: flv.TagVideo, Timestamp: 0, Data: []byte{0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1f, 0xff}},
		{Type: flv.TagAudio, Timestamp: 0, Data: []byte{0xaf, 0, 0x12, 0x10}},
		{Type: flv.TagVideo, Timestamp: 0, Data: []byte{0x17, 1, 0, 0, 0, 0, 0, 0, 2, 0x65, 0x88}},
		{Type: flv.TagAudio, Timestamp: 23, Data: []byte{0xaf, 1, 0x21, 0x22, 0x23}},
		{Type: flv.TagVideo, Timestamp: 40, Data: []byte{0x27, 1, 0, 0, 0x50, 0, 0, 0, 2, 0x41, 0x9a}},
		{Type: flv.TagScript, Timestamp: 41, Data: text},
		{Type: flv.TagAudio, Timestamp: 46, Data: []byte{}},
		{Type: flv.TagVideo, Timestamp: 80, Data: big},
		{Type: flv.TagAudio, Timestamp: 0x1000000, Data: []byte{0xaf, 1, 0x31}},
		{Type: flv.TagVideo, Timestamp: 0x1000005, Data: []byte{0x27, 1, 0, 0, 0, 0, 0, 0, 1, 0x41}},
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// stateLog records a connection's state changes.
type stateLog struct {
	mu     sync.Mutex
	states []rtmp.ClientState
}

func (l *stateLog) add(_ *rtmp.ClientConn, s rtmp.ClientState) {
	l.mu.Lock()
	l.states = append(l.states, s)
	l.mu.Unlock()
}

func (l *stateLog) get() []rtmp.ClientState {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]rtmp.ClientState(nil), l.states...)
}

func sameTag(a, b flv.Tag) bool {
	return a.Type == b.Type && a.Timestamp == b.Timestamp && bytes.Equal(a.Data, b.Data)
}

func TestClientPublishPlay(t *testing.T) {
	hub := newTestHub()
	srv := rtmptest.NewServer(t, hub)
	ctx := ctxT(t)
	tags := testTags(t)

	var playStates, pubStates stateLog
	var mdMu sync.Mutex
	var mdSeen any
	player, err := rtmp.Dial(ctx, srv.URL+"/live/cam", &rtmp.ClientConfig{
		OnState:    playStates.add,
		OnMetadata: func(_ *rtmp.Stream, md any) { mdMu.Lock(); mdSeen = md; mdMu.Unlock() },
	})
	if err != nil {
		t.Fatalf("Dial player: %v", err)
	}
	defer player.Close()
	if info := player.ConnectInfo(); info.FMSVer != "FMS/3,0,1,123" || info.Capabilities != 31 || info.Status.Code != rtmp.CodeConnectSuccess {
		t.Errorf("connect info = %+v", info)
	}
	ps, err := player.Play(ctx, "cam", rtmp.PlayLive, -1, false)
	if err != nil {
		t.Fatalf("Play: %v", err)
	}
	if got := player.State(); got != rtmp.StatePlaying {
		t.Errorf("player state %v, want playing", got)
	}
	<-hub.joined

	pub, err := rtmp.Dial(ctx, srv.URL+"/live/cam", &rtmp.ClientConfig{OnState: pubStates.add})
	if err != nil {
		t.Fatalf("Dial publisher: %v", err)
	}
	defer pub.Close()
	st, err := pub.Publish(ctx, "cam", "live")
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	if got := pub.State(); got != rtmp.StatePublishing {
		t.Errorf("publisher state %v, want publishing", got)
	}
	for _, tag := range tags {
		if err := st.WriteTag(tag); err != nil {
			t.Fatalf("WriteTag: %v", err)
		}
	}
	for i, want := range tags {
		got, err := ps.ReadTagContext(ctx)
		if err != nil {
			t.Fatalf("ReadTag %d: %v", i, err)
		}
		if !sameTag(got, want) {
			t.Fatalf("tag %d = type %d ts %d len %d, want type %d ts %d len %d", i, got.Type, got.Timestamp, len(got.Data), want.Type, want.Timestamp, len(want.Data))
		}
	}
	if d, ok := ps.Duration(); !ok || d != 12.5 {
		t.Errorf("Duration = %v, %v; want 12.5", d, ok)
	}
	mdMu.Lock()
	if w, _ := message.NumberProperty(mdSeen, "width"); w != 640 {
		t.Errorf("OnMetadata width = %v", w)
	}
	mdMu.Unlock()
	// What the server's sink received is exactly what was written.
	hub.mu.Lock()
	recv := hub.got["cam"]
	hub.mu.Unlock()
	if len(recv) != len(tags) {
		t.Fatalf("server got %d tags, want %d", len(recv), len(tags))
	}
	for i := range tags {
		if !sameTag(recv[i], tags[i]) {
			t.Errorf("server tag %d differs", i)
		}
	}
	// Unpublish: the hub ends the play, the player sees io.EOF.
	if err := st.Close(); err != nil {
		t.Fatalf("stream Close: %v", err)
	}
	if _, err := ps.ReadTagContext(ctx); err != io.EOF {
		t.Fatalf("ReadTag after unpublish = %v, want io.EOF", err)
	}
	pub.Close()
	player.Close()
	want := []rtmp.ClientState{rtmp.StateHandshaking, rtmp.StateConnecting, rtmp.StateConnected, rtmp.StatePublishing, rtmp.StateConnected, rtmp.StateDisconnected}
	if got := pubStates.get(); !equalStates(got, want) {
		t.Errorf("publisher states %v, want %v", got, want)
	}
	if got := playStates.get(); len(got) < 4 || got[3] != rtmp.StatePlaying || got[len(got)-1] != rtmp.StateDisconnected {
		t.Errorf("player states %v", got)
	}
}

func equalStates(a, b []rtmp.ClientState) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestClientFLVBytes publishes an FLV file with Write (split at awkward
// places) and reads the play back with Read as an FLV file.
func TestClientFLVBytes(t *testing.T) {
	hub := newTestHub()
	srv := rtmptest.NewServer(t, hub)
	ctx := ctxT(t)
	tags := testTags(t)
	var file bytes.Buffer
	fw := flv.NewWriter(&file, flv.DefaultHeader(true, true))
	for _, tag := range tags {
		if err := fw.WriteTag(tag); err != nil {
			t.Fatal(err)
		}
	}

	player, err := rtmp.Dial(ctx, srv.URL+"/live/f", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer player.Close()
	ps, err := player.Play(ctx, "f", rtmp.PlayLive, -1, false)
	if err != nil {
		t.Fatal(err)
	}
	<-hub.joined
	pub, err := rtmp.Dial(ctx, srv.URL+"/live/f", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	st, err := pub.Publish(ctx, "f", "")
	if err != nil {
		t.Fatal(err)
	}
	b := file.Bytes()
	for _, n := range []int{1, 5, 12, 13, 30, 11, 4000, len(b)} {
		n = min(n, len(b))
		if w, err := st.Write(b[:n]); err != nil || w != n {
			t.Fatalf("Write = %d, %v", w, err)
		}
		b = b[n:]
	}
	st.Close()
	out, err := io.ReadAll(readerFunc(ps.Read))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if !bytes.Equal(out, file.Bytes()) {
		t.Fatalf("played FLV (%d bytes) differs from published FLV (%d bytes)", len(out), file.Len())
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func TestClientRejections(t *testing.T) {
	hub := newTestHub()
	srv := rtmptest.NewServer(t, hub)
	ctx := ctxT(t)
	c, err := rtmp.Dial(ctx, srv.URL+"/live", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tests := []struct {
		name string
		do   func() error
		code string
	}{
		{"publish denied", func() error { _, err := c.Publish(ctx, "forbidden", "live"); return err }, rtmp.CodePublishDenied},
		{"play not found", func() error { _, err := c.Play(ctx, "missing", rtmp.PlayLive, -1, false); return err }, rtmp.CodePlayStreamNotFound},
		{"call failed", func() error { _, err := c.Call(ctx, "fail"); return err }, "App.Fail"},
		{"unknown method", func() error { _, err := c.Call(ctx, "nope"); return err }, rtmp.CodeCallFailed},
	}
	for _, tt := range tests {
		err := tt.do()
		var se *rtmp.StatusError
		if !errors.As(err, &se) || se.Code != tt.code || se.Level != rtmp.LevelError {
			t.Errorf("%s: err = %v, want StatusError %s", tt.name, err, tt.code)
		}
	}
	if c.State() != rtmp.StateConnected {
		t.Errorf("state after rejections = %v", c.State())
	}
}

func TestClientCalls(t *testing.T) {
	hub := newTestHub()
	srv := rtmptest.NewServer(t, hub)
	ctx := ctxT(t)
	c, err := rtmp.Dial(ctx, srv.URL+"/app", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sc := <-hub.conns

	// client → server, blocking and non-blocking
	vals, err := c.Call(ctx, "echo", "a", 2.0, amf0.Object{{Key: "k", Value: true}})
	if err != nil || len(vals) != 3 || vals[0] != "a" || vals[1] != 2.0 {
		t.Fatalf("Call echo = %v, %v", vals, err)
	}
	if k, _ := message.BoolProperty(vals[2], "k"); !k {
		t.Errorf("echoed object = %v", vals[2])
	}
	p1, p2 := c.Go("echo", "one"), c.Go("echo", "two")
	r2, err2 := p2.Wait(ctx)
	r1, err1 := p1.Wait(ctx)
	if err1 != nil || err2 != nil || r1[0] != "one" || r2[0] != "two" {
		t.Fatalf("Go = %v %v / %v %v", r1, err1, r2, err2)
	}

	// server → client: handler result, handler error, no handler
	c.Handle("clientMethod", func(args []any) ([]any, error) {
		return []any{"got", args[0]}, nil
	})
	c.Handle("clientFail", func(args []any) ([]any, error) {
		return nil, &rtmp.StatusError{Code: "Client.Nope", Description: "refused"}
	})
	vals, err = sc.Call(ctx, "clientMethod", 7.0)
	if err != nil || len(vals) != 2 || vals[0] != "got" || vals[1] != 7.0 {
		t.Fatalf("server Call clientMethod = %v, %v", vals, err)
	}
	_, err = sc.Call(ctx, "clientFail")
	var se *rtmp.StatusError
	if !errors.As(err, &se) || se.Code != "Client.Nope" || se.Description != "refused" {
		t.Fatalf("server Call clientFail = %v", err)
	}
	_, err = sc.Call(ctx, "unknown")
	if !errors.As(err, &se) || se.Code != rtmp.CodeCallFailed {
		t.Fatalf("server Call unknown = %v", err)
	}

	// Expect: wait for a server invoke
	exp := c.Expect("notice")
	callDone := make(chan error, 1)
	go func() { _, err := sc.Call(ctx, "notice", "x", 1.0); callDone <- err }()
	vals, err = exp.Wait(ctx)
	if err != nil || len(vals) != 2 || vals[0] != "x" {
		t.Fatalf("Expect notice = %v, %v", vals, err)
	}
	if err := <-callDone; err != nil {
		t.Errorf("server Call taken by Expect = %v, want a null result", err)
	}

	// After Close, calls fail with net.ErrClosed.
	c.Close()
	if _, err := c.Call(ctx, "echo"); !errors.Is(err, rtmp.ErrClosed) {
		t.Errorf("Call after Close = %v", err)
	}
}

func TestClientConnectRejected(t *testing.T) {
	srv := rtmptest.NewServer(t, rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind == rtmp.KindConnect && r.App == "closed" {
			w.Reject(errors.New("go away"))
		}
	}))
	ctx := ctxT(t)
	var states stateLog
	_, err := rtmp.Dial(ctx, srv.URL+"/closed/x", &rtmp.ClientConfig{OnState: states.add})
	var se *rtmp.StatusError
	if !errors.As(err, &se) || se.Code != rtmp.CodeConnectRejected || se.Description != "go away" {
		t.Fatalf("Dial = %v, want Connect.Rejected: go away", err)
	}
	if got := states.get(); len(got) == 0 || got[len(got)-1] != rtmp.StateError {
		t.Errorf("states %v, want ending in error", got)
	}
}

// TestNewClientConn runs a client over an in-memory pipe served by
// Server.ServeConn: no dialing, Connect does the handshake.
func TestNewClientConn(t *testing.T) {
	hub := newTestHub()
	srv := &rtmp.Server{Handler: hub, Logger: discardLogger()}
	cn, sn := net.Pipe()
	go srv.ServeConn(sn)
	t.Cleanup(func() { srv.Close() })
	u, err := rtmp.ParseURL("rtmp://pipe/app/s")
	if err != nil {
		t.Fatal(err)
	}
	c := rtmp.NewClientConn(cn, u, &rtmp.ClientConfig{Handshake: &handshake.Config{Kind: handshake.Plain}})
	defer c.Close()
	if c.State() != rtmp.StateDisconnected || c.ConnectInfo() != nil {
		t.Errorf("fresh conn: state %v, info %v", c.State(), c.ConnectInfo())
	}
	ctx := ctxT(t)
	if _, err := c.CreateStream(ctx); err != rtmp.ErrNotConnected {
		t.Errorf("CreateStream before Connect = %v", err)
	}
	info, err := c.Connect(ctx)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	if info.Status.Code != rtmp.CodeConnectSuccess || c.HandshakeResult().Kind != handshake.Plain {
		t.Errorf("info %+v, handshake %v", info, c.HandshakeResult().Kind)
	}
	if _, err := c.Connect(ctx); err == nil {
		t.Error("second Connect succeeded")
	}
	if vals, err := c.Call(ctx, "echo", "pipe"); err != nil || vals[0] != "pipe" {
		t.Errorf("Call over a pipe = %v, %v", vals, err)
	}
}
