// Package handshake implements the RTMP handshake (C0..C2, S0..S2) in both
// roles over an io.ReadWriter: the plain handshake, the Flash Player 9 digest
// handshake in both digest-offset schemes, and the RTMPE key exchange
// (Diffie-Hellman, RC4 with the 1536-byte skip, handshake types 0x06, 0x08 and
// 0x09). It does not import net.
package handshake
