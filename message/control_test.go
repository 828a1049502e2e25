package message

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/rtmpkit/rtmp/chunk"
)

// controlCases are canonical (message, payload) pairs for every protocol
// control message and every user control event.
var controlCases = []struct {
	name    string
	typ     uint8
	payload []byte
	msg     Message
}{
	{"SetChunkSize", 1, hx("00001000"), &SetChunkSize{Size: 4096}},
	{"SetChunkSize max", 1, hx("7fffffff"), &SetChunkSize{Size: 0x7FFFFFFF}},
	{"Abort", 2, hx("00000004"), &Abort{CSID: 4}},
	{"Acknowledgement", 3, hx("ffffffff"), &Acknowledgement{SequenceNumber: 0xFFFFFFFF}},
	{"WindowAckSize", 5, hx("004c4b40"), &WindowAckSize{Size: 5000000}},
	{"SetPeerBandwidth hard", 6, hx("004c4b4000"), &SetPeerBandwidth{Size: 5000000, Limit: LimitHard}},
	{"SetPeerBandwidth soft", 6, hx("004c4b4001"), &SetPeerBandwidth{Size: 5000000, Limit: LimitSoft}},
	{"SetPeerBandwidth dynamic", 6, hx("004c4b4002"), &SetPeerBandwidth{Size: 5000000, Limit: LimitDynamic}},
	{"SetPeerBandwidth unknown limit", 6, hx("0000000107"), &SetPeerBandwidth{Size: 1, Limit: 7}},
	{"StreamBegin", 4, hx("000000000001"), &StreamBegin{StreamID: 1}},
	{"StreamEOF", 4, hx("000100000002"), &StreamEOF{StreamID: 2}},
	{"StreamDry", 4, hx("000200000003"), &StreamDry{StreamID: 3}},
	{"SetBufferLength", 4, hx("0003000000010000012c"), &SetBufferLength{StreamID: 1, BufferLength: 300}},
	{"StreamIsRecorded", 4, hx("000400000001"), &StreamIsRecorded{StreamID: 1}},
	{"PingRequest", 4, hx("0006deadbeef"), &PingRequest{Timestamp: 0xDEADBEEF}},
	{"PingResponse", 4, hx("0007deadbeef"), &PingResponse{Timestamp: 0xDEADBEEF}},
	{"SWFVerifyRequest 0", 4, hx("001a00"), &SWFVerifyRequest{Value: 0}},
	{"SWFVerifyRequest 1", 4, hx("001a01"), &SWFVerifyRequest{Value: 1}},
	{"SWFVerify", 4, append(hx("001b0101000012340000123400"), bytes.Repeat([]byte{0xAB}, 31)...),
		&SWFVerify{Blob: [42]byte(append(hx("0101000012340000123400"), bytes.Repeat([]byte{0xAB}, 31)...))}},
	{"BufferEmpty", 4, hx("001f00000001"), &BufferEmpty{StreamID: 1}},
	{"BufferReady", 4, hx("002000000001"), &BufferReady{StreamID: 1}},
	{"unknown event with data", 4, hx("0005cafebabe"), &UnknownUserControl{EventType: 5, Data: hx("cafebabe")}},
	{"unknown event without data", 4, hx("0064"), &UnknownUserControl{EventType: 100, Data: []byte{}}},
}

func TestControlDecodeEncode(t *testing.T) {
	for _, tc := range controlCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(&chunk.Message{Type: tc.typ, Payload: tc.payload})
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tc.msg) {
				t.Fatalf("Decode = %#v, want %#v", got, tc.msg)
			}
			if got.Type() != tc.typ {
				t.Fatalf("Type() = %d, want %d", got.Type(), tc.typ)
			}
			if uc, ok := got.(UserControl); ok && uint16(uc.Event()) != uint16(tc.payload[0])<<8|uint16(tc.payload[1]) {
				t.Fatalf("Event() = %d", uc.Event())
			}
			enc, err := got.AppendPayload([]byte("prefix"))
			if err != nil {
				t.Fatalf("AppendPayload: %v", err)
			}
			if want := append([]byte("prefix"), tc.payload...); !bytes.Equal(enc, want) {
				t.Fatalf("AppendPayload = %x, want %x", enc, want)
			}
			m, err := Encode(got, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if m.CSID != CSIDControl || m.Type != tc.typ || !bytes.Equal(m.Payload, tc.payload) {
				t.Fatalf("Encode = %+v", m)
			}
		})
	}
}

// TestControlTruncated checks every strict prefix of every case: known
// messages fail with io.ErrUnexpectedEOF (except the documented lenient
// forms), nothing panics.
func TestControlTruncated(t *testing.T) {
	for _, tc := range controlCases {
		for n := 0; n < len(tc.payload); n++ {
			p := tc.payload[:n]
			got, err := Decode(&chunk.Message{Type: tc.typ, Payload: p})
			lenient := (tc.typ == TypeSetPeerBandwidth && n == 4) ||
				(tc.name[:min(len(tc.name), 7)] == "unknown" && n >= 2) ||
				(tc.name[:min(len(tc.name), 16)] == "SWFVerifyRequest" && n == 2)
			if lenient {
				if err != nil {
					t.Errorf("%s[:%d]: %v, want lenient success", tc.name, n, err)
				}
				continue
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("%s[:%d] = %#v, %v; want io.ErrUnexpectedEOF", tc.name, n, got, err)
			}
			var me *Error
			if !errors.As(err, &me) || me.Type != tc.typ || me.Op != "decode" {
				t.Errorf("%s[:%d]: error %v is not a decode *Error for type %d", tc.name, n, err, tc.typ)
			}
		}
	}
}

