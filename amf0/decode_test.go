package amf0

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestDecodeCases(t *testing.T) {
	for _, c := range valueCases {
		t.Run(c.name, func(t *testing.T) {
			data := c.bytes(t)
			var v any
			if err := Unmarshal(data, &v); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if !equalValue(v, c.val) {
				t.Fatalf("got %#v\nwant %#v", v, c.val)
			}
		})
	}
}

func TestEncodeCases(t *testing.T) {
	for _, c := range valueCases {
		if c.noEncode {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			got, err := Marshal(c.val)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if want := c.bytes(t); !bytes.Equal(got, want) {
				t.Fatalf("got  %x\nwant %x", got, want)
			}
		})
	}
}

// allCases concatenates every case into one stream.
func allCases(t *testing.T) ([]byte, []any) {
	var data []byte
	var want []any
	for _, c := range valueCases {
		if c.lenient {
			continue // only valid at the end of input
		}
		data = append(data, c.bytes(t)...)
		want = append(want, c.val)
	}
	return data, want
}

func TestDecodeStreamReaders(t *testing.T) {
	data, want := allCases(t)
	readers := map[string]func() io.Reader{
		"bytes.Reader":  func() io.Reader { return bytes.NewReader(data) },
		"OneByte":       func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data)) },
		"Half":          func() io.Reader { return iotest.HalfReader(bytes.NewReader(data)) },
		"DataErr":       func() io.Reader { return iotest.DataErrReader(bytes.NewReader(data)) },
		"bytes decoder": nil,
	}
	for name, mk := range readers {
		t.Run(name, func(t *testing.T) {
			var dec *Decoder
			if mk == nil {
				dec = NewBytesDecoder(data)
			} else {
				dec = NewDecoder(mk())
			}
			for i, w := range want {
				var v any
				if err := dec.Decode(&v); err != nil {
					t.Fatalf("value %d (%s): %v", i, valueCases[i].name, err)
				}
				dec.ResetReferences() // the cases are separate messages
				if !equalValue(v, w) {
					t.Fatalf("value %d = %#v, want %#v", i, v, w)
				}
			}
			var v any
			if err := dec.Decode(&v); err != io.EOF {
				t.Fatalf("at end: %v, want io.EOF", err)
			}
			if got := dec.InputOffset(); got != int64(len(data)) {
				t.Fatalf("InputOffset = %d, want %d", got, len(data))
			}
		})
	}
}

// TestDecoderStopsAtValueEnd checks that a stream Decoder never reads past
// the value it decodes, including after an AVM+ switch.
func TestDecoderStopsAtValueEnd(t *testing.T) {
	for _, c := range valueCases {
		if c.lenient {
			continue
		}
		data := append(c.bytes(t), 0xAB, 0xCD)
		for _, wrap := range []func(io.Reader) io.Reader{
			func(r io.Reader) io.Reader { return r },
			iotest.OneByteReader,
		} {
			r := bytes.NewReader(data)
			var v any
			if err := NewDecoder(wrap(r)).Decode(&v); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if r.Len() != 2 {
				t.Fatalf("%s: %d bytes left, want 2", c.name, r.Len())
			}
		}
	}
}

func TestTruncatedPrefixes(t *testing.T) {
	for _, c := range valueCases {
		data := c.bytes(t)
		for n := 0; n < len(data); n++ {
			var v any
			err := Unmarshal(data[:n], &v)
			if c.lenient && err == nil {
				continue // an ECMA array may end where its terminator is due
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				// An ECMA array cut right before its terminator is
				// accepted (§8); everything else must be unexpected EOF.
				if err == nil && strings.Contains(c.hex[:2], "08") {
					continue
				}
				t.Fatalf("%s: prefix %d: %v, want io.ErrUnexpectedEOF", c.name, n, err)
			}
			var se *SyntaxError
			if !errors.As(err, &se) || se.Offset > int64(n) {
				t.Fatalf("%s: prefix %d: %v: offset beyond input", c.name, n, err)
			}
			if n == 0 {
				continue
			}
			// The same prefix through a stream decoder.
			err = NewDecoder(iotest.OneByteReader(bytes.NewReader(data[:n]))).Decode(&v)
			if !errors.Is(err, io.ErrUnexpectedEOF) && !(c.lenient && err == nil) {
				t.Fatalf("%s: stream prefix %d: %v", c.name, n, err)
			}
		}
	}
}
