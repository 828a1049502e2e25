package flv

import (
	"bytes"
	"io"
	"testing"
)

// syntheticFile builds a 10 s, ~2.5 Mbit/s FLV in memory: 25 fps AVC video
// tags of ~12 KB with a keyframe every 50, and ~43 AAC tags/s of ~400 B.
func syntheticFile(tb testing.TB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, DefaultHeader(true, true))
	video := make([]byte, 12*1024)
	audio := make([]byte, 400)
	for i := range video {
		video[i] = byte(i * 7)
	}
	const seconds = 10
	vi, ai := 0, 0
	for vi < 25*seconds || ai < 43*seconds {
		vts, ats := uint32(vi*40), uint32(ai*1000/43)
		if vi < 25*seconds && (vts <= ats || ai >= 43*seconds) {
			video[0], video[1] = 0x27, 1
			if vi%50 == 0 {
				video[0] = 0x17
			}
			if err := w.WriteTag(Tag{Type: TagVideo, Timestamp: vts, Data: video}); err != nil {
				tb.Fatal(err)
			}
			vi++
			continue
		}
		audio[0], audio[1] = 0xaf, 1
		if err := w.WriteTag(Tag{Type: TagAudio, Timestamp: ats, Data: audio}); err != nil {
			tb.Fatal(err)
		}
		ai++
	}
	return buf.Bytes()
}

// BenchmarkReaderNext reads the synthetic file with the buffer-reusing
// Next; MB/s is file bytes per second.
func BenchmarkReaderNext(b *testing.B) {
	file := syntheticFile(b)
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	src := bytes.NewReader(file)
	r := NewReader(src, Limits{})
	var keyframes int
	for b.Loop() {
		src.Reset(file)
		r.Reset(src)
		for {
			t, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if t.IsKeyframe() {
				keyframes++
			}
		}
	}
	if keyframes == 0 {
		b.Fatal("no keyframes")
	}
}

// BenchmarkReaderReadTag reads the same file with ReadTag, which allocates
// a body per tag.
func BenchmarkReaderReadTag(b *testing.B) {
	file := syntheticFile(b)
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(bytes.NewReader(file), Limits{})
		for {
			if _, err := r.ReadTag(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkWriter writes the synthetic file's tags to io.Discard.
func BenchmarkWriter(b *testing.B) {
	file := syntheticFile(b)
	r := NewReader(bytes.NewReader(file), Limits{})
	var tags []Tag
	for {
		t, err := r.ReadTag()
		if err != nil {
			break
		}
		tags = append(tags, t)
	}
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	for b.Loop() {
		w := NewWriter(io.Discard, DefaultHeader(true, true))
		for _, t := range tags {
			if err := w.WriteTag(t); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseVideo parses an Enhanced hvc1 CodedFrames header.
func BenchmarkParseVideo(b *testing.B) {
	data := append(hx("916876633100001e"), make([]byte, 12*1024)...)
	b.ReportAllocs()
	for b.Loop() {
		v, err := ParseVideo(data)
		if err != nil || v.CompositionTime != 30 {
			b.Fatal(err)
		}
	}
}

// BenchmarkIsSequenceHeader is the hub's per-tag check.
func BenchmarkIsSequenceHeader(b *testing.B) {
	tags := []Tag{{Type: TagVideo, Data: hx("1701000000")}, {Type: TagVideo, Data: hx("9768766331")}, {Type: TagAudio, Data: hx("af01")}}
	tags[1].Data = hx("97020f423f0161766331000000")
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, t := range tags {
			if t.IsSequenceHeader() {
				n++
			}
		}
	}
	if n != 0 {
		b.Fatal("no tag is a sequence header")
	}
}

func TestSyntheticFile(t *testing.T) {
	file := syntheticFile(t)
	if n := len(file); n < 3_000_000 || n > 3_400_000 {
		t.Fatalf("synthetic file is %d bytes, want about 3.1 MB (2.5 Mbit/s for 10 s)", n)
	}
	r := NewReader(bytes.NewReader(file), Limits{})
	r.Strict = true
	var video, audio, key int
	for {
		tag, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tag.Type {
		case TagVideo:
			video++
			if tag.IsKeyframe() {
				key++
			}
		case TagAudio:
			audio++
		}
	}
	if video != 250 || audio != 430 || key != 5 {
		t.Fatalf("video %d audio %d keyframes %d", video, audio, key)
	}
	// Reading it with Next does not allocate per tag.
	src := bytes.NewReader(file)
	r.Reset(src)
	allocs := testing.AllocsPerRun(5, func() {
		src.Reset(file)
		r.Reset(src)
		for {
			if _, err := r.Next(); err != nil {
				break
			}
		}
	})
	if allocs > 0 {
		t.Errorf("%v allocations per file with Next", allocs)
	}
}
