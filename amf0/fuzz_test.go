package amf0

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func FuzzDecode(f *testing.F) {
	for _, c := range valueCases {
		f.Add(c.bytes(f))
	}
	for _, vec := range loadVectors(f) {
		f.Add(hexBytes(f, vec.Hex))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		vals, err := DecodeAll(data)
		// The stream decoder must agree with the bytes decoder.
		dec := NewDecoder(iotest.HalfReader(bytes.NewReader(data)))
		for i := 0; ; i++ {
			v, serr := dec.DecodeValue()
			if serr != nil {
				if serr == io.EOF {
					if err != nil || i != len(vals) {
						t.Fatalf("stream ended after %d values; bytes decoder: %d values, %v", i, len(vals), err)
					}
				} else if err == nil && i < len(vals) {
					t.Fatalf("stream error %v where bytes decoder succeeded", serr)
				}
				break
			}
			if i >= len(vals) || !equalValue(v, vals[i]) {
				if i < len(vals) || err == nil {
					t.Fatalf("value %d differs: %#v vs %#v", i, v, vals)
				}
				break
			}
		}
		if err != nil {
			return
		}
		// Whatever decodes re-encodes (unless it is cyclic) and decodes to
		// the same values.
		var enc bytes.Buffer
		e := NewEncoder(&enc)
		for _, v := range vals {
			if err := e.Encode(v); err != nil {
				var uv *UnsupportedValueError
				if errors.As(err, &uv) {
					return // a cycle or an empty property name
				}
				t.Logf("encode %#v: %v", v, err)
				return
			}
		}
		again, err := DecodeAll(enc.Bytes())
		if err != nil {
			t.Fatalf("re-encoded %x does not decode: %v", enc.Bytes(), err)
		}
		if !equalValues(again, vals) {
			t.Fatalf("round trip differs:\n%#v\n%#v", again, vals)
		}
		// Typed targets must not panic.
		var s struct {
			A string
			B []int
			C map[string]float64
		}
		_ = Unmarshal(data, &s)
	})
}

func hexBytes(t testing.TB, h string) []byte {
	return valueCase{name: "hex", hex: h}.bytes(t)
}
