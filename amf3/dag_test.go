package amf3

import (
	"errors"
	"testing"
	"time"
)

// TestUnmarshalSharedExpansion: 25 nested arrays, each holding the next one
// twice by reference, are 128 bytes on the wire but 2^25 values once copied
// into a typed Go value. The step budget must stop it quickly.
func TestUnmarshalSharedExpansion(t *testing.T) {
	a := &Array{}
	for range 25 {
		a = &Array{Dense: []any{a, a}}
	}
	b, err := Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 200 {
		t.Fatalf("references not used: %d bytes", len(b))
	}
	type rec []rec
	var r rec
	start := time.Now()
	err = Unmarshal(b, &r)
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != "MaxAlloc" {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("took %v", d)
	}
	// Into any there is no expansion: the shared pointers are kept.
	var x any
	if err := Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	if top := x.(*Array); top.Dense[0] != top.Dense[1] {
		t.Fatal("shared reference not preserved")
	}
}
