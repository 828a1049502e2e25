package amf3

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
)

// readChunk is the most a reader allocates ahead of the bytes it has
// actually received when reading a long string or byte array.
const readChunk = 64 << 10

// in is the byte source of a Decoder. It never reads past the bytes it is
// asked for, so a Decoder can share a stream with other decoders.
type in struct {
	r   io.Reader
	br  io.ByteReader // r as an io.ByteReader, or nil
	off int64
	buf [8]byte
}

func (s *in) reset(r io.Reader) {
	s.r = r
	s.br, _ = r.(io.ByteReader)
}

// eofErr turns an end of input inside a value into io.ErrUnexpectedEOF.
func (s *in) eofErr(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &SyntaxError{Offset: s.off, Msg: "unexpected end of input", Err: io.ErrUnexpectedEOF}
	}
	return &SyntaxError{Offset: s.off, Msg: "read error: " + err.Error(), Err: err}
}

func (s *in) readByte() (byte, error) {
	if s.br != nil {
		b, err := s.br.ReadByte()
		if err != nil {
			return 0, s.eofErr(err)
		}
		s.off++
		return b, nil
	}
	n, err := io.ReadFull(s.r, s.buf[:1])
	s.off += int64(n)
	if err != nil {
		return 0, s.eofErr(err)
	}
	return s.buf[0], nil
}

// readFull fills p.
func (s *in) readFull(p []byte) error {
	n, err := io.ReadFull(s.r, p)
	s.off += int64(n)
	if err != nil {
		return s.eofErr(err)
	}
	return nil
}

// readN reads exactly n bytes into a new slice, growing it in chunks so a
// large declared length costs memory only as the bytes arrive.
func (s *in) readN(n int) ([]byte, error) {
	if n <= readChunk {
		b := make([]byte, n)
		return b, s.readFull(b)
	}
	b := make([]byte, 0, readChunk)
	for len(b) < n {
		k := min(n-len(b), readChunk)
		if cap(b)-len(b) < k {
			nb := make([]byte, len(b), min(2*cap(b), n))
			copy(nb, b)
			b = nb
		}
		if err := s.readFull(b[len(b) : len(b)+k]); err != nil {
			return nil, err
		}
		b = b[:len(b)+k]
	}
	return b, nil
}

func (s *in) readU29() (uint32, error) {
	var v uint32
	for range 3 {
		b, err := s.readByte()
		if err != nil {
			return 0, err
		}
		if b&0x80 == 0 {
			return v<<7 | uint32(b), nil
		}
		v = v<<7 | uint32(b&0x7f)
	}
	b, err := s.readByte()
	if err != nil {
		return 0, err
	}
	return v<<8 | uint32(b), nil
}

func (s *in) readUint32() (uint32, error) {
	if err := s.readFull(s.buf[:4]); err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint32(s.buf[:4]), nil
}

func (s *in) readDouble() (float64, error) {
	if err := s.readFull(s.buf[:8]); err != nil {
		return 0, err
	}
	return math.Float64frombits(binary.BigEndian.Uint64(s.buf[:8])), nil
}
