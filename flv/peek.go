package flv

// This file holds allocation-free checks on raw tag bodies for the hot paths
// of a server (GOP caching, sequence header caching, stats).

// videoPeek is what the first header bytes of a video body say.
type videoPeek struct {
	enhanced  bool
	frameType VideoFrameType
	codecID   VideoCodecID
	avcPT     AVCPacketType
	pt        VideoPacketType
	fourCC    FourCC
}

// peekVideo decodes the headers of a video body up to the packet type and
// FourCC (for ManyTracksManyCodecs, the first track's) without allocating.
func peekVideo(data []byte) (videoPeek, bool) {
	var v videoPeek
	if len(data) == 0 {
		return v, false
	}
	if data[0]&0x80 == 0 {
		v.frameType = VideoFrameType(data[0] >> 4)
		v.codecID = VideoCodecID(data[0] & 0x0f)
		if v.codecID.hasAVCHeader() {
			if len(data) < 2 {
				return v, false
			}
			v.avcPT = AVCPacketType(data[1])
		}
		return v, true
	}
	v.enhanced = true
	v.frameType = VideoFrameType(data[0] >> 4 & 7)
	pt, p, ok := peekExPrefix(data)
	if !ok {
		return v, false
	}
	v.pt = VideoPacketType(pt)
	if v.frameType == FrameCommand && v.pt != VideoMetadata {
		return v, true
	}
	// After a multitrack byte comes either the shared FourCC or, in
	// ManyTracksManyCodecs mode, the first track's: a FourCC either way.
	if v.pt == VideoMultitrack {
		if p >= len(data) {
			return v, false
		}
		v.pt = VideoPacketType(data[p] & 0x0f)
		p++
	}
	if p+4 > len(data) {
		return v, false
	}
	v.fourCC = FourCC(u32(data[p:]))
	return v, true
}

// peekExPrefix skips ModEx entries and returns the packet type after them
// and the position after it.
func peekExPrefix(data []byte) (pt uint8, p int, ok bool) {
	pt, p = data[0]&0x0f, 1
	if pt == modExPacketType {
		var err error
		if _, pt, p, err = parseModEx(data, p, false); err != nil {
			return 0, p, false
		}
	}
	return pt, p, true
}

// audioPeek is what the first header bytes of an audio body say.
type audioPeek struct {
	enhanced bool
	format   SoundFormat
	aacPT    AACPacketType
	pt       AudioPacketType
	fourCC   FourCC
}

func peekAudio(data []byte) (audioPeek, bool) {
	var a audioPeek
	if len(data) == 0 {
		return a, false
	}
	a.format = SoundFormat(data[0] >> 4)
	if a.format != SoundExHeader {
		if a.format == SoundAAC {
			if len(data) < 2 {
				return a, false
			}
			a.aacPT = AACPacketType(data[1])
		}
		return a, true
	}
	a.enhanced = true
	pt, p, ok := peekExPrefix(data)
	if !ok {
		return a, false
	}
	a.pt = AudioPacketType(pt)
	if a.pt == AudioMultitrack {
		if p >= len(data) {
			return a, false
		}
		a.pt = AudioPacketType(data[p] & 0x0f)
		p++
	}
	if p+4 > len(data) {
		return a, false
	}
	a.fourCC = FourCC(u32(data[p:]))
	return a, true
}

// IsVideoKeyframe reports whether a video tag body is marked as a keyframe
// (FrameType 1 or 4, legacy or Enhanced). Sequence headers are usually marked
// as keyframes too; check IsVideoSequenceHeader first when that matters.
func IsVideoKeyframe(data []byte) bool {
	if len(data) == 0 {
		return false
	}
	ft := VideoFrameType(data[0] >> 4 & 7)
	return ft == FrameKey || ft == FrameGeneratedKey
}

// IsVideoSequenceHeader reports whether a video tag body carries decoder
// configuration: legacy AVC/HEVC/AV1 AVCPacketType 0, or Enhanced
// SequenceStart/MPEG2TSSequenceStart (any FrameType, including 0), also
// behind ModEx and Multitrack prefixes.
func IsVideoSequenceHeader(data []byte) bool {
	v, ok := peekVideo(data)
	if !ok || v.frameType == FrameCommand && !(v.enhanced && v.pt == VideoMetadata) {
		return false
	}
	if !v.enhanced {
		return v.codecID.hasAVCHeader() && v.avcPT == AVCSequenceHeader
	}
	return v.pt == VideoSequenceStart || v.pt == VideoMPEG2TSSequenceStart
}

// IsAudioSequenceHeader reports whether an audio tag body carries decoder
// configuration: legacy AAC packet type 0 or Enhanced SequenceStart.
func IsAudioSequenceHeader(data []byte) bool {
	a, ok := peekAudio(data)
	if !ok {
		return false
	}
	if !a.enhanced {
		return a.format == SoundAAC && a.aacPT == AACSequenceHeader
	}
	return a.pt == AudioSequenceStart
}

// VideoCodecOf returns the codec of a video tag body, or "" if unknown or
// unparsable. It does not allocate.
func VideoCodecOf(data []byte) Codec {
	v, ok := peekVideo(data)
	if !ok {
		return ""
	}
	if !v.enhanced {
		return v.codecID.Codec()
	}
	return v.fourCC.Codec()
}

// AudioCodecOf returns the codec of an audio tag body, or "" if unknown or
// unparsable. It does not allocate.
func AudioCodecOf(data []byte) Codec {
	a, ok := peekAudio(data)
	if !ok {
		return ""
	}
	if !a.enhanced {
		return a.format.Codec()
	}
	return a.fourCC.Codec()
}
