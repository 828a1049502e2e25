package amf3

import (
	"reflect"
	"strings"
	"sync"
)

// field is one encodable struct field.
type field struct {
	name      string
	index     []int
	omitEmpty bool
}

// structInfo is the cached encoding plan of a struct type.
type structInfo struct {
	fields    []field
	byName    map[string]int // exact name → index in fields
	byFold    map[string]int // lower-cased name → index in fields
	className string
	hasOmit   bool
	traits    *Traits // traits when no field is omitted
	traitsKey string
}

var structCache sync.Map // reflect.Type → *structInfo

var classNamerType = reflect.TypeFor[ClassNamer]()

// parseTag splits an `amf` struct tag into its name and omitempty flag.
func parseTag(tag string) (name string, omitEmpty bool) {
	name, opts, _ := strings.Cut(tag, ",")
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == "omitempty" {
			omitEmpty = true
		}
	}
	return name, omitEmpty
}

func cachedStruct(t reflect.Type) *structInfo {
	if si, ok := structCache.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{byName: map[string]int{}, byFold: map[string]int{}}
	collectFields(t, nil, si, 0)
	if t.Implements(classNamerType) {
		si.className = reflect.Zero(t).Interface().(ClassNamer).AMFClassName()
	}
	names := make([]string, len(si.fields))
	for i, f := range si.fields {
		names[i] = f.name
	}
	si.traits = &Traits{ClassName: si.className, Sealed: names}
	si.traitsKey = sealedKey(si.className, names)
	v, _ := structCache.LoadOrStore(t, si)
	return v.(*structInfo)
}

// sealedKey is the traits-table key of sealed, non-dynamic traits.
func sealedKey(class string, names []string) string {
	var b strings.Builder
	b.WriteString(class)
	b.WriteString("\x00s")
	for _, n := range names {
		b.WriteByte(0)
		b.WriteString(n)
	}
	return b.String()
}

// collectFields appends the fields of t (flattening exported embedded
// structs) to si. A name already present (from a shallower or earlier
// field) is not added again.
func collectFields(t reflect.Type, index []int, si *structInfo, depth int) {
	if depth > 16 {
		return
	}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag, hasTag := sf.Tag.Lookup("amf")
		if tag == "-" {
			continue
		}
		name, omit := parseTag(tag)
		idx := append(append([]int(nil), index...), i)
		if sf.Anonymous && (!hasTag || name == "") {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && sf.Type.Kind() != reflect.Pointer {
				if sf.IsExported() || ft.Name() == "" {
					if sf.IsExported() {
						collectFields(ft, idx, si, depth+1)
					}
					continue
				}
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if _, dup := si.byName[name]; dup {
			continue
		}
		si.byName[name] = len(si.fields)
		if _, dup := si.byFold[strings.ToLower(name)]; !dup {
			si.byFold[strings.ToLower(name)] = len(si.fields)
		}
		si.fields = append(si.fields, field{name: name, index: idx, omitEmpty: omit})
		if omit {
			si.hasOmit = true
		}
	}
}

// lookup finds the field for an AMF member name: exact match first, then
// a case-insensitive one.
func (si *structInfo) lookup(name string) (*field, bool) {
	if i, ok := si.byName[name]; ok {
		return &si.fields[i], true
	}
	if i, ok := si.byFold[strings.ToLower(name)]; ok {
		return &si.fields[i], true
	}
	return nil, false
}

// isEmptyValue reports whether v is the zero value for omitempty.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64,
		reflect.Interface, reflect.Pointer:
		return v.IsZero()
	case reflect.Struct:
		return v.IsZero()
	}
	return false
}
