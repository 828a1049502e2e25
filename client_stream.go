package rtmp

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"

	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// Stream modes.
const (
	modeIdle int32 = iota
	modePublishing
	modePlaying
	modeClosed
)

// ErrStreamMode is returned by Stream methods that do not apply to what the
// stream does (WriteTag on a playing stream, ReadTag on a publishing one).
var ErrStreamMode = errors.New("rtmp: stream is not publishing or playing as this method requires")

// Stream is a NetStream of a client connection: created by CreateStream,
// it publishes (write FLV tags or bytes) or plays (read FLV tags or bytes).
// Write methods must not be called concurrently with each other, nor read
// methods with each other; the rest is safe for concurrent use.
type Stream struct {
	c    *ClientConn
	id   uint32
	name string
	mode atomic.Int32

	statusCh chan message.Status // onStatus of this stream, for Publish/Play/Seek waiters

	// play side, under qmu
	qmu     sync.Mutex
	q       []flv.Tag
	qlimit  int
	qready  chan struct{}
	qspace  chan struct{}
	qerr    error // terminal condition once the queue is drained
	ended   chan struct{}
	endOnce sync.Once
	meta    any
	lastTS  atomic.Uint32
	handler atomic.Pointer[func(flv.Tag)] // SetTagHandler's fn, called by the read loop

	// what decides whether a StreamEOF event ends the play (see streamEOF)
	started  atomic.Bool // Play.Start or PublishNotify arrived
	recorded atomic.Bool // StreamIsRecorded arrived: Play.Stop will end it
	paused   atomic.Bool // from Pause until Unpause.Notify
	seeking  atomic.Bool // from Seek until Seek.Notify or Seek.Failed

	// FLV byte reader state (Read)
	rbuf      []byte
	rheadDone bool

	// FLV byte writer state (Write)
	wbuf      []byte
	wheadDone bool
}

// ID returns the message stream id the server assigned.
func (s *Stream) ID() uint32 { return s.id }

// Name returns the stream name given to Publish or Play.
func (s *Stream) Name() string { return s.name }

// CreateStream asks the server for a new NetStream.
func (c *ClientConn) CreateStream(ctx context.Context) (*Stream, error) {
	if err := c.requireConnected(); err != nil {
		return nil, err
	}
	vals, err := c.Call(ctx, message.CommandCreateStream)
	if err != nil {
		return nil, err
	}
	cmd := message.Command{Args: vals}
	id, ok := cmd.NumberArg(0)
	if !ok || id < 0 || id > 1<<32-1 {
		return nil, &ProtocolError{Op: "createStream", Err: errors.New("the _result carries no stream id")}
	}
	s := &Stream{
		c:        c,
		id:       uint32(id),
		statusCh: make(chan message.Status, 32),
		qlimit:   c.cfg.playQueue(),
		qready:   make(chan struct{}, 1),
		qspace:   make(chan struct{}, 1),
		ended:    make(chan struct{}),
	}
	c.mu.Lock()
	c.streams[s.id] = s
	c.mu.Unlock()
	if c.isClosed() {
		s.end(c.closedErr())
	}
	return s, nil
}

func (c *ClientConn) requireConnected() error {
	if c.isClosed() {
		return c.closedErr()
	}
	if c.ConnectInfo() == nil {
		return ErrNotConnected
	}
	return nil
}

