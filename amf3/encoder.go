package amf3

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"reflect"
	"strings"
	"time"
)

// maxEncodeDepth bounds the nesting the encoder writes (and the recursion
// of Marshaler values), so a Marshaler that returns itself cannot loop.
const maxEncodeDepth = 1000

// maxRefIndex is the largest index a U29 reference can carry.
const maxRefIndex = 1<<28 - 1

// An Encoder writes AMF3 values to an output stream.
//
// The reference tables persist across Encode calls until ResetReferences.
// Strings are referenced by value; *Object, *Array, *VectorObject,
// *Dictionary, pointers to structs, maps and non-empty slices are referenced
// by identity (so shared and cyclic Go values encode as references); traits
// are referenced by shape (class name, kind and sealed member names). Value
// types (Date, ByteArray, XML, the numeric vectors) are always written
// inline. Mutating an object between two Encode calls on the same Encoder
// without ResetReferences still writes a reference to the earlier instance.
type Encoder struct {
	w      io.Writer
	buf    []byte
	strs   map[string]int
	objs   map[objKey]int
	keep   []any
	nobj   int
	trait  map[string]int
	tptr   map[*Traits]int
	ntrait int
	depth  int
	ext    ExternalWriter
}

// objKey identifies a Go value for the object table.
type objKey struct {
	t reflect.Type
	p uintptr
	n int
}

// NewEncoder returns an Encoder writing to w.
func NewEncoder(w io.Writer) *Encoder {
	e := &Encoder{w: w}
	e.ext.e = e
	return e
}

// ResetReferences empties the reference tables, as at the start of a new
// message.
func (e *Encoder) ResetReferences() {
	clear(e.strs)
	clear(e.objs)
	clear(e.trait)
	clear(e.tptr)
	clear(e.keep)
	e.keep = e.keep[:0]
	e.nobj, e.ntrait = 0, 0
}

// Encode writes the AMF3 encoding of v (marker included). See Marshal for
// how Go values map to AMF3.
func (e *Encoder) Encode(v any) error {
	e.buf = e.buf[:0]
	e.depth = 0
	if err := e.encode(v); err != nil {
		return err
	}
	_, err := e.w.Write(e.buf)
	if cap(e.buf) > 1<<20 {
		e.buf = nil
	}
	return err
}

// Marshal returns the AMF3 encoding of v with fresh reference tables.
//
// Go values map to AMF3 as follows: nil, nil pointers, maps and slices →
// null; bool → true/false; signed and unsigned integers in [MinInt, MaxInt]
// → integer, other integers and floats → double; string → string; []byte
// and ByteArray → ByteArray; time.Time and Date → date; other slices and
// arrays → dense array; maps with string keys → anonymous dynamic object
// with the keys sorted; maps with other keys → Dictionary; structs → sealed
// object (see below); the dynamic-model types (Undefined, XML, XMLDocument,
// *Array, *Object, Vector*, *Dictionary) → themselves; a Marshaler → the
// value its MarshalAMF3 returns.
//
// A struct encodes as an object with sealed traits: its exported fields in
// declaration order, named by the `amf:"name"` tag or the field name.
// `amf:"-"` skips a field and `omitempty` leaves out a zero value (which
// changes the traits). Exported embedded structs without a tag are
// flattened; unexported embedded structs are ignored and embedded
// struct pointers are ordinary fields named after their type. The class name is ""
// (anonymous) unless the struct implements ClassNamer.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	e := NewEncoder(&b)
	e.buf = make([]byte, 0, 256)
	if err := e.encode(v); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// Marshaler is implemented by types that encode as another value: the
// encoder writes the value MarshalAMF3 returns.
type Marshaler interface {
	MarshalAMF3() (any, error)
}

// ClassNamer gives a struct type an AMF class alias. The encoder calls it
// once per type on the zero value, so it must return a constant.
type ClassNamer interface {
	AMFClassName() string
}

func (e *Encoder) enter() error {
	e.depth++
	if e.depth > maxEncodeDepth {
		return &UnsupportedValueError{Msg: "nesting deeper than 1000"}
	}
	return nil
}

func (e *Encoder) leave() { e.depth-- }

// writeInt writes an integer as 0x04 when it fits 29 bits, else as double.
func (e *Encoder) writeInt(n int64) {
	if n >= MinInt && n <= MaxInt {
		e.buf = append(e.buf, MarkerInteger)
		e.buf = AppendU29(e.buf, uint32(n))
		return
	}
	e.writeDouble(float64(n))
}

