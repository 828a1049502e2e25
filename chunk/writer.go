package chunk

import (
	"errors"
	"io"
	"slices"
)

// arenaBlock is the size of the blocks a Writer carves chunk headers from.
const arenaBlock = 1024

// MaxHeaderLen is the longest chunk header: 3-byte basic header, 11-byte fmt 0
// message header and 4-byte extended timestamp. No header slice that
// AppendMessage or AppendPrepared returns is longer.
const MaxHeaderLen = 3 + 11 + 4

var errNoWriter = errors.New("chunk: WriteMessage on a Writer created without an io.Writer")

// maxRetainedOut bounds the WriteMessage scratch buffer kept between calls.
const maxRetainedOut = 1 << 20

// Writer fragments messages into chunks. It compresses headers per chunk
// stream the way FMS does: fmt 0 for the first message on a chunk stream, a
// new message stream id, or a timestamp that goes backwards (serial-number
// arithmetic, so 32-bit wraparound counts as forward); fmt 1 when the length
// or type changes; fmt 2 when only the timestamp delta changes; fmt 3 when
// length, type and delta all repeat. It never follows a fmt 0 header with a
// fmt 3 message start, since readers disagree about the delta that implies
// (PROTOCOL.md §3.3). Continuation chunks repeat the extended timestamp unless
// SetOmitFmt3ExtendedTimestamp(true) was called.
//
// Two ways to write: WriteMessage writes one message to the io.Writer given to
// NewWriter; AppendMessage appends the chunks as slices — per-writer headers
// interleaved with sub-slices of the shared payload — ready for net.Buffers, so
// one payload can be sent on many connections without copying it. A Writer is
// not safe for concurrent use.
type Writer struct {
	w         io.Writer
	chunkSize uint32
	omitExt3  bool
	low       [lowCSIDs]wstate
	high      map[uint32]*wstate
	arena     []byte
	out       []byte
	nwritten  uint64
}

// wstate is the per-chunk-stream state of a Writer: the last header sent.
type wstate struct {
	valid      bool
	deltaValid bool // delta is what a fmt 3 message start would add
	timestamp  uint32
	delta      uint32
	length     uint32
	typ        uint8
	streamID   uint32
}

// NewWriter returns a Writer with chunk size DefaultChunkSize. w receives the
// bytes of WriteMessage; it may be nil if only AppendMessage is used.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, chunkSize: DefaultChunkSize}
}

// SetChunkSize sets the size of outgoing chunks (1..MaxChunkSize). Send the
// Set Chunk Size message (with the old size) before calling it: the new size
// applies to the chunks that follow it.
func (w *Writer) SetChunkSize(n uint32) error {
	if !validChunkSize(n) {
		return protoErr(ErrInvalidChunkSize, 0, uint64(n))
	}
	w.chunkSize = effectiveChunkSize(n)
	return nil
}

// ChunkSize returns the outgoing chunk size.
func (w *Writer) ChunkSize() uint32 { return w.chunkSize }

// SetOmitFmt3ExtendedTimestamp makes the Writer leave out the extended
// timestamp on fmt 3 chunks, as rtmpdump/librtmp 2.4 does, for peers that do
// not expect it. The default (false) repeats it, as the spec, FMS and FFmpeg do.
func (w *Writer) SetOmitFmt3ExtendedTimestamp(omit bool) { w.omitExt3 = omit }

// BytesWritten returns the number of bytes the Writer has produced: written by
// WriteMessage or appended by AppendMessage (counted as if written).
func (w *Writer) BytesWritten() uint64 { return w.nwritten }

// Reset lets the Writer reuse the memory of the chunk headers AppendMessage
// returned so far. Call it only once every slice appended since the previous
// Reset has been written out. Without Reset the Writer takes fresh blocks.
func (w *Writer) Reset() { w.arena = w.arena[:0] }

// SwapArena makes the Writer carve the headers of AppendMessage and
// AppendPrepared from a, after its length, and returns the memory it used
// until now. With it many Writers can share one block instead of keeping
// one each: lend a block for a batch (SwapArena(block[:0])), write the batch,
// and take the block back (SwapArena(nil)) before lending it to the next
// Writer. A header slice must not be used once its block is lent again;
// copy the ones still needed (they are at most MaxHeaderLen bytes long).
// A Writer without an arena, or whose arena is full, allocates a new block.
func (w *Writer) SwapArena(a []byte) []byte {
	old := w.arena
	w.arena = a
	return old
}

// lowCSIDs is the number of chunk streams whose state a Writer keeps
// inline (csid 0 to 15; peers use a handful below 10); the others are in a
// map. A server keeps one Writer per connection, so this is per-player
// memory.
const lowCSIDs = 16

func (w *Writer) state(csid uint32) *wstate {
	if csid < lowCSIDs {
		return &w.low[csid]
	}
	if w.high == nil {
		w.high = make(map[uint32]*wstate)
	}
	st := w.high[csid]
	if st == nil {
		st = new(wstate)
		w.high[csid] = st
	}
	return st
}

