package message

// SetChunkSize (type 1) announces the maximum chunk payload size the sender
// will use from now on.
//
// Decoding clears bit 31 (which the spec reserves) and keeps any other value,
// including 0 and values above 0xFFFFFF: validating and clamping the size is
// the chunk layer's job. Encoding rejects a size with bit 31 set.
type SetChunkSize struct {
	Size uint32
}

// Type returns [TypeSetChunkSize].
func (SetChunkSize) Type() uint8 { return TypeSetChunkSize }

// AppendPayload appends the U32 size.
func (m SetChunkSize) AppendPayload(b []byte) ([]byte, error) {
	if m.Size&0x80000000 != 0 {
		return b, encodeErr(TypeSetChunkSize, ErrTooLarge)
	}
	return appendU32(b, m.Size), nil
}

// Abort (type 2) tells the peer to discard the partly received message on
// chunk stream CSID.
type Abort struct {
	CSID uint32
}

// Type returns [TypeAbort].
func (Abort) Type() uint8 { return TypeAbort }

// AppendPayload appends the U32 chunk stream id.
func (m Abort) AppendPayload(b []byte) ([]byte, error) { return appendU32(b, m.CSID), nil }

// Acknowledgement (type 3) reports the number of bytes received so far,
// modulo 2^32.
type Acknowledgement struct {
	SequenceNumber uint32
}

// Type returns [TypeAcknowledgement].
func (Acknowledgement) Type() uint8 { return TypeAcknowledgement }

// AppendPayload appends the U32 sequence number.
func (m Acknowledgement) AppendPayload(b []byte) ([]byte, error) {
	return appendU32(b, m.SequenceNumber), nil
}

// WindowAckSize (type 5) asks the receiver to send an [Acknowledgement] each
// time it has received Size bytes.
type WindowAckSize struct {
	Size uint32
}

// Type returns [TypeWindowAckSize].
func (WindowAckSize) Type() uint8 { return TypeWindowAckSize }

// AppendPayload appends the U32 window size.
func (m WindowAckSize) AppendPayload(b []byte) ([]byte, error) { return appendU32(b, m.Size), nil }

// LimitType is the limit type of [SetPeerBandwidth].
type LimitType uint8

// Limit types as the RTMP 1.0 spec numbers them. nginx-rtmp's header swaps
// Hard and Soft but only ever sends Dynamic.
const (
	LimitHard    LimitType = 0 // limit output bandwidth to the window
	LimitSoft    LimitType = 1 // use the smaller of this window and the current one
	LimitDynamic LimitType = 2 // Hard if the previous limit was Hard, else ignore
)

// String returns "hard", "soft", "dynamic" or "limit(N)".
func (t LimitType) String() string {
	switch t {
	case LimitHard:
		return "hard"
	case LimitSoft:
		return "soft"
	case LimitDynamic:
		return "dynamic"
	}
	return "limit(" + itoa(uint32(t)) + ")"
}

// SetPeerBandwidth (type 6) limits the receiver's output bandwidth.
//
// A 4-byte payload without the limit type byte (which librtmp tolerates)
// decodes with Limit [LimitDynamic]; unknown limit values are kept.
type SetPeerBandwidth struct {
	Size  uint32
	Limit LimitType
}

// Type returns [TypeSetPeerBandwidth].
func (SetPeerBandwidth) Type() uint8 { return TypeSetPeerBandwidth }

// AppendPayload appends the U32 window and the U8 limit type.
func (m SetPeerBandwidth) AppendPayload(b []byte) ([]byte, error) {
	return append(appendU32(b, m.Size), byte(m.Limit)), nil
}

func itoa(v uint32) string {
	var buf [10]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(buf[i:])
		}
	}
}

func decodeControl(typ uint8, p []byte) (Message, error) {
	c := cursor{b: p}
	v, err := c.u32()
	if err != nil {
		return nil, decodeErr(typ, c.off, err)
	}
	switch typ {
	case TypeSetChunkSize:
		return &SetChunkSize{Size: v & 0x7FFFFFFF}, nil
	case TypeAbort:
		return &Abort{CSID: v}, nil
	case TypeAcknowledgement:
		return &Acknowledgement{SequenceNumber: v}, nil
	case TypeWindowAckSize:
		return &WindowAckSize{Size: v}, nil
	}
	// TypeSetPeerBandwidth
	m := &SetPeerBandwidth{Size: v, Limit: LimitDynamic}
	if l, err := c.u8(); err == nil {
		m.Limit = LimitType(l)
	}
	return m, nil
}
