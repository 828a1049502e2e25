package amf0

import (
	"io"
	"reflect"
	"sort"
	"strconv"
	"time"

	"github.com/rtmpkit/rtmp/internal/amfstruct"
)

// Marshaler is implemented by types that encode themselves as another value:
// MarshalAMF0 returns what to encode in their place (a dynamic-model value
// such as Object, or any other Go value).
type Marshaler interface {
	MarshalAMF0() (any, error)
}

// An Encoder writes AMF0 values to an output stream, one per Encode call.
//
// By default every container is written inline, as Flash Media Server and
// the RTMP servers in the wild expect. SetReferences(true) makes the encoder
// write the Reference marker (0x07) for a container (map, slice, pointer to a
// struct, Object, ECMAArray, *TypedObject) it has already written since the
// last ResetReferences, which also lets it encode cyclic values.
type Encoder struct {
	w   io.Writer
	e   encodeState
	buf []byte
}

// NewEncoder returns an Encoder writing to w.
func NewEncoder(w io.Writer) *Encoder {
	return &Encoder{w: w, e: encodeState{maxDepth: DefaultMaxDepth}}
}

// SetReferences turns writing the Reference marker on or off (default off).
func (enc *Encoder) SetReferences(on bool) { enc.e.useRefs = on }

// SetMaxDepth sets the container nesting the encoder accepts before it
// reports an UnsupportedValueError (default DefaultMaxDepth); it stops
// cycles when references are off.
func (enc *Encoder) SetMaxDepth(n int) {
	if n <= 0 {
		n = DefaultMaxDepth
	}
	enc.e.maxDepth = n
}

// ResetReferences empties the object table; call it between messages.
func (enc *Encoder) ResetReferences() { enc.e.reset() }

// Encode writes the AMF0 encoding of v. See Marshal for the rules.
func (enc *Encoder) Encode(v any) error {
	enc.e.depth = 0
	b, err := enc.e.append(enc.buf[:0], v)
	if cap(b) <= maxScratch {
		enc.buf = b[:0]
	}
	if err != nil {
		return err
	}
	_, err = enc.w.Write(b)
	return err
}

// Marshal returns the AMF0 encoding of v, without references.
//
// Dynamic-model values encode as themselves. Go values: bool as Boolean; all
// integer and float kinds as Number; strings as String or, above 65535
// bytes, Long String; nil pointers, interfaces, maps and slices as Null;
// structs (fields as for Unmarshal, honouring `amf:"name,omitempty"` and
// `amf:"-"`) as Object, or as Typed Object when the type implements
// ClassNamer; maps with string or integer keys as Object with sorted keys;
// slices and arrays as Strict Array; time.Time as Date. Marshaler values
// encode what their MarshalAMF0 returns.
func Marshal(v any) ([]byte, error) {
	e := encodeState{maxDepth: DefaultMaxDepth}
	return e.append(nil, v)
}

// Append appends the AMF0 encoding of v to b, as Marshal does.
func Append(b []byte, v any) ([]byte, error) {
	e := encodeState{maxDepth: DefaultMaxDepth}
	return e.append(b, v)
}

// dynamicTypes are the dynamic-model types, which encode as themselves
// wherever they appear.
var dynamicTypes = map[reflect.Type]bool{
	reflect.TypeFor[Object]():       true,
	reflect.TypeFor[ECMAArray]():    true,
	reflect.TypeFor[[]any]():        true,
	reflect.TypeFor[*TypedObject](): true,
	reflect.TypeFor[Undefined]():    true,
	reflect.TypeFor[Unsupported]():  true,
	reflect.TypeFor[Date]():         true,
	reflect.TypeFor[XMLDocument]():  true,
	reflect.TypeFor[AVMPlus]():      true,
	timeType:                        true,
}

// refKey identifies a container for the reference table.
type refKey struct {
	p    uintptr
	n    int
	kind reflect.Kind
}

type refVal struct {
	idx  int
	keep any // keeps the container alive so its address is not reused
}

