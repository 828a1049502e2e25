package flv

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/rtmpkit/rtmp/amf0"
)

func sampleScriptBody(t *testing.T) []byte {
	t.Helper()
	r := NewReader(bytes.NewReader(readSample(t)), Limits{})
	for {
		tag, err := r.ReadTag()
		if err != nil {
			t.Fatal(err)
		}
		if tag.Type == TagScript {
			return tag.Data
		}
	}
}

func TestSampleMetadata(t *testing.T) {
	body := sampleScriptBody(t)
	if !IsMetadata(body) {
		t.Fatal("IsMetadata = false")
	}
	md, err := ParseMetadata(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(md) != 13 {
		t.Errorf("%d entries, want 13", len(md))
	}
	if d, _ := md.Get("duration"); d != 10.008 {
		t.Errorf("duration %v", d)
	}
	vc, _ := md.Get("videocodecid")
	ac, _ := md.Get("audiocodecid")
	if VideoCodecFromMetadata(vc) != CodecAV1 || AudioCodecFromMetadata(ac) != CodecOpus {
		t.Errorf("codec ids %v %v", vc, ac)
	}
	// onMetaData -> bytes is identical to the file's script tag.
	out, err := AppendMetadata(nil, md)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, body) {
		t.Errorf("AppendMetadata differs:\n got %x\nwant %x", out, body)
	}
	// The publisher form converts both ways.
	pub, err := AppendSetDataFrame(nil, md)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pub, AddSetDataFrame(nil, body)) {
		t.Error("AppendSetDataFrame != AddSetDataFrame")
	}
	if !IsMetadata(pub) {
		t.Error("IsMetadata(@setDataFrame form) = false")
	}
	stripped, ok := StripSetDataFrame(pub)
	if !ok || !bytes.Equal(stripped, body) {
		t.Error("StripSetDataFrame did not restore the FLV form")
	}
	if _, ok := StripSetDataFrame(body); ok {
		t.Error("StripSetDataFrame stripped onMetaData")
	}
	md2, err := ParseMetadata(pub)
	if err != nil || len(md2) != len(md) {
		t.Errorf("ParseMetadata(@setDataFrame form): %d entries, %v", len(md2), err)
	}
}

func TestParseMetadataForms(t *testing.T) {
	build := func(name string, values ...any) []byte {
		b, err := AppendScript(nil, name, values...)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	obj := amf0.Object{{Key: "width", Value: 1280.0}, {Key: "height", Value: 720.0}}
	cases := []struct {
		name    string
		data    []byte
		entries int
		err     error
	}{
		{"ecma", build(OnMetaData, amf0.ECMAArray{{Key: "width", Value: 640.0}}), 1, nil},
		{"object", build(OnMetaData, obj), 2, nil},
		{"setDataFrame object", build(SetDataFrame, OnMetaData, obj), 2, nil},
		{"no value", build(OnMetaData), 0, nil},
		{"null value", build(OnMetaData, nil), 0, nil},
		{"other name", build("onCuePoint", obj), 0, ErrNotMetadata},
		{"setDataFrame other", build(SetDataFrame, "onTextData", obj), 0, ErrNotMetadata},
		{"clearDataFrame", build(ClearDataFrame, OnMetaData), 0, ErrNotMetadata},
		{"number value", build(OnMetaData, 1.0), 0, ErrMalformed},
		{"not a string", []byte{0x05}, 0, ErrMalformed},
		{"empty", nil, 0, io.ErrUnexpectedEOF},
		{"truncated", build(OnMetaData, obj)[:20], 0, io.ErrUnexpectedEOF},
	}
	for _, tc := range cases {
		md, err := ParseMetadata(tc.data)
		if !errors.Is(err, tc.err) || (err == nil && len(md) != tc.entries) {
			t.Errorf("%s: %d entries, %v", tc.name, len(md), err)
		}
	}
	if w, _ := must(ParseMetadata(build(OnMetaData, obj))).Get("width"); w != 1280.0 {
		t.Errorf("width %v", w)
	}
	b, err := AppendMetadata(nil, nil)
	if err != nil || !bytes.Equal(b, hx("02000a6f6e4d65746144617461"+"08"+"00000000"+"000009")) {
		t.Errorf("empty metadata %x %v", b, err)
	}
	if _, err := AppendScript(nil, "x", make(chan int)); err == nil {
		t.Error("unencodable value accepted")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestCodecFromMetadata(t *testing.T) {
	video := map[any]Codec{7.0: CodecH264, 2.0: CodecH263, 12.0: CodecH265, 1635135537.0: CodecAV1,
		float64(FourCCHEVC): CodecH265, "avc1": CodecH264, "hvc1": CodecH265, 7.5: "", -1.0: "", true: "", 1e20: ""}
	for v, want := range video {
		if got := VideoCodecFromMetadata(v); got != want {
			t.Errorf("video %v: %q, want %q", v, got, want)
		}
	}
	audio := map[any]Codec{10.0: CodecAAC, 2.0: CodecMP3, 1332770163.0: CodecOpus, "mp4a": CodecAAC, ".mp3": CodecMP3, 0.5: "", nil: ""}
	for v, want := range audio {
		if got := AudioCodecFromMetadata(v); got != want {
			t.Errorf("audio %v: %q, want %q", v, got, want)
		}
	}
}
