package amf0

import (
	"encoding/binary"
	"io"
	"math"
)

// maxScratch is the largest scratch buffer a stream-mode reader keeps between
// reads; larger reads use a buffer that is dropped afterwards.
const maxScratch = 64 << 10

// reader is the decoder's input: either a byte slice held in memory (the fast
// path used by Unmarshal, DecodeAll and NewBytesDecoder) or an io.Reader read
// with exact sizes so that nothing past the decoded value is consumed.
type reader struct {
	buf []byte // slice mode: the whole input
	pos int    // slice mode: next byte

	r       io.Reader     // stream mode when non-nil
	br      io.ByteReader // r as a ByteReader, if it is one
	off     int64         // stream mode: bytes consumed
	one     [1]byte
	scratch []byte
}

func (s *reader) resetBytes(b []byte) {
	*s = reader{buf: b}
}

func (s *reader) resetReader(r io.Reader) {
	br, _ := r.(io.ByteReader)
	*s = reader{r: r, br: br}
}

// offset returns the number of bytes consumed so far.
func (s *reader) offset() int64 {
	if s.r == nil {
		return int64(s.pos)
	}
	return s.off
}

// remaining returns a bound on the bytes still available: exact in slice
// mode, -1 (unknown) in stream mode.
func (s *reader) remaining() int {
	if s.r == nil {
		return len(s.buf) - s.pos
	}
	return -1
}

// readByte returns the next byte, or io.EOF at the end of the input.
func (s *reader) readByte() (byte, error) {
	if s.r == nil {
		if s.pos < len(s.buf) {
			b := s.buf[s.pos]
			s.pos++
			return b, nil
		}
		return 0, io.EOF
	}
	return s.readByteStream()
}

func (s *reader) readByteStream() (byte, error) {
	if s.br != nil {
		b, err := s.br.ReadByte()
		if err == nil {
			s.off++
		}
		return b, err
	}
	n, err := io.ReadFull(s.r, s.one[:])
	s.off += int64(n)
	return s.one[0], err
}

// readN returns the next n bytes, or io.ErrUnexpectedEOF if fewer remain. In
// stream mode the result is only valid until the next call.
func (s *reader) readN(n int) ([]byte, error) {
	if s.r == nil {
		if n <= len(s.buf)-s.pos {
			b := s.buf[s.pos : s.pos+n]
			s.pos += n
			return b, nil
		}
		s.pos = len(s.buf)
		return nil, io.ErrUnexpectedEOF
	}
	return s.readNStream(n)
}

// readNStream reads n bytes from the stream, growing the buffer as the bytes
// arrive so that a hostile length cannot make it allocate up front.
func (s *reader) readNStream(n int) ([]byte, error) {
	buf := s.scratch[:0]
	for len(buf) < n {
		k := n - len(buf)
		if step := max(len(buf), 4096); k > step {
			k = step
		}
		if cap(buf)-len(buf) < k {
			nb := make([]byte, len(buf), len(buf)+k)
			copy(nb, buf)
			buf = nb
		}
		m, err := io.ReadFull(s.r, buf[len(buf):len(buf)+k])
		buf = buf[:len(buf)+m]
		s.off += int64(m)
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
	}
	if cap(buf) <= maxScratch {
		s.scratch = buf
	}
	return buf, nil
}

func (s *reader) readU16() (int, error) {
	b, err := s.readN(2)
	if err != nil {
		return 0, err
	}
	return int(binary.BigEndian.Uint16(b)), nil
}

func (s *reader) readU32() (uint32, error) {
	b, err := s.readN(4)
	if err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint32(b), nil
}

func (s *reader) readDouble() (float64, error) {
	b, err := s.readN(8)
	if err != nil {
		return 0, err
	}
	return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
}

// byteSource gives the AMF3 decoder exact-size access to the same input, so
// that it consumes only the bytes of its value and offsets stay in step.
type byteSource struct{ s *reader }

// Read implements io.Reader.
func (b byteSource) Read(p []byte) (int, error) {
	s := b.s
	if s.r == nil {
		if s.pos >= len(s.buf) {
			return 0, io.EOF
		}
		n := copy(p, s.buf[s.pos:])
		s.pos += n
		return n, nil
	}
	n, err := s.r.Read(p)
	s.off += int64(n)
	return n, err
}

// ReadByte implements io.ByteReader.
func (b byteSource) ReadByte() (byte, error) { return b.s.readByte() }

func beFloat(b []byte) float64 {
	return math.Float64frombits(binary.BigEndian.Uint64(b))
}
