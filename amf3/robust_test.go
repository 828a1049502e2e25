package amf3

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// plainReader hides io.ByteReader so the Decoder's io.ReadFull path runs.
type plainReader struct{ r io.Reader }

func (p plainReader) Read(b []byte) (int, error) { return p.r.Read(b) }

func TestVectorsIOTestReaders(t *testing.T) {
	readers := map[string]func(io.Reader) io.Reader{
		"OneByteReader": iotest.OneByteReader,
		"HalfReader":    iotest.HalfReader,
		"DataErrReader": iotest.DataErrReader,
		"plain":         func(r io.Reader) io.Reader { return plainReader{r} },
	}
	for _, v := range loadVectors(t) {
		b, _ := hex.DecodeString(v.Hex)
		want, err := decodeAll(b)
		if err != nil {
			t.Fatal(err)
		}
		for name, wrap := range readers {
			d := NewDecoder(wrap(bytes.NewReader(b)))
			var got []any
			for {
				var x any
				err := d.Decode(&x)
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s/%s: %v", v.Name, name, err)
				}
				got = append(got, x)
			}
			if q := (&equalValues{}); len(got) != len(want) || !q.list(want, got) {
				t.Errorf("%s/%s: got %s want %s", v.Name, name, dump(got), dump(want))
			}
			if d.InputOffset() != int64(len(b)) {
				t.Errorf("%s/%s: offset %d, want %d", v.Name, name, d.InputOffset(), len(b))
			}
		}
	}
}

// TestDecoderReadsExactly checks that the Decoder never consumes bytes past
// the value it decodes, as amf0 requires when it shares the stream.
func TestDecoderReadsExactly(t *testing.T) {
	for _, v := range loadVectors(t) {
		if v.Context != "" {
			continue
		}
		b, _ := hex.DecodeString(v.Hex)
		for name, r := range map[string]io.Reader{
			"bytes": bytes.NewReader(append(b, 0xAB, 0xCD)),
			"plain": plainReader{bytes.NewReader(append(b, 0xAB, 0xCD))},
		} {
			var x any
			if err := NewDecoder(r).Decode(&x); err != nil {
				t.Fatalf("%s: %v", v.Name, err)
			}
			rest, _ := io.ReadAll(r)
			if !bytes.Equal(rest, []byte{0xAB, 0xCD}) {
				t.Errorf("%s/%s: left %x, want abcd", v.Name, name, rest)
			}
		}
	}
}

func TestTruncatedPrefixes(t *testing.T) {
	for _, v := range loadVectors(t) {
		b, _ := hex.DecodeString(v.Hex)
		// Value boundaries of the sequence: a prefix ending exactly on one
		// is complete, every other prefix is truncated.
		d := NewDecoder(bytes.NewReader(b))
		ends := map[int]bool{0: true}
		for {
			var x any
			if err := d.Decode(&x); err != nil {
				break
			}
			ends[int(d.InputOffset())] = true
		}
		for n := 0; n < len(b); n++ {
			_, err := decodeAll(b[:n])
			if ends[n] {
				if err != nil {
					t.Errorf("%s: prefix %d ends on a value boundary but fails: %v", v.Name, n, err)
				}
				continue
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("%s: prefix %d/%d: got %v, want io.ErrUnexpectedEOF", v.Name, n, len(b), err)
			}
			var se *SyntaxError
			if !errors.As(err, &se) || se.Offset != int64(n) {
				t.Errorf("%s: prefix %d: want *SyntaxError at offset %d, got %#v", v.Name, n, n, err)
			}
			if v.Context == "" {
				var x any
				if err := Unmarshal(b[:n], &x); !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Errorf("%s: Unmarshal prefix %d: got %v", v.Name, n, err)
				}
			}
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name   string
		hex    string
		limits Limits
		check  func(error) bool
		offset int64
	}{
		{"unknown marker", "12", Limits{}, isSyntax, 0},
		{"string ref out of range", "0600", Limits{}, isRef("string", 0), 2},
		{"string ref 3 of 1", "060361" + "0606", Limits{}, isRef("string", 3), 5},
		{"object ref out of range", "0a00", Limits{}, isRef("object", 0), 2},
		{"traits ref out of range", "0a05", Limits{}, isRef("traits", 1), 2},
		{"date ref to bytearray", "0c0361" + "0800", Limits{}, isRef("object", 0), 5},
		{"unknown externalizable", "0a0707466f6f", Limits{}, isUnknownExt("Foo"), 0},
		{"string too long", "060b68656c6c6f", Limits{MaxStringLength: 4}, isLimit("MaxStringLength"), 2},
		{"bytearray too long", "0c0b0102030405", Limits{MaxByteArrayLength: 4}, isLimit("MaxByteArrayLength"), 2},
		{"array count", "0907", Limits{MaxElements: 2}, isLimit("MaxElements"), 2},
		{"huge array count", "09bfffffff", Limits{}, isLimit("MaxElements"), 5},
		{"huge vector count", "0dbfffffff", Limits{}, isLimit("MaxElements"), 5},
		{"huge string", "06bfffffff", Limits{}, isLimit("MaxStringLength"), 5},
		{"assoc members", "0901036104010362040201", Limits{MaxElements: 1}, isLimit("MaxElements"), 8},
		{"dynamic members", "0a0b0103610401036204020101", Limits{MaxElements: 1}, isLimit("MaxElements"), 9},
		{"depth", "0903010903010903010101", Limits{MaxDepth: 2}, isLimit("MaxDepth"), 8},
		{"string table", "09050106036106036201", Limits{MaxReferences: 1}, isLimit("MaxReferences"), 9},
		{"object table", "0905010c01" + "0c01", Limits{MaxReferences: 2}, isLimit("MaxReferences"), 7},
		{"alloc", "0c0b0102030405", Limits{MaxAlloc: 3}, isLimit("MaxAlloc"), 2},
		{"small message flag chain", "0a0707445343" + "808080808080808080808080808080808080", Limits{}, isSyntax, 23},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := hex.DecodeString(tt.hex)
			if err != nil {
				t.Fatal(err)
			}
			d := NewDecoder(bytes.NewReader(b))
			d.SetLimits(tt.limits)
			// Decode until the error: some cases hold a valid value first.
			for err == nil {
				var x any
				err = d.Decode(&x)
			}
			if !tt.check(err) {
				t.Fatalf("got %v (%T)", err, err)
			}
			if off := errOffset(err); off != tt.offset {
				t.Errorf("offset %d, want %d (%v)", off, tt.offset, err)
			}
		})
	}
}

