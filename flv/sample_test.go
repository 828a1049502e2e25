package flv

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

const samplePath = "testdata/testsrc_av1_opus.flv"

func readSample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readAll(t testing.TB, r *Reader) []Tag {
	t.Helper()
	var tags []Tag
	for {
		tag, err := r.ReadTag()
		if err == io.EOF {
			return tags
		}
		if err != nil {
			t.Fatalf("tag %d: %v", len(tags), err)
		}
		tags = append(tags, tag)
	}
}

// TestSampleFile walks every tag of the Enhanced FLV sample and checks the
// inventory documented in testdata/README.md of the shared vectors.
func TestSampleFile(t *testing.T) {
	data := readSample(t)
	if len(data) != 311008 {
		t.Fatalf("sample is %d bytes, want 311008", len(data))
	}
	r := NewReader(bytes.NewReader(data), Limits{})
	r.Strict = true
	h, err := r.Header()
	if err != nil {
		t.Fatal(err)
	}
	if h != (Header{Version: 1, Audio: true, Video: true}) {
		t.Fatalf("header %+v", h)
	}
	tags := readAll(t, r)

	type key struct {
		typ    TagType
		fourCC FourCC
		pt     uint8
		ft     VideoFrameType
	}
	counts := map[key]int{}
	var keyframes, onMetaData int
	for i, tag := range tags {
		if tag.StreamID != 0 {
			t.Errorf("tag %d: StreamID %d", i, tag.StreamID)
		}
		switch tag.Type {
		case TagScript:
			if !bytes.HasPrefix(tag.Data, []byte("\x02\x00\x0aonMetaData\x08")) {
				t.Errorf("tag %d: script tag is not onMetaData: %x", i, tag.Data[:16])
			}
			onMetaData++
		case TagVideo:
			v, err := ParseVideo(tag.Data)
			if err != nil {
				t.Fatalf("tag %d: ParseVideo: %v", i, err)
			}
			if !v.Enhanced || v.Multitrack || len(v.ModEx) != 0 || v.Codec() != CodecAV1 || tag.Codec() != CodecAV1 {
				t.Errorf("tag %d: unexpected video header %+v", i, v)
			}
			counts[key{TagVideo, v.FourCC, uint8(v.PacketType), v.FrameType}]++
			if v.PacketType == VideoCodedFrames && v.IsKeyframe() {
				keyframes++
				if !tag.IsKeyframe() {
					t.Errorf("tag %d: Tag.IsKeyframe disagrees", i)
				}
			}
			if v.IsSequenceHeader() != tag.IsSequenceHeader() {
				t.Errorf("tag %d: IsSequenceHeader disagrees", i)
			}
			if v.PacketType == VideoMetadata && !bytes.HasPrefix(v.Data, []byte("\x02\x00\x09colorInfo\x03")) {
				t.Errorf("tag %d: metadata body %x", i, v.Data[:16])
			}
		case TagAudio:
			a, err := ParseAudio(tag.Data)
			if err != nil {
				t.Fatalf("tag %d: ParseAudio: %v", i, err)
			}
			if !a.Enhanced || a.Multitrack || a.Codec() != CodecOpus || tag.Codec() != CodecOpus {
				t.Errorf("tag %d: unexpected audio header %+v", i, a)
			}
			counts[key{TagAudio, a.FourCC, uint8(a.PacketType), 0}]++
			if a.IsSequenceHeader() != tag.IsSequenceHeader() {
				t.Errorf("tag %d: IsSequenceHeader disagrees", i)
			}
			switch a.PacketType {
			case AudioSequenceStart:
				if !bytes.HasPrefix(a.Data, []byte("OpusHead")) {
					t.Errorf("tag %d: Opus sequence start %x", i, a.Data)
				}
			case AudioMultichannelConfig:
				mc, err := a.MultichannelConfig()
				if err != nil {
					t.Fatal(err)
				}
				want := MultichannelConfig{Order: ChannelOrderNative, Count: 1, Mask: ChannelFrontCenter.Mask()}
				if mc.Order != want.Order || mc.Count != want.Count || mc.Mask != want.Mask || mc.Mask != 4 {
					t.Errorf("multichannel config %+v, want %+v", mc, want)
				}
			}
		default:
			t.Errorf("tag %d: unexpected type %v", i, tag.Type)
		}
	}
	want := map[key]int{
		{TagVideo, FourCCAV1, uint8(VideoSequenceStart), FrameKey}: 2,
		{TagVideo, FourCCAV1, uint8(VideoMetadata), FrameCommand}:  1,
		{TagVideo, FourCCAV1, uint8(VideoCodedFrames), FrameKey}:   1,
		{TagVideo, FourCCAV1, uint8(VideoCodedFrames), FrameInter}: 299,
		{TagAudio, FourCCOpus, uint8(AudioSequenceStart), 0}:       1,
		{TagAudio, FourCCOpus, uint8(AudioMultichannelConfig), 0}:  1,
		{TagAudio, FourCCOpus, uint8(AudioCodedFrames), 0}:         501,
	}
	if len(counts) != len(want) {
		t.Errorf("got %d kinds of tag, want %d: %v", len(counts), len(want), counts)
	}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%v %v %d frame %d: %d tags, want %d", k.typ, k.fourCC, k.pt, k.ft, counts[k], n)
		}
	}
	if onMetaData != 1 || keyframes != 1 {
		t.Errorf("onMetaData %d, keyframe CodedFrames %d; want 1 and 1", onMetaData, keyframes)
	}
	if n := len(tags); n != 1+2+1+300+1+1+501 {
		t.Errorf("%d tags", n)
	}
}

