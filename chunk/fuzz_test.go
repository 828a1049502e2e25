package chunk

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

// fuzzLimits keep memory small whatever the input claims.
var fuzzLimits = Limits{MaxMessageSize: 1 << 20, MaxChunkStreams: 16, MaxPartialBytes: 1 << 20}

// FuzzReader feeds arbitrary bytes to a Reader, applying Set Chunk Size and
// Abort messages as a connection would. It must never panic, must keep the
// memory of partial messages within the limit, and must count every byte it
// consumes.
func FuzzReader(f *testing.F) {
	data, err := os.ReadFile("testdata/chunk_vectors.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, v := range bytesOfVectors(f, data) {
		f.Add(v)
	}
	// The start of each recorded client session (after the handshake).
	bins, _ := filepath.Glob(filepath.Join(transcriptDir, "*.c2s.bin"))
	for _, bin := range bins {
		if b, err := os.ReadFile(bin); err == nil && len(b) > handshakeLen {
			f.Add(b[handshakeLen:min(len(b), handshakeLen+2048)])
		}
	}
	stream, _, _ := sampleStream(f)
	f.Add(stream)
	f.Add([]byte{0x02, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x42, 0, 0, 0, 0, 0, 3, 9, 1, 0, 0, 0, 1, 2, 3})
	f.Add([]byte{0x04, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 9, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, in []byte) {
		r := NewReader(bytes.NewReader(in), fuzzLimits)
		defer r.Release()
		for {
			m, err := r.ReadMessage()
			if r.held > fuzzLimits.MaxPartialBytes || r.held < 0 || r.partial < 0 {
				t.Fatalf("held %d partial %d", r.held, r.partial)
			}
			if r.BytesRead() > uint64(len(in)) {
				t.Fatalf("read %d of %d bytes", r.BytesRead(), len(in))
			}
			if err != nil {
				return
			}
			if m.CSID < MinCSID || m.CSID > MaxCSID || uint32(len(m.Payload)) > fuzzLimits.MaxMessageSize {
				t.Fatalf("bad message %d %d", m.CSID, len(m.Payload))
			}
			if len(m.Payload) >= 4 {
				switch m.Type {
				case 1:
					_ = r.SetChunkSize(be32(m.Payload))
				case 2:
					_ = r.Abort(be32(m.Payload))
				}
			}
			if m.Type == 9 && len(m.Payload) > 0 {
				r.Detach().Release()
			}
		}
	})
}

// bytesOfVectors pulls every "hex" string out of the vectors file without
// depending on its structure.
func bytesOfVectors(f *testing.F, data []byte) [][]byte {
	var out [][]byte
	key := []byte(`"hex": "`)
	for {
		i := bytes.Index(data, key)
		if i < 0 {
			return out
		}
		data = data[i+len(key):]
		j := bytes.IndexByte(data, '"')
		b, err := hex.DecodeString(string(data[:j]))
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
}

// FuzzRoundTrip lets the fuzzer choose messages (csid, type, stream id,
// timestamp step, length) and chunk sizes; whatever the Writer produces (in
// its default, spec-conforming mode) the Reader must return unchanged.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte{0, 3, 9, 1, 0, 40, 0, 200})
	f.Add([]byte{1, 0xff, 0xff, 0xff, 0xff, 9, 1, 0xff, 0xff, 0xff, 0xff, 0x10, 0})
	f.Add([]byte{2, 64, 1, 8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 5})
	f.Fuzz(func(t *testing.T, in []byte) {
		var wire bytes.Buffer
		w := NewWriter(&wire)
		type sized struct {
			m  Message
			cs uint32
		}
		var sent []sized
		ts := map[uint32]uint32{}
		for len(in) >= 8 {
			op := in[0]
			csid := uint32(in[1])<<8 | uint32(in[2])
			csid = MinCSID + csid%(MaxCSID-MinCSID+1)
			step := uint32(in[3])<<24 | uint32(in[4])<<16 | uint32(in[5])<<8 | uint32(in[6])
			n := int(in[7]) * (1 + int(op>>4))
			in = in[8:]
			if op&1 != 0 {
				_ = w.SetChunkSize(1 + uint32(op>>1)*37)
			}
			ts[csid] += step
			p := make([]byte, n)
			for i := range p {
				p[i] = byte(i * 7)
			}
			m := Message{CSID: csid, Type: op & 7, StreamID: uint32(op>>3) & 1, Timestamp: ts[csid], Payload: p}
			if err := w.WriteMessage(&m); err != nil {
				t.Fatal(err)
			}
			sent = append(sent, sized{m, w.ChunkSize()})
		}
		r := NewReader(&wire, Limits{MaxChunkStreams: 1 << 20})
		for i, s := range sent {
			_ = r.SetChunkSize(s.cs)
			m, err := r.ReadMessage()
			if err != nil {
				t.Fatalf("message %d: %v", i, err)
			}
			if !sameMessage(m, &s.m) {
				t.Fatalf("message %d: got csid %d ts %#x len %d, want csid %d ts %#x len %d", i, m.CSID, m.Timestamp, len(m.Payload), s.m.CSID, s.m.Timestamp, len(s.m.Payload))
			}
		}
	})
}
