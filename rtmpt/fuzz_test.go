package rtmpt

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

var pathSeeds = []string{
	"/fcs/ident2", "/fcs/ident", "/open/1", "/open/1/", "/send/abc/0", "/idle/abc/1",
	"/close/abc/2", "/send/" + strings.Repeat("a", 63) + "/18446744073709551615",
	"/send/abc/18446744073709551616", "/idle//1", "//", "", "/open/", "/send/a/b/c",
}

// TestParsePath pins the accepted request paths.
func TestParsePath(t *testing.T) {
	cases := []struct {
		path string
		want request
		ok   bool
	}{
		{"/fcs/ident2", request{cmd: cmdIdent2}, true},
		{"/fcs/ident", request{cmd: cmdIdent}, true},
		{"/open/1", request{cmd: cmdOpen}, true},
		{"/open/1/", request{cmd: cmdOpen}, true},
		{"/send/Ab-_9/0", request{cmd: cmdSend, id: "Ab-_9", seq: 0}, true},
		{"/idle/x/18446744073709551615", request{cmd: cmdIdle, id: "x", seq: 1<<64 - 1}, true},
		{"/close/x/7", request{cmd: cmdClose, id: "x", seq: 7}, true},
		{"/send/x/18446744073709551616", request{}, false},
		{"/send/x/+1", request{}, false},
		{"/send/x/", request{}, false},
		{"/send//1", request{}, false},
		{"/send/x.y/1", request{}, false},
		{"/open/", request{}, false},
		{"/fcs/ident3", request{}, false},
		{"send/x/1", request{}, false},
		{"", request{}, false},
	}
	for _, tc := range cases {
		got, err := parsePath(tc.path)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parsePath(%q) = %+v, %v; want %+v ok=%v", tc.path, got, err, tc.want, tc.ok)
		}
		if err != nil && err != errBadPath {
			t.Errorf("parsePath(%q) error %v is not errBadPath", tc.path, err)
		}
	}
}

// FuzzParsePath: parsePath never panics, and what it accepts is consistent.
func FuzzParsePath(f *testing.F) {
	for _, s := range pathSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		r, err := parsePath(p)
		if err != nil {
			if r != (request{}) {
				t.Fatalf("error with non-zero request %+v", r)
			}
			return
		}
		switch r.cmd {
		case cmdSend, cmdIdle, cmdClose:
			if !validID(r.id) || !strings.Contains(p, "/"+r.id+"/") {
				t.Fatalf("%q: bad id %q", p, r.id)
			}
		case cmdIdent, cmdIdent2, cmdOpen:
			if r.id != "" {
				t.Fatalf("%q: id %q", p, r.id)
			}
		default:
			t.Fatalf("%q: command %v", p, r.cmd)
		}
	})
}

// FuzzHandler feeds arbitrary paths and bodies to a Handler with one open
// session ("SID" in a path stands for its id): it never panics, answers
// every request, and replies to a session request with the polling byte.
func FuzzHandler(f *testing.F) {
	for _, s := range pathSeeds {
		f.Add(s, []byte{0})
	}
	f.Add("/send/SID/0", []byte("\x03hello"))
	f.Add("/idle/SID/1", []byte{})
	f.Add("/close/SID/1", []byte{0})
	f.Add("/send/SID/5", bytes.Repeat([]byte{1}, 300))
	f.Fuzz(func(t *testing.T, path string, body []byte) {
		h := NewHandler(func(c net.Conn) {
			go io.Copy(io.Discard, c)
		})
		h.MaxBodySize = 256
		h.MaxBuffered = 64
		defer h.Close()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/open/1", strings.NewReader("\x00")))
		id := strings.TrimSpace(rec.Body.String())
		path = strings.ReplaceAll(path, "SID", id)
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req, err := http.NewRequest("POST", "http://x"+path, bytes.NewReader(body))
		if err != nil {
			return // not a URL net/http would deliver
		}
		req.RemoteAddr = "192.0.2.1:1234"
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		r, perr := parsePath(req.URL.Path)
		if perr == nil && r.id == id && (r.cmd == cmdSend || r.cmd == cmdIdle) && rec.Code == 200 && rec.Body.Len() == 0 {
			t.Fatalf("%s: empty 200 reply", path)
		}
		if perr != nil && rec.Code != 404 {
			t.Fatalf("%s: status %d for a bad path", path, rec.Code)
		}
	})
}
