package amfstruct

import (
	"reflect"
	"unicode"
	"unicode/utf8"
)

// Struct is the member list of a struct type with an index by name.
type Struct struct {
	Fields []Field
	byName map[string]int // exact name → index in Fields
	byFold map[string]int // foldKey(name) → index of the first such field
}

// Struct lists the fields of struct type t under r and indexes them.
func (r *Rules) Struct(t reflect.Type) Struct {
	fields := r.Fields(t)
	s := Struct{
		Fields: fields,
		byName: make(map[string]int, len(fields)),
		byFold: make(map[string]int, len(fields)),
	}
	for i, f := range fields {
		s.byName[f.Name] = i
		if k := foldKey(f.Name); !hasKey(s.byFold, k) {
			s.byFold[k] = i
		}
	}
	return s
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

// Lookup returns the index in s.Fields of the field for member name: the
// field of exactly that name, else the first whose name equals it under
// simple Unicode case folding (as strings.EqualFold); -1 if there is none.
func (s *Struct) Lookup(name string) int {
	if i, ok := s.byName[name]; ok {
		return i
	}
	if i, ok := s.byFold[foldKey(name)]; ok {
		return i
	}
	return -1
}

// foldKey maps s to a key that two strings share exactly when
// strings.EqualFold reports them equal: each rune becomes a fixed member
// of its simple case-folding orbit (the ASCII lower-case letter where the
// orbit has one). A string of ASCII with no upper-case letter is its own key.
func foldKey(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:i]...)
	for _, r := range s[i:] {
		b = utf8.AppendRune(b, foldRune(r))
	}
	return string(b)
}

// foldRune returns the representative of r's simple case-folding orbit:
// its least member, lower-cased if that is an ASCII letter.
func foldRune(r rune) rune {
	m := r
	if r >= utf8.RuneSelf {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
	}
	if 'A' <= m && m <= 'Z' {
		m += 'a' - 'A'
	}
	return m
}
