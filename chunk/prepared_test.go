package chunk

import (
	"bytes"
	"errors"
	"testing"
)

// TestPreparedMatchesAppendMessage: for every header form (including
// extended timestamps, which fall back) and chunk sizes that match or not,
// AppendPrepared produces exactly the bytes AppendMessage does.
func TestPreparedMatchesAppendMessage(t *testing.T) {
	payloads := [][]byte{nil, {1}, bytes.Repeat([]byte{2}, 128), bytes.Repeat([]byte{3}, 129), bytes.Repeat([]byte{4}, 1000)}
	stamps := []uint32{0, 0, 40, 80, 120, 100, 0xFFFFFF, 0x1000000, 0x1000000, 0x3000000, 5}
	for _, csid := range []uint32{3, 100, 5000} {
		for _, cs := range []uint32{128, 4096} {
			for pi, payload := range payloads {
				p, err := Prepare(csid, 9, payload, 128)
				if err != nil {
					t.Fatal(err)
				}
				a, b := NewWriter(nil), NewWriter(nil)
				_ = a.SetChunkSize(cs)
				_ = b.SetChunkSize(cs)
				for i, ts := range stamps {
					sid := uint32(1 + i/8)
					got, err := a.AppendPrepared(nil, p, sid, ts)
					if err != nil {
						t.Fatal(err)
					}
					want, err := b.AppendMessage(nil, &Message{CSID: csid, Type: 9, StreamID: sid, Timestamp: ts, Payload: payload})
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(bytes.Join(got, nil), bytes.Join(want, nil)) {
						t.Fatalf("csid %d cs %d payload %d ts %#x: prepared %x, want %x", csid, cs, pi, ts, bytes.Join(got, nil), bytes.Join(want, nil))
					}
					if cs == 128 && ts < 0xFFFFFF && len(payload) > 128 && len(got) != 3 {
						t.Fatalf("%d slices, want 3 (header, first chunk, shared tail)", len(got))
					}
				}
				if a.BytesWritten() != b.BytesWritten() {
					t.Fatalf("BytesWritten %d vs %d", a.BytesWritten(), b.BytesWritten())
				}
			}
		}
	}
	if _, err := Prepare(1, 9, nil, 128); !errors.Is(err, ErrInvalidCSID) {
		t.Fatal(err)
	}
	if _, err := Prepare(3, 9, nil, 0); !errors.Is(err, ErrInvalidChunkSize) {
		t.Fatal(err)
	}
	if _, err := Prepare(3, 9, make([]byte, MaxMessageLength+1), 128); !errors.Is(err, ErrMessageTooLarge) {
		t.Fatal(err)
	}
}
