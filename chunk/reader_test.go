package chunk

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestReaderErrors(t *testing.T) {
	p := []byte{1, 2, 3, 4}
	fmt0 := func(csid, length uint32) []byte {
		return appendHeader(nil, &header{fmt: 0, csid: csid, length: length, typ: 9, streamID: 1})
	}
	tests := []struct {
		name string
		lim  Limits
		in   []byte
		want error
		csid uint32
	}{
		{"fmt1 first", Limits{}, chunkBytes(header{fmt: 1, csid: 5, length: 4, typ: 8}, p), ErrNoPreviousHeader, 5},
		{"fmt2 first", Limits{}, chunkBytes(header{fmt: 2, csid: 5}, p), ErrNoPreviousHeader, 5},
		{"fmt3 first", Limits{}, chunkBytes(header{fmt: 3, csid: 5}, p), ErrNoPreviousHeader, 5},
		{"fmt3 first on another csid", Limits{}, append(chunkBytes(header{fmt: 0, csid: 4, length: 4}, p), 0xc5), ErrNoPreviousHeader, 5},
		{"message too large", Limits{MaxMessageSize: 1000}, fmt0(4, 1001), ErrMessageTooLarge, 4},
		{"message too large by fmt1", Limits{MaxMessageSize: 1000},
			append(chunkBytes(header{fmt: 0, csid: 4, length: 4}, p), appendHeader(nil, &header{fmt: 1, csid: 4, length: 5000})...), ErrMessageTooLarge, 4},
		{"too many chunk streams", Limits{MaxChunkStreams: 2}, bytes.Join([][]byte{fmt0(3, 0), fmt0(4, 0), fmt0(400, 0)}, nil), ErrTooManyChunkStreams, 400},
		{"partial bytes", Limits{MaxPartialBytes: 400}, bytes.Join([][]byte{
			fmt0(3, 1000), make([]byte, 128), fmt0(4, 1000), make([]byte, 128)}, nil), ErrPartialBytes, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(bytes.NewReader(tt.in), tt.lim)
			var err error
			for err == nil {
				_, err = r.ReadMessage()
			}
			var pe *ProtocolError
			if !errors.Is(err, tt.want) || !errors.As(err, &pe) || pe.CSID != tt.csid {
				t.Fatalf("err = %v, want %v on csid %d", err, tt.want, tt.csid)
			}
			if pe.Error() == "" {
				t.Fatal("empty message")
			}
		})
	}
}

func TestChunkSizeValidation(t *testing.T) {
	r := NewReader(bytes.NewReader(nil), Limits{})
	w := NewWriter(io.Discard)
	for _, n := range []uint32{0, 0x80000000, 0xFFFFFFFF} {
		if err := r.SetChunkSize(n); !errors.Is(err, ErrInvalidChunkSize) {
			t.Errorf("reader SetChunkSize(%#x) = %v", n, err)
		}
		if err := w.SetChunkSize(n); !errors.Is(err, ErrInvalidChunkSize) {
			t.Errorf("writer SetChunkSize(%#x) = %v", n, err)
		}
	}
	for _, c := range []struct{ in, eff uint32 }{{1, 1}, {4096, 4096}, {0xFFFFFF, 0xFFFFFF}, {0x1000000, 0xFFFFFF}, {0x7FFFFFFF, 0xFFFFFF}} {
		if err := r.SetChunkSize(c.in); err != nil || r.ChunkSize() != c.eff {
			t.Errorf("reader SetChunkSize(%#x): %v, size %#x", c.in, err, r.ChunkSize())
		}
		if err := w.SetChunkSize(c.in); err != nil || w.ChunkSize() != c.eff {
			t.Errorf("writer SetChunkSize(%#x): %v, size %#x", c.in, err, w.ChunkSize())
		}
	}
}

