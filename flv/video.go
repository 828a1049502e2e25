package flv

// VideoTag is a parsed video tag body (an RTMP video message payload), legacy
// or Enhanced RTMP. Byte slices alias the parsed input.
//
// Parsing then building with [AppendVideo] reproduces the input bytes, with
// one exception: a ModEx size written in the long (U16) form when the short
// form would do is rebuilt in the short form.
type VideoTag struct {
	// Enhanced is the IsExHeader bit: FourCC signalling, packet types,
	// multitrack and ModEx (PROTOCOL.md §10.5).
	Enhanced bool
	// FrameType is 3 bits wide in both forms (the top bit of the first byte
	// is IsExHeader). Enhanced sequence start tags may carry 0 (gortmplib
	// writes 0x80); this is accepted.
	FrameType VideoFrameType

	// CodecID is the legacy codec id (Enhanced == false only).
	CodecID VideoCodecID
	// AVCPacketType is set for legacy CodecID 7, 12 and 13.
	AVCPacketType AVCPacketType

	// PacketType is the Enhanced packet type that governs the body, after
	// any ModEx and Multitrack prefixes (never VideoModEx, and
	// VideoMultitrack only in a command frame, which ends before any
	// multitrack header).
	PacketType VideoPacketType
	// ModEx lists the ModEx entries in wire order (Enhanced only).
	ModEx []ModEx
	// Multitrack is true when the tag uses the Multitrack packet type; the
	// bodies are then in Tracks and Data is unused.
	Multitrack     bool
	MultitrackType MultitrackType
	// FourCC is the codec of an Enhanced tag; for Multitrack tags it is the
	// shared FourCC (0 in ManyTracksManyCodecs mode).
	FourCC FourCC

	// Command is the VideoCommand of a command frame (see IsCommand).
	Command VideoCommand
	// CompositionTime is PTS - DTS in milliseconds (signed 24-bit): legacy
	// AVC-layout tags, and Enhanced CodedFrames of avc1/hvc1/vvc1.
	CompositionTime int32
	// Data is the payload after all headers: the configuration record,
	// coded frames, AMF metadata, or anything after a command byte.
	Data []byte
	// Tracks holds the tracks of a Multitrack tag.
	Tracks []VideoTrack
}

// VideoTrack is one track of an Enhanced RTMP multitrack video tag.
type VideoTrack struct {
	FourCC          FourCC // the track's codec (copied from the tag unless ManyTracksManyCodecs)
	ID              uint8  // track id; 0 is the default track
	CompositionTime int32  // for CodedFrames of avc1/hvc1/vvc1
	Data            []byte // the track body after its composition time
}

// IsCommand reports whether the tag is a command frame: FrameType 5 and, if
// Enhanced, a packet type other than Metadata. Its Command field is valid.
func (v *VideoTag) IsCommand() bool {
	return v.FrameType == FrameCommand && !(v.Enhanced && v.PacketType == VideoMetadata)
}

// IsKeyframe reports whether the tag is marked as a keyframe (FrameType 1 or
// 4). Sequence headers are usually marked as keyframes too.
func (v *VideoTag) IsKeyframe() bool {
	return v.FrameType == FrameKey || v.FrameType == FrameGeneratedKey
}

// IsSequenceHeader reports whether the tag carries decoder configuration:
// legacy AVCPacketType 0, or Enhanced SequenceStart or MPEG2TSSequenceStart.
func (v *VideoTag) IsSequenceHeader() bool {
	if v.IsCommand() {
		return false
	}
	if !v.Enhanced {
		return v.CodecID.hasAVCHeader() && v.AVCPacketType == AVCSequenceHeader
	}
	return v.PacketType == VideoSequenceStart || v.PacketType == VideoMPEG2TSSequenceStart
}

// IsSequenceEnd reports whether the tag ends a sequence (legacy
// AVCPacketType 2 or Enhanced SequenceEnd).
func (v *VideoTag) IsSequenceEnd() bool {
	if v.IsCommand() {
		return false
	}
	if !v.Enhanced {
		return v.CodecID.hasAVCHeader() && v.AVCPacketType == AVCEndOfSequence
	}
	return v.PacketType == VideoSequenceEnd
}

// Codec returns the video codec; for ManyTracksManyCodecs, that of the first
// track.
func (v *VideoTag) Codec() Codec {
	if !v.Enhanced {
		return v.CodecID.Codec()
	}
	if v.FourCC == 0 && len(v.Tracks) > 0 {
		return v.Tracks[0].FourCC.Codec()
	}
	return v.FourCC.Codec()
}

