package handshake

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func testSWF() (fws, cws []byte) {
	body := bytes.Repeat([]byte("swf body "), 300)
	fws = append([]byte{'F', 'W', 'S', 10, 0, 0, 0, 0}, body...)
	binary.LittleEndian.PutUint32(fws[4:], uint32(len(fws)))
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(body)
	zw.Close()
	cws = append([]byte{'C', 'W', 'S', 10}, fws[4:8]...)
	cws = append(cws, z.Bytes()...)
	return fws, cws
}

func TestHashSWF(t *testing.T) {
	fws, cws := testSWF()
	m := hmac.New(sha256.New, []byte("Genuine Adobe Flash Player 001"))
	m.Write(fws)
	want := m.Sum(nil)
	for name, in := range map[string][]byte{"FWS": fws, "CWS": cws} {
		for _, wrap := range []func(io.Reader) io.Reader{nil, iotest.OneByteReader, iotest.HalfReader} {
			var r io.Reader = bytes.NewReader(in)
			if wrap != nil {
				r = wrap(r)
			}
			h, size, err := HashSWF(r, 0)
			if err != nil || !bytes.Equal(h[:], want) || size != uint32(len(fws)) {
				t.Fatalf("%s: %x %d %v, want %x %d", name, h, size, err, want, len(fws))
			}
		}
	}
	if _, _, err := HashSWF(bytes.NewReader(fws), int64(len(fws)-1)); !errors.Is(err, ErrSWFTooLarge) {
		t.Fatalf("limit: %v", err)
	}
	if _, _, err := HashSWF(bytes.NewReader(fws), int64(len(fws))); err != nil {
		t.Fatalf("exact limit: %v", err)
	}
	if _, _, err := HashSWF(bytes.NewReader([]byte("ZWS\x0a12345678")), 0); !errors.Is(err, ErrNotSWF) {
		t.Fatalf("ZWS: %v", err)
	}
	// Truncated headers and zlib streams fail cleanly (an FWS body has no
	// length check: a short file just hashes to something else).
	for n := 0; n < len(cws); n++ {
		if _, _, err := HashSWF(bytes.NewReader(cws[:n]), 0); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("CWS prefix %d: %v", n, err)
		}
	}
	for n := 0; n < 8; n++ {
		if _, _, err := HashSWF(bytes.NewReader(fws[:n]), 0); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("FWS prefix %d: %v", n, err)
		}
	}
}

// SWF verification: the client's response and the server's expectation
// agree, and follow the layout of PROTOCOL.md §2.6.
func TestSWFVerification(t *testing.T) {
	fws, _ := testSWF()
	h, size, err := HashSWF(bytes.NewReader(fws), 0)
	if err != nil {
		t.Fatal(err)
	}
	v := variant{client: Config{SWFHash: h[:], SWFSize: size}, server: Config{SWFHash: h[:], SWFSize: size},
		wantKind: Digest, wantScheme: Scheme0}
	cres, sres, _, _ := runPair(t, v, nil, 4)
	if cres.Kind != Digest {
		t.Fatalf("SWF verification needs the digest handshake, got %v", cres.Kind)
	}
	if len(cres.SWFVerification) != SWFVerificationSize || !bytes.Equal(cres.SWFVerification, sres.SWFVerification) {
		t.Fatalf("client %x, server %x", cres.SWFVerification, sres.SWFVerification)
	}
	b := cres.SWFVerification
	if b[0] != 1 || b[1] != 1 || binary.BigEndian.Uint32(b[2:]) != size || binary.BigEndian.Uint32(b[6:]) != size {
		t.Fatalf("layout %x", b[:10])
	}
	// Against the recorded session: key = last 32 bytes of Red5's S1.
	s1 := readTestdata(t, "session_s0s1s2.bin")[1:1537]
	m := hmac.New(sha256.New, s1[1504:])
	m.Write(h[:])
	if got := SWFVerification(s1, h[:], size); !bytes.Equal(got[10:], m.Sum(nil)) {
		t.Fatal("SWF HMAC not keyed with the last 32 bytes of S1")
	}
}
