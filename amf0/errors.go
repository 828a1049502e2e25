package amf0

import (
	"errors"
	"fmt"
	"reflect"
)

// ErrUnsupportedMarker is wrapped by the SyntaxError for the reserved markers
// MovieClip (0x04) and RecordSet (0x0E), which no AMF0 writer may emit.
var ErrUnsupportedMarker = errors.New("reserved marker not supported")

// ErrTrailingData is wrapped by the SyntaxError Unmarshal returns when bytes
// follow the value.
var ErrTrailingData = errors.New("data after the value")

// SyntaxError reports malformed input at byte offset Offset (counted from the
// start of the data given to Unmarshal or from the Decoder's creation).
// Truncated input gives a SyntaxError whose Err is io.ErrUnexpectedEOF, so
// errors.Is(err, io.ErrUnexpectedEOF) holds.
type SyntaxError struct {
	Offset int64
	Msg    string
	Err    error
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("amf0: %s at offset %d", e.Msg, e.Offset)
}

// Unwrap returns the underlying cause, if any.
func (e *SyntaxError) Unwrap() error { return e.Err }

// LimitError reports that the input exceeds one of the decoder's Limits.
type LimitError struct {
	Offset int64
	// Limit names the Limits field that was exceeded.
	Limit string
	// Value is the size the input asked for; Max the configured limit.
	Value, Max int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("amf0: %s exceeded (%d > %d) at offset %d", e.Limit, e.Value, e.Max, e.Offset)
}

// ReferenceError reports a reference marker (0x07) to an index that is not
// (yet) in the object table. Forward references are rejected.
type ReferenceError struct {
	Offset int64
	Index  int
	// Size is the number of entries the table had.
	Size int
	// Msg, when set, says why an existing entry cannot be used.
	Msg string
}

func (e *ReferenceError) Error() string {
	if e.Msg != "" {
		return fmt.Sprintf("amf0: reference %d: %s at offset %d", e.Index, e.Msg, e.Offset)
	}
	return fmt.Sprintf("amf0: reference %d out of range (table has %d) at offset %d", e.Index, e.Size, e.Offset)
}

// UnmarshalTypeError reports an AMF0 value that cannot be stored in a Go value
// of the target type.
type UnmarshalTypeError struct {
	// Offset is the offset of the top-level value being unmarshalled.
	Offset int64
	// Value describes the AMF0 value ("string", "object", ...).
	Value string
	Type  reflect.Type
	// Field is the dotted path of the struct field, map key or index.
	Field string
}

func (e *UnmarshalTypeError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("amf0: cannot unmarshal %s into Go value %s of type %s (value at offset %d)", e.Value, e.Field, e.Type, e.Offset)
	}
	return fmt.Sprintf("amf0: cannot unmarshal %s into Go value of type %s (value at offset %d)", e.Value, e.Type, e.Offset)
}

// InvalidUnmarshalError reports a nil or non-pointer argument to Unmarshal or
// Decode.
type InvalidUnmarshalError struct {
	Type reflect.Type
}

func (e *InvalidUnmarshalError) Error() string {
	if e.Type == nil {
		return "amf0: Decode(nil)"
	}
	if e.Type.Kind() != reflect.Pointer {
		return "amf0: Decode(non-pointer " + e.Type.String() + ")"
	}
	return "amf0: Decode(nil " + e.Type.String() + ")"
}

// UnsupportedTypeError reports a Go type the encoder cannot represent
// (channels, functions, complex numbers, maps with unsupported keys, ...).
type UnsupportedTypeError struct {
	Type reflect.Type
}

func (e *UnsupportedTypeError) Error() string {
	return "amf0: unsupported type: " + e.Type.String()
}

// UnsupportedValueError reports a value the encoder cannot write: a property
// name longer than 65535 bytes, a string longer than 4 GiB, nesting deeper
// than MaxDepth (for example a cycle with references disabled).
type UnsupportedValueError struct {
	Msg string
}

func (e *UnsupportedValueError) Error() string {
	return "amf0: unsupported value: " + e.Msg
}

// MarshalerError wraps an error returned by a Marshaler or Unmarshaler.
type MarshalerError struct {
	Type reflect.Type
	Err  error
}

func (e *MarshalerError) Error() string {
	return "amf0: error calling AMF0 (un)marshaler for type " + e.Type.String() + ": " + e.Err.Error()
}

// Unwrap returns the Marshaler's error.
func (e *MarshalerError) Unwrap() error { return e.Err }
