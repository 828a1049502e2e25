package amf3

import (
	"reflect"
	"strings"

	"github.com/rtmpkit/rtmp/internal/amfstruct"
)

// structInfo is the cached encoding plan of a struct type.
type structInfo struct {
	amfstruct.Struct
	className string
	hasOmit   bool
	traits    *Traits // traits when no field is omitted
	traitsKey string
}

var (
	structCache    amfstruct.Cache[structInfo]
	classNamerType = reflect.TypeFor[ClassNamer]()
)

// structRules are amf3's embedding rules: only exported embedded structs
// (not pointers to them) are flattened, at most 16 levels deep, and of
// several fields of one name the first in declaration order wins.
var structRules = amfstruct.Rules{MaxDepth: 16}

func cachedStruct(t reflect.Type) *structInfo {
	return structCache.Get(t, buildStruct)
}

func buildStruct(t reflect.Type) *structInfo {
	si := &structInfo{Struct: structRules.Struct(t)}
	if t.Implements(classNamerType) {
		si.className = reflect.Zero(t).Interface().(ClassNamer).AMFClassName()
	}
	names := make([]string, len(si.Fields))
	for i, f := range si.Fields {
		names[i] = f.Name
		si.hasOmit = si.hasOmit || f.OmitEmpty
	}
	si.traits = &Traits{ClassName: si.className, Sealed: names}
	si.traitsKey = sealedKey(si.className, names)
	return si
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
