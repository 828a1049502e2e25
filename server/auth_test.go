package server

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
)

// TestRuleCheck covers allow lists (addresses, CIDRs, IPv4-mapped IPv6)
// and keys without a network.
func TestRuleCheck(t *testing.T) {
	addr := func(s string) net.Addr { a, _ := net.ResolveTCPAddr("tcp", s); return a }
	cases := []struct {
		name   string
		rule   Rule
		remote net.Addr
		key    string
		ok     bool
	}{
		{"open", Rule{}, addr("192.0.2.1:1"), "", true},
		{"ip match", Rule{Allow: []string{"192.0.2.1"}}, addr("192.0.2.1:5"), "", true},
		{"ip mismatch", Rule{Allow: []string{"192.0.2.1"}}, addr("192.0.2.2:5"), "", false},
		{"cidr match", Rule{Allow: []string{"10.0.0.0/8"}}, addr("10.9.8.7:5"), "", true},
		{"cidr mismatch", Rule{Allow: []string{"10.0.0.0/8"}}, addr("11.0.0.1:5"), "", false},
		{"v4-mapped", Rule{Allow: []string{"127.0.0.0/8"}}, addr("[::ffff:127.0.0.1]:5"), "", true},
		{"v6", Rule{Allow: []string{"::1"}}, addr("[::1]:5"), "", true},
		{"no addr", Rule{Allow: []string{"::1"}}, nil, "", false},
		{"key ok", Rule{Key: "s3cret"}, addr("192.0.2.1:1"), "s3cret", true},
		{"key bad", Rule{Key: "s3cret"}, addr("192.0.2.1:1"), "nope", false},
		{"key missing", Rule{Key: "s3cret"}, addr("192.0.2.1:1"), "", false},
		{"both ok", Rule{Allow: []string{"192.0.2.0/24"}, Key: "k"}, addr("192.0.2.1:1"), "k", true},
		{"both ip bad", Rule{Allow: []string{"192.0.2.0/24"}, Key: "k"}, addr("198.51.100.1:1"), "k", false},
	}
	for _, c := range cases {
		r, err := compileRule(c.rule)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.check(c.remote, c.key); (err == nil) != c.ok {
			t.Errorf("%s: err = %v, want ok=%v", c.name, err, c.ok)
		}
	}
	if _, err := parseAllow([]string{"not-an-ip"}); err == nil {
		t.Error("parseAllow accepted garbage")
	}
}

// TestPerAppRules: an app entry replaces the global rule of its action only.
func TestPerAppRules(t *testing.T) {
	a, err := newAuthorizer(AuthConfig{
		Publish: Rule{Key: "global"},
		Apps:    map[string]AppAuth{"studio": {Publish: &Rule{Key: "studio"}}, "open": {Publish: &Rule{}}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		action, app, key string
		ok               bool
	}{
		{ActionPublish, "live", "global", true},
		{ActionPublish, "live", "studio", false},
		{ActionPublish, "studio", "studio", true},
		{ActionPublish, "studio", "global", false},
		{ActionPublish, "open", "", true},
		{ActionPlay, "studio", "", true}, // play rule of studio is the global (open) one
	} {
		r := &rtmp.Request{App: c.app, Name: "s", Query: url.Values{"key": {c.key}}}
		if err := a.authorize(c.action, r); (err == nil) != c.ok {
			t.Errorf("%s %s key=%q: %v, want ok=%v", c.action, c.app, c.key, err, c.ok)
		}
	}
}

// TestAuthEndToEnd drives real connections: a denied publish or play gets
// the error code and never NetStream.Publish.Start / NetStream.Play.Start.
func TestAuthEndToEnd(t *testing.T) {
	var (
		mu   sync.Mutex
		got  []CallbackRequest
		mode = map[string]int{} // stream name -> status; -1 = hang
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req CallbackRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || r.Method != http.MethodPost ||
			r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		got = append(got, req)
		status := mode[req.Name]
		mu.Unlock()
		if status == -1 {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		w.WriteHeader(status)
	}))
	defer hook.Close()
	mode["ok"], mode["ok2"], mode["forbidden"], mode["redirect"], mode["slow"] = 200, 204, 403, 302, -1

	cfg := DefaultConfig()
	cfg.Auth.Publish = Rule{Key: "pk"}
	cfg.Auth.Play = Rule{Allow: []string{"127.0.0.1"}}
	cfg.Auth.Apps = map[string]AppAuth{"nobody": {Play: &Rule{Allow: []string{"192.0.2.0/24"}}}}
	cfg.Auth.Callback = CallbackConfig{URL: hook.URL, Timeout: 300 * time.Millisecond}
	s := startServer(t, cfg)

	cases := []struct {
		name, app, stream string
		play              bool
		want              string
		hooked            bool // the callback must have been asked
	}{
		{"publish ok", "live", "ok?key=pk", false, rtmp.CodePublishStart, true},
		{"publish 204", "live", "ok2?key=pk", false, rtmp.CodePublishStart, true},
		{"publish no key", "live", "ok", false, rtmp.CodePublishDenied, false},
		{"publish bad key", "live", "ok?key=x", false, rtmp.CodePublishDenied, false},
		{"publish 403", "live", "forbidden?key=pk", false, rtmp.CodePublishDenied, true},
		{"publish 302", "live", "redirect?key=pk", false, rtmp.CodePublishDenied, true},
		{"publish timeout", "live", "slow?key=pk", false, rtmp.CodePublishDenied, true},
		{"play ok", "live", "ok", true, rtmp.CodePlayStart, true},
		{"play 403", "live", "forbidden", true, rtmp.CodePlayFailed, true},
		{"play timeout", "live", "slow", true, rtmp.CodePlayFailed, true},
		{"play ip not allowed", "nobody", "ok", true, rtmp.CodePlayFailed, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mu.Lock()
			got = nil
			mu.Unlock()
			cl := dialRaw(t, s.Addr().String())
			sid, code := cl.connect(c.app)
			if code != "" {
				t.Fatal(code)
			}
			start := time.Now()
			if c.play {
				code = cl.play(sid, c.stream)
			} else {
				code = cl.publish(sid, c.stream)
			}
			if code != c.want {
				t.Errorf("code = %s, want %s (seen %v)", code, c.want, cl.codes())
			}
			if c.want != rtmp.CodePublishStart && c.want != rtmp.CodePlayStart {
				if cl.sawCode(rtmp.CodePublishStart) || cl.sawCode(rtmp.CodePlayStart) {
					t.Errorf("start sent although denied: %v", cl.codes())
				}
			}
			if c.name == "publish timeout" && time.Since(start) > 3*time.Second {
				t.Errorf("timeout took %v", time.Since(start))
			}
			mu.Lock()
			defer mu.Unlock()
			if c.hooked != (len(got) == 1) {
				t.Fatalf("callback calls = %d, want hooked=%v", len(got), c.hooked)
			}
			if c.hooked {
				r := got[0]
				action := map[bool]string{true: ActionPlay, false: ActionPublish}[c.play]
				name, _, _ := cutQuery(c.stream)
				if r.Action != action || r.App != c.app || r.Name != name || r.RemoteAddr == "" ||
					r.TCURL != "rtmp://127.0.0.1/"+c.app || r.StreamID != sid {
					t.Errorf("callback request = %+v", r)
				}
				if !c.play && (r.Query != "key=pk" || r.Params["key"][0] != "pk" || r.PublishType != "live") {
					t.Errorf("callback query = %q %v type %q", r.Query, r.Params, r.PublishType)
				}
			}
		})
	}
}

func cutQuery(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == '?' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
