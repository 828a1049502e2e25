package message

import (
	"testing"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/amf3"
)

type fuzzSeed struct {
	typ     uint8
	payload []byte
}

// fuzzAMFSeeds returns command, data and shared object seeds with AMF values.
func fuzzAMFSeeds(t testing.TB) []fuzzSeed {
	var seeds []fuzzSeed
	for _, tc := range clientCommands[:3] {
		p, _ := amfValues(t, tc.vals...)
		seeds = append(seeds, fuzzSeed{TypeCommandAMF0, p}, fuzzSeed{TypeCommandAMF3, append([]byte{0}, p...)})
	}
	meta, _ := amfValues(t, "@setDataFrame", "onMetaData", amf0.ECMAArray{{Key: "width", Value: 320.0}})
	seeds = append(seeds, fuzzSeed{TypeDataAMF0, meta}, fuzzSeed{TypeDataAMF3, append([]byte{0}, meta...)})
	o := amf3.NewObject()
	o.Set("k", "v")
	p := []byte{0}
	p = amf0.AppendString(p, "call")
	p = amf0.AppendNumber(p, 3)
	p = amf0.AppendNull(p)
	p = append(p, 0x11)
	p = append(p, a3(t, o)...)
	seeds = append(seeds, fuzzSeed{TypeCommandAMF3, p})
	seeds = append(seeds,
		fuzzSeed{TypeSharedObjectAMF0, cat(soHeader("s", 1, 2), soEv(SOChange, cat(utf("a"), a0(t, 1.0), utf("b"), a0(t, "x"))),
			soEv(SOSendMessage, cat(a0(t, "h"), a0(t, true))))},
		fuzzSeed{TypeSharedObjectAMF3, cat([]byte{0}, soHeader("s", 1, 2), soEv(SORequestChange, cat(utf("a"), a3(t, o))),
			soEv(SOSendMessage, cat(a3(t, "h"), a3(t, o), a3(t, o))))})
	return seeds
}

// fuzzEncodeMayFail reports messages whose decoded form may legitimately not
// encode: AMF values can hold cycles (through references) or nesting deeper
// than the encoder accepts.
func fuzzEncodeMayFail(m Message) bool {
	switch m.(type) {
	case *Command, *Data, *SharedObject:
		return true
	}
	return false
}
