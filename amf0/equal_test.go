package amf0

import (
	"math"
	"reflect"
)

func equalValues(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equalValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

// equalValue compares dynamic-model values, floats by bit pattern so that
// NaN equals itself. Cycles are cut by depth.
func equalValue(a, b any) bool { return eqDepth(a, b, 0) }

func eqDepth(a, b any, depth int) bool {
	if depth > 50 {
		return true
	}
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && math.Float64bits(x) == math.Float64bits(y)
	case Object:
		y, ok := b.(Object)
		return ok && eqPairs(x, y, depth)
	case ECMAArray:
		y, ok := b.(ECMAArray)
		return ok && eqPairs(x, y, depth)
	case *TypedObject:
		y, ok := b.(*TypedObject)
		return ok && (x == y || (x != nil && y != nil && x.ClassName == y.ClassName && eqPairs(x.Props, y.Props, depth)))
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if !eqDepth(x[i], y[i], depth+1) {
				return false
			}
		}
		return true
	case AVMPlus:
		y, ok := b.(AVMPlus)
		return ok && equalAMF3(x.Value, y.Value)
	case Date:
		y, ok := b.(Date)
		return ok && math.Float64bits(x.Ms) == math.Float64bits(y.Ms) && x.TimeZone == y.TimeZone
	}
	return reflect.DeepEqual(a, b)
}

func eqPairs(x, y []Pair, depth int) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i].Key != y[i].Key || !eqDepth(x[i].Value, y[i].Value, depth+1) {
			return false
		}
	}
	return true
}
