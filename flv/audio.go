package flv

import "fmt"

// AudioTag is a parsed audio tag body (an RTMP audio message payload), legacy
// or Enhanced RTMP. Byte slices alias the parsed input.
//
// Parsing then building with [AppendAudio] reproduces the input bytes, with
// the same ModEx exception as [VideoTag].
type AudioTag struct {
	// Enhanced is set when SoundFormat is 9 (ExHeader).
	Enhanced bool

	// Legacy header fields (Enhanced == false).
	SoundFormat SoundFormat
	SoundRate   SoundRate
	SoundSize   uint8 // 0 = 8-bit, 1 = 16-bit samples
	SoundType   uint8 // 0 = mono, 1 = stereo
	// AACPacketType is set for SoundFormat 10 (AAC).
	AACPacketType AACPacketType

	// PacketType is the Enhanced packet type that governs the body, after
	// any ModEx and Multitrack prefixes (never AudioModEx or
	// AudioMultitrack).
	PacketType AudioPacketType
	// ModEx lists the ModEx entries in wire order (Enhanced only).
	ModEx []ModEx
	// Multitrack is true when the tag uses the Multitrack packet type; the
	// bodies are then in Tracks and Data is unused.
	Multitrack     bool
	MultitrackType MultitrackType
	// FourCC is the codec of an Enhanced tag; for Multitrack tags it is the
	// shared FourCC (0 in ManyTracksManyCodecs mode).
	FourCC FourCC

	// Data is the payload after all headers (for MultichannelConfig, the
	// encoded config: see the MultichannelConfig method).
	Data []byte
	// Tracks holds the tracks of a Multitrack tag.
	Tracks []AudioTrack
}

// AudioTrack is one track of an Enhanced RTMP multitrack audio tag.
type AudioTrack struct {
	FourCC FourCC // the track's codec (copied from the tag unless ManyTracksManyCodecs)
	ID     uint8  // track id; 0 is the default track
	Data   []byte // the track body
}

// IsSequenceHeader reports whether the tag carries decoder configuration:
// legacy AAC sequence header or Enhanced SequenceStart.
func (a *AudioTag) IsSequenceHeader() bool {
	if !a.Enhanced {
		return a.SoundFormat == SoundAAC && a.AACPacketType == AACSequenceHeader
	}
	return a.PacketType == AudioSequenceStart
}

// Codec returns the audio codec; for ManyTracksManyCodecs, that of the first
// track.
func (a *AudioTag) Codec() Codec {
	if !a.Enhanced {
		return a.SoundFormat.Codec()
	}
	if a.FourCC == 0 && len(a.Tracks) > 0 {
		return a.Tracks[0].FourCC.Codec()
	}
	return a.FourCC.Codec()
}

// TimestampOffsetNano returns the nanosecond timestamp offset carried by a
// TimestampOffsetNano ModEx entry, if any.
func (a *AudioTag) TimestampOffsetNano() (uint32, bool) { return timestampOffsetNano(a.ModEx) }

// MultichannelConfig decodes Data of a single-track MultichannelConfig tag.
func (a *AudioTag) MultichannelConfig() (MultichannelConfig, error) {
	if !a.Enhanced || a.PacketType != AudioMultichannelConfig || a.Multitrack {
		return MultichannelConfig{}, fmt.Errorf("flv: not a single-track MultichannelConfig tag")
	}
	return ParseMultichannelConfig(a.Data)
}

