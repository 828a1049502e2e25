package main

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/amf3"
)

func TestArgToAMF(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{`null`, nil},
		{`true`, true},
		{`1.5`, 1.5},
		{`-3`, -3.0},
		{`"text"`, "text"},
		{`[1,"a",null]`, []any{1.0, "a", nil}},
		{`[]`, []any{}},
		{`{"z":1,"a":{"b":[true]}}`, amf0.Object{{Key: "z", Value: 1.0}, {Key: "a", Value: amf0.Object{{Key: "b", Value: []any{true}}}}}},
		{`{}`, amf0.Object{}},
		{`hello`, "hello"},         // not JSON: sent as a string
		{`{"a":1} x`, `{"a":1} x`}, // trailing garbage: a string
		{`[1,`, `[1,`},
	}
	for _, tc := range tests {
		if got := argToAMF(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("argToAMF(%s) = %#v, want %#v", tc.in, got, tc.want)
		}
	}
}

func TestAMFToJSON(t *testing.T) {
	tr := &amf3.Traits{ClassName: "flex.Thing", Dynamic: true, Sealed: []string{"id"}}
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"null", nil, `null`},
		{"undefined", amf0.Undefined{}, `null`},
		{"number", 3.25, `3.25`},
		{"big", 1e21, `1e+21`},
		{"nan", math.NaN(), `"NaN"`},
		{"inf", math.Inf(-1), `"-Infinity"`},
		{"int32", int32(-7), `-7`},
		{"string", "a\"b", `"a\"b"`},
		{"bool", false, `false`},
		{"date", amf0.Date{Ms: 1.5e12}, `"` + time.UnixMilli(1.5e12).UTC().Format(time.RFC3339Nano) + `"`},
		{"xml", amf0.XMLDocument("<a/>"), `"<a/>"`},
		{"object order", amf0.Object{{Key: "z", Value: 1.0}, {Key: "a", Value: "x"}}, `{"z":1,"a":"x"}`},
		{"ecma", amf0.ECMAArray{{Key: "duration", Value: 6.0}}, `{"duration":6}`},
		{"typed", &amf0.TypedObject{ClassName: "C", Props: amf0.Object{{Key: "k", Value: true}}}, `{"__class":"C","k":true}`},
		{"array", []any{1.0, nil, []any{}}, `[1,null,[]]`},
		{"avmplus", amf0.AVMPlus{Value: int32(5)}, `5`},
		{"amf3 object", &amf3.Object{Traits: tr, Sealed: []any{int32(9)}, Dynamic: []amf3.Pair{{Key: "x", Value: "y"}}}, `{"__class":"flex.Thing","id":9,"x":"y"}`},
		{"amf3 dense", &amf3.Array{Dense: []any{"a", int32(1)}}, `["a",1]`},
		{"amf3 mixed", &amf3.Array{Assoc: []amf3.Pair{{Key: "k", Value: 1.0}}, Dense: []any{"a"}}, `{"k":1,"0":"a"}`},
		{"bytearray", amf3.ByteArray{1, 2, 3}, `"AQID"`},
		{"amf3 date", amf3.Date{Millis: 0}, `"1970-01-01T00:00:00Z"`},
	}
	for _, tc := range tests {
		got, err := amfToJSON(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		compact := strings.Join(strings.Fields(string(got)), "")
		want := strings.Join(strings.Fields(tc.want), "")
		if compact != want {
			t.Errorf("%s: got %s, want %s", tc.name, compact, want)
		}
	}
}
