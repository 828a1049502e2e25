package rtmpt

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func dial(t testing.TB, url string, cfg *Config) net.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := Dial(ctx, url, cfg)
	if err != nil {
		t.Fatalf("Dial %s: %v", url, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestEchoExact moves random bytes through the tunnel both ways, written in
// random-sized pieces while a reader collects the echo, for several
// concurrent sessions.
func TestEchoExact(t *testing.T) {
	h := NewHandler(echo)
	h.MaxBuffered = 64 << 10 // small, so backpressure is exercised
	ts := newTunnel(t, h)
	sizes := []int{1, 1536, 100_000, 1 << 20}
	var wg sync.WaitGroup
	for i, size := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := dial(t, ts.URL, &Config{MaxBuffered: 32 << 10})
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			want := make([]byte, size)
			for j := range want {
				want[j] = byte(rng.Uint32())
			}
			errc := make(chan error, 1)
			go func() {
				for b := want; len(b) > 0; {
					n := min(len(b), 1+rng.IntN(9000))
					if _, err := c.Write(b[:n]); err != nil {
						errc <- err
						return
					}
					b = b[n:]
				}
				errc <- nil
			}()
			got := make([]byte, size)
			c.SetReadDeadline(time.Now().Add(20 * time.Second))
			if _, err := io.ReadFull(c, got); err != nil {
				t.Errorf("size %d: read: %v", size, err)
				return
			}
			if err := <-errc; err != nil {
				t.Errorf("size %d: write: %v", size, err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("size %d: echo differs", size)
			}
		}()
	}
	wg.Wait()
}

// TestServerSpeaksAndCloses: bytes the server writes before closing all
// arrive, then Read returns io.EOF, and the session is gone.
func TestServerSpeaksAndCloses(t *testing.T) {
	greeting := bytes.Repeat([]byte("hello rtmpt "), 5000)
	h := NewHandler(func(c net.Conn) {
		c.Write(greeting)
		c.Close()
	})
	ts := newTunnel(t, h)
	c := dial(t, "rtmpt://"+ts.Listener.Addr().String()+"/live/key", nil)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("ReadAll: %v", err)
	}
	if !bytes.Equal(got, greeting) {
		t.Fatalf("got %d bytes, want %d", len(got), len(greeting))
	}
	if _, err := c.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Write after server close: %v, want net.ErrClosed", err)
	}
	if n := h.Sessions(); n != 0 {
		t.Errorf("Sessions() = %d after close", n)
	}
}

func TestBaseURL(t *testing.T) {
	cases := []struct {
		in, base string
		secure   bool
		ok       bool
	}{
		{"rtmpt://example.com/live/key", "http://example.com:80", false, true},
		{"rtmpt://example.com:1935/live", "http://example.com:1935", false, true},
		{"RTMPTE://[::1]/app", "http://[::1]:80", false, true},
		{"rtmpts://cdn.example/app/x?token=1", "https://cdn.example:443", true, true},
		{"http://h:8080/tunnel/", "http://h:8080/tunnel", false, true},
		{"https://h", "https://h", true, true},
		{"127.0.0.1:8080", "http://127.0.0.1:8080", false, true},
		{"example.com", "http://example.com:80", false, true},
		{"rtmp://example.com/live", "", false, false},
		{"rtmpt:///live", "", false, false},
		{"", "", false, false},
	}
	for _, tc := range cases {
		base, secure, err := baseURL(tc.in)
		if (err == nil) != tc.ok || base != tc.base || secure != tc.secure {
			t.Errorf("baseURL(%q) = %q, %v, %v; want %q, %v, ok=%v", tc.in, base, secure, err, tc.base, tc.secure, tc.ok)
		}
	}
}

// TestDialRTMPTS runs the tunnel over HTTPS.
func TestDialRTMPTS(t *testing.T) {
	h := NewHandler(echo)
	ts := httptest.NewUnstartedServer(h)
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the untrusted dial below logs a handshake error
	ts.StartTLS()
	defer ts.Close()
	defer h.Close()
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	c := dial(t, "rtmpts://"+ts.Listener.Addr().String()+"/app", &Config{TLSConfig: &tls.Config{RootCAs: pool}})
	if c.RemoteAddr().Network() != "tcp" || c.RemoteAddr().String() != ts.Listener.Addr().String() {
		t.Errorf("RemoteAddr = %v %v", c.RemoteAddr().Network(), c.RemoteAddr())
	}
	c.Write([]byte("secret"))
	got := make([]byte, 6)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(c, got); err != nil || string(got) != "secret" {
		t.Fatalf("read %q, %v", got, err)
	}
	// Without the CA the handshake fails.
	if _, err := Dial(context.Background(), "rtmpts://"+ts.Listener.Addr().String(), nil); err == nil {
		t.Error("Dial trusted an unknown certificate")
	}
}

