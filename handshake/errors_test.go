package handshake

import (
	"bytes"
	"errors"
	"io"
	"math/big"
	"testing"
)

// record runs a client against a server once and returns what each side
// read, so tests can replay, truncate and tamper with them.
func record(t testing.TB, v variant, seed uint64) (c0c1c2, s0s1s2 []byte) {
	t.Helper()
	a, b := pipePair()
	var fromClient, fromServer bytes.Buffer
	ccfg, scfg := v.client, v.server
	ccfg.Rand, scfg.Rand = seeded(seed), seeded(seed+1000)
	ccfg.Epoch, scfg.Epoch = fixedEpoch(1), fixedEpoch(2)
	done := make(chan error, 1)
	go func() {
		_, err := Server(readWriter{io.TeeReader(b, &fromClient), b}, &scfg)
		done <- err
	}()
	if _, err := Client(readWriter{io.TeeReader(a, &fromServer), a}, &ccfg); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	a.Close()
	b.Close()
	return fromClient.Bytes(), fromServer.Bytes()
}

// clientConfig returns the config that reproduces the recorded client.
func clientConfig(v variant, seed uint64) *Config {
	c := v.client
	c.Rand, c.Epoch = seeded(seed), fixedEpoch(1)
	return &c
}

func serverConfig(v variant, seed uint64) *Config {
	c := v.server
	c.Rand, c.Epoch = seeded(seed+1000), fixedEpoch(2)
	return &c
}

func runServer(in []byte, cfg *Config) (*Result, []byte, error) {
	var out bytes.Buffer
	res, err := Server(readWriter{bytes.NewReader(in), &out}, cfg)
	return res, out.Bytes(), err
}

func runClient(in []byte, cfg *Config) (*Result, []byte, error) {
	var out bytes.Buffer
	res, err := Client(readWriter{bytes.NewReader(in), &out}, cfg)
	return res, out.Bytes(), err
}

// Replaying the recorded streams succeeds, and every truncated prefix fails
// with io.ErrUnexpectedEOF (io.EOF for a server that got nothing at all).
func TestTruncated(t *testing.T) {
	for _, v := range variants() {
		t.Run(v.name, func(t *testing.T) {
			c0c1c2, s0s1s2 := record(t, v, 11)
			if len(c0c1c2) != 1+2*PacketSize || len(s0s1s2) != 1+2*PacketSize {
				t.Fatalf("recorded %d and %d bytes", len(c0c1c2), len(s0s1s2))
			}
			if _, _, err := runServer(c0c1c2, serverConfig(v, 11)); err != nil {
				t.Fatalf("server replay: %v", err)
			}
			if _, _, err := runClient(s0s1s2, clientConfig(v, 11)); err != nil {
				t.Fatalf("client replay: %v", err)
			}
			step := 1
			if v.wantKind == Encrypted {
				step = 61 // each run costs a modular exponentiation
			}
			for n := 0; n < len(c0c1c2); n++ {
				if step > 1 && n%step != 0 && n > 2 && n != PacketSize && n != PacketSize+1 && n != PacketSize+2 && n < len(c0c1c2)-2 {
					continue
				}
				_, _, err := runServer(c0c1c2[:n], serverConfig(v, 11))
				want := io.ErrUnexpectedEOF
				if n == 0 {
					want = io.EOF
				}
				if !errors.Is(err, want) {
					t.Fatalf("server, %d bytes: %v, want %v", n, err, want)
				}
				_, _, err = runClient(s0s1s2[:n], clientConfig(v, 11))
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("client, %d bytes: %v", n, err)
				}
			}
		})
	}
}

