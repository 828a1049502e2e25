package chunk

import (
	"bufio"
	"errors"
	"io"
)

// readBufferSize is the bufio size NewReader uses when not given a *bufio.Reader.
const readBufferSize = 16 << 10

// firstAlloc is what a Reader allocates for a message before its bytes
// arrive when the chunk stream has no history: min(length, firstAlloc).
const firstAlloc = 4096

// Reader reassembles RTMP messages from a chunk stream.
//
// Payload ownership: ReadMessage returns a *Message owned by the Reader. The
// Message and its Payload are valid until the next call to ReadMessage or
// Release, after which the payload buffer returns to a pool and is reused. To
// keep a payload longer without copying it (for example to hand a video frame
// to a fan-out hub), call Detach before the next ReadMessage: it transfers the
// pooled Buffer to the caller, who calls Buffer.Release when done with it.
//
// Protocol control: the Reader does not interpret messages. After ReadMessage
// returns a Set Chunk Size (type 1) or Abort (type 2) message, the caller
// decodes it and calls SetChunkSize or Abort before reading on, so that the new
// chunk size applies from the next chunk as the protocol requires.
//
// Timestamps are absolute, modulo 2^32. A fmt 3 chunk that starts a new message
// adds the previous delta; after a fmt 0 header that delta is the fmt 0
// timestamp itself (RTMP spec §5.3.1.2.4, as FFmpeg and librtmp read it).
//
// Extended timestamps on fmt 3 chunks: writers disagree (PROTOCOL.md §3.2).
// After a fmt 3 basic header on a chunk stream whose last fmt 0/1/2 header
// carried an extended timestamp, the Reader peeks at the next 4 bytes and
// consumes them as an extended timestamp if they equal that header's extended
// value, the message's absolute timestamp, or zero (gortmplib writes zero);
// otherwise they are payload (rtmpdump/librtmp 2.4 omits the field). When the
// chunk carries fewer than 4 data bytes and they look like the start of such a
// value, the decision waits for the peer's next bytes.
//
// A fmt 0, 1 or 2 header on a chunk stream with a partially received message
// discards the partial message and starts a new one. A Reader is not safe for
// concurrent use.
type Reader struct {
	br        *bufio.Reader
	lim       Limits
	chunkSize uint32
	low       [lowCSIDs]*stream  // csid 2..15, the ones peers use
	high      map[uint32]*stream // the others
	nstreams  int
	partial   int64  // bytes received for incomplete messages
	held      int64  // capacity of the buffers of incomplete messages
	nread     uint64 // bytes consumed from br
	acked     uint64 // nread at the last acknowledgement
	msg       Message
	cur       *Buffer // pooled buffer behind msg.Payload
	last      header  // last chunk header decoded
	scratch   [16]byte
}

// stream is the per-chunk-stream state of a Reader.
type stream struct {
	csid      uint32
	timestamp uint32 // absolute timestamp of the current/last message
	delta     uint32 // delta applied by a fmt 3 chunk that starts a message
	length    uint32
	typ       uint8
	streamID  uint32
	extended  bool   // last fmt 0/1/2 header used an extended timestamp
	extField  uint32 // its extended value
	buf       *Buffer
	received  uint32 // bytes of the current message received so far
	proven    uint32 // longest message completed on this chunk stream
}

// NewReader returns a Reader reading chunks from rd with the given limits
// (zero fields select defaults). If rd is a *bufio.Reader it is used directly,
// so bytes already buffered (after a handshake, say) are not lost; otherwise
// rd is wrapped in one. The chunk size starts at DefaultChunkSize.
func NewReader(rd io.Reader, lim Limits) *Reader {
	br, ok := rd.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(rd, readBufferSize)
	}
	return &Reader{br: br, lim: lim.withDefaults(), chunkSize: DefaultChunkSize}
}

// SetChunkSize sets the size of the chunks the peer sends, as announced by a
// Set Chunk Size message. It accepts 1..MaxChunkSize; larger values than
// MaxMessageLength behave like MaxMessageLength.
func (r *Reader) SetChunkSize(n uint32) error {
	if !validChunkSize(n) {
		return protoErr(ErrInvalidChunkSize, 0, uint64(n))
	}
	r.chunkSize = effectiveChunkSize(n)
	return nil
}

