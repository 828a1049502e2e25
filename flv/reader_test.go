package flv

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"
	"testing/iotest"
)

// smallTags is a synthetic file's content: every tag type, an extended
// timestamp, an empty body and a body larger than the reader's growth step.
func smallTags() []Tag {
	big := bytes.Repeat([]byte("0123456789abcdef"), (growStep+100)/16)
	return []Tag{
		{Type: TagScript, Data: []byte("\x02\x00\x0aonMetaData\x08\x00\x00\x00\x00\x00\x00\x09")},
		{Type: TagVideo, Timestamp: 0, Data: hx("1700000000014d401e")},
		{Type: TagAudio, Timestamp: 0, Data: hx("af001210")},
		{Type: TagVideo, Timestamp: 40, Data: hx("17010000000000000165")},
		{Type: TagAudio, Timestamp: 0x01234567, Data: []byte{}},
		{Type: TagScriptAMF3, Timestamp: 0xffffffff, Data: hx("0a0b01")},
		{Type: 31, Timestamp: 7, Data: hx("00")},
		{Type: TagVideo, Timestamp: 80, Data: big},
	}
}

func buildFile(t testing.TB, h Header, tags []Tag) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, h)
	for _, tag := range tags {
		if err := w.WriteTag(tag); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WriteHeader(); err != nil { // no-op after tags
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriterLayout(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, DefaultHeader(true, true))
	err := w.WriteTag(Tag{Type: TagVideo, Timestamp: 0x01020304, StreamID: 1, Data: hx("1701")})
	if err != nil {
		t.Fatal(err)
	}
	want := hx("464c5601050000000900000000" + "09000002" + "020304" + "01" + "000000" + "1701" + "0000000d")
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("got  %x\nwant %x", buf.Bytes(), want)
	}
	for _, h := range []Header{{Version: 1}, {Version: 1, Audio: true}, {Version: 1, Video: true}, {Version: 2, Audio: true, Video: true}} {
		got, off, err := ParseHeader(AppendHeader(nil, h))
		if err != nil || got != h || off != 9 {
			t.Errorf("header %+v: round trip %+v %d %v", h, got, off, err)
		}
	}
}

func TestReaderSynthetic(t *testing.T) {
	tags := smallTags()
	file := buildFile(t, DefaultHeader(true, true), tags)
	readers := map[string]func(io.Reader) io.Reader{
		"plain":   func(r io.Reader) io.Reader { return r },
		"onebyte": iotest.OneByteReader,
		"half":    iotest.HalfReader,
		"dataerr": iotest.DataErrReader,
	}
	for name, wrap := range readers {
		for _, reuse := range []bool{false, true} {
			r := NewReader(wrap(bytes.NewReader(file)), Limits{})
			r.Strict = true
			var got []Tag
			for {
				var tag Tag
				var err error
				if reuse {
					tag, err = r.Next()
					tag.Data = bytes.Clone(tag.Data)
				} else {
					tag, err = r.ReadTag()
				}
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s reuse=%v: %v", name, reuse, err)
				}
				got = append(got, tag)
			}
			if len(got) != len(tags) {
				t.Fatalf("%s: %d tags, want %d", name, len(got), len(tags))
			}
			for i := range tags {
				want := tags[i]
				if len(want.Data) == 0 {
					want.Data = got[i].Data // nil vs empty
				}
				if !reflect.DeepEqual(got[i], want) {
					t.Errorf("%s tag %d: got %v %d %d, want %v %d %d", name, i,
						got[i].Type, got[i].Timestamp, len(got[i].Data), want.Type, want.Timestamp, len(want.Data))
				}
			}
			if r.Offset() != int64(len(file)) {
				t.Errorf("%s: offset %d, want %d", name, r.Offset(), len(file))
			}
			// Errors are sticky.
			if _, err := r.ReadTag(); err != io.EOF {
				t.Errorf("%s: after EOF: %v", name, err)
			}
		}
	}
}

