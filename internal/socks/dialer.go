package socks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Protocol versions for [Dialer.Version].
const (
	// Version4 is SOCKS4: the target must be an IPv4 address; host names are
	// resolved locally (with [Dialer.Resolver]) before the request.
	Version4 = 4
	// Version4a is SOCKS4a: IPv4 literals go out exactly as in SOCKS4 and
	// host names are sent to the proxy to resolve. It is the default, and
	// what a librtmp socks=host:port option means here.
	Version4a = 0x4a
	// Version5 is SOCKS5 (RFC 1928): IPv4, IPv6 and domain-name targets,
	// with username/password authentication (RFC 1929) when User is set.
	Version5 = 5
)

// DefaultPort is the SOCKS port used when a proxy address has none.
const DefaultPort = "1080"

// ErrAddress reports a target the chosen SOCKS version cannot express: an
// IPv6 address over SOCKS4/4a, a host name or credential longer than 255
// bytes, a NUL byte in a SOCKS4 field, or a bad port.
var ErrAddress = errors.New("socks: target not expressible")

// ContextDialer dials a network connection; *net.Dialer is one.
type ContextDialer interface {
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

// Dialer connects to targets through a SOCKS proxy. The zero value of every
// field but Proxy is usable. A Dialer is safe for concurrent use.
type Dialer struct {
	// Proxy is the proxy's host:port.
	Proxy string
	// Version is Version4, Version4a or Version5; 0 means Version4a.
	Version int
	// User is the SOCKS5 user name, or the SOCKS4 user id.
	User string
	// Password is the SOCKS5 password; with User it enables RFC 1929
	// authentication.
	Password string
	// Forward dials the proxy; nil means a zero net.Dialer.
	Forward ContextDialer
	// Resolver resolves host names for Version4; nil means
	// net.DefaultResolver.
	Resolver *net.Resolver
}

// Dial is DialContext with context.Background.
func (d *Dialer) Dial(network, addr string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, addr)
}

// DialContext connects to the proxy and asks it to CONNECT to addr
// (host:port). network must be "tcp", "tcp4" or "tcp6"; it only restricts
// which address Version4 resolves (tcp6 is refused by SOCKS4). The context
// bounds the whole exchange: the proxy dial and the SOCKS handshake. On
// success the returned connection carries the tunnelled stream with no
// deadline set.
func (d *Dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return nil, fmt.Errorf("socks: dial %s: %w", addr, net.UnknownNetworkError(network))
	}
	fwd := d.Forward
	if fwd == nil {
		fwd = &net.Dialer{}
	}
	conn, err := fwd.DialContext(ctx, "tcp", d.Proxy)
	if err != nil {
		return nil, fmt.Errorf("socks: dial proxy %s: %w", d.Proxy, err)
	}
	if err := d.handshake(ctx, conn, network, addr); err != nil {
		conn.Close()
		return nil, fmt.Errorf("socks: connect to %s via %s: %w", addr, d.Proxy, err)
	}
	return conn, nil
}

// aLongTimeAgo is a deadline in the past, used to abort blocked I/O when the
// context is cancelled.
var aLongTimeAgo = time.Unix(1, 0)

// handshake runs the SOCKS exchange on conn, honouring ctx.
func (d *Dialer) handshake(ctx context.Context, conn net.Conn, network, addr string) (err error) {
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(aLongTimeAgo) })
	defer func() {
		if !stop() {
			// The context ended during the exchange; its error explains
			// the I/O timeout we may have seen, and a finished exchange is
			// still abandoned because the deadline is now in the past.
			err = ctx.Err()
			return
		}
		conn.SetDeadline(time.Time{})
		if err != nil {
			// The connection's deadline (copied from the context) can fire
			// an instant before the context itself reports it.
			if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
				err = context.DeadlineExceeded
			}
		}
	}()

	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrAddress, err)
	}
	port, err := strconv.ParseUint(portStr, 10, 16)
	if err != nil {
		return fmt.Errorf("%w: port %q", ErrAddress, portStr)
	}
	switch d.Version {
	case Version4, Version4a, 0:
		return d.connect4(ctx, conn, network, host, uint16(port))
	case Version5:
		return d.connect5(conn, host, uint16(port))
	}
	return fmt.Errorf("socks: unknown version %d", d.Version)
}

// connect4 runs a SOCKS4 or SOCKS4a CONNECT.
func (d *Dialer) connect4(ctx context.Context, conn net.Conn, network, host string, port uint16) error {
	if network == "tcp6" {
		return fmt.Errorf("%w: socks4 has no IPv6", ErrAddress)
	}
	if strings.IndexByte(d.User, 0) >= 0 || strings.IndexByte(host, 0) >= 0 {
		return fmt.Errorf("%w: NUL byte in socks4 field", ErrAddress)
	}
	var ip netip.Addr
	name := ""
	if a, err := netip.ParseAddr(host); err == nil {
		ip = a.Unmap()
		if !ip.Is4() {
			return fmt.Errorf("%w: socks4 cannot address %s", ErrAddress, host)
		}
	} else if d.Version == Version4 {
		r := d.Resolver
		if r == nil {
			r = net.DefaultResolver
		}
		ips, err := r.LookupNetIP(ctx, "ip4", host)
		if err != nil {
			return err
		}
		if len(ips) == 0 {
			return fmt.Errorf("%w: no IPv4 address for %s", ErrAddress, host)
		}
		ip = ips[0].Unmap()
	} else {
		name = host
	}
	req := appendRequest4(make([]byte, 0, 16+len(d.User)+len(name)), ip, name, port, d.User)
	if _, err := conn.Write(req); err != nil {
		return err
	}
	_, err := readReply4(conn)
	return err
}

// connect5 runs SOCKS5 method selection, optional RFC 1929 authentication
// and a CONNECT.
func (d *Dialer) connect5(conn net.Conn, host string, port uint16) error {
	withPassword := d.User != "" || d.Password != ""
	if withPassword && (len(d.User) == 0 || len(d.User) > maxSocks5Field || len(d.Password) > maxSocks5Field) {
		return fmt.Errorf("%w: socks5 user must be 1..255 bytes and password at most 255", ErrAddress)
	}
	if _, err := netip.ParseAddr(host); err != nil && (len(host) == 0 || len(host) > maxSocks5Field) {
		return fmt.Errorf("%w: socks5 host name must be 1..255 bytes", ErrAddress)
	}
	if _, err := conn.Write(appendGreeting5(make([]byte, 0, 4), withPassword)); err != nil {
		return err
	}
	method, err := readMethod5(conn)
	if err != nil {
		return err
	}
	switch {
	case method == methodNoAuth:
	case method == methodUserPass && withPassword:
		req := appendUserPass(make([]byte, 0, 3+len(d.User)+len(d.Password)), d.User, d.Password)
		if _, err := conn.Write(req); err != nil {
			return err
		}
		if err := readUserPassReply(conn); err != nil {
			return err
		}
	case method == methodNone:
		return &ReplyError{Version: 5, Stage: stageAuth, Code: method, Kind: ErrAuthFailed}
	default:
		return protocolError("socks5 server chose method 0x%02x we did not offer", method)
	}
	if _, err := conn.Write(appendRequest5(make([]byte, 0, 7+len(host)), host, port)); err != nil {
		return err
	}
	_, err = readReply5(conn)
	return err
}
