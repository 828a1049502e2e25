package amf3

import (
	"encoding/hex"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"
)

type point struct {
	X int `amf:"x"`
	Y int `amf:"y"`
}

type tagged struct {
	Name    string  `amf:"name"`
	Skip    int     `amf:"-"`
	Opt     string  `amf:"opt,omitempty"`
	Score   float64 `amf:",omitempty"`
	private int
}

type classed struct {
	ID int32 `amf:"id"`
}

func (classed) AMFClassName() string { return "com.example.Thing" }

// embedded has an unexported embedded struct (ignored) and an exported
// one (flattened).
type embedded struct {
	point
	Base
	Z int `amf:"z"`
}

// Base is an exported embedded struct whose fields are flattened.
type Base struct {
	A string `amf:"a"`
}

type node struct {
	Name string `amf:"name"`
	Next *node  `amf:"next"`
}

// celsius encodes itself through Marshaler and Unmarshaler.
type celsius float64

func (c celsius) MarshalAMF3() (any, error) { return "C" + formatFloat(float64(c)), nil }

func (c *celsius) UnmarshalAMF3(v any) error {
	s, ok := v.(string)
	if !ok || len(s) < 2 || s[0] != 'C' {
		return errors.New("not a celsius")
	}
	*c = celsius(parseFloat(s[1:]))
	return nil
}

func TestMarshal(t *testing.T) {
	shared := &point{1, 2}
	cyc := &node{Name: "a"}
	cyc.Next = cyc
	tests := []struct {
		name string
		in   any
		hex  string
	}{
		{"nil", nil, "01"},
		{"undefined", Undefined{}, "00"},
		{"false", false, "02"},
		{"true", true, "03"},
		{"int 0", 0, "0400"},
		{"int 128", 128, "048100"},
		{"int 0x3fff", int16(0x3fff), "04ff7f"},
		{"int 0x4000", int64(0x4000), "04818000"},
		{"int 0x200000", int32(0x200000), "0480c08000"},
		{"int max", MaxInt, "04bfffffff"},
		{"int min", MinInt, "04c0808000"},
		{"int -1", int8(-1), "04ffffffff"},
		{"int -123", -123, "04ffffff85"},
		{"int above range", MaxInt + 1, "0541b0000000000000"},
		{"int below range", MinInt - 1, "05c1b0000001000000"},
		{"uint max", uint64(math.MaxUint64), "0543f0000000000000"},
		{"uint small", uint8(7), "0407"},
		{"float64", 0.2, "053fc999999999999a"},
		{"float32", float32(1.5), "053ff8000000000000"},
		{"integral float stays double", 1.0, "053ff0000000000000"},
		{"string", "hello", "060b68656c6c6f"},
		{"empty string", "", "0601"},
		{"named string", XML("<a/>"), "0b093c612f3e"},
		{"xml doc", XMLDocument(""), "0701"},
		{"bytes", []byte{1, 2, 3}, "0c07010203"},
		{"nil bytes", []byte(nil), "01"},
		{"date", Date{Millis: 1234567890000}, "08014271f71fb0450000"},
		{"time", time.UnixMilli(1234567890000), "08014271f71fb0450000"},
		{"date fractional", Date{Millis: 0.5}, "08013fe0000000000000"},
		{"slice", []int{1, 2}, "090501040104 02"},
		{"array", [2]string{"a", "a"}, "09050106036106 00"},
		{"nil slice", []string(nil), "01"},
		{"map sorted", map[string]any{"b": 1, "a": "x"}, "0a0b01036106037803620401 01"},
		{"map int keys", map[int]bool{2: true, -1: false}, "110500 04ffffffff02 040203"},
		{"struct", point{1, 2}, "0a2301037803790401 0402"},
		{"struct pointer", &point{1, 2}, "0a2301037803790401 0402"},
		{"struct tags", tagged{Name: "n", Skip: 9, private: 5}, "0a1301096e616d6506036e"},
		{"struct omitempty present", tagged{Name: "n", Opt: "o", Score: 2}, "0a3301096e616d6507 6f7074 0b53636f7265 06036e 06036f 054000000000000000"},
		{"class name", classed{ID: 5}, "0a13 2363 6f6d2e6578616d706c652e5468696e67 05696404 05"},
		{"embedded flattened", embedded{point{1, 2}, Base{"s"}, 3}, "0a23 01 0361 037a 060373 0403"},
		{"shared pointer", []any{shared, shared}, "0905 01 0a2301037803790401 0402 0a02"},
		{"cycle", cyc, "0a2301096e616d65096e657874 060361 0a00"},
		{"traits reused", []point{{1, 2}, {3, 4}}, "0905 01 0a2301037803790401 0402 0a01 0403 0404"},
		{"marshaler", celsius(21.5), "060b4332312e35"},
		{"vector int", VectorInt{Fixed: true, Items: []int32{1, -1}}, "0d0501 00000001 ffffffff"},
		{"vector uint ptr", &VectorUint{Items: []uint32{4294967295}}, "0e0300 ffffffff"},
		{"vector double", VectorDouble{Items: []float64{math.Inf(1)}}, "0f0300 7ff0000000000000"},
		{"vector object", &VectorObject{TypeName: "*", Items: []any{int32(1)}}, "100300032a 0401"},
		{"dictionary", &Dictionary{WeakKeys: true, Entries: []DictEntry{{"k", nil}}}, "110301 06036b 01"},
		{"array collection", NewArrayCollection([]int{1}), "0a0743666c65782e6d6573736167696e672e696f2e4172726179436f6c6c656374696f6e 0903010401"},
		{"object get/set", func() any { o := NewObject(); o.Set("a", 1); o.Set("a", 2); return o }(), "0a0b01036104 0201"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			want := unspace(tt.hex)
			if hex.EncodeToString(got) != want {
				t.Fatalf("got  %x\nwant %s", got, want)
			}
		})
	}
}

