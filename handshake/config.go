package handshake

import (
	"crypto/rand"
	"crypto/rc4"
	"fmt"
	"io"
	"time"
)

// Kind is a handshake variant.
type Kind uint8

// Handshake variants.
const (
	// Plain is the pre-FP9 handshake: C1 version field zero, echoes only.
	Plain Kind = iota
	// Digest is the Flash Player 9 handshake: HMAC-SHA256 digest in C1/S1
	// and signed C2/S2.
	Digest
	// Encrypted is RTMPE: the Digest handshake carrying Diffie-Hellman keys,
	// followed by RC4 in both directions.
	Encrypted
)

// String returns the variant's name.
func (k Kind) String() string {
	switch k {
	case Plain:
		return "plain"
	case Digest:
		return "digest"
	case Encrypted:
		return "encrypted"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Scheme selects one of the two FP9 digest/key layouts of C1/S1
// (PROTOCOL.md §2.4; numbered as librtmp and Red5 do, SRS numbers them the
// other way round).
type Scheme uint8

// Digest layouts.
const (
	// SchemeAuto is the zero value: in a Config it means "the usual
	// choice" (see Config.Scheme); in a Result it means "no digest".
	SchemeAuto Scheme = iota
	// Scheme0 has the digest block first: offset bytes at 8..11, DH key
	// block in the second half.
	Scheme0
	// Scheme1 has the key block first: DH offset bytes at 768..771, digest
	// offset bytes at 772..775.
	Scheme1
)

// String returns "scheme 0", "scheme 1" or "auto".
func (s Scheme) String() string {
	switch s {
	case Scheme0:
		return "scheme 0"
	case Scheme1:
		return "scheme 1"
	case SchemeAuto:
		return "auto"
	}
	return fmt.Sprintf("Scheme(%d)", uint8(s))
}

func (s Scheme) other() Scheme {
	if s == Scheme0 {
		return Scheme1
	}
	return Scheme0
}

// Default version fields (C1/S1 bytes 4..7).
var (
	// DefaultClientVersion is sent in a Digest C1: 10.0.45.2, as librtmp.
	DefaultClientVersion = [4]byte{10, 0, 45, 2}
	// DefaultEncryptedClientVersion is sent in an Encrypted C1:
	// 128.0.3.2, as librtmp (a first byte of 128 tells librtmp-based
	// servers that the client handles type 0x08).
	DefaultEncryptedClientVersion = [4]byte{128, 0, 3, 2}
	// DefaultServerVersion is sent in a Digest or Encrypted S1: 3.5.1.1,
	// as librtmp's server.
	DefaultServerVersion = [4]byte{3, 5, 1, 1}
)

// Config configures one handshake. The zero value (or a nil *Config) is a
// plain client / a server accepting every variant, with crypto/rand and a
// millisecond uptime clock.
type Config struct {
	// Kind is the variant a client performs. Servers ignore it: they answer
	// in the variant the client asked for.
	Kind Kind

	// EncryptionType is, for an Encrypted client, the C0 byte: TypeRTMPE
	// (the default when zero, as librtmp and FFmpeg send), TypeRTMPEXTEA or
	// TypeRTMPEBlowfish. A client always uses the type the server answers
	// with. For a server it is the type to answer a 0x06 client with (zero:
	// echo the client's type); clients asking for 0x08/0x09 get their type.
	EncryptionType byte

	// Scheme is the digest layout of our C1 (client) or S1 (server).
	// SchemeAuto means: client Digest scheme 0 (librtmp, FFmpeg), client
	// Encrypted scheme 1 (librtmp, FFmpeg); server the scheme the client's
	// digest validated in (as SRS and Red5).
	Scheme Scheme

	// Version is the C1/S1 version field for Digest/Encrypted handshakes.
	// Zero means DefaultClientVersion, DefaultEncryptedClientVersion or
	// DefaultServerVersion. Plain handshakes always send zero.
	Version [4]byte

	// Rand supplies the random bytes of C1/S1/C2 and the Diffie-Hellman
	// private key. Nil means crypto/rand.Reader. A client reads 1528 bytes
	// (C1 from byte 8), then for Encrypted 32 bytes (private key), then for
	// a Digest/Encrypted handshake 1504 bytes (C2). A server reads 1528
	// bytes (S1 from byte 8), then for Encrypted 32 bytes; S2 is built from
	// C1 (see Server).
	Rand io.Reader

	// Epoch returns the value of the C1/S1 time field and of the C2 time2
	// field. Nil means milliseconds since the package was loaded.
	Epoch func() uint32

	// SWFHash and SWFSize enable SWF verification (PROTOCOL.md §2.6):
	// the HMAC-SHA256 of the uncompressed SWF (see HashSWF) and its size.
	// With a 32-byte SWFHash a Plain client performs the Digest handshake,
	// as librtmp does, and Result.SWFVerification holds the response to
	// send (client) or to expect (server).
	SWFHash []byte
	SWFSize uint32

	// StrictC2 makes a server fail with ErrBadSignature when a Digest or
	// Encrypted client's C2 signature does not match. By default a bad C2
	// is only reported in Result.PeerSignatureValid, because real clients
	// (FFmpeg publishing) send an echo of S1 instead and nginx-rtmp, SRS
	// and Red5 ignore C2.
	StrictC2 bool

	// StrictDigest makes a server fail with ErrBadDigest when a C1 with a
	// non-zero version field carries no valid digest (as Red5 does). By
	// default the server falls back to the plain handshake (as nginx-rtmp).
	StrictDigest bool
}

// Result describes a completed handshake.
type Result struct {
	// Kind is the variant actually performed. A Digest client whose server
	// answered with a plain S1 (zero version field) gets Plain; a server
	// gets the variant the client asked for.
	Kind Kind
	// PeerType is the C0 (server role) or S0 (client role) byte received.
	PeerType byte
	// EncryptionType is the RTMPE type in force (0x06, 0x08 or 0x09), or
	// zero for an unencrypted handshake.
	EncryptionType byte
	// PeerVersion is the peer's C1/S1 version field (bytes 4..7).
	PeerVersion [4]byte
	// PeerEpoch is the peer's C1/S1 time field.
	PeerEpoch uint32
	// PeerScheme and PeerDigestOffset locate the digest that validated in
	// the peer's C1/S1 (SchemeAuto and 0 when there is none).
	PeerScheme       Scheme
	PeerDigestOffset int
	// Scheme is the digest layout of our own C1/S1 (SchemeAuto if plain).
	Scheme Scheme
	// PeerSignatureValid reports whether the peer's last packet matched:
	// the C2/S2 signature for Digest/Encrypted, the echo of our C1/S1 for
	// Plain (advisory only; a plain mismatch never fails the handshake).
	PeerSignatureValid bool
	// Fallback is set by a server that received a C1 with a non-zero
	// version field but no valid digest and answered with a plain
	// handshake.
	Fallback bool

	// SWFVerification is the 42-byte SWF verification response computed
	// from S1 when Config.SWFHash was set: the client sends it in User
	// Control event 27; the server compares the client's with it.
	SWFVerification []byte

	// ReadCipher decrypts what the peer sends and WriteCipher encrypts
	// what we send (Encrypted only; nil otherwise). Both have already
	// discarded the first 1536 keystream bytes. Use NewCipherReadWriter
	// rather than these directly.
	ReadCipher, WriteCipher *rc4.Cipher
}

var processStart = time.Now()

// settings is a Config with defaults filled in.
type settings struct {
	Config
	rand  io.Reader
	epoch func() uint32
}

func newSettings(cfg *Config) settings {
	var s settings
	if cfg != nil {
		s.Config = *cfg
	}
	s.rand = s.Rand
	if s.rand == nil {
		s.rand = rand.Reader
	}
	s.epoch = s.Epoch
	if s.epoch == nil {
		s.epoch = func() uint32 { return uint32(time.Since(processStart).Milliseconds()) }
	}
	return s
}

// readRand fills b from the configured random source.
func (s *settings) readRand(b []byte) error {
	if _, err := io.ReadFull(s.rand, b); err != nil {
		return fmt.Errorf("handshake: reading random bytes: %w", err)
	}
	return nil
}
