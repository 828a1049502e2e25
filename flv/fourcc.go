package flv

// FourCC is an Enhanced RTMP codec identifier: the four ASCII characters read
// as a big-endian uint32 (PROTOCOL.md §10.7). onMetaData may carry the same
// value as a Number in videocodecid/audiocodecid.
type FourCC uint32

// FourCC values defined by Enhanced RTMP v2.
const (
	FourCCAVC  FourCC = 0x61766331 // "avc1" H.264
	FourCCHEVC FourCC = 0x68766331 // "hvc1" H.265
	FourCCVVC  FourCC = 0x76766331 // "vvc1" H.266
	FourCCAV1  FourCC = 0x61763031 // "av01"
	FourCCVP9  FourCC = 0x76703039 // "vp09"
	FourCCVP8  FourCC = 0x76703038 // "vp08"
	FourCCAAC  FourCC = 0x6D703461 // "mp4a"
	FourCCOpus FourCC = 0x4F707573 // "Opus"
	FourCCFLAC FourCC = 0x664C6143 // "fLaC"
	FourCCAC3  FourCC = 0x61632D33 // "ac-3"
	FourCCEAC3 FourCC = 0x65632D33 // "ec-3"
	FourCCMP3  FourCC = 0x2E6D7033 // ".mp3"
)

// MakeFourCC returns the FourCC of a four-character string such as "av01".
// It returns 0 if s is not exactly four bytes long.
func MakeFourCC(s string) FourCC {
	if len(s) != 4 {
		return 0
	}
	return FourCC(u32([]byte(s)))
}

// String returns the four characters, with bytes outside printable ASCII
// shown as '.'.
func (f FourCC) String() string {
	b := [4]byte{byte(f >> 24), byte(f >> 16), byte(f >> 8), byte(f)}
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '.'
		}
	}
	return string(b[:])
}

// Codec returns the codec this FourCC identifies, or "" if it is not one of
// the values Enhanced RTMP defines.
func (f FourCC) Codec() Codec {
	switch f {
	case FourCCAVC:
		return CodecH264
	case FourCCHEVC:
		return CodecH265
	case FourCCVVC:
		return CodecH266
	case FourCCAV1:
		return CodecAV1
	case FourCCVP9:
		return CodecVP9
	case FourCCVP8:
		return CodecVP8
	case FourCCAAC:
		return CodecAAC
	case FourCCOpus:
		return CodecOpus
	case FourCCFLAC:
		return CodecFLAC
	case FourCCAC3:
		return CodecAC3
	case FourCCEAC3:
		return CodecEAC3
	case FourCCMP3:
		return CodecMP3
	}
	return ""
}

// Codec names a media codec independently of how it was signalled (legacy
// CodecID/SoundFormat or Enhanced RTMP FourCC). The values are short stable
// names suitable for stats and logs. The zero value means unknown.
type Codec string

// Codecs that FLV and Enhanced RTMP can signal.
const (
	CodecH264       Codec = "H264"
	CodecH265       Codec = "H265"
	CodecH266       Codec = "H266"
	CodecAV1        Codec = "AV1"
	CodecVP9        Codec = "VP9"
	CodecVP8        Codec = "VP8"
	CodecH263       Codec = "H263" // Sorenson H.263
	CodecScreen     Codec = "Screen"
	CodecScreen2    Codec = "Screen2"
	CodecVP6        Codec = "VP6"
	CodecVP6Alpha   Codec = "VP6A"
	CodecAAC        Codec = "AAC"
	CodecOpus       Codec = "Opus"
	CodecFLAC       Codec = "FLAC"
	CodecAC3        Codec = "AC3"
	CodecEAC3       Codec = "EAC3"
	CodecMP3        Codec = "MP3"
	CodecPCM        Codec = "PCM" // LPCM, platform or little endian
	CodecADPCM      Codec = "ADPCM"
	CodecNellymoser Codec = "Nellymoser"
	CodecG711A      Codec = "G711A"
	CodecG711U      Codec = "G711U"
	CodecSpeex      Codec = "Speex"
	CodecDevice     Codec = "Device" // device-specific sound (SoundFormat 15)
)
