package amf3

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// fuzzLimits keep a fuzzing worker's memory small.
var fuzzLimits = Limits{MaxDepth: 32, MaxStringLength: 1 << 16, MaxByteArrayLength: 1 << 16,
	MaxElements: 1 << 12, MaxReferences: 1 << 12, MaxAlloc: 1 << 20}

type fuzzTarget struct {
	A    int               `amf:"a"`
	S    string            `amf:"s"`
	L    []float64         `amf:"l"`
	M    map[string]any    `amf:"m"`
	P    *fuzzTarget       `amf:"p"`
	D    map[int]string    `amf:"d"`
	B    []byte            `amf:"b"`
	Any  any               `amf:"any"`
	Strs map[string]string `amf:"strs"`
}

// FuzzDecode decodes arbitrary input as a sequence of values with one
// Decoder: it must not panic or exceed its limits, and every value it
// returns must re-encode to bytes that decode to an equal value.
func FuzzDecode(f *testing.F) {
	for _, v := range loadVectors(f) {
		b, _ := hex.DecodeString(v.Hex)
		f.Add(b)
	}
	for _, s := range []string{
		"0a0b0103660a0001", "0a0707445343 8101 0401 0603 61 00 01 0405",
		"09bfffffff", "0a0b0101", "08017ff8000000000001", "0a2301037803790401 0402", "1105000403020603610303",
	} {
		f.Add(mustHex(f, s))
	}
	f.Fuzz(fuzzOne)
}

func fuzzOne(t *testing.T, data []byte) {
	{
		d := NewDecoder(bytes.NewReader(data))
		d.SetLimits(fuzzLimits)
		var vals []any
		for range 16 {
			v, err := d.DecodeValue()
			if err != nil {
				break
			}
			vals = append(vals, v)
		}
		if len(vals) > 0 {
			var out bytes.Buffer
			e := NewEncoder(&out)
			for _, v := range vals {
				if err := e.Encode(v); err != nil {
					t.Fatalf("re-encode %s: %v", dump([]any{v}), err)
				}
			}
			again, err := decodeAll(out.Bytes())
			if err != nil {
				t.Fatalf("decode re-encoded %x: %v", out.Bytes(), err)
			}
			if q := (&equalValues{}); len(again) != len(vals) || !q.list(vals, again) {
				t.Fatalf("round trip\n got %s\nwant %s", dump(again), dump(vals))
			}
		}
		var x fuzzTarget
		d = NewDecoder(bytes.NewReader(data))
		d.SetLimits(fuzzLimits)
		_ = d.Decode(&x)
	}
}
