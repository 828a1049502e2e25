package hub

import (
	"bytes"

	"github.com/rtmpkit/rtmp/flv"
)

// class is what the hub needs to know about a published tag.
type class uint8

const (
	classOther         class = iota // script data other than metadata, unknown types: live only
	classMetadata                   // onMetaData: cached, replaces the previous one
	classClearMetadata              // @clearDataFrame: clears the cached metadata, not forwarded
	classAudio                      // audio frame
	classAudioHeader                // audio sequence header: cached per track
	classAudioConfig                // E-RTMP MultichannelConfig: cached per track
	classVideo                      // video inter frame: droppable
	classKeyframe                   // video keyframe: starts a GOP
	classVideoHeader                // video sequence header: cached per track
	classVideoMeta                  // E-RTMP video Metadata (colorInfo): cached, never dropped
	classVideoControl               // other video (commands, sequence end): never dropped
)

// AMF0 encodings of the strings that mark script data (marker 02, U16 length).
var (
	amfOnMetaData     = []byte("\x02\x00\x0aonMetaData")
	amfSetDataFrame   = []byte("\x02\x00\x0d@setDataFrame")
	amfClearDataFrame = []byte("\x02\x00\x0f@clearDataFrame")
)

// classify returns the class of t and t itself, with an "@setDataFrame"
// prefix removed from metadata (a sub-slice: no copy). It does not
// allocate.
func classify(t flv.Tag) (class, flv.Tag) {
	switch t.Type {
	case flv.TagAudio:
		if flv.IsAudioSequenceHeader(t.Data) {
			return classAudioHeader, t
		}
		if exPacketType(t.Data, uint8(flv.SoundExHeader)<<4, 0xf0) == uint8(flv.AudioMultichannelConfig) {
			return classAudioConfig, t
		}
		return classAudio, t
	case flv.TagVideo:
		return classifyVideo(t.Data), t
	case flv.TagScript, flv.TagScriptAMF3:
		return classifyScript(t)
	}
	return classOther, t
}

func classifyVideo(d []byte) class {
	if len(d) == 0 {
		return classVideo
	}
	if flv.IsVideoSequenceHeader(d) {
		return classVideoHeader
	}
	ft := flv.VideoFrameType(d[0] >> 4 & 7)
	if d[0]&0x80 == 0 {
		ft = flv.VideoFrameType(d[0] >> 4)
		switch flv.VideoCodecID(d[0] & 0x0f) {
		case flv.VideoCodecAVC, flv.VideoCodecHEVC, flv.VideoCodecAV1:
			if len(d) > 1 && flv.AVCPacketType(d[1]) == flv.AVCEndOfSequence {
				return classVideoControl
			}
		}
	}
	pt := exPacketType(d, 0x80, 0x80)
	switch {
	case pt == uint8(flv.VideoMetadata):
		return classVideoMeta
	case ft == flv.FrameCommand:
		return classVideoControl
	case pt != noPacketType && pt != uint8(flv.VideoCodedFrames) && pt != uint8(flv.VideoCodedFramesX):
		// SequenceEnd and reserved types carry no picture and must not
		// be lost.
		return classVideoControl
	case flv.IsVideoKeyframe(d):
		return classKeyframe
	}
	return classVideo
}

// noPacketType is what exPacketType returns for a legacy or unreadable tag.
const noPacketType = 0xff

// exPacketType returns the Enhanced RTMP packet type of an audio or video
// body (after a multitrack prefix), or noPacketType if the body is not
// Enhanced (d[0]&mask must equal want) or starts with ModEx, which is then
// classified by its frame type alone.
func exPacketType(d []byte, want, mask byte) uint8 {
	if len(d) == 0 || d[0]&mask != want {
		return noPacketType
	}
	pt := d[0] & 0x0f
	if (want == 0x80 && pt == uint8(flv.VideoMultitrack)) || (want != 0x80 && pt == uint8(flv.AudioMultitrack)) {
		if len(d) < 2 {
			return noPacketType
		}
		pt = d[1] & 0x0f
	}
	if pt == uint8(flv.VideoModEx) { // same value for audio
		return noPacketType
	}
	return pt
}

func classifyScript(t flv.Tag) (class, flv.Tag) {
	d := t.Data
	if t.Type == flv.TagScriptAMF3 && len(d) > 0 && d[0] == 0 {
		// An AMF3 data message starts with a 0x00 format byte followed
		// by AMF0 values.
		d = d[1:]
	}
	if bytes.HasPrefix(d, amfClearDataFrame) {
		return classClearMetadata, t
	}
	if bytes.HasPrefix(d, amfSetDataFrame) {
		d = d[len(amfSetDataFrame):]
		t.Data = d
		if t.Type == flv.TagScriptAMF3 {
			// The remaining AMF0 values no longer need the AMF3
			// envelope byte.
			t.Type = flv.TagScript
		}
	}
	if bytes.HasPrefix(d, amfOnMetaData) {
		return classMetadata, t
	}
	return classOther, t
}

// trackKey returns the cache slot of a sequence header: 0 for the default
// track (a tag without multitrack, or multitrack track 0), the track id for a
// one-track multitrack header, and 256 + the first id for a header that
// configures several tracks at once. It allocates only for multitrack
// headers (which are rare).
func trackKey(c class, data []byte) int {
	switch c {
	case classVideoMeta:
		return 2048
	case classAudioConfig:
		return 1024 + trackKey(classAudioHeader, data)
	}
	if len(data) == 0 || data[0]&0x80 == 0 {
		return 0
	}
	if c == classVideoHeader {
		v, err := flv.ParseVideo(data)
		if err != nil || !v.Multitrack || len(v.Tracks) == 0 {
			return 0
		}
		if len(v.Tracks) > 1 {
			return 256 + int(v.Tracks[0].ID)
		}
		return int(v.Tracks[0].ID)
	}
	if flv.SoundFormat(data[0]>>4) != flv.SoundExHeader {
		return 0
	}
	a, err := flv.ParseAudio(data)
	if err != nil || !a.Multitrack || len(a.Tracks) == 0 {
		return 0
	}
	if len(a.Tracks) > 1 {
		return 256 + int(a.Tracks[0].ID)
	}
	return int(a.Tracks[0].ID)
}
