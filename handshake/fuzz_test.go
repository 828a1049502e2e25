package handshake

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// FuzzServer feeds arbitrary C0C1C2 streams to the server role. It must
// never panic, must fail with io.EOF/io.ErrUnexpectedEOF on short input,
// and on success must have written exactly S0S1S2.
func FuzzServer(f *testing.F) {
	f.Add(readTestdata(f, "session_c0c1.bin"))
	f.Add(concat(readTestdata(f, "session_c0c1.bin"), readTestdata(f, "session_c2.bin")))
	for _, v := range variants() {
		c, _ := record(f, v, 21)
		f.Add(c)
	}
	f.Add([]byte{3})
	f.Add([]byte{6, 0, 0, 0, 0, 0x80})
	f.Fuzz(func(t *testing.T, in []byte) {
		res, out, err := runServer(in, &Config{Rand: seeded(1), Epoch: fixedEpoch(1)})
		if len(in) < 1+2*PacketSize {
			if err == nil {
				t.Fatalf("success on %d bytes", len(in))
			}
			var ve *VersionError
			if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) &&
				!errors.Is(err, ErrBadDigest) && !errors.Is(err, ErrBadPublicKey) && !errors.As(err, &ve) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if err != nil {
			return
		}
		if len(out) != 1+2*PacketSize {
			t.Fatalf("wrote %d bytes", len(out))
		}
		if res.Kind == Plain && !bytes.Equal(out[1+PacketSize:], in[1:1+PacketSize]) {
			t.Fatal("plain S2 is not an echo of C1")
		}
	})
}

// FuzzClient feeds arbitrary S0S1S2 streams to the client role. The first
// input byte picks the kind, Plain or Digest, the rest is what the server
// sends. It must never panic, and must fail with io.ErrUnexpectedEOF on
// short input or with a typed error. Encrypted is left out: its
// Diffie-Hellman arithmetic makes math/big's coverage vary with every input,
// so the fuzzer spends its time minimising instead of exploring; its
// S0S1S2 checks are covered by the truncation and tamper tests.
func FuzzClient(f *testing.F) {
	f.Add(concat([]byte{1}, readTestdata(f, "session_s0s1s2.bin")))
	for i, v := range variants() {
		_, s := record(f, v, 22)
		f.Add(concat([]byte{byte(i % 2)}, s))
	}
	f.Add([]byte{0, 3})
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		cfg := &Config{Kind: Kind(in[0] % 2), Rand: seeded(2), Epoch: fixedEpoch(2)}
		in = in[1:]
		res, out, err := runClient(in, cfg)
		if len(out) < 1+PacketSize {
			t.Fatalf("C0C1 not written: %d bytes", len(out))
		}
		if err != nil {
			var ve *VersionError
			if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, ErrBadDigest) &&
				!errors.Is(err, ErrBadSignature) && !errors.Is(err, ErrBadPublicKey) && !errors.As(err, &ve) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if len(in) < 1+2*PacketSize {
			t.Fatalf("success on %d bytes", len(in))
		}
		if len(out) != 1+2*PacketSize || res == nil {
			t.Fatalf("wrote %d bytes", len(out))
		}
	})
}
