package amf0

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
	"time"
)

type Base struct {
	ID int `amf:"id"`
}

type connectCmd struct {
	Base
	App      string  `amf:"app"`
	FlashVer string  `amf:"flashVer"`
	Fpad     bool    `amf:"fpad"`
	Caps     float64 `amf:"capabilities"`
	Codecs   uint16  `amf:"audioCodecs"`
	Skip     string  `amf:"-"`
	Empty    string  `amf:"pageUrl,omitempty"`
	Tags     []string
	Extra    map[string]int `amf:"extra,omitempty"`
	When     time.Time      `amf:"when"`
	Ptr      *int32         `amf:"ptr"`
	Any      any            `amf:"any"`
}

func TestStructRoundTrip(t *testing.T) {
	n := int32(7)
	in := connectCmd{
		Base: Base{ID: 3}, App: "live", FlashVer: "LNX 9,0,124,2", Fpad: true, Caps: 15, Codecs: 4071,
		Skip: "not sent", Tags: []string{"a", "b"}, Extra: map[string]int{"x": 1},
		When: time.UnixMilli(1111111111000).UTC(), Ptr: &n, Any: "dyn",
	}
	b, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	// The dynamic view shows the wire names and declaration order.
	var dyn any
	if err := Unmarshal(b, &dyn); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, p := range dyn.(Object) {
		keys = append(keys, p.Key)
	}
	wantKeys := []string{"id", "app", "flashVer", "fpad", "capabilities", "audioCodecs", "Tags", "extra", "when", "ptr", "any"}
	if !reflect.DeepEqual(keys, wantKeys) {
		t.Fatalf("keys %v, want %v", keys, wantKeys)
	}
	var out connectCmd
	if err := Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	in.Skip = ""
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("got  %+v\nwant %+v", out, in)
	}
}

func TestUnmarshalTypedTargets(t *testing.T) {
	obj := Object{{"APP", "x"}, {"n", 2.0}, {"unknown", 1.0}}
	data, _ := Marshal(obj)
	var s struct {
		App string
		N   int8
	}
	if err := Unmarshal(data, &s); err != nil || s.App != "x" || s.N != 2 {
		t.Fatalf("case-insensitive struct: %+v %v", s, err)
	}
	var m map[string]any
	if err := Unmarshal(data, &m); err != nil || m["n"] != 2.0 || len(m) != 3 {
		t.Fatalf("map: %v %v", m, err)
	}
	arr, _ := Marshal(ECMAArray{{"0", 1.0}, {"1", 2.0}})
	var im map[int]float64
	if err := Unmarshal(arr, &im); err != nil || im[1] != 2 {
		t.Fatalf("int-key map: %v %v", im, err)
	}
	var fixed [3]int
	sa, _ := Marshal([]any{1.0, 2.0})
	if err := Unmarshal(sa, &fixed); err != nil || fixed != [3]int{1, 2, 0} {
		t.Fatalf("array: %v %v", fixed, err)
	}
	var p *float64
	num, _ := Marshal(1.25)
	if err := Unmarshal(num, &p); err != nil || p == nil || *p != 1.25 {
		t.Fatalf("pointer: %v", err)
	}
	null, _ := Marshal(nil)
	if err := Unmarshal(null, &p); err != nil || p != nil {
		t.Fatalf("null into pointer: %v %v", p, err)
	}
	var tm time.Time
	dt, _ := Marshal(Date{Ms: 1500})
	if err := Unmarshal(dt, &tm); err != nil || !tm.Equal(time.UnixMilli(1500)) {
		t.Fatalf("time: %v %v", tm, err)
	}
	var i32 int32
	avm := []byte{0x11, 0x04, 0x7f}
	if err := Unmarshal(avm, &i32); err != nil || i32 != 127 {
		t.Fatalf("AVM+ into int32: %v %v", i32, err)
	}
	var avs struct{ V int }
	avmObj := []byte{0x03, 0, 1, 'V', 0x11, 0x04, 0x05, 0, 0, 9}
	if err := Unmarshal(avmObj, &avs); err != nil || avs.V != 5 {
		t.Fatalf("AVM+ into struct field: %v %v", avs, err)
	}
}

func TestUnmarshalTypeErrors(t *testing.T) {
	cases := []struct {
		v     any
		data  any
		field string
	}{
		{new(int), 1.5, ""},
		{new(uint8), 300.0, ""},
		{new(uint), -1.0, ""},
		{new(bool), "x", ""},
		{new(string), 1.0, ""},
		{new(struct{ A int }), Object{{"A", "s"}}, "A"},
		{new([]int), Object{}, ""},
		{new(map[int]int), Object{{"k", 1.0}}, ""},
		{new(struct{ L []int }), Object{{"L", []any{1.0, "x"}}}, "L.1"},
	}
	for _, c := range cases {
		data, err := Marshal(c.data)
		if err != nil {
			t.Fatal(err)
		}
		err = Unmarshal(data, c.v)
		var te *UnmarshalTypeError
		if !errors.As(err, &te) || te.Field != c.field {
			t.Errorf("%T from %#v: %v", c.v, c.data, err)
		}
	}
}

