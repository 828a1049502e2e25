package message

import "encoding/binary"

// Event is a User Control event type (message type 4, PROTOCOL.md §5).
type Event uint16

// User Control event types.
const (
	EventStreamBegin      Event = 0  // server: a stream became functional
	EventStreamEOF        Event = 1  // server: playback of a stream finished
	EventStreamDry        Event = 2  // server: no more data on a stream for now
	EventSetBufferLength  Event = 3  // client: buffer length in ms for a stream
	EventStreamIsRecorded Event = 4  // server: the stream is recorded (VOD)
	EventPingRequest      Event = 6  // server (either side): liveness probe
	EventPingResponse     Event = 7  // answer to PingRequest echoing its timestamp
	EventSWFVerifyRequest Event = 26 // server asks for the SWF verification blob
	EventSWFVerify        Event = 27 // client answers with the 42-byte blob
	EventBufferEmpty      Event = 31 // FMS 3.5+: server paused after a full buffer
	EventBufferReady      Event = 32 // FMS 3.5+: next buffer starts
)

// String returns the event name used in the spec, or "Event(N)".
func (e Event) String() string {
	switch e {
	case EventStreamBegin:
		return "StreamBegin"
	case EventStreamEOF:
		return "StreamEOF"
	case EventStreamDry:
		return "StreamDry"
	case EventSetBufferLength:
		return "SetBufferLength"
	case EventStreamIsRecorded:
		return "StreamIsRecorded"
	case EventPingRequest:
		return "PingRequest"
	case EventPingResponse:
		return "PingResponse"
	case EventSWFVerifyRequest:
		return "SWFVerifyRequest"
	case EventSWFVerify:
		return "SWFVerify"
	case EventBufferEmpty:
		return "BufferEmpty"
	case EventBufferReady:
		return "BufferReady"
	}
	return "Event(" + itoa(uint32(e)) + ")"
}

// UserControl is implemented by every User Control event type. Each is a
// [Message] of type [TypeUserControl].
type UserControl interface {
	Message
	// Event returns the event type id.
	Event() Event
}

func appendEvent(b []byte, e Event, v uint32) []byte {
	return appendU32(appendU16(b, uint16(e)), v)
}

// StreamBegin (event 0) tells the client that stream StreamID is functional.
type StreamBegin struct{ StreamID uint32 }

// StreamEOF (event 1) tells the client that playback on StreamID ended.
type StreamEOF struct{ StreamID uint32 }

// StreamDry (event 2) tells the client that StreamID has no data for now.
type StreamDry struct{ StreamID uint32 }

// StreamIsRecorded (event 4) tells the client that StreamID is recorded.
type StreamIsRecorded struct{ StreamID uint32 }

// BufferEmpty (event 31, FMS 3.5+) tells the client that the server sent a
// full buffer on StreamID and pauses.
type BufferEmpty struct{ StreamID uint32 }

// BufferReady (event 32, FMS 3.5+) tells the client that the next buffer on
// StreamID starts.
type BufferReady struct{ StreamID uint32 }

// SetBufferLength (event 3) tells the server the client's buffer length in
// milliseconds for StreamID (0 is used before any stream exists).
type SetBufferLength struct {
	StreamID     uint32
	BufferLength uint32 // milliseconds
}

// PingRequest (event 6) asks the peer to answer with a [PingResponse]
// carrying the same Timestamp.
type PingRequest struct{ Timestamp uint32 }

// PingResponse (event 7) answers a [PingRequest].
type PingResponse struct{ Timestamp uint32 }

// SWFVerifyRequest (event 26) asks the client for its SWF verification blob.
// Value is the single data byte (0 or 1; librtmp refuses larger values). A
// request without the data byte decodes with Value 0, as librtmp accepts it.
type SWFVerifyRequest struct{ Value uint8 }

// SWFVerifyBlobSize is the length of the SWF verification blob in [SWFVerify].
const SWFVerifyBlobSize = 42

// SWFVerify (event 27) carries the SWF verification blob:
// 01 01, U32 SWF size, U32 SWF size, 32-byte HMAC-SHA256 (PROTOCOL.md §2.6).
type SWFVerify struct{ Blob [SWFVerifyBlobSize]byte }

