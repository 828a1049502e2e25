package rtmpt

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRequests checks the answers to requests that need no session.
func TestRequests(t *testing.T) {
	h := NewHandler(echo)
	ts := newTunnel(t, h)
	cases := []struct {
		name, method, path string
		code               int
		body               string // "" when not checked
	}{
		{"ident2 is 404 as on Red5/FMS", "POST", "/fcs/ident2", 404, ""},
		{"ident", "POST", "/fcs/ident", 200, defaultIdent},
		{"GET", "GET", "/open/1", 405, ""},
		{"root", "POST", "/", 404, ""},
		{"unknown command", "POST", "/foo/1", 404, ""},
		{"open without n", "POST", "/open", 404, ""},
		{"open letters", "POST", "/open/x", 404, ""},
		{"send no seq", "POST", "/send/abc", 404, ""},
		{"send bad seq", "POST", "/send/abc/-1", 404, ""},
		{"send seq overflow", "POST", "/send/abc/99999999999999999999", 404, ""},
		{"send bad id", "POST", "/send/a%20b/0", 404, ""},
		{"send id too long", "POST", "/send/" + strings.Repeat("a", 64) + "/0", 404, ""},
		{"send unknown session", "POST", "/send/abc/0", 404, ""},
		{"idle unknown session", "POST", "/idle/abc/1", 404, ""},
		{"close unknown session", "POST", "/close/abc/2", 404, ""},
		{"extra element", "POST", "/idle/abc/1/2", 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader("\x00"))
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.code {
				t.Fatalf("status %d, want %d (%q)", resp.StatusCode, tc.code, b)
			}
			if tc.body != "" && string(b) != tc.body {
				t.Errorf("body %q, want %q", b, tc.body)
			}
		})
	}
	if n := h.Sessions(); n != 0 {
		t.Errorf("Sessions() = %d, want 0", n)
	}
}

// TestIdentBlob: a configured Ident answers /fcs/ident2 with 200.
func TestIdentBlob(t *testing.T) {
	h := NewHandler(echo)
	h.Ident = []byte("<fcs><Company>x</Company></fcs>")
	ts := newTunnel(t, h)
	code, b := rawPost(t, ts, "/fcs/ident2", []byte{0})
	if code != 200 || !bytes.Equal(b, h.Ident) {
		t.Fatalf("ident2: %d %q", code, b)
	}
}

// TestSessionExchange walks one session through the protocol by hand:
// open, a send that the server echoes, polling back-off, close, then 404.
func TestSessionExchange(t *testing.T) {
	conns := make(chan net.Conn, 1)
	h := NewHandler(func(c net.Conn) { conns <- c })
	ts := newTunnel(t, h)
	id := openSession(t, ts)
	if len(id) != 32 || !validID(id) {
		t.Fatalf("session id %q", id)
	}
	sc := <-conns
	if a, ok := sc.RemoteAddr().(*net.TCPAddr); !ok || !a.IP.IsLoopback() {
		t.Errorf("RemoteAddr = %v", sc.RemoteAddr())
	}
	if sc.LocalAddr().String() != ts.Listener.Addr().String() {
		t.Errorf("LocalAddr = %v, want %v", sc.LocalAddr(), ts.Listener.Addr())
	}

	// /send: the body is what Read returns; the reply carries what Write
	// queued before it.
	code, b := rawPost(t, ts, "/send/"+id+"/0", []byte("C0C1"))
	if code != 200 || !bytes.Equal(b, []byte{1}) {
		t.Fatalf("send: %d %q", code, b)
	}
	buf := make([]byte, 16)
	n, err := sc.Read(buf)
	if err != nil || string(buf[:n]) != "C0C1" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	sc.Write([]byte("S0S1"))
	sc.Write([]byte("S2"))
	code, b = rawPost(t, ts, "/idle/"+id+"/1", []byte{0})
	if code != 200 || string(b) != "\x01S0S1S2" {
		t.Fatalf("idle: %d %q", code, b)
	}

	// Empty replies back off: the interval doubles after every ten, up to
	// 0x21, and resets to 1 when there is data.
	var got []byte
	for i := range 70 {
		_, b := rawPost(t, ts, "/idle/"+id+"/"+fmtInt(2+i), []byte{0})
		if len(b) != 1 {
			t.Fatalf("idle %d: %q", i, b)
		}
		got = append(got, b[0])
	}
	// The reply that carried data reset the count: nine more 1s, then each
	// tenth empty reply doubles the interval until it sticks at 0x21.
	want := bytes.Repeat([]byte{1}, 9)
	for _, v := range []byte{2, 4, 8, 16, 32} {
		want = append(want, bytes.Repeat([]byte{v}, 10)...)
	}
	want = append(want, bytes.Repeat([]byte{MaxPollInterval}, 11)...)
	if !bytes.Equal(got, want) {
		t.Errorf("polling bytes\n got %v\nwant %v", got, want)
	}
	sc.Write([]byte("x"))
	if _, b := rawPost(t, ts, "/idle/"+id+"/99", []byte{0}); string(b) != "\x01x" {
		t.Errorf("after data: %q", b)
	}

	// /close answers one zero byte; the server end reads EOF; the id is gone.
	if code, b := rawPost(t, ts, "/close/"+id+"/100", []byte{0}); code != 200 || !bytes.Equal(b, []byte{0}) {
		t.Fatalf("close: %d %q", code, b)
	}
	if n, err := sc.Read(buf); n != 0 || err != io.EOF {
		t.Errorf("Read after /close = %d, %v; want io.EOF", n, err)
	}
	if _, err := sc.Write([]byte("late")); !errors.Is(err, ErrSessionClosed) {
		t.Errorf("Write after /close: %v", err)
	}
	if code, _ := rawPost(t, ts, "/idle/"+id+"/101", []byte{0}); code != 404 {
		t.Errorf("idle after close: %d, want 404", code)
	}
	sc.Close()
}

