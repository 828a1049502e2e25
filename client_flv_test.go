package rtmp

import (
	"bytes"
	"errors"
	"testing"

	"github.com/rtmpkit/rtmp/flv"
)

// feedFLV runs splitFLV over b in pieces cut at the given points, the way
// Stream.Write does, and returns the tags and the first error.
func feedFLV(b []byte, cuts ...int) ([]flv.Tag, []byte, error) {
	var tags []flv.Tag
	var buf []byte
	head := false
	prev := 0
	for _, c := range append(cuts, len(b)) {
		c = min(max(c, prev), len(b))
		buf = append(buf, b[prev:c]...)
		prev = c
		rest, h, err := splitFLV(buf, head, func(t flv.Tag) bool {
			t.Data = bytes.Clone(t.Data)
			tags = append(tags, t)
			return true
		})
		if err != nil {
			return tags, nil, err
		}
		head = h
		buf = append(buf[:0:0], rest...)
	}
	return tags, buf, nil
}

func TestSplitFLV(t *testing.T) {
	tag := func(typ byte, ts uint32, data ...byte) []byte {
		b, _ := flv.AppendTag(nil, flv.Tag{Type: flv.TagType(typ), Timestamp: ts, Data: data})
		return b
	}
	header := flv.AppendHeader(nil, flv.DefaultHeader(true, true))
	a := tag(8, 5, 0xaf, 1, 2)
	v := tag(9, 0x1000001, 0x17, 1)
	tests := []struct {
		name   string
		in     []byte
		tags   int
		rest   int
		errIs  error
		lastTS uint32
	}{
		{"header and tags", cat(header, a, v), 2, 0, nil, 0x1000001},
		{"tags without header", cat(a, v), 2, 0, nil, 0x1000001},
		{"tags without PreviousTagSize", cat(a[:len(a)-4], v[:len(v)-4]), 2, 0, nil, 0x1000001},
		{"partial tag kept", cat(header, a, v[:7]), 1, 7, nil, 5},
		{"partial header kept", header[:5], 0, 5, nil, 0},
		{"dangling PreviousTagSize", cat(a[:len(a)-2]), 1, 2, nil, 5},
		{"bad tag type", cat(tag(7, 0, 1)), 0, 0, errFLVWrite, 0},
		{"encrypted tag", cat([]byte{0x28}, a[1:]), 0, 0, flv.ErrEncrypted, 0},
		{"bad header offset", []byte{'F', 'L', 'V', 1, 5, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}, 0, 0, flv.ErrHeader, 0},
	}
	for _, tt := range tests {
		for cut := 0; cut <= len(tt.in); cut++ {
			tags, rest, err := feedFLV(tt.in, cut)
			if !errors.Is(err, tt.errIs) || (err == nil) != (tt.errIs == nil) {
				t.Fatalf("%s cut %d: err %v, want %v", tt.name, cut, err, tt.errIs)
			}
			if err != nil {
				continue
			}
			if len(tags) != tt.tags || len(rest) != tt.rest {
				t.Fatalf("%s cut %d: %d tags, rest %d; want %d, %d", tt.name, cut, len(tags), len(rest), tt.tags, tt.rest)
			}
			if len(tags) > 0 && tags[len(tags)-1].Timestamp != tt.lastTS {
				t.Fatalf("%s: last timestamp %#x, want %#x", tt.name, tags[len(tags)-1].Timestamp, tt.lastTS)
			}
		}
	}
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// FuzzSplitFLV: however the input is cut, Stream.Write's parser yields the
// same tags, and never panics.
func FuzzSplitFLV(f *testing.F) {
	a, _ := flv.AppendTag(nil, flv.Tag{Type: flv.TagAudio, Timestamp: 7, Data: []byte{0xaf, 1}})
	f.Add(cat(flv.AppendHeader(nil, flv.DefaultHeader(true, true)), a, a), 3, 20)
	f.Add(a[:len(a)-4], 1, 2)
	f.Add([]byte("FLV\x01\x05\x00\x00\x00\x09"), 4, 100)
	f.Fuzz(func(t *testing.T, b []byte, c1, c2 int) {
		whole, wrest, werr := feedFLV(b)
		parts, prest, perr := feedFLV(b, c1, c2)
		if (werr == nil) != (perr == nil) {
			t.Fatalf("error differs: whole %v, split %v", werr, perr)
		}
		if werr != nil {
			return
		}
		if len(whole) != len(parts) || !bytes.Equal(wrest, prest) {
			t.Fatalf("whole: %d tags rest %d; split: %d tags rest %d", len(whole), len(wrest), len(parts), len(prest))
		}
		for i := range whole {
			if whole[i].Type != parts[i].Type || whole[i].Timestamp != parts[i].Timestamp || !bytes.Equal(whole[i].Data, parts[i].Data) {
				t.Fatalf("tag %d differs", i)
			}
		}
	})
}
