package amf0

import (
	"strings"
	"testing"
)

type embedInner struct{ X float64 }

// embedUnexportedPtr embeds a pointer to an unexported struct type, which
// reflection cannot allocate: decoding must fail, not panic.
type embedUnexportedPtr struct{ *embedInner }

// EmbedExported is exported, so its nil embedded pointer can be allocated.
type EmbedExported struct{ X float64 }

type embedExportedPtr struct{ *EmbedExported }

func TestUnmarshalEmbeddedPointers(t *testing.T) {
	b, err := Marshal(Object{{Key: "X", Value: 1.5}})
	if err != nil {
		t.Fatal(err)
	}
	var bad embedUnexportedPtr
	err = Unmarshal(b, &bad)
	if err == nil || !strings.Contains(err.Error(), "unexported") {
		t.Fatalf("Unmarshal into unexported embedded pointer: err = %v, want an error naming the unexported struct", err)
	}
	var good embedExportedPtr
	if err := Unmarshal(b, &good); err != nil {
		t.Fatal(err)
	}
	if good.EmbedExported == nil || good.X != 1.5 {
		t.Fatalf("exported embedded pointer not filled: %+v", good.EmbedExported)
	}
}
