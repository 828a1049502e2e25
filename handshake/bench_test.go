package handshake

import (
	"testing"
)

func benchmarkPair(b *testing.B, v variant) {
	ccfg, scfg := v.client, v.server
	ccfg.Rand, scfg.Rand = seeded(1), seeded(2)
	b.ReportAllocs()
	for b.Loop() {
		x, y := pipePair()
		done := make(chan error, 1)
		go func() {
			_, err := Server(y, &scfg)
			done <- err
		}()
		if _, err := Client(x, &ccfg); err != nil {
			b.Fatal(err)
		}
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		x.Close()
		y.Close()
	}
}

// BenchmarkDigest is a complete FP9 digest handshake, client and server.
func BenchmarkDigest(b *testing.B) { benchmarkPair(b, variants()[1]) }

// BenchmarkPlain is a complete plain handshake, client and server.
func BenchmarkPlain(b *testing.B) { benchmarkPair(b, variants()[0]) }

// BenchmarkEncrypted is a complete RTMPE type 0x09 handshake, client and
// server (two key generations and two shared-secret computations).
func BenchmarkEncrypted(b *testing.B) { benchmarkPair(b, variants()[7]) }

// BenchmarkCipherWrite measures RC4 encryption through CipherReadWriter.
func BenchmarkCipherWrite(b *testing.B) {
	cres, _, _, _ := runPair(b, variants()[4], nil, 1)
	w := NewCipherReadWriter(readWriter{nil, discard{}}, cres)
	buf := make([]byte, 4096)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		w.Write(buf)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
