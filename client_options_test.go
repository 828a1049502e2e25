package rtmp_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// TestClientConnectOptions checks that librtmp URL options and
// ClientConfig fields reach the connect command the server sees.
func TestClientConnectOptions(t *testing.T) {
	type seen struct {
		obj  amf0.Object
		args []any
		name string
	}
	got := make(chan seen, 2)
	srv := rtmptest.NewServer(t, rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		switch r.Kind {
		case rtmp.KindConnect:
			got <- seen{obj: r.Conn.ConnectObject(), args: r.Conn.ConnectArgs()}
		case rtmp.KindPlay:
			got <- seen{name: r.Name}
			w.TagWriter(1)
		}
	}), func(s *rtmp.Server) { s.Logger = discardLogger() })
	ctx := ctxT(t)
	url := srv.URL + `/app/inst/stream app=other/inst flashver=FOO\2010,0 pageUrl=http://page swfUrl=http://swf conn=S:tok conn=O:1 conn=NN:n:3 conn=O:0 playpath=mp4:clip live=1`
	c, err := rtmp.Dial(ctx, url, &rtmp.ClientConfig{
		ObjectEncoding: 3,
		ConnectObject:  amf0.Object{{Key: "capabilities", Value: 239.0}, {Key: "fpad", Value: nil}, {Key: "extra", Value: "x"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s := <-got
	str := func(k string) string { v, _ := message.StringProperty(s.obj, k); return v }
	num := func(k string) float64 { v, _ := message.NumberProperty(s.obj, k); return v }
	checks := []struct {
		key, got, want string
	}{
		{"app", str("app"), "other/inst"},
		{"flashVer", str("flashVer"), "FOO 10,0"},
		{"pageUrl", str("pageUrl"), "http://page"},
		{"swfUrl", str("swfUrl"), "http://swf"},
		{"tcUrl", str("tcUrl"), "rtmp://" + srv.Addr + "/other/inst"},
		{"extra", str("extra"), "x"},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("connect %s = %q, want %q", ck.key, ck.got, ck.want)
		}
	}
	if num("capabilities") != 239 || num("objectEncoding") != 3 || num("videoFunction") != 1 {
		t.Errorf("connect object %v", s.obj)
	}
	if _, ok := s.obj.Get("fpad"); ok {
		t.Errorf("fpad not removed: %v", s.obj)
	}
	if len(s.args) != 2 || s.args[0] != "tok" {
		t.Fatalf("connect args %v", s.args)
	}
	if n, _ := message.NumberProperty(s.args[1], "n"); n != 3 {
		t.Errorf("conn object arg %v", s.args[1])
	}
	if _, err := c.PlayURL(ctx); err != nil {
		t.Fatalf("PlayURL: %v", err)
	}
	if s := <-got; s.name != "mp4:clip" {
		t.Errorf("PlayURL played %q, want the playpath option mp4:clip", s.name)
	}
}

func TestURLOptionsApplyConfig(t *testing.T) {
	_, o, err := rtmp.ParseLibrtmpURL(`rtmp://h/a/s token=k socks=p:1080 pubUser=u pubPasswd=pw start=0 stop=5000 buffer=100 timeout=7 subscribe=sub swfVfy=1 swfUrl=http://x/a.swf conn=B:1`)
	if err != nil {
		t.Fatal(err)
	}
	cfg := rtmp.ClientConfig{ConnArgs: []any{"first"}}
	o.ApplyConfig(&cfg)
	want := rtmp.ClientConfig{Token: "k", Socks: "p:1080", PubUser: "u", PubPasswd: "pw", StartSet: true, Stop: 5000, Buffer: 100,
		Timeout: 7 * time.Second, Subscribe: "sub", SWFVfy: true, SWFURL: "http://x/a.swf"}
	if cfg.Token != want.Token || cfg.Socks != want.Socks || cfg.PubUser != want.PubUser || cfg.PubPasswd != want.PubPasswd ||
		cfg.Start != 0 || !cfg.StartSet || cfg.Stop != want.Stop || cfg.Buffer != want.Buffer || cfg.Timeout != want.Timeout ||
		cfg.Subscribe != want.Subscribe || !cfg.SWFVfy || cfg.SWFURL != want.SWFURL {
		t.Errorf("ApplyConfig = %+v", cfg)
	}
	if len(cfg.ConnArgs) != 2 || cfg.ConnArgs[0] != "first" || cfg.ConnArgs[1] != true {
		t.Errorf("ConnArgs = %v", cfg.ConnArgs)
	}
}

// TestClientSWFVerification: with SWFVfy the client fetches the SWF over
// HTTP, hashes it, performs the digest handshake and answers the server's
// verification request with exactly the blob the server expects.
func TestClientSWFVerification(t *testing.T) {
	body := bytes.Repeat([]byte("swf body "), 100)
	swf := append([]byte("FWS\x0a\x00\x00\x00\x00"), body...)
	binary.LittleEndian.PutUint32(swf[4:], uint32(len(swf)))
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(swf) }))
	defer web.Close()
	hash, size, err := handshake.HashSWF(bytes.NewReader(swf), 0)
	if err != nil {
		t.Fatal(err)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	result := make(chan string, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		br := bufio.NewReader(c)
		res, err := handshake.Server(struct {
			io.Reader
			io.Writer
		}{br, c}, &handshake.Config{SWFHash: hash[:], SWFSize: size})
		if err != nil {
			result <- "handshake: " + err.Error()
			return
		}
		req, _ := message.Encode(message.SWFVerifyRequest{}, 0, 0)
		chunk.NewWriter(c).WriteMessage(req)
		cr := chunk.NewReader(br, chunk.Limits{})
		for {
			m, err := cr.ReadMessage()
			if err != nil {
				result <- "read: " + err.Error()
				return
			}
			if m.Type == message.TypeSetChunkSize {
				v, _ := message.Decode(m)
				cr.SetChunkSize(v.(*message.SetChunkSize).Size)
			}
			if msg, _ := message.Decode(m); msg != nil {
				if v, ok := msg.(*message.SWFVerify); ok {
					if bytes.Equal(v.Blob[:], res.SWFVerification) {
						result <- "ok"
					} else {
						result <- "blob differs"
					}
					return
				}
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go rtmp.Dial(ctx, "rtmp://"+l.Addr().String()+"/app swfUrl="+web.URL+"/player.swf swfVfy=1", nil)
	if r := <-result; r != "ok" {
		t.Fatalf("SWF verification: %s", r)
	}
}
