package socks

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/netip"
	"testing"
	"testing/iotest"
)

// step is one exchange of a scripted proxy: it expects exactly the bytes in
// expect from the client, then sends reply.
type step struct{ expect, reply []byte }

// pipeDialer hands out the client end of a net.Pipe whose server end runs
// a script.
type pipeDialer struct {
	t      *testing.T
	script []step
	errc   chan error
}

func (p *pipeDialer) DialContext(context.Context, string, string) (net.Conn, error) {
	client, server := net.Pipe()
	go func() {
		defer server.Close()
		for i, s := range p.script {
			got := make([]byte, len(s.expect))
			if _, err := io.ReadFull(server, got); err != nil {
				p.errc <- err
				return
			}
			if !bytes.Equal(got, s.expect) {
				p.errc <- errors.New("step " + string(rune('0'+i)) + ": unexpected request bytes: " + hexs(got) + " want " + hexs(s.expect))
				return
			}
			if _, err := server.Write(s.reply); err != nil {
				p.errc <- err
				return
			}
		}
		p.errc <- nil
	}()
	return client, nil
}

func hexs(b []byte) string {
	const digits = "0123456789abcdef"
	var s []byte
	for _, c := range b {
		s = append(s, digits[c>>4], digits[c&15], ' ')
	}
	return string(s)
}

