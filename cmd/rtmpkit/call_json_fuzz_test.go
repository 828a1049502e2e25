package main

import (
	"encoding/json"
	"testing"
)

// FuzzCallJSON: any argument becomes an AMF value whose JSON rendering is
// valid JSON; a JSON argument survives the round trip unchanged in meaning.
func FuzzCallJSON(f *testing.F) {
	for _, s := range []string{`null`, `1e308`, `"x"`, `{"a":[1,{"b":null}]}`, `[true,false]`, `plain`, `{"":{}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := argToAMF(s)
		out, err := amfToJSON(v)
		if err != nil {
			t.Fatalf("amfToJSON(argToAMF(%q)): %v", s, err)
		}
		if !json.Valid(out) {
			t.Fatalf("invalid JSON %s for %q", out, s)
		}
		var a, b any
		if json.Unmarshal([]byte(s), &a) == nil {
			if err := json.Unmarshal(out, &b); err != nil {
				t.Fatal(err)
			}
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			if string(ja) != string(jb) {
				t.Fatalf("round trip of %q gave %s", s, out)
			}
		}
	})
}
