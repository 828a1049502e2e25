package handshake

//go:generate go run gen_blowfish_tables.go

// blowfish is a Blowfish key schedule (16 rounds). Only what RTMPE type 0x09
// needs is implemented: key setup and single-block encryption, plus
// decryption for the tests.
type blowfish struct {
	p [18]uint32
	s [4][256]uint32
}

// newBlowfish runs the standard key schedule. key must be 1 to 56 bytes long.
func newBlowfish(key []byte) *blowfish {
	c := &blowfish{p: bfInitP, s: bfInitS}
	j := 0
	for i := range c.p {
		var d uint32
		for range 4 {
			d = d<<8 | uint32(key[j])
			j++
			if j == len(key) {
				j = 0
			}
		}
		c.p[i] ^= d
	}
	var l, r uint32
	for i := 0; i < 18; i += 2 {
		l, r = c.encrypt(l, r)
		c.p[i], c.p[i+1] = l, r
	}
	for s := range c.s {
		for i := 0; i < 256; i += 2 {
			l, r = c.encrypt(l, r)
			c.s[s][i], c.s[s][i+1] = l, r
		}
	}
	return c
}

func (c *blowfish) f(x uint32) uint32 {
	return ((c.s[0][x>>24] + c.s[1][x>>16&0xff]) ^ c.s[2][x>>8&0xff]) + c.s[3][x&0xff]
}

// encrypt enciphers the block (l, r).
func (c *blowfish) encrypt(l, r uint32) (uint32, uint32) {
	for i := 0; i < 16; i += 2 {
		l ^= c.p[i]
		r ^= c.f(l)
		r ^= c.p[i+1]
		l ^= c.f(r)
	}
	l ^= c.p[16]
	r ^= c.p[17]
	return r, l
}

// decrypt deciphers the block (l, r).
func (c *blowfish) decrypt(l, r uint32) (uint32, uint32) {
	for i := 16; i > 0; i -= 2 {
		l ^= c.p[i+1]
		r ^= c.f(l)
		r ^= c.p[i]
		l ^= c.f(r)
	}
	l ^= c.p[1]
	r ^= c.p[0]
	return r, l
}
