package message

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/amf3"
	"github.com/rtmpkit/rtmp/chunk"
)

func a0(t testing.TB, v any) []byte {
	t.Helper()
	b, err := amf0.Append(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func a3(t testing.TB, v any) []byte {
	t.Helper()
	b, err := amf3.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSharedObjectValues(t *testing.T) {
	tests := []struct {
		name      string
		amf3      bool
		payload   []byte
		want      *SharedObject
		canonical bool
	}{
		{"RequestChange AMF0", false,
			cat(soHeader("chat", 1, 0), soEv(SORequestChange, cat(utf("msg"), a0(t, "hello")))),
			&SharedObject{Name: "chat", Version: 1, Events: []SOEvent{{Type: SORequestChange, Name: "msg", Value: "hello"}}}, true},
		{"Change AMF0 object", false,
			cat(soHeader("chat", 2, 2), soEv(SOChange, cat(utf("user"), a0(t, obj("name", "bob", "age", 7.0))))),
			&SharedObject{Name: "chat", Version: 2, Flags: 2, Events: []SOEvent{{Type: SOChange, Name: "user", Value: obj("name", "bob", "age", 7.0)}}}, true},
		{"Change with several slots (Red5)", false,
			cat(soHeader("s", 3, 0), soEv(SOChange, cat(utf("a"), a0(t, 1.0), utf("b"), a0(t, nil)))),
			&SharedObject{Name: "s", Version: 3, Events: []SOEvent{{Type: SOChange, Name: "a", Value: 1.0}, {Type: SOChange, Name: "b"}}}, false},
		{"SendMessage AMF0", false,
			cat(soHeader("s", 0, 0), soEv(SOSendMessage, cat(a0(t, "onMsg"), a0(t, "hi"), a0(t, 2.0)))),
			&SharedObject{Name: "s", Events: []SOEvent{{Type: SOSendMessage, Name: "onMsg", Args: []any{"hi", 2.0}}}}, true},
		{"SendMessage without args", false,
			cat(soHeader("s", 0, 0), soEv(SOSendMessage, a0(t, "ping"))),
			&SharedObject{Name: "s", Events: []SOEvent{{Type: SOSendMessage, Name: "ping"}}}, true},
		{"Change AMF3", true,
			cat([]byte{0}, soHeader("s", 5, 0), soEv(SOChange, cat(utf("n"), a3(t, 42)))),
			&SharedObject{AMF3: true, Name: "s", Version: 5, Events: []SOEvent{{Type: SOChange, Name: "n", Value: int32(42)}}}, true},
		{"SendMessage AMF3", true,
			cat([]byte{0}, soHeader("s", 0, 0), soEv(SOSendMessage, cat(a3(t, "onMsg"), a3(t, "x"), a3(t, 1.5)))),
			&SharedObject{AMF3: true, Name: "s", Events: []SOEvent{{Type: SOSendMessage, Name: "onMsg", Args: []any{"x", 1.5}}}}, true},
		{"full flow", false,
			cat(soHeader("room", 9, 2), soEv(SOUseSuccess, nil), soEv(SOClear, nil),
				soEv(SOChange, cat(utf("x"), a0(t, true))), soEv(SOSuccess, utf("x")), soEv(SORemove, utf("y"))),
			&SharedObject{Name: "room", Version: 9, Flags: 2, Events: []SOEvent{{Type: SOUseSuccess}, {Type: SOClear},
				{Type: SOChange, Name: "x", Value: true}, {Type: SOSuccess, Name: "x"}, {Type: SORemove, Name: "y"}}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			typ := TypeSharedObjectAMF0
			if tc.amf3 {
				typ = TypeSharedObjectAMF3
			}
			m, err := Decode(&chunk.Message{Type: typ, Payload: tc.payload})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m, tc.want) {
				t.Fatalf("Decode = %#v\nwant %#v", m, tc.want)
			}
			enc, err := m.AppendPayload(nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.canonical && !bytes.Equal(enc, tc.payload) {
				t.Fatalf("AppendPayload = %x\nwant %x", enc, tc.payload)
			}
			m2, err := Decode(&chunk.Message{Type: typ, Payload: enc})
			if err != nil || !reflect.DeepEqual(m2, tc.want) {
				t.Fatalf("round trip = %#v, %v", m2, err)
			}
			for n := 0; n < len(tc.payload); n++ {
				_, err := Decode(&chunk.Message{Type: typ, Payload: tc.payload[:n]})
				if !isEventBoundary(tc.payload, tc.amf3, n) && !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Errorf("prefix %d: %v, want io.ErrUnexpectedEOF", n, err)
				}
			}
		})
	}
}

func TestSharedObjectValueErrors(t *testing.T) {
	tests := []struct {
		name string
		p    []byte
		want error
	}{
		{"change without value", cat(soHeader("s", 0, 0), soEv(SOChange, utf("a"))), io.ErrUnexpectedEOF},
		{"change with cut value", cat(soHeader("s", 0, 0), soEv(SOChange, cat(utf("a"), a0(t, 1.0)[:4]))), io.ErrUnexpectedEOF},
		{"send message handler not a string", cat(soHeader("s", 0, 0), soEv(SOSendMessage, a0(t, 1.0))), ErrMalformed},
		{"send message empty", cat(soHeader("s", 0, 0), soEv(SOSendMessage, nil)), io.ErrUnexpectedEOF},
	}
	for _, tc := range tests {
		_, err := Decode(&chunk.Message{Type: TypeSharedObjectAMF0, Payload: tc.p})
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	// Several slots in one Change count against MaxSharedObjectEvents.
	p := cat(soHeader("s", 0, 0), soEv(SOChange, cat(utf("a"), a0(t, 1.0), utf("b"), a0(t, 2.0), utf("c"), a0(t, 3.0))))
	d := Decoder{Limits: Limits{MaxSharedObjectEvents: 2}}
	if _, err := d.Decode(&chunk.Message{Type: TypeSharedObjectAMF0, Payload: p}); !errors.Is(err, ErrLimit) {
		t.Errorf("slot limit: err = %v", err)
	}
	// Encoding failures surface as *Error.
	so := SharedObject{Events: []SOEvent{{Type: SOChange, Name: "a", Value: make(chan int)}}}
	var me *Error
	if _, err := so.AppendPayload(nil); !errors.As(err, &me) {
		t.Errorf("unencodable value: err = %v", err)
	}
	so.AMF3 = true
	if _, err := so.AppendPayload(nil); !errors.As(err, &me) {
		t.Errorf("unencodable AMF3 value: err = %v", err)
	}
	so.Events[0] = SOEvent{Type: SOSendMessage, Name: "h", Args: []any{make(chan int)}}
	if _, err := so.AppendPayload(nil); !errors.As(err, &me) {
		t.Errorf("unencodable AMF3 arg: err = %v", err)
	}
}
