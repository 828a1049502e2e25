package main

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// Tag bodies for the flvOut tests.
var (
	avcSeq   = []byte{0x17, 0x00, 0, 0, 0, 1, 0x64, 0, 0x0d}
	avcKey   = []byte{0x17, 0x01, 0, 0, 0, 0xaa}
	avcInter = []byte{0x27, 0x01, 0, 0, 0, 0xbb}
	aacSeq   = []byte{0xaf, 0x00, 0x12, 0x10}
	aacRaw   = []byte{0xaf, 0x01, 0x21}
)

func metadataTag(t *testing.T, md flv.Metadata) flv.Tag {
	t.Helper()
	b, err := flv.AppendMetadata(nil, md)
	if err != nil {
		t.Fatal(err)
	}
	return flv.Tag{Type: flv.TagScript, Data: b}
}

// TestFLVOut: the header flags follow the metadata, video before the first
// keyframe is dropped (sequence headers kept), timestamps start at 0 and
// --duration stops the copy.
func TestFLVOut(t *testing.T) {
	type in struct {
		typ  flv.TagType
		ts   uint32
		data []byte
	}
	tests := []struct {
		name         string
		meta         flv.Metadata // nil: no metadata tag first
		tags         []in
		duration     time.Duration
		flags        byte
		wantTS       []uint32
		wantTypes    []flv.TagType
		dropped      int64
		stoppedAfter int // index of the tag that reached the duration, -1 none
	}{
		{
			name: "late join", meta: flv.Metadata{{Key: "videocodecid", Value: 7.0}, {Key: "audiocodecid", Value: 10.0}},
			tags: []in{{flv.TagVideo, 5000, avcSeq}, {flv.TagAudio, 5000, aacSeq}, {flv.TagVideo, 5000, avcInter},
				{flv.TagAudio, 5010, aacRaw}, {flv.TagVideo, 5040, avcKey}, {flv.TagVideo, 5080, avcInter}},
			flags:     5,
			wantTS:    []uint32{0, 0, 0, 10, 40, 80},
			wantTypes: []flv.TagType{flv.TagScript, flv.TagVideo, flv.TagAudio, flv.TagAudio, flv.TagVideo, flv.TagVideo},
			dropped:   1, stoppedAfter: -1,
		},
		{
			name: "audio only by metadata", meta: flv.Metadata{{Key: "audiocodecid", Value: 10.0}, {Key: "stereo", Value: true}},
			tags:  []in{{flv.TagAudio, 100, aacSeq}, {flv.TagAudio, 100, aacRaw}, {flv.TagAudio, 123, aacRaw}},
			flags: 4, wantTS: []uint32{0, 0, 0, 23},
			wantTypes: []flv.TagType{flv.TagScript, flv.TagAudio, flv.TagAudio, flv.TagAudio}, stoppedAfter: -1,
		},
		{
			name: "video only by hasVideo", meta: flv.Metadata{{Key: "hasVideo", Value: true}, {Key: "hasAudio", Value: false}},
			tags:  []in{{flv.TagVideo, 0, avcKey}},
			flags: 1, wantTS: []uint32{0, 0}, wantTypes: []flv.TagType{flv.TagScript, flv.TagVideo}, stoppedAfter: -1,
		},
		{
			name:  "no metadata: both tracks",
			tags:  []in{{flv.TagAudio, 7, aacRaw}},
			flags: 5, wantTS: []uint32{0}, wantTypes: []flv.TagType{flv.TagAudio}, stoppedAfter: -1,
		},
		{
			name:     "duration",
			tags:     []in{{flv.TagVideo, 1000, avcKey}, {flv.TagAudio, 1500, aacRaw}, {flv.TagVideo, 1999, avcInter}, {flv.TagVideo, 2000, avcInter}, {flv.TagVideo, 2040, avcInter}},
			duration: time.Second, flags: 5,
			wantTS:    []uint32{0, 500, 999},
			wantTypes: []flv.TagType{flv.TagVideo, flv.TagAudio, flv.TagVideo}, stoppedAfter: 3,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			prog := newProgress("test", nil)
			o := newFLVOut(&buf, prog, tc.duration)
			var all []flv.Tag
			if tc.meta != nil {
				all = append(all, metadataTag(t, tc.meta))
			}
			for _, x := range tc.tags {
				all = append(all, flv.Tag{Type: x.typ, Timestamp: x.ts, Data: x.data})
			}
			stopped := -1
			for i, tag := range all {
				done, err := o.write(tag)
				if err != nil {
					t.Fatal(err)
				}
				if done {
					stopped = i
					if tc.meta != nil {
						stopped--
					}
					break
				}
			}
			if err := o.flush(); err != nil {
				t.Fatal(err)
			}
			if stopped != tc.stoppedAfter {
				t.Errorf("stopped at %d, want %d", stopped, tc.stoppedAfter)
			}
			r := flv.NewReader(&buf, flv.Limits{})
			r.Strict = true
			h, err := r.Header()
			if err != nil {
				t.Fatal(err)
			}
			if got := flagsOf(h); got != tc.flags {
				t.Errorf("header flags %d, want %d", got, tc.flags)
			}
			var ts []uint32
			var types []flv.TagType
			for {
				tag, err := r.ReadTag()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				ts = append(ts, tag.Timestamp)
				types = append(types, tag.Type)
			}
			if !equalSlices(ts, tc.wantTS) || !equalSlices(types, tc.wantTypes) {
				t.Errorf("tags %v %v, want %v %v", types, ts, tc.wantTypes, tc.wantTS)
			}
			if d := prog.dropped.Load(); d != tc.dropped {
				t.Errorf("dropped %d, want %d", d, tc.dropped)
			}
		})
	}
}

func flagsOf(h flv.Header) byte {
	var f byte
	if h.Audio {
		f |= 4
	}
	if h.Video {
		f |= 1
	}
	return f
}

func equalSlices[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestFLVOutEmpty: a play that received nothing leaves a valid empty FLV.
func TestFLVOutEmpty(t *testing.T) {
	var buf bytes.Buffer
	o := newFLVOut(&buf, newProgress("test", nil), 0)
	if err := o.flush(); err != nil {
		t.Fatal(err)
	}
	r := flv.NewReader(&buf, flv.Limits{})
	if _, err := r.Header(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadTag(); err != io.EOF {
		t.Errorf("ReadTag = %v, want io.EOF", err)
	}
}
