package amf3

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func TestLargeValues(t *testing.T) {
	big := strings.Repeat("abcdefgh", 40000) // 320000 bytes, several read chunks
	blob := bytes.Repeat([]byte{7, 8, 9}, 100000)
	in := []any{big, ByteArray(blob), XML(big)}
	b, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []io.Reader{bytes.NewReader(b), iotest.HalfReader(bytes.NewReader(b))} {
		var out []any
		if err := NewDecoder(r).Decode(&out); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(in, out) {
			t.Fatal("large values differ")
		}
	}
	// Cut inside the long string: the error is at the end of the input.
	_, err = decodeAll(b[:200000])
	var se *SyntaxError
	if !errors.As(err, &se) || se.Offset != 200000 || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("got %v", err)
	}
}

// TestHugeLengthSmallInput: a declared length of 200 MB with 3 bytes
// behind it must fail with io.ErrUnexpectedEOF (or a limit) without
// allocating the declared size.
func TestHugeLengthSmallInput(t *testing.T) {
	b := append([]byte{MarkerByteArray}, AppendU29(nil, 100<<20<<1|1)...)
	b = append(b, 1, 2, 3)
	d := NewDecoder(bytes.NewReader(b))
	d.SetLimits(Limits{MaxByteArrayLength: 1 << 28, MaxAlloc: 1 << 30})
	allocs := testing.AllocsPerRun(1, func() {
		d := NewDecoder(bytes.NewReader(b))
		d.SetLimits(Limits{MaxByteArrayLength: 1 << 28, MaxAlloc: 1 << 30})
		var x any
		if err := d.Decode(&x); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("got %v", err)
		}
	})
	if allocs > 10 {
		t.Errorf("%v allocations", allocs)
	}
	var ms runtimeMem
	ms.check(t, func() {
		var x any
		_ = d.Decode(&x)
	}, 1<<20)
}

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&SyntaxError{Offset: 3, Msg: "bad"}, "amf3: bad at offset 3"},
		{&LimitError{Offset: 4, Limit: "MaxDepth", Value: 9, Max: 8}, "amf3: MaxDepth exceeded (9 > 8) at offset 4"},
		{&ReferenceError{Offset: 5, Table: "string", Index: 2, Size: 1}, "amf3: string reference 2 out of range (table has 1) at offset 5"},
		{&ReferenceError{Offset: 5, Table: "object", Index: 0, Msg: "entry is not a date"}, "amf3: object reference 0: entry is not a date at offset 5"},
		{&UnknownExternalizableError{Offset: 6, ClassName: "X"}, `amf3: unknown externalizable class "X" at offset 6`},
		{&UnmarshalTypeError{Value: "string", Type: reflect.TypeFor[int]()}, "amf3: cannot unmarshal string into Go value of type int"},
		{&UnmarshalTypeError{Value: "string", Type: reflect.TypeFor[int](), Field: "a.b"}, "amf3: cannot unmarshal string into Go struct field a.b of type int"},
		{&InvalidUnmarshalError{}, "amf3: Decode(nil)"},
		{&InvalidUnmarshalError{Type: reflect.TypeFor[int]()}, "amf3: Decode(non-pointer int)"},
		{&InvalidUnmarshalError{Type: reflect.TypeFor[*int]()}, "amf3: Decode(nil *int)"},
		{&UnsupportedTypeError{Type: reflect.TypeFor[chan int]()}, "amf3: unsupported type: chan int"},
		{&UnsupportedValueError{Msg: "x"}, "amf3: unsupported value: x"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestAccessors(t *testing.T) {
	// Duplicate sealed names (seen in the wild): the last value wins.
	o := &Object{Traits: &Traits{ClassName: "C", Sealed: []string{"a", "a", "b"}}, Sealed: []any{1, 2, 3}}
	if v, ok := o.Get("a"); !ok || v != 2 {
		t.Errorf("Get(a) = %v %v", v, ok)
	}
	o.Set("b", 4)
	o.Set("c", 5)
	if v, _ := o.Get("b"); v != 4 || len(o.Dynamic) != 1 || o.ClassName() != "C" {
		t.Errorf("Set: %+v", o)
	}
	if _, ok := o.Get("zz"); ok {
		t.Error("Get(zz) found")
	}
	if (&Object{}).ClassName() != "" {
		t.Error("nil traits class")
	}
	a := &Array{Assoc: []Pair{{"k", 1}, {"k", 2}}}
	if v, ok := a.Get("k"); !ok || v != 2 {
		t.Errorf("Array.Get = %v", v)
	}
	if _, ok := a.Get("x"); ok {
		t.Error("Array.Get(x) found")
	}
	d := NewDecoder(nil)
	d.SetLimits(Limits{MaxDepth: 3})
	if l := d.Limits(); l.MaxDepth != 3 || l.MaxAlloc != DefaultMaxAlloc {
		t.Errorf("Limits() = %+v", l)
	}
}

func TestMarshalMore(t *testing.T) {
	tests := []struct {
		name string
		in   any
		hex  string
	}{
		{"object proxy", NewObjectProxy(map[string]int{"a": 1}), "0a073b666c65782e6d6573736167696e672e696f2e4f626a65637450726f7879 0a0b01036104 0101"},
		{"dictionary value", Dictionary{Entries: []DictEntry{{true, 1}}}, "110300 03 0401"},
		{"vector object value", VectorObject{Items: []any{}}, "10010001"},
		{"nil vector", (*VectorInt)(nil), "01"},
		{"nil dictionary", (*Dictionary)(nil), "01"},
		{"nil object", (*Object)(nil), "01"},
		{"nil array", (*Array)(nil), "01"},
		{"nil map", map[string]int(nil), "01"},
		{"nil pointer", (*point)(nil), "01"},
		{"pointer to int", ptr(5), "0405"},
		{"pointer to date", &Date{Millis: 0}, "08010000000000000000"},
		{"bool map keys", map[bool]int{true: 1, false: 0}, "110500 02 0400 03 0401"},
		{"uint map keys", map[uint]int{2: 0, 1: 0}, "110500 0401 0400 0402 0400"},
		{"float map keys", map[float64]int{2.5: 0}, "110300 054004000000000000 0400"},
		{"named types", struct {
			B myBool
			I myInt
			F myFloat
		}{true, 3, 0.5}, "0a33010342034903460304030 53fe0000000000000"},
		{"omitempty all kinds", struct {
			A []int          `amf:",omitempty"`
			M map[string]int `amf:",omitempty"`
			P *int           `amf:",omitempty"`
			S struct{}       `amf:",omitempty"`
			B bool           `amf:",omitempty"`
			U uint           `amf:",omitempty"`
		}{}, "0a0301"},
		{"embedded struct pointer is a plain field", struct {
			*Base
			Z int `amf:"z"`
		}{nil, 1}, "0a23010942617365037a 01 0401"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := bytesHex(got), unspace(tt.hex); g != w {
				t.Fatalf("got  %s\nwant %s", g, w)
			}
		})
	}
}

type (
	myBool  bool
	myInt   int
	myFloat float64
)