type celsius float64

func (c *celsius) UnmarshalAMF0(v any) error {
	f, ok := v.(float64)
	if !ok {
		return errors.New("not a number")
	}
	*c = celsius(f - 273.15)
	return nil
}

func (c celsius) MarshalAMF0() (any, error) { return float64(c) + 273.15, nil }

type classed struct {
	Name string `amf:"name"`
}

func (classed) AMF0ClassName() string { return "org.example.Classed" }

func TestMarshalerAndClassNamer(t *testing.T) {
	b, err := Marshal(struct{ T celsius }{20})
	if err != nil {
		t.Fatal(err)
	}
	var dyn Object
	if err := Unmarshal(b, &dyn); err != nil || dyn[0].Value != 293.15 {
		t.Fatalf("MarshalAMF0: %v %v", dyn, err)
	}
	var back struct{ T celsius }
	if err := Unmarshal(b, &back); err != nil || back.T < 19.99 || back.T > 20.01 {
		t.Fatalf("UnmarshalAMF0: %v %v", back, err)
	}
	b, err = Marshal(classed{"n"})
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	to, ok := v.(*TypedObject)
	if !ok || to.ClassName != "org.example.Classed" {
		t.Fatalf("ClassNamer: %#v", v)
	}
	var c classed
	if err := Unmarshal(b, &c); err != nil || c.Name != "n" {
		t.Fatalf("typed object into struct: %v %v", c, err)
	}
}

func TestCycles(t *testing.T) {
	// o = {self: o} written with a reference to the open object.
	data := []byte{0x03, 0, 4, 's', 'e', 'l', 'f', 0x07, 0, 0, 0, 0, 9}
	var v any
	if err := Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	o := v.(Object)
	self := o[0].Value.(Object)
	if &self[0] != &o[0] {
		t.Fatal("self reference does not share the object")
	}
	// A strict array containing itself, through a nested object.
	data = []byte{0x0a, 0, 0, 0, 1, 0x03, 0, 1, 'a', 0x07, 0, 0, 0, 0, 9}
	if err := Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	arr := v.([]any)
	inner := arr[0].(Object)[0].Value.([]any)
	if &inner[0] != &arr[0] {
		t.Fatal("nested cycle not resolved")
	}
	// Encoding the cycle needs references.
	var buf []byte
	if _, err := Marshal(o); err == nil {
		t.Fatal("cycle encoded without references")
	}
	w := &sliceWriter{&buf}
	enc := NewEncoder(w)
	enc.SetReferences(true)
	if err := enc.Encode(o); err != nil {
		t.Fatal(err)
	}
	if string(buf) != string([]byte{0x03, 0, 4, 's', 'e', 'l', 'f', 0x07, 0, 0, 0, 0, 9}) {
		t.Fatalf("encoded cycle %x", buf)
	}
	// A typed object referring to itself.
	data = []byte{0x10, 0, 1, 'C', 0, 1, 'p', 0x07, 0, 0, 0, 0, 9}
	if err := Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	to := v.(*TypedObject)
	if to.Props[0].Value.(*TypedObject) != to {
		t.Fatal("typed object self reference")
	}
	// Into a typed target, the depth limit stops the endless cycle.
	var s struct{ Self *struct{ Self any } }
	if err := Unmarshal([]byte{0x03, 0, 4, 'S', 'e', 'l', 'f', 0x07, 0, 0, 0, 0, 9}, &s); err != nil {
		t.Fatalf("cycle into a struct with an interface field: %v", err)
	}
}

type sliceWriter struct{ b *[]byte }

func (w *sliceWriter) Write(p []byte) (int, error) {
	*w.b = append(*w.b, p...)
	return len(p), nil
}

func TestEncoderReferences(t *testing.T) {
	shared := map[string]int{"a": 1}
	v := []any{shared, shared, Object{}, Object{}}
	var buf []byte
	enc := NewEncoder(&sliceWriter{&buf})
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	off := len(buf)
	enc.SetReferences(true)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	noRefs, refs := buf[:off], buf[off:]
	if len(refs) >= len(noRefs) {
		t.Fatalf("references did not shorten: %x vs %x", refs, noRefs)
	}
	// Index 0 is the strict array, 1 the map; the second map is "07 0001".
	// The two empty Objects are distinct values and stay inline.
	want := []byte{0, 0, 9, 0x07, 0, 1, 0x03, 0, 0, 9, 0x03, 0, 0, 9}
	if !bytes.HasSuffix(refs, want) {
		t.Fatalf("no reference to entry 1 in %x", refs)
	}
	dec := NewBytesDecoder(refs)
	got, err := dec.DecodeValue()
	if err != nil {
		t.Fatal(err)
	}
	if arr := got.([]any); !equalValue(arr[0], arr[1]) {
		t.Fatalf("decoded %#v", got)
	}
}
