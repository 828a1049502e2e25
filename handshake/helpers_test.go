package handshake

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// conn is one end of an in-memory full-duplex stream made of two io.Pipes.
type conn struct {
	io.Reader
	io.Writer
	r *io.PipeReader
	w *io.PipeWriter
}

func (c *conn) Close() error {
	c.r.Close()
	return c.w.Close()
}

// pipePair returns the two ends of an unbuffered in-memory stream.
func pipePair() (*conn, *conn) {
	ar, bw := io.Pipe()
	br, aw := io.Pipe()
	return &conn{Reader: ar, Writer: aw, r: ar, w: aw}, &conn{Reader: br, Writer: bw, r: br, w: bw}
}

// seeded returns a deterministic random source.
func seeded(seed uint64) io.Reader {
	var s [32]byte
	binary.LittleEndian.PutUint64(s[:], seed)
	return rand.NewChaCha8(s)
}

func fixedEpoch(v uint32) func() uint32 { return func() uint32 { return v } }

// readWriter joins a reader and a writer.
type readWriter struct {
	io.Reader
	io.Writer
}

type sessionData struct {
	Keys struct {
		FP  string `json:"genuine_fp_key_62"`
		FMS string `json:"genuine_fms_key_68"`
	} `json:"keys"`
	Session struct {
		C1    string `json:"c1_hex"`
		S1    string `json:"s1_hex"`
		S2    string `json:"s2_hex"`
		C2    string `json:"c2_hex"`
		C1Dig struct {
			Scheme int    `json:"scheme"`
			Offset int    `json:"digest_offset"`
			Digest string `json:"digest"`
		} `json:"c1_digest"`
		S1Dig struct {
			Scheme int    `json:"scheme"`
			Offset int    `json:"digest_offset"`
			Digest string `json:"digest"`
		} `json:"s1_digest"`
		S2Key string `json:"s2_key_hmac_fms68_over_c1digest"`
		C2Key string `json:"c2_key_hmac_fp62_over_s1digest"`
		S2Sig string `json:"s2_signature_last32"`
		C2Sig string `json:"c2_signature_last32"`
	} `json:"session"`
	Samples []struct {
		Name    string `json:"name"`
		C1      string `json:"c1_hex"`
		Time    uint32 `json:"time"`
		Version string `json:"version_bytes"`
		Digest  *struct {
			Scheme int    `json:"scheme"`
			Offset int    `json:"digest_offset"`
			Digest string `json:"digest"`
		} `json:"client_digest"`
	} `json:"samples"`
}

func loadSession(t testing.TB) *sessionData {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "fp9_handshakes.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d sessionData
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func concat(bs ...[]byte) []byte { return bytes.Join(bs, nil) }