// TimestampOffsetNano returns the nanosecond timestamp offset carried by a
// TimestampOffsetNano ModEx entry, if any.
func (v *VideoTag) TimestampOffsetNano() (uint32, bool) { return timestampOffsetNano(v.ModEx) }

// ParseVideo parses a video tag body. It does not allocate unless the tag has
// ModEx entries or multiple tracks. A body that ends early gives
// io.ErrUnexpectedEOF; an unassigned packet type gives an error wrapping
// ErrReserved, with the fields read so far filled in.
func ParseVideo(data []byte) (VideoTag, error) {
	var v VideoTag
	if len(data) == 0 {
		return v, errShort
	}
	b0 := data[0]
	if b0&0x80 == 0 {
		return parseLegacyVideo(data)
	}
	v.Enhanced = true
	v.FrameType = VideoFrameType(b0 >> 4 & 7)
	pt := b0 & 0x0f
	p := 1
	var err error
	if pt == uint8(VideoModEx) {
		if v.ModEx, pt, p, err = parseModEx(data, p, true); err != nil {
			return v, err
		}
	}
	v.PacketType = VideoPacketType(pt)
	if v.FrameType == FrameCommand && v.PacketType != VideoMetadata {
		if p >= len(data) {
			return v, errShort
		}
		v.Command = VideoCommand(data[p])
		v.Data = data[p+1:]
		return v, nil
	}
	if v.PacketType == VideoMultitrack {
		if p >= len(data) {
			return v, errShort
		}
		v.Multitrack = true
		v.MultitrackType = MultitrackType(data[p] >> 4)
		v.PacketType = VideoPacketType(data[p] & 0x0f)
		p++
		if v.MultitrackType > ManyTracksManyCodecs {
			return v, reserved("AvMultitrackType", uint8(v.MultitrackType))
		}
		if v.PacketType == VideoMultitrack || v.PacketType == VideoModEx {
			return v, malformed("multitrack packet type " + v.PacketType.String())
		}
	}
	if v.PacketType > VideoModEx {
		return v, reserved("VideoPacketType", uint8(v.PacketType))
	}
	if !v.Multitrack || v.MultitrackType != ManyTracksManyCodecs {
		if p+4 > len(data) {
			return v, errShort
		}
		v.FourCC = FourCC(u32(data[p:]))
		p += 4
	}
	if !v.Multitrack {
		v.CompositionTime, v.Data, err = videoTrackBody(v.PacketType, v.FourCC, data[p:])
		return v, err
	}
	return v, parseVideoTracks(&v, data, p)
}

func parseVideoTracks(v *VideoTag, data []byte, p int) error {
	for {
		rt, np, err := nextTrack(data, p, v.MultitrackType, v.FourCC)
		if err != nil {
			return err
		}
		p = np
		t := VideoTrack{FourCC: rt.fourCC, ID: rt.id}
		if t.CompositionTime, t.Data, err = videoTrackBody(v.PacketType, t.FourCC, rt.body); err != nil {
			return err
		}
		v.Tracks = append(v.Tracks, t)
		if p >= len(data) {
			return nil
		}
	}
}

// videoTrackBody splits the composition time off an Enhanced body where the
// packet type and codec call for one.
func videoTrackBody(pt VideoPacketType, f FourCC, body []byte) (int32, []byte, error) {
	if pt == VideoCodedFrames && hasCompositionTime(f) {
		if len(body) < 3 {
			return 0, nil, errShort
		}
		return si24(body), body[3:], nil
	}
	return 0, body, nil
}

func parseLegacyVideo(data []byte) (VideoTag, error) {
	v := VideoTag{FrameType: VideoFrameType(data[0] >> 4), CodecID: VideoCodecID(data[0] & 0x0f)}
	p := 1
	if v.CodecID.hasAVCHeader() {
		if len(data) < 5 {
			return v, errShort
		}
		v.AVCPacketType = AVCPacketType(data[1])
		v.CompositionTime = si24(data[2:])
		p = 5
	}
	if v.FrameType == FrameCommand {
		if p >= len(data) {
			return v, errShort
		}
		v.Command = VideoCommand(data[p])
		p++
	}
	v.Data = data[p:]
	return v, nil
}
