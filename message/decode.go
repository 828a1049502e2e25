package message

import "github.com/rtmpkit/rtmp/chunk"

// Decode decodes m into a typed message using [DefaultLimits]. See
// [Decoder.Decode].
func Decode(m *chunk.Message) (Message, error) {
	var d Decoder
	return d.Decode(m)
}

// Decoder decodes chunk messages with configurable limits. The zero value
// uses [DefaultLimits]. A Decoder holds no state between messages and may be
// used from several goroutines.
type Decoder struct {
	Limits Limits
}

// Decode decodes m into a typed message. It returns a pointer to one of
// [SetChunkSize], [Abort], [Acknowledgement], [WindowAckSize],
// [SetPeerBandwidth], a [UserControl] event type, [Audio], [Video],
// [Command], [Data], [Aggregate], [SharedObject] or [Raw] (for types it does
// not interpret).
//
// Byte slices in the result ([Audio], [Video], [Raw], [UnknownUserControl]
// data, aggregate sub-messages, unknown shared object events) alias
// m.Payload: copy them before the payload buffer is reused. Trailing bytes
// after a fixed-size control message are ignored. Errors are [*Error]; a
// truncated payload wraps io.ErrUnexpectedEOF.
func (d *Decoder) Decode(m *chunk.Message) (Message, error) {
	switch m.Type {
	case TypeSetChunkSize, TypeAbort, TypeAcknowledgement, TypeWindowAckSize, TypeSetPeerBandwidth:
		return decodeControl(m.Type, m.Payload)
	case TypeUserControl:
		return decodeUserControl(m.Payload)
	case TypeAudio:
		return &Audio{Payload: m.Payload}, nil
	case TypeVideo:
		return &Video{Payload: m.Payload}, nil
	case TypeAggregate:
		return decodeAggregate(m, &d.Limits)
	case TypeSharedObjectAMF0, TypeSharedObjectAMF3:
		return decodeSharedObject(m.Type, m.Payload, &d.Limits)
	case TypeCommandAMF0, TypeCommandAMF3:
		return decodeCommand(m.Type, m.Payload, &d.Limits)
	case TypeDataAMF0, TypeDataAMF3:
		return decodeData(m.Type, m.Payload, &d.Limits)
	}
	return &Raw{TypeID: m.Type, Payload: m.Payload}, nil
}