// ChunkSize returns the chunk size in effect for incoming chunks.
func (r *Reader) ChunkSize() uint32 { return r.chunkSize }

// Abort discards the partially received message on chunk stream csid, as an
// Abort Message (type 2) requests. The chunk stream keeps its header state.
// An unknown csid is ignored; one outside MinCSID..MaxCSID is an error.
func (r *Reader) Abort(csid uint32) error {
	if csid < MinCSID || csid > MaxCSID {
		return protoErr(ErrInvalidCSID, csid, 0)
	}
	if st := r.lookup(csid); st != nil {
		r.dropPartial(st)
	}
	return nil
}

// Idle reports whether the Reader holds nothing unread: no buffered bytes
// and no partially received message. A server may then stop reading until
// the socket is readable again without losing state.
func (r *Reader) Idle() bool { return r.partial == 0 && (r.br == nil || r.br.Buffered() == 0) }

// SetReader replaces the buffered reader the Reader reads from and returns
// the previous one. Call it only while the Reader is Idle, so that no byte
// is lost: a server can so return the buffer of a connection that waits for
// input to a pool, and take one again when input arrives. The Reader must
// not read while it has none (nil).
func (r *Reader) SetReader(br *bufio.Reader) *bufio.Reader {
	old := r.br
	r.br = br
	return old
}

// BytesRead returns the number of bytes the Reader has consumed from its
// input (chunk headers and payload), for acknowledgements.
func (r *Reader) BytesRead() uint64 { return r.nread }

// AckDue reports whether an Acknowledgement is due under the peer's Window
// Acknowledgement Size window: at least window bytes were read since the last
// acknowledgement. When due, it returns the sequence number to send (bytes
// read modulo 2^32) and records it as acknowledged. A window of 0 never acks.
func (r *Reader) AckDue(window uint32) (seq uint32, due bool) {
	if window == 0 || r.nread-r.acked < uint64(window) {
		return 0, false
	}
	r.acked = r.nread
	return uint32(r.nread), true
}

// Detach transfers ownership of the payload of the message last returned by
// ReadMessage to the caller, who must call Release on the result when done.
// The Payload slice stays valid until then. It returns nil if the message had
// an empty payload or was already detached.
func (r *Reader) Detach() *Buffer {
	b := r.cur
	r.cur = nil
	return b
}

// Release returns every pooled buffer the Reader holds (partial messages and
// the current payload unless detached) to the pool. The Reader must not be
// used afterwards. It does not close the underlying reader.
func (r *Reader) Release() {
	r.releaseCurrent()
	for _, st := range r.low {
		if st != nil {
			r.dropPartial(st)
		}
	}
	for _, st := range r.high {
		r.dropPartial(st)
	}
}

// ReadMessage reads chunks until a message is complete and returns it. The
// result is valid until the next call (see Detach). At a clean end of input
// between messages it returns io.EOF; input that ends inside a chunk or with
// partially received messages gives io.ErrUnexpectedEOF. Protocol violations
// and exceeded limits are *ProtocolError values. After an error the Reader's
// state is undefined and the connection should be closed.
func (r *Reader) ReadMessage() (*Message, error) {
	r.releaseCurrent()
	for {
		st, err := r.readChunk()
		if err != nil {
			return nil, err
		}
		if st != nil {
			r.complete(st)
			return &r.msg, nil
		}
	}
}

func (r *Reader) releaseCurrent() {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.msg.Payload = nil
}

// complete moves the finished message of st into r.msg.
func (r *Reader) complete(st *stream) {
	r.msg = Message{CSID: st.csid, Type: st.typ, StreamID: st.streamID, Timestamp: st.timestamp}
	if st.buf != nil {
		r.msg.Payload = st.buf.b
		r.cur = st.buf
	}
	r.release(st)
	st.proven = max(st.proven, st.length)
}

// release forgets the bookkeeping of st's current message.
func (r *Reader) release(st *stream) {
	r.partial -= int64(st.received)
	st.received = 0
	if st.buf != nil {
		r.held -= int64(cap(st.buf.b))
	}
	st.buf = nil
}