// ParseAudio parses an audio tag body. It does not allocate unless the tag has
// ModEx entries or multiple tracks. An empty body (an RTMP "silence" marker)
// or one that ends early gives io.ErrUnexpectedEOF; an unassigned packet type
// gives an error wrapping ErrReserved. A MultichannelConfig body is
// validated.
func ParseAudio(data []byte) (AudioTag, error) {
	var a AudioTag
	if len(data) == 0 {
		return a, errShort
	}
	b0 := data[0]
	if SoundFormat(b0>>4) != SoundExHeader {
		a.SoundFormat = SoundFormat(b0 >> 4)
		a.SoundRate = SoundRate(b0 >> 2 & 3)
		a.SoundSize = b0 >> 1 & 1
		a.SoundType = b0 & 1
		a.Data = data[1:]
		if a.SoundFormat == SoundAAC {
			if len(data) < 2 {
				return a, errShort
			}
			a.AACPacketType = AACPacketType(data[1])
			a.Data = data[2:]
		}
		return a, nil
	}
	a.Enhanced = true
	pt := b0 & 0x0f
	p := 1
	var err error
	if pt == uint8(AudioModEx) {
		if a.ModEx, pt, p, err = parseModEx(data, p, true); err != nil {
			return a, err
		}
	}
	a.PacketType = AudioPacketType(pt)
	if a.PacketType == AudioMultitrack {
		if p >= len(data) {
			return a, errShort
		}
		a.Multitrack = true
		a.MultitrackType = MultitrackType(data[p] >> 4)
		a.PacketType = AudioPacketType(data[p] & 0x0f)
		p++
		if a.MultitrackType > ManyTracksManyCodecs {
			return a, reserved("AvMultitrackType", uint8(a.MultitrackType))
		}
		if a.PacketType == AudioMultitrack || a.PacketType == AudioModEx {
			return a, malformed("multitrack packet type " + a.PacketType.String())
		}
	}
	if a.PacketType.reserved() {
		return a, reserved("AudioPacketType", uint8(a.PacketType))
	}
	if !a.Multitrack || a.MultitrackType != ManyTracksManyCodecs {
		if p+4 > len(data) {
			return a, errShort
		}
		a.FourCC = FourCC(u32(data[p:]))
		p += 4
	}
	if !a.Multitrack {
		a.Data = data[p:]
		return a, checkAudioBody(a.PacketType, a.Data)
	}
	for {
		rt, np, err := nextTrack(data, p, a.MultitrackType, a.FourCC)
		if err != nil {
			return a, err
		}
		p = np
		if err := checkAudioBody(a.PacketType, rt.body); err != nil {
			return a, err
		}
		a.Tracks = append(a.Tracks, AudioTrack{FourCC: rt.fourCC, ID: rt.id, Data: rt.body})
		if p >= len(data) {
			return a, nil
		}
	}
}

func checkAudioBody(pt AudioPacketType, body []byte) error {
	if pt != AudioMultichannelConfig {
		return nil
	}
	_, err := ParseMultichannelConfig(body)
	return err
}

// AppendAudio appends the audio tag body described by a (headers and payload)
// to b. It is the inverse of [ParseAudio]. It fails if a field does not fit
// its wire representation or the combination is impossible (a multitrack tag
// without tracks, a OneTrack tag with several).
func AppendAudio(b []byte, a *AudioTag) ([]byte, error) {
	if !a.Enhanced {
		if a.SoundFormat > 0x0f || a.SoundFormat == SoundExHeader || a.SoundRate > 3 || a.SoundSize > 1 || a.SoundType > 1 {
			return b, fmt.Errorf("flv: invalid legacy audio header %d/%d/%d/%d", a.SoundFormat, a.SoundRate, a.SoundSize, a.SoundType)
		}
		b = append(b, byte(a.SoundFormat)<<4|byte(a.SoundRate)<<2|a.SoundSize<<1|a.SoundType)
		if a.SoundFormat == SoundAAC {
			b = append(b, byte(a.AACPacketType))
		}
		return append(b, a.Data...), nil
	}
	if a.PacketType == AudioMultitrack || a.PacketType == AudioModEx || a.PacketType > 0x0f {
		return b, fmt.Errorf("flv: invalid AudioTag.PacketType %d", a.PacketType)
	}
	first := uint8(a.PacketType)
	if a.Multitrack {
		first = uint8(AudioMultitrack)
	}
	if len(a.ModEx) > 0 {
		b = append(b, byte(SoundExHeader)<<4|modExPacketType)
		var err error
		if b, err = appendModEx(b, a.ModEx, first); err != nil {
			return b, err
		}
	} else {
		b = append(b, byte(SoundExHeader)<<4|first)
	}
	if !a.Multitrack {
		b = appendU32(b, uint32(a.FourCC))
		return append(b, a.Data...), nil
	}
	if err := checkTracks(a.MultitrackType, len(a.Tracks)); err != nil {
		return b, err
	}
	b = append(b, byte(a.MultitrackType)<<4|byte(a.PacketType))
	if a.MultitrackType != ManyTracksManyCodecs {
		b = appendU32(b, uint32(a.FourCC))
	}
	for _, t := range a.Tracks {
		var err error
		if b, err = appendTrackPrefix(b, a.MultitrackType, t.FourCC, t.ID, len(t.Data)); err != nil {
			return b, err
		}
		b = append(b, t.Data...)
	}
	return b, nil
}
