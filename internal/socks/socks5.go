package socks

import (
	"encoding/binary"
	"io"
	"net"
	"net/netip"
	"strconv"
)

// SOCKS5 wire constants (RFC 1928, RFC 1929).
const (
	socks5Version    = 0x05
	socks5Connect    = 0x01
	methodNoAuth     = 0x00
	methodUserPass   = 0x02
	methodNone       = 0xff // "no acceptable methods"
	userPassVersion  = 0x01
	atypIPv4         = 0x01
	atypDomain       = 0x03
	atypIPv6         = 0x04
	socks5Succeeded  = 0x00
	maxSocks5Field   = 255 // user, password and domain lengths are one byte
	socks5HeaderSize = 4   // VER REP RSV ATYP
)

// appendGreeting5 appends the method-selection message: no authentication,
// plus username/password when withPassword.
func appendGreeting5(b []byte, withPassword bool) []byte {
	if withPassword {
		return append(b, socks5Version, 2, methodNoAuth, methodUserPass)
	}
	return append(b, socks5Version, 1, methodNoAuth)
}

// readMethod5 reads the server's method selection (VER METHOD).
func readMethod5(r io.Reader) (byte, error) {
	var buf [2]byte
	if _, err := io.ReadFull(r, buf[:]); err != nil {
		return 0, unexpected(err)
	}
	if buf[0] != socks5Version {
		return 0, protocolError("socks5 method reply version %d", buf[0])
	}
	return buf[1], nil
}

// appendUserPass appends an RFC 1929 request. The caller has checked that
// both fields are at most 255 bytes.
func appendUserPass(b []byte, user, password string) []byte {
	b = append(b, userPassVersion, byte(len(user)))
	b = append(b, user...)
	b = append(b, byte(len(password)))
	return append(b, password...)
}

// readUserPassReply reads the RFC 1929 reply (VER STATUS). VER should be 1;
// 5 is accepted too because several servers answer with the SOCKS version.
func readUserPassReply(r io.Reader) error {
	var buf [2]byte
	if _, err := io.ReadFull(r, buf[:]); err != nil {
		return unexpected(err)
	}
	if buf[0] != userPassVersion && buf[0] != socks5Version {
		return protocolError("socks5 auth reply version %d", buf[0])
	}
	if buf[1] != 0 {
		return &ReplyError{Version: 5, Stage: stageAuth, Code: buf[1], Kind: ErrAuthFailed}
	}
	return nil
}

// appendRequest5 appends a CONNECT request for host:port. host is an IP
// literal (sent as ATYP 1 or 4) or a domain name of at most 255 bytes (the
// caller checks).
func appendRequest5(b []byte, host string, port uint16) []byte {
	b = append(b, socks5Version, socks5Connect, 0)
	if ip, err := netip.ParseAddr(host); err == nil {
		ip = ip.Unmap()
		if ip.Is4() {
			a := ip.As4()
			b = append(append(b, atypIPv4), a[:]...)
		} else {
			a := ip.As16()
			b = append(append(b, atypIPv6), a[:]...)
		}
	} else {
		b = append(b, atypDomain, byte(len(host)))
		b = append(b, host...)
	}
	return binary.BigEndian.AppendUint16(b, port)
}

// readReply5 reads one CONNECT reply and returns the bound address as
// host:port. A refusal is a *ReplyError and is returned as soon as the
// header is read, since some servers close without sending the address.
func readReply5(r io.Reader) (string, error) {
	var hdr [socks5HeaderSize]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return "", unexpected(err)
	}
	if hdr[0] != socks5Version {
		return "", protocolError("socks5 reply version %d", hdr[0])
	}
	if code := hdr[1]; code != socks5Succeeded {
		return "", &ReplyError{Version: 5, Stage: stageConnect, Code: code, Kind: kind5(code)}
	}
	// The largest address is a 255-byte domain; the buffer lives on the stack.
	var buf [1 + maxSocks5Field + 2]byte
	var host string
	switch hdr[3] {
	case atypIPv4:
		if _, err := io.ReadFull(r, buf[:4]); err != nil {
			return "", unexpected(err)
		}
		host = netip.AddrFrom4([4]byte(buf[:4])).String()
	case atypIPv6:
		if _, err := io.ReadFull(r, buf[:16]); err != nil {
			return "", unexpected(err)
		}
		host = netip.AddrFrom16([16]byte(buf[:16])).String()
	case atypDomain:
		if _, err := io.ReadFull(r, buf[:1]); err != nil {
			return "", unexpected(err)
		}
		n := int(buf[0])
		if _, err := io.ReadFull(r, buf[1:1+n]); err != nil {
			return "", unexpected(err)
		}
		host = string(buf[1 : 1+n])
	default:
		return "", protocolError("socks5 reply address type %d", hdr[3])
	}
	if _, err := io.ReadFull(r, buf[:2]); err != nil {
		return "", unexpected(err)
	}
	return net.JoinHostPort(host, strconv.Itoa(int(binary.BigEndian.Uint16(buf[:2])))), nil
}
