package message

import (
	"bytes"
	"testing"

	"github.com/rtmpkit/rtmp/chunk"
)

// FuzzDecode decodes arbitrary (type, payload) pairs. Whatever decodes must
// encode, and the encoding must decode to a message that encodes to the same
// bytes (encoding is canonical after one round).
func FuzzDecode(f *testing.F) {
	for _, tc := range controlCases {
		f.Add(tc.typ, tc.payload)
	}
	for _, tc := range soFramingCases {
		typ := TypeSharedObjectAMF0
		if tc.msg.AMF3 {
			typ = TypeSharedObjectAMF3
		}
		f.Add(typ, tc.payload)
	}
	f.Add(TypeAggregate, cat(sub(9, 5, 0, hx("1701"), 13), sub(8, 0xFF000000, 0, hx("af"), 12)))
	for _, s := range fuzzAMFSeeds(f) {
		f.Add(s.typ, s.payload)
	}
	d := Decoder{Limits: Limits{MaxAggregateMessages: 64, MaxSharedObjectEvents: 64}}
	f.Fuzz(func(t *testing.T, typ uint8, payload []byte) {
		in := &chunk.Message{CSID: 3, Type: typ, StreamID: 1, Timestamp: 1000, Payload: payload}
		msg, err := d.Decode(in)
		if err != nil {
			if msg != nil {
				t.Fatalf("non-nil message with error %v", err)
			}
			return
		}
		if msg.Type() != typ {
			t.Fatalf("Type() = %d, want %d", msg.Type(), typ)
		}
		enc1, err := msg.AppendPayload(nil)
		if err != nil {
			if fuzzEncodeMayFail(msg) {
				return
			}
			t.Fatalf("cannot encode decoded %#v: %v", msg, err)
		}
		msg2, err := d.Decode(&chunk.Message{CSID: 3, Type: typ, StreamID: 1, Timestamp: 1000, Payload: enc1})
		if err != nil {
			t.Fatalf("re-decode of %x: %v", enc1, err)
		}
		enc2, err := msg2.AppendPayload(nil)
		if err != nil || !bytes.Equal(enc1, enc2) {
			t.Fatalf("not canonical after one round:\n%x\n%x (%v)", enc1, enc2, err)
		}
	})
}