func (e *Encoder) writeDouble(f float64) {
	e.buf = append(e.buf, MarkerDouble)
	e.buf = binary.BigEndian.AppendUint64(e.buf, math.Float64bits(f))
}

// writeLen writes an inline length header (n<<1 | 1).
func (e *Encoder) writeLen(n int, what string) error {
	if n > maxRefIndex {
		return &UnsupportedValueError{Msg: what + " too long for a U29 length"}
	}
	e.buf = AppendU29(e.buf, uint32(n)<<1|1)
	return nil
}

// writeStr writes a U29S string body (no marker), as a reference if the
// string was written before. The empty string is always inline.
func (e *Encoder) writeStr(s string) error {
	if s == "" {
		e.buf = append(e.buf, 0x01)
		return nil
	}
	if i, ok := e.strs[s]; ok {
		e.buf = AppendU29(e.buf, uint32(i)<<1)
		return nil
	}
	if err := e.writeLen(len(s), "string"); err != nil {
		return err
	}
	e.buf = append(e.buf, s...)
	if e.strs == nil {
		e.strs = make(map[string]int)
	}
	if len(e.strs) < maxRefIndex {
		e.strs[s] = len(e.strs)
	}
	return nil
}

// ref looks up k in the object table. If found it writes the reference
// and returns true; otherwise it adds k (keeping v alive so its address is
// not reused while the table lives) and returns false.
func (e *Encoder) ref(k objKey, v any) bool {
	if i, ok := e.objs[k]; ok {
		e.buf = AppendU29(e.buf, uint32(i)<<1)
		return true
	}
	if e.objs == nil {
		e.objs = make(map[objKey]int)
	}
	if e.nobj < maxRefIndex {
		e.objs[k] = e.nobj
		e.keep = append(e.keep, v)
	}
	e.nobj++
	return false
}

// inlineObject counts an object-table entry that is never referenced.
func (e *Encoder) inlineObject() { e.nobj++ }

func ptrKey(v any) objKey {
	rv := reflect.ValueOf(v)
	return objKey{t: rv.Type(), p: rv.Pointer()}
}

// encode writes one value with its marker.
func (e *Encoder) encode(v any) error {
	switch x := v.(type) {
	case nil:
		e.buf = append(e.buf, MarkerNull)
	case Undefined:
		e.buf = append(e.buf, MarkerUndefined)
	case bool:
		if x {
			e.buf = append(e.buf, MarkerTrue)
		} else {
			e.buf = append(e.buf, MarkerFalse)
		}
	case int32:
		e.writeInt(int64(x))
	case int:
		e.writeInt(int64(x))
	case int64:
		e.writeInt(x)
	case uint32:
		e.writeInt(int64(x))
	case float64:
		e.writeDouble(x)
	case string:
		e.buf = append(e.buf, MarkerString)
		return e.writeStr(x)
	case XMLDocument:
		return e.writeXML(MarkerXMLDocument, string(x))
	case XML:
		return e.writeXML(MarkerXML, string(x))
	case Date:
		e.writeDate(x.Millis)
	case time.Time:
		e.writeDate(DateOf(x).Millis)
	case ByteArray:
		return e.writeByteArray(x)
	case []byte:
		if x == nil {
			e.buf = append(e.buf, MarkerNull)
			return nil
		}
		return e.writeByteArray(x)
	case *Array:
		if x == nil {
			e.buf = append(e.buf, MarkerNull)
			return nil
		}
		return e.writeArray(x)
	case *Object:
		if x == nil {
			e.buf = append(e.buf, MarkerNull)
			return nil
		}
		return e.writeObject(x)
	case VectorInt:
		return e.writeVectorInt(x)
	case *VectorInt:
		return e.nilOr(x == nil, func() error { return e.writeVectorInt(*x) })
	case VectorUint:
		return e.writeVectorUint(x)
	case *VectorUint:
		return e.nilOr(x == nil, func() error { return e.writeVectorUint(*x) })
	case VectorDouble:
		return e.writeVectorDouble(x)
	case *VectorDouble:
		return e.nilOr(x == nil, func() error { return e.writeVectorDouble(*x) })
	case *VectorObject:
		return e.nilOr(x == nil, func() error { return e.writeVectorObject(x, true) })
	case VectorObject:
		return e.writeVectorObject(&x, false)
	case *Dictionary:
		return e.nilOr(x == nil, func() error { return e.writeDictionary(x, true) })
	case Dictionary:
		return e.writeDictionary(&x, false)
	case Marshaler:
		if rv := reflect.ValueOf(x); rv.Kind() == reflect.Pointer && rv.IsNil() {
			e.buf = append(e.buf, MarkerNull)
			return nil
		}
		if err := e.enter(); err != nil {
			return err
		}
		defer e.leave()
		m, err := x.MarshalAMF3()
		if err != nil {
			return err
		}
		return e.encode(m)
	default:
		return e.encodeReflect(reflect.ValueOf(v))
	}
	return nil
}

