package amf0

import (
	"testing"

	"github.com/rtmpkit/rtmp/amf3"
)

// BenchmarkUnmarshalAVMPlus decodes a command object whose value switched
// to AMF3 (marker 0x11) into a typed struct field.
func BenchmarkUnmarshalAVMPlus(b *testing.B) {
	obj := amf3.NewObject()
	obj.Dynamic = []amf3.Pair{{Key: "title", Value: "Intro"}, {Key: "n", Value: int32(95)}}
	data, err := Marshal(Object{{Key: "obj", Value: AVMPlus{Value: obj}}, {Key: "text", Value: "plain"}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var v avmTarget
		if err := Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
		if v.Obj.N != 95 {
			b.Fatalf("decoded %+v", v)
		}
	}
}
