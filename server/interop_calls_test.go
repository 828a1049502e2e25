package server_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/rtmptest"
	"github.com/rtmpkit/rtmp/server"
)

// TestInteropCallsLibrtmp: remote calls in both directions with
// python-librtmp. The media server answers no custom calls itself, so the
// test wraps its handler: KindCall "add" returns the sum of its arguments,
// "ready" makes the server invoke the client's "clientSum" with
// ServerConn.Call, "bye" answers "bye"; every other request goes to the
// media server. The python client must print the server's result (3+4+5 =
// 12), and the server must get the client's result (20+22 = 42) back.
func TestInteropCallsLibrtmp(t *testing.T) {
	peertest.Python(t)
	t.Parallel()
	cfg := server.DefaultConfig()
	cfg.Logger = slog.New(slog.DiscardHandler)
	media, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	type callResult struct {
		vals []any
		err  error
	}
	got := make(chan callResult, 1)
	h := rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind != rtmp.KindCall {
			media.ServeRTMP(w, r)
			return
		}
		switch r.Method {
		case "add":
			sum := 0.0
			for _, a := range r.Args {
				f, _ := a.(float64)
				sum += f
			}
			w.Result(sum)
		case "ready":
			w.Result(true)
			conn := r.Conn
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				vals, err := conn.Call(ctx, "clientSum", 20.0, 22.0)
				got <- callResult{vals, err}
			}()
		case "bye":
			w.Result("bye")
		default:
			media.ServeRTMP(w, r)
		}
	})
	ts := rtmptest.NewServer(t, h, func(s *rtmp.Server) { s.Logger = cfg.Logger })

	p := peertest.RunPython(t, 30*time.Second, "librtmp calls", "calls.py",
		ts.URL+"/live", "clientSum", "add", "[3, 4, 5]", "10")
	err = p.Wait()
	out := p.Output()
	if err != nil {
		t.Fatalf("python client: %v\n%s", err, out)
	}
	if !strings.Contains(out, "result 12.0") {
		t.Errorf("client did not print the server's result 12:\n%s", out)
	}
	if !strings.Contains(out, "invoked [20.0, 22.0]") {
		t.Errorf("client's handler did not get (20, 22):\n%s", out)
	}
	select {
	case r := <-got:
		if r.err != nil || len(r.vals) != 1 || r.vals[0] != 42.0 {
			t.Errorf("server Call(clientSum, 20, 22) = %v, %v; want [42]", r.vals, r.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server's call never returned")
	}
}