// TestReaderEveryPrefix feeds every prefix of a synthetic file: each ends in
// io.EOF exactly on tag boundaries and io.ErrUnexpectedEOF elsewhere, after
// returning every complete tag.
func TestReaderEveryPrefix(t *testing.T) {
	tags := smallTags()[:7] // keep the file small: every prefix is tried
	file := buildFile(t, DefaultHeader(true, true), tags)
	ends := map[int]int{13: 0} // end offset of a complete tag -> tags before
	off := 13
	for i, tag := range tags {
		off += TagHeaderSize + len(tag.Data) + 4
		ends[off] = i + 1
	}
	for n := 0; n < len(file); n++ {
		for _, wrap := range []func(io.Reader) io.Reader{iotest.OneByteReader, iotest.HalfReader} {
			r := NewReader(wrap(bytes.NewReader(file[:n])), Limits{})
			count := 0
			var err error
			for {
				if _, err = r.Next(); err != nil {
					break
				}
				count++
			}
			if want, ok := ends[n]; ok {
				if err != io.EOF || count != want {
					t.Fatalf("prefix %d: %d tags, %v; want %d, EOF", n, count, err, want)
				}
				continue
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("prefix %d: %v", n, err)
			}
			// Every tag whose body is complete was returned.
			want := 0
			pos := 13
			for _, tag := range tags {
				pos += TagHeaderSize + len(tag.Data)
				if pos <= n {
					want++
				}
				pos += 4
			}
			if count != want {
				t.Fatalf("prefix %d: %d tags before truncation, want %d", n, count, want)
			}
		}
	}
}

