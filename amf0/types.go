package amf0

import (
	"math"
	"time"
)

// Pair is one named property of an Object, ECMAArray or TypedObject, in wire
// order.
type Pair struct {
	Key   string
	Value any
}

// Object is an anonymous ActionScript object (marker 0x03): its properties in
// wire order. Unknown properties and their order survive a decode/encode round
// trip.
//
// An Object is a slice: copies share the same properties. A decoded reference
// (marker 0x07) yields a value that shares the referenced Object's backing
// array, so identity and cycles are preserved.
type Object []Pair

// Get returns the value of the property key. If the key occurs more than once
// the last occurrence wins, as in ActionScript.
func (o Object) Get(key string) (any, bool) { return getPair(o, key) }

// Set replaces the value of the property key, or appends the property.
func (o *Object) Set(key string, value any) { *o = setPair(*o, key, value) }

// ECMAArray is an associative ActionScript array (marker 0x08), the form FLV
// onMetaData and many RTMP info objects use: its entries in wire order.
type ECMAArray []Pair

// Get returns the value of the entry key; the last duplicate wins.
func (a ECMAArray) Get(key string) (any, bool) { return getPair(a, key) }

// Set replaces the value of the entry key, or appends the entry.
func (a *ECMAArray) Set(key string, value any) { *a = setPair(*a, key, value) }

// TypedObject is an object of a registered ActionScript class (marker 0x10).
// It is a pointer type in the dynamic model, so references keep identity.
type TypedObject struct {
	// ClassName is the class alias written on the wire.
	ClassName string
	// Props holds the properties in wire order.
	Props Object
}

// Get returns the value of the property key.
func (t *TypedObject) Get(key string) (any, bool) { return getPair(t.Props, key) }

// Set replaces the value of the property key, or appends the property.
func (t *TypedObject) Set(key string, value any) { t.Props = setPair(t.Props, key, value) }

// Undefined is the ActionScript undefined value (marker 0x06). It also fills
// the holes of sparse strict arrays.
type Undefined struct{}

// Unsupported is the placeholder a writer emits for a value it cannot
// serialise (marker 0x0D).
type Unsupported struct{}

// XMLDocument is a legacy flash.xml.XMLDocument (marker 0x0F), kept as its
// source text.
type XMLDocument string

// Date is an AMF0 date (marker 0x0B).
//
// Ms is kept as the float64 that is on the wire, so fractional milliseconds
// and NaN survive a round trip bit for bit, which time.Time cannot promise.
// TimeZone is the reserved S16 field (minutes); writers should leave it 0 and
// readers ignore it, but it is kept so the bytes round-trip. Decoding a date
// into a time.Time target converts with Time.
type Date struct {
	// Ms is milliseconds since 1970-01-01T00:00:00Z.
	Ms float64
	// TimeZone is the reserved time-zone field as written on the wire.
	TimeZone int16
}

// DateOf returns the Date for t with sub-millisecond precision and a zero
// time zone.
func DateOf(t time.Time) Date {
	return Date{Ms: float64(t.Unix())*1e3 + float64(t.Nanosecond())/1e6}
}

// Time returns d as a time.Time in UTC. The time zone field is ignored, as
// the specification says. A NaN or infinite date gives the zero time.Time.
func (d Date) Time() time.Time {
	if math.IsNaN(d.Ms) || math.IsInf(d.Ms, 0) {
		return time.Time{}
	}
	sec, frac := math.Modf(d.Ms / 1e3)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC()
}

// AVMPlus is a value written after the AVM+ switch (marker 0x11): Value is
// an AMF3 dynamic value as package amf3 decodes it (int32, float64, string,
// *amf3.Object, *amf3.Array, ...). Encoding an AVMPlus writes 0x11 followed
// by the AMF3 encoding of Value.
type AVMPlus struct {
	Value any
}

func getPair(ps []Pair, key string) (any, bool) {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].Key == key {
			return ps[i].Value, true
		}
	}
	return nil, false
}

func setPair(ps []Pair, key string, value any) []Pair {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].Key == key {
			ps[i].Value = value
			return ps
		}
	}
	return append(ps, Pair{Key: key, Value: value})
}
