package amf3

import (
	"encoding/hex"
	"testing"
)

func TestSmallMessages(t *testing.T) {
	tests := []struct {
		name  string
		class string
		msg   *SmallMessage
		hex   string
	}{
		{"DSA empty", ClassSmallAsync, &SmallMessage{}, "0a0707445341 00 00"},
		{"DSK empty has the AcknowledgeMessage level", ClassSmallAcknowledge, &SmallMessage{}, "0a070744534b 00 00 00"},
		{"DSC operation", ClassSmallCommand, &SmallMessage{Operation: int32(5)}, "0a0707445343 00 00 01 0405"},
		{"DSK body and ids", ClassSmallAcknowledge,
			&SmallMessage{Body: "ok", MessageID: "m", Timestamp: 1.0, CorrelationID: "c"},
			"0a070744534b 31 06056f6b 06036d 053ff0000000000000 01 060363 00"},
		{"second flag byte", ClassSmallAsync,
			&SmallMessage{ClientID: "a", MessageIDBytes: ByteArray{1, 2}},
			"0a0707445341 82 02 060361 0c050102 00"},
		{"async second field", ClassSmallAsync,
			&SmallMessage{CorrelationIDBytes: ByteArray{7}},
			"0a0707445341 00 02 0c0307"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &Object{Traits: &Traits{ClassName: tt.class, Externalizable: true}, External: tt.msg}
			b, err := Marshal(o)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := hex.EncodeToString(b), unspace(tt.hex); got != want {
				t.Fatalf("encoded %s, want %s", got, want)
			}
			var v any
			if err := Unmarshal(b, &v); err != nil {
				t.Fatal(err)
			}
			got, ok := v.(*Object)
			if !ok || got.ClassName() != tt.class {
				t.Fatalf("decoded %#v", v)
			}
			if q := (&equalValues{}); !q.eq(tt.msg, got.External) {
				t.Fatalf("decoded %#v, want %#v", got.External, tt.msg)
			}
		})
	}
}

func TestSmallMessageUnknownBits(t *testing.T) {
	// AsyncMessage level with bit 0x04 (unknown): one value is read and
	// dropped.
	b := mustHex(t, "0a0707445341 01 0401 05 060378 0401")
	var v any
	if err := Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	m := v.(*Object).External.(*SmallMessage)
	if m.Body != int32(1) || m.CorrelationID != "x" || m.CorrelationIDBytes != nil {
		t.Fatalf("got %+v", m)
	}
	if FullClassName(ClassSmallCommand) != "flex.messaging.messages.CommandMessage" || FullClassName("X") != "" {
		t.Fatal("FullClassName")
	}
}

func TestRegisterExternalizable(t *testing.T) {
	// A class whose external form is a U29 count followed by raw bytes.
	RegisterExternalizable("test.Blob", ExternalCodec{
		Read: func(r *ExternalReader) (any, error) {
			n, err := r.ReadU29()
			if err != nil {
				return nil, err
			}
			p := make([]byte, min(n, 16))
			return p, r.ReadFull(p)
		},
		Write: func(w *ExternalWriter, v any) error {
			p := v.([]byte)
			w.WriteU29(uint32(len(p)))
			_, err := w.Write(p)
			return err
		},
	})
	o := &Object{Traits: &Traits{ClassName: "test.Blob", Externalizable: true}, External: []byte{0xAA, 0xBB}}
	b, err := Marshal([]any{o, o})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hex.EncodeToString(b), unspace("0905 01 0a07 13746573742e426c6f62 02aabb 0a02"); got != want {
		t.Fatalf("got %s want %s", got, want)
	}
	var v []any
	if err := Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if v[0] != v[1] || string(v[0].(*Object).External.([]byte)) != "\xaa\xbb" {
		t.Fatalf("got %#v", v)
	}
}
