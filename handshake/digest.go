package handshake

import (
	"crypto/hmac"
	"crypto/sha256"
)

// sum4 adds the four unsigned bytes b[0..3].
func sum4(b []byte) int {
	return int(b[0]) + int(b[1]) + int(b[2]) + int(b[3])
}

// digestOffset returns where the digest of the 1536-byte packet p lies in
// scheme s.
func digestOffset(p []byte, s Scheme) int {
	if s == Scheme1 {
		return 776 + sum4(p[772:776])%728
	}
	return 12 + sum4(p[8:12])%728
}

// keyOffset returns where the Diffie-Hellman public key of the 1536-byte
// packet p lies in scheme s.
func keyOffset(p []byte, s Scheme) int {
	if s == Scheme1 {
		return 8 + sum4(p[768:772])%632
	}
	return 772 + sum4(p[1532:1536])%632
}

// hmacSHA256 returns HMAC-SHA256(key, parts...) appended to dst.
func hmacSHA256(dst, key []byte, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(dst)
}

// packetDigest computes the digest of packet p whose digest lies at pos:
// HMAC-SHA256(key, p without its 32 digest bytes). It appends to dst.
func packetDigest(dst, p []byte, pos int, key []byte) []byte {
	return hmacSHA256(dst, key, p[:pos], p[pos+DigestSize:])
}

// writeDigest writes p's digest at its scheme-s position and returns that
// position.
func writeDigest(p []byte, s Scheme, key []byte) int {
	pos := digestOffset(p, s)
	var d [DigestSize]byte
	copy(p[pos:], packetDigest(d[:0], p, pos, key))
	return pos
}

// findDigest looks for a valid digest in p, trying scheme first and then
// the other one. It returns the scheme and offset, or SchemeAuto if neither
// validates.
func findDigest(p []byte, key []byte, first Scheme) (Scheme, int) {
	var d [DigestSize]byte
	for _, s := range [2]Scheme{first, first.other()} {
		pos := digestOffset(p, s)
		if hmac.Equal(packetDigest(d[:0], p, pos, key), p[pos:pos+DigestSize]) {
			return s, pos
		}
	}
	return SchemeAuto, 0
}

// signature returns the C2/S2 signature of packet p (its first 1504 bytes):
// HMAC-SHA256(HMAC-SHA256(fullKey, peerDigest), p[:1504]), encrypted as
// RTMPE type typ requires (types 0x08 and 0x09, PROTOCOL.md §2.5).
func signature(p, fullKey, peerDigest []byte, typ byte) [DigestSize]byte {
	var k, sig [DigestSize]byte
	hmacSHA256(k[:0], fullKey, peerDigest)
	hmacSHA256(sig[:0], k[:], p[:signedSize])
	encryptSignature(typ, sig[:], k[:])
	return sig
}

// isZero4 reports whether the version field b[0..3] is all zero.
func isZero4(b []byte) bool {
	return b[0]|b[1]|b[2]|b[3] == 0
}
