package socks_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rtmpkit/rtmp/internal/socks"
)

// A librtmp-style socks=host:port option is SOCKS4a on port 1080 unless a
// port is given; URLs choose the version and carry SOCKS5 credentials.
func ExampleParseProxy() {
	for _, s := range []string{"proxy.example", "socks5://alice:secret@proxy.example:1081"} {
		d, err := socks.ParseProxy(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s version %#x user %q\n", d.Proxy, d.Version, d.User)
	}
	// Output:
	// proxy.example:1080 version 0x4a user ""
	// proxy.example:1081 version 0x5 user "alice"
}

// Dial an RTMP server through a SOCKS5 proxy and tell the kinds of failure
// apart.
func ExampleDialer_DialContext() {
	d := &socks.Dialer{Proxy: "127.0.0.1:1", Version: socks.Version5, User: "alice", Password: "secret"}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	conn, err := d.DialContext(ctx, "tcp", "live.example:1935")
	var re *socks.ReplyError
	switch {
	case errors.Is(err, socks.ErrAuthFailed):
		fmt.Println("bad proxy credentials")
	case errors.As(err, &re):
		fmt.Printf("proxy refused: code %#x\n", re.Code)
	case err != nil:
		fmt.Println("proxy not reachable")
	default:
		conn.Close()
	}
	// Output: proxy not reachable
}
