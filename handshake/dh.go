package handshake

import (
	"crypto/rc4"
	"math/big"
)

// dhPrime is the 1024-bit MODP prime of RFC 2409 §6.2 (Oakley group 2);
// the generator is 2.
var dhPrime, _ = new(big.Int).SetString(
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"+
		"29024E088A67CC74020BBEA63B139B22514A08798E3404DD"+
		"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"+
		"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"+
		"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381"+
		"FFFFFFFFFFFFFFFF", 16)

var (
	bigTwo      = big.NewInt(2)
	dhPMinusTwo = new(big.Int).Sub(dhPrime, bigTwo)
	// dhQMinusTwo is (p-1)/2 - 2: private keys are drawn from [2, q-1], so
	// the public key 2^x is never 1 (2 has order q in this group).
	dhQMinusTwo = new(big.Int).Sub(new(big.Int).Rsh(dhPrime, 1), bigTwo)
)

// dhPrivateSize is the size in bytes of the random private exponent. 256
// bits is ample for a 1024-bit group and makes key generation four times
// cheaper than a full-size exponent; the peer cannot tell the difference.
const dhPrivateSize = 32

// dhKey is one side's Diffie-Hellman key pair.
type dhKey struct {
	x   *big.Int
	pub [PublicKeySize]byte
}

// newDHKey draws a private key from dhPrivateSize random bytes of s.
func newDHKey(s *settings) (*dhKey, error) {
	var buf [dhPrivateSize]byte
	if err := s.readRand(buf[:]); err != nil {
		return nil, err
	}
	x := new(big.Int).SetBytes(buf[:])
	x.Mod(x, dhQMinusTwo).Add(x, bigTwo)
	k := &dhKey{x: x}
	new(big.Int).Exp(bigTwo, x, dhPrime).FillBytes(k.pub[:])
	return k, nil
}

// shared returns the 128-byte (left-padded) shared secret with the peer's
// public key, or ErrBadPublicKey if it lies outside [2, p-2].
func (k *dhKey) shared(peer []byte) ([PublicKeySize]byte, error) {
	var out [PublicKeySize]byte
	y := new(big.Int).SetBytes(peer[:PublicKeySize])
	if y.Cmp(bigTwo) < 0 || y.Cmp(dhPMinusTwo) > 0 {
		return out, ErrBadPublicKey
	}
	new(big.Int).Exp(y, k.x, dhPrime).FillBytes(out[:])
	return out, nil
}

// rc4Pair derives the RC4 streams of one side (PROTOCOL.md §2.5): we
// encrypt with HMAC(secret, peer's key)[:16] and decrypt with
// HMAC(secret, our key)[:16]; both first discard 1536 keystream bytes.
func rc4Pair(secret, ourPub, peerPub []byte) (read, write *rc4.Cipher) {
	var d [DigestSize]byte
	write, _ = rc4.NewCipher(hmacSHA256(d[:0], secret, peerPub)[:16])
	read, _ = rc4.NewCipher(hmacSHA256(d[:0], secret, ourPub)[:16])
	var skip [PacketSize]byte
	write.XORKeyStream(skip[:], skip[:])
	read.XORKeyStream(skip[:], skip[:])
	return read, write
}
