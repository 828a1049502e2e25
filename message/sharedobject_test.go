package message

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/rtmpkit/rtmp/chunk"
)

// soHeader builds a shared object body header.
func soHeader(name string, version, flags uint32) []byte {
	b := appendUTF8(nil, name)
	b = appendU32(b, version)
	b = appendU32(b, flags)
	return appendU32(b, 0)
}

// soEv builds one event: type, U32 length, data.
func soEv(t SOEventType, data []byte) []byte {
	return append(appendU32([]byte{byte(t)}, uint32(len(data))), data...)
}

func utf(s string) []byte { return appendUTF8(nil, s) }

// soFramingCases cover every event type without AMF values, in both
// message types.
var soFramingCases = []struct {
	name    string
	payload []byte
	msg     *SharedObject
}{
	{"Use persistent", cat(soHeader("chat", 0, 2), soEv(SOUse, nil)),
		&SharedObject{Name: "chat", Flags: 2, Events: []SOEvent{{Type: SOUse}}}},
	{"Release transient", cat(soHeader("chat", 3, 0), soEv(SORelease, nil)),
		&SharedObject{Name: "chat", Version: 3, Events: []SOEvent{{Type: SORelease}}}},
	{"UseSuccess Clear", cat(soHeader("so", 1, 0), soEv(SOUseSuccess, nil), soEv(SOClear, nil)),
		&SharedObject{Name: "so", Version: 1, Events: []SOEvent{{Type: SOUseSuccess}, {Type: SOClear}}}},
	{"Success", cat(soHeader("so", 2, 0), soEv(SOSuccess, utf("slot"))),
		&SharedObject{Name: "so", Version: 2, Events: []SOEvent{{Type: SOSuccess, Name: "slot"}}}},
	{"Remove", cat(soHeader("so", 4, 0), soEv(SORemove, utf("a"))),
		&SharedObject{Name: "so", Version: 4, Events: []SOEvent{{Type: SORemove, Name: "a"}}}},
	{"RequestRemove", cat(soHeader("so", 4, 0), soEv(SORequestRemove, utf("b"))),
		&SharedObject{Name: "so", Version: 4, Events: []SOEvent{{Type: SORequestRemove, Name: "b"}}}},
	{"Status", cat(soHeader("so", 0, 2), soEv(SOStatus, cat(utf("SharedObject.BadPersistence"), utf("error")))),
		&SharedObject{Name: "so", Flags: 2, Events: []SOEvent{{Type: SOStatus, Name: "SharedObject.BadPersistence", Level: "error"}}}},
	{"unknown event kept raw", cat(soHeader("so", 0, 0), soEv(42, hx("010203"))),
		&SharedObject{Name: "so", Events: []SOEvent{{Type: 42, Data: hx("010203")}}}},
	{"no events, empty name", soHeader("", 0, 0), &SharedObject{}},
	{"AMF3 Use", cat([]byte{0}, soHeader("chat", 0, 2), soEv(SOUse, nil)),
		&SharedObject{AMF3: true, Name: "chat", Flags: 2, Events: []SOEvent{{Type: SOUse}}}},
	{"AMF3 Status", cat([]byte{0}, soHeader("x", 9, 0), soEv(SOStatus, cat(utf("c"), utf("warning")))),
		&SharedObject{AMF3: true, Name: "x", Version: 9, Events: []SOEvent{{Type: SOStatus, Name: "c", Level: "warning"}}}},
}

func TestSharedObjectFraming(t *testing.T) {
	for _, tc := range soFramingCases {
		t.Run(tc.name, func(t *testing.T) {
			typ := TypeSharedObjectAMF0
			if tc.msg.AMF3 {
				typ = TypeSharedObjectAMF3
			}
			got, err := Decode(&chunk.Message{Type: typ, Payload: tc.payload})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.msg) {
				t.Fatalf("Decode = %#v\nwant %#v", got, tc.msg)
			}
			if got.Type() != typ || got.(*SharedObject).Persistent() != (tc.msg.Flags == 2) {
				t.Fatalf("Type %d Persistent %v", got.Type(), got.(*SharedObject).Persistent())
			}
			p, err := got.AppendPayload(nil)
			if err != nil || !bytes.Equal(p, tc.payload) {
				t.Fatalf("AppendPayload = %x, %v; want %x", p, err, tc.payload)
			}
			for n := 0; n < len(tc.payload); n++ {
				if _, err := Decode(&chunk.Message{Type: typ, Payload: tc.payload[:n]}); !errors.Is(err, io.ErrUnexpectedEOF) && !isEventBoundary(tc.payload, tc.msg.AMF3, n) {
					t.Errorf("prefix %d: %v, want io.ErrUnexpectedEOF", n, err)
				}
			}
		})
	}
}

// isEventBoundary reports whether n ends the header or a whole event, where a
// prefix is itself a valid shared object message.
func isEventBoundary(p []byte, amf3 bool, n int) bool {
	off := 14 + (int(p[0])<<8 | int(p[1]))
	if amf3 {
		off = 15 + (int(p[1])<<8 | int(p[2]))
	}
	for off <= len(p) {
		if n == off {
			return true
		}
		if off+5 > len(p) {
			return false
		}
		off += 5 + (int(p[off+1])<<24 | int(p[off+2])<<16 | int(p[off+3])<<8 | int(p[off+4]))
	}
	return false
}

func TestSharedObjectErrors(t *testing.T) {
	// Event length beyond the payload.
	p := cat(soHeader("so", 0, 0), appendU32([]byte{byte(SOSuccess)}, 0xFFFFFFFF), utf("a"))
	_, err := Decode(&chunk.Message{Type: TypeSharedObjectAMF0, Payload: p})
	var me *Error
	if !errors.Is(err, io.ErrUnexpectedEOF) || !errors.As(err, &me) || me.Offset != 16 {
		t.Fatalf("err = %v, want io.ErrUnexpectedEOF at offset 16", err)
	}
	// Event data shorter than its content (name length beyond the event).
	p = cat(soHeader("so", 0, 0), soEv(SORemove, hx("0005aa")))
	if _, err := Decode(&chunk.Message{Type: TypeSharedObjectAMF0, Payload: p}); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v, want io.ErrUnexpectedEOF", err)
	}
	// Event count limit.
	p = soHeader("so", 0, 0)
	for range 3 {
		p = append(p, soEv(SOClear, nil)...)
	}
	d := Decoder{Limits: Limits{MaxSharedObjectEvents: 2}}
	if _, err := d.Decode(&chunk.Message{Type: TypeSharedObjectAMF0, Payload: p}); !errors.Is(err, ErrLimit) {
		t.Fatalf("err = %v, want ErrLimit", err)
	}
	// Names that do not fit a U16 length.
	long := string(make([]byte, 0x10000))
	for _, m := range []SharedObject{
		{Name: long},
		{Events: []SOEvent{{Type: SORemove, Name: long}}},
		{Events: []SOEvent{{Type: SOStatus, Level: long}}},
	} {
		if _, err := m.AppendPayload(nil); !errors.Is(err, ErrTooLarge) {
			t.Errorf("err = %v, want ErrTooLarge", err)
		}
	}
}