func TestVersionErrors(t *testing.T) {
	c1 := make([]byte, PacketSize)
	for _, c0 := range []byte{0, 1, 2, 4, 5, 7, 10, 0x20, 'G', 0xff} {
		_, _, err := runServer(concat([]byte{c0}, c1, c1), &Config{Rand: seeded(1)})
		var ve *VersionError
		if !errors.As(err, &ve) || ve.Got != c0 || ve.Sent != 0 {
			t.Errorf("C0 %#x: %v", c0, err)
		}
	}
	tests := []struct {
		name string
		cfg  Config
		s0   byte
	}{
		{"plain client, rtmpe answer", Config{Kind: Plain}, 6},
		{"digest client, rtmpe answer", Config{Kind: Digest}, 8},
		{"rtmpe client, plain answer", Config{Kind: Encrypted}, 3},
		{"rtmpe client, unknown answer", Config{Kind: Encrypted}, 7},
	}
	for _, tt := range tests {
		tt.cfg.Rand = seeded(2)
		_, _, err := runClient(concat([]byte{tt.s0}, c1, c1), &tt.cfg)
		var ve *VersionError
		if !errors.As(err, &ve) || ve.Got != tt.s0 || ve.Sent == 0 {
			t.Errorf("%s: %v", tt.name, err)
		} else if ve.Error() == "" {
			t.Errorf("%s: empty message", tt.name)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Kind: Encrypted, EncryptionType: 3},
		{Kind: Kind(9)},
		{Kind: Digest, Scheme: Scheme(3)},
	} {
		if _, _, err := runClient(nil, &cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("client %+v: %v", cfg, err)
		}
	}
	if _, _, err := runServer(nil, &Config{Scheme: 7}); !errors.Is(err, ErrConfig) {
		t.Errorf("server: %v", err)
	}
}

// A C1 with a version but no valid digest: plain fallback by default,
// ErrBadDigest when strict or encrypted.
func TestServerBadDigest(t *testing.T) {
	c1 := make([]byte, PacketSize)
	copy(c1, []byte{0, 0, 0, 9, 9, 0, 124, 2})
	for i := 8; i < PacketSize; i++ {
		c1[i] = byte(i * 7)
	}
	c2 := make([]byte, PacketSize)
	res, out, err := runServer(concat([]byte{3}, c1, c2), &Config{Rand: seeded(1)})
	if err != nil || res.Kind != Plain || !res.Fallback || res.PeerVersion != [4]byte{9, 0, 124, 2} {
		t.Fatalf("fallback: %+v %v", res, err)
	}
	if !bytes.Equal(out[1537:], c1) || !isZero4(out[5:9]) || out[0] != 3 {
		t.Fatal("fallback answer is not a plain echo")
	}
	if _, _, err := runServer(concat([]byte{3}, c1, c2), &Config{Rand: seeded(1), StrictDigest: true}); !errors.Is(err, ErrBadDigest) {
		t.Fatalf("strict: %v", err)
	}
	for _, c0 := range []byte{6, 8, 9} {
		if _, _, err := runServer(concat([]byte{c0}, c1, c2), &Config{Rand: seeded(1)}); !errors.Is(err, ErrBadDigest) {
			t.Fatalf("rtmpe %#x: %v", c0, err)
		}
	}
}

// tamper flips one bit of the stream at off.
func tamper(b []byte, off int) []byte {
	b = bytes.Clone(b)
	b[off] ^= 0x10
	return b
}

func TestClientBadPeer(t *testing.T) {
	for _, v := range variants() {
		if v.wantKind == Plain {
			continue
		}
		t.Run(v.name, func(t *testing.T) {
			_, s0s1s2 := record(t, v, 5)
			// Tampered S1 (outside time/version): the digest fails.
			if _, _, err := runClient(tamper(s0s1s2, 1+PacketSize-1), clientConfig(v, 5)); !errors.Is(err, ErrBadDigest) {
				t.Fatalf("tampered S1: %v", err)
			}
			// Tampered S2 content or signature: the signature fails.
			for _, off := range []int{1 + PacketSize + 100, len(s0s1s2) - 1} {
				if _, _, err := runClient(tamper(s0s1s2, off), clientConfig(v, 5)); !errors.Is(err, ErrBadSignature) {
					t.Fatalf("tampered S2 at %d: %v", off, err)
				}
			}
		})
	}
}

