package amf0

import (
	"reflect"
	"time"

	"github.com/rtmpkit/rtmp/internal/amfstruct"
)

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
// order with embedded structs flattened under structRules.
type structInfo struct {
	amfstruct.Struct
	// plain[i]: Fields[i] is a bool, number or string kind that is not a
	// dynamic-model type and has no (Un)Marshaler, so it takes the
	// reflection-light fast path.
	plain []bool
	class string // non-empty when the type implements ClassNamer
}

// ClassNamer is implemented by struct types that encode as a typed object
// (marker 0x10) with the returned ActionScript class alias instead of an
// anonymous object.
type ClassNamer interface {
	AMF0ClassName() string
}

var (
	structCache     amfstruct.Cache[structInfo]
	timeType        = reflect.TypeFor[time.Time]()
	unmarshalerType = reflect.TypeFor[Unmarshaler]()
	marshalerType   = reflect.TypeFor[Marshaler]()
	classNamerType  = reflect.TypeFor[ClassNamer]()
)

// structRules are amf0's embedding rules: embedded structs and pointers to
// them are flattened, exported or not (time.Time excepted), and of several
// fields of one name the shallowest wins.
var structRules = amfstruct.Rules{
	EmbedPointers:   true,
	EmbedUnexported: true,
	Opaque:          func(t reflect.Type) bool { return t == timeType },
	ShallowestWins:  true,
}

func cachedStruct(t reflect.Type) *structInfo {
	return structCache.Get(t, buildStruct)
}

func buildStruct(t reflect.Type) *structInfo {
	si := &structInfo{Struct: structRules.Struct(t)}
	si.plain = make([]bool, len(si.Fields))
	for i, f := range si.Fields {
		si.plain[i] = isPlain(f.Type)
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
