package amf0

import (
	"io"
	"reflect"
	"sync"
)

// Unmarshaler is implemented by types that decode themselves from an AMF0
// value. UnmarshalAMF0 receives the value in the dynamic model (float64,
// string, Object, ECMAArray, []any, ...), so references and AMF3 values are
// already resolved.
type Unmarshaler interface {
	UnmarshalAMF0(v any) error
}

// A Decoder reads AMF0 values from an input, one per Decode call.
//
// A Decoder created with NewDecoder never reads past the end of the value it
// decodes, so the same reader can be handed on afterwards; it reads with
// ReadByte when the reader is an io.ByteReader and otherwise with exact-size
// reads. The object table (and the AMF3 tables used by 0x11 values) persist
// across Decode calls until ResetReferences: call it between messages.
type Decoder struct {
	d decodeState
}

// NewDecoder returns a Decoder reading from r with DefaultLimits.
func NewDecoder(r io.Reader) *Decoder {
	dec := &Decoder{}
	dec.d.in.resetReader(r)
	dec.d.lim = DefaultLimits
	return dec
}

// NewBytesDecoder returns a Decoder reading the values of data, which must not
// be modified while the Decoder is in use. It is the fast way to decode a
// message payload holding several values (an RTMP command).
func NewBytesDecoder(data []byte) *Decoder {
	dec := &Decoder{}
	dec.d.in.resetBytes(data)
	dec.d.lim = DefaultLimits
	return dec
}

// SetLimits sets the limits for later Decode calls; zero fields mean the
// defaults.
func (dec *Decoder) SetLimits(l Limits) {
	dec.d.lim = l.withDefaults()
	dec.d.setAVMLimits()
}

// Limits returns the limits in force.
func (dec *Decoder) Limits() Limits { return dec.d.lim }

// ResetReferences empties the object table and the AMF3 reference tables.
func (dec *Decoder) ResetReferences() {
	clear(dec.d.refs)
	dec.d.refs = dec.d.refs[:0]
	dec.d.resetAVM()
}

// InputOffset returns the number of input bytes consumed so far.
func (dec *Decoder) InputOffset() int64 { return dec.d.in.offset() }

// More reports whether a bytes Decoder has input left. For a stream Decoder it
// always reports true; Decode returns io.EOF at the end.
func (dec *Decoder) More() bool {
	if dec.d.in.r == nil {
		return dec.d.in.pos < len(dec.d.in.buf)
	}
	return true
}

// DecodeValue decodes the next value into the dynamic model. At the end of
// the input (before any byte of a value) it returns io.EOF.
func (dec *Decoder) DecodeValue() (any, error) {
	return dec.d.top()
}

// Decode decodes the next value into v, which must be a non-nil pointer. See
// Unmarshal for the conversion rules. At the end of the input (before any
// byte of a value) it returns io.EOF.
func (dec *Decoder) Decode(v any) error {
	if p, ok := v.(*any); ok && p != nil {
		val, err := dec.d.top()
		if err != nil {
			return err
		}
		*p = val
		return nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &InvalidUnmarshalError{Type: reflect.TypeOf(v)}
	}
	val, err := dec.d.top()
	if err != nil {
		return err
	}
	return dec.d.store(val, rv)
}

var statePool = sync.Pool{New: func() any { return new(decodeState) }}

func getState(data []byte) *decodeState {
	d := statePool.Get().(*decodeState)
	d.in.resetBytes(data)
	d.lim = DefaultLimits
	return d
}

func putState(d *decodeState) {
	clear(d.refs)
	if cap(d.refs) > 1024 {
		d.refs = nil
	}
	d.refs = d.refs[:0]
	d.in = reader{}
	d.avm.dec = nil // its offsets count from its creation
	statePool.Put(d)
}

// Unmarshal decodes the single AMF0 value in data into v, which must be a
// non-nil pointer; bytes after the value give an error wrapping
// ErrTrailingData. Use DecodeAll or NewBytesDecoder for a payload holding a
// sequence of values.
//
// Decoding into *any yields the dynamic model: float64, bool, string, nil,
// Undefined, Unsupported, Object, ECMAArray, []any, Date, XMLDocument,
// *TypedObject and AVMPlus. Typed targets convert as encoding/json does:
// numbers into any numeric kind (integers must be integral and in range),
// objects, ECMA arrays and typed objects into structs (by the `amf` tag name,
// then the field name, then a case-insensitive match) and into maps with
// string or integer keys; strict arrays into slices and arrays; dates into
// Date or time.Time; null and undefined leave non-nilable targets unchanged
// and clear pointers, maps, slices and interfaces. An AVM+ (0x11) value into a
// typed target is decoded as package amf3 decodes into that target. Types
// implementing Unmarshaler receive the dynamic value.
func Unmarshal(data []byte, v any) error {
	d := getState(data)
	defer putState(d)
	var err error
	if p, ok := v.(*any); ok && p != nil {
		var val any
		if val, err = d.top(); err == nil {
			*p = val
		}
	} else {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Pointer || rv.IsNil() {
			return &InvalidUnmarshalError{Type: reflect.TypeOf(v)}
		}
		var val any
		if val, err = d.top(); err == nil {
			err = d.store(val, rv)
		}
	}
	if err == io.EOF {
		err = &SyntaxError{Offset: 0, Msg: "empty input", Err: io.ErrUnexpectedEOF}
	}
	if err == nil && d.in.pos < len(data) {
		err = &SyntaxError{Offset: int64(d.in.pos), Msg: "data after the value", Err: ErrTrailingData}
	}
	return err
}

// DecodeAll decodes every value of data (an RTMP command or data message
// payload, an FLV script tag body) with one object table.
func DecodeAll(data []byte) ([]any, error) {
	d := getState(data)
	defer putState(d)
	vals := make([]any, 0, 4)
	for d.in.pos < len(data) {
		v, err := d.top()
		if err != nil {
			return vals, err
		}
		vals = append(vals, v)
	}
	return vals, nil
}
