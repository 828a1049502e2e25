package loadgen

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// playStream returns the bytes a server would send a player: Set Chunk
// Size 4096, Window Ack Size, onMetaData, sequence headers, then d of the
// synthetic stream's media, as chunks.
func playStream(t testing.TB, bitrate int, d time.Duration) (data []byte, video, audio int) {
	t.Helper()
	st, err := encodeStream(bitrate, d)
	if err != nil {
		t.Fatal(err)
	}
	return st.data, st.video, st.audio
}

// encodedStream is playStream's bytes with the message boundaries: ends[i]
// is the end offset of message i and due[i] its timestamp (the prelude up to
// the sequence headers is one "message" due at 0).
type encodedStream struct {
	data         []byte
	ends         []int
	due          []time.Duration
	video, audio int
}

func encodeStream(bitrate int, d time.Duration) (encodedStream, error) {
	s, err := NewSynth(SynthConfig{Bitrate: bitrate})
	if err != nil {
		return encodedStream{}, err
	}
	var buf bytes.Buffer
	w := chunk.NewWriter(&buf)
	var werr error
	send := func(msg message.Message, sid, ts uint32) {
		m, err := message.Encode(msg, sid, ts)
		if err == nil {
			err = w.WriteMessage(m)
		}
		werr = cmp.Or(werr, err)
	}
	send(&message.SetChunkSize{Size: 4096}, 0, 0)
	werr = cmp.Or(werr, w.SetChunkSize(4096))
	send(&message.WindowAckSize{Size: 1 << 20}, 0, 0)
	send(&message.Data{Handler: "onMetaData", Args: []any{s.Metadata()}}, 1, 0)
	media := func(tag flv.Tag) {
		m := chunk.Message{CSID: csidOf(tag.Type), Type: uint8(tag.Type), StreamID: 1, Timestamp: tag.Timestamp, Payload: tag.Data}
		werr = cmp.Or(werr, w.WriteMessage(&m))
	}
	for _, tag := range s.SequenceHeaders() {
		media(tag)
	}
	st := encodedStream{ends: []int{buf.Len()}, due: []time.Duration{0}}
	c := s.Cursor()
	for {
		tag := c.Next()
		at := time.Duration(tag.Timestamp) * time.Millisecond
		if at >= d {
			break
		}
		media(tag)
		st.ends = append(st.ends, buf.Len())
		st.due = append(st.due, at)
		if tag.Type == flv.TagVideo {
			st.video++
		} else {
			st.audio++
		}
	}
	st.data = buf.Bytes()
	return st, werr
}

// csidOf returns the chunk stream id a server would use for a tag type.
func csidOf(t flv.TagType) uint32 {
	if t == flv.TagVideo {
		return 7
	}
	return 6
}

// consumeSession returns a session reading data, with acknowledgements
// written to acks.
func consumeSession(data []byte, acks io.Writer) *session {
	return &session{r: chunk.NewReader(bytes.NewReader(data), chunk.Limits{}), w: chunk.NewWriter(acks)}
}

func TestPlayerConsume(t *testing.T) {
	data, video, audio := playStream(t, 2_500_000, 10*time.Second)
	var acks bytes.Buffer
	s := consumeSession(data, &acks)
	p := &player{dialAt: time.Now()}
	if err := p.consume(s); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("consume = %v, want io.ErrUnexpectedEOF at the end of the stream", err)
	}
	if p.video.Load() != int64(video) || p.audio.Load() != int64(audio) {
		t.Errorf("counted %d video, %d audio; want %d, %d", p.video.Load(), p.audio.Load(), video, audio)
	}
	if p.bytes.Load() != int64(len(data)) {
		t.Errorf("bytes = %d, want %d", p.bytes.Load(), len(data))
	}
	if p.fps != DefaultSynthFPS || !p.firstVideoKF || p.join.Load() <= 0 {
		t.Errorf("fps %v, first keyframe %v, join %v", p.fps, p.firstVideoKF, p.join.Load())
	}
	// One acknowledgement per 1 MiB window read, each with the count.
	r := chunk.NewReader(&acks, chunk.Limits{})
	var seqs []uint32
	for {
		m, err := r.ReadMessage()
		if err != nil {
			break
		}
		msg, err := message.Decode(m)
		if a, ok := msg.(*message.Acknowledgement); err == nil && ok {
			seqs = append(seqs, a.SequenceNumber)
		}
	}
	if len(seqs) != len(data)>>20 || seqs[0] < 1<<20 || seqs[0] > 1<<20+8192 {
		t.Errorf("acknowledgements %v for %d bytes with a 1 MiB window", seqs, len(data))
	}
	// Read faster than real time, every message's lag is 0 relative to the
	// best (the running minimum falls with each message).
	if p.lag.Count() != uint64(video+audio-1) || p.lag.Max() > 50*time.Millisecond {
		t.Errorf("lag: %d values, max %v", p.lag.Count(), p.lag.Max())
	}
}

func TestPlayerConsumeDoesNotAllocatePerMessage(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	data, video, audio := playStream(t, 2_500_000, 60*time.Second)
	s := consumeSession(data, io.Discard)
	p := &player{dialAt: time.Now()}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	p.consume(s)
	runtime.ReadMemStats(&after)
	msgs := video + audio
	allocs := after.Mallocs - before.Mallocs
	// A few allocations for pooled buffers and onMetaData, and a few per
	// acknowledgement (one per MiB read, 18 here); none per message.
	if allocs > uint64(msgs/20) {
		t.Errorf("%d allocations for %d messages", allocs, msgs)
	}
	t.Logf("%d allocations for %d messages", allocs, msgs)
}

func TestPlayerFailsOnErrorStatus(t *testing.T) {
	var buf bytes.Buffer
	w := chunk.NewWriter(&buf)
	m, err := message.Encode(message.NewOnStatus(message.Status{Level: "error", Code: "NetStream.Play.StreamNotFound", Description: "no"}), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteMessage(m); err != nil {
		t.Fatal(err)
	}
	p := &player{}
	err = p.consume(consumeSession(buf.Bytes(), io.Discard))
	var se *StatusError
	if !errors.As(err, &se) || se.Code != "NetStream.Play.StreamNotFound" || !errors.Is(err, ErrRejected) {
		t.Errorf("consume = %v, want the StatusError", err)
	}
}

// BenchmarkPlayerConsume measures what one player costs per message of
// the synthetic stream in user space (reading from memory: chunk
// reassembly, accounting, histogram).
func BenchmarkPlayerConsume(b *testing.B) {
	for _, bitrate := range []int{200_000, 2_500_000} {
		b.Run(fmt.Sprintf("bitrate=%d", bitrate), func(b *testing.B) {
			data, video, audio := playStream(b, bitrate, 20*time.Second)
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for range b.N {
				p := &player{dialAt: time.Now()}
				p.consume(consumeSession(data, io.Discard))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*(video+audio)), "ns/msg")
		})
	}
}
