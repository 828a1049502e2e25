package handshake

const (
	xteaDelta  = 0x9e3779b9
	xteaRounds = 32
)

// xteaEncrypt enciphers the block (v0, v1) with the standard XTEA round
// function (32 rounds, delta 0x9E3779B9) under the key words k.
func xteaEncrypt(v0, v1 uint32, k *[4]uint32) (uint32, uint32) {
	var sum uint32
	for range xteaRounds {
		v0 += ((v1<<4 ^ v1>>5) + v1) ^ (sum + k[sum&3])
		sum += xteaDelta
		v1 += ((v0<<4 ^ v0>>5) + v0) ^ (sum + k[sum>>11&3])
	}
	return v0, v1
}

// xteaDecrypt inverts xteaEncrypt.
func xteaDecrypt(v0, v1 uint32, k *[4]uint32) (uint32, uint32) {
	sum := uint32(xteaDelta * xteaRounds & 0xffffffff)
	for range xteaRounds {
		v1 -= ((v0<<4 ^ v0>>5) + v0) ^ (sum + k[sum>>11&3])
		sum -= xteaDelta
		v0 -= ((v1<<4 ^ v1>>5) + v1) ^ (sum + k[sum&3])
	}
	return v0, v1
}
