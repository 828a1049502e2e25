package amf0

import (
	"encoding/json"

	"github.com/rtmpkit/rtmp/amf3"
)

// vectorAMF3 converts the AMF3 nodes that occur inside the AMF0 vectors'
// avmplus nodes (an integer, an anonymous object) to amf3 dynamic values.
func vectorAMF3(raw json.RawMessage) any {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	if b, ok := m["integer"]; ok {
		var i int32
		if json.Unmarshal(b, &i) != nil {
			return errSkipAMF3
		}
		return i
	}
	if b, ok := m["object"]; ok {
		var o struct {
			Class          string
			Dynamic        bool
			Externalizable bool
			SealedNames    []string `json:"sealed_names"`
			Sealed         []json.RawMessage
			DynamicMembers [][2]json.RawMessage `json:"dynamic_members"`
		}
		if json.Unmarshal(b, &o) != nil || len(o.Sealed) > 0 || len(o.DynamicMembers) > 0 {
			return errSkipAMF3 // not needed by the AMF0 vectors
		}
		return &amf3.Object{Traits: &amf3.Traits{ClassName: o.Class, Dynamic: o.Dynamic, Externalizable: o.Externalizable, Sealed: o.SealedNames}}
	}
	return errSkipAMF3
}

// equalAMF3 compares two AMF3 dynamic values by their self-contained AMF3
// encodings, which ignores nil-versus-empty slice differences.
func equalAMF3(a, b any) bool {
	x, err1 := amf3.Marshal(a)
	y, err2 := amf3.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
