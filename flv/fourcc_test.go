package flv

import "testing"

// TestFourCCTable checks every FourCC of PROTOCOL.md §10.7 against its ASCII
// spelling, its UI32 value and its codec.
func TestFourCCTable(t *testing.T) {
	cases := []struct {
		f     FourCC
		ascii string
		ui32  uint32
		codec Codec
	}{
		{FourCCAVC, "avc1", 0x61766331, CodecH264},
		{FourCCHEVC, "hvc1", 0x68766331, CodecH265},
		{FourCCVVC, "vvc1", 0x76766331, CodecH266},
		{FourCCAV1, "av01", 0x61763031, CodecAV1},
		{FourCCVP9, "vp09", 0x76703039, CodecVP9},
		{FourCCVP8, "vp08", 0x76703038, CodecVP8},
		{FourCCAAC, "mp4a", 0x6D703461, CodecAAC},
		{FourCCOpus, "Opus", 0x4F707573, CodecOpus},
		{FourCCFLAC, "fLaC", 0x664C6143, CodecFLAC},
		{FourCCAC3, "ac-3", 0x61632D33, CodecAC3},
		{FourCCEAC3, "ec-3", 0x65632D33, CodecEAC3},
		{FourCCMP3, ".mp3", 0x2E6D7033, CodecMP3},
	}
	for _, tc := range cases {
		if uint32(tc.f) != tc.ui32 || tc.f.String() != tc.ascii || MakeFourCC(tc.ascii) != tc.f || tc.f.Codec() != tc.codec {
			t.Errorf("%s: %#x %q %q", tc.ascii, uint32(tc.f), tc.f.String(), tc.f.Codec())
		}
	}
	// onMetaData carries av01 as the Number 1635135537 and Opus as 1332770163.
	if FourCCAV1 != 1635135537 || FourCCOpus != 1332770163 {
		t.Error("metadata numbers")
	}
	if MakeFourCC("abc") != 0 || FourCC(0x00617601).String() != ".av." || FourCC(0x31323334).Codec() != "" {
		t.Error("edge cases")
	}
}

func TestNames(t *testing.T) {
	checks := map[string]string{
		VideoSequenceStart.String():        "SequenceStart",
		VideoMPEG2TSSequenceStart.String(): "MPEG2TSSequenceStart",
		VideoModEx.String():                "ModEx",
		VideoPacketType(9).String():        "VideoPacketType(9)",
		AudioMultichannelConfig.String():   "MultichannelConfig",
		AudioPacketType(3).String():        "AudioPacketType(3)",
		AudioPacketType(12).String():       "AudioPacketType(12)",
		ManyTracksManyCodecs.String():      "ManyTracksManyCodecs",
		OneTrack.String():                  "OneTrack",
		ManyTracks.String():                "ManyTracks",
		MultitrackType(4).String():         "MultitrackType(4)",
		string(VideoCodecScreen2.Codec()):  "Screen2",
		string(VideoCodecVP6Alpha.Codec()): "VP6A",
		string(VideoCodecID(9).Codec()):    "",
		string(SoundFormat(12).Codec()):    "",
	}
	for got, want := range checks {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	for r, hz := range map[SoundRate]int{SoundRate5k5: 5512, SoundRate11k: 11025, SoundRate22k: 22050, SoundRate44k: 44100} {
		if r.Hz() != hz {
			t.Errorf("rate %d: %d", r, r.Hz())
		}
	}
}
