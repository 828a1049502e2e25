package rtmp

import (
	"errors"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// readLoop reads and dispatches the server's messages until the
// connection ends.
func (c *ClientConn) readLoop() {
	defer close(c.readExit)
	defer c.cr.Release()
	for {
		if rt := c.cfg.ReadTimeout; rt > 0 {
			c.nc.SetReadDeadline(time.Now().Add(rt))
		}
		m, err := c.cr.ReadMessage()
		if err != nil {
			c.readFailed(err)
			return
		}
		if err := c.dispatch(m); err != nil {
			c.fail(err, StateError)
			return
		}
		if seq, due := c.cr.AckDue(c.ackWindow); due {
			c.sendControl(message.Acknowledgement{SequenceNumber: seq})
		}
	}
}

// readFailed ends the connection after a read error: a server that closes
// the connection (EOF, reset) disconnects us, anything else is an error.
func (c *ClientConn) readFailed(err error) {
	if c.isClosed() {
		return
	}
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed), errors.Is(err, syscall.ECONNRESET):
		c.fail(&closedError{cause: err}, StateDisconnected)
	default:
		c.fail(&ProtocolError{Op: "read", Err: err}, StateError)
	}
}

// dispatch handles one message from the server.
func (c *ClientConn) dispatch(m *chunk.Message) error {
	switch m.Type {
	case message.TypeAudio, message.TypeVideo, message.TypeAggregate:
		return c.deliverMedia(m)
	case message.TypeDataAMF0, message.TypeDataAMF3:
		return c.deliverMedia(m)
	case message.TypeCommandAMF0, message.TypeCommandAMF3:
		cmd, err := decodeCommand(m)
		if err != nil {
			return &ProtocolError{Op: "decode command", Err: err}
		}
		c.onCommand(m.StreamID, cmd)
		return nil
	case message.TypeSharedObjectAMF0, message.TypeSharedObjectAMF3:
		return nil
	}
	msg, err := message.Decode(m)
	if err != nil {
		return &ProtocolError{Op: "decode message", Err: err}
	}
	c.log.Debug("rtmp: control from server", "type", m.Type, "stream", m.StreamID, "message", msg)
	switch v := msg.(type) {
	case *message.SetChunkSize:
		if err := c.cr.SetChunkSize(v.Size); err != nil {
			return &ProtocolError{Op: "set chunk size", Err: err}
		}
	case *message.Abort:
		if err := c.cr.Abort(v.CSID); err != nil {
			return &ProtocolError{Op: "abort", Err: err}
		}
	case *message.WindowAckSize:
		c.ackWindow = v.Size
	case *message.SetPeerBandwidth:
		if !c.sentWA {
			c.sentWA = true
			c.sendControl(message.WindowAckSize{Size: c.cfg.window()})
		}
	case *message.PingRequest:
		c.sendControl(message.PingResponse{Timestamp: v.Timestamp})
	case *message.SWFVerifyRequest:
		if res := c.hsRes.Load(); res != nil && len(res.SWFVerification) == message.SWFVerifyBlobSize {
			var sv message.SWFVerify
			copy(sv.Blob[:], res.SWFVerification)
			c.sendControl(sv)
			return nil
		}
		c.log.Warn("rtmp: server asked for SWF verification; set SWFVfy and SWFURL or SWFHash")
	case *message.StreamEOF:
		if st := c.stream(v.StreamID); st != nil {
			st.streamEOF()
		}
	case *message.StreamIsRecorded:
		if st := c.stream(v.StreamID); st != nil {
			st.recorded.Store(true)
		}
	}
	if uc, ok := msg.(message.UserControl); ok && c.cfg.OnUserControl != nil {
		c.cfg.OnUserControl(c, uc)
	}
	return nil
}

// deliverMedia hands a media or data message of a playing stream to its
// tag handler, which borrows the payload, or to its queue, detaching the
// payload from the chunk reader instead of copying it.
func (c *ClientConn) deliverMedia(m *chunk.Message) error {
	st := c.stream(m.StreamID)
	if st == nil && m.StreamID == 0 {
		// FFmpeg's listen mode sends media on stream 0; librtmp never
		// looks at the stream id. Give it to the only playing stream.
		st = c.onlyPlaying()
	}
	if st == nil || st.mode.Load() != modePlaying {
		c.log.Debug("rtmp: media for no playing stream dropped", "type", m.Type, "stream", m.StreamID, "size", len(m.Payload))
		return nil
	}
	if !st.lends() {
		c.cr.Detach() // the payload now belongs to the stream's reader; the GC reclaims it
	}
	if m.Type == message.TypeAggregate {
		var err error
		c.subs, err = message.AppendSubMessages(c.subs[:0], m, nil)
		if err != nil {
			return &ProtocolError{Op: "decode aggregate", Err: err}
		}
		for i := range c.subs {
			if tag, ok := tagOf(&c.subs[i]); ok {
				st.deliver(tag)
			}
		}
		clear(c.subs) // drop the payload references
		return nil
	}
	if tag, ok := tagOf(m); ok {
		st.deliver(tag)
	}
	return nil
}

// tagOf converts a media or data message to an FLV tag, for a client's play
// and for a server's publish sink. Data messages lose the AMF3 format byte
// (type 15) and a leading @setDataFrame.
func tagOf(m *chunk.Message) (flv.Tag, bool) {
	tag := flv.Tag{Timestamp: m.Timestamp, StreamID: m.StreamID, Data: m.Payload}
	switch m.Type {
	case message.TypeAudio:
		tag.Type = flv.TagAudio
	case message.TypeVideo:
		tag.Type = flv.TagVideo
	case message.TypeDataAMF0, message.TypeDataAMF3:
		tag.Type = flv.TagScript
		if m.Type == message.TypeDataAMF3 && len(tag.Data) > 0 && tag.Data[0] == 0 {
			tag.Data = tag.Data[1:]
		}
		tag.Data, _ = flv.StripSetDataFrame(tag.Data)
	default:
		return tag, false
	}
	return tag, true
}

func (c *ClientConn) stream(id uint32) *Stream {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.streams[id]
}

// onlyPlaying returns the playing stream if exactly one stream plays.
func (c *ClientConn) onlyPlaying() *Stream {
	c.mu.Lock()
	defer c.mu.Unlock()
	var only *Stream
	for _, s := range c.streams {
		if s.mode.Load() == modePlaying {
			if only != nil {
				return nil
			}
			only = s
		}
	}
	return only
}
