package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/server"
)

// testHandler is the rtmp.Handler of the in-process client tests: app
// "deny" is rejected, publishing "denied" is refused, every play is
// rejected (stream not found), "echo" returns its arguments and "fail"
// answers _error.
func testHandler(w rtmp.ResponseWriter, r *rtmp.Request) {
	switch r.Kind {
	case rtmp.KindConnect:
		if r.App == "deny" {
			w.Reject(&rtmp.StatusError{Code: rtmp.CodeConnectRejected, Description: "go away"})
		}
	case rtmp.KindPublish:
		if r.Name == "denied" {
			w.Reject(&rtmp.StatusError{Code: rtmp.CodePublishDenied, Description: "not you"})
			return
		}
		w.SetSink(rtmp.TagFunc(func(flv.Tag) error { return nil }))
	case rtmp.KindPlay:
		if r.Name == "drop" {
			tw := w.TagWriter(0)
			conn := r.Conn
			go func() {
				generateTags(tw, 10)
				time.Sleep(200 * time.Millisecond)
				conn.Close()
			}()
			return
		}
		if r.Name == "gen" {
			playRequests.Store(r.Query.Get("id"), *r)
			tw := w.TagWriter(0)
			go generate(tw, 100)
			return
		}
		w.Reject(&rtmp.StatusError{Code: rtmp.CodePlayStreamNotFound, Description: "no such stream"})
	case rtmp.KindCall:
		switch r.Method {
		case "echo":
			w.Result(r.Args...)
		case "info":
			w.Result(amf0.Object{{Key: "server", Value: "test"}, {Key: "streams", Value: []any{"a", "b"}}})
		case "fail":
			w.Reject(&rtmp.StatusError{Code: rtmp.CodeCallFailed, Description: "fail was called"})
		}
	}
}

// playRequests holds the play requests of "gen", by their ?id= query.
var playRequests sync.Map

// generate plays n audio tags 23 ms apart (after metadata and an AAC
// sequence header) as fast as the player takes them, then ends the stream.
func generate(tw *rtmp.TagWriter, n int) {
	if generateTags(tw, n) {
		tw.End()
	}
}

// generateTags writes the tags of generate, reporting whether all were taken.
func generateTags(tw *rtmp.TagWriter, n int) bool {
	md, _ := flv.AppendMetadata(nil, flv.Metadata{{Key: "audiocodecid", Value: 10.0}})
	tags := []flv.Tag{{Type: flv.TagScript, Data: md}, {Type: flv.TagAudio, Data: []byte{0xaf, 0x00, 0x12, 0x10}}}
	for i := range n {
		tags = append(tags, flv.Tag{Type: flv.TagAudio, Timestamp: uint32(23 * i), Data: []byte{0xaf, 0x01, 0x21, byte(i)}})
	}
	for _, tag := range tags {
		if tw.WriteTag(tag) != nil {
			return false
		}
	}
	return true
}

