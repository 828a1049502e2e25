package rtmp_test

import (
	"fmt"

	"github.com/rtmpkit/rtmp"
)

func ExampleParseURL() {
	u, err := rtmp.ParseURL("rtmp://127.0.0.1:1935/live/stream?key=abc")
	if err != nil {
		panic(err)
	}
	fmt.Println(u.Address(), u.App, u.PlayPath, u.TCURL)
	// Output: 127.0.0.1:1935 live stream?key=abc rtmp://127.0.0.1:1935/live
}

func ExampleParseLibrtmpURL() {
	u, opts, err := rtmp.ParseLibrtmpURL(`rtmp://cdn.example/vod/movie.mp4 live=1 buffer=3000 conn=S:hello\20world`)
	if err != nil {
		panic(err)
	}
	fmt.Println(u.App, u.PlayPath, opts.Live, opts.Buffer, opts.Conn)
	// Output: vod mp4:movie true 3000 [hello world]
}
