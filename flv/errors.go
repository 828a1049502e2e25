package flv

import (
	"errors"
	"fmt"
	"io"
)

// Sentinel errors. Truncated input is reported as io.ErrUnexpectedEOF (possibly
// wrapped), so errors.Is(err, io.ErrUnexpectedEOF) identifies it.
var (
	// ErrNotFLV means the file does not start with the "FLV" signature.
	ErrNotFLV = errors.New("flv: not an FLV file")
	// ErrHeader means the FLV file header is malformed (bad DataOffset).
	ErrHeader = errors.New("flv: invalid file header")
	// ErrTagTooLarge means a tag body exceeds the configured limit or the
	// 24-bit DataSize field.
	ErrTagTooLarge = errors.New("flv: tag too large")
	// ErrEncrypted means a tag has the Filter bit set (FLV Annex F
	// encryption), which this package does not implement.
	ErrEncrypted = errors.New("flv: encrypted (filtered) tag not supported")
	// ErrMalformed means an audio or video tag body is inconsistent
	// (for example a multitrack track size that overruns the message).
	ErrMalformed = errors.New("flv: malformed tag body")
	// ErrReserved means a tag body uses a value the specification reserves
	// (such as an unassigned Enhanced RTMP packet type). Receivers should
	// forward or drop such tags rather than fail the stream.
	ErrReserved = errors.New("flv: reserved value")
)

// PrevTagSizeError reports a PreviousTagSize field that does not equal
// 11 + the DataSize of the tag before it. It is returned only by a Reader in
// strict mode (see [Reader.Strict]).
type PrevTagSizeError struct {
	Offset int64  // file offset of the PreviousTagSize field
	Got    uint32 // value found in the file
	Want   uint32 // 11 + DataSize of the preceding tag (0 before the first tag)
}

// Error describes the mismatch and where it was found.
func (e *PrevTagSizeError) Error() string {
	return fmt.Sprintf("flv: PreviousTagSize at offset %d is %d, want %d", e.Offset, e.Got, e.Want)
}

func malformed(what string) error {
	return fmt.Errorf("%w: %s", ErrMalformed, what)
}

func reserved(what string, v uint8) error {
	return fmt.Errorf("%w: %s %d", ErrReserved, what, v)
}

// errShort is the error for a tag body that ends too early.
var errShort = io.ErrUnexpectedEOF
