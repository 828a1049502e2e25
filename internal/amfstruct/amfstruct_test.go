package amfstruct

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseTag(t *testing.T) {
	tests := []struct {
		tag, name string
		omit      bool
	}{
		{"", "", false},
		{"a", "a", false},
		{"a,omitempty", "a", true},
		{",omitempty", "", true},
		{"a,x,omitempty,y", "a", true},
		{"a,omitemptyx", "a", false},
		{"a,", "a", false},
	}
	for _, tt := range tests {
		name, omit := ParseTag(tt.tag)
		if name != tt.name || omit != tt.omit {
			t.Errorf("ParseTag(%q) = %q, %v; want %q, %v", tt.tag, name, omit, tt.name, tt.omit)
		}
	}
}

type Inner struct {
	A int
	B int `amf:"b,omitempty"`
}

type inner struct{ C int }

type Deep struct{ Inner }

type mixed struct {
	Deep            // A and b at depth 2
	*Inner          // A and b at depth 1 (amf0), or a field "Inner" (amf3)
	inner           // C: flattened only under EmbedUnexported
	time.Time       // opaque for amf0
	A         int   `amf:"a"`
	Skip      int   `amf:"-"`
	hidden    int   // unexported: never listed
	Named     Inner `amf:"named"`
}

var (
	amf0Rules = Rules{
		EmbedPointers:   true,
		EmbedUnexported: true,
		Opaque:          func(t reflect.Type) bool { return t == reflect.TypeFor[time.Time]() },
		ShallowestWins:  true,
	}
	amf3Rules = Rules{MaxDepth: 16}
)

func describe(fs []Field) string {
	var parts []string
	for _, f := range fs {
		s := f.Name
		for _, i := range f.Index {
			s += "." + string(rune('0'+i))
		}
		if f.OmitEmpty {
			s += ",omit"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestFields(t *testing.T) {
	tests := []struct {
		name  string
		rules Rules
		typ   reflect.Type
		want  string
	}{
		{"amf0 shallowest wins", amf0Rules, reflect.TypeFor[mixed](),
			"A.1.0 b.1.1,omit C.2.0 Time.3 a.4 named.7"},
		{"amf3 first wins, pointers are fields", amf3Rules, reflect.TypeFor[mixed](),
			"A.0.0.0 b.0.0.1,omit Inner.1 a.4 named.7"},
		{"depth limit", Rules{MaxDepth: 1}, reflect.TypeFor[struct{ Deep }](), ""},
		{"depth within limit", Rules{MaxDepth: 2}, reflect.TypeFor[struct{ Deep }](), "A.0.0.0 b.0.0.1,omit"},
		{"tagged embedded is a field", amf0Rules, reflect.TypeFor[struct {
			Inner `amf:"in"`
		}](), "in.0"},
		{"pointer cycle ends", amf0Rules, reflect.TypeFor[cyclic](), "N.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := describe(tt.rules.Fields(tt.typ)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

type cyclic struct {
	*cyclic
	N int
}

func TestLookup(t *testing.T) {
	s := amf3Rules.Struct(reflect.TypeFor[struct {
		Name  string
		NAME  string
		Other string `amf:"ſx"`
	}]())
	tests := []struct {
		name string
		want int
	}{
		{"Name", 0},
		{"NAME", 1},
		{"name", 0}, // the first of the case-insensitive matches
		{"nAmE", 0},
		{"SX", 2}, // ſ (U+017F) folds to s
		{"ſx", 2},
		{"missing", -1},
		{"", -1},
	}
	for _, tt := range tests {
		if got := s.Lookup(tt.name); got != tt.want {
			t.Errorf("Lookup(%q) = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestFoldKeyMatchesEqualFold(t *testing.T) {
	words := []string{"", "a", "A", "k", "K", "\u212a", "s", "S", "\u017f", "ß", "ẞ",
		"Σ", "σ", "ς", "İ", "i", "ı", "\xff", "\xfe", "\ufffd", "aB", "Ab", "ab\xff"}
	for _, a := range words {
		for _, b := range words {
			if eq, same := strings.EqualFold(a, b), foldKey(a) == foldKey(b); eq != same {
				t.Errorf("%q, %q: EqualFold %v, same key %v", a, b, eq, same)
			}
		}
	}
}

func FuzzFoldKey(f *testing.F) {
	f.Add("Name", "nAME")
	f.Add("\u212aelvin", "kelvin")
	f.Add("ſ", "S")
	f.Fuzz(func(t *testing.T, a, b string) {
		if eq, same := strings.EqualFold(a, b), foldKey(a) == foldKey(b); eq != same {
			t.Errorf("%q, %q: EqualFold %v, same key %v", a, b, eq, same)
		}
	})
}

func TestFieldAccess(t *testing.T) {
	type outer struct {
		*Inner
		N int
	}
	fs := amf0Rules.Fields(reflect.TypeFor[outer]())
	var o outer
	v := reflect.ValueOf(&o).Elem()
	if _, ok := FieldByIndex(v, fs[0].Index); ok {
		t.Fatal("FieldByIndex through a nil pointer reported ok")
	}
	fv, err := FieldForSet(v, fs[0].Index)
	if err != nil {
		t.Fatal(err)
	}
	fv.SetInt(7)
	if o.Inner == nil || o.A != 7 {
		t.Fatalf("FieldForSet did not allocate and set: %+v", o.Inner)
	}
	got, ok := FieldByIndex(v, fs[0].Index)
	if !ok || got.Int() != 7 {
		t.Fatalf("FieldByIndex = %v, %v", got, ok)
	}
}

func TestCache(t *testing.T) {
	var c Cache[int]
	builds := 0
	build := func(reflect.Type) *int { builds++; n := builds; return &n }
	a := c.Get(reflect.TypeFor[Inner](), build)
	b := c.Get(reflect.TypeFor[Inner](), build)
	d := c.Get(reflect.TypeFor[Deep](), build)
	if a != b || *a != 1 || *d != 2 || builds != 2 {
		t.Fatalf("a=%d b=%d d=%d builds=%d", *a, *b, *d, builds)
	}
}

// The unexported fields above exist for their types, not their values.
var _ = []any{mixed{hidden: 0}, cyclic{cyclic: nil}}
