package hub

import (
	"testing"

	"github.com/rtmpkit/rtmp/flv"
)

func TestRingOrderAcrossWrapAndGrowth(t *testing.T) {
	var r ring
	next, want := uint32(0), uint32(0)
	push := func(n int) {
		for range n {
			r.push(Item{Tag: flv.Tag{Timestamp: next, Data: make([]byte, 3)}})
			next++
		}
	}
	check := func(items []Item) {
		t.Helper()
		for _, it := range items {
			if it.Tag.Timestamp != want {
				t.Fatalf("got ts %d, want %d", it.Tag.Timestamp, want)
			}
			want++
		}
	}
	push(5) // buffer of minRing (8)
	check(r.drain(nil))
	push(6)
	var dst []Item
	dst = r.drain(dst[:0])
	check(dst)
	push(7)
	if len(r.buf) != minRing {
		t.Fatalf("ring grew to %d without need", len(r.buf))
	}
	// Make head non-zero, then wrap and grow while wrapped.
	r.head = 5
	r.n = 0
	r.bytes, r.tags = 0, 0
	push(6) // slots 5..7, 0..2
	if r.head+r.n <= len(r.buf) {
		t.Fatal("test setup: ring did not wrap")
	}
	push(12) // grows from 8 to 16 while wrapped, then to 32
	if len(r.buf) != 32 {
		t.Fatalf("len(buf) = %d, want 32", len(r.buf))
	}
	if r.bytes != 18*3 {
		t.Fatalf("bytes = %d, want 54", r.bytes)
	}
	want = next - 18
	dst = r.drain(dst[:0])
	if len(dst) != 18 {
		t.Fatalf("drained %d, want 18", len(dst))
	}
	check(dst)
	for i, it := range r.buf {
		if it.Tag.Data != nil {
			t.Fatalf("slot %d still holds a payload after drain", i)
		}
	}
	if r.n != 0 || r.bytes != 0 {
		t.Fatalf("after drain n=%d bytes=%d", r.n, r.bytes)
	}
}

// A buffer grown for a burst is dropped once drains need a quarter of it or
// less; one still well used is kept.
// drain is the ring's Subscriber.Drain.
func (r *ring) drain(dst []Item) []Item {
	r.drainEach(func(it *Item) { dst = append(dst, *it) })
	return dst
}

func TestRingShrinksAfterBurst(t *testing.T) {
	var r ring
	for _, tc := range []struct {
		push    int
		wantLen int // buffer length after the drain
	}{
		{300, 512}, // the burst: grown and kept while it is used
		{200, 512}, // well used: kept
		{3, 0},     // back to a few items a drain: dropped
		{3, minRing},
		{3, minRing}, // small buffers stay
		{40, 64},
		{20, 64}, // more than a quarter: kept
		{16, 0},  // a quarter: dropped
	} {
		for i := range tc.push {
			r.push(Item{Tag: flv.Tag{Timestamp: uint32(i)}})
		}
		if got := len(r.drain(nil)); got != tc.push {
			t.Fatalf("drained %d, want %d", got, tc.push)
		}
		if len(r.buf) != tc.wantLen {
			t.Errorf("after draining %d: buffer length %d, want %d", tc.push, len(r.buf), tc.wantLen)
		}
	}
}
