package rtmp_test

import (
	"log"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
)

// An embedded server that accepts publishes to app "live" with the right
// key and counts the video frames it receives.
func ExampleServer() {
	mux := rtmp.NewServeMux()
	mux.HandleFunc("live/", func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind == rtmp.KindPublish {
			if r.Query.Get("key") != "secret" {
				w.Reject(&rtmp.StatusError{Code: rtmp.CodePublishDenied, Description: "bad key"})
				return
			}
			frames := 0
			w.SetSink(rtmp.TagFunc(func(t flv.Tag) error {
				if t.Type == flv.TagVideo {
					frames++
				}
				return nil
			}))
		}
	})
	srv := &rtmp.Server{Addr: "127.0.0.1:1935", Handler: mux}
	go func() { log.Println(srv.ListenAndServe()) }()
	defer srv.Close()
}
