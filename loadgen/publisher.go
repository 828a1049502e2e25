package loadgen

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// Chunk stream ids a publisher sends media on (as FFmpeg does).
const (
	csidAudio = 6
	csidVideo = 7
	csidData  = 5
)

// publisher is one publishing connection of a synthetic stream.
type publisher struct {
	bytes   atomic.Int64 // media payload bytes written
	started atomic.Bool  // NetStream.Publish.Start received
	done    atomic.Bool  // run returned
	setup   time.Duration
	err     error
}

// run publishes synth to o.target until ctx is done; an error before that
// is a dropped connection.
func (p *publisher) run(ctx context.Context, o playOptions, synth *Synth) {
	defer p.done.Store(true)
	p.err = p.publish(ctx, o, synth)
	if ctx.Err() != nil {
		p.err = nil
	}
}

func (p *publisher) publish(ctx context.Context, o playOptions, synth *Synth) error {
	begin := time.Now()
	setupCtx, cancel := context.WithTimeout(ctx, o.setupLimit)
	defer cancel()
	s, err := dial(setupCtx, o.target, o.readBuf)
	if err != nil {
		return err
	}
	defer s.close()
	stop := context.AfterFunc(ctx, s.close)
	defer stop()
	s.setDeadline(time.Now().Add(o.setupLimit))
	name := o.target.Stream
	if _, err := s.command("releaseStream", 0, nil, name); err != nil {
		return err
	}
	if _, err := s.command("FCPublish", 0, nil, name); err != nil {
		return err
	}
	if err := s.call("createStream", nil); err != nil {
		return err
	}
	if _, err := s.command("publish", s.stream, nil, name, "live"); err != nil {
		return err
	}
	if err := s.awaitStatus("NetStream.Publish.Start"); err != nil {
		return err
	}
	s.setDeadline(time.Time{})
	p.setup = time.Since(begin)
	p.started.Store(true)

	// From here on a goroutine reads what the server sends (acks, pings,
	// status) so the server never blocks on us.
	readErr := make(chan error, 1)
	go func() {
		for {
			m, err := s.r.ReadMessage()
			if err == nil {
				err = s.control(m)
			}
			if err == nil && (m.Type == message.TypeCommandAMF0 || m.Type == message.TypeCommandAMF3) {
				err = (&player{}).command(s, m)
			}
			if err != nil {
				readErr <- err
				return
			}
		}
	}()

	if err := s.send(&message.SetChunkSize{Size: publishChunkSize}, 0, 0); err != nil {
		return err
	}
	s.w.SetChunkSize(publishChunkSize)
	md, err := flv.AppendSetDataFrame(nil, synth.Metadata())
	if err != nil {
		return err
	}
	send := func(csid uint32, typ uint8, ts uint32, data []byte) error {
		m := chunk.Message{CSID: csid, Type: typ, StreamID: s.stream, Timestamp: ts, Payload: data}
		s.wmu.Lock()
		err := s.w.WriteMessage(&m)
		s.wmu.Unlock()
		p.bytes.Add(int64(len(data)))
		return err
	}
	if err := send(csidData, message.TypeDataAMF0, 0, md); err != nil {
		return err
	}
	for _, t := range synth.SequenceHeaders() {
		if err := send(csidOf(t.Type), uint8(t.Type), 0, t.Data); err != nil {
			return err
		}
	}
	c := synth.Cursor()
	start := time.Now()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		t := c.Next()
		if wait := time.Until(start.Add(time.Duration(t.Timestamp) * time.Millisecond)); wait > 0 {
			timer.Reset(wait)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case err := <-readErr:
				return err
			case <-timer.C:
			}
		}
		if err := send(csidOf(t.Type), uint8(t.Type), t.Timestamp, t.Data); err != nil {
			return err
		}
	}
}

// csidOf returns the chunk stream id for a tag type.
func csidOf(t flv.TagType) uint32 {
	if t == flv.TagVideo {
		return csidVideo
	}
	return csidAudio
}