// dropPartial discards the incomplete message of st, if any.
func (r *Reader) dropPartial(st *stream) {
	b := st.buf
	r.release(st)
	b.Release()
}

func (r *Reader) lookup(csid uint32) *stream {
	if csid < lowCSIDs {
		return r.low[csid]
	}
	return r.high[csid]
}

func (r *Reader) newStream(csid uint32) (*stream, error) {
	if r.nstreams >= r.lim.MaxChunkStreams {
		return nil, protoErr(ErrTooManyChunkStreams, csid, uint64(r.nstreams+1))
	}
	r.nstreams++
	st := &stream{csid: csid}
	if csid < lowCSIDs {
		r.low[csid] = st
	} else {
		if r.high == nil {
			r.high = make(map[uint32]*stream)
		}
		r.high[csid] = st
	}
	return st, nil
}

// unexpected maps io.EOF inside a chunk to io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func (r *Reader) readFull(b []byte) error {
	n, err := io.ReadFull(r.br, b)
	r.nread += uint64(n)
	return unexpected(err)
}

// readChunk reads one chunk. It returns the chunk stream whose message the
// chunk completed, or nil if no message completed.
func (r *Reader) readChunk() (*stream, error) {
	h := &r.last
	b0, err := r.br.ReadByte()
	if err != nil {
		if err == io.EOF && r.partial == 0 {
			return nil, io.EOF
		}
		return nil, unexpected(err)
	}
	r.nread++
	h.fmt = b0 >> 6
	csid := uint32(b0 & 63)
	switch csid {
	case 0:
		if err := r.readFull(r.scratch[:1]); err != nil {
			return nil, err
		}
		csid = 64 + uint32(r.scratch[0])
	case 1:
		if err := r.readFull(r.scratch[:2]); err != nil {
			return nil, err
		}
		csid = 64 + uint32(r.scratch[0]) + uint32(r.scratch[1])<<8
	}
	h.csid = csid
	st := r.lookup(csid)
	if st == nil {
		if h.fmt != 0 {
			return nil, protoErr(ErrNoPreviousHeader, csid, uint64(h.fmt))
		}
		if st, err = r.newStream(csid); err != nil {
			return nil, err
		}
	}
	h.hasExt = false
	if h.fmt < 3 {
		if err := r.readMessageHeader(st, h); err != nil {
			return nil, err
		}
	} else {
		if st.received == 0 { // a fmt 3 chunk starting a new message
			st.timestamp += st.delta
		}
		if st.extended {
			if err := r.peekExtended(st, h); err != nil {
				return nil, err
			}
		}
	}
	if n := min(st.length-st.received, r.chunkSize); n > 0 {
		if err := r.fill(st, n); err != nil {
			return nil, err
		}
	}
	if st.received == st.length {
		return st, nil
	}
	return nil, nil
}

// readMessageHeader reads the fmt 0/1/2 message header and applies it to st.
func (r *Reader) readMessageHeader(st *stream, h *header) error {
	hb := r.scratch[:msgHeaderSize[h.fmt]]
	if err := r.readFull(hb); err != nil {
		return err
	}
	h.tsField = be24(hb)
	v := h.tsField
	if v == extMarker {
		if err := r.readFull(r.scratch[11:15]); err != nil {
			return err
		}
		h.ext, h.hasExt = be32(r.scratch[11:15]), true
		v = h.ext
	}
	if st.received > 0 {
		r.dropPartial(st)
	}
	switch h.fmt {
	case 0:
		h.length, h.typ, h.streamID = be24(hb[3:]), hb[6], le32(hb[7:])
		st.length, st.typ, st.streamID = h.length, h.typ, h.streamID
		st.timestamp, st.delta = v, v
	case 1:
		h.length, h.typ = be24(hb[3:]), hb[6]
		st.length, st.typ = h.length, h.typ
		st.timestamp, st.delta = st.timestamp+v, v
	case 2:
		st.timestamp, st.delta = st.timestamp+v, v
	}
	st.extended, st.extField = h.hasExt, v
	if h.fmt <= 1 && st.length > r.lim.MaxMessageSize {
		return protoErr(ErrMessageTooLarge, st.csid, uint64(st.length))
	}
	return nil
}

