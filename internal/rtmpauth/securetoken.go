package rtmpauth

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
)

// xxteaDelta is the XXTEA key schedule constant.
const xxteaDelta = 0x9e3779b9

// ErrBadToken reports a secureToken that is not an even-length hex string.
var ErrBadToken = errors.New("rtmpauth: secureToken is not hex")

// teaKey packs the first 16 bytes of key into four little-endian words;
// missing bytes are zero.
func teaKey(key string) [4]uint32 {
	var b [16]byte
	copy(b[:], key)
	var k [4]uint32
	for i := range k {
		k[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return k
}

// toWords groups bytes into little-endian words, zero-padding the last.
func toWords(b []byte) []uint32 {
	v := make([]uint32, (len(b)+3)/4)
	var w [4]byte
	for i := range v {
		w = [4]byte{}
		copy(w[:], b[4*i:])
		v[i] = binary.LittleEndian.Uint32(w[:])
	}
	return v
}

func fromWords(v []uint32) []byte {
	b := make([]byte, 4*len(v))
	for i, w := range v {
		binary.LittleEndian.PutUint32(b[4*i:], w)
	}
	return b
}

func mx(sum, y, z uint32, p int, e uint32, k *[4]uint32) uint32 {
	return ((z>>5 ^ y<<2) + (y>>3 ^ z<<4)) ^ ((sum ^ y) + (k[uint32(p&3)^e] ^ z))
}

// xxteaDecrypt decrypts v in place. Like librtmp it also runs for a single
// word (standard XXTEA needs two).
func xxteaDecrypt(v []uint32, k *[4]uint32) {
	n := len(v)
	if n == 0 {
		return
	}
	rounds := uint32(6 + 52/n)
	sum := rounds * xxteaDelta
	y := v[0]
	for sum != 0 {
		e := sum >> 2 & 3
		for p := n - 1; p > 0; p-- {
			z := v[p-1]
			v[p] -= mx(sum, y, z, p, e, k)
			y = v[p]
		}
		z := v[n-1]
		v[0] -= mx(sum, y, z, 0, e, k)
		y = v[0]
		sum -= xxteaDelta
	}
}

// xxteaEncrypt encrypts v (at least two words) in place.
func xxteaEncrypt(v []uint32, k *[4]uint32) {
	n := len(v)
	rounds := 6 + 52/n
	var sum uint32
	z := v[n-1]
	for ; rounds > 0; rounds-- {
		sum += xxteaDelta
		e := sum >> 2 & 3
		for p := 0; p < n-1; p++ {
			y := v[p+1]
			v[p] += mx(sum, y, z, p, e, k)
			z = v[p]
		}
		y := v[0]
		v[n-1] += mx(sum, y, z, n-1, e, k)
		z = v[n-1]
	}
}

// DecryptSecureToken decrypts the secureToken of a connect _result with the
// shared key (librtmp's token= option), as librtmp does: XXTEA over the hex
// bytes grouped into little-endian words (the last zero-padded), returning
// the first len(hexToken)/2 bytes. The result is what the client sends in
// secureTokenResponse; it may end in NUL bytes when the server padded the
// plaintext.
func DecryptSecureToken(hexToken, key string, lim Limits) (string, error) {
	lim = lim.withDefaults()
	if len(hexToken) > lim.MaxText {
		return "", fmt.Errorf("%w: secureToken of %d bytes", ErrLimit, len(hexToken))
	}
	b, err := hex.DecodeString(hexToken)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrBadToken, err)
	}
	v := toWords(b)
	k := teaKey(key)
	xxteaDecrypt(v, &k)
	return string(fromWords(v)[:len(b)]), nil
}

// EncryptSecureToken is the server side of DecryptSecureToken: it pads
// plaintext with NUL bytes to a multiple of four and at least eight bytes,
// encrypts it with XXTEA under key and returns lowercase hex. Compare the
// client's answer with the plaintext after trimming trailing NULs.
func EncryptSecureToken(plaintext, key string) string {
	b := []byte(plaintext)
	for len(b)%4 != 0 || len(b) < 8 {
		b = append(b, 0)
	}
	v := toWords(b)
	k := teaKey(key)
	xxteaEncrypt(v, &k)
	return hex.EncodeToString(fromWords(v))
}