func fmtInt(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// TestServerCloseDelivers: bytes written before the server closes go out in
// the next reply, whose polling byte is 0; the session then answers 404.
func TestServerCloseDelivers(t *testing.T) {
	conns := make(chan net.Conn, 1)
	h := NewHandler(func(c net.Conn) { conns <- c })
	ts := newTunnel(t, h)
	id := openSession(t, ts)
	sc := <-conns
	sc.Write([]byte("bye"))
	sc.Close()
	if _, err := sc.Write([]byte("more")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
	if _, err := sc.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Read after Close: %v", err)
	}
	if _, b := rawPost(t, ts, "/idle/"+id+"/0", []byte{0}); string(b) != "\x00bye" {
		t.Fatalf("last reply %q, want \\x00bye", b)
	}
	if code, _ := rawPost(t, ts, "/idle/"+id+"/1", []byte{0}); code != 404 {
		t.Fatalf("after last reply: %d, want 404", code)
	}
}

// TestMaxSessions: /open beyond the limit is 503 until a session ends.
func TestMaxSessions(t *testing.T) {
	h := NewHandler(func(c net.Conn) {})
	h.MaxSessions = 2
	ts := newTunnel(t, h)
	a := openSession(t, ts)
	openSession(t, ts)
	if code, _ := rawPost(t, ts, "/open/1", []byte{0}); code != http.StatusServiceUnavailable {
		t.Fatalf("third open: %d, want 503", code)
	}
	rawPost(t, ts, "/close/"+a+"/0", []byte{0})
	openSession(t, ts)
	if n := h.Sessions(); n != 2 {
		t.Errorf("Sessions() = %d, want 2", n)
	}
	h.Close()
	if n := h.Sessions(); n != 0 {
		t.Errorf("Sessions() after Close = %d", n)
	}
	if code, _ := rawPost(t, ts, "/open/1", []byte{0}); code != http.StatusServiceUnavailable {
		t.Errorf("open after Close: %d, want 503", code)
	}
}

// TestIdleTimeout: a session without requests ends; its server end reads
// EOF and its Write fails with ErrSessionTimeout.
func TestIdleTimeout(t *testing.T) {
	conns := make(chan net.Conn, 1)
	h := NewHandler(func(c net.Conn) { conns <- c })
	h.IdleTimeout = 400 * time.Millisecond
	ts := newTunnel(t, h)
	id := openSession(t, ts)
	sc := <-conns
	// Requests keep it alive.
	for i := range 4 {
		time.Sleep(150 * time.Millisecond)
		if code, _ := rawPost(t, ts, "/idle/"+id+"/"+fmtInt(i), []byte{0}); code != 200 {
			t.Fatalf("idle %d: %d", i, code)
		}
	}
	sc.SetReadDeadline(time.Now().Add(3 * time.Second))
	start := time.Now()
	if _, err := sc.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("Read = %v, want io.EOF", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("timeout took %v", d)
	}
	if _, err := sc.Write([]byte("x")); !errors.Is(err, ErrSessionTimeout) {
		t.Errorf("Write = %v, want ErrSessionTimeout", err)
	}
	if code, _ := rawPost(t, ts, "/idle/"+id+"/9", []byte{0}); code != 404 {
		t.Errorf("idle after timeout: %d", code)
	}
}

// TestBodyLimit: an oversized /send is 413 and leaves the session usable.
func TestBodyLimit(t *testing.T) {
	conns := make(chan net.Conn, 1)
	h := NewHandler(func(c net.Conn) { conns <- c })
	h.MaxBodySize = 1000
	ts := newTunnel(t, h)
	id := openSession(t, ts)
	sc := <-conns
	if code, _ := rawPost(t, ts, "/send/"+id+"/0", make([]byte, 1001)); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized send: %d, want 413", code)
	}
	// Without Content-Length (chunked) the limit still holds.
	req := httptest.NewRequest("POST", "/send/"+id+"/1", io.MultiReader(bytes.NewReader(make([]byte, 600)), bytes.NewReader(make([]byte, 600))))
	req.ContentLength = -1
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked oversized send: %d", rec.Code)
	}
	if code, b := rawPost(t, ts, "/send/"+id+"/2", make([]byte, 1000)); code != 200 || len(b) != 1 {
		t.Fatalf("send at the limit: %d %q", code, b)
	}
	got := make([]byte, 2000)
	sc.SetReadDeadline(time.Now().Add(time.Second))
	if n, err := sc.Read(got); n != 1000 || err != nil {
		t.Fatalf("Read = %d, %v; want 1000 bytes only", n, err)
	}
}

