package rtmpt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrBadReply is returned when a server's reply is not an RTMPT reply (an
// empty body, an unusable session id, or one larger than MaxReplySize).
var ErrBadReply = errors.New("rtmpt: malformed reply")

// Dial opens an RTMPT session and returns it as a net.Conn that carries
// RTMP bytes: Write queues bytes that a /send request delivers (batched for
// Config.FlushInterval), and a background loop polls with /idle, honouring
// the server's polling byte, to fill Read. Close flushes, sends /close and
// releases the HTTP connections.
//
// addr is an rtmpt://, rtmpte:// or rtmpts:// URL (only the host and port
// are used; the default ports are 80 and 443), an http:// or https:// base
// URL (a path prefix is kept), or a bare host:port for plain HTTP. ctx
// bounds the /open request only.
func Dial(ctx context.Context, addr string, cfg *Config) (net.Conn, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	base, secure, err := baseURL(addr)
	if err != nil {
		return nil, err
	}
	hc := cfg.HTTPClient
	var tr *http.Transport
	if hc == nil {
		tr = &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSClientConfig:     cfg.TLSConfig.Clone(),
			TLSHandshakeTimeout: 10 * time.Second,
			MaxIdleConnsPerHost: 2,
			IdleConnTimeout:     90 * time.Second,
		}
		hc = &http.Client{Transport: tr}
	}
	network := "rtmpt"
	if secure {
		network = "rtmpts"
	}
	c := &conn{
		pipe:     newPipe(orDefault(cfg.MaxBuffered, DefaultMaxBuffered)),
		cfg:      cfg,
		hc:       hc,
		tr:       tr,
		base:     base,
		local:    Addr{Net: network, Host: "local"},
		remote:   Addr{Net: network, Host: base},
		pumpDone: make(chan struct{}),
	}
	if err := c.open(ctx); err != nil {
		if tr != nil {
			tr.CloseIdleConnections()
		}
		return nil, err
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	go c.pump()
	return c, nil
}

// baseURL turns the Dial address into the HTTP base URL of the tunnel.
func baseURL(addr string) (base string, secure bool, err error) {
	if !strings.Contains(addr, "://") {
		if addr == "" {
			return "", false, fmt.Errorf("rtmpt: empty address")
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			addr = net.JoinHostPort(addr, "80")
		}
		return "http://" + addr, false, nil
	}
	u, err := url.Parse(addr)
	if err != nil {
		return "", false, fmt.Errorf("rtmpt: %w", err)
	}
	if u.Host == "" {
		return "", false, fmt.Errorf("rtmpt: no host in %q", addr)
	}
	switch strings.ToLower(u.Scheme) {
	case "rtmpt", "rtmpte":
		return "http://" + hostPort(u, "80"), false, nil
	case "rtmpts":
		return "https://" + hostPort(u, "443"), true, nil
	case "http":
		return "http://" + u.Host + strings.TrimSuffix(u.EscapedPath(), "/"), false, nil
	case "https":
		return "https://" + u.Host + strings.TrimSuffix(u.EscapedPath(), "/"), true, nil
	}
	return "", false, fmt.Errorf("rtmpt: unsupported scheme %q", u.Scheme)
}

func hostPort(u *url.URL, def string) string {
	if u.Port() != "" {
		return u.Host
	}
	return net.JoinHostPort(u.Hostname(), def)
}

// conn is the client end of a tunnel.
type conn struct {
	*pipe
	cfg           *Config
	hc            *http.Client
	tr            *http.Transport // owned, or nil when Config.HTTPClient is used
	base          string
	id            string
	seq           uint64       // owned by the pump after open
	rbuf          bytes.Buffer // reply bodies; owned by the pump after open
	local, remote net.Addr

	ctx       context.Context // cancelled when Close gives up
	cancel    context.CancelFunc
	pumpDone  chan struct{}
	closeOnce sync.Once
}

// LocalAddr returns the local address of the HTTP connection that opened
// the session (an Addr when it is unknown).
func (c *conn) LocalAddr() net.Addr { return c.local }

// RemoteAddr returns the server address of the HTTP connection that opened
// the session (the proxy when there is one; an Addr when it is unknown).
func (c *conn) RemoteAddr() net.Addr { return c.remote }

// open sends /open/1 and keeps the session id from the reply.
func (c *conn) open(ctx context.Context) error {
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		c.local, c.remote = info.Conn.LocalAddr(), info.Conn.RemoteAddr()
	}}
	ctx = httptrace.WithClientTrace(ctx, trace)
	body, err := c.do(ctx, "open", c.base+"/open/1", []byte{0}, MaxSessionIDLength+2)
	if err != nil {
		return err
	}
	id := strings.TrimSpace(string(body))
	if !validID(id) {
		return fmt.Errorf("%w: session id %q", ErrBadReply, body)
	}
	c.id = id
	return nil
}

// post sends one session request and returns the polling byte and the
// server's bytes.
func (c *conn) post(cmd string, body []byte) (byte, []byte, error) {
	u := c.base + "/" + cmd + "/" + c.id + "/" + strconv.FormatUint(c.seq, 10)
	c.seq++
	b, err := c.do(c.ctx, cmd, u, body, orDefault(c.cfg.MaxReplySize, DefaultMaxReplySize))
	if err != nil {
		return 0, nil, err
	}
	if len(b) == 0 {
		return 0, nil, fmt.Errorf("%w: empty %s reply", ErrBadReply, cmd)
	}
	return b[0], b[1:], nil
}

// do runs one POST and returns the body of a 200 reply. The body aliases
// c.rbuf and is valid until the next call.
func (c *conn) do(ctx context.Context, cmd, u string, body []byte, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("rtmpt: %w", err)
	}
	for k, v := range c.cfg.Header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Cache-Control", "no-cache")
	ua := c.cfg.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, maxIgnoredBody))
		return nil, &StatusError{Command: cmd, Code: resp.StatusCode}
	}
	c.rbuf.Reset()
	if _, err := c.rbuf.ReadFrom(io.LimitReader(resp.Body, limit+1)); err != nil {
		return nil, err
	}
	b := c.rbuf.Bytes()
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: %s reply over %d bytes", ErrBadReply, cmd, limit)
	}
	return b, nil
}

// Close flushes what was written, sends /close and releases the HTTP
// connections, waiting at most Config.CloseTimeout. Read and Write return
// net.ErrClosed afterwards.
func (c *conn) Close() error {
	c.closeOnce.Do(func() {
		p := c.pipe
		p.mu.Lock()
		p.closed = true
		p.broadcast()
		p.mu.Unlock()
		t := time.NewTimer(orDefault(c.cfg.CloseTimeout, DefaultCloseTimeout))
		select {
		case <-c.pumpDone:
		case <-t.C:
			c.cancel()
			<-c.pumpDone
		}
		t.Stop()
		c.cancel()
		if c.tr != nil {
			c.tr.CloseIdleConnections()
		}
	})
	return nil
}
