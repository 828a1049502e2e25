package rtmp

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// Script data a server sends to a player that is about the stream rather
// than part of it: not delivered as tags.
var controlScripts = []string{message.HandlerSampleAccess, message.HandlerOnPlayStatus, message.CommandOnStatus}

// SetTagHandler makes the connection hand this stream's media and data
// tags to fn as they arrive, instead of queueing them for ReadTag and Read:
// a play without a copy, an allocation or a goroutine hand-off per message.
// fn runs on the connection's read goroutine, so nothing else is read until
// it returns: it must not block, nor call the connection's methods that wait
// for the server (Call, Play, Seek, ...). tag.Data is lent: it is valid only
// until fn returns, and fn must copy what it keeps. Tags are filtered as for
// ReadTag (no |RtmpSampleAccess, onStatus or onPlayStatus; onMetaData also
// reaches Metadata and ClientConfig.OnMetadata first). Set it before Play.
// ReadTag then returns only how the play ended (io.EOF, a *StatusError or
// the connection's error), so it can be used to wait for the end: once it
// has returned, fn is not called again for that play. A nil fn goes back to
// queueing.
func (s *Stream) SetTagHandler(fn func(tag flv.Tag)) {
	if fn == nil {
		s.handler.Store(nil)
		return
	}
	s.handler.Store(&fn)
}

// lends reports whether tags go to a handler, which borrows their payloads
// (the read loop then need not detach them from the chunk reader).
func (s *Stream) lends() bool { return s.handler.Load() != nil }

// deliver passes a tag of a playing stream to its handler, or queues it for
// the reader.
func (s *Stream) deliver(tag flv.Tag) {
	if !s.accept(tag) {
		return
	}
	if h := s.handler.Load(); h != nil {
		select {
		case <-s.ended: // as push: nothing after the end
			return
		default:
		}
		(*h)(tag)
		s.lastTS.Store(tag.Timestamp)
		return
	}
	s.push(tag)
}

// accept filters out the script data that is about the stream rather than
// part of it, and records onMetaData.
func (s *Stream) accept(tag flv.Tag) bool {
	if tag.Type != flv.TagScript {
		return true
	}
	name := scriptName(tag.Data)
	for _, n := range controlScripts {
		if name == n {
			return false
		}
	}
	if name == flv.OnMetaData {
		if _, vals, err := flv.ParseScript(tag.Data); err == nil && len(vals) > 0 {
			s.qmu.Lock()
			s.meta = vals[0]
			s.qmu.Unlock()
			if f := s.c.cfg.OnMetadata; f != nil {
				f(s, vals[0])
			}
		}
	}
	return true
}

// push queues a tag for the reader, blocking while the queue is full (the
// read loop then stops reading: TCP pushes back on the server).
func (s *Stream) push(tag flv.Tag) {
	for {
		s.qmu.Lock()
		if s.qerr != nil {
			s.qmu.Unlock()
			return
		}
		if len(s.q) < s.qlimit {
			s.q = append(s.q, tag)
			s.qmu.Unlock()
			notify(s.qready)
			return
		}
		s.qmu.Unlock()
		select {
		case <-s.qspace:
		case <-s.ended:
		}
	}
}

// scriptName returns the leading AMF0 string of a script body, or "".
func scriptName(b []byte) string {
	if len(b) < 3 || b[0] != 0x02 {
		return ""
	}
	n := int(binary.BigEndian.Uint16(b[1:3]))
	if len(b) < 3+n {
		return ""
	}
	return string(b[3 : 3+n])
}

// Metadata returns the value of the last onMetaData the stream received
// (usually an amf0.ECMAArray; see message.Property to read it), or nil.
// Metadata is delivered by ReadTag as a script tag too, and to
// ClientConfig.OnMetadata.
func (s *Stream) Metadata() any {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	return s.meta
}

// Duration returns the duration in seconds from the stream's metadata, and
// whether the metadata has one.
func (s *Stream) Duration() (float64, bool) {
	return message.NumberProperty(s.Metadata(), "duration")
}

// ReadTag returns the next audio, video or script tag of a playing stream,
// waiting for one. Timestamps are the RTMP message timestamps; script tags
// have no "@setDataFrame" prefix, and the server's |RtmpSampleAccess,
// onStatus and onPlayStatus data messages are not delivered.
//
// Once the play ended it returns the tags queued before the end, then
// io.EOF: the server ended the play with NetStream.Play.Stop or
// Play.Complete or, unless ClientConfig.WaitRepublish is set, the live
// publisher left (NetStream.Play.UnpublishNotify, or a StreamEOF event
// outside pause and seek). After an error-level onStatus it returns a
// *StatusError; after the connection ends the connection's error. Close
// the stream after io.EOF to release it on the server. The tag's Data
// belongs to the caller.
func (s *Stream) ReadTag() (flv.Tag, error) { return s.ReadTagContext(context.Background()) }

// ReadTagContext is ReadTag with a context bounding the wait.
func (s *Stream) ReadTagContext(ctx context.Context) (flv.Tag, error) {
	for {
		s.qmu.Lock()
		if len(s.q) > 0 {
			tag := s.q[0]
			s.q[0] = flv.Tag{}
			s.q = s.q[1:]
			if len(s.q) == 0 {
				s.q = s.q[:0:0]
			}
			s.qmu.Unlock()
			notify(s.qspace)
			s.lastTS.Store(tag.Timestamp)
			return tag, nil
		}
		err := s.qerr
		s.qmu.Unlock()
		if err != nil {
			if s.lends() && s.c.isClosed() {
				// The connection was closed from another goroutine: let
				// the read loop finish a handler call in progress, so
				// that none follows the end.
				select {
				case <-s.c.readExit:
				case <-ctx.Done():
				}
			}
			return flv.Tag{}, err
		}
		if s.mode.Load() != modePlaying {
			return flv.Tag{}, ErrStreamMode
		}
		select {
		case <-s.qready:
		case <-ctx.Done():
			return flv.Tag{}, ctx.Err()
		}
	}
}