// TestSetChunkSizeAndAbort follows a peer that changes its chunk size and
// aborts a message half way, with the caller applying both between reads.
func TestSetChunkSizeAndAbort(t *testing.T) {
	var in bytes.Buffer
	w := NewWriter(&in)
	big := bytes.Repeat([]byte{7}, 1000)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(w.WriteMessage(&Message{CSID: 2, Type: 1, Payload: []byte{0, 0, 1, 0}}))
	must(w.SetChunkSize(256))
	must(w.WriteMessage(&Message{CSID: 6, Type: 9, StreamID: 1, Timestamp: 10, Payload: big})) // 4 chunks of 256
	// A message on csid 7 that is aborted after its first chunk.
	in.Write(chunkBytes(header{fmt: 0, csid: 7, tsField: 5, length: 600, typ: 9, streamID: 1}, big[:256]))
	must(w.WriteMessage(&Message{CSID: 2, Type: 2, Payload: []byte{0, 0, 0, 7}}))
	// After the abort, a fmt 3 chunk on csid 7 starts a new message with the same header.
	in.Write(chunkBytes(header{fmt: 3, csid: 7}, big[:256]))
	in.Write(chunkBytes(header{fmt: 3, csid: 7}, big[:256]))
	in.Write(chunkBytes(header{fmt: 3, csid: 7}, big[:88]))

	r := NewReader(&in, Limits{})
	var got []string
	for {
		m, err := r.ReadMessage()
		if err == io.EOF {
			break
		}
		must(err)
		switch m.Type {
		case 1:
			must(r.SetChunkSize(be32(m.Payload)))
		case 2:
			must(r.Abort(be32(m.Payload)))
		}
		got = append(got, string(rune('0'+m.Type))+"@"+string(rune('0'+m.CSID)))
		if m.Type == 9 && (len(m.Payload) == 0 || m.Payload[0] != 7) {
			t.Fatalf("bad payload")
		}
	}
	want := "1@2 9@6 2@2 9@7"
	if g := join(got); g != want {
		t.Fatalf("messages %s, want %s", g, want)
	}
	if err := r.Abort(1); !errors.Is(err, ErrInvalidCSID) {
		t.Fatalf("Abort(1) = %v", err)
	}
	if err := r.Abort(99); err != nil {
		t.Fatalf("Abort(unknown) = %v", err)
	}
}

func join(s []string) string {
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x)
	}
	return b.String()
}

// TestNewHeaderDiscardsPartial: a fmt 0/1/2 header on a csid whose message is
// incomplete discards the partial message.
func TestNewHeaderDiscardsPartial(t *testing.T) {
	in := bytes.Join([][]byte{
		chunkBytes(header{fmt: 0, csid: 4, length: 200, typ: 9, streamID: 1}, make([]byte, 128)),
		chunkBytes(header{fmt: 1, csid: 4, tsField: 5, length: 3, typ: 8}, []byte{1, 2, 3}),
	}, nil)
	ms := readAll(t, in, 128)
	if len(ms) != 1 || ms[0].Type != 8 || ms[0].Timestamp != 5 || !bytes.Equal(ms[0].Payload, []byte{1, 2, 3}) {
		t.Fatalf("got %+v", ms)
	}
}

