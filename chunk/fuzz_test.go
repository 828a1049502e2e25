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
