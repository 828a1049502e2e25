package chunk

// Prepared is a message laid out once for fan-out: its chunks after the first
// — fmt 3 basic header and data, repeated — are built into one contiguous
// buffer shared by every connection. Writer.AppendPrepared then costs the same
// per connection whatever the payload size: one header of its own plus two
// shared slices. The price is one copy of the payload beyond the first chunk,
// made once per message, not per connection.
//
// A Prepared is immutable and safe for concurrent use by many Writers.
type Prepared struct {
	csid      uint32
	typ       uint8
	chunkSize uint32
	payload   []byte // the shared payload, not copied
	tail      []byte // chunks 2..n without extended timestamps
}

// Prepare lays out payload for chunk stream csid, message type typ and chunk
// size chunkSize. The payload must not change while the Prepared is in use.
func Prepare(csid uint32, typ uint8, payload []byte, chunkSize uint32) (*Prepared, error) {
	if csid < MinCSID || csid > MaxCSID {
		return nil, protoErr(ErrInvalidCSID, csid, 0)
	}
	if len(payload) > MaxMessageLength {
		return nil, protoErr(ErrMessageTooLarge, csid, uint64(len(payload)))
	}
	if !validChunkSize(chunkSize) {
		return nil, protoErr(ErrInvalidChunkSize, csid, uint64(chunkSize))
	}
	cs := int(effectiveChunkSize(chunkSize))
	p := &Prepared{csid: csid, typ: typ, chunkSize: uint32(cs), payload: payload}
	if len(payload) > cs {
		var hb [3]byte
		h := appendBasicHeader(hb[:0], 3, csid)
		n := (len(payload) - 1) / cs // continuation chunks
		p.tail = make([]byte, 0, n*len(h)+len(payload)-cs)
		for off := cs; off < len(payload); off += cs {
			p.tail = append(p.tail, h...)
			p.tail = append(p.tail, payload[off:min(off+cs, len(payload))]...)
		}
	}
	return p, nil
}

// Payload returns the prepared message's payload.
func (p *Prepared) Payload() []byte { return p.payload }

// AppendPrepared appends the chunks of p, sent on this connection with the
// given message stream id and timestamp, to bufs: a header from the Writer's
// arena, the first chunk's data and the shared tail (as AppendMessage, the
// header slices stay valid until Reset). When the Writer's chunk size differs
// from p's, or this connection's header needs an extended timestamp (whose
// repetition in continuation chunks depends on the connection), it falls back
// to AppendMessage, which is equally correct.
func (w *Writer) AppendPrepared(bufs [][]byte, p *Prepared, streamID, timestamp uint32) ([][]byte, error) {
	m := Message{CSID: p.csid, Type: p.typ, StreamID: streamID, Timestamp: timestamp, Payload: p.payload}
	if w.chunkSize != p.chunkSize {
		return w.AppendMessage(bufs, &m)
	}
	if cap(w.arena)-len(w.arena) < 2*MaxHeaderLen {
		w.arena = make([]byte, 0, arenaBlock)
	}
	start := len(w.arena)
	a, contAt, err := w.headers(w.arena, &m)
	if err != nil {
		return bufs, err
	}
	if len(a)-contAt > 3 { // the continuation header carries an extended timestamp
		w.arena = a
		return w.appendChunks(bufs, a[start:contAt:contAt], a[contAt:len(a):len(a)], p.payload), nil
	}
	w.arena = a[:contAt]
	first := a[start:contAt:contAt]
	end := min(int(p.chunkSize), len(p.payload))
	bufs = append(bufs, first)
	if end > 0 {
		bufs = append(bufs, p.payload[:end:end])
	}
	if len(p.tail) > 0 {
		bufs = append(bufs, p.tail)
	}
	w.nwritten += uint64(len(first) + end + len(p.tail))
	return bufs, nil
}