// NewSWFVerify builds the event from the uncompressed SWF size and the HMAC
// computed from the handshake.
func NewSWFVerify(swfSize uint32, hmac [32]byte) SWFVerify {
	var m SWFVerify
	m.Blob[0], m.Blob[1] = 1, 1
	binary.BigEndian.PutUint32(m.Blob[2:], swfSize)
	binary.BigEndian.PutUint32(m.Blob[6:], swfSize)
	copy(m.Blob[10:], hmac[:])
	return m
}

// SWFSize returns the first SWF size field of the blob.
func (m SWFVerify) SWFSize() uint32 { return binary.BigEndian.Uint32(m.Blob[2:]) }

// HMAC returns the 32-byte digest at the end of the blob.
func (m SWFVerify) HMAC() [32]byte { return [32]byte(m.Blob[10:]) }

// UnknownUserControl is an event type this package does not interpret. Data
// is the event data after the U16 type, aliasing the decoded payload.
type UnknownUserControl struct {
	EventType Event
	Data      []byte
}

// Type returns [TypeUserControl].
func (StreamBegin) Type() uint8 { return TypeUserControl }

// Type returns [TypeUserControl].
func (StreamEOF) Type() uint8 { return TypeUserControl }

// Type returns [TypeUserControl].
func (StreamDry) Type() uint8 { return TypeUserControl }

// Type returns [TypeUserControl].
func (SetBufferLength) Type() uint8 { return TypeUserControl }

// Type returns [TypeUserControl].
func (StreamIsRecorded) Type() uint8 { return TypeUserControl }

// Type returns [TypeUserControl].
func (PingRequest) Type() uint8 { return TypeUserControl }

// Type returns [TypeUserControl].
func (PingResponse) Type() uint8 { return TypeUserControl }

// Type returns [TypeUserControl].
func (SWFVerifyRequest) Type() uint8 { return TypeUserControl }

// Type returns [TypeUserControl].
func (SWFVerify) Type() uint8 { return TypeUserControl }

// Type returns [TypeUserControl].
func (BufferEmpty) Type() uint8 { return TypeUserControl }

// Type returns [TypeUserControl].
func (BufferReady) Type() uint8 { return TypeUserControl }

// Type returns [TypeUserControl].
func (UnknownUserControl) Type() uint8 { return TypeUserControl }

// Event returns [EventStreamBegin].
func (StreamBegin) Event() Event { return EventStreamBegin }

// Event returns [EventStreamEOF].
func (StreamEOF) Event() Event { return EventStreamEOF }

// Event returns [EventStreamDry].
func (StreamDry) Event() Event { return EventStreamDry }

// Event returns [EventSetBufferLength].
func (SetBufferLength) Event() Event { return EventSetBufferLength }

// Event returns [EventStreamIsRecorded].
func (StreamIsRecorded) Event() Event { return EventStreamIsRecorded }

// Event returns [EventPingRequest].
func (PingRequest) Event() Event { return EventPingRequest }

// Event returns [EventPingResponse].
func (PingResponse) Event() Event { return EventPingResponse }

// Event returns [EventSWFVerifyRequest].
func (SWFVerifyRequest) Event() Event { return EventSWFVerifyRequest }

// Event returns [EventSWFVerify].
func (SWFVerify) Event() Event { return EventSWFVerify }

// Event returns [EventBufferEmpty].
func (BufferEmpty) Event() Event { return EventBufferEmpty }

// Event returns [EventBufferReady].
func (BufferReady) Event() Event { return EventBufferReady }

// Event returns m.EventType.
func (m UnknownUserControl) Event() Event { return m.EventType }

// AppendPayload appends event type and stream id.
func (m StreamBegin) AppendPayload(b []byte) ([]byte, error) {
	return appendEvent(b, EventStreamBegin, m.StreamID), nil
}

// AppendPayload appends event type and stream id.
func (m StreamEOF) AppendPayload(b []byte) ([]byte, error) {
	return appendEvent(b, EventStreamEOF, m.StreamID), nil
}

// AppendPayload appends event type and stream id.
func (m StreamDry) AppendPayload(b []byte) ([]byte, error) {
	return appendEvent(b, EventStreamDry, m.StreamID), nil
}

