package chunk

// Message is one complete RTMP message as the chunk layer carries it: the
// reassembled payload of all its chunks plus the message header fields.
//
// A Message returned by a Reader may own a pooled payload buffer; see the
// Reader's documentation for when the payload may be retained.
type Message struct {
	CSID      uint32 // chunk stream id, 2..65599
	Type      uint8  // message type id (1..22 are defined by RTMP)
	StreamID  uint32 // message stream id (0 for NetConnection and control messages)
	Timestamp uint32 // absolute timestamp in milliseconds, modulo 2^32
	Payload   []byte // the message body
}
