package handshake

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// readPacket fills b from r. Running out of input, even before the first
// byte, gives an error wrapping io.ErrUnexpectedEOF; other errors are
// wrapped as they are.
func readPacket(r io.Reader, b []byte, what string) error {
	if _, err := io.ReadFull(r, b); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("handshake: reading %s: %w", what, err)
	}
	return nil
}

// writePacket writes b to w.
func writePacket(w io.Writer, b []byte, what string) error {
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("handshake: writing %s: %w", what, err)
	}
	return nil
}

// fillHeader writes the time and version fields of a C1/S1.
func fillHeader(p []byte, epoch uint32, version [4]byte) {
	binary.BigEndian.PutUint32(p, epoch)
	copy(p[4:8], version[:])
}

// peerHeader copies the time and version fields of the peer's C1/S1 into r.
func (r *Result) peerHeader(p []byte) {
	r.PeerEpoch = binary.BigEndian.Uint32(p)
	copy(r.PeerVersion[:], p[4:8])
}
