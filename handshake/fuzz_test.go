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

// FuzzClient feeds arbitrary S0S1S2 streams to the client role, the kind
// chosen by the first byte. It must never panic, and short input must fail
// with io.ErrUnexpectedEOF or a typed error.
func FuzzClient(f *testing.F) {
	f.Add(byte(1), readTestdata(f, "session_s0s1s2.bin"))
	for i, v := range variants() {
		_, s := record(f, v, 22)
		f.Add(byte(i%3), s)
	}
	f.Add(byte(0), []byte{3})
	f.Fuzz(func(t *testing.T, kind byte, in []byte) {
		cfg := &Config{Kind: Kind(kind % 3), Rand: seeded(2), Epoch: fixedEpoch(2)}
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