// TestWriteBackpressure: Write blocks once MaxBuffered bytes wait for the
// client, and resumes when a reply takes them.
func TestWriteBackpressure(t *testing.T) {
	conns := make(chan net.Conn, 1)
	h := NewHandler(func(c net.Conn) { conns <- c })
	h.MaxBuffered = 4096
	ts := newTunnel(t, h)
	id := openSession(t, ts)
	sc := <-conns
	sc.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
	n, err := sc.Write(make([]byte, 10000))
	if n != 4096 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Write = %d, %v; want 4096, deadline exceeded", n, err)
	}
	sc.SetWriteDeadline(time.Time{})
	done := make(chan error, 1)
	go func() {
		_, err := sc.Write(make([]byte, 6000))
		done <- err
	}()
	total := 0
	for i := 0; total < 10096; i++ {
		_, b := rawPost(t, ts, "/idle/"+id+"/"+fmtInt(i), []byte{0})
		if len(b)-1 > 4096 {
			t.Fatalf("reply of %d bytes exceeds MaxBuffered", len(b)-1)
		}
		total += len(b) - 1
		if i > 1000 {
			t.Fatalf("only %d bytes after 1000 polls", total)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestReadBackpressure: a /send waits while the server end has MaxBuffered
// unread bytes, and completes once it reads.
func TestReadBackpressure(t *testing.T) {
	conns := make(chan net.Conn, 1)
	h := NewHandler(func(c net.Conn) { conns <- c })
	h.MaxBuffered = 1000
	ts := newTunnel(t, h)
	id := openSession(t, ts)
	sc := <-conns
	rawPost(t, ts, "/send/"+id+"/0", make([]byte, 1000))
	done := make(chan int, 1)
	go func() {
		code, _ := rawPost(t, ts, "/send/"+id+"/1", []byte("next"))
		done <- code
	}()
	select {
	case code := <-done:
		t.Fatalf("send completed (%d) while the buffer was full", code)
	case <-time.After(100 * time.Millisecond):
	}
	got, err := io.ReadAll(io.LimitReader(sc, 1004))
	if err != nil || len(got) != 1004 || string(got[1000:]) != "next" {
		t.Fatalf("read %d bytes, %v", len(got), err)
	}
	if code := <-done; code != 200 {
		t.Fatalf("second send: %d", code)
	}
}

// TestReadDeadline: the server end's Read honours deadlines.
func TestReadDeadline(t *testing.T) {
	conns := make(chan net.Conn, 1)
	h := NewHandler(func(c net.Conn) { conns <- c })
	ts := newTunnel(t, h)
	openSession(t, ts)
	sc := <-conns
	sc.SetReadDeadline(time.Now().Add(30 * time.Millisecond))
	if _, err := sc.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Read = %v, want deadline exceeded", err)
	}
	sc.SetReadDeadline(time.Now().Add(-time.Second))
	if _, err := sc.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Read with past deadline = %v", err)
	}
	var ne net.Error
	_, err := sc.Read(make([]byte, 1))
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("deadline error %v is not a net.Error timeout", err)
	}
	sc.SetReadDeadline(time.Time{})
	go func() {
		time.Sleep(20 * time.Millisecond)
		sc.Close()
	}()
	if _, err := sc.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Read unblocked by Close = %v", err)
	}
}

