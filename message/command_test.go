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

// amfValues encodes values one after another with amf0 and also returns the
// offsets where each value ends.
func amfValues(t testing.TB, vals ...any) ([]byte, []int) {
	t.Helper()
	var b []byte
	var ends []int
	for _, v := range vals {
		var err error
		if b, err = amf0.Append(b, v); err != nil {
			t.Fatal(err)
		}
		ends = append(ends, len(b))
	}
	return b, ends
}

func obj(kv ...any) amf0.Object {
	var o amf0.Object
	for i := 0; i < len(kv); i += 2 {
		o = append(o, amf0.Pair{Key: kv[i].(string), Value: kv[i+1]})
	}
	return o
}

// Commands as the real clients of the captures in /work/shared/peers send
// them (values and property order from pub-ffmpeg.txt, play-ffmpeg.txt,
// pub-librtmp.txt and the transcripts).
var clientCommands = []struct {
	name string
	vals []any
	want *Command
}{
	{"ffmpeg publish connect", []any{"connect", 1.0, obj("app", "live", "type", "nonprivate",
		"flashVer", "FMLE/3.0 (compatible; Lavf59.27.100)", "tcUrl", "rtmp://127.0.0.1:19350/live")}, nil},
	{"ffmpeg play connect", []any{"connect", 1.0, obj("app", "live", "flashVer", "LNX 9,0,124,2",
		"tcUrl", "rtmp://127.0.0.1:19350/live", "fpad", false, "capabilities", 15.0, "audioCodecs", 4071.0,
		"videoCodecs", 252.0, "videoFunction", 1.0)}, nil},
	{"librtmp connect with auth args", []any{"connect", 1.0, obj("app", "live", "tcUrl", "rtmp://h/live",
		"fpad", false, "capabilities", 15.0, "audioCodecs", 3191.0, "videoCodecs", 252.0, "videoFunction", 1.0),
		true, "token"}, nil},
	{"releaseStream", []any{"releaseStream", 2.0, nil, "cap-ffmpeg"}, &Command{Name: "releaseStream", TransactionID: 2, Args: []any{"cap-ffmpeg"}}},
	{"FCPublish", []any{"FCPublish", 3.0, nil, "cap-ffmpeg"}, &Command{Name: "FCPublish", TransactionID: 3, Args: []any{"cap-ffmpeg"}}},
	{"createStream", []any{"createStream", 4.0, nil}, &Command{Name: "createStream", TransactionID: 4}},
	{"publish", []any{"publish", 5.0, nil, "cap-ffmpeg", "live"}, &Command{Name: "publish", TransactionID: 5, Args: []any{"cap-ffmpeg", "live"}}},
	{"gstreamer publish txn 0", []any{"publish", 0.0, nil, "tx-gst", "live"}, &Command{Name: "publish", Args: []any{"tx-gst", "live"}}},
	{"play -2000", []any{"play", 4.0, nil, "tx-play", -2000.0}, &Command{Name: "play", TransactionID: 4, Args: []any{"tx-play", -2000.0}}},
	{"deleteStream", []any{"deleteStream", 7.0, nil, 1.0}, &Command{Name: "deleteStream", TransactionID: 7, Args: []any{1.0}}},
	{"server _result createStream", []any{"_result", 4.0, nil, 1.0}, &Command{Name: "_result", TransactionID: 4, Args: []any{1.0}}},
	{"nginx connect _result", []any{"_result", 1.0, obj("fmsVer", "FMS/3,0,1,123", "capabilities", 31.0),
		obj("level", "status", "code", "NetConnection.Connect.Success", "description", "Connection succeeded.", "objectEncoding", 0.0)}, nil},
}

