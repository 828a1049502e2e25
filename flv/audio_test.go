package flv

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"
)

// audioCases come from gortmplib's message tests (shared chunk_vectors.json,
// group gortmplib_message) and constructions per PROTOCOL.md §10.2, §10.6,
// §10.8 and §10.9 (marked "constructed").
var audioCases = []struct {
	name string
	hex  string
	want AudioTag
}{
	{"gortmplib audio mpeg1", "2f01020304",
		AudioTag{SoundFormat: SoundMP3, SoundRate: SoundRate44k, SoundSize: 1, SoundType: 1, Data: hx("01020304")}},
	{"gortmplib audio mpeg4", "af015ac07740",
		AudioTag{SoundFormat: SoundAAC, SoundRate: SoundRate44k, SoundSize: 1, SoundType: 1, AACPacketType: AACRaw, Data: hx("5ac07740")}},
	{"gortmplib audio mpeg4 config", "af001210",
		AudioTag{SoundFormat: SoundAAC, SoundRate: SoundRate44k, SoundSize: 1, SoundType: 1, AACPacketType: AACSequenceHeader, Data: hx("1210")}},
	{"gortmplib audio mpeg4 nil config", "af00",
		AudioTag{SoundFormat: SoundAAC, SoundRate: SoundRate44k, SoundSize: 1, SoundType: 1, AACPacketType: AACSequenceHeader, Data: []byte{}}},
	{"constructed speex", "b2aa",
		AudioTag{SoundFormat: SoundSpeex, SoundSize: 1, Data: hx("aa")}},
	{"constructed nellymoser 8k", "5000",
		AudioTag{SoundFormat: SoundNellymoser8k, Data: hx("00")}},
	{"gortmplib audio ex sequence start opus", "904f7075734f7075734865616401023801c05d0000000000",
		AudioTag{Enhanced: true, PacketType: AudioSequenceStart, FourCC: FourCCOpus, Data: hx("4f7075734865616401023801c05d0000000000")}},
	{"gortmplib audio ex sequence start aac", "906d7034611190",
		AudioTag{Enhanced: true, PacketType: AudioSequenceStart, FourCC: FourCCAAC, Data: hx("1190")}},
	{"gortmplib audio ex sequence start ac3", "9061632d33",
		AudioTag{Enhanced: true, PacketType: AudioSequenceStart, FourCC: FourCCAC3, Data: []byte{}}},
	{"constructed sequence start ec-3", "9065632d33",
		AudioTag{Enhanced: true, PacketType: AudioSequenceStart, FourCC: FourCCEAC3, Data: []byte{}}},
	{"constructed sequence start mp3", "902e6d7033",
		AudioTag{Enhanced: true, PacketType: AudioSequenceStart, FourCC: FourCCMP3, Data: []byte{}}},
	{"gortmplib audio ex sequence start flac", "90664c61430010ffff0000000000000ac442f00000000000000000000000000000000000000000",
		AudioTag{Enhanced: true, PacketType: AudioSequenceStart, FourCC: FourCCFLAC, Data: hx("0010ffff0000000000000ac442f00000000000000000000000000000000000000000")}},
	{"gortmplib audio ex sequence end", "924f707573",
		AudioTag{Enhanced: true, PacketType: AudioSequenceEnd, FourCC: FourCCOpus, Data: []byte{}}},
	{"gortmplib audio ex coded frames", "914f707573010203",
		AudioTag{Enhanced: true, PacketType: AudioCodedFrames, FourCC: FourCCOpus, Data: hx("010203")}},
	{"gortmplib audio ex multichannel config", "944f707573010200000003",
		AudioTag{Enhanced: true, PacketType: AudioMultichannelConfig, FourCC: FourCCOpus, Data: hx("010200000003")}},
	{"constructed custom multichannel config", "944f70757302030001ff",
		AudioTag{Enhanced: true, PacketType: AudioMultichannelConfig, FourCC: FourCCOpus, Data: hx("02030001ff")}},
	{"constructed unspecified multichannel config", "946d70346100060000",
		AudioTag{Enhanced: true, PacketType: AudioMultichannelConfig, FourCC: FourCCAAC, Data: hx("00060000")}},
	{"gortmplib audio ex multitrack (OneTrack)", "950061632d3301",
		AudioTag{Enhanced: true, PacketType: AudioSequenceStart, Multitrack: true, MultitrackType: OneTrack, FourCC: FourCCAC3,
			Tracks: []AudioTrack{{FourCC: FourCCAC3, ID: 1, Data: []byte{}}}}},
	{"constructed ManyTracks opus", "95" + "11" + "4f707573" + "00" + "000002" + "aaaa" + "01" + "000001" + "bb",
		AudioTag{Enhanced: true, PacketType: AudioCodedFrames, Multitrack: true, MultitrackType: ManyTracks, FourCC: FourCCOpus,
			Tracks: []AudioTrack{{FourCC: FourCCOpus, ID: 0, Data: hx("aaaa")}, {FourCC: FourCCOpus, ID: 1, Data: hx("bb")}}}},
	{"constructed ManyTracksManyCodecs", "95" + "21" + "6d703461" + "00" + "000001" + "cc" + "4f707573" + "03" + "000000",
		AudioTag{Enhanced: true, PacketType: AudioCodedFrames, Multitrack: true, MultitrackType: ManyTracksManyCodecs,
			Tracks: []AudioTrack{{FourCC: FourCCAAC, ID: 0, Data: hx("cc")}, {FourCC: FourCCOpus, ID: 3, Data: []byte{}}}}},
	{"constructed multitrack multichannel config", "95" + "14" + "4f707573" + "00" + "000006" + "010200000003" + "01" + "000002" + "0001",
		AudioTag{Enhanced: true, PacketType: AudioMultichannelConfig, Multitrack: true, MultitrackType: ManyTracks, FourCC: FourCCOpus,
			Tracks: []AudioTrack{{FourCC: FourCCOpus, ID: 0, Data: hx("010200000003")}, {FourCC: FourCCOpus, ID: 1, Data: hx("0001")}}}},
	{"constructed ModEx nano offset", "97" + "02" + "0001f4" + "01" + "4f707573" + "ff",
		AudioTag{Enhanced: true, PacketType: AudioCodedFrames, FourCC: FourCCOpus,
			ModEx: []ModEx{{Type: ModExTimestampOffsetNano, Data: hx("0001f4")}}, Data: hx("ff")}},
	{"constructed ModEx then multitrack", "97" + "02" + "0001f4" + "05" + "01" + "4f707573" + "07" + "ee",
		AudioTag{Enhanced: true, PacketType: AudioCodedFrames, Multitrack: true, MultitrackType: OneTrack, FourCC: FourCCOpus,
			ModEx:  []ModEx{{Type: ModExTimestampOffsetNano, Data: hx("0001f4")}},
			Tracks: []AudioTrack{{FourCC: FourCCOpus, ID: 7, Data: hx("ee")}}}},
}

