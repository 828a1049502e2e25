package socks

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

func FuzzReadReply4(f *testing.F) {
	f.Add([]byte{0, 0x5a, 0x07, 0x8f, 10, 1, 2, 3})
	f.Add([]byte{0, 0x5b, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{4, 0x5d, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		addr, err := readReply4(bytes.NewReader(b))
		if err == nil {
			if len(b) < socks4ReplySize || b[1] != socks4Granted || !addr.Addr().Is4() {
				t.Fatalf("accepted % x as %v", b, addr)
			}
			return
		}
		if len(b) < socks4ReplySize && err != io.ErrUnexpectedEOF {
			t.Fatalf("short reply % x: %v", b, err)
		}
		checkKind(t, err)
	})
}

func FuzzReadReply5(f *testing.F) {
	f.Add([]byte{5, 0, 0, 1, 10, 1, 2, 3, 0x07, 0x8f})
	f.Add([]byte{5, 0, 0, 4, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 80})
	f.Add(append(append([]byte{5, 0, 0, 3, 4}, "host"...), 0, 1))
	f.Add([]byte{5, 5, 0, 1})
	f.Add([]byte{5, 0, 0, 3, 255})
	f.Fuzz(func(t *testing.T, b []byte) {
		addr, err := readReply5(bytes.NewReader(b))
		if err == nil {
			if _, _, err := net.SplitHostPort(addr); err != nil && b[3] != atypDomain {
				t.Fatalf("accepted % x as unsplittable %q", b, addr)
			}
			if b[0] != 5 || b[1] != 0 {
				t.Fatalf("accepted % x", b)
			}
			return
		}
		checkKind(t, err)
	})
}

// FuzzHandshake feeds arbitrary proxy replies to a full SOCKS5 (with
// credentials) or SOCKS4a exchange; it must end in a typed error or success,
// never a panic or a hang.
func FuzzHandshake(f *testing.F) {
	f.Add(byte(5), []byte{5, 2, 1, 0, 5, 0, 0, 1, 1, 2, 3, 4, 0, 1})
	f.Add(byte(5), []byte{5, 0, 5, 0, 0, 3, 1, 'x', 0, 1})
	f.Add(byte(4), []byte{0, 0x5a, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, version byte, replies []byte) {
		d := &Dialer{Version: Version4a, User: "u", Password: "p"}
		if version&1 == 1 {
			d.Version = Version5
		}
		c := &scriptConn{r: bytes.NewReader(replies)}
		err := d.handshake(context.Background(), c, "tcp", "host.example:1935")
		if err != nil {
			checkKind(t, err)
		}
	})
}

// checkKind fails unless err is one of the package's documented outcomes.
func checkKind(t *testing.T, err error) {
	t.Helper()
	var re *ReplyError
	switch {
	case errors.As(err, &re):
		if re.Kind != ErrRejected && re.Kind != ErrAuthFailed && re.Kind != ErrUnreachable {
			t.Fatalf("reply error of kind %v", re.Kind)
		}
	case errors.Is(err, ErrProtocol), err == io.ErrUnexpectedEOF:
	default:
		t.Fatalf("untyped error %v", err)
	}
}

// scriptConn is a net.Conn that reads from r and discards writes.
type scriptConn struct{ r io.Reader }

func (c *scriptConn) Read(b []byte) (int, error)       { return c.r.Read(b) }
func (c *scriptConn) Write(b []byte) (int, error)      { return len(b), nil }
func (c *scriptConn) Close() error                     { return nil }
func (c *scriptConn) LocalAddr() net.Addr              { return nil }
func (c *scriptConn) RemoteAddr() net.Addr             { return nil }
func (c *scriptConn) SetDeadline(time.Time) error      { return nil }
func (c *scriptConn) SetReadDeadline(time.Time) error  { return nil }
func (c *scriptConn) SetWriteDeadline(time.Time) error { return nil }
