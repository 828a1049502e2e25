package rtmp

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

func startServer(t *testing.T, h Handler, fn ...func(*Server)) (*Server, string, chan error) {
	t.Helper()
	return startServerB(t, h, fn...)
}

func startServerB(t testing.TB, h Handler, fn ...func(*Server)) (*Server, string, chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &Server{Handler: h, Logger: quietLogger()}
	for _, f := range fn {
		f(srv)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return srv, ln.Addr().String(), errc
}

func TestServerCallsClient(t *testing.T) {
	conns := make(chan *ServerConn, 1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindConnect {
			conns <- r.Conn
		}
	}))
	c := dialRaw(t, addr)
	c.connect("app")
	sc := <-conns
	type res struct {
		vals []any
		err  error
	}
	call := func(ctx context.Context, method string) chan res {
		ch := make(chan res, 1)
		go func() { v, err := sc.Call(ctx, method, 42.0); ch <- res{v, err} }()
		return ch
	}
	// _result
	ch := call(context.Background(), "getInfo")
	m := c.until(isCmd("getInfo"))
	req := m[len(m)-1].cmd
	if v, _ := req.NumberArg(0); v != 42 || req.TransactionID == 0 {
		t.Fatalf("server call = txn %v args %v", req.TransactionID, req.Args)
	}
	c.command(3, 0, "_result", req.TransactionID, nil, "ok", 43.0)
	r := <-ch
	if r.err != nil || len(r.vals) != 2 || r.vals[0] != "ok" || r.vals[1] != 43.0 {
		t.Fatalf("Call = %v, %v", r.vals, r.err)
	}
	// _error
	ch = call(context.Background(), "fail")
	m = c.until(isCmd("fail"))
	c.command(3, 0, "_error", m[len(m)-1].cmd.TransactionID, nil, statusInfo(LevelError, "App.Nope", "no way"))
	r = <-ch
	var se *StatusError
	if !errors.As(r.err, &se) || se.Code != "App.Nope" || se.Description != "no way" || se.Level != LevelError {
		t.Fatalf("Call error = %v", r.err)
	}
	// timeout
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if r = <-call(ctx, "slow"); !errors.Is(r.err, context.DeadlineExceeded) {
		t.Fatalf("Call with expired ctx = %v", r.err)
	}
	// closed connection
	c.nc.Close()
	<-sc.Context().Done()
	if _, err := sc.Call(context.Background(), "late"); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Call on closed conn = %v, want net.ErrClosed", err)
	}
}

func TestClientCallsServer(t *testing.T) {
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind != KindCall {
			return
		}
		switch r.Method {
		case "echo":
			w.Result(r.Args...)
		case "deny":
			w.Reject(&StatusError{Code: "App.Denied", Description: "denied"})
		}
	}))
	c := dialRaw(t, addr)
	c.connect("app")
	tests := []struct {
		method, reply, code string
		txn                 float64
	}{
		{"echo", "_result", "", 5},
		{"deny", "_error", "App.Denied", 6},
		{"unknown", "_error", CodeCallFailed, 7},
	}
	for _, tt := range tests {
		c.command(3, 0, tt.method, tt.txn, nil, "hi")
		msgs := c.until(func(m serverMsg) bool { return m.cmd != nil && m.cmd.TransactionID == tt.txn })
		got := msgs[len(msgs)-1].cmd
		if got.Name != tt.reply {
			t.Errorf("%s: reply %s, want %s", tt.method, got.Name, tt.reply)
			continue
		}
		if s, _ := got.StringArg(0); tt.reply == "_result" && s != "hi" {
			t.Errorf("echo result %v", got.Args)
		}
		if tt.reply == "_error" && prop(got.Args[0], "code") != tt.code {
			t.Errorf("%s: code %q, want %q", tt.method, prop(got.Args[0], "code"), tt.code)
		}
	}
	// txn 0: no reply; the next reply must be for txn 9
	c.command(3, 0, "echo", 0, nil, "quiet")
	c.command(3, 0, "echo", 9, nil, "loud")
	msgs := c.until(func(m serverMsg) bool { return m.cmd != nil && m.cmd.Name == "_result" })
	if got := msgs[len(msgs)-1].cmd; got.TransactionID != 9 {
		t.Errorf("reply to txn %v, want 9 (txn 0 must not be answered)", got.TransactionID)
	}
}