func TestCommandsFromRealClients(t *testing.T) {
	for _, tc := range clientCommands {
		t.Run(tc.name, func(t *testing.T) {
			p, ends := amfValues(t, tc.vals...)
			got, err := Decode(&chunk.Message{Type: TypeCommandAMF0, Payload: p})
			if err != nil {
				t.Fatal(err)
			}
			c := got.(*Command)
			want := tc.want
			if want == nil {
				want = &Command{Name: tc.vals[0].(string), TransactionID: tc.vals[1].(float64), Object: tc.vals[2]}
				if len(tc.vals) > 3 {
					want.Args = tc.vals[3:]
				}
			}
			if !reflect.DeepEqual(c, want) {
				t.Fatalf("Decode = %#v\nwant %#v", c, want)
			}
			enc, err := c.AppendPayload(nil)
			if err != nil || !bytes.Equal(enc, p) {
				t.Fatalf("AppendPayload = %x, %v\nwant %x", enc, err, p)
			}
			// Every prefix: a whole-value boundary decodes (fields missing),
			// anything else is io.ErrUnexpectedEOF.
			for n := 0; n < len(p); n++ {
				_, err := Decode(&chunk.Message{Type: TypeCommandAMF0, Payload: p[:n]})
				boundary := false
				for _, e := range ends {
					boundary = boundary || e == n
				}
				if boundary && err != nil {
					t.Errorf("prefix %d: %v", n, err)
				}
				if !boundary && !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Errorf("prefix %d: err = %v, want io.ErrUnexpectedEOF", n, err)
				}
			}
		})
	}
}

func TestConnectProperties(t *testing.T) {
	p, _ := amfValues(t, clientCommands[1].vals...)
	m, err := Decode(&chunk.Message{Type: TypeCommandAMF0, Payload: p})
	if err != nil {
		t.Fatal(err)
	}
	c := m.(*Command)
	if s, _ := StringProperty(c.Object, "flashVer"); s != "LNX 9,0,124,2" {
		t.Errorf("flashVer = %q", s)
	}
	if n, _ := NumberProperty(c.Object, "audioCodecs"); n != 4071 {
		t.Errorf("audioCodecs = %v", n)
	}
	if b, ok := BoolProperty(c.Object, "fpad"); b || !ok {
		t.Errorf("fpad = %v, %v", b, ok)
	}
	if _, ok := Property(c.Object, "objectEncoding"); ok {
		t.Error("objectEncoding present")
	}
	if _, ok := StringProperty(c.Object, "capabilities"); ok {
		t.Error("capabilities read as a string")
	}
}

// TestCommandAMF3 checks type 17: the format byte, then AMF0 values with
// AMF3 values behind the 0x11 switch (here even the name and the command
// object, as Flash may send them).
func TestCommandAMF3(t *testing.T) {
	amf3obj := amf3.NewObject()
	amf3obj.Set("app", "live")
	amf3obj.Set("objectEncoding", int32(3))
	var p []byte
	p = append(p, 0x00)                                       // format byte
	p = append(p, 0x11, 0x06, 0x0f)                           // AVM+ string, length 7
	p = append(p, "connect"...)                               //
	p = amf0.AppendNumber(p, 1)                               // txn in AMF0
	o3, err := amf0.Append(nil, amf0.AVMPlus{Value: amf3obj}) // command object in AMF3
	if err != nil {
		t.Fatal(err)
	}
	p = append(p, o3...)
	p = append(p, 0x11, 0x04, 0x2a) // AMF3 integer 42
	p = amf0.AppendString(p, "plain")

	m, err := Decode(&chunk.Message{Type: TypeCommandAMF3, Payload: p})
	if err != nil {
		t.Fatal(err)
	}
	c := m.(*Command)
	if !c.AMF3 || c.Name != "connect" || c.TransactionID != 1 || c.Type() != TypeCommandAMF3 {
		t.Fatalf("Decode = %#v", c)
	}
	if s, _ := StringProperty(c.Object, "app"); s != "live" {
		t.Errorf("app = %q", s)
	}
	if n, _ := NumberProperty(c.Object, "objectEncoding"); n != 3 {
		t.Errorf("objectEncoding = %v", n)
	}
	if n, ok := c.NumberArg(0); !ok || n != 42 {
		t.Errorf("arg 0 = %v, %v", n, ok)
	}
	if !reflect.DeepEqual(c.Args[0], amf0.AVMPlus{Value: int32(42)}) {
		t.Errorf("arg 0 = %#v, want AVMPlus{int32(42)}", c.Args[0])
	}
	if s, _ := c.StringArg(1); s != "plain" {
		t.Errorf("arg 1 = %q", s)
	}
	if c.Arg(2) != nil || c.Arg(-1) != nil {
		t.Error("Arg out of range not nil")
	}

	// Encoding type 17: format byte, AMF0 name and txn, the rest as given.
	enc, err := c.AppendPayload(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]byte{0}, amf0.AppendNumber(amf0.AppendString(nil, "connect"), 1)...)
	want = append(append(want, o3...), 0x11, 0x04, 0x2a)
	want = amf0.AppendString(want, "plain")
	if !bytes.Equal(enc, want) {
		t.Fatalf("AppendPayload = %x\nwant %x", enc, want)
	}
	// And a type 17 payload that omits the format byte is accepted.
	m, err = Decode(&chunk.Message{Type: TypeCommandAMF3, Payload: want[1:]})
	if err != nil || m.(*Command).Name != "connect" {
		t.Fatalf("without format byte: %#v, %v", m, err)
	}
}

