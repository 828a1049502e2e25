package socks

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ParseProxy returns a Dialer for a proxy given either as librtmp's
// socks=host:port value (SOCKS4a, port 1080 when absent) or as a URL:
//
//	socks4://host:port            Version4 (host names resolved locally)
//	socks4a://host:port           Version4a
//	socks5://user:pass@host:port  Version5 (socks5h is the same: host names
//	                              always go to the proxy)
//
// The user part of a socks4/socks4a URL becomes the SOCKS4 user id.
func ParseProxy(s string) (*Dialer, error) {
	if !strings.Contains(s, "://") {
		hostport, err := withDefaultPort(s)
		if err != nil {
			return nil, err
		}
		return &Dialer{Proxy: hostport, Version: Version4a}, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("socks: proxy URL: %w", err)
	}
	d := &Dialer{}
	switch strings.ToLower(u.Scheme) {
	case "socks4":
		d.Version = Version4
	case "socks4a", "socks":
		d.Version = Version4a
	case "socks5", "socks5h":
		d.Version = Version5
	default:
		return nil, fmt.Errorf("socks: proxy URL scheme %q", u.Scheme)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("socks: proxy URL %q has a path or query", s)
	}
	if u.User != nil {
		d.User = u.User.Username()
		d.Password, _ = u.User.Password()
	}
	if d.Proxy, err = withDefaultPort(u.Host); err != nil {
		return nil, err
	}
	return d, nil
}

// withDefaultPort checks host[:port] and adds DefaultPort when the port is
// missing.
func withDefaultPort(hostport string) (string, error) {
	if hostport == "" {
		return "", fmt.Errorf("socks: empty proxy address")
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		// No port: a bare name, IPv4 address or bracketed IPv6 address.
		h := strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]")
		if strings.Contains(h, "[") || strings.Contains(h, "]") || (strings.Contains(h, ":") && !strings.HasPrefix(hostport, "[")) {
			return "", fmt.Errorf("socks: proxy address %q: %v", hostport, err)
		}
		return net.JoinHostPort(h, DefaultPort), nil
	}
	if host == "" {
		return "", fmt.Errorf("socks: proxy address %q has no host", hostport)
	}
	if port == "" {
		port = DefaultPort
	}
	return net.JoinHostPort(host, port), nil
}
