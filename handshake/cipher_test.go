package handshake

import (
	"encoding/binary"
	"encoding/hex"
	"testing"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// Published XTEA vectors (big-endian block and key convention).
func TestXTEAVectors(t *testing.T) {
	tests := []struct{ key, plain, cipher string }{
		{"000102030405060708090a0b0c0d0e0f", "4142434445464748", "497df3d072612cb5"},
		{"000102030405060708090a0b0c0d0e0f", "4141414141414141", "e78f2d13744341d8"},
		{"000102030405060708090a0b0c0d0e0f", "5a5b6e278948d77f", "4141414141414141"},
		{"00000000000000000000000000000000", "4142434445464748", "a0390589f8b8efa5"},
		{"00000000000000000000000000000000", "4141414141414141", "ed23375a821a8c2d"},
		{"00000000000000000000000000000000", "70e1225d6e4e7655", "4141414141414141"},
	}
	for _, tt := range tests {
		kb, p, c := mustHex(t, tt.key), mustHex(t, tt.plain), mustHex(t, tt.cipher)
		var k [4]uint32
		for i := range k {
			k[i] = binary.BigEndian.Uint32(kb[4*i:])
		}
		v0, v1 := xteaEncrypt(binary.BigEndian.Uint32(p), binary.BigEndian.Uint32(p[4:]), &k)
		if v0 != binary.BigEndian.Uint32(c) || v1 != binary.BigEndian.Uint32(c[4:]) {
			t.Errorf("xtea(%s, %s) = %08x%08x, want %s", tt.key, tt.plain, v0, v1, tt.cipher)
		}
		d0, d1 := xteaDecrypt(v0, v1, &k)
		if d0 != binary.BigEndian.Uint32(p) || d1 != binary.BigEndian.Uint32(p[4:]) {
			t.Errorf("xtea decrypt(%s) = %08x%08x, want %s", tt.cipher, d0, d1, tt.plain)
		}
	}
}

// Published Blowfish vectors: Eric Young's ECB and set_key tests.
func TestBlowfishVectors(t *testing.T) {
	tests := []struct{ key, plain, cipher string }{
		{"0000000000000000", "0000000000000000", "4ef997456198dd78"},
		{"ffffffffffffffff", "ffffffffffffffff", "51866fd5b85ecb8a"},
		{"3000000000000000", "1000000000000001", "7d856f9a613063f2"},
		{"0123456789abcdef", "1111111111111111", "61f9c3802281b096"},
		{"fedcba9876543210", "0123456789abcdef", "0aceab0fc6a0a28d"},
	}
	const ykey = "f0e1d2c3b4a5968778695a4b3c2d1e0f0011223344556677"
	setKey := []string{
		"f9ad597c49db005e", "e91d21c1d961a6d6", "e9c2b70a1bc65cf3", "be1e639408640f05",
		"b39e44481bdb1e6e", "9457aa83b1928c0d", "8bb77032f960629d", "e87a244e2cc85e82",
		"15750e7a4f4ec577", "122ba70b3ab64ae0", "3a833c9affc537f6", "9409da87a90f6bf2",
		"884f80625060b8b4", "1f85031c19e11968", "79d9373a714ca34f", "93142887ee3be15c",
		"03429e838ce2d14b", "a4299e27469ff67b", "afd5aed1c1bc96a8", "10851c0e3858da9f",
		"e6f51ed79b9db21f", "64a6e14afd36b46f", "80c7d7d45a5479ad", "05044b62fa52d080",
	}
	for i, c := range setKey {
		tests = append(tests, struct{ key, plain, cipher string }{ykey[:2*(i+1)], "fedcba9876543210", c})
	}
	for _, tt := range tests {
		bf := newBlowfish(mustHex(t, tt.key))
		p, c := mustHex(t, tt.plain), mustHex(t, tt.cipher)
		l, r := bf.encrypt(binary.BigEndian.Uint32(p), binary.BigEndian.Uint32(p[4:]))
		if l != binary.BigEndian.Uint32(c) || r != binary.BigEndian.Uint32(c[4:]) {
			t.Errorf("blowfish(%s, %s) = %08x%08x, want %s", tt.key, tt.plain, l, r, tt.cipher)
		}
		dl, dr := bf.decrypt(l, r)
		if dl != binary.BigEndian.Uint32(p) || dr != binary.BigEndian.Uint32(p[4:]) {
			t.Errorf("blowfish decrypt(%s) = %08x%08x, want %s", tt.cipher, dl, dr, tt.plain)
		}
	}
}
