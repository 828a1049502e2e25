package flv

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"reflect"
	"testing"
)

func hx(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// videoCases come from gortmplib's message tests (as copied into the shared
// chunk_vectors.json, group gortmplib_message) and from constructions per
// PROTOCOL.md §10.3, §10.5, §10.8 and §10.9 (marked "constructed").
var videoCases = []struct {
	name string
	hex  string
	want VideoTag
}{
	{"gortmplib video", "170100000a010203",
		VideoTag{FrameType: FrameKey, CodecID: VideoCodecAVC, AVCPacketType: AVCNALU, CompositionTime: 10, Data: hx("010203")}},
	{"gortmplib video negative composition time", "1701ffffde010203",
		VideoTag{FrameType: FrameKey, CodecID: VideoCodecAVC, AVCPacketType: AVCNALU, CompositionTime: -34, Data: hx("010203")}},
	{"gortmplib video h264 config", "1700000000014d401effe10023674d401e965605017fcb80b5010101400000fa00003a983800007a10000f425bbcb82801000468ee3c80",
		VideoTag{FrameType: FrameKey, CodecID: VideoCodecAVC, AVCPacketType: AVCSequenceHeader, Data: hx("014d401effe10023674d401e965605017fcb80b5010101400000fa00003a983800007a10000f425bbcb82801000468ee3c80")}},
	{"gortmplib video h265 config (legacy id 12)", "1c000000000101400000009000000000007bf000fcfdf8f800000f01a00001000740010c01ffff01",
		VideoTag{FrameType: FrameKey, CodecID: VideoCodecHEVC, AVCPacketType: AVCSequenceHeader, Data: hx("0101400000009000000000007bf000fcfdf8f800000f01a00001000740010c01ffff01")}},
	{"gortmplib video eos", "2702000000",
		VideoTag{FrameType: FrameInter, CodecID: VideoCodecAVC, AVCPacketType: AVCEndOfSequence, Data: []byte{}}},
	{"constructed sorenson inter", "22aabb",
		VideoTag{FrameType: FrameInter, CodecID: VideoCodecH263, Data: hx("aabb")}},
	{"constructed legacy command (VP6)", "5401",
		VideoTag{FrameType: FrameCommand, CodecID: VideoCodecVP6, Command: VideoEndSeek, Data: []byte{}}},
	{"constructed legacy AVC command", "570000000000",
		VideoTag{FrameType: FrameCommand, CodecID: VideoCodecAVC, Command: VideoStartSeek, Data: []byte{}}},
	{"gortmplib video ex sequence start av1 (FrameType 0)", "806176303181080c000a0b00000042abbfc3700be001",
		VideoTag{Enhanced: true, PacketType: VideoSequenceStart, FourCC: FourCCAV1, Data: hx("81080c000a0b00000042abbfc3700be001")}},
	{"gortmplib video ex sequence start vp9", "8076703039010000000028820202020000",
		VideoTag{Enhanced: true, PacketType: VideoSequenceStart, FourCC: FourCCVP9, Data: hx("010000000028820202020000")}},
	{"gortmplib video ex sequence start h264", "8061766331014d401effe10023674d401e965605017fcb80b5010101400000fa00003a983800007a10000f425bbcb82801000468ee3c80",
		VideoTag{Enhanced: true, PacketType: VideoSequenceStart, FourCC: FourCCAVC, Data: hx("014d401effe10023674d401e965605017fcb80b5010101400000fa00003a983800007a10000f425bbcb82801000468ee3c80")}},
	{"ffmpeg-style sequence start (FrameType 1)", "90687663310101",
		VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoSequenceStart, FourCC: FourCCHEVC, Data: hx("0101")}},
	{"gortmplib video ex sequence end", "8261763031",
		VideoTag{Enhanced: true, PacketType: VideoSequenceEnd, FourCC: FourCCAV1, Data: []byte{}}},
	{"gortmplib video ex coded frames", "816876633100001e010203",
		VideoTag{Enhanced: true, PacketType: VideoCodedFrames, FourCC: FourCCHEVC, CompositionTime: 30, Data: hx("010203")}},
	{"gortmplib video ex coded frames negative composition time", "8161766331ffffde010203",
		VideoTag{Enhanced: true, PacketType: VideoCodedFrames, FourCC: FourCCAVC, CompositionTime: -34, Data: hx("010203")}},
	{"constructed vvc coded frames, max composition time", "a1767663317fffff0102",
		VideoTag{Enhanced: true, FrameType: FrameInter, PacketType: VideoCodedFrames, FourCC: FourCCVVC, CompositionTime: MaxCompositionTime, Data: hx("0102")}},
	{"constructed av1 coded frames have no composition time", "91617630311200",
		VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoCodedFrames, FourCC: FourCCAV1, Data: hx("1200")}},
	{"constructed vp8 coded frames", "a176703038aa",
		VideoTag{Enhanced: true, FrameType: FrameInter, PacketType: VideoCodedFrames, FourCC: FourCCVP8, Data: hx("aa")}},
	{"gortmplib video ex frames x", "8368766331010203",
		VideoTag{Enhanced: true, PacketType: VideoCodedFramesX, FourCC: FourCCHEVC, Data: hx("010203")}},
	{"gortmplib video ex metadata", "8468766331020009636f6c6f72496e666f03000b636f6c6f72436f6e66696703000009000009",
		VideoTag{Enhanced: true, PacketType: VideoMetadata, FourCC: FourCCHEVC, Data: hx("020009636f6c6f72496e666f03000b636f6c6f72436f6e66696703000009000009")}},
	{"constructed metadata with FrameType 5 is not a command", "d461763031020009",
		VideoTag{Enhanced: true, FrameType: FrameCommand, PacketType: VideoMetadata, FourCC: FourCCAV1, Data: hx("020009")}},
	{"constructed MPEG2TSSequenceStart", "95617630318001",
		VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoMPEG2TSSequenceStart, FourCC: FourCCAV1, Data: hx("8001")}},
	{"constructed enhanced command", "d101",
		VideoTag{Enhanced: true, FrameType: FrameCommand, PacketType: VideoCodedFrames, Command: VideoEndSeek, Data: []byte{}}},
	{"constructed command frame: the packet type is not interpreted", "d630",
		VideoTag{Enhanced: true, FrameType: FrameCommand, PacketType: VideoMultitrack, Command: 0x30, Data: []byte{}}},
	{"gortmplib video ex multitrack (OneTrack)", "86007670303901010000000028820202020000",
		VideoTag{Enhanced: true, PacketType: VideoSequenceStart, Multitrack: true, MultitrackType: OneTrack, FourCC: FourCCVP9,
			Tracks: []VideoTrack{{FourCC: FourCCVP9, ID: 1, Data: hx("010000000028820202020000")}}}},
	{"constructed ManyTracks avc1 coded frames", "96" + "11" + "61766331" + "00" + "000005" + "000002aaaa" + "02" + "000004" + "fffffebb",
		VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoCodedFrames, Multitrack: true, MultitrackType: ManyTracks, FourCC: FourCCAVC,
			Tracks: []VideoTrack{{FourCC: FourCCAVC, ID: 0, CompositionTime: 2, Data: hx("aaaa")}, {FourCC: FourCCAVC, ID: 2, CompositionTime: -2, Data: hx("bb")}}}},
	{"constructed ManyTracksManyCodecs", "a6" + "21" + "68766331" + "00" + "000004" + "000000cc" + "61763031" + "01" + "000002" + "dddd",
		VideoTag{Enhanced: true, FrameType: FrameInter, PacketType: VideoCodedFrames, Multitrack: true, MultitrackType: ManyTracksManyCodecs,
			Tracks: []VideoTrack{{FourCC: FourCCHEVC, ID: 0, Data: hx("cc")}, {FourCC: FourCCAV1, ID: 1, Data: hx("dddd")}}}},
	{"constructed ManyTracks with an empty track", "a6" + "13" + "61763031" + "00" + "000000" + "01" + "000001" + "ee",
		VideoTag{Enhanced: true, FrameType: FrameInter, PacketType: VideoCodedFramesX, Multitrack: true, MultitrackType: ManyTracks, FourCC: FourCCAV1,
			Tracks: []VideoTrack{{FourCC: FourCCAV1, ID: 0, Data: []byte{}}, {FourCC: FourCCAV1, ID: 1, Data: hx("ee")}}}},
	{"constructed ModEx nano offset", "97" + "02" + "0f423f" + "01" + "61766331" + "000000" + "ff",
		VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoCodedFrames, FourCC: FourCCAVC,
			ModEx: []ModEx{{Type: ModExTimestampOffsetNano, Data: hx("0f423f")}}, Data: hx("ff")}},
	{"constructed two ModEx then multitrack", "a7" + "00" + "ab" + "57" + "03" + "000001f4" + "06" + "03" + "76703039" + "05" + "cafe",
		VideoTag{Enhanced: true, FrameType: FrameInter, PacketType: VideoCodedFramesX, Multitrack: true, MultitrackType: OneTrack, FourCC: FourCCVP9,
			ModEx:  []ModEx{{Type: 5, Data: hx("ab")}, {Type: ModExTimestampOffsetNano, Data: hx("000001f4")}},
			Tracks: []VideoTrack{{FourCC: FourCCVP9, ID: 5, Data: hx("cafe")}}}},
}

