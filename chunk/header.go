package chunk

// Message header sizes by fmt (RTMP spec §5.3.1.2).
var msgHeaderSize = [4]int{11, 7, 3, 0}

// extMarker in a 24-bit timestamp field means a 4-byte extended timestamp follows.
const extMarker = 0xFFFFFF

// appendBasicHeader appends the shortest basic header for fmt and csid
// (csid must be MinCSID..MaxCSID).
func appendBasicHeader(b []byte, fmt uint8, csid uint32) []byte {
	f := fmt << 6
	switch {
	case csid < 64:
		return append(b, f|byte(csid))
	case csid < 320:
		return append(b, f, byte(csid-64))
	default:
		c := csid - 64
		return append(b, f|1, byte(c), byte(c>>8))
	}
}

// header is the decoded form of one chunk header: the fields the bytes carry,
// before any state of the chunk stream is applied.
type header struct {
	fmt      uint8
	csid     uint32
	tsField  uint32 // 24-bit timestamp (fmt 0) or delta (fmt 1/2) field as written
	ext      uint32 // extended timestamp, when hasExt
	hasExt   bool
	length   uint32 // fmt 0/1
	typ      uint8  // fmt 0/1
	streamID uint32 // fmt 0
}

// appendHeader appends the basic and message header for h, plus the extended
// timestamp when h.hasExt (for fmt 3 too).
func appendHeader(b []byte, h *header) []byte {
	b = appendBasicHeader(b, h.fmt, h.csid)
	if h.fmt <= 2 {
		t := h.tsField
		b = append(b, byte(t>>16), byte(t>>8), byte(t))
	}
	if h.fmt <= 1 {
		l := h.length
		b = append(b, byte(l>>16), byte(l>>8), byte(l), h.typ)
	}
	if h.fmt == 0 {
		s := h.streamID
		b = append(b, byte(s), byte(s>>8), byte(s>>16), byte(s>>24))
	}
	if h.hasExt {
		e := h.ext
		b = append(b, byte(e>>24), byte(e>>16), byte(e>>8), byte(e))
	}
	return b
}

func be24(b []byte) uint32 { return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2]) }
func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
