package flv

import "io"

// HeaderSize is the size of an FLV file header written by this package
// (DataOffset = 9).
const HeaderSize = 9

// TagHeaderSize is the size of an FLV tag header; PreviousTagSize of a tag is
// TagHeaderSize + its DataSize.
const TagHeaderSize = 11

// MaxDataSize is the largest body the 24-bit DataSize field can describe.
const MaxDataSize = 1<<24 - 1

// Header flag bits.
const (
	flagVideo = 0x01
	flagAudio = 0x04
)

// Header is the FLV file header.
type Header struct {
	Version uint8 // 1 for every FLV file in existence
	Audio   bool  // TypeFlagsAudio: the file has audio tags
	Video   bool  // TypeFlagsVideo: the file has video tags
}

// DefaultHeader returns a version 1 header with the given flags.
func DefaultHeader(audio, video bool) Header {
	return Header{Version: 1, Audio: audio, Video: video}
}

// AppendHeader appends the 9-byte file header followed by PreviousTagSize0
// (four zero bytes), which is everything that precedes the first tag.
func AppendHeader(b []byte, h Header) []byte {
	var flags byte
	if h.Audio {
		flags |= flagAudio
	}
	if h.Video {
		flags |= flagVideo
	}
	return append(b, 'F', 'L', 'V', h.Version, flags, 0, 0, 0, HeaderSize, 0, 0, 0, 0)
}

// ParseHeader decodes the 9-byte FLV file header at the start of b and
// returns it with its DataOffset (where PreviousTagSize0 starts). Reserved
// flag bits are ignored; a DataOffset below 9 is an error. Fewer than 9 bytes
// give io.ErrUnexpectedEOF.
func ParseHeader(b []byte) (h Header, dataOffset uint32, err error) {
	for i := 0; i < len(b) && i < 3; i++ {
		if b[i] != "FLV"[i] {
			return Header{}, 0, ErrNotFLV
		}
	}
	if len(b) < HeaderSize {
		return Header{}, 0, io.ErrUnexpectedEOF
	}
	h = Header{Version: b[3], Audio: b[4]&flagAudio != 0, Video: b[4]&flagVideo != 0}
	dataOffset = u32(b[5:9])
	if dataOffset < HeaderSize {
		return Header{}, 0, ErrHeader
	}
	return h, dataOffset, nil
}