// TestDialErrors: servers that are not RTMPT, or refuse, give typed errors.
func TestDialErrors(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		check   func(error) bool
	}{
		{"404", http.NotFound, func(err error) bool {
			var se *StatusError
			return errors.As(err, &se) && se.Code == 404 && se.Command == "open"
		}},
		{"bad id", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("no spaces allowed\n")) },
			func(err error) bool { return errors.Is(err, ErrBadReply) }},
		{"empty id", func(w http.ResponseWriter, r *http.Request) {},
			func(err error) bool { return errors.Is(err, ErrBadReply) }},
		{"huge reply", func(w http.ResponseWriter, r *http.Request) { w.Write(make([]byte, 1000)) },
			func(err error) bool { return errors.Is(err, ErrBadReply) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewServer(tc.handler)
			defer ts.Close()
			c, err := Dial(context.Background(), ts.URL, nil)
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded")
			}
			if !tc.check(err) {
				t.Fatalf("error %v (%T)", err, err)
			}
		})
	}
	h := NewHandler(echo)
	h.MaxSessions = 1
	ts := newTunnel(t, h)
	dial(t, ts.URL, nil)
	var se *StatusError
	if _, err := Dial(context.Background(), ts.URL, nil); !errors.As(err, &se) || se.Code != http.StatusServiceUnavailable {
		t.Fatalf("Dial over MaxSessions: %v", err)
	}
}

// TestClientClose: Close delivers what was written, then /close; the server
// end reads it all and then io.EOF, and the session is gone.
func TestClientClose(t *testing.T) {
	got := make(chan []byte, 1)
	h := NewHandler(func(c net.Conn) {
		b, _ := io.ReadAll(c)
		got <- b
		c.Close()
	})
	ts := newTunnel(t, h)
	c := dial(t, ts.URL, &Config{FlushInterval: time.Hour})
	want := bytes.Repeat([]byte("last words "), 100)
	c.Write(want)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		if !bytes.Equal(b, want) {
			t.Fatalf("server read %d bytes, want %d", len(b), len(want))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server never saw EOF")
	}
	if _, err := c.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Read after Close: %v", err)
	}
	if n := h.Sessions(); n != 0 {
		t.Errorf("Sessions() = %d", n)
	}
	c.Close() // twice is fine
}

// TestHandlerCloseEndsClients: Handler.Close makes the client read io.EOF.
func TestHandlerCloseEndsClients(t *testing.T) {
	h := NewHandler(func(c net.Conn) {})
	ts := newTunnel(t, h)
	c := dial(t, ts.URL, &Config{PollUnit: time.Millisecond})
	h.Close()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("Read = %v, want io.EOF", err)
	}
	if _, err := c.Write([]byte("x")); !errors.Is(err, ErrSessionClosed) {
		t.Errorf("Write = %v", err)
	}
}

// TestClientDeadlines: the client end's Read honours deadlines.
func TestClientDeadlines(t *testing.T) {
	h := NewHandler(func(c net.Conn) {})
	ts := newTunnel(t, h)
	c := dial(t, ts.URL, nil)
	c.SetDeadline(time.Now().Add(30 * time.Millisecond))
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Read = %v", err)
	}
	if _, err := c.Write([]byte("x")); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Write after deadline = %v", err)
	}
}

// TestClientHonoursPollingByte: with a quiet server the client backs off
// as the polling byte grows instead of polling as fast as it can.
func TestClientHonoursPollingByte(t *testing.T) {
	h := NewHandler(func(c net.Conn) {})
	var idles atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/idle/") {
			idles.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	defer ts.Close()
	defer h.Close()
	dial(t, ts.URL, &Config{PollUnit: 5 * time.Millisecond})
	time.Sleep(500 * time.Millisecond)
	// 10 polls at 5 ms, 10 at 10 ms, 10 at 20 ms, then 40 ms: about 34 in
	// 500 ms (fewer on a loaded machine); far more means the byte is ignored.
	if n := idles.Load(); n < 8 || n > 60 {
		t.Errorf("%d idle polls in 500 ms", n)
	}
}

// TestManySessions: many clients at once, each with its own exact echo.
func TestManySessions(t *testing.T) {
	h := NewHandler(echo)
	ts := newTunnel(t, h)
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := dial(t, ts.URL, &Config{FlushInterval: -1, PollUnit: time.Millisecond})
			for j := range 20 {
				msg := []byte(fmt.Sprintf("client %d message %d", i, j))
				if _, err := c.Write(msg); err != nil {
					t.Error(err)
					return
				}
				got := make([]byte, len(msg))
				c.SetReadDeadline(time.Now().Add(10 * time.Second))
				if _, err := io.ReadFull(c, got); err != nil || !bytes.Equal(got, msg) {
					t.Errorf("client %d: got %q, %v", i, got, err)
					return
				}
			}
			c.Close()
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for h.Sessions() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := h.Sessions(); n != 0 {
		t.Errorf("%d sessions left", n)
	}
}
