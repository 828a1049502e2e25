package rtmpt_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/rtmpt"
)

// An RTMP server reachable over RTMPT: every tunnel session becomes a
// net.Conn served by rtmp.Server.ServeConn. Clients use
// rtmpt://host:8080/app/stream.
func ExampleNewHandler() {
	srv := &rtmp.Server{Handler: rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		// accept or reject connects, publishes and plays here
	})}
	h := rtmpt.NewHandler(srv.ServeConn)
	h.MaxSessions = 500
	go http.ListenAndServe(":8080", h)
	go srv.ListenAndServe() // plain rtmp:// on :1935 as well
}

// The Listener adapter lets rtmp.Server.Serve own the tunnel sessions, so
// Shutdown and MaxConns apply to them as to TCP connections.
func ExampleListener() {
	ln, err := net.Listen("tcp", ":8080")
	if err != nil {
		log.Fatal(err)
	}
	l := rtmpt.NewListener(ln.Addr())
	go http.Serve(ln, l.Handler)
	srv := &rtmp.Server{Handler: rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {})}
	log.Fatal(srv.Serve(l))
}

// Dial opens a tunnel and returns a net.Conn; here the server side echoes.
func ExampleDial() {
	h := rtmpt.NewHandler(func(c net.Conn) {
		io.Copy(c, c)
		c.Close()
	})
	ts := httptest.NewServer(h)
	defer ts.Close()

	// An rtmpt:// URL would be used with a real server; a test server has an http:// URL.
	c, err := rtmpt.Dial(context.Background(), ts.URL, &rtmpt.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("hello over HTTP"))
	buf := make([]byte, 15)
	if _, err := io.ReadFull(c, buf); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s\n", buf)
	// Output: hello over HTTP
}
