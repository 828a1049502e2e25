package server

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/rtmpkit/rtmp"
)

// Actions named in auth decisions and callback requests.
const (
	ActionPublish = "publish"
	ActionPlay    = "play"
)

// CallbackRequest is the JSON body POSTed to the auth callback URL before a
// publish or play is accepted. A 2xx answer allows; any other status, an
// error or no answer within the timeout denies. The response body is ignored.
type CallbackRequest struct {
	Action     string              `json:"action"`      // "publish" or "play"
	App        string              `json:"app"`         // application name, without query
	Name       string              `json:"name"`        // stream name, without query
	Query      string              `json:"query"`       // merged app and stream query, URL-encoded ("key=abc&x=1")
	Params     map[string][]string `json:"params"`      // the same query, decoded
	RemoteAddr string              `json:"remote_addr"` // client "ip:port"
	TCURL      string              `json:"tc_url"`      // tcUrl of the connect command
	FlashVer   string              `json:"flash_ver"`   // flashVer of the connect command
	StreamID   uint32              `json:"stream_id"`   // the NetStream's message stream id
	// PublishType is "live", "record" or "append" for a publish; empty for a play.
	PublishType string `json:"publish_type,omitempty"`
}

// ErrDenied is the cause of a publish or play refused by an access rule or
// the auth callback.
var ErrDenied = errors.New("server: access denied")

// authorizer applies the access rules and the callback.
type authorizer struct {
	publish, play allowRule
	apps          map[string]appRules
	callback      CallbackConfig
	client        *http.Client
}

type appRules struct {
	publish, play *allowRule
}

type allowRule struct {
	prefixes []netip.Prefix
	key      string
}

func newAuthorizer(c AuthConfig, client *http.Client) (*authorizer, error) {
	a := &authorizer{callback: c.Callback, client: client, apps: map[string]appRules{}}
	if a.client == nil {
		a.client = &http.Client{}
	}
	var err error
	if a.publish, err = compileRule(c.Publish); err != nil {
		return nil, err
	}
	if a.play, err = compileRule(c.Play); err != nil {
		return nil, err
	}
	for app, r := range c.Apps {
		var ar appRules
		if r.Publish != nil {
			p, err := compileRule(*r.Publish)
			if err != nil {
				return nil, err
			}
			ar.publish = &p
		}
		if r.Play != nil {
			p, err := compileRule(*r.Play)
			if err != nil {
				return nil, err
			}
			ar.play = &p
		}
		a.apps[app] = ar
	}
	return a, nil
}

func compileRule(r Rule) (allowRule, error) {
	p, err := parseAllow(r.Allow)
	return allowRule{prefixes: p, key: r.Key}, err
}

// parseAllow parses IP addresses and CIDR prefixes.
func parseAllow(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, err
			}
			out = append(out, p.Masked())
			continue
		}
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen()))
	}
	return out, nil
}

// rule returns the rule for action on app.
func (a *authorizer) rule(action, app string) allowRule {
	ar, ok := a.apps[app]
	switch {
	case action == ActionPublish && ok && ar.publish != nil:
		return *ar.publish
	case action == ActionPublish:
		return a.publish
	case ok && ar.play != nil:
		return *ar.play
	default:
		return a.play
	}
}

// check applies the static rule; it returns nil when allowed.
func (r allowRule) check(remote net.Addr, key string) error {
	if len(r.prefixes) > 0 {
		ip, ok := remoteIP(remote)
		allowed := false
		for _, p := range r.prefixes {
			if ok && p.Contains(ip) {
				allowed = true
				break
			}
		}
		if !allowed {
			return fmt.Errorf("%w: address %v not allowed", ErrDenied, remote)
		}
	}
	if r.key != "" && subtle.ConstantTimeCompare([]byte(r.key), []byte(key)) != 1 {
		return fmt.Errorf("%w: bad or missing key", ErrDenied)
	}
	return nil
}

func remoteIP(a net.Addr) (netip.Addr, bool) {
	if a == nil {
		return netip.Addr{}, false
	}
	if ap, err := netip.ParseAddrPort(a.String()); err == nil {
		return ap.Addr().Unmap(), true
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		host = a.String()
	}
	ip, err := netip.ParseAddr(host)
	return ip.Unmap(), err == nil
}

// authorize decides a publish or play request: the static rule first, then
// the callback. It runs on the connection's read loop, before the library
// answers, so a denial is sent instead of NetStream.Publish.Start.
func (a *authorizer) authorize(action string, r *rtmp.Request) error {
	var remote net.Addr
	if r.Conn != nil {
		remote = r.Conn.RemoteAddr()
	}
	if err := a.rule(action, r.App).check(remote, r.Query.Get("key")); err != nil {
		return err
	}
	if a.callback.URL == "" {
		return nil
	}
	body := CallbackRequest{
		Action: action, App: r.App, Name: r.Name, Query: r.Query.Encode(), Params: r.Query,
		StreamID: r.StreamID,
	}
	if body.Params == nil {
		body.Params = map[string][]string{}
	}
	if remote != nil {
		body.RemoteAddr = remote.String()
	}
	if r.Conn != nil {
		body.TCURL, body.FlashVer = r.Conn.TCURL(), r.Conn.FlashVer()
	}
	if action == ActionPublish {
		body.PublishType = r.PublishType
	}
	ctx := context.Background()
	if r.Conn != nil {
		ctx = r.Context()
	}
	return a.call(ctx, body)
}

// call POSTs req to the callback URL and maps the answer to allow (nil) or deny.
func (a *authorizer) call(ctx context.Context, req CallbackRequest) error {
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	timeout := a.callback.Timeout
	if timeout <= 0 {
		timeout = DefaultCallbackTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, a.callback.URL, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("%w: callback: %v", ErrDenied, err)
	}
	hr.Header.Set("Content-Type", "application/json")
	resp, err := a.client.Do(hr)
	if err != nil {
		return fmt.Errorf("%w: callback: %v", ErrDenied, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%w: callback answered %s", ErrDenied, resp.Status)
	}
	return nil
}