func TestCommandMalformed(t *testing.T) {
	num, _ := amfValues(t, 1.0, 2.0)
	badTxn, _ := amfValues(t, "x", "notanumber")
	nameOnly, _ := amfValues(t, "onBWDone")
	tests := []struct {
		name string
		typ  uint8
		p    []byte
		want error
	}{
		{"empty", TypeCommandAMF0, nil, io.ErrUnexpectedEOF},
		{"empty AMF3", TypeCommandAMF3, []byte{0}, io.ErrUnexpectedEOF},
		{"name not a string", TypeCommandAMF0, num, ErrMalformed},
		{"txn not a number", TypeCommandAMF0, badTxn, ErrMalformed},
		{"bad marker", TypeCommandAMF0, hx("02000178ff"), nil},
	}
	for _, tc := range tests {
		_, err := Decode(&chunk.Message{Type: tc.typ, Payload: tc.p})
		var me *Error
		if err == nil || !errors.As(err, &me) || me.Type != tc.typ {
			t.Errorf("%s: err = %v, want *Error", tc.name, err)
			continue
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	m, err := Decode(&chunk.Message{Type: TypeCommandAMF0, Payload: nameOnly})
	if err != nil || !reflect.DeepEqual(m, &Command{Name: "onBWDone"}) {
		t.Errorf("name only: %#v, %v", m, err)
	}
	d := Decoder{Limits: Limits{MaxValues: 3}}
	four, _ := amfValues(t, "c", 1.0, nil, "a")
	if _, err := d.Decode(&chunk.Message{Type: TypeCommandAMF0, Payload: four}); !errors.Is(err, ErrLimit) {
		t.Errorf("MaxValues: err = %v", err)
	}
	d.Limits.AMF0.MaxDepth = 1
	deep, _ := amfValues(t, "c", 1.0, obj("a", obj("b", 1.0)))
	if _, err := d.Decode(&chunk.Message{Type: TypeCommandAMF0, Payload: deep}); err == nil {
		t.Error("AMF0 depth limit not applied")
	}
	if _, err := (Command{Name: "x", Args: []any{make(chan int)}}).AppendPayload(nil); err == nil {
		t.Error("unencodable argument accepted")
	}
}

func TestData(t *testing.T) {
	meta := amf0.ECMAArray{{Key: "duration", Value: 0.0}, {Key: "width", Value: 320.0}, {Key: "encoder", Value: "Lavf59.27.100"}}
	tests := []struct {
		name string
		typ  uint8
		vals []any
		want *Data
	}{
		{"setDataFrame", TypeDataAMF0, []any{"@setDataFrame", "onMetaData", meta},
			&Data{Handler: "@setDataFrame", Args: []any{"onMetaData", meta}}},
		{"sample access", TypeDataAMF0, []any{"|RtmpSampleAccess", true, true},
			&Data{Handler: "|RtmpSampleAccess", Args: []any{true, true}}},
		{"empty handler kept in args", TypeDataAMF0, []any{"", 1.0}, &Data{Args: []any{"", 1.0}}},
		{"handler only", TypeDataAMF0, []any{"onFI"}, &Data{Handler: "onFI"}},
		{"empty", TypeDataAMF0, nil, &Data{}},
		{"AMF3 form", TypeDataAMF3, []any{"onMetaData", meta}, &Data{AMF3: true, Handler: "onMetaData", Args: []any{meta}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := amfValues(t, tc.vals...)
			if tc.typ == TypeDataAMF3 {
				p = append([]byte{0}, p...)
			}
			m, err := Decode(&chunk.Message{Type: tc.typ, Payload: p})
			if err != nil || !reflect.DeepEqual(m, tc.want) {
				t.Fatalf("Decode = %#v, %v\nwant %#v", m, err, tc.want)
			}
			enc, err := m.AppendPayload(nil)
			if err != nil || !bytes.Equal(enc, p) {
				t.Fatalf("AppendPayload = %x, %v; want %x", enc, err, p)
			}
		})
	}
}

func TestWithoutSetDataFrame(t *testing.T) {
	meta := amf0.ECMAArray{{Key: "width", Value: 320.0}}
	in := Data{Handler: HandlerSetDataFrame, Args: []any{"onMetaData", meta}}
	got := in.WithoutSetDataFrame()
	if !reflect.DeepEqual(got, Data{Handler: "onMetaData", Args: []any{meta}}) {
		t.Fatalf("got %#v", got)
	}
	for _, d := range []Data{
		{Handler: "onMetaData", Args: []any{meta}},
		{Handler: HandlerSetDataFrame},
		{Handler: HandlerSetDataFrame, Args: []any{1.0}},
	} {
		if got := d.WithoutSetDataFrame(); !reflect.DeepEqual(got, d) {
			t.Errorf("%#v changed to %#v", d, got)
		}
	}
}

func TestStatusHelpers(t *testing.T) {
	c := NewOnStatus(Status{LevelStatus, CodePublishStart, "Start publishing"},
		amf0.Pair{Key: "details", Value: "key"})
	p, err := c.AppendPayload(nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := amfValues(t, "onStatus", 0.0, nil, obj("level", "status", "code", "NetStream.Publish.Start",
		"description", "Start publishing", "details", "key"))
	if !bytes.Equal(p, want) {
		t.Fatalf("onStatus = %x\nwant %x", p, want)
	}
	m, _ := Decode(&chunk.Message{Type: TypeCommandAMF0, Payload: p})
	st, ok := m.(*Command).Status()
	if !ok || st != (Status{"status", "NetStream.Publish.Start", "Start publishing"}) || st.IsError() {
		t.Fatalf("Status = %+v, %v", st, ok)
	}

	r := NewConnectResult(1, "FMS/3,0,1,123", 0)
	p, _ = r.AppendPayload(nil)
	want, _ = amfValues(t, clientCommands[len(clientCommands)-1].vals...)
	if !bytes.Equal(p, want) {
		t.Fatalf("connect _result = %x\nwant %x", p, want)
	}

	e := NewError(1, nil, Status{LevelError, CodeConnectRejected, "no"}.Info())
	if st, ok := e.Status(); !ok || !st.IsError() || e.Name != "_error" || e.TransactionID != 1 {
		t.Fatalf("_error = %#v", e)
	}
	res := NewResult(4, nil, 1.0)
	if _, ok := res.Status(); ok || res.Name != "_result" || !reflect.DeepEqual(res.Args, []any{1.0}) {
		t.Fatalf("_result = %#v", res)
	}
	if _, ok := StatusOf(map[string]any{"level": "error"}); ok {
		t.Error("StatusOf without code succeeded")
	}
	if s, ok := StatusOf(map[string]any{"code": "X", "level": "error"}); !ok || s.Code != "X" {
		t.Errorf("StatusOf map = %+v", s)
	}
}
