package chunk

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"testing"
)

// loopReader serves the same bytes forever, like a socket that never runs dry.
type loopReader struct {
	data []byte
	off  int
}

func (l *loopReader) Read(p []byte) (int, error) {
	n := copy(p, l.data[l.off:])
	l.off += n
	if l.off == len(l.data) {
		l.off = 0
	}
	return n, nil
}

// videoStream returns n video messages of 10–100 KB at chunk size 4096.
func videoStream(b *testing.B, n int) ([]byte, int64) {
	rng := rand.New(rand.NewPCG(7, 7))
	var out bytes.Buffer
	w := NewWriter(&out)
	if err := w.SetChunkSize(4096); err != nil {
		b.Fatal(err)
	}
	var payload int64
	for i := range n {
		p := make([]byte, 10_000+rng.IntN(90_001))
		payload += int64(len(p))
		if err := w.WriteMessage(&Message{CSID: 6, Type: 9, StreamID: 1, Timestamp: uint32(i * 33), Payload: p}); err != nil {
			b.Fatal(err)
		}
	}
	return out.Bytes(), payload
}

// BenchmarkReaderVideo reassembles 4096-byte-chunked video messages of
// 10–100 KB from memory. One op is one message; bytes are wire bytes.
func BenchmarkReaderVideo(b *testing.B) {
	const n = 64
	data, _ := videoStream(b, n)
	r := NewReader(&loopReader{data: data}, Limits{})
	if err := r.SetChunkSize(4096); err != nil {
		b.Fatal(err)
	}
	for range 2 * n { // warm the pool
		if _, err := r.ReadMessage(); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(data) / n))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m, err := r.ReadMessage()
		if err != nil {
			b.Fatal(err)
		}
		if m.Type != 9 || len(m.Payload) < 10_000 {
			b.Fatalf("read type %d length %d", m.Type, len(m.Payload))
		}
	}
}

// BenchmarkWriterFanout produces the chunks of one shared payload for 1000
// connections (1000 Writers). One op is one message to all connections; the
// ns/conn metric is the per-connection cost.
func BenchmarkWriterFanout(b *testing.B) {
	const conns = 1000
	for _, size := range []int{10_000, 100_000} {
		b.Run(strconv.Itoa(size/1000)+"KB", func(b *testing.B) {
			payload := make([]byte, size)
			ws := make([]*Writer, conns)
			bufs := make([][][]byte, conns)
			for i := range ws {
				ws[i] = NewWriter(nil)
				_ = ws[i].SetChunkSize(4096)
			}
			m := Message{CSID: 6, Type: 9, StreamID: 1, Payload: payload}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				m.Timestamp = uint32(i * 33)
				for c, w := range ws {
					bb, err := w.AppendMessage(bufs[c][:0], &m)
					if err != nil {
						b.Fatal(err)
					}
					bufs[c] = bb
					w.Reset() // the batch would be written here
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/conns, "ns/conn")
		})
	}
}

// BenchmarkWriterFanoutPrepared is BenchmarkWriterFanout with the message
// prepared once (one copy of the payload) and AppendPrepared per connection.
func BenchmarkWriterFanoutPrepared(b *testing.B) {
	const conns = 1000
	for _, size := range []int{10_000, 100_000} {
		b.Run(strconv.Itoa(size/1000)+"KB", func(b *testing.B) {
			payload := make([]byte, size)
			ws := make([]*Writer, conns)
			bufs := make([][][]byte, conns)
			for i := range ws {
				ws[i] = NewWriter(nil)
				_ = ws[i].SetChunkSize(4096)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				p, err := Prepare(6, 9, payload, 4096) // once per message, shared
				if err != nil {
					b.Fatal(err)
				}
				for c, w := range ws {
					bb, err := w.AppendPrepared(bufs[c][:0], p, 1, uint32(i*33))
					if err != nil {
						b.Fatal(err)
					}
					bufs[c] = bb
					w.Reset()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/conns, "ns/conn")
		})
	}
}

// BenchmarkWriteMessage is the simple path: one message to an io.Writer.
func BenchmarkWriteMessage(b *testing.B) {
	payload := make([]byte, 50_000)
	var sink bytes.Buffer
	w := NewWriter(&sink)
	_ = w.SetChunkSize(4096)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for i := range b.N {
		sink.Reset()
		if err := w.WriteMessage(&Message{CSID: 6, Type: 9, StreamID: 1, Timestamp: uint32(i), Payload: payload}); err != nil {
			b.Fatal(err)
		}
	}
}
