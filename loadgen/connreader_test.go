package loadgen

import (
	"bufio"
	"bytes"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// chunkedReader returns at most n bytes per Read and counts the calls.
type chunkedReader struct {
	data  []byte
	n     int
	calls int
}

func (r *chunkedReader) Read(b []byte) (int, error) {
	r.calls++
	n := copy(b, r.data[:min(r.n, len(r.data))])
	r.data = r.data[n:]
	return n, nil
}

func TestConnReader(t *testing.T) {
	const interval = 30 * time.Millisecond
	for _, tc := range []struct {
		name     string
		interval time.Duration
		pace     bool
		perRead  int // bytes the socket returns per read
		buf      int // the caller's buffer
		reads    int
		minTime  time.Duration // the reads take at least this long
		maxTime  time.Duration // and at most this long
	}{
		{"no interval", 0, true, 10, 100, 4, 0, 20 * time.Millisecond},
		{"interval, not started", interval, false, 10, 100, 4, 0, 20 * time.Millisecond},
		// The first read is not delayed (none before it), each next one
		// waits for the interval.
		{"paced", interval, true, 10, 100, 4, 3 * interval, 3*interval + 100*time.Millisecond},
		// A read that fills the buffer is followed at once by the next.
		{"full buffers", interval, true, 100, 100, 4, 0, 20 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := &chunkedReader{data: bytes.Repeat([]byte{1}, 1000), n: tc.perRead}
			c := &connReader{r: src, interval: tc.interval}
			if tc.pace {
				c.startPacing()
			}
			buf := make([]byte, tc.buf)
			begin := time.Now()
			var lastAt time.Time
			for i := range tc.reads {
				n, err := c.Read(buf)
				if err != nil || n != min(tc.perRead, tc.buf) {
					t.Fatalf("read %d = %d, %v", i, n, err)
				}
				if c.at.Before(lastAt) || c.at.After(time.Now()) {
					t.Fatalf("read %d stamped %v, previous %v", i, c.at, lastAt)
				}
				lastAt = c.at
			}
			if took := time.Since(begin); took < tc.minTime || took > tc.maxTime {
				t.Errorf("%d reads took %v, want %v to %v", tc.reads, took, tc.minTime, tc.maxTime)
			}
			if src.calls != tc.reads {
				t.Errorf("%d reads of the socket, want %d", src.calls, tc.reads)
			}
		})
	}
}

func TestPlayerArrivalIsReadTime(t *testing.T) {
	// Messages parsed from one read share its time: the stamp, not the
	// clock when each was handed over.
	data, video, audio := playStream(t, 500_000, 2*time.Second)
	in := &connReader{r: bytes.NewReader(data)}
	r := chunk.NewReader(bufio.NewReaderSize(in, len(data)+1), chunk.Limits{})
	p := &player{dialAt: time.Now(), in: in}
	for {
		m, err := r.ReadMessage()
		if err != nil {
			break
		}
		switch m.Type {
		case message.TypeSetChunkSize:
			r.SetChunkSize(4096) // the stream's only chunk size
		case message.TypeVideo, message.TypeAudio:
			p.tag(flv.Tag{Type: flv.TagType(m.Type), Timestamp: m.Timestamp, Data: m.Payload})
		}
	}
	if p.video.Load() != int64(video) || p.audio.Load() != int64(audio) {
		t.Fatalf("counted %d video, %d audio; want %d, %d", p.video.Load(), p.audio.Load(), video, audio)
	}
	// One read delivered everything, so every message has the same
	// arrival and the stream's 2 s of timestamps all count as early: no
	// lag, and the best offset is minus the stream's duration.
	if p.lag.Max() != 0 || p.best > -1900*time.Millisecond {
		t.Errorf("lag max %v, best offset %v", p.lag.Max(), p.best)
	}
}
