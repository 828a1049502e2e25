package flv

import (
	"fmt"
	"io"
)

// AppendTag appends one complete tag to b: the 11-byte tag header, the body
// and the tag's PreviousTagSize. The StreamID field is always written as 0,
// as the FLV specification requires (tags read from RTMP carry the message
// stream id, which has no meaning in a file). It fails only if the body is
// larger than MaxDataSize or the type does not fit the 5-bit TagType field.
func AppendTag(b []byte, t Tag) ([]byte, error) {
	if err := checkTag(t); err != nil {
		return b, err
	}
	b = appendTagHeader(b, t)
	b = append(b, t.Data...)
	return appendU32(b, uint32(TagHeaderSize+len(t.Data))), nil
}

func checkTag(t Tag) error {
	if len(t.Data) > MaxDataSize {
		return fmt.Errorf("%w: %d bytes", ErrTagTooLarge, len(t.Data))
	}
	if t.Type > 0x1f {
		return fmt.Errorf("flv: tag type %d does not fit in 5 bits", uint8(t.Type))
	}
	return nil
}

func appendTagHeader(b []byte, t Tag) []byte {
	b = append(b, byte(t.Type))
	b = appendU24(b, uint32(len(t.Data)))
	b = appendU24(b, t.Timestamp&0xffffff)
	return append(b, byte(t.Timestamp>>24), 0, 0, 0)
}

// Writer writes an FLV file. Each WriteTag call hands the underlying writer
// whole tags including their PreviousTagSize, so a file cut short by a crash
// is readable up to its last complete tag. Wrap an unbuffered destination in
// a bufio.Writer (and Flush it) if many small tags are written.
type Writer struct {
	w           io.Writer
	hdr         Header
	wroteHeader bool
	buf         []byte
	n           int64
	err         error
}

// largeBody is the body size above which WriteTag writes header, body and
// trailer separately instead of copying the body into its buffer.
const largeBody = 64 << 10

// NewWriter returns a Writer that writes the file header h before the first
// tag.
func NewWriter(w io.Writer, h Header) *Writer {
	return &Writer{w: w, hdr: h}
}

// WriteHeader writes the file header and PreviousTagSize0 now, if not yet
// written. WriteTag calls it implicitly.
func (w *Writer) WriteHeader() error {
	if w.err != nil || w.wroteHeader {
		return w.err
	}
	w.wroteHeader = true
	w.buf = AppendHeader(w.buf[:0], w.hdr)
	return w.write(w.buf)
}

// WriteTag writes one tag. Errors from the underlying writer are sticky.
func (w *Writer) WriteTag(t Tag) error {
	if err := w.WriteHeader(); err != nil {
		return err
	}
	if err := checkTag(t); err != nil {
		return err
	}
	if len(t.Data) <= largeBody {
		w.buf, _ = AppendTag(w.buf[:0], t)
		return w.write(w.buf)
	}
	w.buf = appendTagHeader(w.buf[:0], t)
	if w.write(w.buf) != nil || w.write(t.Data) != nil {
		return w.err
	}
	w.buf = appendU32(w.buf[:0], uint32(TagHeaderSize+len(t.Data)))
	return w.write(w.buf)
}

// Written returns the number of bytes written so far.
func (w *Writer) Written() int64 { return w.n }

func (w *Writer) write(p []byte) error {
	n, err := w.w.Write(p)
	w.n += int64(n)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	w.err = err
	return err
}
