package flv

import "fmt"

// Composition time bounds (signed 24-bit).
const (
	MinCompositionTime = -1 << 23
	MaxCompositionTime = 1<<23 - 1
)

// AppendVideo appends the video tag body described by v (headers and
// payload) to b. It is the inverse of [ParseVideo]. It fails if a field does
// not fit its wire representation or the combination is impossible (a
// multitrack tag without tracks, a OneTrack tag with several, a command frame
// with tracks).
func AppendVideo(b []byte, v *VideoTag) ([]byte, error) {
	if !v.Enhanced {
		return appendLegacyVideo(b, v)
	}
	if v.FrameType > 7 {
		return b, fmt.Errorf("flv: Enhanced FrameType %d does not fit in 3 bits", v.FrameType)
	}
	// A command frame ends after its packet type, so any value but ModEx
	// can stand there; otherwise Multitrack is expressed by the Multitrack
	// field.
	command := v.FrameType == FrameCommand && v.PacketType != VideoMetadata
	if v.PacketType == VideoModEx || v.PacketType > 0x0f || (!command && v.PacketType == VideoMultitrack) {
		return b, fmt.Errorf("flv: invalid VideoTag.PacketType %d", v.PacketType)
	}
	if command && v.Multitrack {
		return b, fmt.Errorf("flv: a command frame cannot be multitrack")
	}
	first := uint8(v.PacketType)
	if v.Multitrack {
		first = uint8(VideoMultitrack)
	}
	if len(v.ModEx) > 0 {
		b = append(b, 0x80|byte(v.FrameType)<<4|modExPacketType)
		var err error
		if b, err = appendModEx(b, v.ModEx, first); err != nil {
			return b, err
		}
	} else {
		b = append(b, 0x80|byte(v.FrameType)<<4|first)
	}
	if command {
		b = append(b, byte(v.Command))
		return append(b, v.Data...), nil
	}
	if !v.Multitrack {
		b = appendU32(b, uint32(v.FourCC))
		return appendVideoTrackBody(b, v.PacketType, v.FourCC, v.CompositionTime, v.Data)
	}
	if err := checkTracks(v.MultitrackType, len(v.Tracks)); err != nil {
		return b, err
	}
	b = append(b, byte(v.MultitrackType)<<4|byte(v.PacketType))
	if v.MultitrackType != ManyTracksManyCodecs {
		b = appendU32(b, uint32(v.FourCC))
	}
	for _, t := range v.Tracks {
		f := t.FourCC
		if v.MultitrackType != ManyTracksManyCodecs {
			f = v.FourCC
		}
		size := len(t.Data)
		if v.PacketType == VideoCodedFrames && hasCompositionTime(f) {
			size += 3
		}
		var err error
		if b, err = appendTrackPrefix(b, v.MultitrackType, f, t.ID, size); err != nil {
			return b, err
		}
		if b, err = appendVideoTrackBody(b, v.PacketType, f, t.CompositionTime, t.Data); err != nil {
			return b, err
		}
	}
	return b, nil
}

func checkTracks(mt MultitrackType, n int) error {
	switch {
	case mt > ManyTracksManyCodecs:
		return fmt.Errorf("flv: invalid MultitrackType %d", mt)
	case n == 0:
		return fmt.Errorf("flv: multitrack tag without tracks")
	case mt == OneTrack && n != 1:
		return fmt.Errorf("flv: OneTrack tag with %d tracks", n)
	}
	return nil
}

func appendVideoTrackBody(b []byte, pt VideoPacketType, f FourCC, cts int32, data []byte) ([]byte, error) {
	if pt == VideoCodedFrames && hasCompositionTime(f) {
		var err error
		if b, err = appendSI24(b, cts); err != nil {
			return b, err
		}
	}
	return append(b, data...), nil
}

func appendSI24(b []byte, v int32) ([]byte, error) {
	if v < MinCompositionTime || v > MaxCompositionTime {
		return b, fmt.Errorf("flv: composition time %d out of signed 24-bit range", v)
	}
	return appendU24(b, uint32(v)&0xffffff), nil
}

func appendLegacyVideo(b []byte, v *VideoTag) ([]byte, error) {
	if v.FrameType > 7 || v.CodecID > 0x0f {
		return b, fmt.Errorf("flv: legacy FrameType %d / CodecID %d out of range", v.FrameType, v.CodecID)
	}
	b = append(b, byte(v.FrameType)<<4|byte(v.CodecID))
	if v.CodecID.hasAVCHeader() {
		b = append(b, byte(v.AVCPacketType))
		var err error
		if b, err = appendSI24(b, v.CompositionTime); err != nil {
			return b, err
		}
	}
	if v.FrameType == FrameCommand {
		b = append(b, byte(v.Command))
	}
	return append(b, v.Data...), nil
}