// TestIdleHold: with IdleHold an empty /idle waits for data, returns as
// soon as the serve side writes, and gives up after the hold.
func TestIdleHold(t *testing.T) {
	conns := make(chan net.Conn, 1)
	h := NewHandler(func(c net.Conn) { conns <- c })
	h.IdleHold = 300 * time.Millisecond
	ts := newTunnel(t, h)
	id := openSession(t, ts)
	sc := <-conns
	go func() {
		time.Sleep(50 * time.Millisecond)
		sc.Write([]byte("late data"))
	}()
	start := time.Now()
	_, b := rawPost(t, ts, "/idle/"+id+"/0", []byte{0})
	if d := time.Since(start); string(b) != "\x01late data" || d < 40*time.Millisecond || d > 250*time.Millisecond {
		t.Fatalf("held idle: %q after %v", b, d)
	}
	start = time.Now()
	_, b = rawPost(t, ts, "/idle/"+id+"/1", []byte{0})
	if d := time.Since(start); string(b) != "\x01" || d < 290*time.Millisecond {
		t.Fatalf("empty held idle: %q after %v", b, d)
	}
	// /send is never held.
	start = time.Now()
	rawPost(t, ts, "/send/"+id+"/2", []byte("x"))
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("send took %v", d)
	}
}

// TestConcurrentRequests: sends and polls of one session on several HTTP
// connections at once (Flash may use two) keep every byte, in order per
// sender, without races; a held poll does not delay a send.
func TestConcurrentRequests(t *testing.T) {
	conns := make(chan net.Conn, 1)
	h := NewHandler(func(c net.Conn) { conns <- c })
	h.IdleHold = 20 * time.Millisecond
	ts := newTunnel(t, h)
	id := openSession(t, ts)
	sc := <-conns
	const senders, each = 4, 50
	var received bytes.Buffer
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		io.CopyN(&received, sc, senders*each*2)
		for i := range 200 {
			sc.Write([]byte{byte(i)})
		}
	}()
	var got bytes.Buffer
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := range senders {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range each {
				code, b := rawPost(t, ts, "/send/"+id+"/"+fmtInt(i), []byte{byte('a' + g), byte(i)})
				if code != 200 || len(b) < 1 {
					t.Errorf("send: %d %q", code, b)
				}
				mu.Lock()
				got.Write(b[1:])
				mu.Unlock()
			}
		}()
		go func() {
			defer wg.Done()
			for i := range each {
				_, b := rawPost(t, ts, "/idle/"+id+"/"+fmtInt(i), []byte{0})
				if len(b) >= 1 {
					mu.Lock()
					got.Write(b[1:])
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	<-readDone
	// Collect what is left.
	for i := 0; got.Len() < 200 && i < 100; i++ {
		_, b := rawPost(t, ts, "/idle/"+id+"/0", []byte{0})
		got.Write(b[1:])
	}
	// Each sender's pairs arrive in its own order.
	next := make([]int, senders)
	rb := received.Bytes()
	for i := 0; i+1 < len(rb); i += 2 {
		g := int(rb[i] - 'a')
		if g < 0 || g >= senders || int(rb[i+1]) != next[g] {
			t.Fatalf("pair %d: %q, want sender %d message %d", i/2, rb[i:i+2], g, next[max(0, min(g, senders-1))])
		}
		next[g]++
	}
	if got.Len() != 200 {
		t.Fatalf("client side got %d of 200 bytes", got.Len())
	}
	seen := make(map[byte]bool)
	for _, c := range got.Bytes() {
		seen[c] = true
	}
	if len(seen) != 200 {
		t.Errorf("%d distinct bytes of 200", len(seen))
	}
}
