package message

import (
	"github.com/rtmpkit/rtmp/chunk"
)

// aggregateHeaderSize is the FLV-tag-shaped header of one sub-message.
const aggregateHeaderSize = 11

// Aggregate (type 22) bundles several messages of one message stream, each
// laid out like an FLV tag: U8 type, U24 size, U24 timestamp, U8 timestamp
// extension (bits 24..31), U24 stream id, data, U32 back-pointer (11+size).
//
// Decoding yields Messages with absolute timestamps: every sub-message's
// timestamp is shifted by (aggregate timestamp − first sub-message timestamp)
// modulo 2^32, so the first one maps to the aggregate's timestamp. Each
// sub-message gets the aggregate's stream id and chunk stream id; its Payload
// aliases the aggregate's payload. Back-pointers are read but not enforced
// (servers disagree on them) and the last one may be missing.
//
// Encoding writes each message's Timestamp as is, stream id 0 and correct
// back-pointers; encode the aggregate with the first message's timestamp for
// decoding to give back the same timestamps.
type Aggregate struct {
	Messages []chunk.Message
}

// Type returns [TypeAggregate].
func (Aggregate) Type() uint8 { return TypeAggregate }

// AppendPayload appends the sub-messages. A sub-message payload above
// 0xFFFFFF bytes is an error.
func (m Aggregate) AppendPayload(b []byte) ([]byte, error) {
	for i := range m.Messages {
		s := &m.Messages[i]
		n := len(s.Payload)
		if n > maxMessagePayloadSize {
			return b, encodeErr(TypeAggregate, ErrTooLarge)
		}
		b = append(b, s.Type)
		b = appendU24(b, uint32(n))
		b = appendU24(b, s.Timestamp&0xFFFFFF)
		b = append(b, byte(s.Timestamp>>24))
		b = appendU24(b, 0)
		b = append(b, s.Payload...)
		b = appendU32(b, uint32(aggregateHeaderSize+n))
	}
	return b, nil
}

// AppendSubMessages splits the aggregate m and appends its sub-messages to
// dst, with the timestamp correction and stream id described at [Aggregate].
// It is the allocation-free form of decoding an aggregate when dst has room.
// lim may be nil for [DefaultLimits].
func AppendSubMessages(dst []chunk.Message, m *chunk.Message, lim *Limits) ([]chunk.Message, error) {
	c := cursor{b: m.Payload}
	max := lim.maxAggregate()
	var shift uint32
	for count := 0; c.rest() > 0; count++ {
		if count == max {
			return dst, decodeErr(TypeAggregate, c.off, ErrLimit)
		}
		start := c.off
		if c.rest() < aggregateHeaderSize {
			return dst, decodeErr(TypeAggregate, start, errUnexpectedEOF)
		}
		typ, _ := c.u8()
		size, _ := c.u24()
		lo, _ := c.u24()
		hi, _ := c.u8()
		_, _ = c.u24() // sub-message stream id: replaced by the aggregate's
		data, err := c.bytes(int(size))
		if err != nil {
			return dst, decodeErr(TypeAggregate, start, err)
		}
		ts := uint32(hi)<<24 | lo
		if count == 0 {
			shift = m.Timestamp - ts
		}
		dst = append(dst, chunk.Message{
			CSID:      m.CSID,
			Type:      typ,
			StreamID:  m.StreamID,
			Timestamp: ts + shift,
			Payload:   data,
		})
		// Back-pointer: lenient. Skip it when present; the last one may be absent.
		if c.rest() >= 4 {
			c.off += 4
		} else {
			c.off = len(c.b)
		}
	}
	return dst, nil
}

func decodeAggregate(m *chunk.Message, lim *Limits) (Message, error) {
	msgs, err := AppendSubMessages(nil, m, lim)
	if err != nil {
		return nil, err
	}
	return &Aggregate{Messages: msgs}, nil
}
