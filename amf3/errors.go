package amf3

import (
	"fmt"
	"reflect"
)

// SyntaxError reports malformed input at byte offset Offset of the decoded
// stream (counted from the Decoder's creation). Truncated input gives a
// SyntaxError whose Err is io.ErrUnexpectedEOF, so errors.Is(err,
// io.ErrUnexpectedEOF) holds.
type SyntaxError struct {
	Offset int64
	Msg    string
	Err    error
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("amf3: %s at offset %d", e.Msg, e.Offset)
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
	return fmt.Sprintf("amf3: %s exceeded (%d > %d) at offset %d", e.Limit, e.Value, e.Max, e.Offset)
}

// ReferenceError reports a reference to a table entry that does not exist
// (yet), or to an entry of the wrong kind.
type ReferenceError struct {
	Offset int64
	// Table is "string", "object" or "traits".
	Table string
	Index int
	// Size is the number of entries the table had.
	Size int
	// Msg, when set, says why an existing entry cannot be used.
	Msg string
}

func (e *ReferenceError) Error() string {
	if e.Msg != "" {
		return fmt.Sprintf("amf3: %s reference %d: %s at offset %d", e.Table, e.Index, e.Msg, e.Offset)
	}
	return fmt.Sprintf("amf3: %s reference %d out of range (table has %d) at offset %d", e.Table, e.Index, e.Size, e.Offset)
}

// UnknownExternalizableError reports an externalizable class with no
// registered codec. Its payload format is known only to the class, so the
// rest of the message cannot be decoded (or, when encoding, written).
type UnknownExternalizableError struct {
	Offset    int64
	ClassName string
}

func (e *UnknownExternalizableError) Error() string {
	return fmt.Sprintf("amf3: unknown externalizable class %q at offset %d", e.ClassName, e.Offset)
}

// UnmarshalTypeError reports an AMF3 value that cannot be stored in a Go
// value of the target type.
type UnmarshalTypeError struct {
	// Offset is the end of the top-level value being unmarshalled.
	Offset int64
	// Value describes the AMF3 value ("string", "object", ...).
	Value string
	Type  reflect.Type
	// Field is the dotted path of the struct field or map key, if any.
	Field string
}

func (e *UnmarshalTypeError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("amf3: cannot unmarshal %s into Go struct field %s of type %s", e.Value, e.Field, e.Type)
	}
	return fmt.Sprintf("amf3: cannot unmarshal %s into Go value of type %s", e.Value, e.Type)
}

// InvalidUnmarshalError reports a nil or non-pointer argument to Unmarshal
// or Decode.
type InvalidUnmarshalError struct {
	Type reflect.Type
}

func (e *InvalidUnmarshalError) Error() string {
	if e.Type == nil {
		return "amf3: Decode(nil)"
	}
	if e.Type.Kind() != reflect.Pointer {
		return "amf3: Decode(non-pointer " + e.Type.String() + ")"
	}
	return "amf3: Decode(nil " + e.Type.String() + ")"
}

// UnsupportedTypeError reports a Go type the encoder cannot represent
// (channels, functions, complex numbers, ...).
type UnsupportedTypeError struct {
	Type reflect.Type
}

func (e *UnsupportedTypeError) Error() string {
	return "amf3: unsupported type: " + e.Type.String()
}

// UnsupportedValueError reports a value the encoder cannot write, such as a
// string longer than the U29 length field allows or nesting deeper than
// the encoder's depth limit.
type UnsupportedValueError struct {
	Msg string
}

func (e *UnsupportedValueError) Error() string {
	return "amf3: unsupported value: " + e.Msg
}