// Publish creates a stream and publishes name on it with type "live"
// (the default when typ is empty), "record" or "append", as FFmpeg does:
// releaseStream and FCPublish first (their replies are not awaited), then
// createStream and publish. It returns once the server answered
// NetStream.Publish.Start; an error-level onStatus (BadName, Denied...)
// is returned as a *StatusError.
func (c *ClientConn) Publish(ctx context.Context, name, typ string) (*Stream, error) {
	if err := c.requireConnected(); err != nil {
		return nil, err
	}
	c.sendNoReply(message.CommandReleaseStream, name)
	c.sendNoReply(message.CommandFCPublish, name)
	s, err := c.CreateStream(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Publish(ctx, name, typ); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Publish publishes name on s (see ClientConn.Publish).
func (s *Stream) Publish(ctx context.Context, name, typ string) error {
	if typ == "" {
		typ = "live"
	}
	s.name = name
	s.drainStatus()
	if err := s.c.sendCommand(8, s.id, message.CommandPublish, 0, nil, name, typ); err != nil {
		return err
	}
	if _, err := s.waitStatus(ctx, CodePublishStart); err != nil {
		return err
	}
	s.mode.Store(modePublishing)
	s.c.updateStreamState()
	return nil
}

// Play start values (milliseconds on the wire, as FFmpeg and librtmp send).
const (
	PlayLiveOrRecorded = -2000 // live if published, else recorded, else wait
	PlayLive           = -1000 // live only
)

// Play creates a stream and plays name on it: start is the position in ms
// (PlayLive, PlayLiveOrRecorded or >= 0 for recorded streams), duration the
// length in ms (-1 until the end) and reset asks the server to flush a
// playlist. With ClientConfig.Live or Subscribe it sends FCSubscribe first.
// It returns once the server answered NetStream.Play.Start (or
// PublishNotify); an error-level onStatus (StreamNotFound, Failed...) is
// returned as a *StatusError.
func (c *ClientConn) Play(ctx context.Context, name string, start, duration float64, reset bool) (*Stream, error) {
	if err := c.requireConnected(); err != nil {
		return nil, err
	}
	if sub := c.cfg.Subscribe; sub != "" || c.cfg.Live {
		if sub == "" {
			sub = name
		}
		c.sendNoReply(message.CommandFCSubscribe, sub)
	}
	s, err := c.CreateStream(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Play(ctx, name, start, duration, reset); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// PlayURL plays the URL's play path (or ClientConfig.PlayPath) with the
// ClientConfig's Live, Start and Stop, as rtmpdump does.
func (c *ClientConn) PlayURL(ctx context.Context) (*Stream, error) {
	start, dur := float64(PlayLiveOrRecorded), -1.0
	switch {
	case c.cfg.Live:
		start = PlayLive
	case c.cfg.StartSet:
		start = float64(c.cfg.Start)
	}
	if c.cfg.Stop > 0 {
		dur = float64(c.cfg.Stop - max(c.cfg.Start, 0))
	}
	return c.Play(ctx, c.playPath(), start, dur, false)
}

// PublishURL publishes to the URL's play path (or ClientConfig.PlayPath).
func (c *ClientConn) PublishURL(ctx context.Context, typ string) (*Stream, error) {
	return c.Publish(ctx, c.playPath(), typ)
}

func (c *ClientConn) playPath() string {
	if c.cfg.PlayPath != "" {
		return c.cfg.PlayPath
	}
	return c.u.PlayPath
}

// Play plays name on s (see ClientConn.Play).
func (s *Stream) Play(ctx context.Context, name string, start, duration float64, reset bool) error {
	s.name = name
	s.drainStatus()
	s.mode.Store(modePlaying) // media may arrive before the status
	args := []any{name, start}
	if duration >= 0 || reset {
		args = append(args, duration)
	}
	if reset {
		args = append(args, true)
	}
	if err := s.c.sendCommand(8, s.id, message.CommandPlay, 0, nil, args...); err != nil {
		return err
	}
	// A server that sends a short stream at full speed may have answered,
	// sent everything and closed before SetBufferLength goes out: what it
	// sent is still read, so the status decides.
	berr := s.SetBufferLength(s.c.cfg.bufferLength())
	if _, err := s.waitStatus(ctx, CodePlayStart, CodePlayPublishNotify); err != nil {
		s.mode.Store(modeIdle)
		// The server's refusal explains a failed write that followed it
		// (a server that refuses and closes at once).
		var se *StatusError
		if berr != nil && !errors.As(err, &se) {
			return berr
		}
		return err
	}
	s.c.updateStreamState()
	return nil
}

// SetBufferLength tells the server the client's buffer length in ms.
func (s *Stream) SetBufferLength(ms uint32) error {
	return s.c.send(message.SetBufferLength{StreamID: s.id, BufferLength: ms}, 0, 0)
}

// Pause asks the server to pause a playing stream (at the last timestamp
// received).
func (s *Stream) Pause() error { return s.pause(true) }

// Resume asks the server to resume a paused stream.
func (s *Stream) Resume() error { return s.pause(false) }

func (s *Stream) pause(on bool) error {
	if s.mode.Load() != modePlaying {
		return ErrStreamMode
	}
	if on {
		// nginx-rtmp answers a pause with StreamEOF; Unpause.Notify clears
		// it (not Resume, whose answer comes after that StreamEOF).
		s.paused.Store(true)
	}
	return s.c.sendCommand(8, s.id, message.CommandPause, 0, nil, on, float64(s.lastTS.Load()))
}

// Seek asks the server to continue a playing stream from ms and waits for
// NetStream.Seek.Notify. Media queued before the seek is dropped.
func (s *Stream) Seek(ctx context.Context, ms float64) error {
	if s.mode.Load() != modePlaying {
		return ErrStreamMode
	}
	s.drainStatus()
	s.seeking.Store(true) // nginx-rtmp sends StreamEOF before Seek.Notify
	if err := s.c.sendCommand(8, s.id, message.CommandSeek, 0, nil, ms); err != nil {
		return err
	}
	s.qmu.Lock()
	clear(s.q)
	s.q = s.q[:0]
	s.qmu.Unlock()
	notify(s.qspace)
	_, err := s.waitStatus(ctx, CodeSeekNotify)
	return err
}

// Close stops publishing (FCUnpublish, deleteStream) or playing
// (deleteStream) and forgets the stream. The connection stays open.
func (s *Stream) Close() error {
	mode := s.mode.Swap(modeClosed)
	if mode == modeClosed {
		return nil
	}
	c := s.c
	c.mu.Lock()
	delete(c.streams, s.id)
	c.mu.Unlock()
	s.end(ErrClosed)
	if c.isClosed() {
		return nil
	}
	var err error
	if mode == modePublishing && s.name != "" {
		c.sendNoReply(message.CommandFCUnpublish, s.name)
	}
	if e := c.sendCommand(csidCommand, 0, message.CommandDeleteStream, 0, nil, float64(s.id)); e != nil {
		err = e
	}
	c.updateStreamState()
	return err
}

// drainStatus forgets statuses nobody waited for.
func (s *Stream) drainStatus() {
	for {
		select {
		case <-s.statusCh:
		default:
			return
		}
	}
}

// waitStatus waits for an onStatus with one of the codes, or an error-level
// one (returned as a *StatusError).
func (s *Stream) waitStatus(ctx context.Context, codes ...string) (message.Status, error) {
	match := func(st message.Status) (bool, error) {
		for _, code := range codes {
			if st.Code == code {
				return true, nil
			}
		}
		if st.IsError() {
			return true, &StatusError{Level: st.Level, Code: st.Code, Description: st.Description}
		}
		return false, nil
	}
	for {
		select {
		case st := <-s.statusCh:
			if done, err := match(st); done {
				return st, err
			}
		case <-s.ended:
			// Statuses that arrived before the end still count: a play may
			// start and stop before this goroutine looks.
			for {
				select {
				case st := <-s.statusCh:
					if done, err := match(st); done {
						return st, err
					}
				default:
					return message.Status{}, s.endErr()
				}
			}
		case <-ctx.Done():
			return message.Status{}, ctx.Err()
		}
	}
}

// status receives an onStatus for this stream (read loop).
func (s *Stream) status(st message.Status) {
	select {
	case s.statusCh <- st:
	default:
	}
	if s.mode.Load() != modePlaying {
		return
	}
	switch st.Code {
	case CodePlayStart, CodePlayPublishNotify:
		s.started.Store(true)
	case CodeUnpauseNotify:
		s.paused.Store(false)
	case CodeSeekNotify, message.CodeSeekFailed:
		s.seeking.Store(false)
	}
	switch {
	case st.Code == CodePlayStop || st.Code == message.CodePlayComplete:
		s.end(io.EOF)
	case st.Code == CodePlayUnpublishNotify && !s.c.cfg.WaitRepublish:
		s.end(io.EOF)
	case st.IsError() && st.Code != message.CodeSeekFailed:
		s.end(&StatusError{Level: st.Level, Code: st.Code, Description: st.Description})
	}
}

// streamEOF handles a StreamEOF user control event for the stream (read
// loop). Servers send it when a recorded stream ends (Play.Complete and
// Play.Stop follow), when a live publisher leaves (nginx-rtmp sends
// nothing else), and in answer to pause and seek (nginx-rtmp). It ends a
// live play that started and is neither paused nor seeking, unless
// ClientConfig.WaitRepublish.
func (s *Stream) streamEOF() {
	if s.mode.Load() != modePlaying || s.c.cfg.WaitRepublish || !s.started.Load() ||
		s.recorded.Load() || s.paused.Load() || s.seeking.Load() {
		return
	}
	s.end(io.EOF)
}

// end makes the stream's reads fail with err once the queue is drained.
func (s *Stream) end(err error) {
	s.endOnce.Do(func() {
		s.qmu.Lock()
		s.qerr = err
		s.qmu.Unlock()
		close(s.ended)
		notify(s.qready)
	})
}

func (s *Stream) endErr() error {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	if s.qerr == nil {
		return ErrClosed
	}
	return s.qerr
}