func TestRejections(t *testing.T) {
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		switch {
		case r.Kind == KindConnect && r.App == "bad":
			w.Reject(errors.New("go away"))
		case r.Kind == KindPublish && r.Query.Get("key") != "secret":
			w.Reject(&StatusError{Code: CodePublishDenied, Description: "bad key"})
		case r.Kind == KindPlay:
			w.Reject(nil)
		}
	})
	_, addr, _ := startServer(t, h)

	c := dialRaw(t, addr)
	c.command(3, 0, "connect", 1, amf0.Object{{Key: "app", Value: "bad"}})
	msgs := c.until(isCmd("_error"))
	if info := msgs[len(msgs)-1].cmd.Args[0]; prop(info, "code") != CodeConnectRejected || prop(info, "description") != "go away" {
		t.Errorf("connect reject info %v", info)
	}
	for {
		if _, err := c.next(); err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("after reject: %v, want EOF", err)
			}
			break
		}
	}

	c = dialRaw(t, addr)
	sid := c.connect("live?token=1")
	c.command(8, sid, "publish", 5, nil, "cam?key=wrong", "live")
	msgs = c.until(isCmd("onStatus"))
	last := msgs[len(msgs)-1]
	if code := prop(last.cmd.Args[0], "code"); code != CodePublishDenied || prop(last.cmd.Args[0], "level") != LevelError || last.StreamID != sid {
		t.Errorf("publish reject: code %q level %q sid %d", code, prop(last.cmd.Args[0], "level"), last.StreamID)
	}
	c.command(8, sid, "publish", 6, nil, "cam?key=secret", "live")
	c.until(isStatus(CodePublishStart))
	c.command(8, sid, "play", 7, nil, "other", -1000.0)
	msgs = c.until(isCmd("onStatus"))
	if code := prop(msgs[len(msgs)-1].cmd.Args[0], "code"); code != CodePlayStreamNotFound {
		t.Errorf("play reject code %q", code)
	}
}

func TestPlayTagWriter(t *testing.T) {
	meta, _ := amf0.Append(nil, "onMetaData")
	meta, _ = amf0.Append(meta, amf0.ECMAArray{{Key: "width", Value: 320.0}})
	tags := []flv.Tag{
		{Type: flv.TagScript, Data: meta},
		{Type: flv.TagVideo, Timestamp: 0, Data: []byte{0x17, 0, 0, 0, 0, 1, 2}},
		{Type: flv.TagAudio, Timestamp: 10, Data: []byte{0xaf, 1, 9}},
		{Type: flv.TagVideo, Timestamp: 40, Data: []byte{0x27, 1, 0, 0, 0, 3}},
	}
	reqs := make(chan *Request, 1)
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind != KindPlay {
			return
		}
		reqs <- r
		tw := w.TagWriter(2)
		go func() {
			for _, tag := range tags {
				if err := tw.WriteTag(tag); err != nil {
					return
				}
			}
			tw.End()
		}()
	}))
	c := dialRaw(t, addr)
	sid := c.connect("live")
	c.command(3, sid, "play", 0, nil, "cam1?k=v", -2.0) // GStreamer style: txn 0, seconds, csid 3
	msgs := c.until(isStatus(CodePlayStop))
	got := <-reqs
	if got.Name != "cam1" || got.Query.Get("k") != "v" || !got.Live || got.Start != -2 {
		t.Errorf("play request %+v", got)
	}
	var seq []string
	for _, m := range msgs {
		switch {
		case m.Type == message.TypeUserControl:
			v, _ := message.Decode(&m.Message)
			switch e := v.(type) {
			case *message.StreamBegin:
				seq = append(seq, "begin")
				if e.StreamID != sid {
					t.Errorf("StreamBegin %d", e.StreamID)
				}
			case *message.StreamEOF:
				seq = append(seq, "eof")
			}
		case m.cmd != nil && m.cmd.Name == "onStatus":
			seq = append(seq, prop(m.cmd.Args[0], "code"))
			if m.StreamID != sid || m.CSID != 5 {
				t.Errorf("onStatus on %d/%d", m.CSID, m.StreamID)
			}
		case m.Type == message.TypeDataAMF0:
			name, _, _ := stringsCut(m.Payload)
			seq = append(seq, name)
		case m.Type == message.TypeVideo || m.Type == message.TypeAudio:
			wantCSID := uint32(7)
			if m.Type == message.TypeAudio {
				wantCSID = 6
			}
			if m.StreamID != sid || m.CSID != wantCSID {
				t.Errorf("media type %d on csid %d msid %d", m.Type, m.CSID, m.StreamID)
			}
			seq = append(seq, map[uint8]string{8: "audio", 9: "video"}[m.Type]+"@"+itoa(m.Timestamp))
		}
	}
	want := []string{"begin", CodePlayStart, "|RtmpSampleAccess", "onMetaData", "video@0", "audio@10", "video@40", "eof", CodePlayStop}
	if len(seq) != len(want) {
		t.Fatalf("sequence %v\nwant %v", seq, want)
	}
	for i := range want {
		if seq[i] != want[i] {
			t.Fatalf("sequence %v\nwant %v", seq, want)
		}
	}
}