// AppendPayload appends event type, stream id and buffer length.
func (m SetBufferLength) AppendPayload(b []byte) ([]byte, error) {
	return appendU32(appendEvent(b, EventSetBufferLength, m.StreamID), m.BufferLength), nil
}

// AppendPayload appends event type and stream id.
func (m StreamIsRecorded) AppendPayload(b []byte) ([]byte, error) {
	return appendEvent(b, EventStreamIsRecorded, m.StreamID), nil
}

// AppendPayload appends event type and timestamp.
func (m PingRequest) AppendPayload(b []byte) ([]byte, error) {
	return appendEvent(b, EventPingRequest, m.Timestamp), nil
}

// AppendPayload appends event type and timestamp.
func (m PingResponse) AppendPayload(b []byte) ([]byte, error) {
	return appendEvent(b, EventPingResponse, m.Timestamp), nil
}

// AppendPayload appends event type and the data byte.
func (m SWFVerifyRequest) AppendPayload(b []byte) ([]byte, error) {
	return append(appendU16(b, uint16(EventSWFVerifyRequest)), m.Value), nil
}

// AppendPayload appends event type and the 42-byte blob.
func (m SWFVerify) AppendPayload(b []byte) ([]byte, error) {
	return append(appendU16(b, uint16(EventSWFVerify)), m.Blob[:]...), nil
}

// AppendPayload appends event type and stream id.
func (m BufferEmpty) AppendPayload(b []byte) ([]byte, error) {
	return appendEvent(b, EventBufferEmpty, m.StreamID), nil
}

// AppendPayload appends event type and stream id.
func (m BufferReady) AppendPayload(b []byte) ([]byte, error) {
	return appendEvent(b, EventBufferReady, m.StreamID), nil
}

// AppendPayload appends event type and the raw data.
func (m UnknownUserControl) AppendPayload(b []byte) ([]byte, error) {
	return append(appendU16(b, uint16(m.EventType)), m.Data...), nil
}

// decodeUserControl decodes a type 4 payload. Known events need their full
// data (io.ErrUnexpectedEOF otherwise); extra trailing bytes are ignored.
// Unknown events never fail once the event type is present.
func decodeUserControl(p []byte) (Message, error) {
	c := cursor{b: p}
	t, err := c.u16()
	if err != nil {
		return nil, decodeErr(TypeUserControl, c.off, err)
	}
	e := Event(t)
	switch e {
	case EventSWFVerifyRequest:
		v, _ := c.u8() // librtmp accepts the request without its data byte
		return &SWFVerifyRequest{Value: v}, nil
	case EventSWFVerify:
		blob, err := c.bytes(SWFVerifyBlobSize)
		if err != nil {
			return nil, decodeErr(TypeUserControl, c.off, err)
		}
		return &SWFVerify{Blob: [SWFVerifyBlobSize]byte(blob)}, nil
	case EventStreamBegin, EventStreamEOF, EventStreamDry, EventSetBufferLength,
		EventStreamIsRecorded, EventPingRequest, EventPingResponse,
		EventBufferEmpty, EventBufferReady:
	default:
		return &UnknownUserControl{EventType: e, Data: p[c.off:len(p):len(p)]}, nil
	}
	v, err := c.u32()
	if err != nil {
		return nil, decodeErr(TypeUserControl, c.off, err)
	}
	switch e {
	case EventStreamBegin:
		return &StreamBegin{StreamID: v}, nil
	case EventStreamEOF:
		return &StreamEOF{StreamID: v}, nil
	case EventStreamDry:
		return &StreamDry{StreamID: v}, nil
	case EventStreamIsRecorded:
		return &StreamIsRecorded{StreamID: v}, nil
	case EventPingRequest:
		return &PingRequest{Timestamp: v}, nil
	case EventPingResponse:
		return &PingResponse{Timestamp: v}, nil
	case EventBufferEmpty:
		return &BufferEmpty{StreamID: v}, nil
	case EventBufferReady:
		return &BufferReady{StreamID: v}, nil
	}
	n, err := c.u32()
	if err != nil {
		return nil, decodeErr(TypeUserControl, c.off, err)
	}
	return &SetBufferLength{StreamID: v, BufferLength: n}, nil
}