func TestReaderErrors(t *testing.T) {
	good := buildFile(t, DefaultHeader(true, false), []Tag{{Type: TagAudio, Data: hx("af00")}, {Type: TagAudio, Data: hx("af01")}})
	mutate := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	cases := []struct {
		name   string
		file   []byte
		lim    Limits
		strict bool
		want   error
	}{
		{"not flv", []byte("GIF89a........."), Limits{}, false, ErrNotFLV},
		{"short not flv", []byte("FLX"), Limits{}, false, ErrNotFLV},
		{"short flv", []byte("FL"), Limits{}, false, io.ErrUnexpectedEOF},
		{"empty", nil, Limits{}, false, io.ErrUnexpectedEOF},
		{"data offset 8", mutate(func(b []byte) []byte { b[8] = 8; return b }), Limits{}, false, ErrHeader},
		{"data offset over limit", mutate(func(b []byte) []byte { b[6] = 1; return b }), Limits{}, false, ErrHeader},
		{"tag over limit", good, Limits{MaxTagSize: 1}, false, ErrTagTooLarge},
		{"encrypted", mutate(func(b []byte) []byte { b[13] |= 0x20; return b }), Limits{}, false, ErrEncrypted},
		{"strict prev size 0", mutate(func(b []byte) []byte { b[12] = 1; return b }), Limits{}, true, &PrevTagSizeError{}},
		{"strict prev size", mutate(func(b []byte) []byte { b[13+11+2+3] = 0; return b }), Limits{}, true, &PrevTagSizeError{}},
		{"strict final prev size", mutate(func(b []byte) []byte { b[len(b)-1] = 0; return b }), Limits{}, true, &PrevTagSizeError{}},
		{"lenient prev size", mutate(func(b []byte) []byte { b[len(b)-1] = 0; b[12] = 7; return b }), Limits{}, false, io.EOF},
	}
	for _, tc := range cases {
		r := NewReader(bytes.NewReader(tc.file), tc.lim)
		r.Strict = tc.strict
		var err error
		for err == nil {
			_, err = r.ReadTag()
		}
		var pe *PrevTagSizeError
		if _, isPE := tc.want.(*PrevTagSizeError); isPE {
			if !errors.As(err, &pe) {
				t.Errorf("%s: got %v, want PrevTagSizeError", tc.name, err)
			}
			continue
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
		if _, err2 := r.ReadTag(); err2 != err {
			t.Errorf("%s: error not sticky: %v then %v", tc.name, err, err2)
		}
	}
	// The strict error carries the position and values.
	bad := mutate(func(b []byte) []byte { b[len(b)-1] = 0x10; return b })
	r := NewReader(bytes.NewReader(bad), Limits{})
	r.Strict = true
	var err error
	for err == nil {
		_, err = r.ReadTag()
	}
	var pe *PrevTagSizeError
	if !errors.As(err, &pe) || pe.Offset != int64(len(bad)-4) || pe.Got != 0x10 || pe.Want != 13 {
		t.Errorf("got %v", err)
	}
	if pe.Error() == "" {
		t.Error("empty message")
	}
}

func TestReaderDataOffset(t *testing.T) {
	file := buildFile(t, DefaultHeader(false, true), []Tag{{Type: TagVideo, Timestamp: 5, Data: hx("2701")}})
	// Insert 3 bytes of header extension.
	ext := append(append(bytes.Clone(file[:9]), 1, 2, 3), file[9:]...)
	ext[8] = 12
	r := NewReader(bytes.NewReader(ext), Limits{})
	r.Strict = true
	h, err := r.Header()
	if err != nil || h != DefaultHeader(false, true) {
		t.Fatalf("header %+v %v", h, err)
	}
	tag, err := r.ReadTag()
	if err != nil || tag.Timestamp != 5 || !bytes.Equal(tag.Data, hx("2701")) {
		t.Fatalf("tag %+v %v", tag, err)
	}
	if _, err := r.ReadTag(); err != io.EOF {
		t.Fatal(err)
	}
	// Truncated inside the extension.
	r = NewReader(bytes.NewReader(ext[:10]), Limits{})
	if _, err := r.ReadTag(); err != io.ErrUnexpectedEOF {
		t.Fatal(err)
	}
}

// TestReaderNoEagerAllocation checks that a forged DataSize does not make
// ReadTag allocate the full size before the bytes arrive.
func TestReaderNoEagerAllocation(t *testing.T) {
	file := AppendHeader(nil, DefaultHeader(true, true))
	file = append(file, 9, 0x7f, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3)
	allocs := testing.AllocsPerRun(10, func() {
		r := NewReader(bytes.NewReader(file), Limits{MaxTagSize: MaxDataSize})
		if _, err := r.ReadTag(); err != io.ErrUnexpectedEOF {
			t.Fatal(err)
		}
	})
	var ms1, ms2 runtimeMem
	ms1.read()
	r := NewReader(bytes.NewReader(file), Limits{MaxTagSize: MaxDataSize})
	_, _ = r.ReadTag()
	ms2.read()
	if d := ms2.total - ms1.total; d > 1<<20 {
		t.Errorf("reading a truncated 8 MB tag allocated %d bytes", d)
	}
	if allocs > 10 {
		t.Errorf("%v allocations", allocs)
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("disk full")
	}
	f.n--
	return len(p), nil
}

type shortWriter struct{}

func (shortWriter) Write(p []byte) (int, error) { return len(p) / 2, nil }

func TestWriterErrors(t *testing.T) {
	w := NewWriter(&failWriter{n: 1}, DefaultHeader(true, true))
	if err := w.WriteTag(Tag{Type: TagAudio, Data: []byte{1}}); err == nil {
		t.Fatal("write error not reported")
	}
	if err := w.WriteTag(Tag{Type: TagAudio}); err == nil || err.Error() != "disk full" {
		t.Fatalf("error not sticky: %v", err)
	}
	w = NewWriter(&failWriter{n: 2}, DefaultHeader(true, true))
	if err := w.WriteTag(Tag{Type: TagVideo, Data: make([]byte, largeBody+1)}); err == nil {
		t.Fatal("large body write error not reported")
	}
	w = NewWriter(shortWriter{}, DefaultHeader(true, true))
	if err := w.WriteHeader(); err != io.ErrShortWrite {
		t.Fatalf("short write: %v", err)
	}
	w = NewWriter(io.Discard, DefaultHeader(true, true))
	if err := w.WriteTag(Tag{Type: TagVideo, Data: make([]byte, MaxDataSize+1)}); !errors.Is(err, ErrTagTooLarge) {
		t.Fatalf("oversized tag: %v", err)
	}
	if err := w.WriteTag(Tag{Type: 32}); err == nil {
		t.Fatal("tag type 32 accepted")
	}
	if _, err := AppendTag(nil, Tag{Type: 32}); err == nil {
		t.Fatal("AppendTag accepted type 32")
	}
}

func TestTagTypeString(t *testing.T) {
	for typ, want := range map[TagType]string{TagAudio: "audio", TagVideo: "video", TagScript: "script", TagScriptAMF3: "script-amf3", 0: "tag(0)", 31: "tag(31)"} {
		if got := typ.String(); got != want {
			t.Errorf("%d: %q", typ, got)
		}
	}
}