func TestParseVideo(t *testing.T) {
	for _, tc := range videoCases {
		t.Run(tc.name, func(t *testing.T) {
			in := hx(tc.hex)
			got, err := ParseVideo(in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
			out, err := AppendVideo([]byte{0xee}, &got)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out[1:], in) || out[0] != 0xee {
				t.Fatalf("AppendVideo = %x, want ee%x", out, in)
			}
			// The allocation-free helpers agree with the full parse.
			if IsVideoSequenceHeader(in) != got.IsSequenceHeader() {
				t.Errorf("IsVideoSequenceHeader = %v", !got.IsSequenceHeader())
			}
			if IsVideoKeyframe(in) != got.IsKeyframe() {
				t.Errorf("IsVideoKeyframe = %v", !got.IsKeyframe())
			}
			if c := VideoCodecOf(in); c != got.Codec() && !got.IsCommand() {
				t.Errorf("VideoCodecOf = %q, Codec = %q", c, got.Codec())
			}
			// Every proper prefix is truncated (or, where the cut falls on a
			// field boundary of an open-ended body, parses to something else).
			for n := range len(in) {
				v, err := ParseVideo(in[:n])
				if err == nil {
					if reflect.DeepEqual(v, got) {
						t.Fatalf("prefix %d parses to the full tag", n)
					}
					continue
				}
				if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, ErrMalformed) {
					t.Fatalf("prefix %d: %v", n, err)
				}
			}
		})
	}
}

