package amf0

import (
	"bytes"
	"testing"
	"time"
)

// appendResult writes a typical connect _result with the Append functions.
func appendResult(b []byte) []byte {
	b = AppendString(b, "_result")
	b = AppendNumber(b, 1)
	b = AppendObjectStart(b)
	b = AppendPropertyName(b, "fmsVer")
	b = AppendString(b, "FMS/3,0,1,123")
	b = AppendPropertyName(b, "capabilities")
	b = AppendNumber(b, 31)
	b = AppendObjectEnd(b)
	b = AppendObjectStart(b)
	b = AppendPropertyName(b, "level")
	b = AppendString(b, "status")
	b = AppendPropertyName(b, "code")
	b = AppendString(b, "NetConnection.Connect.Success")
	b = AppendPropertyName(b, "fpad")
	b = AppendBool(b, false)
	b = AppendPropertyName(b, "data")
	b = AppendECMAArrayStart(b, 1)
	b = AppendPropertyName(b, "version")
	b = AppendString(b, "3,5,1,525")
	b = AppendObjectEnd(b)
	b = AppendObjectEnd(b)
	b = AppendNull(b)
	b = AppendUndefined(b)
	b = AppendUnsupported(b)
	b = AppendStrictArrayStart(b, 1)
	b = AppendDate(b, Date{Ms: 1})
	b = AppendTime(b, time.UnixMilli(2))
	b = AppendXMLDocument(b, "<a/>")
	b = AppendTypedObjectStart(b, "C")
	b = AppendObjectEnd(b)
	return AppendReference(b, 3)
}

func TestAppendMatchesMarshal(t *testing.T) {
	got := appendResult(nil)
	var want []byte
	for _, v := range []any{
		"_result", 1.0,
		Object{{"fmsVer", "FMS/3,0,1,123"}, {"capabilities", 31.0}},
		Object{{"level", "status"}, {"code", "NetConnection.Connect.Success"}, {"fpad", false},
			{"data", ECMAArray{{"version", "3,5,1,525"}}}},
		nil, Undefined{}, Unsupported{}, []any{Date{Ms: 1}}, time.UnixMilli(2), XMLDocument("<a/>"),
		&TypedObject{ClassName: "C"},
	} {
		b, err := Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, b...)
	}
	want = append(want, 0x07, 0, 3)
	if !bytes.Equal(got, want) {
		t.Fatalf("got  %x\nwant %x", got, want)
	}
}

func TestAppendDoesNotAllocate(t *testing.T) {
	buf := make([]byte, 0, 1024)
	allocs := testing.AllocsPerRun(100, func() { buf = appendResult(buf[:0]) })
	if allocs != 0 {
		t.Fatalf("%v allocations per run, want 0", allocs)
	}
}

func TestAppendLongString(t *testing.T) {
	s := string(make([]byte, 70000))
	b := AppendString(nil, s)
	if b[0] != MarkerLongString || len(b) != 5+70000 {
		t.Fatalf("marker %x len %d", b[0], len(b))
	}
	var v any
	if err := Unmarshal(b, &v); err != nil || v != s {
		t.Fatalf("round trip: %v", err)
	}
}
