package flv

// SoundFormat is the legacy audio SoundFormat (the high nibble of the first
// byte of an audio tag).
type SoundFormat uint8

// Sound formats. SoundExHeader (9) marks an Enhanced RTMP audio tag.
const (
	SoundLPCM          SoundFormat = 0  // linear PCM, platform endian
	SoundADPCM         SoundFormat = 1  // ADPCM
	SoundMP3           SoundFormat = 2  // MP3
	SoundLPCMLE        SoundFormat = 3  // linear PCM, little endian
	SoundNellymoser16k SoundFormat = 4  // Nellymoser 16 kHz mono
	SoundNellymoser8k  SoundFormat = 5  // Nellymoser 8 kHz mono
	SoundNellymoser    SoundFormat = 6  // Nellymoser
	SoundG711A         SoundFormat = 7  // G.711 A-law
	SoundG711U         SoundFormat = 8  // G.711 mu-law
	SoundExHeader      SoundFormat = 9  // Enhanced RTMP ExHeader
	SoundAAC           SoundFormat = 10 // AAC
	SoundSpeex         SoundFormat = 11 // Speex
	SoundMP38k         SoundFormat = 14 // MP3 8 kHz
	SoundDevice        SoundFormat = 15 // device-specific sound
)

// Codec returns the codec of a legacy sound format, or "" if unknown.
func (f SoundFormat) Codec() Codec {
	switch f {
	case SoundLPCM, SoundLPCMLE:
		return CodecPCM
	case SoundADPCM:
		return CodecADPCM
	case SoundMP3, SoundMP38k:
		return CodecMP3
	case SoundNellymoser16k, SoundNellymoser8k, SoundNellymoser:
		return CodecNellymoser
	case SoundG711A:
		return CodecG711A
	case SoundG711U:
		return CodecG711U
	case SoundAAC:
		return CodecAAC
	case SoundSpeex:
		return CodecSpeex
	case SoundDevice:
		return CodecDevice
	}
	return ""
}

// SoundRate is the legacy SoundRate field.
type SoundRate uint8

// Sound rates.
const (
	SoundRate5k5 SoundRate = 0 // 5.5 kHz
	SoundRate11k SoundRate = 1 // 11 kHz
	SoundRate22k SoundRate = 2 // 22 kHz
	SoundRate44k SoundRate = 3 // 44 kHz (always used for AAC)
)

// Hz returns the nominal sample rate.
func (r SoundRate) Hz() int {
	return [...]int{5512, 11025, 22050, 44100}[r&3]
}

// AACPacketType is the packet type of legacy AAC tags.
type AACPacketType uint8

// Legacy AAC packet types.
const (
	AACSequenceHeader AACPacketType = 0 // AudioSpecificConfig
	AACRaw            AACPacketType = 1 // raw AAC frame
)

// AudioPacketType is the Enhanced RTMP AudioPacketType (PROTOCOL.md §10.6).
type AudioPacketType uint8

// Enhanced RTMP audio packet types. 3, 6 and 8..15 are reserved.
const (
	AudioSequenceStart      AudioPacketType = 0 // codec configuration
	AudioCodedFrames        AudioPacketType = 1 // coded frames
	AudioSequenceEnd        AudioPacketType = 2 // end of sequence, empty body
	AudioMultichannelConfig AudioPacketType = 4 // channel order and count
	AudioMultitrack         AudioPacketType = 5 // multitrack prefix (never an AudioTag.PacketType)
	AudioModEx              AudioPacketType = 7 // ModEx prefix (never an AudioTag.PacketType)
)

var audioPacketTypeNames = [...]string{"SequenceStart", "CodedFrames", "SequenceEnd",
	"", "MultichannelConfig", "Multitrack", "", "ModEx"}

// String returns the specification's name of the packet type.
func (t AudioPacketType) String() string {
	if int(t) < len(audioPacketTypeNames) && audioPacketTypeNames[t] != "" {
		return audioPacketTypeNames[t]
	}
	return "AudioPacketType(" + itoa(int(t)) + ")"
}

func (t AudioPacketType) reserved() bool { return t == 3 || t == 6 || t > AudioModEx }
