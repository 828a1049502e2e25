package handshake

import "encoding/binary"

// SWFVerification returns the 42-byte SWF verification response for the
// server's S1 (PROTOCOL.md §2.6): 01 01, the SWF size twice as U32, then
// HMAC-SHA256(key = last 32 bytes of S1, swfHash). s1 must be 1536 bytes.
func SWFVerification(s1, swfHash []byte, swfSize uint32) []byte {
	out := make([]byte, 10, SWFVerificationSize)
	out[0], out[1] = 1, 1
	binary.BigEndian.PutUint32(out[2:], swfSize)
	binary.BigEndian.PutUint32(out[6:], swfSize)
	return hmacSHA256(out, s1[PacketSize-DigestSize:PacketSize], swfHash)
}