// headers chooses the chunk format for m, updates the chunk stream state, and
// appends the first chunk header and then the continuation (fmt 3) header to
// b. It returns the extended b and the offset where the continuation header starts.
func (w *Writer) headers(b []byte, m *Message) ([]byte, int, error) {
	if m.CSID < MinCSID || m.CSID > MaxCSID {
		return b, 0, protoErr(ErrInvalidCSID, m.CSID, 0)
	}
	if len(m.Payload) > MaxMessageLength {
		return b, 0, protoErr(ErrMessageTooLarge, m.CSID, uint64(len(m.Payload)))
	}
	st := w.state(m.CSID)
	h := header{csid: m.CSID, length: uint32(len(m.Payload)), typ: m.Type, streamID: m.StreamID}
	var field uint32
	if !st.valid || st.streamID != m.StreamID || int32(m.Timestamp-st.timestamp) < 0 {
		h.fmt, field = 0, m.Timestamp
		st.deltaValid = false
	} else {
		delta := m.Timestamp - st.timestamp
		switch {
		case st.length != h.length || st.typ != h.typ:
			h.fmt = 1
		case !st.deltaValid || delta != st.delta:
			h.fmt = 2
		default:
			h.fmt = 3
		}
		field, st.delta, st.deltaValid = delta, delta, true
	}
	*st = wstate{valid: true, deltaValid: st.deltaValid, timestamp: m.Timestamp, delta: st.delta,
		length: h.length, typ: h.typ, streamID: m.StreamID}
	ext := field >= extMarker
	h.tsField, h.ext, h.hasExt = min(field, extMarker), field, ext
	if h.fmt == 3 && w.omitExt3 {
		h.hasExt = false
	}
	b = appendHeader(b, &h)
	contAt := len(b)
	b = appendBasicHeader(b, 3, m.CSID)
	if ext && !w.omitExt3 {
		b = append(b, byte(field>>24), byte(field>>16), byte(field>>8), byte(field))
	}
	return b, contAt, nil
}

// AppendMessage appends the chunks of m to bufs and returns the result: for
// each chunk a header slice (from the Writer's arena) followed by a sub-slice
// of m.Payload (none for an empty payload). The payload is not copied, so it
// must not change until the slices are written; the header slices stay valid
// until Reset. The result is ready for net.Buffers (writev).
func (w *Writer) AppendMessage(bufs [][]byte, m *Message) ([][]byte, error) {
	if cap(w.arena)-len(w.arena) < 2*MaxHeaderLen {
		w.arena = make([]byte, 0, arenaBlock)
	}
	start := len(w.arena)
	a, contAt, err := w.headers(w.arena, m)
	if err != nil {
		return bufs, err
	}
	w.arena = a
	return w.appendChunks(bufs, a[start:contAt:contAt], a[contAt:len(a):len(a)], m.Payload), nil
}

// appendChunks appends the chunk slices of payload p given its first and
// continuation headers.
func (w *Writer) appendChunks(bufs [][]byte, first, cont, p []byte) [][]byte {
	cs := int(w.chunkSize)
	n := max(1, (len(p)+cs-1)/cs)
	bufs = slices.Grow(bufs, 2*n)
	bufs = append(bufs, first)
	end := min(cs, len(p))
	if end > 0 {
		bufs = append(bufs, p[:end:end])
	}
	for off := end; off < len(p); off += cs {
		end = min(off+cs, len(p))
		bufs = append(bufs, cont, p[off:end:end])
	}
	w.nwritten += uint64(len(first) + (n-1)*len(cont) + len(p))
	return bufs
}

// WriteMessage writes the chunks of m to the Writer's io.Writer in a single
// Write call.
func (w *Writer) WriteMessage(m *Message) error {
	if w.w == nil {
		return errNoWriter
	}
	b, contAt, err := w.headers(w.out[:0], m)
	if err != nil {
		return err
	}
	first, cont := b[:contAt], b[contAt:]
	nc := len(cont)
	p := m.Payload
	cs := int(w.chunkSize)
	n := max(1, (len(p)+cs-1)/cs)
	total := len(first) + (n-1)*nc + len(p)
	// Keep the continuation header aside, then lay the chunks out from the
	// end of the first header, overwriting it.
	var tmp [8]byte
	copy(tmp[:], cont)
	out := slices.Grow(b, total)[:contAt]
	end := min(cs, len(p))
	out = append(out, p[:end]...)
	for off := end; off < len(p); off += cs {
		end = min(off+cs, len(p))
		out = append(out, tmp[:nc]...)
		out = append(out, p[off:end]...)
	}
	_, err = w.w.Write(out)
	w.nwritten += uint64(len(out))
	if cap(out) > maxRetainedOut {
		out = nil
	}
	w.out = out[:0]
	return err
}
