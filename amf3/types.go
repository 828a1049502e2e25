package amf3

import (
	"math"
	"time"
)

// Undefined is the ActionScript undefined value (marker 0x00).
type Undefined struct{}

// XMLDocument is a legacy flash.xml.XMLDocument (marker 0x07), kept as its
// source text.
type XMLDocument string

// XML is an E4X XML value (marker 0x0B), kept as its source text.
type XML string

// ByteArray is a flash.utils.ByteArray (marker 0x0C).
type ByteArray []byte

// Date is an AMF3 date (marker 0x08): milliseconds since the Unix epoch, UTC.
//
// The value is kept as the float64 that is on the wire, so fractional
// milliseconds and the invalid date (NaN) survive a round trip bit for bit,
// which time.Time cannot guarantee. Decoding into a time.Time target converts.
// The encoder accepts both Date and time.Time.
type Date struct {
	// Millis is the number of milliseconds since 1970-01-01T00:00:00Z.
	Millis float64
}

// maxDateMillis is the largest magnitude Date.Time converts; it is well
// beyond ActionScript's ±8.64e15 ms and within int64 nanosecond arithmetic
// of time.UnixMilli.
const maxDateMillis = 1 << 62

// DateOf returns the Date for t, with millisecond and sub-millisecond
// precision.
func DateOf(t time.Time) Date {
	return Date{Millis: float64(t.UnixMilli()) + float64(t.Nanosecond()%1e6)/1e6}
}

// Time returns d as a time.Time in UTC. A NaN, infinite or out-of-range date gives the zero
// time.Time.
func (d Date) Time() time.Time {
	if math.IsNaN(d.Millis) || math.Abs(d.Millis) > maxDateMillis {
		return time.Time{}
	}
	whole := math.Floor(d.Millis)
	ns := math.Round((d.Millis - whole) * 1e6)
	return time.UnixMilli(int64(whole)).Add(time.Duration(ns)).UTC()
}

// Pair is one named member of an object or one associative entry of an array,
// in wire order.
type Pair struct {
	Key   string
	Value any
}

// Array is an AMF3 array (marker 0x09): an associative part (string keys, in
// wire order) and a dense part. An ActionScript Array with only indexed
// elements has an empty Assoc.
type Array struct {
	Assoc []Pair
	Dense []any
}

// Get returns the value of the associative member key.
func (a *Array) Get(key string) (any, bool) {
	for i := len(a.Assoc) - 1; i >= 0; i-- {
		if a.Assoc[i].Key == key {
			return a.Assoc[i].Value, true
		}
	}
	return nil, false
}

// Traits describe the class of an Object: its alias, whether it is dynamic or
// externalizable, and the names of its sealed members in order.
//
// Decoded objects that share traits (through a traits reference) share the
// same *Traits; treat it as read-only.
type Traits struct {
	// ClassName is the class alias; "" for an anonymous object.
	ClassName string
	// Dynamic objects carry name/value pairs after the sealed values.
	Dynamic bool
	// Externalizable objects carry a class-specific payload instead of
	// members; see RegisterExternalizable.
	Externalizable bool
	// Sealed lists the sealed member names in wire order.
	Sealed []string
}

// Object is an AMF3 object (marker 0x0A).
//
// Sealed holds one value per Traits.Sealed name, in the same order. Dynamic
// holds the dynamic members in wire order (only for dynamic traits). External
// holds the decoded payload of an externalizable object, as produced by the
// class's ExternalCodec.
type Object struct {
	Traits   *Traits
	Sealed   []any
	Dynamic  []Pair
	External any
}

// NewObject returns an empty anonymous dynamic object, the AMF3 form of an
// ActionScript Object literal.
func NewObject() *Object {
	return &Object{Traits: &Traits{Dynamic: true}}
}

// ClassName returns the object's class alias, "" for an anonymous object.
func (o *Object) ClassName() string {
	if o.Traits == nil {
		return ""
	}
	return o.Traits.ClassName
}

// Get returns the member called name. A dynamic member wins over a sealed
// one; among duplicate sealed names the last one wins.
func (o *Object) Get(name string) (any, bool) {
	for i := len(o.Dynamic) - 1; i >= 0; i-- {
		if o.Dynamic[i].Key == name {
			return o.Dynamic[i].Value, true
		}
	}
	if o.Traits != nil {
		for i := len(o.Traits.Sealed) - 1; i >= 0; i-- {
			if o.Traits.Sealed[i] == name && i < len(o.Sealed) {
				return o.Sealed[i], true
			}
		}
	}
	return nil, false
}

// Set replaces the member called name, or appends it as a dynamic member.
// It does not change the traits, so on a sealed (non-dynamic) object a new
// name is still written as a dynamic member only if Traits.Dynamic is true.
func (o *Object) Set(name string, v any) {
	if o.Traits != nil {
		for i := len(o.Traits.Sealed) - 1; i >= 0; i-- {
			if o.Traits.Sealed[i] == name && i < len(o.Sealed) {
				o.Sealed[i] = v
				return
			}
		}
	}
	for i := range o.Dynamic {
		if o.Dynamic[i].Key == name {
			o.Dynamic[i].Value = v
			return
		}
	}
	o.Dynamic = append(o.Dynamic, Pair{Key: name, Value: v})
}

// VectorInt is a Vector.<int> (marker 0x0D).
type VectorInt struct {
	Fixed bool
	Items []int32
}

// VectorUint is a Vector.<uint> (marker 0x0E).
type VectorUint struct {
	Fixed bool
	Items []uint32
}

// VectorDouble is a Vector.<Number> (marker 0x0F).
type VectorDouble struct {
	Fixed bool
	Items []float64
}

// VectorObject is a Vector.<T> of objects (marker 0x10). TypeName is the
// element class alias: "*" (what Flash writes for Vector.<*>), "" (seen from
// other encoders) or a class name.
type VectorObject struct {
	Fixed    bool
	TypeName string
	Items    []any
}

// DictEntry is one key/value entry of a Dictionary. Keys are any AMF3 value.
type DictEntry struct {
	Key   any
	Value any
}

// Dictionary is a flash.utils.Dictionary (marker 0x11), entries in wire order.
type Dictionary struct {
	WeakKeys bool
	Entries  []DictEntry
}
