package rtmp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/internal/rtmpauth"
	"github.com/rtmpkit/rtmp/internal/socks"
)

// ErrNoTunnel is returned by Dial for rtmpt://, rtmpts:// and rtmpte://
// URLs when ClientConfig.DialTunnel is nil.
var ErrNoTunnel = errors.New("rtmp: tunnelled scheme needs ClientConfig.DialTunnel (for example rtmpt.Dial)")

// Dial connects to the RTMP URL rawurl: it makes the transport connection
// (TCP, TLS for rtmps, the DialTunnel hook for rtmpt/rtmpte, through a SOCKS
// proxy when ClientConfig.Socks is set), performs the handshake (Digest, or
// Encrypted for rtmpe), and sends connect. If the server rejects connect
// asking for Adobe or Limelight authentication and credentials are
// configured, Dial redoes the exchange on new connections. The returned
// connection is connected: call Publish, Play, Call or CreateStream.
//
// rawurl is either a plain URL, split into app and play path with FFmpeg's
// rule (ParseURL), or a librtmp-style string "URL key=value ..." (it
// contains a space), parsed with ParseLibrtmpURL: its options are applied
// over a copy of cfg (URLOptions.ApplyConfig). cfg may be nil.
//
// The whole dial (transport, handshake, connect and authentication
// retries) ends by the earlier of ctx's deadline and ClientConfig.Timeout
// (default 30 s) from now. A zero ClientConfig.HandshakeTimeout does not
// shorten the handshake further under Dial.
func Dial(ctx context.Context, rawurl string, cfg *ClientConfig) (*ClientConn, error) {
	u, cfg, err := parseDialURL(rawurl, cfg)
	if err != nil {
		return nil, err
	}
	return DialURL(ctx, u, cfg)
}

// parseDialURL parses a plain or librtmp-style URL and applies its options.
func parseDialURL(rawurl string, cfg *ClientConfig) (*URL, *ClientConfig, error) {
	var c ClientConfig
	if cfg != nil {
		c = *cfg
	}
	rawurl = strings.TrimSpace(rawurl)
	if !strings.ContainsAny(rawurl, " \t") {
		u, err := ParseURL(rawurl)
		return u, &c, err
	}
	u, opts, err := ParseLibrtmpURL(rawurl)
	if err != nil {
		return nil, nil, err
	}
	opts.ApplyConfig(&c)
	return u, &c, nil
}

// DialURL is Dial with a parsed URL; its time bound is Dial's.
func DialURL(ctx context.Context, u *URL, cfg *ClientConfig) (*ClientConn, error) {
	if cfg == nil {
		cfg = &ClientConfig{}
	}
	t := cfg.Timeout
	if t <= 0 {
		t = DefaultDialTimeout
	}
	// WithTimeout keeps ctx's deadline when it is the earlier one.
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	if cfg.SWFVfy && len(cfg.SWFHash) == 0 {
		hash, size, err := fetchSWFHash(ctx, cfg)
		if err != nil {
			return nil, err
		}
		c := *cfg
		c.SWFHash, c.SWFSize = hash[:], size
		cfg = &c
	}
	return dialAuth(ctx, u, cfg)
}

// dialOnce dials, handshakes and connects once; authQuery, when not empty,
// is appended to app and tcUrl (PROTOCOL.md §12.1).
func dialOnce(ctx context.Context, u *URL, cfg *ClientConfig, authQuery string) (*ClientConn, error) {
	nc, err := dialTransport(ctx, u, cfg)
	if err != nil {
		return nil, err
	}
	c := NewClientConn(nc, u, cfg)
	c.dialed = true
	obj := c.connectObject()
	if authQuery != "" {
		obj = appendAuthQuery(obj, authQuery)
	}
	if _, err := c.connect(ctx, obj, cfg.ConnArgs); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// appendAuthQuery appends the auth query ("?k=v...") to app and tcUrl.
func appendAuthQuery(obj amf0.Object, q string) amf0.Object {
	for i, p := range obj {
		if s, ok := p.Value.(string); ok && (p.Key == "app" || p.Key == "tcUrl") {
			obj[i].Value = rtmpauth.AppendQuery(s, q)
		}
	}
	return obj
}

// dialTransport makes the byte stream the handshake runs on.
func dialTransport(ctx context.Context, u *URL, cfg *ClientConfig) (net.Conn, error) {
	if u.Tunneled() {
		if cfg.DialTunnel == nil {
			return nil, ErrNoTunnel
		}
		return cfg.DialTunnel(ctx, u)
	}
	dial := cfg.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	if cfg.Socks != "" {
		d, err := socks.ParseProxy(cfg.Socks)
		if err != nil {
			return nil, fmt.Errorf("rtmp: socks=%s: %w", cfg.Socks, err)
		}
		d.Forward = dialFunc(dial)
		dial = d.DialContext
	}
	nc, err := dial(ctx, "tcp", u.Address())
	if err != nil {
		return nil, err
	}
	if !u.Secure() {
		return nc, nil
	}
	tc := cfg.TLSConfig.Clone()
	if tc == nil {
		tc = &tls.Config{}
	}
	if tc.ServerName == "" {
		tc.ServerName = u.Host
	}
	conn := tls.Client(nc, tc)
	if err := conn.HandshakeContext(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return conn, nil
}

// dialFunc adapts a dial function to socks.ContextDialer.
type dialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

func (f dialFunc) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	return f(ctx, network, addr)
}

// fetchSWFHash downloads ClientConfig.SWFURL and hashes it for SWF
// verification.
func fetchSWFHash(ctx context.Context, cfg *ClientConfig) ([handshake.DigestSize]byte, uint32, error) {
	var zero [handshake.DigestSize]byte
	if cfg.SWFURL == "" {
		return zero, 0, errors.New("rtmp: SWFVfy needs SWFURL or SWFHash")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.SWFURL, nil)
	if err != nil {
		return zero, 0, err
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return zero, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return zero, 0, fmt.Errorf("rtmp: fetching SWF %s: %s", cfg.SWFURL, resp.Status)
	}
	return handshake.HashSWF(resp.Body, 0)
}
