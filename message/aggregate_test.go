package message

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/rtmpkit/rtmp/chunk"
)

// sub builds one FLV-tag-shaped sub-message with the given back-pointer.
func sub(typ uint8, ts uint32, msid uint32, data []byte, back uint32) []byte {
	b := []byte{typ}
	b = appendU24(b, uint32(len(data)))
	b = appendU24(b, ts&0xFFFFFF)
	b = append(b, byte(ts>>24))
	b = appendU24(b, msid)
	b = append(b, data...)
	return appendU32(b, back)
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func TestAggregateSplit(t *testing.T) {
	tests := []struct {
		name      string
		ts        uint32
		payload   []byte
		wantTimes []uint32
		wantTypes []uint8
		wantData  [][]byte
	}{
		{
			name:      "same base",
			ts:        1000,
			payload:   cat(sub(9, 1000, 0, hx("1701"), 13), sub(8, 1023, 0, hx("af01"), 13)),
			wantTimes: []uint32{1000, 1023}, wantTypes: []uint8{9, 8}, wantData: [][]byte{hx("1701"), hx("af01")},
		},
		{
			name:      "shifted forward",
			ts:        5000,
			payload:   cat(sub(9, 0, 0, hx("17"), 12), sub(9, 40, 0, hx("27"), 12), sub(18, 40, 0, hx("02"), 12)),
			wantTimes: []uint32{5000, 5040, 5040}, wantTypes: []uint8{9, 9, 18}, wantData: [][]byte{hx("17"), hx("27"), hx("02")},
		},
		{
			name:      "shifted backward",
			ts:        10,
			payload:   cat(sub(8, 110, 0, hx("aa"), 12), sub(8, 133, 0, hx("bb"), 12)),
			wantTimes: []uint32{10, 33}, wantTypes: []uint8{8, 8}, wantData: [][]byte{hx("aa"), hx("bb")},
		},
		{
			name:      "extended timestamp byte and wraparound",
			ts:        0xFFFFFFF0,
			payload:   cat(sub(9, 0xFFFFFFF0, 0, hx("01"), 12), sub(9, 0x00000010, 0, hx("02"), 12)),
			wantTimes: []uint32{0xFFFFFFF0, 0x10}, wantTypes: []uint8{9, 9}, wantData: [][]byte{hx("01"), hx("02")},
		},
		{
			name:      "shift wraps",
			ts:        0x20,
			payload:   cat(sub(9, 0xFFFFFFE0, 0, hx("01"), 12), sub(9, 0xFFFFFFF0, 0, hx("02"), 12), sub(9, 0x5, 0, hx("03"), 12)),
			wantTimes: []uint32{0x20, 0x30, 0x45}, wantTypes: []uint8{9, 9, 9}, wantData: [][]byte{hx("01"), hx("02"), hx("03")},
		},
		{
			name:      "lenient back-pointers and sub stream ids",
			ts:        7,
			payload:   cat(sub(8, 7, 99, hx("0102"), 0), sub(8, 8, 5, hx("03"), 0xFFFFFFFF)),
			wantTimes: []uint32{7, 8}, wantTypes: []uint8{8, 8}, wantData: [][]byte{hx("0102"), hx("03")},
		},
		{
			name:      "last back-pointer missing",
			ts:        7,
			payload:   cat(sub(8, 7, 0, hx("0102"), 13), sub(8, 8, 0, hx("03"), 12)[:12]),
			wantTimes: []uint32{7, 8}, wantTypes: []uint8{8, 8}, wantData: [][]byte{hx("0102"), hx("03")},
		},
		{
			name:      "empty sub-message data",
			ts:        1,
			payload:   sub(9, 1, 0, nil, 11),
			wantTimes: []uint32{1}, wantTypes: []uint8{9}, wantData: [][]byte{{}},
		},
		{name: "empty aggregate", ts: 1, payload: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := &chunk.Message{CSID: 6, Type: TypeAggregate, StreamID: 3, Timestamp: tc.ts, Payload: tc.payload}
			got, err := Decode(m)
			if err != nil {
				t.Fatal(err)
			}
			agg := got.(*Aggregate)
			if len(agg.Messages) != len(tc.wantTimes) {
				t.Fatalf("%d sub-messages, want %d", len(agg.Messages), len(tc.wantTimes))
			}
			for i, s := range agg.Messages {
				want := chunk.Message{CSID: 6, Type: tc.wantTypes[i], StreamID: 3, Timestamp: tc.wantTimes[i], Payload: tc.wantData[i]}
				if !reflect.DeepEqual(s, want) {
					t.Errorf("sub %d = %+v, want %+v", i, s, want)
				}
			}
		})
	}
}