func (e *Encoder) nilOr(isNil bool, f func() error) error {
	if isNil {
		e.buf = append(e.buf, MarkerNull)
		return nil
	}
	return f()
}

func (e *Encoder) writeXML(m byte, s string) error {
	e.buf = append(e.buf, m)
	e.inlineObject()
	if err := e.writeLen(len(s), "XML"); err != nil {
		return err
	}
	e.buf = append(e.buf, s...)
	return nil
}

func (e *Encoder) writeDate(ms float64) {
	e.buf = append(e.buf, MarkerDate, 0x01)
	e.inlineObject()
	e.buf = binary.BigEndian.AppendUint64(e.buf, math.Float64bits(ms))
}

func (e *Encoder) writeByteArray(b []byte) error {
	e.buf = append(e.buf, MarkerByteArray)
	e.inlineObject()
	if err := e.writeLen(len(b), "ByteArray"); err != nil {
		return err
	}
	e.buf = append(e.buf, b...)
	return nil
}

func (e *Encoder) writeArray(a *Array) error {
	e.buf = append(e.buf, MarkerArray)
	if e.ref(ptrKey(a), a) {
		return nil
	}
	if err := e.enter(); err != nil {
		return err
	}
	defer e.leave()
	if err := e.writeLen(len(a.Dense), "array"); err != nil {
		return err
	}
	for _, p := range a.Assoc {
		if p.Key == "" {
			return &UnsupportedValueError{Msg: "array key is the empty string"}
		}
		if err := e.writeStr(p.Key); err != nil {
			return err
		}
		if err := e.encode(p.Value); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, 0x01)
	for _, v := range a.Dense {
		if err := e.encode(v); err != nil {
			return err
		}
	}
	return nil
}

// writeTraits writes the traits part of an object header: a reference if
// traits of the same shape were written before, else inline.
func (e *Encoder) writeTraits(t *Traits) error {
	if i, ok := e.tptr[t]; ok {
		e.buf = AppendU29(e.buf, uint32(i)<<2|1)
		return nil
	}
	var kb strings.Builder
	kb.WriteString(t.ClassName)
	switch {
	case t.Externalizable:
		kb.WriteString("\x00e")
	case t.Dynamic:
		kb.WriteString("\x00d")
	default:
		kb.WriteString("\x00s")
	}
	if !t.Externalizable {
		for _, s := range t.Sealed {
			kb.WriteByte(0)
			kb.WriteString(s)
		}
	}
	return e.writeTraitsKey(kb.String(), t, t.ClassName, t.Dynamic, t.Externalizable, t.Sealed)
}

func (e *Encoder) writeTraitsKey(key string, t *Traits, class string, dynamic, ext bool, sealed []string) error {
	if i, ok := e.trait[key]; ok {
		e.buf = AppendU29(e.buf, uint32(i)<<2|1)
		if t != nil {
			e.tptr[t] = i
		}
		return nil
	}
	if e.trait == nil {
		e.trait = make(map[string]int)
		e.tptr = make(map[*Traits]int)
	}
	if e.ntrait < maxRefIndex>>1 {
		e.trait[key] = e.ntrait
		if t != nil {
			e.tptr[t] = e.ntrait
		}
	}
	e.ntrait++
	switch {
	case ext:
		e.buf = append(e.buf, 0x07)
	default:
		if len(sealed) >= 1<<25 {
			return &UnsupportedValueError{Msg: "too many sealed members"}
		}
		h := uint32(len(sealed))<<4 | 3
		if dynamic {
			h |= 8
		}
		e.buf = AppendU29(e.buf, h)
	}
	if err := e.writeStr(class); err != nil {
		return err
	}
	if ext {
		return nil
	}
	for _, s := range sealed {
		if err := e.writeStr(s); err != nil {
			return err
		}
	}
	return nil
}

