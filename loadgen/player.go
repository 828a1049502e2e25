package loadgen

import (
	"context"
	"errors"
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// player is one playing connection and what it measured. The counters the
// bench reads while the player runs are atomic; the rest is written by the
// connection's read goroutine (the tag handler) and read after the play
// ended (ReadTag's return orders the two).
type player struct {
	bytes atomic.Int64 // bytes read from the connection
	reads atomic.Int64 // read calls on the connection
	video atomic.Int64 // video frames (sequence headers excluded)
	audio atomic.Int64 // audio messages (sequence headers excluded)
	join  atomic.Int64 // dial to first video frame, ns; 0 until then
	done  atomic.Bool  // run returned

	in           *connReader // the connection's reads: arrival times, pacing
	dialAt       time.Time
	firstAt      time.Time // arrival of the first media message
	firstTS      uint32
	best         time.Duration // smallest arrival−timestamp offset so far
	lastTS       uint32
	lastVideoTS  uint32
	firstVideoKF bool    // the first video frame was a keyframe
	paced        bool    // the reads are paced (after the join)
	fps          float64 // from onMetaData, if any
	lag          Histogram
	err          error
}

// playOptions are the per-connection settings of a player.
type playOptions struct {
	target  Target
	readBuf int
	// readInterval, if not 0, makes a player that has joined read at most
	// once per interval (PlayConfig.ReadInterval).
	readInterval time.Duration
	setupLimit   time.Duration // bound on dial to play start
}

// run plays until ctx is done or the play fails.
func (p *player) run(ctx context.Context, o playOptions) {
	p.dialAt = time.Now()
	defer p.done.Store(true)
	p.err = p.play(ctx, o)
	if ctx.Err() != nil {
		p.err = nil // stopped by the bench, not by the server
	}
}

// play connects with rtmpkit's client and plays the target's stream, its
// tags handed to p.tag with their payloads lent (no copy or allocation per
// message), until ctx is done or the play ends.
func (p *player) play(ctx context.Context, o playOptions) error {
	setupCtx, cancel := context.WithTimeout(ctx, o.setupLimit)
	defer cancel()
	p.in = &connReader{interval: o.readInterval, count: &p.bytes, reads: &p.reads}
	c, err := rtmp.Dial(setupCtx, o.target.URL(), &rtmp.ClientConfig{
		DialContext:    p.in.dial,
		ReadBufferSize: o.readBuf,
		// Players send only acknowledgements and pings: they keep the
		// protocol's 128-byte chunks and announce no chunk size, as the
		// earlier players did (nginx-rtmp sizes a connection's input
		// buffers by the peer's chunk size: 4 KiB more per player).
		ChunkSize:     chunk.DefaultChunkSize,
		Buffer:        1000,
		WaitRepublish: true, // a player outlives a publisher's restart
		OnMetadata:    func(_ *rtmp.Stream, v any) { p.metadata(v) },
	})
	if err != nil {
		return playError(err)
	}
	defer c.Close()
	s, err := c.CreateStream(setupCtx)
	if err != nil {
		return playError(err)
	}
	s.SetTagHandler(p.tag)
	defer func() {
		// However the play ends, close and wait until the read loop has
		// made its last call (tag handler, OnMetadata): the bench reads
		// the results once run returns.
		c.Close()
		s.ReadTag()
	}()
	if err := s.Play(setupCtx, o.target.Stream, rtmp.PlayLive, -1, false); err != nil {
		return playError(err)
	}
	_, err = s.ReadTagContext(ctx) // returns when the play ends
	if ctx.Err() != nil {
		return nil // stopped by the bench
	}
	return playError(err)
}

// playError converts the client's errors: an error-level onStatus becomes a
// StatusError, and a play that ended before the bench did (the server
// closed the connection or stopped the stream) io.ErrUnexpectedEOF.
func playError(err error) error {
	var se *rtmp.StatusError
	switch {
	case errors.As(err, &se):
		return &StatusError{Code: se.Code, Description: se.Description}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return io.ErrUnexpectedEOF
	}
	return err
}

// tag accounts for one tag of the play; it runs on the connection's read
// goroutine, with the tag's payload lent by the client's chunk reader.
func (p *player) tag(t flv.Tag) {
	if t.Type != flv.TagVideo && t.Type != flv.TagAudio {
		return
	}
	p.media(p.in.arrival(), t.Type, t.Timestamp, t.Data)
	if !p.paced && p.join.Load() != 0 {
		p.in.startPacing() // joined: the join time is measured unpaced
		p.paced = true
	}
}

// metadata reads the frame rate from onMetaData.
func (p *player) metadata(v any) {
	if fps, ok := message.NumberProperty(v, "framerate"); ok && fps > 0 && p.fps == 0 {
		p.fps = fps
	}
}

// media accounts for one audio or video message that arrived at now.
func (p *player) media(now time.Time, typ flv.TagType, ts uint32, payload []byte) {
	if typ == flv.TagVideo {
		if flv.IsVideoSequenceHeader(payload) {
			return
		}
		if p.video.Add(1) == 1 {
			p.join.Store(int64(now.Sub(p.dialAt)))
			p.firstVideoKF = flv.IsVideoKeyframe(payload)
		}
		p.lastVideoTS = ts
	} else {
		if flv.IsAudioSequenceHeader(payload) {
			return
		}
		p.audio.Add(1)
	}
	if p.firstAt.IsZero() {
		p.firstAt, p.firstTS, p.lastTS = now, ts, ts
		return
	}
	p.lastTS = ts
	off := p.offset(now, ts)
	if off < p.best {
		p.best = off
	}
	p.lag.Record(off - p.best)
}

// offset returns (now − first arrival) − (ts − first timestamp): how much
// later than the first message this one arrived, relative to stream time.
// streamSpan returns the stream time the player's messages covered, from the
// first message's timestamp to the last's.
func (p *player) streamSpan() time.Duration {
	return time.Duration(int32(p.lastTS-p.firstTS)) * time.Millisecond
}

func (p *player) offset(now time.Time, ts uint32) time.Duration {
	streamTime := time.Duration(int32(ts-p.firstTS)) * time.Millisecond
	return now.Sub(p.firstAt) - streamTime
}

// ErrRejected wraps an error-level onStatus or an _error reply.
var ErrRejected = errors.New("loadgen: server rejected")

// StatusError is an error-level onStatus a server sent a player or
// publisher.
type StatusError struct {
	Code        string
	Description string
}

// Error implements error.
func (e *StatusError) Error() string { return "loadgen: " + e.Code + ": " + e.Description }

// Unwrap makes a StatusError match ErrRejected.
func (e *StatusError) Unwrap() error { return ErrRejected }
