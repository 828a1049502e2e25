package message

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/rtmpkit/rtmp/chunk"
)

// vector is one entry of testdata/message_vectors.json, copied from the
// control and gortmplib_message groups of the shared chunk vectors.
type vector struct {
	Group  string `json:"group"`
	Name   string `json:"name"`
	Hex    string `json:"hex"`
	Fields *struct {
		PayloadHex string `json:"payload_hex"`
	} `json:"fields"`
}

// loadVectors parses every vector's single fmt 0 chunk into a chunk.Message.
func loadVectors(t testing.TB) map[string]*chunk.Message {
	t.Helper()
	raw, err := os.ReadFile("testdata/message_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]*chunk.Message, len(vs))
	for _, v := range vs {
		b := mustHex(t, v.Hex)
		if b[0]>>6 != 0 || b[0]&0x3F < 2 {
			t.Fatalf("%s: not a fmt 0 one-byte basic header", v.Name)
		}
		m := &chunk.Message{
			CSID:      uint32(b[0] & 0x3F),
			Timestamp: uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]),
			Type:      b[7],
			StreamID:  binary.LittleEndian.Uint32(b[8:12]),
		}
		length := int(b[4])<<16 | int(b[5])<<8 | int(b[6])
		// De-chunk at the default chunk size 128: a one-byte fmt 3 header
		// (0xC0|csid) precedes every further 128 bytes. (The shared
		// vectors' payload_hex for "video ex sequence start hevc" wrongly
		// keeps that byte, so the payload is rebuilt from the wire bytes.)
		rest := b[12:]
		for len(rest) > 0 {
			if len(m.Payload) > 0 {
				if rest[0] != 0xC0|b[0] {
					t.Fatalf("%s: bad continuation header %x", v.Name, rest[0])
				}
				rest = rest[1:]
			}
			n := min(128, len(rest))
			m.Payload = append(m.Payload, rest[:n]...)
			rest = rest[n:]
		}
		if len(m.Payload) != length {
			t.Fatalf("%s: payload %d bytes, header says %d", v.Name, len(m.Payload), length)
		}
		if v.Fields != nil && length <= 128 && hex.EncodeToString(m.Payload) != v.Fields.PayloadHex {
			t.Fatalf("%s: payload differs from payload_hex", v.Name)
		}
		out[v.Name] = m
	}
	return out
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hx decodes a hex literal in a table; it panics on a typo in the test.
func hx(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}