func (e *Encoder) writeObject(o *Object) error {
	e.buf = append(e.buf, MarkerObject)
	if e.ref(ptrKey(o), o) {
		return nil
	}
	if err := e.enter(); err != nil {
		return err
	}
	defer e.leave()
	t := o.Traits
	if t == nil {
		t = anonTraits
	}
	if err := e.writeTraits(t); err != nil {
		return err
	}
	if t.Externalizable {
		c, ok := lookupExternal(t.ClassName)
		if !ok || c.Write == nil {
			return &UnknownExternalizableError{Offset: int64(len(e.buf)), ClassName: t.ClassName}
		}
		return c.Write(&e.ext, o.External)
	}
	for i := range t.Sealed {
		var v any
		if i < len(o.Sealed) {
			v = o.Sealed[i]
		}
		if err := e.encode(v); err != nil {
			return err
		}
	}
	if !t.Dynamic {
		return nil
	}
	for _, p := range o.Dynamic {
		if p.Key == "" {
			return &UnsupportedValueError{Msg: "dynamic member name is the empty string"}
		}
		if err := e.writeStr(p.Key); err != nil {
			return err
		}
		if err := e.encode(p.Value); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, 0x01)
	return nil
}

// anonTraits are the traits of an *Object with nil Traits.
var anonTraits = &Traits{Dynamic: true}

func (e *Encoder) vectorHeader(m byte, n int, fixed bool) error {
	e.buf = append(e.buf, m)
	if err := e.writeLen(n, "vector"); err != nil {
		return err
	}
	if fixed {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
	return nil
}

func (e *Encoder) writeVectorInt(v VectorInt) error {
	return writeVector32(e, MarkerVectorInt, v.Fixed, v.Items)
}

func (e *Encoder) writeVectorUint(v VectorUint) error {
	return writeVector32(e, MarkerVectorUint, v.Fixed, v.Items)
}

// writeVector32 writes a Vector.<int> or Vector.<uint> (always inline,
// never by reference): the header, then each item as 4 bytes big-endian.
func writeVector32[T int32 | uint32](e *Encoder, m byte, fixed bool, items []T) error {
	if err := e.inlineVectorHeader(m, len(items), fixed); err != nil {
		return err
	}
	for _, x := range items {
		e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(x))
	}
	return nil
}

// writeVectorDouble writes a Vector.<Number> (always inline): the header,
// then each item as an 8-byte big-endian double.
func (e *Encoder) writeVectorDouble(v VectorDouble) error {
	if err := e.inlineVectorHeader(MarkerVectorDouble, len(v.Items), v.Fixed); err != nil {
		return err
	}
	for _, x := range v.Items {
		e.buf = binary.BigEndian.AppendUint64(e.buf, math.Float64bits(x))
	}
	return nil
}

// inlineVectorHeader writes the header of a vector written inline.
func (e *Encoder) inlineVectorHeader(m byte, n int, fixed bool) error {
	e.inlineObject()
	return e.vectorHeader(m, n, fixed)
}

func (e *Encoder) writeVectorObject(v *VectorObject, byRef bool) error {
	if byRef {
		e.buf = append(e.buf, MarkerVectorObject)
		if e.ref(ptrKey(v), v) {
			return nil
		}
		e.buf = e.buf[:len(e.buf)-1]
	} else {
		e.inlineObject()
	}
	if err := e.enter(); err != nil {
		return err
	}
	defer e.leave()
	if err := e.vectorHeader(MarkerVectorObject, len(v.Items), v.Fixed); err != nil {
		return err
	}
	if err := e.writeStr(v.TypeName); err != nil {
		return err
	}
	for _, x := range v.Items {
		if err := e.encode(x); err != nil {
			return err
		}
	}
	return nil
}

func (e *Encoder) writeDictionary(d *Dictionary, byRef bool) error {
	if byRef {
		e.buf = append(e.buf, MarkerDictionary)
		if e.ref(ptrKey(d), d) {
			return nil
		}
		e.buf = e.buf[:len(e.buf)-1]
	} else {
		e.inlineObject()
	}
	if err := e.enter(); err != nil {
		return err
	}
	defer e.leave()
	if err := e.vectorHeader(MarkerDictionary, len(d.Entries), d.WeakKeys); err != nil {
		return err
	}
	for _, en := range d.Entries {
		if err := e.encode(en.Key); err != nil {
			return err
		}
		if err := e.encode(en.Value); err != nil {
			return err
		}
	}
	return nil
}
