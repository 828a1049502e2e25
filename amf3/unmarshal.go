package amf3

import (
	"bytes"
	"io"
	"math"
	"reflect"
	"strconv"
)

// Unmarshaler is implemented by types that decode themselves from the
// dynamic model: UnmarshalAMF3 receives the decoded value (see
// Decoder.Decode for its Go types).
type Unmarshaler interface {
	UnmarshalAMF3(v any) error
}

// Unmarshal decodes the single AMF3 value in data into v, with fresh
// reference tables and DefaultLimits. Bytes after the value are an error.
//
// v must be a non-nil pointer. A *any receives the dynamic model (see
// Decoder.Decode). Typed targets are filled as follows: bool ← boolean;
// integer kinds ← integer or an integral double in range; float kinds ←
// integer or double; string kinds ← string, XML or XMLDocument; []byte ←
// ByteArray; time.Time ← date; structs ← object members (sealed and
// dynamic), matched to fields by tag or name, exactly first, then ignoring
// case; maps with string keys ← object members, array associative entries,
// or dictionary entries whose keys are strings or numbers; other maps ←
// dictionary entries; slices and arrays ← dense array, any vector, or an
// ArrayCollection's source; pointers are allocated as needed; null sets
// pointers, maps, slices and interfaces to nil and leaves other values
// unchanged. An externalizable object (such as ObjectProxy) assigned to a
// non-*Object target is replaced by its External value. Members with no
// matching field are ignored. A type implementing Unmarshaler decodes
// itself.
func Unmarshal(data []byte, v any) error {
	r := bytes.NewReader(data)
	d := NewDecoder(r)
	if err := d.Decode(v); err != nil {
		if err == io.EOF {
			return &SyntaxError{Offset: 0, Msg: "unexpected end of input", Err: io.ErrUnexpectedEOF}
		}
		return err
	}
	if r.Len() > 0 {
		return &SyntaxError{Offset: d.off, Msg: "trailing data after value"}
	}
	return nil
}

// Assign stores v, a value of the dynamic model (as Decoder.DecodeValue
// returns it, see Decoder.Decode for its Go types), in the value dst points
// to, converting it as Unmarshal does but without encoding it first. dst
// must be a non-nil pointer; a *any receives v itself. The conversion is
// bounded by DefaultLimits.MaxDepth and DefaultLimits.MaxAlloc; errors
// report offset 0.
func Assign(dst, v any) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &InvalidUnmarshalError{Type: reflect.TypeOf(dst)}
	}
	return assignTo(rv, v, DefaultLimits, 0)
}

// assignTo stores the dynamic value v in the value ptr (a non-nil pointer)
// points to; offset is reported in errors.
func assignTo(ptr reflect.Value, v any, limits Limits, offset int64) error {
	if p, ok := ptr.Interface().(*any); ok {
		*p = v
		return nil
	}
	u := unmarshaler{limits: limits, offset: offset}
	return u.assign(ptr.Elem(), v, 0, nil)
}

// unmarshaler assigns dynamic values to Go values.
type unmarshaler struct {
	limits Limits
	offset int64
	memo   map[memoKey]reflect.Value
	steps  int64
}

// assignCost is the MaxAlloc charge of one assigned Go value. Shared
// references expand when assigned to typed (non-pointer) Go values, so a
// small input can describe an exponentially large typed result; charging
// each step bounds that work.
const assignCost = 64

type memoKey struct {
	src any
	t   reflect.Type
}

var unmarshalerType = reflect.TypeFor[Unmarshaler]()

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case Undefined:
		return "undefined"
	case bool:
		return "boolean"
	case int32:
		return "integer " + strconv.Itoa(int(x))
	case float64:
		return "double " + strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return "string"
	case XML:
		return "XML"
	case XMLDocument:
		return "XMLDocument"
	case Date:
		return "date"
	case ByteArray:
		return "ByteArray"
	case *Array:
		return "array"
	case *Object:
		if c := x.ClassName(); c != "" {
			return "object " + strconv.Quote(c)
		}
		return "object"
	case VectorInt:
		return "Vector.<int>"
	case VectorUint:
		return "Vector.<uint>"
	case VectorDouble:
		return "Vector.<Number>"
	case *VectorObject:
		return "Vector.<Object>"
	case *Dictionary:
		return "Dictionary"
	}
	return reflect.TypeOf(v).String()
}