// encodeState holds what one Encoder keeps between values.
type encodeState struct {
	useRefs  bool
	table    map[refKey]refVal
	count    int // containers written since the last reset
	depth    int
	maxDepth int
}

func (e *encodeState) reset() {
	e.table = nil
	e.count = 0
}

// ref writes a reference if the container (p, n, kind) was written before;
// otherwise it records it. It reports whether a reference was written.
func (e *encodeState) ref(b []byte, p uintptr, n int, kind reflect.Kind, keep any) ([]byte, bool) {
	if !e.useRefs {
		return b, false
	}
	idx := e.count
	e.count++
	if p == 0 {
		return b, false
	}
	k := refKey{p, n, kind}
	if r, ok := e.table[k]; ok {
		e.count--
		return AppendReference(b, uint16(r.idx)), true
	}
	if idx <= 0xFFFF {
		if e.table == nil {
			e.table = make(map[refKey]refVal)
		}
		e.table[k] = refVal{idx, keep}
	}
	return b, false
}

func (e *encodeState) enter() error {
	e.depth++
	if e.depth > e.maxDepth {
		return &UnsupportedValueError{Msg: "nesting deeper than " + strconv.Itoa(e.maxDepth) + " (a cycle?)"}
	}
	return nil
}

func (e *encodeState) append(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, MarkerNull), nil
	case float64:
		return AppendNumber(b, v), nil
	case string:
		return e.str(b, v)
	case bool:
		return AppendBool(b, v), nil
	case int:
		return AppendNumber(b, float64(v)), nil
	case int32:
		return AppendNumber(b, float64(v)), nil
	case int64:
		return AppendNumber(b, float64(v)), nil
	case uint32:
		return AppendNumber(b, float64(v)), nil
	case float32:
		return AppendNumber(b, float64(v)), nil
	case Object:
		return e.pairs(b, MarkerObject, "", v)
	case ECMAArray:
		return e.pairs(b, MarkerECMAArray, "", v)
	case []any:
		return e.strict(b, v)
	case *TypedObject:
		if v == nil {
			return append(b, MarkerNull), nil
		}
		b, done := e.ref(b, reflect.ValueOf(v).Pointer(), 0, reflect.Pointer, v)
		if done {
			return b, nil
		}
		if e.useRefs {
			e.count-- // pairs counts it
		}
		return e.pairs(b, MarkerTypedObject, v.ClassName, v.Props)
	case Undefined:
		return append(b, MarkerUndefined), nil
	case Unsupported:
		return append(b, MarkerUnsupported), nil
	case Date:
		return AppendDate(b, v), nil
	case time.Time:
		return AppendTime(b, v), nil
	case XMLDocument:
		return AppendXMLDocument(b, string(v)), nil
	case AVMPlus:
		return appendAVMPlus(b, v.Value)
	case map[string]any:
		return e.reflectValue(b, reflect.ValueOf(v))
	case Marshaler:
		return e.marshaler(b, v)
	}
	return e.reflectValue(b, reflect.ValueOf(v))
}

func (e *encodeState) marshaler(b []byte, m Marshaler) ([]byte, error) {
	if err := e.enter(); err != nil {
		return b, err
	}
	defer func() { e.depth-- }()
	v, err := m.MarshalAMF0()
	if err != nil {
		return b, &MarshalerError{Type: reflect.TypeOf(m), Err: err}
	}
	return e.append(b, v)
}

func (e *encodeState) str(b []byte, s string) ([]byte, error) {
	if uint64(len(s)) > 0xFFFFFFFF {
		return b, &UnsupportedValueError{Msg: "string longer than 4 GiB"}
	}
	return AppendString(b, s), nil
}

func (e *encodeState) name(b []byte, s string) ([]byte, error) {
	if len(s) > maxShortString {
		return b, &UnsupportedValueError{Msg: "property name longer than 65535 bytes"}
	}
	if s == "" {
		return b, &UnsupportedValueError{Msg: "empty property name"}
	}
	return AppendPropertyName(b, s), nil
}

