package flv

// TagType is the FLV tag type, equal to the RTMP message type id of the
// message that carries the same body.
type TagType uint8

// FLV tag types.
const (
	TagAudio  TagType = 8  // audio data; RTMP message type 8
	TagVideo  TagType = 9  // video data; RTMP message type 9
	TagScript TagType = 18 // AMF0 script data (onMetaData); RTMP message type 18

	// TagScriptAMF3 is AMF3 script data (Enhanced RTMP); RTMP message type 15.
	TagScriptAMF3 TagType = 15
)

// String returns "audio", "video", "script" or "tag(N)".
func (t TagType) String() string {
	switch t {
	case TagAudio:
		return "audio"
	case TagVideo:
		return "video"
	case TagScript:
		return "script"
	case TagScriptAMF3:
		return "script-amf3"
	}
	return "tag(" + itoa(int(t)) + ")"
}

// Tag is one FLV tag: a timestamped audio, video or script body. It is the
// media unit shared by every layer above the codecs. Once a Tag has been handed
// to a publisher or hub its Data must be treated as immutable, because it may be
// shared by many subscribers without copying.
type Tag struct {
	Type      TagType
	Timestamp uint32 // milliseconds; RTMP timestamps wrap modulo 2^32
	StreamID  uint32 // always 0 in FLV files; the RTMP message stream id when read from RTMP
	Data      []byte // the tag body (for RTMP, the message payload)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// IsKeyframe reports whether t is a video tag marked as a keyframe (see
// [IsVideoKeyframe]).
func (t Tag) IsKeyframe() bool { return t.Type == TagVideo && IsVideoKeyframe(t.Data) }

// IsSequenceHeader reports whether t is an audio or video tag carrying
// decoder configuration (legacy AVC/AAC sequence headers and Enhanced
// SequenceStart), which a server caches for late joiners.
func (t Tag) IsSequenceHeader() bool {
	switch t.Type {
	case TagVideo:
		return IsVideoSequenceHeader(t.Data)
	case TagAudio:
		return IsAudioSequenceHeader(t.Data)
	}
	return false
}

// Codec returns the codec of an audio or video tag, or "" for other tags and
// unknown codecs.
func (t Tag) Codec() Codec {
	switch t.Type {
	case TagVideo:
		return VideoCodecOf(t.Data)
	case TagAudio:
		return AudioCodecOf(t.Data)
	}
	return ""
}
