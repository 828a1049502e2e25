package handshake

import (
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

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

// DefaultMaxSWFSize is the largest uncompressed SWF HashSWF accepts when
// given a limit of 0.
const DefaultMaxSWFSize = 64 << 20

var (
	// ErrNotSWF reports input that does not start with "FWS" or "CWS"
	// (LZMA "ZWS" files are not supported).
	ErrNotSWF = errors.New("handshake: not an uncompressed or zlib SWF file")
	// ErrSWFTooLarge reports an SWF whose uncompressed size exceeds the limit.
	ErrSWFTooLarge = errors.New("handshake: SWF larger than the limit")
)

// HashSWF computes the SWF verification hash and size of an SWF file read
// from r (PROTOCOL.md §2.6): HMAC-SHA256 keyed with "Genuine Adobe Flash
// Player 001" over the uncompressed file, whose first byte reads 'F' even
// for a zlib ("CWS") file, and the number of bytes hashed. maxSize bounds
// the uncompressed size (0 means DefaultMaxSWFSize). Truncated input gives
// an error wrapping io.ErrUnexpectedEOF.
func HashSWF(r io.Reader, maxSize int64) (hash [DigestSize]byte, size uint32, err error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxSWFSize
	}
	var hdr [8]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return hash, 0, fmt.Errorf("handshake: reading SWF header: %w", err)
	}
	body := r
	switch string(hdr[:3]) {
	case "FWS":
	case "CWS":
		zr, err := zlib.NewReader(r)
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return hash, 0, fmt.Errorf("handshake: SWF: %w", err)
		}
		defer zr.Close()
		body = zr
		hdr[0] = 'F'
	default:
		return hash, 0, ErrNotSWF
	}
	m := hmac.New(sha256.New, fpPartialKey)
	m.Write(hdr[:])
	n, err := io.Copy(m, io.LimitReader(body, maxSize-int64(len(hdr))+1))
	if err != nil {
		return hash, 0, fmt.Errorf("handshake: SWF: %w", err)
	}
	total := n + int64(len(hdr))
	if total > maxSize || total > math.MaxUint32 {
		return hash, 0, ErrSWFTooLarge
	}
	m.Sum(hash[:0])
	return hash, uint32(total), nil
}