// pairs writes an Object, ECMA Array or Typed Object from ordered pairs.
func (e *encodeState) pairs(b []byte, marker byte, class string, ps []Pair) ([]byte, error) {
	if marker != MarkerTypedObject && len(ps) > 0 {
		var done bool
		if b, done = e.ref(b, reflect.ValueOf(&ps[0]).Pointer(), len(ps), reflect.Kind(marker), ps); done {
			return b, nil
		}
	} else if e.useRefs {
		e.count++
	}
	if err := e.enter(); err != nil {
		return b, err
	}
	switch marker {
	case MarkerECMAArray:
		b = AppendECMAArrayStart(b, uint32(len(ps)))
	case MarkerTypedObject:
		if len(class) > maxShortString {
			return b, &UnsupportedValueError{Msg: "class name longer than 65535 bytes"}
		}
		b = AppendTypedObjectStart(b, class)
	default:
		b = append(b, marker)
	}
	var err error
	for i := range ps {
		if b, err = e.name(b, ps[i].Key); err != nil {
			return b, err
		}
		if b, err = e.append(b, ps[i].Value); err != nil {
			return b, err
		}
	}
	e.depth--
	return AppendObjectEnd(b), nil
}

func (e *encodeState) strict(b []byte, arr []any) ([]byte, error) {
	if arr == nil {
		return append(b, MarkerNull), nil
	}
	if len(arr) > 0 {
		var done bool
		if b, done = e.ref(b, reflect.ValueOf(&arr[0]).Pointer(), len(arr), reflect.Slice, arr); done {
			return b, nil
		}
	} else if e.useRefs {
		e.count++
	}
	if err := e.enter(); err != nil {
		return b, err
	}
	b = AppendStrictArrayStart(b, uint32(len(arr)))
	var err error
	for _, v := range arr {
		if b, err = e.append(b, v); err != nil {
			return b, err
		}
	}
	e.depth--
	return b, nil
}

// reflectValue encodes Go values outside the dynamic model.
func (e *encodeState) reflectValue(b []byte, v reflect.Value) ([]byte, error) {
	if !v.IsValid() {
		return append(b, MarkerNull), nil
	}
	t := v.Type()
	switch t.Kind() {
	case reflect.Struct, reflect.String, reflect.Slice, reflect.Pointer:
		if dynamicTypes[t] {
			return e.append(b, v.Interface())
		}
	}
	if t.Implements(marshalerType) {
		if t.Kind() == reflect.Pointer && v.IsNil() {
			return append(b, MarkerNull), nil
		}
		return e.marshaler(b, v.Interface().(Marshaler))
	}
	if v.CanAddr() && reflect.PointerTo(t).Implements(marshalerType) {
		return e.marshaler(b, v.Addr().Interface().(Marshaler))
	}
	switch t.Kind() {
	case reflect.Bool:
		return AppendBool(b, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return AppendNumber(b, float64(v.Int())), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return AppendNumber(b, float64(v.Uint())), nil
	case reflect.Float32, reflect.Float64:
		return AppendNumber(b, v.Float()), nil
	case reflect.String:
		return e.str(b, v.String())
	case reflect.Interface:
		if v.IsNil() {
			return append(b, MarkerNull), nil
		}
		return e.append(b, v.Elem().Interface())
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, MarkerNull), nil
		}
		if ek := t.Elem().Kind(); !dynamicTypes[t.Elem()] && ek == reflect.Struct || ek == reflect.Map || ek == reflect.Slice || ek == reflect.Array {
			var done bool
			if b, done = e.ref(b, v.Pointer(), 0, reflect.Pointer, v.Interface()); done {
				return b, nil
			}
			if e.useRefs {
				e.count-- // the pointee counts itself
			}
			return e.reflectElem(b, v.Elem(), true)
		}
		return e.append(b, v.Elem().Interface())
	case reflect.Struct:
		if t == timeType {
			return AppendTime(b, v.Interface().(time.Time)), nil
		}
		return e.reflectElem(b, v, false)
	case reflect.Map, reflect.Slice:
		if v.IsNil() {
			return append(b, MarkerNull), nil
		}
		return e.reflectElem(b, v, false)
	case reflect.Array:
		return e.reflectElem(b, v, false)
	}
	return b, &UnsupportedTypeError{Type: t}
}