func TestControlLenient(t *testing.T) {
	tests := []struct {
		name string
		typ  uint8
		p    []byte
		want Message
	}{
		{"SetPeerBandwidth without limit type", 6, hx("00989680"), &SetPeerBandwidth{Size: 10000000, Limit: LimitDynamic}},
		{"SetChunkSize bit 31 cleared", 1, hx("80001000"), &SetChunkSize{Size: 4096}},
		{"SetChunkSize zero kept", 1, hx("00000000"), &SetChunkSize{Size: 0}},
		{"trailing bytes ignored", 5, hx("00001000ffff"), &WindowAckSize{Size: 4096}},
		{"StreamBegin trailing", 4, hx("00000000000700"), &StreamBegin{StreamID: 7}},
		{"SWFVerifyRequest without byte", 4, hx("001a"), &SWFVerifyRequest{}},
	}
	for _, tc := range tests {
		got, err := Decode(&chunk.Message{Type: tc.typ, Payload: tc.p})
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Decode = %#v, %v; want %#v", tc.name, got, err, tc.want)
		}
	}
}

func TestSetChunkSizeEncodeRejectsBit31(t *testing.T) {
	_, err := Encode(SetChunkSize{Size: 0x80000000}, 0, 0)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestSWFVerifyHelpers(t *testing.T) {
	var h [32]byte
	for i := range h {
		h[i] = byte(i)
	}
	m := NewSWFVerify(0x01020304, h)
	p, _ := m.AppendPayload(nil)
	want := append(hx("001b01010102030401020304"), h[:]...)
	if !bytes.Equal(p, want) || len(p) != 44 {
		t.Fatalf("payload = %x, want %x", p, want)
	}
	if m.SWFSize() != 0x01020304 || m.HMAC() != h {
		t.Fatalf("SWFSize %x HMAC %x", m.SWFSize(), m.HMAC())
	}
}

func TestStrings(t *testing.T) {
	tests := []struct{ got, want string }{
		{LimitHard.String(), "hard"},
		{LimitSoft.String(), "soft"},
		{LimitDynamic.String(), "dynamic"},
		{LimitType(9).String(), "limit(9)"},
		{EventStreamBegin.String(), "StreamBegin"},
		{EventSWFVerify.String(), "SWFVerify"},
		{EventBufferReady.String(), "BufferReady"},
		{Event(1234).String(), "Event(1234)"},
		{SOUseSuccess.String(), "UseSuccess"},
		{SOEventType(0).String(), "SOEvent(0)"},
		{SOEventType(200).String(), "SOEvent(200)"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestMediaAndRaw(t *testing.T) {
	tests := []struct {
		typ  uint8
		p    []byte
		want Message
		csid uint32
	}{
		{8, hx("af0112"), &Audio{Payload: hx("af0112")}, CSIDAudio},
		{8, []byte{}, &Audio{Payload: []byte{}}, CSIDAudio},
		{9, hx("17010000"), &Video{Payload: hx("17010000")}, CSIDVideo},
		{7, hx("0102"), &Raw{TypeID: 7, Payload: hx("0102")}, CSIDStreamCommand},
		{21, nil, &Raw{TypeID: 21}, CSIDStreamCommand},
	}
	for _, tc := range tests {
		got, err := Decode(&chunk.Message{Type: tc.typ, Payload: tc.p})
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Fatalf("Decode(%d) = %#v, %v", tc.typ, got, err)
		}
		m, err := Encode(got, 1, 77)
		if err != nil || m.CSID != tc.csid || m.Type != tc.typ || m.StreamID != 1 || m.Timestamp != 77 || !bytes.Equal(m.Payload, tc.p) {
			t.Fatalf("Encode = %+v, %v", m, err)
		}
	}
}

func TestEncodeToReusesBuffer(t *testing.T) {
	dst := &chunk.Message{Payload: make([]byte, 0, 64)}
	if err := EncodeTo(dst, WindowAckSize{Size: 2500000}, 0, 0); err != nil {
		t.Fatal(err)
	}
	first := &dst.Payload[0]
	if err := EncodeTo(dst, PingResponse{Timestamp: 5}, 0, 9); err != nil {
		t.Fatal(err)
	}
	if &dst.Payload[0] != first || !bytes.Equal(dst.Payload, hx("000700000005")) || dst.Timestamp != 9 {
		t.Fatalf("EncodeTo = %+v", dst)
	}
	allocs := testing.AllocsPerRun(100, func() {
		_ = EncodeTo(dst, Acknowledgement{SequenceNumber: 1}, 0, 0)
	})
	if allocs != 0 {
		t.Fatalf("EncodeTo allocates %v times", allocs)
	}
}
