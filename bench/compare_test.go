package bench

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/rtmpkit/rtmp/amf0"
	yutopp "github.com/yutopp/go-amf0"
)

// toPlain converts rtmpkit dynamic values to the plain maps yutopp yields.
func toPlain(v any) any {
	switch v := v.(type) {
	case amf0.Object:
		m := map[string]any{}
		for _, p := range v {
			m[p.Key] = toPlain(p.Value)
		}
		return m
	case amf0.ECMAArray:
		m := yutopp.ECMAArray{}
		for _, p := range v {
			m[p.Key] = toPlain(p.Value)
		}
		return m
	}
	return v
}

func yutoppDecodeAll(t testing.TB, payload []byte, n int) []any {
	dec := yutopp.NewDecoder(bytes.NewReader(payload))
	out := make([]any, n)
	for i := range out {
		if err := dec.Decode(&out[i]); err != nil {
			t.Fatalf("yutopp value %d: %v", i, err)
		}
	}
	return out
}

func TestBothLibrariesDecodeTheSame(t *testing.T) {
	for _, c := range []struct {
		name    string
		payload []byte
		n       int
	}{
		{"connect", ConnectPayload(), 3},
		{"onMetaData", MetaDataPayload(), 2},
	} {
		ours, err := amf0.DecodeAll(c.payload)
		if err != nil {
			t.Fatal(err)
		}
		if len(ours) != c.n {
			t.Fatalf("%s: %d values", c.name, len(ours))
		}
		theirs := yutoppDecodeAll(t, c.payload, c.n)
		for i := range ours {
			if got := toPlain(ours[i]); !reflect.DeepEqual(got, theirs[i]) {
				t.Errorf("%s value %d: rtmpkit %#v, yutopp %#v", c.name, i, got, theirs[i])
			}
		}
	}
}

func TestBothLibrariesDecodeTheSameStruct(t *testing.T) {
	payload := ConnectPayload()
	var ours, theirs ConnectCmd
	dec := amf0.NewBytesDecoder(payload)
	var name string
	var txn float64
	if err := dec.Decode(&name); err != nil {
		t.Fatal(err)
	}
	if err := dec.Decode(&txn); err != nil {
		t.Fatal(err)
	}
	if err := dec.Decode(&ours); err != nil {
		t.Fatal(err)
	}
	yd := yutopp.NewDecoder(bytes.NewReader(payload))
	var yname string
	var ytxn float64
	if err := yd.Decode(&yname); err != nil {
		t.Fatal(err)
	}
	if err := yd.Decode(&ytxn); err != nil {
		t.Fatal(err)
	}
	if err := yd.Decode(&theirs); err != nil {
		t.Fatal(err)
	}
	if ours != theirs || name != yname || txn != ytxn || ours.TcURL != "rtmp://example.com:1935/live" {
		t.Fatalf("rtmpkit %q %v %+v\nyutopp  %q %v %+v", name, txn, ours, yname, ytxn, theirs)
	}
}

// TestEncodedBytesDecodeInTheOtherLibrary checks the encoders agree: what
// yutopp writes for the struct, rtmpkit reads back, and the other way round.
func TestAppendConnectMatchesPayload(t *testing.T) {
	if got := appendConnect(nil, &connectStruct); !bytes.Equal(got, ConnectPayload()) {
		t.Fatalf("appendConnect %x\nwant          %x", got, ConnectPayload())
	}
}

func TestEncodedBytesDecodeInTheOtherLibrary(t *testing.T) {
	want := ConnectCmd{App: "live", TcURL: "rtmp://h/live", Capabilities: 15, Fpad: true}
	var buf bytes.Buffer
	if err := yutopp.NewEncoder(&buf).Encode(want); err != nil {
		t.Fatal(err)
	}
	var got ConnectCmd
	if err := amf0.Unmarshal(buf.Bytes(), &got); err != nil || got != want {
		t.Fatalf("rtmpkit reading yutopp: %+v %v", got, err)
	}
	b, err := amf0.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got = ConnectCmd{}
	if err := yutopp.NewDecoder(bytes.NewReader(b)).Decode(&got); err != nil || got != want {
		t.Fatalf("yutopp reading rtmpkit: %+v %v", got, err)
	}
}
