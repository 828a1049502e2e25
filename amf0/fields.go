package amf0

import (
	"reflect"
	"strings"
	"sync"
	"time"
)

// field describes one encodable struct field.
type field struct {
	name      string
	index     []int
	typ       reflect.Type
	omitEmpty bool
	depth     int
	// plain: a bool, number or string kind that is not a dynamic-model type
	// and has no (Un)Marshaler, so it takes the reflection-light fast path.
	plain bool
}

// isPlain reports whether values of t need no per-value type checks.
func isPlain(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
	default:
		return false
	}
	if t == reflect.TypeFor[XMLDocument]() {
		return false
	}
	pt := reflect.PointerTo(t)
	return !t.Implements(marshalerType) && !pt.Implements(marshalerType) && !pt.Implements(unmarshalerType)
}

// structInfo is the cached field list of a struct type, in declaration
// order with embedded structs flattened as encoding/json does.
type structInfo struct {
	fields []field
	byName map[string]int
	class  string // non-empty when the type implements ClassNamer
}

// ClassNamer is implemented by struct types that encode as a typed object
// (marker 0x10) with the returned ActionScript class alias instead of an
// anonymous object.
type ClassNamer interface {
	AMF0ClassName() string
}

var (
	structCache     sync.Map // reflect.Type -> *structInfo
	timeType        = reflect.TypeFor[time.Time]()
	unmarshalerType = reflect.TypeFor[Unmarshaler]()
	marshalerType   = reflect.TypeFor[Marshaler]()
	classNamerType  = reflect.TypeFor[ClassNamer]()
)

func cachedStruct(t reflect.Type) *structInfo {
	if v, ok := structCache.Load(t); ok {
		return v.(*structInfo)
	}
	si := buildStruct(t)
	v, _ := structCache.LoadOrStore(t, si)
	return v.(*structInfo)
}

func buildStruct(t reflect.Type) *structInfo {
	var all []field
	collectFields(t, nil, 0, &all, map[reflect.Type]bool{})
	si := &structInfo{byName: make(map[string]int)}
	// The shallowest field of a name wins; among equals the first.
	best := make(map[string]int)
	for i, f := range all {
		if j, ok := best[f.name]; !ok || f.depth < all[j].depth {
			best[f.name] = i
		}
	}
	for i, f := range all {
		if best[f.name] == i {
			si.byName[f.name] = len(si.fields)
			si.fields = append(si.fields, f)
		}
	}
	if t.Implements(classNamerType) {
		if cn, ok := reflect.Zero(t).Interface().(ClassNamer); ok {
			si.class = safeClassName(cn)
		}
	}
	return si
}

// safeClassName calls AMF0ClassName, which should not depend on the receiver's
// contents; a panicking implementation yields "".
func safeClassName(cn ClassNamer) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	return cn.AMF0ClassName()
}

func collectFields(t reflect.Type, index []int, depth int, out *[]field, seen map[reflect.Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	defer delete(seen, t)
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("amf")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		idx := append(append([]int(nil), index...), i)
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft != timeType {
				collectFields(ft, idx, depth+1, out, seen)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		*out = append(*out, field{
			name:      name,
			index:     idx,
			typ:       sf.Type,
			omitEmpty: strings.Contains(","+opts+",", ",omitempty,"),
			depth:     depth,
			plain:     isPlain(sf.Type),
		})
	}
}

// lookup finds the field for a property name: exact, then case-insensitive.
func (si *structInfo) lookup(name string) *field {
	if i, ok := si.byName[name]; ok {
		return &si.fields[i]
	}
	for i := range si.fields {
		if strings.EqualFold(si.fields[i].name, name) {
			return &si.fields[i]
		}
	}
	return nil
}

// fieldForSet returns the field of v at index, allocating nil embedded
// pointers on the way.
func fieldForSet(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

// fieldForGet returns the field of v at index, or false when a nil embedded
// pointer is on the way.
func fieldForGet(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}