// peekExtended decides whether the 4 bytes after a fmt 3 basic header are an
// extended timestamp (see the Reader documentation) and consumes them if so.
func (r *Reader) peekExtended(st *stream, h *header) error {
	k := min(4, int(min(st.length-st.received, r.chunkSize)))
	if k == 0 {
		// An empty message: what follows is either the extended field or
		// the next chunk header. Nothing to check a prefix against.
		k = 4
	}
	p, err := r.br.Peek(k)
	if err != nil {
		if len(p) < k && k == 4 && st.length == st.received && errors.Is(err, io.EOF) {
			return nil // empty message at the end of input, no field
		}
		return unexpected(err)
	}
	if !extCandidate(st, p) {
		return nil
	}
	if k < 4 {
		// The chunk's data is shorter than the field: if the peer omitted
		// the field, what follows is the next chunk (or nothing yet).
		// Peeking on may wait for that next chunk, but never misreads.
		if p, err = r.br.Peek(4); err != nil {
			if errors.Is(err, io.EOF) {
				return nil // the short tail was payload
			}
			return err
		}
		if !extCandidate(st, p) {
			return nil
		}
	}
	h.ext, h.hasExt = be32(p), true
	_, _ = r.br.Discard(4)
	r.nread += 4
	return nil
}

// extCandidate reports whether p is a prefix of the big-endian form of a value
// a writer may put in a fmt 3 extended timestamp field.
func extCandidate(st *stream, p []byte) bool {
	return prefixOf(p, st.extField) || prefixOf(p, st.timestamp) || prefixOf(p, 0)
}

func prefixOf(p []byte, v uint32) bool {
	for i, c := range p {
		if c != byte(v>>(24-8*i)) {
			return false
		}
	}
	return true
}

// fill reads n payload bytes of st's message, growing its buffer by doubling
// as bytes arrive.
func (r *Reader) fill(st *stream, n uint32) error {
	for n > 0 {
		b := st.buf
		if b == nil || len(b.b) == cap(b.b) {
			var err error
			if b, err = r.grow(st, int(n)); err != nil {
				return err
			}
		}
		l := len(b.b)
		k := min(int(n), cap(b.b)-l)
		got, err := io.ReadFull(r.br, b.b[l:l+k])
		b.b = b.b[:l+got]
		st.received += uint32(got)
		r.partial += int64(got)
		r.nread += uint64(got)
		if err != nil {
			return unexpected(err)
		}
		n -= uint32(k)
	}
	return nil
}

// grow replaces st.buf with a larger pooled buffer and returns it. Sizing:
// an untrusted length alone never causes a large allocation. The buffer
// starts at min(length, firstAlloc) and doubles as bytes arrive, except that
// on a chunk stream that has already completed a message of length L, up to L
// bytes may be allocated at once (the peer proved it sends messages that
// large; this avoids re-copying video frames as they grow). Whatever the
// sizing, the capacity of all partial buffers stays within MaxPartialBytes.
func (r *Reader) grow(st *stream, pending int) (*Buffer, error) {
	old := st.buf
	have, oldCap := 0, 0
	if old != nil {
		have, oldCap = len(old.b), cap(old.b)
	}
	need := have + min(pending, firstAlloc)
	want := max(firstAlloc, 2*oldCap, int(st.proven))
	want = max(min(want, int(st.length)), need)
	if !r.fits(want, oldCap) {
		want = max(min(2*oldCap, int(st.length)), need)
		if !r.fits(want, oldCap) {
			want = need
			if !r.fits(want, oldCap) {
				return nil, protoErr(ErrPartialBytes, st.csid, uint64(r.held-int64(oldCap))+uint64(classCap(want)))
			}
		}
	}
	nb := getBuffer(want)
	if old != nil {
		nb.b = append(nb.b[:0], old.b...)
		old.Release()
	}
	r.held += int64(cap(nb.b) - oldCap)
	st.buf = nb
	return nb, nil
}

// fits reports whether replacing a buffer of capacity oldCap by one for want
// bytes keeps the partial buffers within MaxPartialBytes.
func (r *Reader) fits(want, oldCap int) bool {
	return r.held-int64(oldCap)+int64(classCap(want)) <= r.lim.MaxPartialBytes
}
