package amf0

import "github.com/rtmpkit/rtmp/amf3"

// Default limits applied by Unmarshal and a new Decoder (see Limits).
const (
	// DefaultMaxDepth is the default maximum nesting of objects, arrays and
	// typed objects (also the encoder's nesting limit).
	DefaultMaxDepth = 128
	// DefaultMaxStringLength is the default maximum length in bytes of one
	// string, long string or XML document.
	DefaultMaxStringLength = 16 << 20
	// DefaultMaxElements is the default maximum element count of one strict
	// array and property count of one object, ECMA array or typed object.
	DefaultMaxElements = 1 << 20
	// DefaultMaxReferences is the default maximum number of entries in the
	// object (reference) table. The wire index is a U16, so more than 65536
	// entries can never be referenced anyway.
	DefaultMaxReferences = 1 << 16
	// DefaultMaxAlloc is the default bound on the bytes one Decode call may
	// allocate for values (an estimate: string lengths plus 16 bytes per
	// element and per value converted into a typed Go target).
	DefaultMaxAlloc = 128 << 20
)

// Limits bound the resources a Decoder spends on untrusted input. A zero
// field means the corresponding Default constant. Every limit is checked
// before memory is allocated. Values after the AVM+ switch (0x11) are bounded
// by the AMF3 field.
type Limits struct {
	// MaxDepth bounds the nesting of containers.
	MaxDepth int
	// MaxStringLength bounds the byte length of a string, long string or
	// XML document.
	MaxStringLength int
	// MaxElements bounds the element count of a strict array and the
	// property count of an object, ECMA array or typed object.
	MaxElements int
	// MaxReferences bounds the object table, which persists across Decode
	// calls until ResetReferences.
	MaxReferences int
	// MaxAlloc bounds the estimated bytes allocated by one Decode call.
	MaxAlloc int64
	// AMF3 bounds the AMF3 values after AVM+ switches; zero fields mean
	// the amf3 package defaults.
	AMF3 amf3.Limits
}

// DefaultLimits holds the limits Unmarshal and a new Decoder use.
var DefaultLimits = Limits{
	MaxDepth:        DefaultMaxDepth,
	MaxStringLength: DefaultMaxStringLength,
	MaxElements:     DefaultMaxElements,
	MaxReferences:   DefaultMaxReferences,
	MaxAlloc:        DefaultMaxAlloc,
}

// withDefaults returns l with zero fields replaced by the defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxStringLength <= 0 {
		l.MaxStringLength = DefaultMaxStringLength
	}
	if l.MaxElements <= 0 {
		l.MaxElements = DefaultMaxElements
	}
	if l.MaxReferences <= 0 {
		l.MaxReferences = DefaultMaxReferences
	}
	if l.MaxAlloc <= 0 {
		l.MaxAlloc = DefaultMaxAlloc
	}
	return l
}
