package flv

// VideoFrameType is the FrameType of a video tag (4 bits in legacy tags,
// 3 bits in Enhanced tags).
type VideoFrameType uint8

// Video frame types.
const (
	FrameKey             VideoFrameType = 1 // keyframe (seekable frame)
	FrameInter           VideoFrameType = 2 // inter frame
	FrameDisposableInter VideoFrameType = 3 // disposable inter frame (H.263 only)
	FrameGeneratedKey    VideoFrameType = 4 // generated keyframe (server use)
	FrameCommand         VideoFrameType = 5 // video info/command frame
)

// VideoCodecID is the legacy (non-Enhanced) video CodecID.
type VideoCodecID uint8

// Legacy video codec ids. 12 and 13 are non-standard extensions used by
// several CDNs and servers with the AVC layout.
const (
	VideoCodecH263     VideoCodecID = 2  // Sorenson H.263
	VideoCodecScreen   VideoCodecID = 3  // Screen video
	VideoCodecVP6      VideoCodecID = 4  // On2 VP6
	VideoCodecVP6Alpha VideoCodecID = 5  // On2 VP6 with alpha channel
	VideoCodecScreen2  VideoCodecID = 6  // Screen video version 2
	VideoCodecAVC      VideoCodecID = 7  // H.264
	VideoCodecHEVC     VideoCodecID = 12 // H.265 (non-standard legacy id)
	VideoCodecAV1      VideoCodecID = 13 // AV1 (non-standard legacy id)
)

// hasAVCHeader reports whether tags of this codec carry AVCPacketType and
// CompositionTime after the first byte.
func (c VideoCodecID) hasAVCHeader() bool {
	return c == VideoCodecAVC || c == VideoCodecHEVC || c == VideoCodecAV1
}

// Codec returns the codec the id stands for, or "" if unknown.
func (c VideoCodecID) Codec() Codec {
	switch c {
	case VideoCodecH263:
		return CodecH263
	case VideoCodecScreen:
		return CodecScreen
	case VideoCodecVP6:
		return CodecVP6
	case VideoCodecVP6Alpha:
		return CodecVP6Alpha
	case VideoCodecScreen2:
		return CodecScreen2
	case VideoCodecAVC:
		return CodecH264
	case VideoCodecHEVC:
		return CodecH265
	case VideoCodecAV1:
		return CodecAV1
	}
	return ""
}

// AVCPacketType is the packet type of legacy AVC (and legacy HEVC/AV1) tags.
type AVCPacketType uint8

// Legacy AVC packet types.
const (
	AVCSequenceHeader AVCPacketType = 0 // AVCDecoderConfigurationRecord
	AVCNALU           AVCPacketType = 1 // length-prefixed NAL units
	AVCEndOfSequence  AVCPacketType = 2 // end of sequence, empty body
)

// VideoPacketType is the Enhanced RTMP VideoPacketType (PROTOCOL.md §10.5).
type VideoPacketType uint8

// Enhanced RTMP video packet types. Values 8..15 are reserved.
const (
	VideoSequenceStart        VideoPacketType = 0 // codec configuration record
	VideoCodedFrames          VideoPacketType = 1 // frames; avc1/hvc1/vvc1 carry a composition time
	VideoSequenceEnd          VideoPacketType = 2 // end of sequence, empty body
	VideoCodedFramesX         VideoPacketType = 3 // frames with composition time 0 (omitted)
	VideoMetadata             VideoPacketType = 4 // AMF "colorInfo" metadata
	VideoMPEG2TSSequenceStart VideoPacketType = 5 // av01: MPEG-2 TS style AV1 descriptor
	VideoMultitrack           VideoPacketType = 6 // multitrack prefix (never a VideoTag.PacketType)
	VideoModEx                VideoPacketType = 7 // ModEx prefix (never a VideoTag.PacketType)
)

var videoPacketTypeNames = [...]string{"SequenceStart", "CodedFrames", "SequenceEnd",
	"CodedFramesX", "Metadata", "MPEG2TSSequenceStart", "Multitrack", "ModEx"}

// String returns the specification's name of the packet type.
func (t VideoPacketType) String() string {
	if int(t) < len(videoPacketTypeNames) {
		return videoPacketTypeNames[t]
	}
	return "VideoPacketType(" + itoa(int(t)) + ")"
}

// VideoCommand is the one-byte body of a command frame (FrameType 5).
type VideoCommand uint8

// Video commands.
const (
	VideoStartSeek VideoCommand = 0 // start of client-side seeking frame sequence
	VideoEndSeek   VideoCommand = 1 // end of client-side seeking frame sequence
)

// hasCompositionTime reports whether Enhanced CodedFrames of this codec
// start with an SI24 composition time offset.
func hasCompositionTime(f FourCC) bool {
	return f == FourCCAVC || f == FourCCHEVC || f == FourCCVVC
}
