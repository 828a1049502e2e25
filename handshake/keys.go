package handshake

// Sizes of the handshake packets and of their parts.
const (
	// PacketSize is the size of C1, C2, S1 and S2.
	PacketSize = 1536
	// DigestSize is the size of an FP9 digest and of a C2/S2 signature
	// (one HMAC-SHA256 output).
	DigestSize = 32
	// PublicKeySize is the size of an RTMPE Diffie-Hellman public key as it
	// travels in C1/S1 (big-endian, left-padded with zeros).
	PublicKeySize = 128
	// SWFVerificationSize is the size of the SWF verification response
	// (PROTOCOL.md §2.6) carried by User Control event 27.
	SWFVerificationSize = 42

	signedSize = PacketSize - DigestSize // part of C2/S2 covered by the signature
)

// Values of the C0/S0 version byte.
const (
	TypePlain         byte = 0x03 // plain RTMP (plain or FP9 digest handshake)
	TypeRTMPE         byte = 0x06 // RTMPE, signatures not encrypted
	TypeRTMPEXTEA     byte = 0x08 // RTMPE, C2/S2 signatures XTEA-encrypted
	TypeRTMPEBlowfish byte = 0x09 // RTMPE, C2/S2 signatures Blowfish-encrypted
)

// keyTail is the 32-byte tail shared by the Flash Player and FMS keys.
var keyTail = []byte{
	0xf0, 0xee, 0xc2, 0x4a, 0x80, 0x68, 0xbe, 0xe8, 0x2e, 0x00, 0xd0, 0xd1, 0x02, 0x9e, 0x7e, 0x57,
	0x6e, 0xec, 0x5d, 0x2d, 0x29, 0x80, 0x6f, 0xab, 0x93, 0xb8, 0xe6, 0x36, 0xcf, 0xeb, 0x31, 0xae,
}

var (
	// genuineFPKey is the 62-byte Flash Player key; its first 30 bytes key
	// the C1 digest, all 62 key the C2 signature.
	genuineFPKey = append([]byte("Genuine Adobe Flash Player 001"), keyTail...)
	// genuineFMSKey is the 68-byte Flash Media Server key; its first 36
	// bytes key the S1 digest, all 68 key the S2 signature.
	genuineFMSKey = append([]byte("Genuine Adobe Flash Media Server 001"), keyTail...)

	fpPartialKey  = genuineFPKey[:30]
	fmsPartialKey = genuineFMSKey[:36]
)