func TestParseAudio(t *testing.T) {
	for _, tc := range audioCases {
		t.Run(tc.name, func(t *testing.T) {
			in := hx(tc.hex)
			got, err := ParseAudio(in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
			out, err := AppendAudio([]byte{0xee}, &got)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out[1:], in) || out[0] != 0xee {
				t.Fatalf("AppendAudio = %x, want ee%x", out, in)
			}
			if IsAudioSequenceHeader(in) != got.IsSequenceHeader() {
				t.Errorf("IsAudioSequenceHeader = %v", !got.IsSequenceHeader())
			}
			if c := AudioCodecOf(in); c != got.Codec() {
				t.Errorf("AudioCodecOf = %q, Codec = %q", c, got.Codec())
			}
			for n := range len(in) {
				a, err := ParseAudio(in[:n])
				if err == nil {
					if reflect.DeepEqual(a, got) {
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

func TestAudioHelpers(t *testing.T) {
	cases := []struct {
		hex   string
		seq   bool
		codec Codec
		nano  uint32
	}{
		{"af001210", true, CodecAAC, 0},
		{"af01aa", false, CodecAAC, 0},
		{"2f", false, CodecMP3, 0},
		{"e2", false, CodecMP3, 0},
		{"7e", false, CodecG711A, 0},
		{"8e", false, CodecG711U, 0},
		{"3e", false, CodecPCM, 0},
		{"1e", false, CodecADPCM, 0},
		{"6e", false, CodecNellymoser, 0},
		{"f0", false, CodecDevice, 0},
		{"904f707573", true, CodecOpus, 0},
		{"91664c6143", false, CodecFLAC, 0},
		{"9702000064004f707573", true, CodecOpus, 100},
		{"95" + "20" + "61632d33" + "00" + "000000", true, CodecAC3, 0},
	}
	for _, tc := range cases {
		in := hx(tc.hex)
		a, err := ParseAudio(in)
		if err != nil {
			t.Fatalf("%s: %v", tc.hex, err)
		}
		tag := Tag{Type: TagAudio, Data: in}
		if a.IsSequenceHeader() != tc.seq || tag.IsSequenceHeader() != tc.seq {
			t.Errorf("%s: sequence header %v", tc.hex, a.IsSequenceHeader())
		}
		if a.Codec() != tc.codec || tag.Codec() != tc.codec {
			t.Errorf("%s: codec %q / %q", tc.hex, a.Codec(), tag.Codec())
		}
		if n, _ := a.TimestampOffsetNano(); n != tc.nano {
			t.Errorf("%s: nano offset %d", tc.hex, n)
		}
		if tag.IsKeyframe() {
			t.Errorf("%s: audio tag is a keyframe", tc.hex)
		}
	}
}

func TestParseAudioErrors(t *testing.T) {
	cases := []struct {
		name string
		hex  string
		want error
	}{
		{"empty (silence marker)", "", io.ErrUnexpectedEOF},
		{"AAC without packet type", "af", io.ErrUnexpectedEOF},
		{"enhanced without FourCC", "904f70", io.ErrUnexpectedEOF},
		{"reserved packet type 3", "934f707573", ErrReserved},
		{"reserved packet type 6", "964f707573", ErrReserved},
		{"reserved packet type 8", "984f707573", ErrReserved},
		{"reserved channel order", "944f7075730302", ErrReserved},
		{"native config without mask", "944f707573010200", io.ErrUnexpectedEOF},
		{"custom config short", "944f707573020300", io.ErrUnexpectedEOF},
		{"multitrack in multitrack", "95054f707573", ErrMalformed},
		{"reserved multitrack type", "95304f707573", ErrReserved},
		{"track overrun", "95114f70757300000005aa", ErrMalformed},
		{"bad track multichannel config", "95144f70757300000001ff", io.ErrUnexpectedEOF},
	}
	for _, tc := range cases {
		_, err := ParseAudio(hx(tc.hex))
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestAppendAudioErrors(t *testing.T) {
	cases := []struct {
		name string
		a    AudioTag
	}{
		{"legacy format 9", AudioTag{SoundFormat: SoundExHeader}},
		{"legacy format 16", AudioTag{SoundFormat: 16}},
		{"legacy rate 4", AudioTag{SoundRate: 4}},
		{"legacy size 2", AudioTag{SoundSize: 2}},
		{"legacy type 2", AudioTag{SoundType: 2}},
		{"packet type multitrack", AudioTag{Enhanced: true, PacketType: AudioMultitrack}},
		{"packet type modex", AudioTag{Enhanced: true, PacketType: AudioModEx}},
		{"no tracks", AudioTag{Enhanced: true, Multitrack: true}},
		{"empty modex", AudioTag{Enhanced: true, ModEx: []ModEx{{}}}},
		{"track too large", AudioTag{Enhanced: true, Multitrack: true, MultitrackType: ManyTracks, Tracks: []AudioTrack{{Data: make([]byte, 1<<24)}}}},
	}
	for _, tc := range cases {
		if _, err := AppendAudio(nil, &tc.a); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func TestMultichannelConfig(t *testing.T) {
	cases := []struct {
		hex  string
		want MultichannelConfig
	}{
		{"0102" + "00000003", MultichannelConfig{Order: ChannelOrderNative, Count: 2, Mask: ChannelFrontLeft.Mask() | ChannelFrontRight.Mask()}},
		{"0101" + "00000004", MultichannelConfig{Order: ChannelOrderNative, Count: 1, Mask: ChannelFrontCenter.Mask()}},
		{"0106" + "0000003f", MultichannelConfig{Order: ChannelOrderNative, Count: 6, Mask: 0x3f}},
		{"0101" + "00800000", MultichannelConfig{Order: ChannelOrderNative, Count: 1, Mask: ChannelBottomFrontRight.Mask()}},
		{"0203" + "0203fe", MultichannelConfig{Order: ChannelOrderCustom, Count: 3,
			Channels: []AudioChannel{ChannelFrontCenter, ChannelLowFrequency1, ChannelUnused}}},
		{"0200", MultichannelConfig{Order: ChannelOrderCustom, Count: 0, Channels: []AudioChannel{}}},
		{"0008", MultichannelConfig{Order: ChannelOrderUnspecified, Count: 8}},
	}
	for _, tc := range cases {
		got, err := ParseMultichannelConfig(hx(tc.hex))
		if err != nil {
			t.Fatalf("%s: %v", tc.hex, err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.hex, got, tc.want)
		}
		b, err := AppendMultichannelConfig(nil, got)
		if err != nil || !bytes.Equal(b, hx(tc.hex)) {
			t.Errorf("%s: AppendMultichannelConfig = %x, %v", tc.hex, b, err)
		}
	}
	if ChannelUnknown.Mask() != 0 || ChannelUnused.Mask() != 0 {
		t.Error("Unused/Unknown have mask bits")
	}
	if _, err := AppendMultichannelConfig(nil, MultichannelConfig{Order: ChannelOrderCustom, Count: 2}); err == nil {
		t.Error("custom config with missing ids encoded")
	}
	if _, err := AppendMultichannelConfig(nil, MultichannelConfig{Order: 3}); err == nil {
		t.Error("reserved order encoded")
	}
	a := AudioTag{Enhanced: true, PacketType: AudioCodedFrames}
	if _, err := a.MultichannelConfig(); err == nil {
		t.Error("MultichannelConfig on a CodedFrames tag")
	}
}