// Read reads the playing stream as an FLV file: the file header (audio and
// video flags set) and PreviousTagSize0 first, then one tag after another
// as ReadTag returns them, each followed by its PreviousTagSize.
func (s *Stream) Read(p []byte) (int, error) {
	if !s.rheadDone {
		s.rheadDone = true
		s.rbuf = flv.AppendHeader(s.rbuf[:0], flv.DefaultHeader(true, true))
	}
	for len(s.rbuf) == 0 {
		tag, err := s.ReadTag()
		if err != nil {
			return 0, err
		}
		tag.StreamID = 0
		if s.rbuf, err = flv.AppendTag(s.rbuf[:0], tag); err != nil {
			return 0, err
		}
	}
	n := copy(p, s.rbuf)
	s.rbuf = s.rbuf[n:]
	return n, nil
}

// WriteTag publishes one audio, video or script tag with its Timestamp
// (absolute, ms). onMetaData gets the "@setDataFrame" prefix servers
// expect, which they strip before storing and forwarding it; other script
// data (onTextData, onCuePoint...) goes out as is. FFmpeg and librtmp prefix
// every script tag, but nginx-rtmp then takes any of them for the stream's
// metadata. The tag's Data is not copied and must not change during the
// call.
func (s *Stream) WriteTag(tag flv.Tag) error {
	if s.mode.Load() != modePublishing {
		return ErrStreamMode
	}
	m := chunk.Message{StreamID: s.id, Timestamp: tag.Timestamp, Payload: tag.Data}
	switch tag.Type {
	case flv.TagAudio:
		m.Type, m.CSID = message.TypeAudio, message.CSIDAudio
	case flv.TagVideo:
		m.Type, m.CSID = message.TypeVideo, message.CSIDVideo
	case flv.TagScript:
		m.Type, m.CSID = message.TypeDataAMF0, message.CSIDStreamCommand
		if scriptName(tag.Data) == flv.OnMetaData {
			m.Payload = flv.AddSetDataFrame(nil, tag.Data)
		}
	default:
		return fmt.Errorf("rtmp: cannot publish tag type %d", tag.Type)
	}
	return s.c.write(&m)
}

// errFLVWrite reports FLV bytes that cannot be tags.
var errFLVWrite = errors.New("rtmp: Write: input is not FLV tags")

// Write publishes FLV bytes: optionally the FLV file header (with its
// PreviousTagSize0) first, then tags, each optionally followed by its
// PreviousTagSize, in any split across calls (a partial tag is kept until
// the rest arrives, as librtmp's RTMP_Write does). It returns len(p) once
// every complete tag in p has been sent.
func (s *Stream) Write(p []byte) (int, error) {
	if s.mode.Load() != modePublishing {
		return 0, ErrStreamMode
	}
	s.wbuf = append(s.wbuf, p...)
	var werr error
	rest, headDone, err := splitFLV(s.wbuf, s.wheadDone, func(tag flv.Tag) bool {
		werr = s.WriteTag(tag)
		return werr == nil
	})
	s.wheadDone = headDone
	if err == nil {
		err = werr
	}
	if err != nil {
		s.wbuf = s.wbuf[:0]
		return 0, err
	}
	s.wbuf = append(s.wbuf[:0], rest...)
	return len(p), nil
}

// splitFLV walks FLV bytes: the file header and PreviousTagSize0 when
// headDone is false and b starts with "FLV", then complete tags, each
// optionally followed by its PreviousTagSize. It calls fn for every
// complete tag (Data aliases b) until fn returns false, and returns the
// unconsumed rest (a partial header, tag or PreviousTagSize).
func splitFLV(b []byte, headDone bool, fn func(flv.Tag) bool) (rest []byte, head bool, err error) {
	for {
		if !headDone {
			if len(b) < 3 {
				return b, false, nil
			}
			if string(b[:3]) == "FLV" {
				if len(b) < 9 {
					return b, false, nil
				}
				_, off, err := flv.ParseHeader(b)
				if err != nil {
					return nil, false, err
				}
				if off > flv.DefaultMaxDataOffset {
					return nil, false, flv.ErrHeader
				}
				if uint64(len(b)) < uint64(off)+4 {
					return b, false, nil
				}
				b = b[off+4:]
			}
			headDone = true
		}
		// A PreviousTagSize left over from the last tag starts with a zero
		// byte; a tag type never does.
		if len(b) > 0 && b[0] == 0 {
			if len(b) < 4 {
				return b, true, nil
			}
			b = b[4:]
			continue
		}
		if len(b) < 11 {
			return b, true, nil
		}
		if b[0]&0x20 != 0 {
			return nil, true, flv.ErrEncrypted
		}
		typ := flv.TagType(b[0] & 0x1f)
		if typ != flv.TagAudio && typ != flv.TagVideo && typ != flv.TagScript {
			return nil, true, errFLVWrite
		}
		size := int(b[1])<<16 | int(b[2])<<8 | int(b[3])
		if len(b) < 11+size {
			return b, true, nil
		}
		ts := uint32(b[4])<<16 | uint32(b[5])<<8 | uint32(b[6]) | uint32(b[7])<<24
		if !fn(flv.Tag{Type: typ, Timestamp: ts, Data: b[11 : 11+size]}) {
			return nil, true, nil
		}
		b = b[11+size:]
	}
}
