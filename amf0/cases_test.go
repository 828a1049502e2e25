package amf0

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/rtmpkit/rtmp/amf3"
)

// valueCase is one table entry shared by the decode, encode, stream,
// truncation and fuzz-seed tests.
type valueCase struct {
	name string
	hex  string // spaces allowed
	val  any
	// noEncode: the bytes are valid input but not what the encoder writes
	// (the reason is in the name).
	noEncode bool
	// lenient: some proper prefixes decode successfully because an ECMA
	// array may end where its terminator is expected (§8).
	lenient bool
}

func (c valueCase) bytes(t testing.TB) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(c.hex, " ", ""))
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	return b
}

var valueCases = []valueCase{
	{name: "number 1.5", hex: "00 3ff8000000000000", val: 1.5},
	{name: "number -0", hex: "00 8000000000000000", val: negZero()},
	{name: "true", hex: "01 01", val: true},
	{name: "true written as 2 (any non-zero)", hex: "01 02", val: true, noEncode: true},
	{name: "false", hex: "01 00", val: false},
	{name: "string", hex: "02 0003 616263", val: "abc"},
	{name: "null", hex: "05", val: nil},
	{name: "undefined", hex: "06", val: Undefined{}},
	{name: "unsupported", hex: "0d", val: Unsupported{}},
	{name: "xml document", hex: "0f 00000004 3c612f3e", val: XMLDocument("<a/>")},
	{name: "date with time zone", hex: "0b 42702b3621158000 ff88", val: Date{Ms: 1111111111000, TimeZone: -120}},
	{name: "long string marker for a short string", hex: "0c 00000002 6869", val: "hi", noEncode: true},
	{name: "empty object", hex: "03 000009", val: Object{}},
	{name: "object keeps order", hex: "03 0001 62 003ff0000000000000 0001 61 0101 000009",
		val: Object{{"b", 1.0}, {"a", true}}},
	{name: "object with duplicate key", hex: "03 0001 61 05 0001 61 06 000009",
		val: Object{{"a", nil}, {"a", Undefined{}}}},
	{name: "nested object", hex: "03 0001 6f 03 0001 78 0200017900 0009 000009",
		val: Object{{"o", Object{{"x", "y"}}}}},
	{name: "ecma array", hex: "08 00000001 0001 61 0101 000009", val: ECMAArray{{"a", true}}},
	{name: "ecma array ending at the end of input", hex: "08 00000001 0001 61 0101",
		val: ECMAArray{{"a", true}}, noEncode: true, lenient: true},
	{name: "ecma array ending after the empty name", hex: "08 00000001 0001 61 0101 0000",
		val: ECMAArray{{"a", true}}, noEncode: true, lenient: true},
	{name: "sparse strict array", hex: "0a 00000003 06 003ff0000000000000 05",
		val: []any{Undefined{}, 1.0, nil}},
	{name: "typed object", hex: "10 0003 466f6f 0001 61 05 000009",
		val: &TypedObject{ClassName: "Foo", Props: Object{{"a", nil}}}},
	{name: "typed object anonymous class", hex: "10 0000 000009",
		val: &TypedObject{ClassName: "", Props: nil}, noEncode: true},
	{name: "avmplus string", hex: "11 06 07 616263", val: AVMPlus{Value: "abc"}},
	{name: "avmplus in an object", hex: "03 0001 76 11 04 7f 000009",
		val: Object{{"v", AVMPlus{Value: int32(127)}}}},
	{name: "avmplus array", hex: "11 09 05 01 04 01 04 02",
		val: AVMPlus{Value: &amf3.Array{Dense: []any{int32(1), int32(2)}}}},
	{name: "reference to an earlier object", hex: "0a 00000002 03 0001 61 0101 000009 070001",
		val: func() any { o := Object{{"a", true}}; return []any{o, o} }(), noEncode: true},
}

func negZero() float64 {
	z := 0.0
	return -z
}
