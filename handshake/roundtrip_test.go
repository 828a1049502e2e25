package handshake

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"testing/iotest"
)

type variant struct {
	name       string
	client     Config
	server     Config
	wantKind   Kind
	wantType   byte // RTMPE type in force
	wantScheme Scheme
}

func variants() []variant {
	return []variant{
		{name: "plain", client: Config{Kind: Plain}, wantKind: Plain},
		{name: "digest scheme 0", client: Config{Kind: Digest}, wantKind: Digest, wantScheme: Scheme0},
		{name: "digest scheme 1", client: Config{Kind: Digest, Scheme: Scheme1}, wantKind: Digest, wantScheme: Scheme1},
		{name: "digest server scheme 1", client: Config{Kind: Digest}, server: Config{Scheme: Scheme1}, wantKind: Digest, wantScheme: Scheme0},
		{name: "rtmpe 06", client: Config{Kind: Encrypted}, wantKind: Encrypted, wantType: 0x06, wantScheme: Scheme1},
		{name: "rtmpe 06 scheme 0", client: Config{Kind: Encrypted, Scheme: Scheme0}, wantKind: Encrypted, wantType: 0x06, wantScheme: Scheme0},
		{name: "rtmpe 08", client: Config{Kind: Encrypted, EncryptionType: 0x08}, wantKind: Encrypted, wantType: 0x08, wantScheme: Scheme1},
		{name: "rtmpe 09", client: Config{Kind: Encrypted, EncryptionType: 0x09}, wantKind: Encrypted, wantType: 0x09, wantScheme: Scheme1},
		{name: "rtmpe 06 upgraded to 08", client: Config{Kind: Encrypted}, server: Config{EncryptionType: 0x08}, wantKind: Encrypted, wantType: 0x08, wantScheme: Scheme1},
		{name: "rtmpe 06 upgraded to 09", client: Config{Kind: Encrypted}, server: Config{EncryptionType: 0x09, Scheme: Scheme0}, wantKind: Encrypted, wantType: 0x09, wantScheme: Scheme1},
	}
}

// runPair runs our client against our server over in-memory pipes; wrap
// may wrap each side's reader (one-byte reads and the like).
func runPair(t testing.TB, v variant, wrap func(io.Reader) io.Reader, seed uint64) (cres, sres *Result, cc, sc io.ReadWriter) {
	t.Helper()
	a, b := pipePair()
	ccfg, scfg := v.client, v.server
	ccfg.Rand, scfg.Rand = seeded(seed), seeded(seed+1000)
	ccfg.Epoch, scfg.Epoch = fixedEpoch(1234), fixedEpoch(5678)
	scfg.StrictC2, scfg.StrictDigest = true, true
	var crw, srw io.ReadWriter = a, b
	if wrap != nil {
		crw, srw = readWriter{wrap(a), a}, readWriter{wrap(b), b}
	}
	type out struct {
		res *Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		r, err := Server(srw, &scfg)
		if err != nil {
			b.Close()
		}
		done <- out{r, err}
	}()
	cres, err := Client(crw, &ccfg)
	if err != nil {
		a.Close()
		t.Fatalf("client: %v", err)
	}
	o := <-done
	if o.err != nil {
		t.Fatalf("server: %v", o.err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	return cres, o.res, NewCipherReadWriter(crw, cres), NewCipherReadWriter(srw, o.res)
}

func checkPair(t *testing.T, v variant, cres, sres *Result) {
	t.Helper()
	for _, r := range []*Result{cres, sres} {
		if r.Kind != v.wantKind || r.EncryptionType != v.wantType || !r.PeerSignatureValid {
			t.Fatalf("result %+v, want kind %v type %#x valid", r, v.wantKind, v.wantType)
		}
	}
	if sres.PeerScheme != v.wantScheme || cres.Scheme != v.wantScheme {
		t.Fatalf("server saw %v, client used %v, want %v", sres.PeerScheme, cres.Scheme, v.wantScheme)
	}
	if cres.PeerScheme != sres.Scheme {
		t.Fatalf("client found S1 in %v, server wrote %v", cres.PeerScheme, sres.Scheme)
	}
	if cres.PeerEpoch != 5678 || sres.PeerEpoch != 1234 {
		t.Fatalf("epochs %d %d", cres.PeerEpoch, sres.PeerEpoch)
	}
	if v.wantKind == Plain {
		if cres.PeerVersion != [4]byte{} || sres.PeerVersion != [4]byte{} {
			t.Fatalf("plain versions %v %v", cres.PeerVersion, sres.PeerVersion)
		}
		return
	}
	wantCV := DefaultClientVersion
	if v.wantKind == Encrypted {
		wantCV = DefaultEncryptedClientVersion
	}
	if sres.PeerVersion != wantCV || cres.PeerVersion != DefaultServerVersion {
		t.Fatalf("versions %v %v", sres.PeerVersion, cres.PeerVersion)
	}
	if (cres.ReadCipher != nil) != (v.wantKind == Encrypted) {
		t.Fatalf("ciphers present = %v for %v", cres.ReadCipher != nil, v.wantKind)
	}
}

// exchange sends a message each way over the post-handshake streams.
func exchange(t *testing.T, cc, sc io.ReadWriter, encrypted bool) {
	t.Helper()
	for i, dir := range [][2]io.ReadWriter{{cc, sc}, {sc, cc}} {
		msg := bytes.Repeat([]byte(fmt.Sprintf("message %d ", i)), 500)
		orig := bytes.Clone(msg)
		errc := make(chan error, 1)
		go func() { _, err := dir[0].Write(msg); errc <- err }()
		got := make([]byte, len(msg))
		if _, err := io.ReadFull(dir[1], got); err != nil {
			t.Fatal(err)
		}
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, orig) || !bytes.Equal(msg, orig) {
			t.Fatalf("direction %d: payload corrupted", i)
		}
	}
	_, isCipher := cc.(*CipherReadWriter)
	if isCipher != encrypted {
		t.Fatalf("cipher wrapper = %v, want %v", isCipher, encrypted)
	}
}

func TestClientServer(t *testing.T) {
	wraps := []struct {
		name string
		fn   func(io.Reader) io.Reader
	}{
		{"direct", nil},
		{"one byte", iotest.OneByteReader},
		{"half", iotest.HalfReader},
	}
	for _, v := range variants() {
		for _, w := range wraps {
			t.Run(v.name+"/"+w.name, func(t *testing.T) {
				cres, sres, cc, sc := runPair(t, v, w.fn, 7)
				checkPair(t, v, cres, sres)
				exchange(t, cc, sc, v.wantKind == Encrypted)
			})
		}
	}
}

// The encrypted stream is not the plaintext, and the two directions use
// different keys.
func TestEncryptedWire(t *testing.T) {
	v := variants()[4]
	cres, sres, _, _ := runPair(t, v, nil, 3)
	plain := bytes.Repeat([]byte{0}, 64)
	c2s, s2c := make([]byte, 64), make([]byte, 64)
	cres.WriteCipher.XORKeyStream(c2s, plain)
	sres.WriteCipher.XORKeyStream(s2c, plain)
	if bytes.Equal(c2s, plain) || bytes.Equal(c2s, s2c) {
		t.Fatal("keystreams are trivial or equal in both directions")
	}
	back := make([]byte, 64)
	sres.ReadCipher.XORKeyStream(back, c2s)
	if !bytes.Equal(back, plain) {
		t.Fatal("server cannot decrypt the client's stream")
	}
}
