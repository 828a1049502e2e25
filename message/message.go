package message

import "github.com/rtmpkit/rtmp/chunk"

// Message type ids (RTMP 1.0 §5.4 and §7.1; PROTOCOL.md §4).
const (
	TypeSetChunkSize      uint8 = 1  // Set Chunk Size: U32 (bit 31 zero)
	TypeAbort             uint8 = 2  // Abort Message: U32 chunk stream id
	TypeAcknowledgement   uint8 = 3  // Acknowledgement: U32 bytes received
	TypeUserControl       uint8 = 4  // User Control: U16 event type + event data
	TypeWindowAckSize     uint8 = 5  // Window Acknowledgement Size: U32
	TypeSetPeerBandwidth  uint8 = 6  // Set Peer Bandwidth: U32 window + U8 limit type
	TypeAudio             uint8 = 8  // Audio: FLV AUDIODATA
	TypeVideo             uint8 = 9  // Video: FLV VIDEODATA
	TypeDataAMF3          uint8 = 15 // Data in AMF3 form: format byte + AMF0 values (0x11 switches)
	TypeSharedObjectAMF3  uint8 = 16 // Shared object, AMF3 values: format byte + body
	TypeCommandAMF3       uint8 = 17 // Command in AMF3 form: format byte + AMF0 values (0x11 switches)
	TypeDataAMF0          uint8 = 18 // Data (notify, metadata) in AMF0
	TypeSharedObjectAMF0  uint8 = 19 // Shared object, AMF0 values
	TypeCommandAMF0       uint8 = 20 // Command (invoke) in AMF0
	TypeAggregate         uint8 = 22 // Aggregate: a run of FLV-tag-shaped sub-messages
	maxMessagePayloadSize       = 0xFFFFFF
)

// Chunk stream ids that [Encode] assigns by default ([DefaultCSID]). They
// follow the nginx-rtmp server layout (PROTOCOL.md §3.6); any csid ≥ 3 works
// for everything but protocol control, so callers may override them.
const (
	CSIDControl       uint32 = 2 // protocol control and user control messages
	CSIDCommand       uint32 = 3 // commands and shared objects on message stream 0
	CSIDStreamCommand uint32 = 5 // commands and data on a NetStream
	CSIDAudio         uint32 = 6 // audio and aggregates
	CSIDVideo         uint32 = 7 // video
)

// Message is a typed RTMP message. Every concrete type in this package
// implements it; [Decode] returns one and [Encode] accepts one.
type Message interface {
	// Type returns the message type id that goes into the chunk header.
	Type() uint8
	// AppendPayload appends the encoded message body to b and returns the
	// extended slice. Control, user control and media messages never fail
	// and, given enough capacity in b, never allocate.
	AppendPayload(b []byte) ([]byte, error)
}

// Raw is a message of a type this package does not interpret (7, 10..14, 21,
// 23..255). Decode keeps its payload as is; Encode writes it back unchanged.
type Raw struct {
	TypeID  uint8  // the message type id
	Payload []byte // the body, aliasing the decoded chunk payload
}

// Type returns r.TypeID.
func (r Raw) Type() uint8 { return r.TypeID }

// AppendPayload appends r.Payload to b.
func (r Raw) AppendPayload(b []byte) ([]byte, error) { return append(b, r.Payload...), nil }

// DefaultCSID returns the chunk stream id [Encode] uses for msg sent on the
// given message stream: 2 for protocol and user control, 3 for commands and
// shared objects on stream 0, 5 for commands and data on a NetStream, 6 for
// audio and aggregates, 7 for video.
func DefaultCSID(msg Message, streamID uint32) uint32 {
	switch msg.Type() {
	case TypeSetChunkSize, TypeAbort, TypeAcknowledgement, TypeUserControl,
		TypeWindowAckSize, TypeSetPeerBandwidth:
		return CSIDControl
	case TypeAudio, TypeAggregate:
		return CSIDAudio
	case TypeVideo:
		return CSIDVideo
	}
	if streamID == 0 {
		return CSIDCommand
	}
	return CSIDStreamCommand
}

// Encode encodes msg into a new chunk message on message stream streamID with
// the given absolute timestamp, on the chunk stream [DefaultCSID] picks.
func Encode(msg Message, streamID, timestamp uint32) (*chunk.Message, error) {
	m := &chunk.Message{}
	if err := EncodeTo(m, msg, streamID, timestamp); err != nil {
		return nil, err
	}
	return m, nil
}

// EncodeTo is like [Encode] but fills dst, reusing the capacity of
// dst.Payload (its previous contents are overwritten). It does not allocate
// for control, user control and media messages when dst.Payload is large
// enough. On error dst's header fields are left unchanged.
func EncodeTo(dst *chunk.Message, msg Message, streamID, timestamp uint32) error {
	p, err := msg.AppendPayload(dst.Payload[:0])
	if err != nil {
		return err
	}
	if len(p) > maxMessagePayloadSize {
		return &Error{Type: msg.Type(), Op: "encode", Offset: maxMessagePayloadSize, Err: ErrTooLarge}
	}
	dst.CSID = DefaultCSID(msg, streamID)
	dst.Type = msg.Type()
	dst.StreamID = streamID
	dst.Timestamp = timestamp
	dst.Payload = p
	return nil
}