func TestVideoHelpers(t *testing.T) {
	cases := []struct {
		hex          string
		key, seq     bool
		codec        Codec
		nano         uint32
		hasNano, cmd bool
	}{
		{"1700000000", true, true, CodecH264, 0, false, false},
		{"2701000000", false, false, CodecH264, 0, false, false},
		{"1c00000000", true, true, CodecH265, 0, false, false},
		{"1d01000000", true, false, CodecAV1, 0, false, false},
		{"12", true, false, CodecH263, 0, false, false},
		{"4701000000", true, false, CodecH264, 0, false, false},
		{"8061763031", false, true, CodecAV1, 0, false, false},
		{"9076703039", true, true, CodecVP9, 0, false, false},
		{"a168766331000000", false, false, CodecH265, 0, false, false},
		{"d101", false, false, "", 0, false, true},
		{"97020f423f0061766331", true, true, CodecH264, 999999, true, false},
		{"9600" + "68766331" + "01", true, true, CodecH265, 0, false, false},
		{"a621" + "68766331" + "00" + "000003" + "000000", false, false, CodecH265, 0, false, false},
	}
	for _, tc := range cases {
		in := hx(tc.hex)
		v, err := ParseVideo(in)
		if err != nil {
			t.Fatalf("%s: %v", tc.hex, err)
		}
		tag := Tag{Type: TagVideo, Data: in}
		if v.IsKeyframe() != tc.key || tag.IsKeyframe() != tc.key {
			t.Errorf("%s: keyframe %v", tc.hex, v.IsKeyframe())
		}
		if v.IsSequenceHeader() != tc.seq || tag.IsSequenceHeader() != tc.seq {
			t.Errorf("%s: sequence header %v", tc.hex, v.IsSequenceHeader())
		}
		if v.Codec() != tc.codec || (!tc.cmd && tag.Codec() != tc.codec) {
			t.Errorf("%s: codec %q / %q", tc.hex, v.Codec(), tag.Codec())
		}
		if n, ok := v.TimestampOffsetNano(); n != tc.nano || ok != tc.hasNano {
			t.Errorf("%s: nano offset %d %v", tc.hex, n, ok)
		}
		if v.IsCommand() != tc.cmd {
			t.Errorf("%s: IsCommand %v", tc.hex, v.IsCommand())
		}
	}
}

