package flv

import "fmt"

// MultitrackType is the AvMultitrackType of an Enhanced RTMP v2 multitrack
// audio or video tag (PROTOCOL.md §10.8).
type MultitrackType uint8

// Multitrack modes.
const (
	OneTrack             MultitrackType = 0 // one track, explicit track id
	ManyTracks           MultitrackType = 1 // several tracks of one codec
	ManyTracksManyCodecs MultitrackType = 2 // several tracks, a FourCC per track
)

// String returns the specification's name of the mode.
func (m MultitrackType) String() string {
	switch m {
	case OneTrack:
		return "OneTrack"
	case ManyTracks:
		return "ManyTracks"
	case ManyTracksManyCodecs:
		return "ManyTracksManyCodecs"
	}
	return "MultitrackType(" + itoa(int(m)) + ")"
}

// rawTrack is one track of a multitrack body before codec-specific parsing.
type rawTrack struct {
	fourCC FourCC
	id     uint8
	body   []byte
}

// nextTrack splits the track at data[p:]. For OneTrack the body runs to the
// end of the message; otherwise a U24 size precedes it.
func nextTrack(data []byte, p int, mt MultitrackType, shared FourCC) (rawTrack, int, error) {
	t := rawTrack{fourCC: shared}
	if mt == ManyTracksManyCodecs {
		if p+4 > len(data) {
			return t, p, errShort
		}
		t.fourCC = FourCC(u32(data[p:]))
		p += 4
	}
	if p >= len(data) {
		return t, p, errShort
	}
	t.id = data[p]
	p++
	if mt == OneTrack {
		t.body = data[p:len(data):len(data)]
		return t, len(data), nil
	}
	if p+3 > len(data) {
		return t, p, errShort
	}
	size := int(u24(data[p:]))
	p += 3
	if p+size > len(data) {
		return t, p, malformed(fmt.Sprintf("track %d size %d overruns the message", t.id, size))
	}
	t.body = data[p : p+size : p+size]
	return t, p + size, nil
}

// appendTrackPrefix appends the per-track fields before a track body of
// size bytes.
func appendTrackPrefix(b []byte, mt MultitrackType, fourCC FourCC, id uint8, size int) ([]byte, error) {
	if mt == ManyTracksManyCodecs {
		b = appendU32(b, uint32(fourCC))
	}
	b = append(b, id)
	if mt != OneTrack {
		if size > 0xffffff {
			return b, fmt.Errorf("%w: track %d of %d bytes", ErrTagTooLarge, id, size)
		}
		b = appendU24(b, uint32(size))
	}
	return b, nil
}