// silentListener accepts connections and never answers: the handshake times out.
func silentListener(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestClientExitCodes: each failure gives its documented exit code and a
// message saying what happened.
func TestClientExitCodes(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, rtmp.HandlerFunc(testHandler))
	media := server.DefaultConfig()
	media.Listen = "127.0.0.1:0"
	media.Auth.Publish.Key = "s3cret"
	media.Logger = slog.New(slog.DiscardHandler)
	ms, err := server.New(media)
	if err != nil {
		t.Fatal(err)
	}
	if err := ms.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ms.Close() })
	mediaURL := "rtmp://" + ms.Addr().String()
	flvFile := filepath.Join(t.TempDir(), "tiny.flv")
	if err := os.WriteFile(flvFile, tinyFLV(t), 0o644); err != nil {
		t.Fatal(err)
	}
	notFLV := filepath.Join(t.TempDir(), "not.flv")
	if err := os.WriteFile(notFLV, []byte("this is not FLV"), 0o644); err != nil {
		t.Fatal(err)
	}
	silent := silentListener(t)
	tests := []struct {
		name    string
		args    []string
		code    int
		message string
	}{
		{"refused", []string{"play", "-o", os.DevNull, "rtmp://" + closedPort(t) + "/live/x"}, exitConnect, "cannot connect"},
		{"refused probe", []string{"probe", "rtmp://" + closedPort(t) + "/live"}, exitConnect, "connection refused"},
		{"timeout", []string{"call", "--timeout", "500ms", "rtmp://" + silent + "/app", "echo"}, exitTimeout, "timed out"},
		{"connect rejected", []string{"call", ts.URL + "/deny", "echo"}, exitAuth, "go away"},
		{"publish without key", []string{"publish", "--fast", flvFile, mediaURL + "/live/cam"}, exitAuth, "NetStream.Publish.Denied"},
		{"publish wrong key", []string{"publish", "--fast", flvFile, mediaURL + "/live/cam?key=nope"}, exitAuth, "Denied"},
		{"publish denied", []string{"publish", "--fast", flvFile, ts.URL + "/live/denied"}, exitAuth, "not you"},
		{"not found", []string{"play", "-o", os.DevNull, ts.URL + "/live/none"}, exitNotFound, "no such stream"},
		{"not found probe", []string{"probe", ts.URL + "/live/none"}, exitNotFound, "StreamNotFound"},
		{"call failed", []string{"call", ts.URL + "/app", "fail"}, exitCallError, "fail was called"},
		{"bad url", []string{"play", "-o", os.DevNull, "http://x/y"}, exitUsage, "scheme"},
		{"bad option", []string{"play", "-o", os.DevNull, "rtmp://127.0.0.1/live/x buffer=abc"}, exitUsage, "option"},
		{"bad conn", []string{"call", "--conn", "Q:1", ts.URL + "/app", "echo"}, exitUsage, "--conn"},
		{"missing args", []string{"publish", flvFile}, exitUsage, "arg"},
		{"unknown flag", []string{"play", "--nope", ts.URL + "/live/x"}, exitUsage, "unknown flag"},
		{"loop stdin", []string{"publish", "--loop", "-", ts.URL + "/live/x"}, exitUsage, "--loop"},
		{"no file", []string{"publish", filepath.Join(t.TempDir(), "none.flv"), ts.URL + "/live/x"}, exitIO, "no such file"},
		{"not flv", []string{"publish", notFLV, ts.URL + "/live/x"}, exitIO, "FLV"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runCmd(t, 20*time.Second, nil, tc.args...)
			if r.code != tc.code {
				t.Errorf("rtmpkit %s: exit %d, want %d (err %v)", strings.Join(tc.args, " "), r.code, tc.code, r.err)
			}
			if r.err == nil || !strings.Contains(r.err.Error(), tc.message) {
				t.Errorf("error %v does not mention %q", r.err, tc.message)
			}
		})
	}
	t.Run("lost", func(t *testing.T) {
		t.Parallel()
		out := filepath.Join(t.TempDir(), "lost.flv")
		r := runCmd(t, 20*time.Second, nil, "play", "-o", out, ts.URL+"/live/drop")
		if r.code != exitLost {
			t.Errorf("exit %d (%v), want %d", r.code, r.err, exitLost)
		}
		if n, _ := readAudio(t, out); n != 11 {
			t.Errorf("the partial file has %d audio tags, want 11", n)
		}
	})
	t.Run("busy", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		first := make(chan error, 1)
		go func() {
			root := newRootCmd()
			root.SetArgs([]string{"publish", "--loop", flvFile, mediaURL + "/live/busy?key=s3cret"})
			root.SetOut(io.Discard)
			root.SetErr(io.Discard)
			first <- root.ExecuteContext(ctx)
		}()
		time.Sleep(300 * time.Millisecond)
		r := runCmd(t, 20*time.Second, nil, "publish", flvFile, mediaURL+"/live/busy?key=s3cret")
		if r.code != exitBusy || r.err == nil || !strings.Contains(r.err.Error(), rtmp.CodePublishBadName) {
			t.Errorf("second publisher: exit %d (%v), want %d with %s", r.code, r.err, exitBusy, rtmp.CodePublishBadName)
		}
		cancel()
		if err := <-first; err != nil {
			t.Errorf("first publisher: %v", err)
		}
	})
	t.Run("publish with key", func(t *testing.T) {
		t.Parallel()
		r := runCmd(t, 20*time.Second, nil, "publish", "--fast", flvFile, mediaURL+"/live/ok?key=s3cret")
		if r.code != exitOK {
			t.Errorf("exit %d: %v", r.code, r.err)
		}
	})
}

// TestCallRoundTrip: JSON arguments reach the server as AMF and the
// result comes back as JSON, object property order kept.
func TestCallRoundTrip(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, rtmp.HandlerFunc(testHandler))
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"echo", `"cam1"`}, `"cam1"`},
		{[]string{"echo", `{"b":1,"a":[true,null]}`, "plain words", "2.5"}, `[{"b":1,"a":[true,null]},"plain words",2.5]`},
		{[]string{"echo"}, `null`},
		{[]string{"info"}, `{"server":"test","streams":["a","b"]}`},
	}
	for _, tc := range tests {
		r := runCmd(t, 10*time.Second, nil, append([]string{"call", ts.URL + "/app"}, tc.args...)...)
		if r.code != exitOK {
			t.Errorf("call %v: exit %d: %v", tc.args, r.code, r.err)
			continue
		}
		var got, want any
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Errorf("call %v: output %q: %v", tc.args, r.stdout, err)
			continue
		}
		json.Unmarshal([]byte(tc.want), &want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("call %v: got %s, want %s", tc.args, r.stdout, tc.want)
		}
		if strings.Contains(tc.want, `"b":1,"a"`) && !strings.Contains(strings.Join(strings.Fields(r.stdout), ""), `{"b":1,"a":`) {
			t.Errorf("property order lost: %s", r.stdout)
		}
	}
}

// TestProbeServerOnly: a URL without a stream name describes the server
// only, as text and as JSON.
func TestProbeServerOnly(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, rtmp.HandlerFunc(testHandler))
	r := runCmd(t, 10*time.Second, nil, "probe", ts.URL+"/app")
	if r.code != exitOK {
		t.Fatalf("exit %d: %v", r.code, r.err)
	}
	for _, want := range []string{"handshake:       digest", "fmsVer:          FMS/", "connect:         NetConnection.Connect.Success"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "stream:") {
		t.Errorf("a stream was probed:\n%s", r.stdout)
	}
	r = runCmd(t, 10*time.Second, nil, "probe", "--json", ts.URL+"/app")
	var rep probeReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v in %s", err, r.stdout)
	}
	if rep.Handshake != "digest" || rep.ConnectStatus != rtmp.CodeConnectSuccess || rep.Stream != nil || rep.Capabilities == 0 {
		t.Errorf("report %+v", rep)
	}
}