// A Digest client facing a plain server continues as Plain, like librtmp.
func TestDigestClientPlainServer(t *testing.T) {
	s1 := make([]byte, PacketSize)
	for i := range s1 {
		s1[i] = byte(i)
	}
	copy(s1[4:8], []byte{0, 0, 0, 0})
	res, out, err := runClient(concat([]byte{3}, s1, s1), &Config{Kind: Digest, Rand: seeded(3), Epoch: fixedEpoch(77)})
	if err != nil || res.Kind != Plain || res.PeerScheme != SchemeAuto {
		t.Fatalf("%+v %v", res, err)
	}
	if res.PeerSignatureValid {
		t.Fatal("S2 that is not our C1 reported as a valid echo")
	}
	c2 := out[1+PacketSize:]
	if !bytes.Equal(c2[:4], s1[:4]) || !bytes.Equal(c2[8:], s1[8:]) || c2[7] != 77 {
		t.Fatal("C2 is not S1 with our time2")
	}
}

func TestServerC2(t *testing.T) {
	for _, v := range variants() {
		t.Run(v.name, func(t *testing.T) {
			c0c1c2, _ := record(t, v, 9)
			bad := tamper(c0c1c2, len(c0c1c2)-5)
			res, _, err := runServer(bad, serverConfig(v, 9))
			if err != nil || res.PeerSignatureValid {
				t.Fatalf("lenient: valid=%v err=%v", res != nil && res.PeerSignatureValid, err)
			}
			cfg := serverConfig(v, 9)
			cfg.StrictC2 = true
			_, _, err = runServer(bad, cfg)
			if v.wantKind == Plain {
				if err != nil {
					t.Fatalf("plain echo mismatch failed the handshake: %v", err)
				}
			} else if !errors.Is(err, ErrBadSignature) {
				t.Fatalf("strict: %v", err)
			}
		})
	}
}

func TestDHPublicKeyRange(t *testing.T) {
	k, err := newDHKey(&settings{rand: seeded(4)})
	if err != nil {
		t.Fatal(err)
	}
	pMinus1 := new(big.Int).Sub(dhPrime, big.NewInt(1))
	for _, y := range []*big.Int{big.NewInt(0), big.NewInt(1), pMinus1, dhPrime} {
		if _, err := k.shared(y.FillBytes(make([]byte, PublicKeySize))); !errors.Is(err, ErrBadPublicKey) {
			t.Errorf("y=%v: %v", y, err)
		}
	}
	// Both sides agree, and an all-zero random source still gives a valid key.
	k2, _ := newDHKey(&settings{rand: bytes.NewReader(make([]byte, dhPrivateSize))})
	a, err1 := k.shared(k2.pub[:])
	b, err2 := k2.shared(k.pub[:])
	if err1 != nil || err2 != nil || a != b {
		t.Fatalf("shared secrets differ: %v %v", err1, err2)
	}
	if new(big.Int).SetBytes(k2.pub[:]).Cmp(big.NewInt(4)) != 0 {
		t.Fatalf("x=2 should give y=4, got %x", k2.pub)
	}
}

// The client rejects an S1 whose RTMPE key is out of range.
func TestClientBadPublicKey(t *testing.T) {
	v := variants()[4]
	_, s0s1s2 := record(t, v, 6)
	s1 := s0s1s2[1 : 1+PacketSize]
	sc, _ := findDigest(s1, fmsPartialKey, Scheme1)
	pos := keyOffset(s1, sc)
	clear(s1[pos : pos+PublicKeySize])
	s1[pos+PublicKeySize-1] = 1
	writeDigest(s1, sc, fmsPartialKey)
	if _, _, err := runClient(s0s1s2, clientConfig(v, 6)); !errors.Is(err, ErrBadPublicKey) {
		t.Fatalf("got %v", err)
	}
}

// A random source that runs dry is reported, not mistaken for success.
func TestRandFailure(t *testing.T) {
	_, _, err := runClient(nil, &Config{Rand: bytes.NewReader(make([]byte, 10))})
	if err == nil {
		t.Fatal("client succeeded without randomness")
	}
	_, _, err = runServer(concat([]byte{3}, make([]byte, 2*PacketSize)), &Config{Rand: bytes.NewReader(nil)})
	if err == nil {
		t.Fatal("server succeeded without randomness")
	}
}
