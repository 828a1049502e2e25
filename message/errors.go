package message

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by [*Error]. Truncated payloads wrap
// io.ErrUnexpectedEOF instead.
var (
	// ErrMalformed reports a payload that cannot be the message its type id
	// announces (for example a command whose first value is not a string).
	ErrMalformed = errors.New("message: malformed payload")
	// ErrLimit reports that decoding would exceed a [Limits] field.
	ErrLimit = errors.New("message: limit exceeded")
	// ErrTooLarge reports a value that does not fit its wire field when
	// encoding (a payload above 0xFFFFFF bytes, a string above 65535 bytes,
	// a chunk size with bit 31 set).
	ErrTooLarge = errors.New("message: value too large for its field")
)

// Error describes a failure to decode or encode one message. Use errors.Is
// with io.ErrUnexpectedEOF, [ErrMalformed], [ErrLimit] or [ErrTooLarge] (or
// with the amf0/amf3 errors for AMF failures) to classify it.
type Error struct {
	Type   uint8  // message type id
	Op     string // "decode" or "encode"
	Offset int    // byte offset in the payload where the failure was found
	Err    error  // the underlying cause
}

// Error formats the error with the message type and the payload offset.
func (e *Error) Error() string {
	return fmt.Sprintf("message: %s type %d at payload offset %d: %v", e.Op, e.Type, e.Offset, e.Err)
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

func decodeErr(typ uint8, off int, err error) error {
	return &Error{Type: typ, Op: "decode", Offset: off, Err: err}
}

func encodeErr(typ uint8, err error) error {
	return &Error{Type: typ, Op: "encode", Err: err}
}
