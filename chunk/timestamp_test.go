package chunk

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
)

// chunkBytes builds one chunk by hand: header h followed by data.
func chunkBytes(h header, data []byte) []byte {
	return append(appendHeader(nil, &h), data...)
}

func readAll(t *testing.T, in []byte, chunkSize uint32) []Message {
	t.Helper()
	r := NewReader(bytes.NewReader(in), Limits{})
	if err := r.SetChunkSize(chunkSize); err != nil {
		t.Fatal(err)
	}
	var out []Message
	for {
		m, err := r.ReadMessage()
		if err == io.EOF {
			if r.BytesRead() != uint64(len(in)) {
				t.Fatalf("BytesRead %d, want %d", r.BytesRead(), len(in))
			}
			return out
		}
		if err != nil {
			t.Fatalf("after %d messages: %v", len(out), err)
		}
		c := *m
		c.Payload = bytes.Clone(m.Payload)
		out = append(out, c)
	}
}

func TestTimestampSemantics(t *testing.T) {
	p := []byte{1, 2, 3, 4}
	tests := []struct {
		name string
		in   [][]byte
		want []uint32
	}{
		{"fmt3 after fmt0 adds the fmt0 timestamp (spec)", [][]byte{
			chunkBytes(header{fmt: 0, csid: 4, tsField: 40, length: 4, typ: 8, streamID: 1}, p),
			chunkBytes(header{fmt: 3, csid: 4}, p),
		}, []uint32{40, 80}},
		{"fmt1 and fmt2 deltas accumulate, fmt3 repeats the delta", [][]byte{
			chunkBytes(header{fmt: 0, csid: 4, tsField: 1000, length: 4, typ: 8, streamID: 1}, p),
			chunkBytes(header{fmt: 1, csid: 4, tsField: 33, length: 4, typ: 9}, p),
			chunkBytes(header{fmt: 2, csid: 4, tsField: 20}, p),
			chunkBytes(header{fmt: 3, csid: 4}, p),
		}, []uint32{1000, 1033, 1053, 1073}},
		{"librtmp negative delta wrapped into the extended field (fmt1)", [][]byte{
			chunkBytes(header{fmt: 0, csid: 4, tsField: 1000, length: 4, typ: 8, streamID: 1}, p),
			chunkBytes(header{fmt: 1, csid: 4, tsField: extMarker, hasExt: true, ext: 0xFFFFFFF6, length: 4, typ: 9}, p),
		}, []uint32{1000, 990}},
		{"negative delta in fmt2, then a fmt3 that repeats it with its extended field", [][]byte{
			chunkBytes(header{fmt: 0, csid: 4, tsField: 5000, length: 4, typ: 8, streamID: 1}, p),
			chunkBytes(header{fmt: 2, csid: 4, tsField: extMarker, hasExt: true, ext: 0xFFFFFC18}, p), // -1000
			chunkBytes(header{fmt: 3, csid: 4, hasExt: true, ext: 0xFFFFFC18}, p),
		}, []uint32{5000, 4000, 3000}},
		{"delta across 2^32 wraps", [][]byte{
			chunkBytes(header{fmt: 0, csid: 4, tsField: extMarker, hasExt: true, ext: 0xFFFFFFF0, length: 4, typ: 8, streamID: 1}, p),
			chunkBytes(header{fmt: 2, csid: 4, tsField: 0x20}, p),
		}, []uint32{0xFFFFFFF0, 0x10}},
		{"fmt0 timestamp exactly 0xFFFFFF uses the extended field", [][]byte{
			chunkBytes(header{fmt: 0, csid: 4, tsField: extMarker, hasExt: true, ext: 0xFFFFFF, length: 4, typ: 8, streamID: 1}, p),
		}, []uint32{0xFFFFFF}},
		{"gortmplib zero extended field on a fmt3 message start", [][]byte{
			chunkBytes(header{fmt: 0, csid: 4, tsField: extMarker, hasExt: true, ext: 0x1000000, length: 4, typ: 8, streamID: 1}, p),
			chunkBytes(header{fmt: 3, csid: 4, hasExt: true, ext: 0}, p),
		}, []uint32{0x1000000, 0x2000000}},
		{"librtmp omitted extended field on a fmt3 message start", [][]byte{
			chunkBytes(header{fmt: 0, csid: 4, tsField: extMarker, hasExt: true, ext: 0x1000000, length: 4, typ: 8, streamID: 1}, p),
			chunkBytes(header{fmt: 3, csid: 4}, p),
		}, []uint32{0x1000000, 0x2000000}},
		{"fmt3 message start repeating the absolute timestamp instead of the delta", [][]byte{
			chunkBytes(header{fmt: 0, csid: 4, tsField: 0, length: 4, typ: 8, streamID: 1}, p),
			chunkBytes(header{fmt: 2, csid: 4, tsField: extMarker, hasExt: true, ext: 0x1000000}, p),
			chunkBytes(header{fmt: 3, csid: 4, hasExt: true, ext: 0x2000000}, p),
		}, []uint32{0, 0x1000000, 0x2000000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := readAll(t, bytes.Join(tt.in, nil), 128)
			if len(ms) != len(tt.want) {
				t.Fatalf("%d messages, want %d", len(ms), len(tt.want))
			}
			for i, m := range ms {
				if m.Timestamp != tt.want[i] || !bytes.Equal(m.Payload, p) {
					t.Errorf("message %d: ts %#x payload %x, want ts %#x payload %x", i, m.Timestamp, m.Payload, tt.want[i], p)
				}
			}
		})
	}
}

