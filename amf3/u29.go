package amf3

// AppendU29 appends the U29 variable-length encoding of v (PROTOCOL.md §9.1).
// Only the low 29 bits of v are written.
func AppendU29(b []byte, v uint32) []byte {
	v &= maxU29
	switch {
	case v < 0x80:
		return append(b, byte(v))
	case v < 0x4000:
		return append(b, byte(v>>7)|0x80, byte(v)&0x7f)
	case v < 0x200000:
		return append(b, byte(v>>14)|0x80, byte(v>>7)|0x80, byte(v)&0x7f)
	default:
		return append(b, byte(v>>22)|0x80, byte(v>>15)|0x80, byte(v>>8)|0x80, byte(v))
	}
}

// u29ToInt sign-extends a 29-bit two's complement U29 to an int32.
func u29ToInt(v uint32) int32 {
	if v&0x10000000 != 0 {
		return int32(v) - 1<<29
	}
	return int32(v)
}
