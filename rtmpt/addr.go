package rtmpt

import (
	"net"
	"net/netip"
)

// Addr is the address of one end of a tunnel when no TCP address applies:
// Network is "rtmpt" (or "rtmpts") and String the host:port or URL.
type Addr struct {
	Net, Host string
}

// Network returns a.Net.
func (a Addr) Network() string { return a.Net }

// String returns a.Host.
func (a Addr) String() string { return a.Host }

// tcpAddr turns an http.Request.RemoteAddr ("ip:port") into a *net.TCPAddr,
// so that server code keying on IP addresses sees the real client; anything
// else is kept as an Addr.
func tcpAddr(s string) net.Addr {
	ap, err := netip.ParseAddrPort(s)
	if err != nil {
		return Addr{Net: "rtmpt", Host: s}
	}
	return net.TCPAddrFromAddrPort(ap)
}
