package amfstruct

import "reflect"

// Field is one encodable struct field.
type Field struct {
	Name      string       // member name: the tag's name, else the Go name
	Index     []int        // path for reflect.Value.Field, through embedded structs
	Type      reflect.Type // the field's Go type
	OmitEmpty bool         // tagged omitempty
}

// Rules says how a package flattens embedded structs and settles names
// that more than one field claims. An embedded struct with no tag name is
// flattened (its fields are listed as if declared in the outer struct)
// when the rules allow; otherwise it is an ordinary field named after its
// type, listed only if exported.
type Rules struct {
	// EmbedPointers flattens embedded pointers to structs too.
	EmbedPointers bool
	// EmbedUnexported flattens the exported fields of unexported embedded
	// structs; without it those structs are skipped entirely.
	EmbedUnexported bool
	// Opaque, if set, names struct types that are never flattened (such
	// as time.Time, which encodes as a value).
	Opaque func(reflect.Type) bool
	// ShallowestWins gives a name claimed by several fields to the least
	// deeply embedded one (the first of those); without it the first in
	// depth-first declaration order wins.
	ShallowestWins bool
	// MaxDepth, if positive, is how many levels of embedding are
	// followed; deeper fields are not listed.
	MaxDepth int
}

// candidate is a field found while walking, before name conflicts are
// settled.
type candidate struct {
	Field
	depth int
}

// Fields lists the fields of struct type t under r, in declaration order
// with flattened embedded fields in place.
func (r *Rules) Fields(t reflect.Type) []Field {
	var all []candidate
	r.collect(t, nil, 0, &all, map[reflect.Type]bool{})
	best := make(map[string]int, len(all))
	for i, c := range all {
		j, ok := best[c.Name]
		if !ok || (r.ShallowestWins && c.depth < all[j].depth) {
			best[c.Name] = i
		}
	}
	fields := make([]Field, 0, len(best))
	for i, c := range all {
		if best[c.Name] == i {
			fields = append(fields, c.Field)
		}
	}
	return fields
}

// collect appends the fields of t, reached through index at embedding
// depth, to out. seen holds the struct types being walked, so that a cycle
// of embedded pointers ends.
func (r *Rules) collect(t reflect.Type, index []int, depth int, out *[]candidate, seen map[reflect.Type]bool) {
	if seen[t] || (r.MaxDepth > 0 && depth > r.MaxDepth) {
		return
	}
	seen[t] = true
	defer delete(seen, t)
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("amf")
		if tag == "-" {
			continue
		}
		name, omit := ParseTag(tag)
		idx := append(append([]int(nil), index...), i)
		if sf.Anonymous && name == "" {
			if et, ok := r.embedded(sf); ok {
				if sf.IsExported() || r.EmbedUnexported {
					r.collect(et, idx, depth+1, out, seen)
				}
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		*out = append(*out, candidate{Field{Name: name, Index: idx, Type: sf.Type, OmitEmpty: omit}, depth})
	}
}

// embedded returns the struct type to flatten for the embedded field sf,
// or false when sf is not flattened under r.
func (r *Rules) embedded(sf reflect.StructField) (reflect.Type, bool) {
	t := sf.Type
	if t.Kind() == reflect.Pointer && r.EmbedPointers {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || (r.Opaque != nil && r.Opaque(t)) {
		return nil, false
	}
	return t, true
}