func stringsCut(p []byte) (string, []byte, bool) {
	v, err := amf0.NewBytesDecoder(p).DecodeValue()
	s, _ := v.(string)
	return s, nil, err == nil
}

func itoa(n uint32) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestShutdownTellsClients(t *testing.T) {
	hub := newTestHub()
	srv, addr, errc := startServer(t, hub)
	pub := dialRaw(t, addr)
	psid := pub.connect("live")
	pub.command(8, psid, "publish", 5, nil, "s", "live")
	pub.until(isStatus(CodePublishStart))
	play := dialRaw(t, addr)
	qsid := play.connect("live")
	play.command(8, qsid, "play", 5, nil, "s", -1000.0)
	play.until(isStatus(CodePlayStart))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown = %v", err)
	}
	if err := <-errc; !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve = %v, want ErrServerClosed", err)
	}
	pub.until(isStatus(CodeUnpublishSuccess))
	play.until(isStatus(CodePlayUnpublishNotify))
	play.until(isStatus(CodePlayStop))
	for _, c := range []*rawClient{pub, play} {
		if _, err := c.next(); err == nil {
			t.Error("connection still open after Shutdown")
		}
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("listener still accepting after Shutdown")
	}
}

func TestPanicRecovery(t *testing.T) {
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.App == "boom" {
			panic("handler bug")
		}
	}))
	c := dialRaw(t, addr)
	c.command(3, 0, "connect", 1, amf0.Object{{Key: "app", Value: "boom"}})
	if _, err := c.next(); err == nil {
		t.Fatal("connection survived a handler panic")
	}
	c = dialRaw(t, addr)
	if sid := c.connect("fine"); sid != 1 {
		t.Errorf("second connection stream id %d", sid)
	}
}

func TestGarbageInput(t *testing.T) {
	_, addr, _ := startServer(t, nil, func(s *Server) { s.HandshakeTimeout = time.Second; s.MaxMessageSize = 1 << 20 })
	inputs := [][]byte{
		{0xff, 1, 2, 3},                         // bad C0
		append([]byte{3}, make([]byte, 100)...), // truncated C1
	}
	var wg sync.WaitGroup
	for _, in := range inputs {
		nc, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		nc.Write(in)
		wg.Add(1)
		go func() { defer wg.Done(); io.Copy(io.Discard, nc); nc.Close() }()
	}
	// garbage chunks after a valid handshake
	for i, junk := range [][]byte{
		{0x43, 0xff, 0xff, 0xff, 0xff},                          // fmt 1 on an unknown csid
		{0x03, 0, 0, 0, 0xff, 0xff, 0xff, 20, 0, 0, 0, 0},       // command above MaxMessageSize
		{0x03, 0, 0, 0, 0, 0, 5, 20, 0, 0, 0, 0, 9, 9, 9, 9, 9}, // undecodable command
	} {
		c := dialRaw(t, addr)
		c.nc.Write(junk)
		if _, err := c.next(); err == nil {
			t.Errorf("junk %d: connection kept open", i)
		}
	}
	wg.Wait()
	c := dialRaw(t, addr)
	c.connect("still-alive")
}