// reflectElem writes a struct, map, slice or array as a container.
// viaPointer says the reference identity was already taken from a pointer.
func (e *encodeState) reflectElem(b []byte, v reflect.Value, viaPointer bool) ([]byte, error) {
	t := v.Type()
	if !viaPointer && (t.Kind() == reflect.Map || (t.Kind() == reflect.Slice && v.Len() > 0)) {
		var done bool
		if b, done = e.ref(b, v.Pointer(), v.Len(), t.Kind(), v.Interface()); done {
			return b, nil
		}
	} else if e.useRefs {
		e.count++
	}
	if err := e.enter(); err != nil {
		return b, err
	}
	defer func() { e.depth-- }()
	var err error
	switch t.Kind() {
	case reflect.Struct:
		si := cachedStruct(t)
		if si.class != "" {
			b = AppendTypedObjectStart(b, si.class)
		} else {
			b = append(b, MarkerObject)
		}
		for i := range si.Fields {
			f := &si.Fields[i]
			fv, ok := amfstruct.FieldByIndex(v, f.Index)
			if !ok || (f.OmitEmpty && isEmpty(fv)) {
				continue
			}
			if b, err = e.name(b, f.Name); err != nil {
				return b, err
			}
			if si.plain[i] {
				b = appendPlain(b, fv)
				continue
			}
			if b, err = e.reflectValue(b, fv); err != nil {
				return b, err
			}
		}
		return AppendObjectEnd(b), nil
	case reflect.Map:
		keys, err := sortedKeys(v)
		if err != nil {
			return b, err
		}
		b = append(b, MarkerObject)
		for _, k := range keys {
			if b, err = e.name(b, k.s); err != nil {
				return b, err
			}
			if b, err = e.reflectValue(b, v.MapIndex(k.v)); err != nil {
				return b, err
			}
		}
		return AppendObjectEnd(b), nil
	default: // slice, array
		n := v.Len()
		if uint64(n) > 0xFFFFFFFF {
			return b, &UnsupportedValueError{Msg: "strict array longer than 2^32-1"}
		}
		b = AppendStrictArrayStart(b, uint32(n))
		for i := 0; i < n; i++ {
			if b, err = e.reflectValue(b, v.Index(i)); err != nil {
				return b, err
			}
		}
		return b, nil
	}
}

type mapKey struct {
	s string
	v reflect.Value
}

func sortedKeys(v reflect.Value) ([]mapKey, error) {
	keys := make([]mapKey, 0, v.Len())
	iter := v.MapRange()
	for iter.Next() {
		k := iter.Key()
		var s string
		switch k.Kind() {
		case reflect.String:
			s = k.String()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			s = strconv.FormatInt(k.Int(), 10)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			s = strconv.FormatUint(k.Uint(), 10)
		default:
			return nil, &UnsupportedTypeError{Type: v.Type()}
		}
		keys = append(keys, mapKey{s, k})
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].s < keys[j].s })
	return keys, nil
}

// isEmpty reports whether v is empty for omitempty: false, 0, "", nil, an
// empty map, slice, array or string, or a zero time.Time.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	case reflect.Struct:
		if v.Type() == timeType {
			return v.Interface().(time.Time).IsZero()
		}
	}
	return false
}

// appendPlain writes a plain (bool, number or string kind) field.
func appendPlain(b []byte, v reflect.Value) []byte {
	switch v.Kind() {
	case reflect.Bool:
		return AppendBool(b, v.Bool())
	case reflect.String:
		return AppendString(b, v.String())
	case reflect.Float32, reflect.Float64:
		return AppendNumber(b, v.Float())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return AppendNumber(b, float64(v.Int()))
	default:
		return AppendNumber(b, float64(v.Uint()))
	}
}
