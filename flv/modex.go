package flv

import (
	"fmt"
	"io"
)

// ModExType is the type of an Enhanced RTMP v2 ModEx (modifier extension)
// entry (PROTOCOL.md §10.9).
type ModExType uint8

// ModExTimestampOffsetNano carries a UI24 nanosecond offset (0..999999)
// added to the message's millisecond timestamp for this message only.
const ModExTimestampOffsetNano ModExType = 0

// ModEx is one ModEx entry preceding the real packet type of an Enhanced
// audio or video tag. Data holds 1..65536 bytes.
type ModEx struct {
	Type ModExType
	Data []byte
}

// NanoOffsetModEx returns a TimestampOffsetNano ModEx carrying ns
// nanoseconds (which should be below 1,000,000).
func NanoOffsetModEx(ns uint32) ModEx {
	return ModEx{Type: ModExTimestampOffsetNano, Data: appendU24(nil, ns)}
}

// timestampOffsetNano returns the offset of the last TimestampOffsetNano
// entry in m.
func timestampOffsetNano(m []ModEx) (uint32, bool) {
	for i := len(m) - 1; i >= 0; i-- {
		if m[i].Type == ModExTimestampOffsetNano && len(m[i].Data) >= 3 {
			return u24(m[i].Data), true
		}
	}
	return 0, false
}

// modExPacketType is the packet type value announcing a ModEx entry; it is
// 7 for both audio and video.
const modExPacketType = 7

// parseModEx reads ModEx entries starting at data[p], given that the packet
// type just read was ModEx. It returns the entries (nil if keep is false),
// the next real packet type and the new position.
func parseModEx(data []byte, p int, keep bool) (mods []ModEx, pt uint8, np int, err error) {
	pt = modExPacketType
	for pt == modExPacketType {
		if p >= len(data) {
			return nil, 0, p, io.ErrUnexpectedEOF
		}
		size := int(data[p]) + 1
		p++
		if size == 256 {
			if p+2 > len(data) {
				return nil, 0, p, io.ErrUnexpectedEOF
			}
			size = int(data[p])<<8 | int(data[p+1]) + 1
			p += 2
		}
		if p+size+1 > len(data) {
			return nil, 0, p, io.ErrUnexpectedEOF
		}
		m := ModEx{Type: ModExType(data[p+size] >> 4), Data: data[p : p+size : p+size]}
		pt = data[p+size] & 0x0f
		p += size + 1
		if m.Type == ModExTimestampOffsetNano && size < 3 {
			return nil, 0, p, malformed("TimestampOffsetNano ModEx shorter than 3 bytes")
		}
		if keep {
			mods = append(mods, m)
		}
	}
	return mods, pt, p, nil
}

// appendModEx appends the ModEx entries; the packet type nibble after the
// last one is next.
func appendModEx(b []byte, mods []ModEx, next uint8) ([]byte, error) {
	for i, m := range mods {
		n := len(m.Data)
		switch {
		case n == 0 || n > 1<<16:
			return b, fmt.Errorf("flv: ModEx data of %d bytes (want 1..65536)", n)
		case n < 256:
			b = append(b, byte(n-1))
		default:
			b = append(b, 0xff, byte((n-1)>>8), byte(n-1))
		}
		if m.Type > 0x0f {
			return b, fmt.Errorf("flv: ModEx type %d does not fit in 4 bits", m.Type)
		}
		b = append(b, m.Data...)
		pt := next
		if i < len(mods)-1 {
			pt = modExPacketType
		}
		b = append(b, byte(m.Type)<<4|pt)
	}
	return b, nil
}
