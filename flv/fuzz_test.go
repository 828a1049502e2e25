package flv

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"
)

func FuzzReader(f *testing.F) {
	f.Add(buildFile(f, DefaultHeader(true, true), smallTags()[:7]))
	f.Add(readSample(f)[:1024])
	f.Add(AppendHeader(nil, Header{Version: 1}))
	f.Add([]byte("FLV\x01\x05\x00\x00\x00\x0c\xff\xff\xff\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, strict := range []bool{false, true} {
			r := NewReader(bytes.NewReader(data), Limits{MaxTagSize: 1 << 16})
			r.Strict = strict
			var tags []Tag
			var err error
			for {
				var tag Tag
				if tag, err = r.ReadTag(); err != nil {
					break
				}
				tags = append(tags, tag)
			}
			if err != io.EOF {
				if len(data) > 0 && err == nil {
					t.Fatal("nil error")
				}
				continue
			}
			// A file read to its end rewrites to a file with the same tags.
			h, _ := r.Header()
			var buf bytes.Buffer
			w := NewWriter(&buf, h)
			for _, tag := range tags {
				if err := w.WriteTag(tag); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.WriteHeader(); err != nil {
				t.Fatal(err)
			}
			r2 := NewReader(bytes.NewReader(buf.Bytes()), Limits{})
			r2.Strict = true
			for i, want := range tags {
				got, err := r2.Next()
				if err != nil {
					t.Fatalf("reread tag %d: %v", i, err)
				}
				want.StreamID = 0
				if got.Type != want.Type || got.Timestamp != want.Timestamp || !bytes.Equal(got.Data, want.Data) || got.StreamID != 0 {
					t.Fatalf("reread tag %d differs", i)
				}
			}
			if _, err := r2.Next(); err != io.EOF {
				t.Fatalf("rewritten file does not end: %v", err)
			}
		}
	})
}

func FuzzParseVideo(f *testing.F) {
	for _, tc := range videoCases {
		f.Add(hx(tc.hex))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := ParseVideo(data)
		if err != nil {
			if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrReserved) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		out, err := AppendVideo(nil, &v)
		if err != nil {
			t.Fatalf("AppendVideo of a parsed tag: %v", err)
		}
		if len(out) > len(data) {
			t.Fatalf("rebuilt %d bytes from %d", len(out), len(data))
		}
		if len(v.ModEx) == 0 && !bytes.Equal(out, data) {
			t.Fatalf("rebuilt %x from %x", out, data)
		}
		v2, err := ParseVideo(out)
		if err != nil || !reflect.DeepEqual(v, v2) {
			t.Fatalf("reparse: %v\n%+v\n%+v", err, v, v2)
		}
		if IsVideoSequenceHeader(data) != v.IsSequenceHeader() || IsVideoKeyframe(data) != v.IsKeyframe() {
			t.Fatalf("peek helpers disagree with ParseVideo on %x", data)
		}
		if !v.IsCommand() && VideoCodecOf(data) != v.Codec() {
			t.Fatalf("VideoCodecOf %q, Codec %q", VideoCodecOf(data), v.Codec())
		}
	})
}

func FuzzParseAudio(f *testing.F) {
	for _, tc := range audioCases {
		f.Add(hx(tc.hex))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAudio(data)
		if err != nil {
			if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrReserved) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		out, err := AppendAudio(nil, &a)
		if err != nil {
			t.Fatalf("AppendAudio of a parsed tag: %v", err)
		}
		if len(out) > len(data) {
			t.Fatalf("rebuilt %d bytes from %d", len(out), len(data))
		}
		if len(a.ModEx) == 0 && !bytes.Equal(out, data) {
			t.Fatalf("rebuilt %x from %x", out, data)
		}
		a2, err := ParseAudio(out)
		if err != nil || !reflect.DeepEqual(a, a2) {
			t.Fatalf("reparse: %v\n%+v\n%+v", err, a, a2)
		}
		if IsAudioSequenceHeader(data) != a.IsSequenceHeader() || AudioCodecOf(data) != a.Codec() {
			t.Fatalf("peek helpers disagree with ParseAudio on %x", data)
		}
		if a.PacketType == AudioMultichannelConfig && !a.Multitrack {
			c, err := a.MultichannelConfig()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := AppendMultichannelConfig(nil, c); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func FuzzParseMetadata(f *testing.F) {
	f.Add(hx("02000a6f6e4d65746144617461080000000100057769647468004094000000000000000009"))
	f.Add(AddSetDataFrame(nil, hx("02000a6f6e4d657461446174610300000009")))
	f.Fuzz(func(t *testing.T, data []byte) {
		md, err := ParseMetadata(data)
		if err != nil {
			return
		}
		out, err := AppendMetadata(nil, md)
		if err != nil {
			return // e.g. values amf0 decodes but cannot re-encode
		}
		md2, err := ParseMetadata(out)
		if err != nil || len(md2) != len(md) {
			t.Fatalf("reparse: %d vs %d entries, %v", len(md2), len(md), err)
		}
		if !IsMetadata(out) {
			t.Fatal("IsMetadata disagrees with ParseMetadata")
		}
	})
}