func TestStreamLimitAndControl(t *testing.T) {
	_, addr, _ := startServer(t, nil, func(s *Server) { s.MaxStreamsPerConn = 2 })
	c := dialRaw(t, addr)
	c.connect("app") // stream 1
	c.command(3, 0, "createStream", 3, nil)
	if m := c.until(isCmd("_result")); argNumberMust(m) != 2 {
		t.Errorf("second stream id %v", argNumberMust(m))
	}
	c.command(3, 0, "createStream", 4, nil)
	c.until(isCmd("_error"))
	c.command(3, 0, "deleteStream", 0, nil, 1.0)
	c.command(3, 0, "createStream", 5, nil)
	c.until(isCmd("_result"))

	c.send(message.PingRequest{Timestamp: 1234}, 0, 0)
	msgs := c.until(func(m serverMsg) bool { return m.Type == message.TypeUserControl })
	v, _ := message.Decode(&msgs[len(msgs)-1].Message)
	if p, ok := v.(*message.PingResponse); !ok || p.Timestamp != 1234 {
		t.Errorf("ping answer %#v", v)
	}
	// Acknowledgement after the window
	c.send(message.WindowAckSize{Size: 200}, 0, 0)
	c.command(3, 0, "noop", 0, nil, string(make([]byte, 300)))
	msgs = c.until(func(m serverMsg) bool { return m.Type == message.TypeAcknowledgement })
	v, _ = message.Decode(&msgs[len(msgs)-1].Message)
	if a := v.(*message.Acknowledgement); a.SequenceNumber < 200 {
		t.Errorf("ack sequence %d", a.SequenceNumber)
	}
}

func argNumberMust(m []serverMsg) float64 {
	v, _ := m[len(m)-1].cmd.NumberArg(0)
	return v
}

func TestServeMuxRouting(t *testing.T) {
	mux := NewServeMux()
	for _, p := range []string{"/", "live/", "live/cam1", "vod/"} {
		mux.Handle(p, HandlerFunc(func(ResponseWriter, *Request) {}))
	}
	only := NewServeMux()
	only.Handle("app/x", HandlerFunc(func(ResponseWriter, *Request) {}))
	tests := []struct {
		mux       *ServeMux
		kind      RequestKind
		app, name string
		want      string
	}{
		{mux, KindPublish, "live", "cam1", "live/cam1"},
		{mux, KindPublish, "live", "cam2", "live/"},
		{mux, KindPlay, "live/inst", "cam1", "live/"},
		{mux, KindConnect, "live", "", "live/"},
		{mux, KindCall, "vod", "", "vod/"},
		{mux, KindPlay, "other", "x", "/"},
		{only, KindConnect, "app", "", ""},
		{only, KindPlay, "app", "y", ""},
		{only, KindPlay, "app", "x", "app/x"},
	}
	for _, tt := range tests {
		_, p := tt.mux.Handler(&Request{Kind: tt.kind, App: tt.app, Name: tt.name})
		if p != tt.want {
			t.Errorf("%v %s/%s: pattern %q, want %q", tt.kind, tt.app, tt.name, p, tt.want)
		}
	}
}

// GStreamer's rtmp2sink ends with deleteStream(0, null, "name").
func TestDeleteStreamByName(t *testing.T) {
	rec := newRecorder()
	_, addr, _ := startServer(t, rec)
	c := dialRaw(t, addr)
	sid := c.connect("live")
	c.command(3, sid, "publish", 0, nil, "tx-gst", "live")
	c.until(isStatus(CodePublishStart))
	c.command(3, 0, "deleteStream", 0, nil, "tx-gst")
	c.until(isStatus(CodeUnpublishSuccess))
	select {
	case <-rec.closedCh:
	case <-time.After(5 * time.Second):
		t.Fatal("sink not closed by deleteStream with a name")
	}
	// the id is free again: createStream returns a stream, publish works on it
	c.command(3, 0, "createStream", 9, nil)
	c.until(isCmd("_result"))
}
