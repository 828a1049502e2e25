package handshake

import (
	"errors"
	"fmt"
)

var (
	// ErrBadDigest reports that the peer's C1/S1 digest validates in
	// neither offset scheme where a digest is required.
	ErrBadDigest = errors.New("handshake: peer digest does not validate in either scheme")
	// ErrBadSignature reports that the peer's S2 (client role) or C2 (server
	// role with Config.StrictC2) signature does not match.
	ErrBadSignature = errors.New("handshake: peer signature does not match")
	// ErrBadPublicKey reports an RTMPE Diffie-Hellman public key outside
	// [2, p-2].
	ErrBadPublicKey = errors.New("handshake: invalid Diffie-Hellman public key")
	// ErrConfig reports an invalid Config.
	ErrConfig = errors.New("handshake: invalid config")
)

// VersionError reports an unexpected C0 (server role) or S0 (client role)
// version byte.
type VersionError struct {
	// Got is the byte the peer sent.
	Got byte
	// Sent is the C0 byte the client sent (client role only; 0 in the
	// server role).
	Sent byte
}

// Error implements error.
func (e *VersionError) Error() string {
	if e.Sent == 0 {
		return fmt.Sprintf("handshake: unsupported version byte 0x%02x in C0", e.Got)
	}
	return fmt.Sprintf("handshake: server answered version 0x%02x to C0 0x%02x", e.Got, e.Sent)
}
