package flv

import (
	"errors"
	"fmt"
	"io"
	"slices"
)

// Default limits used when a [Limits] field is zero.
const (
	// DefaultMaxTagSize bounds a tag body. 8 MiB holds any real keyframe;
	// the DataSize field itself allows up to MaxDataSize (16 MiB - 1).
	DefaultMaxTagSize = 8 << 20
	// DefaultMaxDataOffset bounds the header's DataOffset, i.e. how many
	// bytes of header extension a Reader is willing to skip.
	DefaultMaxDataOffset = 64 << 10
)

// growStep is the largest amount a body buffer grows by before the bytes for
// it have arrived, so a forged DataSize cannot make the reader allocate
// megabytes up front.
const growStep = 64 << 10

// Limits bounds what a [Reader] accepts. A zero field means the matching
// Default constant.
type Limits struct {
	MaxTagSize    int    // largest tag DataSize accepted (default DefaultMaxTagSize)
	MaxDataOffset uint32 // largest file header DataOffset accepted (default DefaultMaxDataOffset)
}

func (l Limits) withDefaults() Limits {
	if l.MaxTagSize <= 0 {
		l.MaxTagSize = DefaultMaxTagSize
	}
	if l.MaxDataOffset == 0 {
		l.MaxDataOffset = DefaultMaxDataOffset
	}
	return l
}

// Reader reads an FLV file tag by tag. It does no buffering of its own: wrap
// an unbuffered source (a file, a socket) in a bufio.Reader.
//
// PreviousTagSize handling: by default the Reader is lenient and ignores the
// PreviousTagSize fields, because many muxers write wrong ones (0, or the
// size without the 11-byte header) and the tag headers alone are enough to
// walk the file. Set Strict to get a [*PrevTagSizeError] instead.
//
// End of input: io.EOF after the PreviousTagSize of the last tag; input
// that ends anywhere else (inside the header, a tag, or before the final
// PreviousTagSize) gives io.ErrUnexpectedEOF. A tag whose body is complete is
// always returned before the truncation is reported. Errors are sticky.
type Reader struct {
	// Strict makes a PreviousTagSize mismatch an error. Set it before the
	// first read.
	Strict bool

	r       io.Reader
	lim     Limits
	hdr     Header
	started bool
	err     error
	want    uint32 // expected value of the next PreviousTagSize
	offset  int64  // bytes consumed from r
	hbuf    [4 + TagHeaderSize]byte
	buf     []byte // body buffer reused by Next
}

// NewReader returns a Reader that reads an FLV file from r within lim.
func NewReader(r io.Reader, lim Limits) *Reader {
	return &Reader{r: r, lim: lim.withDefaults()}
}

// Reset makes r read a new file from src with the same limits and
// strictness, keeping its reusable buffer.
func (r *Reader) Reset(src io.Reader) {
	*r = Reader{Strict: r.Strict, r: src, lim: r.lim, buf: r.buf[:0]}
}

// Header reads the file header if that has not happened yet and returns it.
func (r *Reader) Header() (Header, error) {
	if err := r.start(); err != nil {
		return Header{}, err
	}
	return r.hdr, nil
}

// Offset returns the number of bytes consumed from the underlying reader.
func (r *Reader) Offset() int64 { return r.offset }

// ReadTag returns the next tag with a freshly allocated Data that the caller
// may keep. At the end of the file it returns io.EOF.
func (r *Reader) ReadTag() (Tag, error) {
	t, err := r.next(nil)
	return t, err
}

// Next returns the next tag like ReadTag, but its Data aliases a buffer the
// Reader reuses: it is valid only until the next call to Next or ReadTag.
// Reading a whole file this way does no per-tag allocation.
func (r *Reader) Next() (Tag, error) {
	t, err := r.next(r.buf[:0])
	if cap(t.Data) > cap(r.buf) {
		r.buf = t.Data[:0]
	}
	return t, err
}

func (r *Reader) start() error {
	if r.started {
		return r.err
	}
	r.started = true
	h := r.hbuf[:HeaderSize]
	n, err := io.ReadFull(r.r, h)
	r.offset += int64(n)
	if err != nil {
		// Report a signature mismatch even on short input.
		if _, _, herr := ParseHeader(h[:n]); errors.Is(herr, ErrNotFLV) {
			err = herr
		}
		r.err = noEOF(err)
		return r.err
	}
	hdr, off, err := ParseHeader(h)
	if err == nil && off > r.lim.MaxDataOffset {
		err = fmt.Errorf("%w: DataOffset %d exceeds limit %d", ErrHeader, off, r.lim.MaxDataOffset)
	}
	if err != nil {
		r.err = err
		return err
	}
	if skip := int64(off) - HeaderSize; skip > 0 {
		m, err := io.CopyN(io.Discard, r.r, skip)
		r.offset += m
		if err != nil {
			r.err = noEOF(err)
			return r.err
		}
	}
	r.hdr = hdr
	return nil
}

// next reads one tag, appending its body to buf.
func (r *Reader) next(buf []byte) (Tag, error) {
	if err := r.start(); err != nil {
		return Tag{}, err
	}
	n, err := io.ReadFull(r.r, r.hbuf[:])
	pos := r.offset
	r.offset += int64(n)
	if n >= 4 {
		if got := u32(r.hbuf[:4]); r.Strict && got != r.want {
			r.err = &PrevTagSizeError{Offset: pos, Got: got, Want: r.want}
			return Tag{}, r.err
		}
	}
	if err != nil {
		if n == 4 && errors.Is(err, io.ErrUnexpectedEOF) {
			err = io.EOF // clean end: the last PreviousTagSize and nothing more
		} else {
			err = noEOF(err)
		}
		r.err = err
		return Tag{}, err
	}
	h := r.hbuf[4:]
	if h[0]&0x20 != 0 {
		r.err = ErrEncrypted
		return Tag{}, r.err
	}
	size := u24(h[1:4])
	if int64(size) > int64(r.lim.MaxTagSize) {
		r.err = fmt.Errorf("%w: DataSize %d exceeds limit %d", ErrTagTooLarge, size, r.lim.MaxTagSize)
		return Tag{}, r.err
	}
	t := Tag{
		Type:      TagType(h[0] & 0x1f),
		Timestamp: u24(h[4:7]) | uint32(h[7])<<24,
		StreamID:  u24(h[8:11]),
	}
	t.Data, err = readBody(r.r, buf, int(size))
	r.offset += int64(len(t.Data))
	if err != nil {
		r.err = err
		return Tag{}, err
	}
	r.want = TagHeaderSize + size
	return t, nil
}

// readBody reads exactly n bytes into buf[:0], growing buf at most growStep
// (or doubling) ahead of the data actually received.
func readBody(r io.Reader, buf []byte, n int) ([]byte, error) {
	if cap(buf) >= n {
		buf = buf[:n]
		_, err := io.ReadFull(r, buf)
		return buf, noEOF(err)
	}
	buf = buf[:0]
	for len(buf) < n {
		chunk := min(n-len(buf), max(len(buf), growStep))
		buf = slices.Grow(buf, chunk)
		m, err := io.ReadFull(r, buf[len(buf):len(buf)+chunk])
		buf = buf[:len(buf)+m]
		if err != nil {
			return buf, noEOF(err)
		}
	}
	return buf, nil
}

// noEOF turns io.EOF into io.ErrUnexpectedEOF: used where more input was
// required.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