func unspace(s string) string {
	out := make([]byte, 0, len(s))
	for i := range len(s) {
		if s[i] != ' ' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

func TestMarshalErrors(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want any
	}{
		{"chan", make(chan int), new(*UnsupportedTypeError)},
		{"func field", struct{ F func() }{}, new(*UnsupportedTypeError)},
		{"complex", complex(1, 2), new(*UnsupportedTypeError)},
		{"unknown externalizable", &Object{Traits: &Traits{ClassName: "x.Y", Externalizable: true}}, new(*UnknownExternalizableError)},
		{"empty map key", map[string]int{"": 1}, new(*UnsupportedValueError)},
		{"empty assoc key", &Array{Assoc: []Pair{{"", 1}}}, new(*UnsupportedValueError)},
		{"small message wrong type", &Object{Traits: &Traits{ClassName: "DSK", Externalizable: true}, External: 1}, new(*UnsupportedValueError)},
		{"self-returning marshaler", loop{}, new(*UnsupportedValueError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Marshal(tt.in)
			if err == nil || !errors.As(err, tt.want) {
				t.Fatalf("got %v (%T)", err, err)
			}
		})
	}
}

type loop struct{}

func (loop) MarshalAMF3() (any, error) { return loop{}, nil }

type person struct {
	Name    string         `amf:"name"`
	Age     int            `amf:"age"`
	Tags    []string       `amf:"tags"`
	Born    time.Time      `amf:"born"`
	Photo   []byte         `amf:"photo"`
	Extra   map[string]any `amf:"extra"`
	Friend  *person        `amf:"friend"`
	Temp    celsius        `amf:"temp"`
	Ignored int            `amf:"-"`
}

func TestUnmarshalTyped(t *testing.T) {
	born := time.Date(2001, 2, 3, 4, 5, 6, 7e6, time.UTC)
	in := person{
		Name: "Ann", Age: 41, Tags: []string{"a", "b"}, Born: born, Photo: []byte{9},
		Extra: map[string]any{"k": "v"}, Friend: &person{Name: "Bob"}, Temp: 3.5,
	}
	b, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out person
	if err := Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !out.Born.Equal(born) {
		t.Errorf("born %v", out.Born)
	}
	out.Born = born
	in.Friend.Born = time.Unix(0, 0).UTC()
	out.Friend.Born = in.Friend.Born
	if !reflect.DeepEqual(in, out) {
		t.Errorf("got  %+v\nwant %+v", out, in)
	}
}

func TestUnmarshalConversions(t *testing.T) {
	type target struct {
		I  int
		U  uint8
		F  float32
		S  string
		B  bool
		P  *int
		IF any
	}
	tests := []struct {
		name string
		hex  string
		into func() any
		want any
	}{
		{"int from integer", "0405", func() any { return new(int) }, 5},
		{"int from integral double", "054014000000000000", func() any { return new(int64) }, int64(5)},
		{"float from integer", "04ffffffff", func() any { return new(float64) }, -1.0},
		{"uint from integer", "04ff7f", func() any { return new(uint16) }, uint16(0x3fff)},
		{"string from XML", "0b033c", func() any { return new(string) }, "<"},
		{"bytes", "0c0301", func() any { return new([]byte) }, []byte{1}},
		{"slice from vector int", "0d050000000001 00000002", func() any { return new([]int) }, []int{1, 2}},
		{"slice from vector uint", "0e030000000001", func() any { return new([]uint32) }, []uint32{1}},
		{"slice from vector double", "0f03003ff0000000000000", func() any { return new([]float64) }, []float64{1}},
		{"array from dense", "0907010401040204 03", func() any { return new([2]int) }, [2]int{1, 2}},
		{"slice from array collection", "0a0743666c65782e6d6573736167696e672e696f2e4172726179436f6c6c656374696f6e 0903010401", func() any { return new([]int) }, []int{1}},
		{"map from assoc", "09010361040101", func() any { return new(map[string]int) }, map[string]int{"a": 1}},
		{"map from dictionary", "1105000403 02 0603 61 03", func() any { return new(map[string]bool) }, map[string]bool{"3": false, "a": true}},
		{"int map from dictionary", "110300040303", func() any { return new(map[int]bool) }, map[int]bool{3: true}},
		{"null keeps value", "01", func() any { i := 7; return &i }, 7},
		{"null clears slice", "01", func() any { s := []int{1}; return &s }, []int(nil)},
		{"struct case-insensitive", "0a0b010369040703730603780362030370040901", func() any { return new(target) },
			target{I: 7, S: "x", B: true, P: ptr(9)}},
		{"struct from proxy", "0a073b666c65782e6d6573736167696e672e696f2e4f626a65637450726f7879 0a0b01 0378 0401 0379 0402 01", func() any { return new(point) }, point{1, 2}},
		{"unmarshaler", "060b4332312e35", func() any { return new(celsius) }, celsius(21.5)},
		{"object into *Object", "0a0b01036104 0101", func() any { return new(*Object) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := tt.into()
			if err := Unmarshal(mustHex(t, tt.hex), dst); err != nil {
				t.Fatal(err)
			}
			got := reflect.ValueOf(dst).Elem().Interface()
			if tt.want == nil {
				o, ok := got.(*Object)
				if !ok || o.Dynamic[0].Value != int32(1) {
					t.Fatalf("got %#v", got)
				}
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(unspace(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestUnmarshalTypeErrors(t *testing.T) {
	tests := []struct {
		name  string
		hex   string
		into  any
		field string
	}{
		{"string into int", "060361", new(int), ""},
		{"fractional into int", "053fe0000000000000", new(int), ""},
		{"overflow int8", "048100", new(int8), ""},
		{"negative into uint", "04ffffffff", new(uint), ""},
		{"object into slice", "0a0b0101", new([]int), ""},
		{"bool into string", "03", new(string), ""},
		{"field", "0a0b010378060361 01", new(point), "x"},
		{"nested field", "0a0b010d667269656e640a0b01096e616d650401 01 01", new(person), "friend.name"},
		{"dict key", "1103000a0b0101 01", new(map[string]int), ""},
		{"interface with methods", "0401", new(error), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Unmarshal(mustHex(t, tt.hex), tt.into)
			var te *UnmarshalTypeError
			if !errors.As(err, &te) {
				t.Fatalf("got %v", err)
			}
			if te.Field != tt.field {
				t.Errorf("field %q, want %q", te.Field, tt.field)
			}
		})
	}
}

func TestUnmarshalCycle(t *testing.T) {
	// o.next = o, into a self-referential Go type: the memo makes the Go
	// value cyclic too instead of recursing until the depth limit.
	var n *node
	if err := Unmarshal(mustHex(t, "0a0b01096e657874 0a00 01"), &n); err != nil {
		t.Fatal(err)
	}
	if n.Next != n {
		t.Fatalf("cycle not preserved: %p %p", n, n.Next)
	}
	// The same cycle into a map keeps going until MaxDepth.
	var m map[string]any
	if err := Unmarshal(mustHex(t, "0a0b01096e657874 0a00 01"), &m); err != nil {
		t.Fatal(err)
	}
	var mm map[string]map[string]map[string]any
	err := Unmarshal(mustHex(t, "0a0b01096e657874 0a00 01"), &mm)
	if err != nil {
		t.Fatal(err)
	}
	type deep map[string]deep
	var dd deep
	var le *LimitError
	if err := Unmarshal(mustHex(t, "0a0b01096e657874 0a00 01"), &dd); !errors.As(err, &le) {
		t.Fatalf("endless typed cycle: %v", err)
	}
}

func TestDate(t *testing.T) {
	tm := time.Date(2020, 1, 2, 3, 4, 5, 678_500_000, time.UTC)
	d := DateOf(tm)
	if d.Millis != 1577934245678.5 {
		t.Fatalf("millis %v", d.Millis)
	}
	if !d.Time().Equal(tm) {
		t.Fatalf("time %v", d.Time())
	}
	if !(Date{Millis: math.NaN()}).Time().IsZero() {
		t.Fatal("NaN date should be the zero time")
	}
	if got := (Date{Millis: -1.5}).Time(); !got.Equal(time.UnixMilli(0).Add(-1500 * time.Microsecond)) {
		t.Fatalf("negative date %v", got)
	}
}
