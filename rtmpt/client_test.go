package rtmpt

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"sync"
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
