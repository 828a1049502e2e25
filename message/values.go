package message

import (
	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/amf3"
)

// unwrap returns the AMF3 value inside an amf0.AVMPlus, or v itself.
func unwrap(v any) any {
	if a, ok := v.(amf0.AVMPlus); ok {
		return a.Value
	}
	if a, ok := v.(*amf0.AVMPlus); ok && a != nil {
		return a.Value
	}
	return v
}

func asString(v any) (string, bool) {
	s, ok := unwrap(v).(string)
	return s, ok
}

func asNumber(v any) (float64, bool) {
	switch n := unwrap(v).(type) {
	case float64:
		return n, true
	case int32:
		return float64(n), true
	}
	return 0, false
}

// Property returns the value of key in an object-like value: amf0.Object,
// amf0.ECMAArray, *amf0.TypedObject, map[string]any, or (behind 0x11) an
// *amf3.Object (sealed or dynamic member) or *amf3.Array (associative part).
// It is how the rtmp package reads connect objects and info objects whatever
// encoding the peer chose.
func Property(obj any, key string) (any, bool) {
	switch o := unwrap(obj).(type) {
	case amf0.Object:
		return o.Get(key)
	case amf0.ECMAArray:
		return o.Get(key)
	case *amf0.TypedObject:
		if o != nil {
			return o.Get(key)
		}
	case map[string]any:
		v, ok := o[key]
		return v, ok
	case *amf3.Object:
		if o != nil {
			return o.Get(key)
		}
	case *amf3.Array:
		if o != nil {
			return o.Get(key)
		}
	}
	return nil, false
}

// StringProperty returns [Property] as a string, and whether it is one.
func StringProperty(obj any, key string) (string, bool) {
	v, ok := Property(obj, key)
	if !ok {
		return "", false
	}
	return asString(v)
}

// NumberProperty returns [Property] as a float64 (AMF0 number, AMF3 double or
// integer), and whether it is a number.
func NumberProperty(obj any, key string) (float64, bool) {
	v, ok := Property(obj, key)
	if !ok {
		return 0, false
	}
	return asNumber(v)
}

// BoolProperty returns [Property] as a bool, and whether it is one.
func BoolProperty(obj any, key string) (bool, bool) {
	v, ok := Property(obj, key)
	if !ok {
		return false, false
	}
	b, ok := unwrap(v).(bool)
	return b, ok
}
