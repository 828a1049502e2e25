package amf3

import (
	"errors"
	"reflect"
	"testing"
)

// TestAssignMatchesUnmarshal checks that Assign of a decoded value gives
// what Unmarshal of its encoding gives.
func TestAssignMatchesUnmarshal(t *testing.T) {
	type inner struct {
		A string `amf:"a"`
		N int    `amf:"n"`
	}
	type target struct {
		In   inner          `amf:"in"`
		List []int          `amf:"list"`
		Ptr  *inner         `amf:"ptr"`
		Map  map[string]int `amf:"map"`
		Vec  []uint32       `amf:"vec"`
	}
	shared := &Object{Traits: &Traits{Dynamic: true}, Dynamic: []Pair{{"a", "x"}, {"n", int32(5)}}}
	src := &Object{Traits: &Traits{Dynamic: true}, Dynamic: []Pair{
		{"in", shared},
		{"list", &Array{Dense: []any{int32(1), 2.0, int32(3)}}},
		{"ptr", shared},
		{"map", &Object{Traits: &Traits{Dynamic: true}, Dynamic: []Pair{{"k", int32(9)}}}},
		{"vec", VectorUint{Items: []uint32{7, 8}}},
	}}
	want := target{In: inner{"x", 5}, List: []int{1, 2, 3}, Ptr: &inner{"x", 5},
		Map: map[string]int{"k": 9}, Vec: []uint32{7, 8}}

	var got target
	if err := Assign(&got, src); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Assign:\ngot  %+v\nwant %+v", got, want)
	}
	enc, err := Marshal(src)
	if err != nil {
		t.Fatal(err)
	}
	var viaWire target
	if err := Unmarshal(enc, &viaWire); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(viaWire, got) {
		t.Fatalf("Unmarshal gives %+v, Assign %+v", viaWire, got)
	}
}

func TestAssignErrors(t *testing.T) {
	var n int
	var s struct{ N int }
	var anyV any
	tests := []struct {
		name  string
		dst   any
		v     any
		check func(error) bool
	}{
		{"nil pointer", (*int)(nil), int32(1), isType[*InvalidUnmarshalError]},
		{"not a pointer", 1, int32(1), isType[*InvalidUnmarshalError]},
		{"nil", nil, int32(1), isType[*InvalidUnmarshalError]},
		{"type mismatch", &n, "x", isType[*UnmarshalTypeError]},
		{"field type mismatch", &s, &Object{Traits: &Traits{Dynamic: true}, Dynamic: []Pair{{"N", "x"}}},
			func(err error) bool {
				var te *UnmarshalTypeError
				return errors.As(err, &te) && te.Field == "N"
			}},
		{"ok into *any", &anyV, int32(3), func(err error) bool { return err == nil && anyV == int32(3) }},
		{"ok int", &n, 4.0, func(err error) bool { return err == nil && n == 4 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Assign(tt.dst, tt.v); !tt.check(err) {
				t.Fatalf("Assign(%T, %#v) = %v", tt.dst, tt.v, err)
			}
		})
	}
}

func isType[E error](err error) bool {
	var e E
	return errors.As(err, &e)
}

type chain struct {
	Next *chain `amf:"next"`
}

func TestAssignDepthLimit(t *testing.T) {
	// A chain deeper than DefaultLimits.MaxDepth is refused, not followed.
	var v any = int32(1)
	for range DefaultLimits.MaxDepth + 2 {
		v = &Object{Traits: &Traits{Dynamic: true}, Dynamic: []Pair{{"next", v}}}
	}
	var c chain
	err := Assign(&c, v)
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != "MaxDepth" {
		t.Fatalf("got %v, want a MaxDepth LimitError", err)
	}
	var dst any
	if err := Assign(&dst, v); err != nil || dst != v {
		t.Fatalf("*any target: %v", err)
	}
}
