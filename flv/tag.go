package flv

// TagType is the FLV tag type, equal to the RTMP message type id of the
// message that carries the same body.
type TagType uint8

// FLV tag types.
const (
	TagAudio  TagType = 8  // audio data; RTMP message type 8
	TagVideo  TagType = 9  // video data; RTMP message type 9
	TagScript TagType = 18 // AMF0 script data (onMetaData); RTMP message type 18
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