// path is the location of a value being assigned, built only on error.
type path struct {
	parent *path
	name   string
	index  int // used when name is ""
}

func (p *path) String() string {
	if p == nil {
		return ""
	}
	s := p.name
	if s == "" {
		s = strconv.Itoa(p.index)
	}
	if p.parent == nil {
		return s
	}
	return p.parent.String() + "." + s
}

func (u *unmarshaler) typeErr(val any, t reflect.Type, p *path) error {
	return &UnmarshalTypeError{Offset: u.offset, Value: describe(val), Type: t, Field: p.String()}
}

// assign stores val in dst.
func (u *unmarshaler) assign(dst reflect.Value, val any, depth int, p *path) error {
	if depth > u.limits.MaxDepth {
		return &LimitError{Offset: u.offset, Limit: "MaxDepth", Value: int64(depth), Max: int64(u.limits.MaxDepth)}
	}
	u.steps += assignCost
	if u.steps > u.limits.MaxAlloc {
		return &LimitError{Offset: u.offset, Limit: "MaxAlloc", Value: u.steps, Max: u.limits.MaxAlloc}
	}
	dt := dst.Type()
	if dt.Kind() != reflect.Interface && dst.CanAddr() && reflect.PointerTo(dt).Implements(unmarshalerType) {
		return dst.Addr().Interface().(Unmarshaler).UnmarshalAMF3(val)
	}
	if val == nil {
		switch dst.Kind() {
		case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
			dst.SetZero()
		}
		return nil
	}
	vv := reflect.ValueOf(val)
	if vv.Type().AssignableTo(dt) {
		dst.Set(vv)
		return nil
	}
	if dst.Kind() == reflect.Pointer {
		var mk memoKey
		if isContainer(val) {
			mk = memoKey{src: val, t: dt}
			if p, ok := u.memo[mk]; ok {
				dst.Set(p)
				return nil
			}
		}
		if dst.IsNil() {
			dst.Set(reflect.New(dt.Elem()))
		}
		if mk.t != nil {
			if u.memo == nil {
				u.memo = make(map[memoKey]reflect.Value)
			}
			u.memo[mk] = dst
		}
		return u.assign(dst.Elem(), val, depth+1, p)
	}
	if dst.Kind() == reflect.Interface {
		return u.typeErr(val, dt, p)
	}
	if o, ok := val.(*Object); ok && o.Traits != nil && o.Traits.Externalizable && o.External != nil {
		return u.assign(dst, o.External, depth+1, p)
	}
	switch dst.Kind() {
	case reflect.Bool:
		if b, ok := val.(bool); ok {
			dst.SetBool(b)
			return nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n, ok := toInt(val); ok && !dst.OverflowInt(n) {
			dst.SetInt(n)
			return nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if n, ok := toInt(val); ok && n >= 0 && !dst.OverflowUint(uint64(n)) {
			dst.SetUint(uint64(n))
			return nil
		}
	case reflect.Float32, reflect.Float64:
		switch x := val.(type) {
		case int32:
			dst.SetFloat(float64(x))
			return nil
		case float64:
			dst.SetFloat(x)
			return nil
		}
	case reflect.String:
		switch x := val.(type) {
		case string:
			dst.SetString(x)
			return nil
		case XML:
			dst.SetString(string(x))
			return nil
		case XMLDocument:
			dst.SetString(string(x))
			return nil
		}
	case reflect.Struct:
		if dt == timeType {
			if d, ok := val.(Date); ok {
				dst.Set(reflect.ValueOf(d.Time()))
				return nil
			}
			break
		}
		if members, ok := memberList(val); ok {
			return u.assignStruct(dst, members, depth, p)
		}
	case reflect.Map:
		return u.assignMap(dst, val, depth, p)
	case reflect.Slice:
		if dt.Elem().Kind() == reflect.Uint8 {
			if b, ok := val.(ByteArray); ok {
				dst.SetBytes(append([]byte(nil), b...))
				return nil
			}
		}
		if items, ok := itemList(val); ok {
			s := reflect.MakeSlice(dt, len(items), len(items))
			for i, it := range items {
				if err := u.assign(s.Index(i), it, depth+1, &path{parent: p, index: i}); err != nil {
					return err
				}
			}
			dst.Set(s)
			return nil
		}
	case reflect.Array:
		if items, ok := itemList(val); ok {
			for i := range dst.Len() {
				if i < len(items) {
					if err := u.assign(dst.Index(i), items[i], depth+1, &path{parent: p, index: i}); err != nil {
						return err
					}
				} else {
					dst.Index(i).SetZero()
				}
			}
			return nil
		}
	}
	return u.typeErr(val, dt, p)
}

// isContainer reports whether v is a reference-able dynamic container.
func isContainer(v any) bool {
	switch v.(type) {
	case *Object, *Array, *VectorObject, *Dictionary:
		return true
	}
	return false
}

func toInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int32:
		return int64(x), true
	case float64:
		if x == math.Trunc(x) && x >= -(1<<63) && x < 1<<63 {
			return int64(x), true
		}
	}
	return 0, false
}

