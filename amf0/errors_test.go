package amf0

import (
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestDecodeErrors(t *testing.T) {
	deep := strings.Repeat("0a00000001", DefaultMaxDepth+1) + "05"
	cases := []struct {
		name   string
		hex    string
		check  func(error) bool
		offset int64 // of a SyntaxError/ReferenceError/LimitError; -1 = skip
	}{
		{"empty input", "", is(io.ErrUnexpectedEOF), 0},
		{"movieclip", "04", is(ErrUnsupportedMarker), 0},
		{"recordset", "0e", is(ErrUnsupportedMarker), 0},
		{"unknown marker", "12", asSyntax, 0},
		{"object end outside object", "09", asSyntax, 0},
		{"reference out of range", "070000", asReference, 0},
		{"forward reference", "0a00000002 05 070001", asReference, 6},
		{"empty name without object end", "03 0000 05", asSyntax, 3},
		{"strict array count over limit", "0a ffffffff", asLimit("MaxElements"), -1},
		{"huge strict array, truncated", "0a 000fffff 05", is(io.ErrUnexpectedEOF), -1},
		{"long string over limit", "0c ffffffff", asLimit("MaxStringLength"), -1},
		{"long string, truncated", "0c 00ffffff 6161", is(io.ErrUnexpectedEOF), -1},
		{"xml over limit", "0f ffffffff", asLimit("MaxStringLength"), -1},
		{"too deep", deep, asLimit("MaxDepth"), -1},
		{"trailing data", "05 05", is(ErrTrailingData), 1},
		{"avmplus truncated", "11", is(io.ErrUnexpectedEOF), 1},
		{"avmplus bad amf3", "11 0a 00", asSyntax, -1},
		{"object truncated in a name", "03 0005 6162", is(io.ErrUnexpectedEOF), 5},
		{"number truncated", "00 3ff0", is(io.ErrUnexpectedEOF), 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := hex.DecodeString(strings.ReplaceAll(c.hex, " ", ""))
			if err != nil {
				t.Fatal(err)
			}
			var v any
			err = Unmarshal(data, &v)
			if err == nil || !c.check(err) {
				t.Fatalf("got %v (%T)", err, err)
			}
			if c.offset >= 0 {
				if got := errOffset(err); got != c.offset {
					t.Fatalf("offset %d, want %d (%v)", got, c.offset, err)
				}
			}
		})
	}
}

func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

func asSyntax(err error) bool {
	var e *SyntaxError
	return errors.As(err, &e)
}

func asReference(err error) bool {
	var e *ReferenceError
	return errors.As(err, &e)
}

func asLimit(name string) func(error) bool {
	return func(err error) bool {
		var e *LimitError
		return errors.As(err, &e) && e.Limit == name
	}
}

func errOffset(err error) int64 {
	var se *SyntaxError
	var re *ReferenceError
	var le *LimitError
	switch {
	case errors.As(err, &se):
		return se.Offset
	case errors.As(err, &re):
		return re.Offset
	case errors.As(err, &le):
		return le.Offset
	}
	return -2
}

func TestLimitsConfigurable(t *testing.T) {
	data, _ := hex.DecodeString("0a00000003050505")
	dec := NewBytesDecoder(data)
	dec.SetLimits(Limits{MaxElements: 2})
	if _, err := dec.DecodeValue(); !asLimit("MaxElements")(err) {
		t.Fatalf("got %v", err)
	}
	if got := dec.Limits().MaxDepth; got != DefaultMaxDepth {
		t.Fatalf("zero field not defaulted: %d", got)
	}
	data, _ = hex.DecodeString("0a000000010a0000000105")
	dec = NewBytesDecoder(data)
	dec.SetLimits(Limits{MaxReferences: 1})
	if _, err := dec.DecodeValue(); !asLimit("MaxReferences")(err) {
		t.Fatalf("got %v", err)
	}
	data, _ = hex.DecodeString("020003616263")
	dec = NewBytesDecoder(data)
	dec.SetLimits(Limits{MaxAlloc: 2})
	if _, err := dec.DecodeValue(); !asLimit("MaxAlloc")(err) {
		t.Fatalf("got %v", err)
	}
}

func TestInvalidUnmarshal(t *testing.T) {
	var x int
	for _, v := range []any{nil, x, (*int)(nil)} {
		var e *InvalidUnmarshalError
		if err := Unmarshal([]byte{5}, v); !errors.As(err, &e) {
			t.Fatalf("Unmarshal(%T) = %v", v, err)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	type cyc struct{ Next *cyc }
	c := &cyc{}
	c.Next = c
	cases := []struct {
		name  string
		v     any
		check func(error) bool
	}{
		{"channel", make(chan int), func(err error) bool { var e *UnsupportedTypeError; return errors.As(err, &e) }},
		{"func field", struct{ F func() }{func() {}}, func(err error) bool { var e *UnsupportedTypeError; return errors.As(err, &e) }},
		{"cycle without references", c, func(err error) bool { var e *UnsupportedValueError; return errors.As(err, &e) }},
		{"long property name", Object{{strings.Repeat("k", 70000), 1.0}}, func(err error) bool { var e *UnsupportedValueError; return errors.As(err, &e) }},
		{"empty property name", Object{{"", 1.0}}, func(err error) bool { var e *UnsupportedValueError; return errors.As(err, &e) }},
		{"map with float keys", map[float64]int{1: 1}, func(err error) bool { var e *UnsupportedTypeError; return errors.As(err, &e) }},
		{"marshaler error", failMarshaler{}, func(err error) bool { var e *MarshalerError; return errors.As(err, &e) }},
	}
	for _, c := range cases {
		if _, err := Marshal(c.v); err == nil || !c.check(err) {
			t.Errorf("%s: got %v", c.name, err)
		}
	}
}

type failMarshaler struct{}

func (failMarshaler) MarshalAMF0() (any, error) { return nil, errors.New("boom") }
