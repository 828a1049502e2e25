package rtmp_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
)

// exampleServer starts a server on a loopback port for the examples and
// returns its base URL.
func exampleServer(h rtmp.Handler) (string, func()) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	srv := &rtmp.Server{Handler: h, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	go srv.Serve(l)
	return "rtmp://" + l.Addr().String(), func() { srv.Close() }
}

// Dial a server and publish FLV tags to it.
func ExampleDial_publish() {
	received := make(chan flv.Tag, 8)
	base, stop := exampleServer(rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind == rtmp.KindPublish {
			w.SetSink(rtmp.TagFunc(func(t flv.Tag) error { received <- t; return nil }))
		}
	}))
	defer stop()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := rtmp.Dial(ctx, base+"/live/mystream", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	s, err := c.PublishURL(ctx, "live") // the URL's play path, "mystream"
	if err != nil {
		log.Fatal(err)
	}
	s.WriteTag(flv.Tag{Type: flv.TagVideo, Timestamp: 0, Data: []byte{0x17, 0, 0, 0, 0}})
	s.WriteTag(flv.Tag{Type: flv.TagAudio, Timestamp: 21, Data: []byte{0xaf, 1, 0x21}})
	for range 2 {
		t := <-received
		fmt.Println(t.Type, t.Timestamp, len(t.Data))
	}
	// Output:
	// video 0 5
	// audio 21 3
}

// Dial a server and play a stream as FLV tags until it ends.
func ExampleDial_play() {
	base, stop := exampleServer(rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind == rtmp.KindPlay {
			tw := w.TagWriter(0)
			md, _ := flv.AppendScript(nil, "onMetaData", map[string]any{"duration": 2.0})
			tw.WriteTag(flv.Tag{Type: flv.TagScript, Data: md})
			tw.WriteTag(flv.Tag{Type: flv.TagVideo, Timestamp: 40, Data: []byte{0x17, 1, 0, 0, 0}})
			tw.End()
		}
	}))
	defer stop()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := rtmp.Dial(ctx, base+"/vod/movie", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	s, err := c.Play(ctx, "movie", 0, -1, false)
	if err != nil {
		log.Fatal(err)
	}
	for {
		t, err := s.ReadTag()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(t.Type, t.Timestamp)
	}
	d, _ := s.Duration()
	fmt.Println("duration", d)
	// Output:
	// script 0
	// video 40
	// duration 2
}

// Call a method on the server, and serve one the server calls.
func ExampleClientConn_Call() {
	base, stop := exampleServer(rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind == rtmp.KindCall && r.Method == "add" {
			a, _ := r.Args[0].(float64)
			b, _ := r.Args[1].(float64)
			w.Result(a + b)
		}
	}))
	defer stop()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := rtmp.Dial(ctx, base+"/app", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	c.Handle("whoAreYou", func(args []any) ([]any, error) { return []any{"an example"}, nil })

	sum, err := c.Call(ctx, "add", 2.0, 3.0)
	fmt.Println(sum, err)
	_, err = c.Call(ctx, "missing")
	fmt.Println(err)
	// Output:
	// [5] <nil>
	// rtmp: NetConnection.Call.Failed: Method not found (missing).
}

// Wait for replies and server invokes without a process_packets loop: Go
// sends a call and returns at once, Expect registers interest in the
// server's next invoke of a method; both complete on the connection's own
// read loop.
func ExampleClientConn_Expect() {
	conns := make(chan *rtmp.ServerConn, 1)
	base, stop := exampleServer(rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		switch {
		case r.Kind == rtmp.KindConnect:
			conns <- r.Conn
		case r.Kind == rtmp.KindCall && r.Method == "slow":
			w.Result("done")
		}
	}))
	defer stop()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := rtmp.Dial(ctx, base+"/app", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	sc := <-conns

	news := c.Expect("onNews")   // before the server can send it
	pending := c.Go("slow", 1.0) // does not wait
	go sc.Call(context.Background(), "onNews", "hello")

	args, _ := news.Wait(ctx)
	fmt.Println("server invoked onNews with", args)
	res, err := pending.Wait(ctx)
	fmt.Println("slow returned", res, err)
	// Output:
	// server invoked onNews with [hello]
	// slow returned [done] <nil>
}

// Play with a tag handler: the tags are handed over as they arrive, with
// their payloads lent (no copy, no allocation per message), and ReadTag
// reports the end of the play.
func ExampleStream_SetTagHandler() {
	base, stop := exampleServer(rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind == rtmp.KindPlay {
			tw := w.TagWriter(0)
			go func() {
				tw.WriteTag(flv.Tag{Type: flv.TagVideo, Timestamp: 0, Data: []byte{0x17, 1, 0, 0, 0, 0x65}})
				tw.WriteTag(flv.Tag{Type: flv.TagAudio, Timestamp: 23, Data: []byte{0xaf, 1, 0x21}})
				tw.End()
			}()
		}
	}))
	defer stop()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := rtmp.Dial(ctx, base+"/vod/clip", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	s, err := c.CreateStream(ctx)
	if err != nil {
		log.Fatal(err)
	}
	bytes := 0
	s.SetTagHandler(func(t flv.Tag) {
		bytes += len(t.Data) // t.Data is valid only during the call
		fmt.Println(t.Type, t.Timestamp)
	})
	if err := s.Play(ctx, "clip", rtmp.PlayLiveOrRecorded, -1, false); err != nil {
		log.Fatal(err)
	}
	_, err = s.ReadTagContext(ctx) // only the end: io.EOF
	fmt.Println(err, bytes)
	// Output:
	// video 0
	// audio 23
	// EOF 9
}
