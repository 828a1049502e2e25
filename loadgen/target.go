package loadgen

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// DefaultPort is the RTMP port used when a URL names none.
const DefaultPort = "1935"

// ErrURL is returned for a URL the load generator cannot use.
var ErrURL = errors.New("loadgen: want rtmp://host[:port]/app/stream")

// Target is a parsed rtmp:// URL: the address to dial, the application
// (the first path segment, as nginx-rtmp and rtmpkit serve read it) and
// the stream name (the rest of the path, with the query if any).
type Target struct {
	Addr   string // host:port
	App    string
	Stream string
	TCURL  string // rtmp://host[:port]/app, sent in connect
}

// ParseTarget parses an rtmp:// URL.
func ParseTarget(raw string) (Target, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "rtmp" || u.Host == "" {
		return Target{}, fmt.Errorf("%w: %q", ErrURL, raw)
	}
	app, stream, ok := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	if !ok || app == "" || stream == "" {
		return Target{}, fmt.Errorf("%w: %q", ErrURL, raw)
	}
	if u.RawQuery != "" {
		stream += "?" + u.RawQuery
	}
	port := u.Port()
	if port == "" {
		port = DefaultPort
	}
	addr := net.JoinHostPort(u.Hostname(), port)
	if h, _, err := net.SplitHostPort(addr); err != nil || h == "" || strings.ContainsAny(h, "[]") {
		return Target{}, fmt.Errorf("%w: %q", ErrURL, raw)
	}
	return Target{Addr: addr, App: app, Stream: stream, TCURL: "rtmp://" + u.Host + "/" + app}, nil
}

// withStream returns t for another stream name on the same application.
func (t Target) withStream(name string) Target {
	t.Stream = name
	return t
}

// URL returns the rtmp:// URL of t's stream, for the client.
func (t Target) URL() string { return t.TCURL + "/" + t.Stream }