func TestAggregateRoundTrip(t *testing.T) {
	in := Aggregate{Messages: []chunk.Message{
		{Type: 9, Timestamp: 0x01000005, Payload: hx("170100000001")},
		{Type: 8, Timestamp: 0x01000010, Payload: hx("af01aa")},
		{Type: 18, Timestamp: 0x01000010, Payload: nil},
	}}
	m, err := Encode(in, 4, in.Messages[0].Timestamp)
	if err != nil {
		t.Fatal(err)
	}
	wantPayload := cat(
		sub(9, 0x01000005, 0, hx("170100000001"), 17),
		sub(8, 0x01000010, 0, hx("af01aa"), 14),
		sub(18, 0x01000010, 0, nil, 11))
	if !bytes.Equal(m.Payload, wantPayload) || m.CSID != CSIDAudio || m.Type != 22 {
		t.Fatalf("Encode = %+v\nwant payload %x", m, wantPayload)
	}
	got, err := Decode(m)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range got.(*Aggregate).Messages {
		w := in.Messages[i]
		if s.Type != w.Type || s.Timestamp != w.Timestamp || s.StreamID != 4 || !bytes.Equal(s.Payload, w.Payload) {
			t.Errorf("sub %d = %+v, want %+v", i, s, w)
		}
	}
}

func TestAggregateErrors(t *testing.T) {
	good := cat(sub(9, 0, 0, hx("0102030405"), 16), sub(8, 0, 0, hx("0607"), 13))
	// Every prefix that cuts a header or data fails with io.ErrUnexpectedEOF;
	// cuts inside a back-pointer are accepted.
	for n := 1; n < len(good); n++ {
		_, err := Decode(&chunk.Message{Type: TypeAggregate, Payload: good[:n]})
		inBack := (n >= 16 && n <= 20) || n >= 33
		if inBack {
			if err != nil {
				t.Errorf("prefix %d: %v", n, err)
			}
			continue
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("prefix %d: err = %v, want io.ErrUnexpectedEOF", n, err)
		}
	}
	// Limit on the number of sub-messages.
	var many []byte
	for range 5 {
		many = append(many, sub(8, 0, 0, nil, 11)...)
	}
	d := Decoder{Limits: Limits{MaxAggregateMessages: 4}}
	if _, err := d.Decode(&chunk.Message{Type: TypeAggregate, Payload: many}); !errors.Is(err, ErrLimit) {
		t.Fatalf("err = %v, want ErrLimit", err)
	}
	d.Limits.MaxAggregateMessages = 5
	if _, err := d.Decode(&chunk.Message{Type: TypeAggregate, Payload: many}); err != nil {
		t.Fatal(err)
	}
	// A sub-message too large to encode.
	big := Aggregate{Messages: []chunk.Message{{Type: 9, Payload: make([]byte, 0x1000000)}}}
	if _, err := big.AppendPayload(nil); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestAppendSubMessagesNoAlloc(t *testing.T) {
	m := &chunk.Message{Type: TypeAggregate, Timestamp: 3, Payload: cat(sub(9, 0, 0, hx("01"), 12), sub(8, 1, 0, hx("02"), 12))}
	dst := make([]chunk.Message, 0, 4)
	allocs := testing.AllocsPerRun(100, func() {
		var err error
		dst, err = AppendSubMessages(dst[:0], m, nil)
		if err != nil || len(dst) != 2 {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("AppendSubMessages allocates %v times", allocs)
	}
}
