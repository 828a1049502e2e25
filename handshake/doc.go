// Package handshake implements the RTMP handshake (C0..C2, S0..S2) in both
// roles over an io.ReadWriter: the plain handshake, the Flash Player 9 digest
// handshake in both digest-offset schemes, and the RTMPE key exchange
// (Diffie-Hellman, RC4 with the 1536-byte skip, handshake types 0x06, 0x08 and
// 0x09). It does not import net.
//
// # Use
//
// Client and Server each run one handshake on a connection and return a
// Result. For RTMPE, wrap the connection with NewCipherReadWriter(conn, res)
// and use the wrapper for everything that follows; for the other variants it
// returns the connection unchanged. Timeouts are the caller's: set deadlines
// on the connection. Config.Rand and Config.Epoch make a handshake fully
// deterministic for tests.
//
// A server answers in the variant the client asks for (PROTOCOL.md §2.3): a
// zero C1 version field means plain; otherwise the C1 digest is looked for in
// both schemes, and if it validates in neither the server falls back to plain
// (S2 = echo of C1), as nginx-rtmp does, unless Config.StrictDigest is set.
// The C2 signature is checked but, by default, only reported, since FFmpeg
// publishers echo S1 instead and nginx-rtmp, SRS and Red5 ignore C2.
//
// # Errors
//
// Input that ends early gives an error wrapping io.ErrUnexpectedEOF (a server
// whose peer sends nothing at all gets io.EOF). A wrong C0/S0 byte gives a
// *VersionError; a digest that validates in neither scheme ErrBadDigest; a
// wrong S2 (or, with Config.StrictC2, C2) signature ErrBadSignature; an RTMPE
// public key outside [2, p-2] ErrBadPublicKey. The handshake packets have a
// fixed size, so no length read from the wire ever sizes an allocation and no
// limits are needed; HashSWF, which inflates a file, takes a size limit.
//
// # Verification status
//
// The plain and digest handshakes are checked byte for byte against a
// recorded librtmp-to-Red5 session and against real Flash Player, FFmpeg and
// Red5 C1 packets. No public RTMPE session exists (PROTOCOL.md §2.4), so the
// RTMPE variants are checked only between this package's client and server,
// plus known answers for the XTEA/Blowfish signature transform computed
// outside Go; XTEA and Blowfish themselves pass their published test
// vectors. The server follows librtmp's expectations: S0 echoes C0 (0x06,
// 0x08 or 0x09; Config.EncryptionType can upgrade a 0x06 client), S1 carries
// its digest and key in the scheme the client used, S2 and C2 signatures are
// transformed for types 0x08/0x09 exactly as librtmp does. One possible
// difference: the shared secret is left-padded to 128 bytes, as the RTMPE
// description says; librtmp built with OpenSSL appears to use the unpadded
// DH_compute_key output, in which case about one handshake in 256 with such a
// peer would derive different RC4 keys. Interop with rtmpdump is still to be
// done (through the rtmp package).
package handshake
