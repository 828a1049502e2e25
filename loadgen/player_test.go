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

func TestPlayerConsume(t *testing.T) {
	data, video, audio := playStream(t, 2_500_000, 10*time.Second)
	obs := &fakeObs{acks: make(chan uint32, 64)}
	p := playFake(t, fakeListen(t, playStart, sendAll(data), obs))
	if !errors.Is(p.err, io.ErrUnexpectedEOF) {
		t.Fatalf("player error %v, want io.ErrUnexpectedEOF at the end of the stream", p.err)
	}
	if p.video.Load() != int64(video) || p.audio.Load() != int64(audio) {
		t.Errorf("counted %d video, %d audio; want %d, %d", p.video.Load(), p.audio.Load(), video, audio)
	}
	// The stream, the handshake (3,073 bytes) and the replies.
	if n := p.bytes.Load(); n < int64(len(data)) || n > int64(len(data))+8192 {
		t.Errorf("bytes = %d, want the stream's %d and a few KiB", n, len(data))
	}
	if p.fps != DefaultSynthFPS || !p.firstVideoKF || p.join.Load() <= 0 {
		t.Errorf("fps %v, first keyframe %v, join %v", p.fps, p.firstVideoKF, p.join.Load())
	}
	// One acknowledgement per 1 MiB window read, each with the count.
	var seqs []uint32
	for idle := time.After(time.Second); len(seqs) < len(data)>>20; {
		select {
		case a := <-obs.acks:
			seqs = append(seqs, a)
			continue
		case <-idle:
		}
		break
	}
	if n := len(data) >> 20; len(seqs) < n-1 || len(seqs) > n || seqs[0] < 1<<20 || seqs[0] > 1<<20+16384 {
		t.Errorf("acknowledgements %v for %d bytes with a 1 MiB window", seqs, len(data))
	}
	// A player announces no chunk size: it sends only small control
	// messages, and nginx-rtmp would size its input buffers by it.
	if n := obs.chunkSizes.Load(); n != 0 {
		t.Errorf("the player announced a chunk size %d times", n)
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
	// Setting a connection up allocates (dial, handshake, connect, play:
	// a few hundred, the fake server's included), and so does an
	// acknowledgement (one per MiB read); a message must not. So compare a
	// short and a long play of the same stream.
	allocs := func(d time.Duration) (mallocs uint64, msgs int) {
		data, video, audio := playStream(t, 2_500_000, d)
		url := fakeListen(t, playStart, sendAll(data), nil)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		p := playFake(t, url)
		runtime.ReadMemStats(&after)
		if got := p.video.Load() + p.audio.Load(); got != int64(video+audio) {
			t.Fatalf("played %d messages of %d: %v", got, video+audio, p.err)
		}
		return after.Mallocs - before.Mallocs, video + audio
	}
	shortAllocs, shortMsgs := allocs(5 * time.Second)
	longAllocs, longMsgs := allocs(60 * time.Second)
	perMsg := (float64(longAllocs) - float64(shortAllocs)) / float64(longMsgs-shortMsgs)
	t.Logf("%d allocations for %d messages, %d for %d: %.4f per message", shortAllocs, shortMsgs, longAllocs, longMsgs, perMsg)
	// ~0.03 here: the acknowledgements of the longer play (one every 1 MiB,
	// a few allocations each on both sides); one per message would be 1.
	if perMsg > 0.1 {
		t.Errorf("%.4f allocations per message", perMsg)
	}
}

func TestPlayerFailsOnErrorStatus(t *testing.T) {
	notFound := message.Status{Level: "error", Code: "NetStream.Play.StreamNotFound", Description: "no"}
	p := playFake(t, fakeListen(t, notFound, sendAll(nil), nil))
	var se *StatusError
	if !errors.As(p.err, &se) || se.Code != "NetStream.Play.StreamNotFound" || !errors.Is(p.err, ErrRejected) {
		t.Errorf("player error %v, want the StatusError", p.err)
	}
	if p.video.Load() != 0 || p.join.Load() != 0 {
		t.Errorf("a refused player counted %d video frames", p.video.Load())
	}
}

// BenchmarkPlayerConsume measures what one player costs per message of
// the synthetic stream on a loopback connection from a fake server in the
// same process that writes the whole stream at once (client read loop,
// chunk reassembly, accounting, histogram, and the kernel's receive path;
// the fake server's writes are in the figure too).
func BenchmarkPlayerConsume(b *testing.B) {
	for _, bitrate := range []int{200_000, 2_500_000} {
		b.Run(fmt.Sprintf("bitrate=%d", bitrate), func(b *testing.B) {
			data, video, audio := playStream(b, bitrate, 20*time.Second)
			url := fakeListen(b, playStart, sendAll(data), nil)
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for range b.N {
				if p := playFake(b, url); p.video.Load()+p.audio.Load() != int64(video+audio) {
					b.Fatalf("played %d of %d messages: %v", p.video.Load()+p.audio.Load(), video+audio, p.err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*(video+audio)), "ns/msg")
		})
	}
}
