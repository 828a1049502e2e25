package handshake

import (
	"bytes"
	"crypto/hmac"
	"encoding/binary"
	"encoding/hex"
	"testing"
)

// The four HMAC relations of the recorded librtmp-to-Red5 session hold with
// our keys and digest helpers.
func TestSessionChecks(t *testing.T) {
	d := loadSession(t)
	if got := hex.EncodeToString(genuineFPKey); got != d.Keys.FP {
		t.Fatalf("FP key = %s, want %s", got, d.Keys.FP)
	}
	if got := hex.EncodeToString(genuineFMSKey); got != d.Keys.FMS {
		t.Fatalf("FMS key = %s, want %s", got, d.Keys.FMS)
	}
	c1, s1 := mustHex(t, d.Session.C1), mustHex(t, d.Session.S1)
	s2, c2 := mustHex(t, d.Session.S2), mustHex(t, d.Session.C2)

	sc, pos := findDigest(c1, fpPartialKey, Scheme1)
	if sc != Scheme0 || pos != 430 || pos != d.Session.C1Dig.Offset {
		t.Fatalf("C1 digest at %v/%d, want scheme 0/430", sc, pos)
	}
	if got := hex.EncodeToString(c1[pos : pos+32]); got != d.Session.C1Dig.Digest {
		t.Fatalf("C1 digest %s, want %s", got, d.Session.C1Dig.Digest)
	}
	ss, spos := findDigest(s1, fmsPartialKey, Scheme0)
	if ss != Scheme1 || spos != 1377 {
		t.Fatalf("S1 digest at %v/%d, want scheme 1/1377", ss, spos)
	}
	if k := hmacSHA256(nil, genuineFMSKey, c1[pos:pos+32]); hex.EncodeToString(k) != d.Session.S2Key {
		t.Fatalf("S2 key %x, want %s", k, d.Session.S2Key)
	}
	if k := hmacSHA256(nil, genuineFPKey, s1[spos:spos+32]); hex.EncodeToString(k) != d.Session.C2Key {
		t.Fatalf("C2 key %x, want %s", k, d.Session.C2Key)
	}
	if sig := signature(s2, genuineFMSKey, c1[pos:pos+32], TypePlain); !hmac.Equal(sig[:], s2[1504:]) ||
		hex.EncodeToString(sig[:]) != d.Session.S2Sig {
		t.Fatalf("S2 signature %x does not match", sig)
	}
	if sig := signature(c2, genuineFPKey, s1[spos:spos+32], TypePlain); !hmac.Equal(sig[:], c2[1504:]) ||
		hex.EncodeToString(sig[:]) != d.Session.C2Sig {
		t.Fatalf("C2 signature %x does not match", sig)
	}
	// A single flipped bit anywhere outside the digest breaks it.
	c1[100] ^= 1
	if sc, _ := findDigest(c1, fpPartialKey, Scheme0); sc != SchemeAuto {
		t.Fatalf("tampered C1 still validates in %v", sc)
	}
}

// Our server, fed the recorded C0C1 and C2 with its randomness and clock
// stubbed to Red5's values, locates librtmp's digest (scheme 0, offset 430),
// reproduces Red5's S0S1S2 byte for byte and validates the C2 signature.
func TestSessionServer(t *testing.T) {
	c0c1 := readTestdata(t, "session_c0c1.bin")
	s0s1s2 := readTestdata(t, "session_s0s1s2.bin")
	c2 := readTestdata(t, "session_c2.bin")
	s1 := s0s1s2[1:1537]

	for _, tt := range []struct {
		name   string
		scheme Scheme
		exact  bool
	}{
		{"mirror client scheme", SchemeAuto, false},
		{"scheme 1 like Red5", Scheme1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			rw := readWriter{bytes.NewReader(concat(c0c1, c2)), &out}
			res, err := Server(rw, &Config{
				Rand:     bytes.NewReader(s1[8:]),
				Epoch:    fixedEpoch(binary.BigEndian.Uint32(s1)),
				Version:  [4]byte(s1[4:8]),
				Scheme:   tt.scheme,
				StrictC2: tt.exact,
			})
			if err != nil {
				t.Fatal(err)
			}
			if res.Kind != Digest || res.PeerScheme != Scheme0 || res.PeerDigestOffset != 430 {
				t.Fatalf("got %v %v offset %d, want digest scheme 0 offset 430", res.Kind, res.PeerScheme, res.PeerDigestOffset)
			}
			if res.PeerVersion != [4]byte{10, 0, 45, 2} || res.PeerEpoch != 0x25f1a508 || res.PeerType != 3 {
				t.Fatalf("peer header %v %#x %d", res.PeerVersion, res.PeerEpoch, res.PeerType)
			}
			wantScheme := tt.scheme
			if wantScheme == SchemeAuto {
				wantScheme = Scheme0
			}
			if res.Scheme != wantScheme {
				t.Fatalf("S1 scheme %v, want %v", res.Scheme, wantScheme)
			}
			if tt.exact {
				if !bytes.Equal(out.Bytes(), s0s1s2) {
					t.Fatal("S0S1S2 differs from the recorded Red5 answer")
				}
				if !res.PeerSignatureValid {
					t.Fatal("C2 signature not valid")
				}
			} else {
				got := out.Bytes()
				// S2 does not depend on our S1, so it still matches Red5's.
				if len(got) != 3073 || !bytes.Equal(got[1537:], s0s1s2[1537:]) {
					t.Fatal("S2 differs from the recorded one")
				}
				// librtmp's C2 signs Red5's S1, not ours.
				if res.PeerSignatureValid {
					t.Fatal("C2 signed for another S1 reported valid")
				}
			}
		})
	}
}

