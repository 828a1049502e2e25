package rtmpt

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// echo is a serve function that sends every byte back, then closes.
func echo(c net.Conn) {
	io.Copy(c, c)
	c.Close()
}

// newTunnel starts h on an httptest server closed at cleanup.
func newTunnel(t testing.TB, h *Handler) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		h.Close()
		ts.Close()
	})
	return ts
}

// rawPost sends one request and returns status and body.
func rawPost(t testing.TB, ts *httptest.Server, path string, body []byte) (int, []byte) {
	t.Helper()
	resp, err := ts.Client().Post(ts.URL+path, contentType, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("POST %s: read: %v", path, err)
	}
	if resp.StatusCode == http.StatusOK && resp.Header.Get("Content-Type") != contentType {
		t.Errorf("POST %s: Content-Type %q", path, resp.Header.Get("Content-Type"))
	}
	return resp.StatusCode, b
}

// openSession posts /open/1 and returns the session id.
func openSession(t testing.TB, ts *httptest.Server) string {
	t.Helper()
	code, b := rawPost(t, ts, "/open/1", []byte{0})
	if code != http.StatusOK || len(b) < 2 || b[len(b)-1] != '\n' {
		t.Fatalf("open: %d %q", code, b)
	}
	return string(b[:len(b)-1])
}
