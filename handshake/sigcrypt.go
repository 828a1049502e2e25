package handshake

import (
	"encoding/binary"
	"sync"
)

// rtmpe9Ciphers holds the Blowfish key schedules of rtmpe9Keys, built on
// first use (each schedule costs 521 block encryptions).
var rtmpe9Ciphers [16]func() *blowfish

func init() {
	for i := range rtmpe9Ciphers {
		rtmpe9Ciphers[i] = sync.OnceValue(func() *blowfish { return newBlowfish(rtmpe9Keys[i][:]) })
	}
}

// encryptSignature applies the RTMPE type 0x08 (XTEA) or 0x09 (Blowfish)
// transform to the 32-byte signature sig in place: each 8-byte block i is
// encrypted with key number key[i] % 15, reading and writing the block as
// two little-endian words, as librtmp does. Other types leave sig alone.
func encryptSignature(typ byte, sig, key []byte) {
	if typ != TypeRTMPEXTEA && typ != TypeRTMPEBlowfish {
		return
	}
	for i := 0; i < DigestSize; i += 8 {
		idx := key[i] % 15
		b := sig[i : i+8]
		v0, v1 := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:])
		if typ == TypeRTMPEXTEA {
			v0, v1 = xteaEncrypt(v0, v1, &rtmpe8Keys[idx])
		} else {
			v0, v1 = rtmpe9Ciphers[idx]().encrypt(v0, v1)
		}
		binary.LittleEndian.PutUint32(b, v0)
		binary.LittleEndian.PutUint32(b[4:], v1)
	}
}
