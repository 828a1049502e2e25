package socks

import (
	"encoding/binary"
	"io"
	"net/netip"
)

// SOCKS4 wire constants.
const (
	socks4Version   = 0x04 // VN of a request
	socks4Connect   = 0x01 // CD of a CONNECT request
	socks4Granted   = 0x5a // CD of a successful reply
	socks4ReplySize = 8    // VN CD DSTPORT(2) DSTIP(4)
)

// appendRequest4 appends a SOCKS4 CONNECT request to b. When host is empty
// ip is the IPv4 target (SOCKS4); otherwise the request is SOCKS4a: the IP
// field holds 0.0.0.1 and host follows the user id, both NUL-terminated.
// userID and host must not contain NUL bytes (the caller checks).
func appendRequest4(b []byte, ip netip.Addr, host string, port uint16, userID string) []byte {
	b = append(b, socks4Version, socks4Connect)
	b = binary.BigEndian.AppendUint16(b, port)
	if host != "" {
		b = append(b, 0, 0, 0, 1)
	} else {
		a := ip.As4()
		b = append(b, a[:]...)
	}
	b = append(b, userID...)
	b = append(b, 0)
	if host != "" {
		b = append(b, host...)
		b = append(b, 0)
	}
	return b
}

// readReply4 reads one SOCKS4 reply from r and returns the address the
// proxy reports (often 0.0.0.0:0). VN must be 0 as the protocol says; 4 is
// accepted too because some proxies echo the request's version. A refusal
// is a *ReplyError; a short reply is io.ErrUnexpectedEOF.
func readReply4(r io.Reader) (netip.AddrPort, error) {
	var buf [socks4ReplySize]byte
	if _, err := io.ReadFull(r, buf[:]); err != nil {
		return netip.AddrPort{}, unexpected(err)
	}
	if buf[0] != 0 && buf[0] != socks4Version {
		return netip.AddrPort{}, protocolError("socks4 reply version %d", buf[0])
	}
	if code := buf[1]; code != socks4Granted {
		return netip.AddrPort{}, &ReplyError{Version: 4, Stage: stageConnect, Code: code, Kind: kind4(code)}
	}
	port := binary.BigEndian.Uint16(buf[2:4])
	ip := netip.AddrFrom4([4]byte(buf[4:8]))
	return netip.AddrPortFrom(ip, port), nil
}

// unexpected turns io.EOF (the peer closed before the reply was complete)
// into io.ErrUnexpectedEOF; io.ReadFull already does so after the first byte.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
