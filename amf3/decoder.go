package amf3

import (
	"errors"
	"io"
	"reflect"
)

// A Decoder reads AMF3 values from an input stream.
//
// The three reference tables (strings, objects, traits) persist across
// Decode calls, as they do within one RTMP message or one remoting body,
// until ResetReferences. The Decoder reads exactly the bytes of each value
// and never buffers ahead, so it can share its reader with other decoders
// (package amf0 hands it the stream after an AVM+ marker). If the reader
// implements io.ByteReader, single bytes are read with ReadByte.
//
// After an error the reference tables may be incomplete; call
// ResetReferences before decoding an unrelated message.
type Decoder struct {
	in
	limits Limits
	strs   []string
	objs   []any
	traits []*Traits
	depth  int
	alloc  int64
	ext    ExternalReader
	// scratch is a reused buffer for reading short strings.
	scratch []byte
}

// NewDecoder returns a Decoder reading from r with DefaultLimits.
func NewDecoder(r io.Reader) *Decoder {
	d := &Decoder{limits: DefaultLimits}
	d.in.reset(r)
	d.ext.d = d
	return d
}

// SetLimits replaces the decoder's limits; zero fields mean the defaults.
func (d *Decoder) SetLimits(l Limits) { d.limits = l.withDefaults() }

// Limits returns the limits in effect.
func (d *Decoder) Limits() Limits { return d.limits }

// ResetReferences empties the string, object and traits tables, as at the
// start of a new message.
func (d *Decoder) ResetReferences() {
	clear(d.strs)
	clear(d.objs)
	clear(d.traits)
	d.strs, d.objs, d.traits = d.strs[:0], d.objs[:0], d.traits[:0]
}

// InputOffset returns the number of bytes the Decoder has consumed.
func (d *Decoder) InputOffset() int64 { return d.off }

// Decode reads one AMF3 value and stores it in the value pointed to by v.
//
// Decoding into *any (or an interface with no methods) yields the dynamic
// model: nil (null), Undefined, bool, int32 (integer), float64 (double),
// string, XMLDocument, XML, Date, ByteArray, *Array, *Object, VectorInt,
// VectorUint, VectorDouble, *VectorObject and *Dictionary. Other targets
// are filled as Unmarshal describes.
//
// Decode returns io.EOF if the input ends before the first byte of the
// value; a value cut short gives an error matching io.ErrUnexpectedEOF.
func (d *Decoder) Decode(v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &InvalidUnmarshalError{Type: reflect.TypeOf(v)}
	}
	val, err := d.DecodeValue()
	if err != nil {
		return err
	}
	return assignTo(rv, val, d.limits, d.off)
}

// DecodeValue reads one AMF3 value and returns it in the dynamic model (see
// Decode).
func (d *Decoder) DecodeValue() (any, error) {
	d.alloc = 0
	d.depth = 0
	if d.limits == (Limits{}) {
		d.limits = DefaultLimits
	}
	m, err := d.readByte()
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) && se.Err == io.ErrUnexpectedEOF {
			return nil, io.EOF
		}
		return nil, err
	}
	return d.valueAfterMarker(m)
}

// charge accounts n bytes against MaxAlloc.
func (d *Decoder) charge(n int64) error {
	d.alloc += n
	if d.alloc > d.limits.MaxAlloc {
		return &LimitError{Offset: d.off, Limit: "MaxAlloc", Value: d.alloc, Max: d.limits.MaxAlloc}
	}
	return nil
}

// checkCount validates an element count read from the input.
func (d *Decoder) checkCount(n uint32) (int, error) {
	if int64(n) > int64(d.limits.MaxElements) {
		return 0, &LimitError{Offset: d.off, Limit: "MaxElements", Value: int64(n), Max: int64(d.limits.MaxElements)}
	}
	return int(n), d.charge(16 * int64(n))
}

func (d *Decoder) enter() error {
	d.depth++
	if d.depth > d.limits.MaxDepth {
		return &LimitError{Offset: d.off, Limit: "MaxDepth", Value: int64(d.depth), Max: int64(d.limits.MaxDepth)}
	}
	return nil
}

func (d *Decoder) leave() { d.depth-- }

// addObject appends v to the object table.
func (d *Decoder) addObject(v any) error {
	if len(d.objs) >= d.limits.MaxReferences {
		return &LimitError{Offset: d.off, Limit: "MaxReferences", Value: int64(len(d.objs) + 1), Max: int64(d.limits.MaxReferences)}
	}
	d.objs = append(d.objs, v)
	return nil
}

// objectRef resolves an object reference found after a marker m.
func (d *Decoder) objectRef(idx uint32, m byte) (any, error) {
	if int64(idx) >= int64(len(d.objs)) {
		return nil, &ReferenceError{Offset: d.off, Table: "object", Index: int(idx), Size: len(d.objs)}
	}
	v := d.objs[idx]
	if !refKindMatches(m, v) {
		return nil, &ReferenceError{Offset: d.off, Table: "object", Index: int(idx), Size: len(d.objs),
			Msg: "entry is not a " + markerName(m)}
	}
	return v, nil
}

// refKindMatches reports whether an object-table entry may be referenced
// from marker m. Flash resolves any reference, but the value kind must be
// one the marker can produce for the result to be well formed.
func refKindMatches(m byte, v any) bool {
	switch m {
	case MarkerXMLDocument, MarkerXML:
		return is[XML](v) || is[XMLDocument](v)
	case MarkerDate:
		return is[Date](v)
	case MarkerByteArray:
		return is[ByteArray](v)
	case MarkerVectorInt:
		return is[VectorInt](v)
	case MarkerVectorUint:
		return is[VectorUint](v)
	case MarkerVectorDouble:
		return is[VectorDouble](v)
	case MarkerVectorObject:
		return is[*VectorObject](v)
	case MarkerDictionary:
		return is[*Dictionary](v)
	}
	// Array and Object references may name any container: some encoders
	// write an ArrayCollection's source or an object through either marker.
	return true
}

// is reports whether v holds a T.
func is[T any](v any) bool {
	_, ok := v.(T)
	return ok
}
