package message

import (
	"encoding/binary"
	"io"
)

// cursor reads big-endian fields from a payload; every read checks the
// remaining length first so nothing is allocated from an untrusted length.
type cursor struct {
	b   []byte
	off int
}

func (c *cursor) rest() int { return len(c.b) - c.off }

func (c *cursor) u8() (uint8, error) {
	if c.rest() < 1 {
		return 0, io.ErrUnexpectedEOF
	}
	v := c.b[c.off]
	c.off++
	return v, nil
}

func (c *cursor) u16() (uint16, error) {
	if c.rest() < 2 {
		return 0, io.ErrUnexpectedEOF
	}
	v := binary.BigEndian.Uint16(c.b[c.off:])
	c.off += 2
	return v, nil
}

func (c *cursor) u24() (uint32, error) {
	if c.rest() < 3 {
		return 0, io.ErrUnexpectedEOF
	}
	p := c.b[c.off:]
	c.off += 3
	return uint32(p[0])<<16 | uint32(p[1])<<8 | uint32(p[2]), nil
}

func (c *cursor) u32() (uint32, error) {
	if c.rest() < 4 {
		return 0, io.ErrUnexpectedEOF
	}
	v := binary.BigEndian.Uint32(c.b[c.off:])
	c.off += 4
	return v, nil
}

// bytes returns the next n bytes, aliasing the payload.
func (c *cursor) bytes(n int) ([]byte, error) {
	if n < 0 || c.rest() < n {
		return nil, io.ErrUnexpectedEOF
	}
	v := c.b[c.off : c.off+n : c.off+n]
	c.off += n
	return v, nil
}

// utf8 reads a U16-length-prefixed string without a type marker.
func (c *cursor) utf8() (string, error) {
	n, err := c.u16()
	if err != nil {
		return "", err
	}
	p, err := c.bytes(int(n))
	if err != nil {
		c.off -= 2
		return "", err
	}
	return string(p), nil
}

func appendU16(b []byte, v uint16) []byte { return binary.BigEndian.AppendUint16(b, v) }

func appendU24(b []byte, v uint32) []byte { return append(b, byte(v>>16), byte(v>>8), byte(v)) }

func appendU32(b []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(b, v) }

// appendUTF8 appends a U16-length-prefixed string; the caller checks the length.
func appendUTF8(b []byte, s string) []byte {
	b = appendU16(b, uint16(len(s)))
	return append(b, s...)
}

var errUnexpectedEOF = io.ErrUnexpectedEOF
