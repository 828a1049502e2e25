package socks

import (
	"bytes"
	"context"
	"testing"
)

func BenchmarkReadReply5(b *testing.B) {
	reply := []byte{5, 0, 0, 1, 10, 1, 2, 3, 0x07, 0x8f}
	r := bytes.NewReader(reply)
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(reply)
		if _, err := readReply5(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHandshake5 is a whole SOCKS5 exchange with user/password against
// canned replies (no network).
func BenchmarkHandshake5(b *testing.B) {
	replies := []byte{5, 2, 1, 0, 5, 0, 0, 1, 10, 1, 2, 3, 0x07, 0x8f}
	d := &Dialer{Version: Version5, User: "u", Password: "p"}
	r := bytes.NewReader(replies)
	c := &scriptConn{r: r}
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(replies)
		if err := d.handshake(context.Background(), c, "tcp", "live.example:1935"); err != nil {
			b.Fatal(err)
		}
	}
}