func errOffset(err error) int64 {
	var (
		se *SyntaxError
		le *LimitError
		re *ReferenceError
		ue *UnknownExternalizableError
	)
	switch {
	case errors.As(err, &se):
		return se.Offset
	case errors.As(err, &le):
		return le.Offset
	case errors.As(err, &re):
		return re.Offset
	case errors.As(err, &ue):
		return ue.Offset
	}
	return -1
}

func isSyntax(err error) bool {
	var se *SyntaxError
	return errors.As(err, &se) && se.Err == nil
}

func isRef(table string, idx int) func(error) bool {
	return func(err error) bool {
		var re *ReferenceError
		return errors.As(err, &re) && re.Table == table && re.Index == idx
	}
}

func isLimit(name string) func(error) bool {
	return func(err error) bool {
		var le *LimitError
		return errors.As(err, &le) && le.Limit == name
	}
}

func isUnknownExt(class string) func(error) bool {
	return func(err error) bool {
		var ue *UnknownExternalizableError
		return errors.As(err, &ue) && ue.ClassName == class
	}
}

func TestDecodeEOFAndTrailing(t *testing.T) {
	var x any
	if err := NewDecoder(bytes.NewReader(nil)).Decode(&x); err != io.EOF {
		t.Errorf("empty stream: got %v, want io.EOF", err)
	}
	if err := Unmarshal(nil, &x); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Unmarshal(nil): got %v", err)
	}
	var se *SyntaxError
	if err := Unmarshal([]byte{0x01, 0x01}, &x); !errors.As(err, &se) || se.Offset != 1 {
		t.Errorf("trailing: got %v", err)
	}
	for _, v := range []any{nil, x, 3} {
		var ie *InvalidUnmarshalError
		if err := Unmarshal([]byte{1}, v); !errors.As(err, &ie) {
			t.Errorf("Unmarshal(%T): got %v", v, err)
		}
	}
	// A read error other than EOF is reported with its cause.
	boom := errors.New("boom")
	d := NewDecoder(io.MultiReader(bytes.NewReader([]byte{0x06}), iotest.ErrReader(boom)))
	if err := d.Decode(&x); !errors.Is(err, boom) {
		t.Errorf("reader error: got %v", err)
	}
}

func TestResetReferences(t *testing.T) {
	b, _ := hex.DecodeString("060b68656c6c6f0600")
	d := NewDecoder(bytes.NewReader(b[:7]))
	var x any
	if err := d.Decode(&x); err != nil || x != "hello" {
		t.Fatalf("got %v %v", x, err)
	}
	d.ResetReferences()
	d2 := NewDecoder(bytes.NewReader(b[7:]))
	if err := d2.Decode(&x); !isRef("string", 0)(err) {
		t.Fatalf("fresh decoder: %v", err)
	}

	var buf bytes.Buffer
	e := NewEncoder(&buf)
	_ = e.Encode("hello")
	_ = e.Encode("hello")
	e.ResetReferences()
	_ = e.Encode("hello")
	if got := hex.EncodeToString(buf.Bytes()); got != "060b68656c6c6f0600060b68656c6c6f" {
		t.Errorf("encoder tables: %s", got)
	}
}