// memberList returns the named members of an object or array.
func memberList(v any) ([]Pair, bool) {
	switch x := v.(type) {
	case *Object:
		if x.Traits != nil && x.Traits.Externalizable {
			return nil, false
		}
		ps := make([]Pair, 0, len(x.Sealed)+len(x.Dynamic))
		if x.Traits != nil {
			for i, n := range x.Traits.Sealed {
				if i < len(x.Sealed) {
					ps = append(ps, Pair{Key: n, Value: x.Sealed[i]})
				}
			}
		}
		return append(ps, x.Dynamic...), true
	case *Array:
		return x.Assoc, true
	}
	return nil, false
}

// itemList returns the elements of an array or vector.
func itemList(v any) ([]any, bool) {
	switch x := v.(type) {
	case *Array:
		return x.Dense, true
	case *VectorObject:
		return x.Items, true
	case VectorInt:
		out := make([]any, len(x.Items))
		for i, n := range x.Items {
			out[i] = n
		}
		return out, true
	case VectorUint:
		out := make([]any, len(x.Items))
		for i, n := range x.Items {
			out[i] = float64(n)
		}
		return out, true
	case VectorDouble:
		out := make([]any, len(x.Items))
		for i, n := range x.Items {
			out[i] = n
		}
		return out, true
	}
	return nil, false
}

func (u *unmarshaler) assignStruct(dst reflect.Value, members []Pair, depth int, p *path) error {
	si := cachedStruct(dst.Type())
	for _, m := range members {
		i := si.Lookup(m.Key)
		if i < 0 {
			continue
		}
		f := &si.Fields[i]
		fv := dst.FieldByIndex(f.Index)
		if err := u.assign(fv, m.Value, depth+1, &path{parent: p, name: f.Name}); err != nil {
			return err
		}
	}
	return nil
}

func (u *unmarshaler) assignMap(dst reflect.Value, val any, depth int, p *path) error {
	dt := dst.Type()
	type kv struct{ k, v any }
	var entries []kv
	if members, ok := memberList(val); ok {
		for _, m := range members {
			entries = append(entries, kv{m.Key, m.Value})
		}
	} else if d, ok := val.(*Dictionary); ok {
		for _, e := range d.Entries {
			entries = append(entries, kv{e.Key, e.Value})
		}
	} else {
		return u.typeErr(val, dt, p)
	}
	if dst.IsNil() {
		dst.Set(reflect.MakeMapWithSize(dt, len(entries)))
	}
	kt, et := dt.Key(), dt.Elem()
	for _, e := range entries {
		k := reflect.New(kt).Elem()
		if kt.Kind() == reflect.String {
			s, ok := keyString(e.k)
			if !ok {
				return u.typeErr(e.k, kt, p)
			}
			k.SetString(s)
		} else if err := u.assign(k, e.k, depth+1, p); err != nil {
			return err
		}
		ks, _ := keyString(e.k)
		v := reflect.New(et).Elem()
		if err := u.assign(v, e.v, depth+1, &path{parent: p, name: ks}); err != nil {
			return err
		}
		dst.SetMapIndex(k, v)
	}
	return nil
}

// keyString converts a dictionary key to a string map key.
func keyString(k any) (string, bool) {
	switch x := k.(type) {
	case string:
		return x, true
	case int32:
		return strconv.Itoa(int(x)), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}
