package chunk

import (
	"bytes"
	"testing"
)

// Writers that share one arena block through SwapArena produce the same
// bytes as Writers with their own, take nothing from the heap once the
// block exists, and the block comes back to the lender.
func TestSwapArenaSharedBlock(t *testing.T) {
	msgs := []Message{
		{CSID: 6, Type: 8, StreamID: 1, Timestamp: 0, Payload: bytes.Repeat([]byte{1}, 300)},
		{CSID: 7, Type: 9, StreamID: 1, Timestamp: 0x1000000, Payload: bytes.Repeat([]byte{2}, 40)}, // extended timestamp
		{CSID: 6, Type: 8, StreamID: 1, Timestamp: 23, Payload: bytes.Repeat([]byte{3}, 300)},
	}
	join := func(bufs [][]byte) []byte { return bytes.Join(bufs, nil) }
	var want [2][]byte
	for i := range want {
		w := NewWriter(nil)
		var bufs [][]byte
		for j := range msgs {
			bufs, _ = w.AppendMessage(bufs, &msgs[j])
		}
		want[i] = join(bufs)
	}
	shared := [2]*Writer{NewWriter(nil), NewWriter(nil)}
	block := make([]byte, 0, arenaBlock)
	var bufs [][]byte
	round := func() {
		for i, w := range shared {
			w.SwapArena(block[:0])
			bufs = bufs[:0]
			for j := range msgs {
				bufs, _ = w.AppendMessage(bufs, &msgs[j])
			}
			if got := join(bufs); !bytes.Equal(got, want[i]) {
				t.Fatalf("writer %d: shared arena wrote % x, want % x", i, got, want[i])
			}
			for _, b := range bufs {
				if len(b) > MaxHeaderLen && len(b) < 40 {
					t.Fatalf("a %d-byte slice: headers are at most MaxHeaderLen", len(b))
				}
			}
			block = w.SwapArena(nil)
			if cap(block) != arenaBlock {
				t.Fatalf("block of %d bytes came back, want the lent %d", cap(block), arenaBlock)
			}
		}
	}
	round()
	for i := range shared {
		shared[i] = NewWriter(nil) // the same header states as the first round
	}
	round()
	if n := testing.AllocsPerRun(50, func() {
		for _, w := range shared {
			w.SwapArena(block[:0])
			bufs = bufs[:0]
			for j := range msgs {
				bufs, _ = w.AppendMessage(bufs, &msgs[j])
			}
			block = w.SwapArena(nil)
		}
	}); n != 0 {
		t.Errorf("%v allocations per round with a shared arena", n)
	}
}