// Our client, with its randomness and clock stubbed to librtmp's values,
// reproduces librtmp's C0C1 and C2 byte for byte against Red5's recorded
// answer, finds the S1 digest at scheme 1 offset 1377 and validates S2.
func TestSessionClient(t *testing.T) {
	c0c1 := readTestdata(t, "session_c0c1.bin")
	s0s1s2 := readTestdata(t, "session_s0s1s2.bin")
	c2 := readTestdata(t, "session_c2.bin")
	c1 := c0c1[1:]

	var out bytes.Buffer
	rw := readWriter{bytes.NewReader(s0s1s2), &out}
	res, err := Client(rw, &Config{
		Kind:    Digest,
		Rand:    bytes.NewReader(concat(c1[8:], c2[:1504])),
		Epoch:   fixedEpoch(binary.BigEndian.Uint32(c1)),
		Version: [4]byte(c1[4:8]),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != Digest || res.PeerScheme != Scheme1 || res.PeerDigestOffset != 1377 || !res.PeerSignatureValid {
		t.Fatalf("got %+v", res)
	}
	if res.PeerVersion != [4]byte{4, 0, 0, 1} || res.PeerEpoch != 0x10 {
		t.Fatalf("peer header %v %#x", res.PeerVersion, res.PeerEpoch)
	}
	if !bytes.Equal(out.Bytes(), concat(c0c1, c2)) {
		t.Fatal("C0C1C2 differs from librtmp's")
	}
}

// Every real C1 is classified as the recorded client meant it.
func TestSamplesClassified(t *testing.T) {
	d := loadSession(t)
	for _, sm := range d.Samples {
		t.Run(sm.Name, func(t *testing.T) {
			c1 := mustHex(t, sm.C1)
			in := concat([]byte{3}, c1, make([]byte, PacketSize))
			var out bytes.Buffer
			res, err := Server(readWriter{bytes.NewReader(in), &out}, &Config{Rand: seeded(1), StrictDigest: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.PeerEpoch != sm.Time || hex.EncodeToString(res.PeerVersion[:]) != sm.Version {
				t.Errorf("header %d %x, want %d %s", res.PeerEpoch, res.PeerVersion, sm.Time, sm.Version)
			}
			s1 := out.Bytes()[1:1537]
			if sm.Digest == nil {
				if res.Kind != Plain || res.PeerScheme != SchemeAuto || res.Fallback {
					t.Fatalf("got %v %v, want plain", res.Kind, res.PeerScheme)
				}
				if !isZero4(s1[4:8]) || !bytes.Equal(out.Bytes()[1537:], c1) {
					t.Fatal("plain answer is not S1 version 0 + S2 = C1")
				}
				return
			}
			want := Scheme0
			if sm.Digest.Scheme == 1 {
				want = Scheme1
			}
			if res.Kind != Digest || res.PeerScheme != want || res.PeerDigestOffset != sm.Digest.Offset {
				t.Fatalf("got %v %v %d, want digest %v %d", res.Kind, res.PeerScheme, res.PeerDigestOffset, want, sm.Digest.Offset)
			}
			if got := hex.EncodeToString(c1[res.PeerDigestOffset : res.PeerDigestOffset+32]); got != sm.Digest.Digest {
				t.Fatalf("digest %s, want %s", got, sm.Digest.Digest)
			}
			// The S1 we sent validates in the client's scheme and the S2 is signed.
			if sc, _ := findDigest(s1, fmsPartialKey, want.other()); sc != want {
				t.Fatalf("our S1 validates in %v, want %v", sc, want)
			}
			s2 := out.Bytes()[1537:]
			sig := signature(s2, genuineFMSKey, c1[res.PeerDigestOffset:res.PeerDigestOffset+32], 0)
			if !bytes.Equal(sig[:], s2[1504:]) {
				t.Fatal("S2 signature wrong")
			}
		})
	}
}
