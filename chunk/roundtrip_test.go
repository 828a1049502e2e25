package chunk

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestRoundTripProperty writes random messages (random csids including the
// 2- and 3-byte forms, sizes, types, stream ids, timestamps that jump, go
// backwards and wrap) with AppendMessage, interleaves the chunks of several
// chunk streams at random, changes the chunk size between batches, and checks
// that the Reader returns every message intact and in per-csid order.
func TestRoundTripProperty(t *testing.T) {
	csids := []uint32{2, 3, 4, 6, 63, 64, 319, 320, 65599}
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 99))
		w := NewWriter(nil)
		w.SetOmitFmt3ExtendedTimestamp(seed%4 == 3)
		var stream []byte
		var sent []Message
		var sizes []uint32 // chunk size in effect at each batch start
		var batchAt []int  // offset of each batch in stream
		ts := map[uint32]uint32{}
		for range 12 {
			cs := []uint32{1, 2, 3, 4, 7, 128, 129, 1000, 4096, 70000}[rng.IntN(10)]
			if err := w.SetChunkSize(cs); err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, cs)
			batchAt = append(batchAt, len(stream))
			// One message per chosen csid in this batch, interleaved chunk by chunk.
			var queues [][][]byte
			for _, c := range csids {
				if rng.IntN(2) == 0 {
					continue
				}
				n := rng.IntN(3000)
				if rng.IntN(5) == 0 {
					n = rng.IntN(3)
				}
				p := make([]byte, n)
				for i := range p {
					p[i] = byte(rng.Uint32())
				}
				switch rng.IntN(6) {
				case 0:
					ts[c] += uint32(rng.Int32())
				case 1:
					ts[c] -= uint32(rng.IntN(100))
				case 2:
					ts[c] += 0xFFFFFF + uint32(rng.IntN(3))
				default:
					ts[c] += uint32(rng.IntN(3)) * 20
				}
				m := Message{CSID: c, Type: uint8(8 + rng.IntN(2)), StreamID: uint32(rng.IntN(2)), Timestamp: ts[c], Payload: p}
				bufs, err := w.AppendMessage(nil, &m)
				if err != nil {
					t.Fatal(err)
				}
				// Group into chunks: a header slice followed by its payload slice, if any.
				var chunks [][]byte
				for i := 0; i < len(bufs); i++ {
					c := bytes.Clone(bufs[i])
					if i+1 < len(bufs) && n > 0 {
						i++
						c = append(c, bufs[i]...)
					}
					chunks = append(chunks, c)
				}
				queues = append(queues, chunks)
				sent = append(sent, m)
			}
			w.Reset()
			for len(queues) > 0 {
				i := rng.IntN(len(queues))
				stream = append(stream, queues[i][0]...)
				if queues[i] = queues[i][1:]; len(queues[i]) == 0 {
					queues = append(queues[:i], queues[i+1:]...)
				}
			}
		}
		if w.BytesWritten() != uint64(len(stream)) {
			t.Fatalf("seed %d: BytesWritten %d, stream %d", seed, w.BytesWritten(), len(stream))
		}
		// Read back, applying each batch's chunk size when the reader reaches it.
		r := NewReader(bytes.NewReader(stream), Limits{MaxChunkStreams: len(csids)})
		got := map[uint32][]Message{}
		count := 0
		for b := range sizes {
			if err := r.SetChunkSize(sizes[b]); err != nil {
				t.Fatal(err)
			}
			end := len(stream)
			if b+1 < len(sizes) {
				end = batchAt[b+1]
			}
			for r.BytesRead() < uint64(end) {
				m, err := r.ReadMessage()
				if err != nil {
					t.Fatalf("seed %d batch %d: %v", seed, b, err)
				}
				c := *m
				c.Payload = bytes.Clone(m.Payload)
				got[m.CSID] = append(got[m.CSID], c)
				count++
			}
		}
		if count != len(sent) {
			t.Fatalf("seed %d: read %d messages, sent %d", seed, count, len(sent))
		}
		idx := map[uint32]int{}
		for i := range sent {
			s := &sent[i]
			g := &got[s.CSID][idx[s.CSID]]
			idx[s.CSID]++
			if !sameMessage(g, s) {
				t.Fatalf("seed %d: csid %d message %d: got ts %#x type %d sid %d len %d, want ts %#x type %d sid %d len %d",
					seed, s.CSID, idx[s.CSID]-1, g.Timestamp, g.Type, g.StreamID, len(g.Payload), s.Timestamp, s.Type, s.StreamID, len(s.Payload))
			}
		}
	}
}

// TestAppendMatchesWrite: AppendMessage and WriteMessage produce the same bytes.
func TestAppendMatchesWrite(t *testing.T) {
	data, msgs, _ := sampleStream(t)
	w := NewWriter(nil)
	var bufs [][]byte
	for i := range msgs {
		var err error
		if bufs, err = w.AppendMessage(bufs, &msgs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if got := bytes.Join(bufs, nil); !bytes.Equal(got, data) {
		t.Fatalf("AppendMessage bytes differ from WriteMessage bytes")
	}
}