func TestDetachAndAck(t *testing.T) {
	var in bytes.Buffer
	w := NewWriter(&in)
	for i := range 3 {
		p := bytes.Repeat([]byte{byte(i + 1)}, 500)
		if err := w.WriteMessage(&Message{CSID: 6, Type: 9, StreamID: 1, Timestamp: uint32(i), Payload: p}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WriteMessage(&Message{CSID: 6, Type: 9, StreamID: 1, Timestamp: 9}); err != nil {
		t.Fatal(err)
	}
	total := uint64(in.Len())
	r := NewReader(&in, Limits{})
	m, _ := r.ReadMessage()
	if seq, due := r.AckDue(600); due {
		t.Fatalf("ack due after %d bytes: %d", r.BytesRead(), seq)
	}
	kept := r.Detach()
	if r.Detach() != nil {
		t.Fatal("second Detach returned a buffer")
	}
	if &kept.Bytes()[0] != &m.Payload[0] {
		t.Fatal("Detach returned another buffer")
	}
	if _, err := r.ReadMessage(); err != nil {
		t.Fatal(err)
	}
	seq, due := r.AckDue(600)
	if !due || uint64(seq) != r.BytesRead() || r.BytesRead() != (12+500+3)+(4+500+3) { // fmt 0 then fmt 2, 4 chunks each
		t.Fatalf("AckDue = %d, %v after %d bytes", seq, due, r.BytesRead())
	}
	if _, due := r.AckDue(600); due {
		t.Fatal("ack due twice")
	}
	if _, due := r.AckDue(0); due {
		t.Fatal("ack due with window 0")
	}
	m, err := r.ReadMessage()
	if err != nil || m.Payload[0] != 3 {
		t.Fatal(err)
	}
	// The detached payload survived two more reads.
	if !bytes.Equal(kept.Bytes(), bytes.Repeat([]byte{1}, 500)) {
		t.Fatal("detached payload changed")
	}
	kept.Release()
	m, err = r.ReadMessage()
	if err != nil || len(m.Payload) != 0 || r.Detach() != nil {
		t.Fatalf("empty message: %v %v", m, err)
	}
	if r.BytesRead() != total {
		t.Fatalf("BytesRead %d, want %d", r.BytesRead(), total)
	}
	r.Release()
	var nilBuf *Buffer
	nilBuf.Release()
	if nilBuf.Bytes() != nil {
		t.Fatal("nil buffer has bytes")
	}
}

// sampleStream writes a varied sequence of messages, one after another, and
// returns the bytes, the messages and the offset where each message ends.
func sampleStream(t testing.TB) ([]byte, []Message, []int) {
	var out bytes.Buffer
	w := NewWriter(&out)
	msgs := []Message{
		{CSID: 2, Type: 5, Payload: []byte{0, 0x26, 0x25, 0xa0}},
		{CSID: 3, Type: 20, Payload: bytes.Repeat([]byte("connect"), 40)},
		{CSID: 6, Type: 9, StreamID: 1, Timestamp: 0x1000000, Payload: bytes.Repeat([]byte{0x17, 1}, 150)},
		{CSID: 6, Type: 9, StreamID: 1, Timestamp: 0x1000100, Payload: bytes.Repeat([]byte{0x27, 1}, 150)},
		{CSID: 4, Type: 8, StreamID: 1, Timestamp: 5},
		{CSID: 4, Type: 8, StreamID: 1, Timestamp: 6, Payload: []byte{0xaf, 1, 2}},
		{CSID: 320, Type: 18, StreamID: 1, Timestamp: 7, Payload: bytes.Repeat([]byte{2}, 129)},
	}
	var ends []int
	for i := range msgs {
		if err := w.WriteMessage(&msgs[i]); err != nil {
			t.Fatal(err)
		}
		ends = append(ends, out.Len())
	}
	return out.Bytes(), msgs, ends
}

func sameMessage(a, b *Message) bool {
	return a.CSID == b.CSID && a.Type == b.Type && a.StreamID == b.StreamID && a.Timestamp == b.Timestamp && bytes.Equal(a.Payload, b.Payload)
}

func TestIOTestReaders(t *testing.T) {
	data, msgs, _ := sampleStream(t)
	readers := map[string]func(io.Reader) io.Reader{
		"OneByteReader": iotest.OneByteReader,
		"HalfReader":    iotest.HalfReader,
		"DataErrReader": iotest.DataErrReader,
	}
	for name, wrap := range readers {
		t.Run(name, func(t *testing.T) {
			r := NewReader(wrap(bytes.NewReader(data)), Limits{})
			for i := range msgs {
				m, err := r.ReadMessage()
				if err != nil {
					t.Fatalf("message %d: %v", i, err)
				}
				if !sameMessage(m, &msgs[i]) {
					t.Fatalf("message %d: %+v, want %+v", i, m, msgs[i])
				}
			}
			if _, err := r.ReadMessage(); err != io.EOF {
				t.Fatalf("end: %v", err)
			}
		})
	}
	// An error other than EOF is passed through.
	r := NewReader(iotest.TimeoutReader(bytes.NewReader(data)), Limits{})
	if _, err := r.ReadMessage(); err != nil {
		t.Fatal(err)
	}
	var err error
	for err == nil {
		_, err = r.ReadMessage()
	}
	if err != iotest.ErrTimeout {
		t.Fatalf("got %v, want iotest.ErrTimeout", err)
	}
}

// TestTruncated reads every prefix of a stream: the messages that fit come
// out intact, then io.EOF if the prefix ends on a message boundary and
// io.ErrUnexpectedEOF otherwise.
func TestTruncated(t *testing.T) {
	data, msgs, ends := sampleStream(t)
	for n := 0; n <= len(data); n++ {
		r := NewReader(bytes.NewReader(data[:n]), Limits{})
		complete := 0
		boundary := n == 0
		for i, e := range ends {
			if e <= n {
				complete = i + 1
			}
			if e == n {
				boundary = true
			}
		}
		for i := range complete {
			m, err := r.ReadMessage()
			if err != nil {
				t.Fatalf("prefix %d, message %d: %v", n, i, err)
			}
			if !sameMessage(m, &msgs[i]) {
				t.Fatalf("prefix %d, message %d differs", n, i)
			}
		}
		_, err := r.ReadMessage()
		want := io.ErrUnexpectedEOF
		if boundary {
			want = io.EOF
		}
		if err != want {
			t.Fatalf("prefix %d of %d: err %v, want %v", n, len(data), err, want)
		}
	}
}

// TestAllocationPolicy: a header's length alone never causes a large
// allocation; a chunk stream that completed a large message may allocate that
// much at once; held memory returns to zero when messages complete.
func TestAllocationPolicy(t *testing.T) {
	in := chunkBytes(header{fmt: 0, csid: 6, length: MaxMessageLength, typ: 9, streamID: 1}, make([]byte, 128))
	r := NewReader(bytes.NewReader(in), Limits{})
	if _, err := r.ReadMessage(); err != io.ErrUnexpectedEOF {
		t.Fatal(err)
	}
	if r.held != firstAlloc {
		t.Fatalf("held %d after 128 bytes of a 16 MB message, want %d", r.held, firstAlloc)
	}

	var wire bytes.Buffer
	w := NewWriter(&wire)
	_ = w.SetChunkSize(4096)
	for _, n := range []int{100_000, 50_000} {
		if err := w.WriteMessage(&Message{CSID: 6, Type: 9, StreamID: 1, Payload: make([]byte, n)}); err != nil {
			t.Fatal(err)
		}
	}
	wire.Write(chunkBytes(header{fmt: 1, csid: 6, length: 200_000, typ: 9}, make([]byte, 4096)))
	r = NewReader(&wire, Limits{})
	_ = r.SetChunkSize(4096)
	for i := range 2 {
		if _, err := r.ReadMessage(); err != nil {
			t.Fatal(err)
		}
		if r.held != 0 {
			t.Fatalf("message %d: held %d after completion", i, r.held)
		}
	}
	if _, err := r.ReadMessage(); err != io.ErrUnexpectedEOF {
		t.Fatal(err)
	}
	if r.held != 128<<10 { // the proven 100_000 bytes, rounded up to the size class
		t.Fatalf("held %d", r.held)
	}
	r.Release()
	if r.held != 0 || r.partial != 0 {
		t.Fatalf("after Release: held %d partial %d", r.held, r.partial)
	}
}