func TestParseVideoErrors(t *testing.T) {
	cases := []struct {
		name string
		hex  string
		want error
	}{
		{"empty", "", io.ErrUnexpectedEOF},
		{"AVC without composition time", "1701", io.ErrUnexpectedEOF},
		{"enhanced without FourCC", "906176", io.ErrUnexpectedEOF},
		{"hvc1 coded frames without composition time", "91687663310000", io.ErrUnexpectedEOF},
		{"reserved packet type", "9861763031", ErrReserved},
		{"reserved packet type 15", "9f61763031", ErrReserved},
		{"reserved multitrack type", "963061763031", ErrReserved},
		{"multitrack in multitrack", "960661763031", ErrMalformed},
		{"modex in multitrack", "960761763031", ErrMalformed},
		{"modex truncated data", "9702aabb", io.ErrUnexpectedEOF},
		{"modex long size truncated", "97ff00", io.ErrUnexpectedEOF},
		{"nano modex too short", "970100000061763031", ErrMalformed},
		{"track size overrun", "9611" + "61763031" + "00" + "000009" + "00", ErrMalformed},
		{"multitrack without tracks", "960061763031", io.ErrUnexpectedEOF},
		{"track size truncated", "9611" + "61763031" + "00" + "0000", io.ErrUnexpectedEOF},
		{"ManyTracksManyCodecs FourCC truncated", "962061763031" + "00" + "000000" + "6176", io.ErrUnexpectedEOF},
		{"enhanced command without byte", "d1", io.ErrUnexpectedEOF},
	}
	for _, tc := range cases {
		_, err := ParseVideo(hx(tc.hex))
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestAppendVideoErrors(t *testing.T) {
	cases := []struct {
		name string
		v    VideoTag
	}{
		{"legacy frame type 8", VideoTag{FrameType: 8, CodecID: VideoCodecAVC}},
		{"legacy codec 16", VideoTag{FrameType: 1, CodecID: 16}},
		{"composition time too large", VideoTag{FrameType: 1, CodecID: VideoCodecAVC, CompositionTime: MaxCompositionTime + 1}},
		{"composition time too small", VideoTag{Enhanced: true, FrameType: 1, PacketType: VideoCodedFrames, FourCC: FourCCAVC, CompositionTime: MinCompositionTime - 1}},
		{"enhanced frame type 8", VideoTag{Enhanced: true, FrameType: 8}},
		{"packet type multitrack", VideoTag{Enhanced: true, FrameType: 1, PacketType: VideoMultitrack}},
		{"packet type modex", VideoTag{Enhanced: true, FrameType: 1, PacketType: VideoModEx}},
		{"multitrack command", VideoTag{Enhanced: true, FrameType: FrameCommand, Multitrack: true, Tracks: []VideoTrack{{}}}},
		{"multitrack no tracks", VideoTag{Enhanced: true, FrameType: 1, Multitrack: true}},
		{"OneTrack with two", VideoTag{Enhanced: true, FrameType: 1, Multitrack: true, Tracks: []VideoTrack{{}, {ID: 1}}}},
		{"bad multitrack type", VideoTag{Enhanced: true, FrameType: 1, Multitrack: true, MultitrackType: 3, Tracks: []VideoTrack{{}}}},
		{"empty modex", VideoTag{Enhanced: true, FrameType: 1, ModEx: []ModEx{{}}}},
		{"huge modex", VideoTag{Enhanced: true, FrameType: 1, ModEx: []ModEx{{Data: make([]byte, 1<<16+1)}}}},
		{"modex type 16", VideoTag{Enhanced: true, FrameType: 1, ModEx: []ModEx{{Type: 16, Data: []byte{1}}}}},
		{"track too large", VideoTag{Enhanced: true, FrameType: 1, Multitrack: true, MultitrackType: ManyTracks, Tracks: []VideoTrack{{Data: make([]byte, 1<<24)}}}},
	}
	for _, tc := range cases {
		if _, err := AppendVideo(nil, &tc.v); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// TestModExSizes checks the one- and three-byte ModEx size encodings at
// their boundaries.
func TestModExSizes(t *testing.T) {
	for _, n := range []int{1, 3, 255, 256, 257, 1000, 1 << 16} {
		data := bytes.Repeat([]byte{0x5a}, n)
		v := VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoCodedFramesX, FourCC: FourCCAV1,
			ModEx: []ModEx{{Type: 3, Data: data}, NanoOffsetModEx(1234)}, Data: []byte{9}}
		b, err := AppendVideo(nil, &v)
		if err != nil {
			t.Fatal(err)
		}
		wantLen := 1 + 1 + n + 1 + 1 + 3 + 1 + 4 + 1
		if n >= 256 {
			wantLen += 2
		}
		if len(b) != wantLen {
			t.Errorf("size %d: encoded %d bytes, want %d", n, len(b), wantLen)
		}
		got, err := ParseVideo(b)
		if err != nil {
			t.Fatalf("size %d: %v", n, err)
		}
		if !reflect.DeepEqual(got, v) {
			t.Fatalf("size %d: round trip differs", n)
		}
		if ns, ok := got.TimestampOffsetNano(); !ok || ns != 1234 {
			t.Errorf("size %d: nano offset %d %v", n, ns, ok)
		}
	}
}

// TestPeekInvalid checks that the allocation-free helpers answer "no" for
// bodies too short or malformed to say.
func TestPeekInvalid(t *testing.T) {
	video := []string{"", "17", "90", "906176", "9702", "96", "9600617630", "97ff"}
	for _, h := range video {
		in := hx(h)
		if IsVideoSequenceHeader(in) || VideoCodecOf(in) != "" {
			t.Errorf("video %q: sequence header %v, codec %q", h, IsVideoSequenceHeader(in), VideoCodecOf(in))
		}
	}
	if IsVideoKeyframe(nil) {
		t.Error("empty body is a keyframe")
	}
	audio := []string{"", "af", "904f70", "95", "95004f70", "9702"}
	for _, h := range audio {
		in := hx(h)
		if IsAudioSequenceHeader(in) || AudioCodecOf(in) != "" {
			t.Errorf("audio %q: sequence header %v, codec %q", h, IsAudioSequenceHeader(in), AudioCodecOf(in))
		}
	}
	if (Tag{Type: TagScript, Data: hx("1700")}).Codec() != "" || (Tag{Type: TagScript}).IsSequenceHeader() {
		t.Error("script tag has a codec")
	}
}

func TestIsSequenceEnd(t *testing.T) {
	for h, want := range map[string]bool{"2702000000": true, "2701000000": false, "8261763031": true,
		"8161763031": false, "5702000000" + "00": false, "d2" + "00": false, "2202": false} {
		v, err := ParseVideo(hx(h))
		if err != nil {
			t.Fatal(h, err)
		}
		if v.IsSequenceEnd() != want {
			t.Errorf("%s: IsSequenceEnd %v", h, !want)
		}
	}
}