// TestSampleRoundTrip re-encodes the sample: Reader -> Writer must give the
// same file, and every audio/video body must survive Parse -> Append.
func TestSampleRoundTrip(t *testing.T) {
	data := readSample(t)
	r := NewReader(bytes.NewReader(data), Limits{})
	h, err := r.Header()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := NewWriter(&out, h)
	for i := 0; ; i++ {
		tag, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteTag(tag); err != nil {
			t.Fatal(err)
		}
		var rebuilt []byte
		switch tag.Type {
		case TagVideo:
			v, err := ParseVideo(tag.Data)
			if err != nil {
				t.Fatal(err)
			}
			rebuilt, err = AppendVideo(nil, &v)
			if err != nil {
				t.Fatal(err)
			}
		case TagAudio:
			a, err := ParseAudio(tag.Data)
			if err != nil {
				t.Fatal(err)
			}
			rebuilt, err = AppendAudio(nil, &a)
			if err != nil {
				t.Fatal(err)
			}
		default:
			continue
		}
		if !bytes.Equal(rebuilt, tag.Data) {
			t.Fatalf("tag %d: rebuilt body differs:\n got %x\nwant %x", i, head(rebuilt), head(tag.Data))
		}
	}
	if !bytes.Equal(out.Bytes(), data) {
		t.Fatalf("rewritten file differs (%d vs %d bytes)", out.Len(), len(data))
	}
	if w.Written() != int64(len(data)) {
		t.Errorf("Written %d", w.Written())
	}
}

func head(b []byte) []byte { return b[:min(len(b), 48)] }

// TestSampleTruncated cuts the sample at many offsets: every cut that is
// not on a tag boundary must end with io.ErrUnexpectedEOF after the whole
// tags before it.
func TestSampleTruncated(t *testing.T) {
	data := readSample(t)
	// Tag boundaries (offsets just after a PreviousTagSize).
	bounds := map[int]int{13: 0}
	r := NewReader(bytes.NewReader(data), Limits{})
	for n := 1; ; n++ {
		if _, err := r.Next(); err != nil {
			if err != io.EOF {
				t.Fatal(err)
			}
			break
		}
		bounds[int(r.Offset())+4] = n
	}
	for cut := 0; cut < len(data); cut += 1 + cut/50 {
		r := NewReader(bytes.NewReader(data[:cut]), Limits{})
		n := 0
		var err error
		for err == nil {
			if _, err = r.Next(); err == nil {
				n++
			}
		}
		if want, ok := bounds[cut]; ok {
			if err != io.EOF || n != want {
				t.Fatalf("cut %d at boundary: %d tags, %v; want %d tags, EOF", cut, n, err, want)
			}
			continue
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("cut %d: %v after %d tags", cut, err, n)
		}
	}
}