// TestExtendedTimestampMultiChunk writes messages whose timestamps cross
// 0xFFFFFF and wrap 2^32, each spanning several chunks, with both writer
// modes (repeating and omitting the fmt 3 extended field), and reads them back.
func TestExtendedTimestampMultiChunk(t *testing.T) {
	stamps := []uint32{0xFFFF00, 0xFFFFF0, 0xFFFFFF, 0x1000000, 0x1000010, 0x1000010, 0x1000020,
		0xFFFFFF00, 0xFFFFFFF0, 0x10, 0x30, 0x50, 5} // ..., wrap, ..., backwards
	rng := rand.New(rand.NewPCG(1, 2))
	for _, omit := range []bool{false, true} {
		var out bytes.Buffer
		w := NewWriter(&out)
		w.SetOmitFmt3ExtendedTimestamp(omit)
		var want []Message
		for i, ts := range stamps {
			p := make([]byte, 300+i%2) // 3 chunks of 128; length changes every message
			for j := range p {
				p[j] = byte(rng.Uint32())
			}
			if i == 4 {
				p[128] = 0 // a continuation that starts with zero bytes
				p[129], p[130], p[131] = 0, 0, 1
			}
			m := Message{CSID: 6, Type: 9, StreamID: 1, Timestamp: ts, Payload: p}
			if err := w.WriteMessage(&m); err != nil {
				t.Fatal(err)
			}
			want = append(want, m)
		}
		got := readAll(t, out.Bytes(), 128)
		if len(got) != len(want) {
			t.Fatalf("omit=%v: %d messages, want %d", omit, len(got), len(want))
		}
		for i := range want {
			if got[i].Timestamp != want[i].Timestamp || !bytes.Equal(got[i].Payload, want[i].Payload) {
				t.Errorf("omit=%v message %d: ts %#x, want %#x; payload equal %v", omit, i, got[i].Timestamp, want[i].Timestamp, bytes.Equal(got[i].Payload, want[i].Payload))
			}
		}
	}
}

// TestWriterFormatChoice checks the header compression the writer picks.
func TestWriterFormatChoice(t *testing.T) {
	type step struct {
		m       Message
		fmt     uint8
		hdrSize int
	}
	p4 := []byte{1, 2, 3, 4}
	p5 := []byte{1, 2, 3, 4, 5}
	steps := []step{
		{Message{CSID: 4, Type: 8, StreamID: 1, Timestamp: 0, Payload: p4}, 0, 12},
		{Message{CSID: 4, Type: 8, StreamID: 1, Timestamp: 0, Payload: p4}, 2, 4},   // fmt 3 not allowed right after fmt 0
		{Message{CSID: 4, Type: 8, StreamID: 1, Timestamp: 0, Payload: p4}, 3, 1},   // same delta 0
		{Message{CSID: 4, Type: 8, StreamID: 1, Timestamp: 23, Payload: p4}, 2, 4},  // delta changed
		{Message{CSID: 4, Type: 8, StreamID: 1, Timestamp: 46, Payload: p4}, 3, 1},  // same delta
		{Message{CSID: 4, Type: 8, StreamID: 1, Timestamp: 69, Payload: p5}, 1, 8},  // length changed
		{Message{CSID: 4, Type: 9, StreamID: 1, Timestamp: 92, Payload: p5}, 1, 8},  // type changed
		{Message{CSID: 4, Type: 9, StreamID: 1, Timestamp: 91, Payload: p5}, 0, 12}, // backwards
		{Message{CSID: 4, Type: 9, StreamID: 2, Timestamp: 92, Payload: p5}, 0, 12}, // stream id changed
		{Message{CSID: 70, Type: 9, StreamID: 2, Timestamp: 92, Payload: p5}, 0, 13},
		{Message{CSID: 400, Type: 9, StreamID: 2, Timestamp: 92, Payload: p5}, 0, 14},
		{Message{CSID: 4, Type: 9, StreamID: 2, Timestamp: 0x2000000, Payload: p5}, 2, 8}, // extended delta
		{Message{CSID: 4, Type: 9, StreamID: 2, Timestamp: 0x4000000 - 92, Payload: p5}, 3, 5},
	}
	w := NewWriter(nil)
	var all []byte
	for i, s := range steps {
		bufs, err := w.AppendMessage(nil, &s.m)
		if err != nil {
			t.Fatal(err)
		}
		if got := bufs[0][0] >> 6; got != s.fmt || len(bufs[0]) != s.hdrSize {
			t.Errorf("step %d: fmt %d header %d bytes, want fmt %d, %d bytes", i, got, len(bufs[0]), s.fmt, s.hdrSize)
		}
		for _, b := range bufs {
			all = append(all, b...)
		}
	}
	if w.BytesWritten() != uint64(len(all)) {
		t.Errorf("BytesWritten %d, want %d", w.BytesWritten(), len(all))
	}
	got := readAll(t, all, DefaultChunkSize)
	for i, s := range steps {
		if g := got[i]; g.CSID != s.m.CSID || g.Timestamp != s.m.Timestamp || g.Type != s.m.Type || g.StreamID != s.m.StreamID || !bytes.Equal(g.Payload, s.m.Payload) {
			t.Errorf("step %d read back %+v, want %+v", i, g, s.m)
		}
	}
}
