package amf3

// Default limits applied by a Decoder (see Limits).
const (
	// DefaultMaxDepth is the default maximum nesting of containers.
	DefaultMaxDepth = 128
	// DefaultMaxStringLength is the default maximum length in bytes of one
	// string, XML or XMLDocument value.
	DefaultMaxStringLength = 16 << 20
	// DefaultMaxByteArrayLength is the default maximum length of a ByteArray.
	DefaultMaxByteArrayLength = 64 << 20
	// DefaultMaxElements is the default maximum count of one array (dense
	// plus associative), vector, dictionary, or of an object's members.
	DefaultMaxElements = 1 << 20
	// DefaultMaxReferences is the default maximum number of entries in each
	// of the three reference tables.
	DefaultMaxReferences = 1 << 20
	// DefaultMaxAlloc is the default bound on the bytes one Decode call may
	// allocate for values (an estimate; see Limits.MaxAlloc).
	DefaultMaxAlloc = 128 << 20
)

// Limits bound the resources a Decoder spends on untrusted input. A zero
// field means the corresponding Default constant. Every limit is checked
// before the memory is allocated.
type Limits struct {
	// MaxDepth bounds the nesting of arrays, objects, vectors and
	// dictionaries (and the depth of Unmarshal into typed Go values).
	MaxDepth int
	// MaxStringLength bounds the byte length of a string, XML or
	// XMLDocument.
	MaxStringLength int
	// MaxByteArrayLength bounds the length of a ByteArray.
	MaxByteArrayLength int
	// MaxElements bounds the element count of one array, vector or
	// dictionary and the member count of one object (sealed plus dynamic).
	MaxElements int
	// MaxReferences bounds each reference table (strings, objects, traits).
	// The tables persist across Decode calls until ResetReferences.
	MaxReferences int
	// MaxAlloc bounds the estimated bytes allocated by one Decode call:
	// string and byte lengths plus 16 bytes per element while decoding,
	// and 64 bytes per Go value filled when decoding into a typed target
	// (where shared references are copied, so this also bounds the work).
	MaxAlloc int64
}

// DefaultLimits holds the limits a new Decoder uses.
var DefaultLimits = Limits{
	MaxDepth:           DefaultMaxDepth,
	MaxStringLength:    DefaultMaxStringLength,
	MaxByteArrayLength: DefaultMaxByteArrayLength,
	MaxElements:        DefaultMaxElements,
	MaxReferences:      DefaultMaxReferences,
	MaxAlloc:           DefaultMaxAlloc,
}

// withDefaults returns l with zero fields replaced by the defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxStringLength <= 0 {
		l.MaxStringLength = DefaultMaxStringLength
	}
	if l.MaxByteArrayLength <= 0 {
		l.MaxByteArrayLength = DefaultMaxByteArrayLength
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
