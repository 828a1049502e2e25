package loadgen

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
)

// ErrRejected wraps an error-level onStatus or an _error reply.
var ErrRejected = errors.New("loadgen: server rejected")

// session is a minimal RTMP client connection on the handshake, chunk and
// message layers: enough to connect, create a stream and play.
// Only command and control messages are decoded; media payloads stay in the
// chunk.Reader's reused buffer.
type session struct {
	nc     net.Conn
	r      *chunk.Reader
	wmu    sync.Mutex // guards w
	w      *chunk.Writer
	window uint32 // the server's Window Acknowledgement Size
	dec    message.Decoder
	stream uint32 // message stream id from createStream
	txn    float64
	in     *connReader // between nc and r's bufio.Reader; nil in tests over bytes
}

// dial connects to t, performs the plain handshake and sends connect,
// waiting for its result. readBuf sizes the socket read buffer; a
// readInterval other than 0 paces the reads once the session turns it on
// (see pacedReader).
func dial(ctx context.Context, t Target, readBuf int, readInterval time.Duration) (*session, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", t.Addr)
	if err != nil {
		return nil, err
	}
	s := &session{nc: nc}
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	defer stop()
	if _, err := handshake.Client(nc, nil); err != nil {
		nc.Close()
		return nil, fmt.Errorf("handshake: %w", err)
	}
	s.in = &connReader{r: nc, interval: readInterval}
	s.r = chunk.NewReader(bufio.NewReaderSize(s.in, readBuf), chunk.Limits{})
	s.w = chunk.NewWriter(nc)
	err = s.call("connect", amf0.Object{
		{Key: "app", Value: t.App},
		{Key: "type", Value: "nonprivate"},
		{Key: "flashVer", Value: "LNX 9,0,124,2"},
		{Key: "tcUrl", Value: t.TCURL},
		{Key: "fpad", Value: false},
		{Key: "capabilities", Value: 15.0},
		{Key: "audioCodecs", Value: 4071.0},
		{Key: "videoCodecs", Value: 252.0},
		{Key: "videoFunction", Value: 1.0},
	})
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	return s, nil
}

// close closes the connection and returns the reader's buffers.
func (s *session) close() {
	s.nc.Close()
}

// send encodes and writes msg on message stream streamID.
func (s *session) send(msg message.Message, streamID, ts uint32) error {
	m, err := message.Encode(msg, streamID, ts)
	if err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.w.WriteMessage(m)
}

// command sends a command with a new transaction id and returns the id.
func (s *session) command(name string, streamID uint32, obj any, args ...any) (float64, error) {
	s.txn++
	return s.txn, s.send(&message.Command{Name: name, TransactionID: s.txn, Object: obj, Args: args}, streamID, 0)
}

// call sends a command on stream 0 and waits for its _result.
func (s *session) call(name string, obj any, args ...any) error {
	txn, err := s.command(name, 0, obj, args...)
	if err != nil {
		return err
	}
	_, err = s.await(func(c *message.Command) (bool, error) {
		if c.TransactionID != txn {
			return false, nil
		}
		switch c.Name {
		case "_result":
			if name == "createStream" {
				id, ok := c.NumberArg(0)
				if !ok {
					return false, fmt.Errorf("%w: createStream result has no stream id", ErrRejected)
				}
				s.stream = uint32(id)
			}
			return true, nil
		case "_error":
			return false, fmt.Errorf("%w: %s: %v", ErrRejected, name, c.Args)
		}
		return false, nil
	})
	return err
}

// await reads messages, handling control messages, until done accepts a
// command (true) or fails. Media messages are skipped.
func (s *session) await(done func(*message.Command) (bool, error)) (*chunk.Message, error) {
	for {
		m, err := s.r.ReadMessage()
		if err != nil {
			return nil, err
		}
		if err := s.control(m); err != nil {
			return nil, err
		}
		if m.Type != message.TypeCommandAMF0 && m.Type != message.TypeCommandAMF3 {
			continue
		}
		msg, err := s.dec.Decode(m)
		if err != nil {
			return nil, err
		}
		c, ok := msg.(*message.Command)
		if !ok {
			continue
		}
		if ok, err := done(c); err != nil || ok {
			return m, err
		}
	}
}

// control applies the protocol control and user control messages a client
// must obey (chunk size, abort, window size, ping) and sends an
// acknowledgement when one is due. Other messages are left to the caller.
func (s *session) control(m *chunk.Message) error {
	switch m.Type {
	case message.TypeSetChunkSize, message.TypeAbort, message.TypeWindowAckSize, message.TypeUserControl:
		msg, err := s.dec.Decode(m)
		if err != nil {
			return err
		}
		switch v := msg.(type) {
		case *message.SetChunkSize:
			if err := s.r.SetChunkSize(v.Size); err != nil {
				return err
			}
		case *message.Abort:
			if err := s.r.Abort(v.CSID); err != nil {
				return err
			}
		case *message.WindowAckSize:
			s.window = v.Size
		case *message.PingRequest:
			if err := s.send(&message.PingResponse{Timestamp: v.Timestamp}, 0, 0); err != nil {
				return err
			}
		}
	}
	if seq, due := s.r.AckDue(s.window); due {
		return s.send(&message.Acknowledgement{SequenceNumber: seq}, 0, 0)
	}
	return nil
}

// setDeadline bounds the handshake-to-first-reply phase of a connection.
func (s *session) setDeadline(t time.Time) { s.nc.SetDeadline(t) }