// TestWireBytes pins the exact request bytes (written out by hand from
// the SOCKS4, SOCKS4a, RFC 1928 and RFC 1929 texts) for each kind of request.
func TestWireBytes(t *testing.T) {
	ok4 := []byte{0x00, 0x5a, 0, 0, 0, 0, 0, 0}
	ok5 := []byte{0x05, 0x00, 0x00, 0x01, 10, 0, 0, 1, 0x07, 0x8f}
	tests := []struct {
		name   string
		d      Dialer
		addr   string
		script []step
	}{
		{"socks4 ipv4 rtmp port", Dialer{Version: Version4}, "192.0.2.7:1935", []step{
			{[]byte{0x04, 0x01, 0x07, 0x8f, 192, 0, 2, 7, 0x00}, ok4}}},
		{"socks4 user id", Dialer{Version: Version4, User: "bob"}, "192.0.2.7:80", []step{
			{[]byte{0x04, 0x01, 0x00, 0x50, 192, 0, 2, 7, 'b', 'o', 'b', 0x00}, ok4}}},
		{"socks4a name", Dialer{Version: Version4a}, "live.example:1935", []step{
			{append([]byte{0x04, 0x01, 0x07, 0x8f, 0, 0, 0, 1, 0x00}, "live.example\x00"...), ok4}}},
		{"socks4 reply version 4 tolerated", Dialer{Version: Version4}, "192.0.2.7:1935", []step{
			{[]byte{0x04, 0x01, 0x07, 0x8f, 192, 0, 2, 7, 0x00}, []byte{0x04, 0x5a, 0, 0, 0, 0, 0, 0}}}},
		{"socks5 noauth ipv4", Dialer{Version: Version5}, "192.0.2.7:1935", []step{
			{[]byte{0x05, 0x01, 0x00}, []byte{0x05, 0x00}},
			{[]byte{0x05, 0x01, 0x00, 0x01, 192, 0, 2, 7, 0x07, 0x8f}, ok5}}},
		{"socks5 ipv6", Dialer{Version: Version5}, "[2001:db8::1]:443", []step{
			{[]byte{0x05, 0x01, 0x00}, []byte{0x05, 0x00}},
			{[]byte{0x05, 0x01, 0x00, 0x04, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x01, 0xbb},
				[]byte{0x05, 0x00, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1}}}},
		{"socks5 domain, bound domain", Dialer{Version: Version5}, "a.example:1", []step{
			{[]byte{0x05, 0x01, 0x00}, []byte{0x05, 0x00}},
			{append(append([]byte{0x05, 0x01, 0x00, 0x03, 9}, "a.example"...), 0x00, 0x01),
				append(append([]byte{0x05, 0x00, 0x00, 0x03, 3}, "b.c"...), 0x00, 0x02)}}},
		{"socks5 userpass", Dialer{Version: Version5, User: "u", Password: "pw"}, "192.0.2.7:1935", []step{
			{[]byte{0x05, 0x02, 0x00, 0x02}, []byte{0x05, 0x02}},
			{[]byte{0x01, 0x01, 'u', 0x02, 'p', 'w'}, []byte{0x01, 0x00}},
			{[]byte{0x05, 0x01, 0x00, 0x01, 192, 0, 2, 7, 0x07, 0x8f}, ok5}}},
		{"socks5 empty password", Dialer{Version: Version5, User: "u"}, "192.0.2.7:1935", []step{
			{[]byte{0x05, 0x02, 0x00, 0x02}, []byte{0x05, 0x02}},
			{[]byte{0x01, 0x01, 'u', 0x00}, []byte{0x05, 0x00}},
			{[]byte{0x05, 0x01, 0x00, 0x01, 192, 0, 2, 7, 0x07, 0x8f}, ok5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pd := &pipeDialer{t: t, script: append(tt.script, step{expect: []byte("ping"), reply: []byte("pong")}), errc: make(chan error, 1)}
			d := tt.d
			d.Proxy = "proxy.invalid:1080"
			d.Forward = pd
			c, err := d.Dial("tcp", tt.addr)
			if err != nil {
				t.Fatal(err, <-pd.errc)
			}
			defer c.Close()
			if _, err := c.Write([]byte("ping")); err != nil {
				t.Fatal(err)
			}
			got := make([]byte, 4)
			if _, err := io.ReadFull(c, got); err != nil || string(got) != "pong" {
				t.Fatalf("tunnel read %q, %v", got, err)
			}
			if err := <-pd.errc; err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestWireProtocolErrors: replies that break the protocol are ErrProtocol.
func TestWireProtocolErrors(t *testing.T) {
	tests := []struct {
		name   string
		d      Dialer
		script []step
		want   error
	}{
		{"socks4 bad version", Dialer{Version: Version4}, []step{
			{[]byte{0x04, 0x01, 0x07, 0x8f, 192, 0, 2, 7, 0x00}, []byte{0x05, 0x5a, 0, 0, 0, 0, 0, 0}}}, ErrProtocol},
		{"socks5 method bad version", Dialer{Version: Version5}, []step{
			{[]byte{0x05, 0x01, 0x00}, []byte{0x04, 0x00}}}, ErrProtocol},
		{"socks5 method not offered", Dialer{Version: Version5}, []step{
			{[]byte{0x05, 0x01, 0x00}, []byte{0x05, 0x02}}}, ErrProtocol},
		{"socks5 auth reply version", Dialer{Version: Version5, User: "u", Password: "p"}, []step{
			{[]byte{0x05, 0x02, 0x00, 0x02}, []byte{0x05, 0x02}},
			{[]byte{0x01, 0x01, 'u', 0x01, 'p'}, []byte{0x02, 0x00}}}, ErrProtocol},
		{"socks5 reply atyp", Dialer{Version: Version5}, []step{
			{[]byte{0x05, 0x01, 0x00}, []byte{0x05, 0x00}},
			{[]byte{0x05, 0x01, 0x00, 0x01, 192, 0, 2, 7, 0x07, 0x8f}, []byte{0x05, 0x00, 0x00, 0x02}}}, ErrProtocol},
		{"socks5 reply cut", Dialer{Version: Version5}, []step{
			{[]byte{0x05, 0x01, 0x00}, []byte{0x05, 0x00}},
			{[]byte{0x05, 0x01, 0x00, 0x01, 192, 0, 2, 7, 0x07, 0x8f}, []byte{0x05, 0x00, 0x00, 0x01, 1, 2}}}, io.ErrUnexpectedEOF},
		{"socks5 closed before reply", Dialer{Version: Version5}, []step{
			{[]byte{0x05, 0x01, 0x00}, nil}}, io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pd := &pipeDialer{t: t, script: tt.script, errc: make(chan error, 1)}
			d := tt.d
			d.Proxy = "proxy.invalid:1080"
			d.Forward = pd
			_, err := d.Dial("tcp", "192.0.2.7:1935")
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// readers wraps a reply the ways a network can deliver it.
var readers = []struct {
	name string
	wrap func(io.Reader) io.Reader
}{
	{"whole", func(r io.Reader) io.Reader { return r }},
	{"one byte", iotest.OneByteReader},
	{"half", iotest.HalfReader},
	{"data err", iotest.DataErrReader},
}

func TestReadReply4(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want netip.AddrPort
		err  error
	}{
		{"granted", []byte{0, 0x5a, 0x07, 0x8f, 10, 1, 2, 3}, netip.MustParseAddrPort("10.1.2.3:1935"), nil},
		{"rejected", []byte{0, 0x5b, 0, 0, 0, 0, 0, 0}, netip.AddrPort{}, ErrRejected},
		{"identd", []byte{0, 0x5c, 0, 0, 0, 0, 0, 0}, netip.AddrPort{}, ErrAuthFailed},
		{"unknown code", []byte{0, 0x01, 0, 0, 0, 0, 0, 0}, netip.AddrPort{}, ErrRejected},
		{"bad version", []byte{9, 0x5a, 0, 0, 0, 0, 0, 0}, netip.AddrPort{}, ErrProtocol},
	}
	for _, tt := range tests {
		for _, rd := range readers {
			t.Run(tt.name+"/"+rd.name, func(t *testing.T) {
				got, err := readReply4(rd.wrap(bytes.NewReader(tt.in)))
				if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				if got != tt.want {
					t.Errorf("addr = %v, want %v", got, tt.want)
				}
			})
		}
		for n := range len(tt.in) {
			if _, err := readReply4(bytes.NewReader(tt.in[:n])); err != io.ErrUnexpectedEOF {
				t.Errorf("%s: prefix %d: err = %v, want io.ErrUnexpectedEOF", tt.name, n, err)
			}
		}
	}
}

func TestReadReply5(t *testing.T) {
	long := bytes.Repeat([]byte("x"), 255)
	tests := []struct {
		name string
		in   []byte
		want string
		err  error
		// short: how many leading bytes end the reply on refusal
		short int
	}{
		{"ipv4", []byte{5, 0, 0, 1, 10, 1, 2, 3, 0x07, 0x8f}, "10.1.2.3:1935", nil, 0},
		{"ipv6", []byte{5, 0, 0, 4, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 80}, "[2001:db8::2]:80", nil, 0},
		{"domain", append(append([]byte{5, 0, 0, 3, 4}, "host"...), 0, 1), "host:1", nil, 0},
		{"empty domain", []byte{5, 0, 0, 3, 0, 0, 1}, ":1", nil, 0},
		{"255-byte domain", append(append([]byte{5, 0, 0, 3, 255}, long...), 0, 1), string(long) + ":1", nil, 0},
		{"refused", []byte{5, 5, 0, 1}, "", ErrUnreachable, 0},
		{"host unreachable", []byte{5, 4, 0, 1, 0, 0, 0, 0, 0, 0}, "", ErrUnreachable, 4},
		{"general", []byte{5, 1, 0, 1}, "", ErrRejected, 0},
		{"unknown code", []byte{5, 0x42, 0, 1}, "", ErrRejected, 0},
		{"bad version", []byte{4, 0, 0, 1}, "", ErrProtocol, 0},
		{"bad atyp", []byte{5, 0, 0, 9}, "", ErrProtocol, 0},
	}
	for _, tt := range tests {
		for _, rd := range readers {
			t.Run(tt.name+"/"+rd.name, func(t *testing.T) {
				got, err := readReply5(rd.wrap(bytes.NewReader(tt.in)))
				if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				if got != tt.want {
					t.Errorf("addr = %q, want %q", got, tt.want)
				}
			})
		}
		complete := len(tt.in)
		if tt.short > 0 {
			complete = tt.short
		}
		for n := range complete {
			if _, err := readReply5(bytes.NewReader(tt.in[:n])); err != io.ErrUnexpectedEOF {
				t.Errorf("%s: prefix %d: err = %v, want io.ErrUnexpectedEOF", tt.name, n, err)
			}
		}
	}
}

func TestReplyErrorText(t *testing.T) {
	tests := []struct {
		err  *ReplyError
		want string
	}{
		{&ReplyError{Version: 4, Stage: "connect", Code: 0x5b, Kind: ErrRejected}, "socks4 connect: request rejected or failed (code 0x5b)"},
		{&ReplyError{Version: 4, Stage: "connect", Code: 0x5c, Kind: ErrAuthFailed}, "socks4 connect: proxy cannot reach identd on the client (code 0x5c)"},
		{&ReplyError{Version: 5, Stage: "connect", Code: 5, Kind: ErrUnreachable}, "socks5 connect: connection refused (code 0x05)"},
		{&ReplyError{Version: 5, Stage: "connect", Code: 0x99, Kind: ErrRejected}, "socks5 connect: unknown reply (code 0x99)"},
		{&ReplyError{Version: 5, Stage: "auth", Code: 0xff, Kind: ErrAuthFailed}, "socks5 auth: no acceptable authentication method (code 0xff)"},
		{&ReplyError{Version: 5, Stage: "auth", Code: 1, Kind: ErrAuthFailed}, "socks5 auth: username/password rejected (code 0x01)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestParseProxy(t *testing.T) {
	tests := []struct {
		in      string
		want    Dialer
		wantErr bool
	}{
		{in: "proxy.example:1080", want: Dialer{Proxy: "proxy.example:1080", Version: Version4a}},
		{in: "proxy.example", want: Dialer{Proxy: "proxy.example:1080", Version: Version4a}},
		{in: "10.0.0.1:9050", want: Dialer{Proxy: "10.0.0.1:9050", Version: Version4a}},
		{in: "[::1]:9050", want: Dialer{Proxy: "[::1]:9050", Version: Version4a}},
		{in: "[::1]", want: Dialer{Proxy: "[::1]:1080", Version: Version4a}},
		{in: "socks4://p:1", want: Dialer{Proxy: "p:1", Version: Version4}},
		{in: "socks4a://id@p", want: Dialer{Proxy: "p:1080", Version: Version4a, User: "id"}},
		{in: "socks5://user:pa%3Ass@p:1081", want: Dialer{Proxy: "p:1081", Version: Version5, User: "user", Password: "pa:ss"}},
		{in: "SOCKS5H://[2001:db8::1]:1", want: Dialer{Proxy: "[2001:db8::1]:1", Version: Version5}},
		{in: "socks5://p:1/", want: Dialer{Proxy: "p:1", Version: Version5}},
		{in: "", wantErr: true},
		{in: "::1", wantErr: true},
		{in: ":1080", wantErr: true},
		{in: "http://p:1", wantErr: true},
		{in: "socks5://p:1/path", wantErr: true},
		{in: "socks5://p:1?x=1", wantErr: true},
		{in: "socks5://", wantErr: true},
		{in: "socks5://%zz", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseProxy(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("ParseProxy(%q) = %+v, want error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseProxy(%q): %v", tt.in, err)
			continue
		}
		if *got != tt.want {
			t.Errorf("ParseProxy(%q) = %+v, want %+v", tt.in, *got, tt.want)
		}
	}
}
