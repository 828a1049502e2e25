package loadgen

import (
	"context"
	"errors"
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// player is one playing connection and what it measured. The counters the
// bench reads while the player runs are atomic; the rest is written by the
// player's goroutine only and read after it finished.
type player struct {
	bytes atomic.Int64 // bytes read from the connection
	video atomic.Int64 // video frames (sequence headers excluded)
	audio atomic.Int64 // audio messages (sequence headers excluded)
	join  atomic.Int64 // dial to first video frame, ns; 0 until then
	done  atomic.Bool  // run returned

	dialAt       time.Time
	firstAt      time.Time // arrival of the first media message
	firstTS      uint32
	best         time.Duration // smallest arrival−timestamp offset so far
	lastTS       uint32
	lastVideoTS  uint32
	firstVideoKF bool    // the first video frame was a keyframe
	fps          float64 // from onMetaData, if any
	lag          Histogram
	sub          []chunk.Message // reused for aggregate messages
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

// run plays until ctx is done or the connection fails.
func (p *player) run(ctx context.Context, o playOptions) {
	p.dialAt = time.Now()
	defer p.done.Store(true)
	p.err = p.play(ctx, o)
	if ctx.Err() != nil {
		p.err = nil // stopped by the bench, not by the server
	}
}

func (p *player) play(ctx context.Context, o playOptions) error {
	setupCtx, cancel := context.WithTimeout(ctx, o.setupLimit)
	defer cancel()
	s, err := dial(setupCtx, o.target, o.readBuf, o.readInterval)
	if err != nil {
		return err
	}
	defer s.close()
	stop := context.AfterFunc(ctx, s.close)
	defer stop()
	s.setDeadline(time.Now().Add(o.setupLimit))
	if err := s.call("createStream", nil); err != nil {
		return err
	}
	if err := s.send(&message.SetBufferLength{StreamID: s.stream, BufferLength: 1000}, 0, 0); err != nil {
		return err
	}
	if _, err := s.command("play", s.stream, nil, o.target.Stream, -1000.0); err != nil {
		return err
	}
	s.setDeadline(time.Time{})
	return p.consume(s)
}

// consume reads and accounts for the messages of a playing session until
// the connection ends. It does not allocate per message: payloads stay in
// the chunk.Reader's buffer, only control, command and data messages are
// decoded, and the arrival time is taken per socket read, not per message.
func (p *player) consume(s *session) error {
	paced := false
	for {
		m, err := s.r.ReadMessage()
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
				return io.ErrUnexpectedEOF // the server closed a live stream
			}
			return err
		}
		now := s.arrival()
		p.bytes.Store(int64(s.r.BytesRead()))
		switch m.Type {
		case message.TypeVideo, message.TypeAudio:
			p.media(now, m.Type, m.Timestamp, m.Payload)
			if !paced && s.in != nil && p.join.Load() != 0 {
				s.in.startPacing() // joined: the join time is measured unpaced
				paced = true
			}
		case message.TypeAggregate:
			p.sub, err = message.AppendSubMessages(p.sub[:0], m, nil)
			if err != nil {
				return err
			}
			for i := range p.sub {
				if t := p.sub[i].Type; t == message.TypeVideo || t == message.TypeAudio {
					p.media(now, t, p.sub[i].Timestamp, p.sub[i].Payload)
				}
			}
		case message.TypeDataAMF0, message.TypeDataAMF3:
			p.data(s, m)
		case message.TypeCommandAMF0, message.TypeCommandAMF3:
			if err := p.command(s, m); err != nil {
				return err
			}
		default:
			if err := s.control(m); err != nil {
				return err
			}
			continue
		}
		if seq, due := s.r.AckDue(s.window); due {
			if err := s.send(&message.Acknowledgement{SequenceNumber: seq}, 0, 0); err != nil {
				return err
			}
		}
	}
}

// arrival returns when the message just read arrived: when the read that
// completed it returned.
func (s *session) arrival() time.Time {
	if s.in == nil || s.in.at.IsZero() {
		return time.Now()
	}
	return s.in.at
}

// media accounts for one audio or video message that arrived at now.
func (p *player) media(now time.Time, typ uint8, ts uint32, payload []byte) {
	if typ == message.TypeVideo {
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

// data reads the frame rate from onMetaData.
func (p *player) data(s *session, m *chunk.Message) {
	if p.fps != 0 {
		return
	}
	msg, err := s.dec.Decode(m)
	if err != nil {
		return
	}
	d, ok := msg.(*message.Data)
	if !ok {
		return
	}
	for _, a := range d.Args {
		if fps, ok := message.NumberProperty(a, "framerate"); ok && fps > 0 {
			p.fps = fps
			return
		}
	}
}

// command fails the player on an error-level onStatus (stream not found,
// play failed) and ignores the rest.
func (p *player) command(s *session, m *chunk.Message) error {
	msg, err := s.dec.Decode(m)
	if err != nil {
		return err
	}
	c, ok := msg.(*message.Command)
	if !ok {
		return nil
	}
	if st, ok := c.Status(); ok && st.IsError() {
		return &StatusError{Code: st.Code, Description: st.Description}
	}
	if c.Name == "_error" {
		return ErrRejected
	}
	return nil
}

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
