package amf3

// Aliases of the Flex "small message" classes (PROTOCOL.md §13.3).
const (
	// ClassSmallAcknowledge is AcknowledgeMessageExt.
	ClassSmallAcknowledge = "DSK"
	// ClassSmallAsync is AsyncMessageExt.
	ClassSmallAsync = "DSA"
	// ClassSmallCommand is CommandMessageExt.
	ClassSmallCommand = "DSC"
)

// maxFlagBytes bounds a chain of small-message flag bytes.
const maxFlagBytes = 16

// SmallMessage is the external form of the Flex small messages DSK, DSA and
// DSC: the fields of flex.messaging.messages.AbstractMessage, AsyncMessage
// and (DSC) CommandMessage. A nil field is absent on the wire; a field sent
// as null also decodes as nil, which Flex treats the same way.
//
// The payload is one group of flag bytes per class level followed by one
// AMF3 value per set flag bit. DSK has a third level (AcknowledgeMessage)
// that defines no fields and is written as a single zero flag byte, as
// Flex's AcknowledgeMessage.writeExternal does. Values for unknown flag
// bits are read and discarded.
type SmallMessage struct {
	// Body is the message body (flag 0x01 of AbstractMessage byte 1).
	Body any
	// ClientID (0x02), Destination (0x04), Headers (0x08), MessageID (0x10),
	// Timestamp (0x20) and TimeToLive (0x40) follow.
	ClientID, Destination, Headers, MessageID, Timestamp, TimeToLive any
	// ClientIDBytes and MessageIDBytes (byte 2, flags 0x01 and 0x02) are
	// 16-byte UUIDs as ByteArrays.
	ClientIDBytes, MessageIDBytes any
	// CorrelationID and CorrelationIDBytes are AsyncMessage's fields.
	CorrelationID, CorrelationIDBytes any
	// Operation is CommandMessage's operation (DSC only).
	Operation any
}

// FullClassName returns the Flex class a small-message alias stands for,
// or "" if alias is not one.
func FullClassName(alias string) string {
	switch alias {
	case ClassSmallAcknowledge:
		return "flex.messaging.messages.AcknowledgeMessage"
	case ClassSmallAsync:
		return "flex.messaging.messages.AsyncMessage"
	case ClassSmallCommand:
		return "flex.messaging.messages.CommandMessage"
	}
	return ""
}

// levels returns pointers to the fields of each class level of alias,
// indexed [level][flag byte][bit]; a nil pointer is a reserved bit.
func (m *SmallMessage) levels(alias string) [][][]*any {
	lv := [][][]*any{
		{
			{&m.Body, &m.ClientID, &m.Destination, &m.Headers, &m.MessageID, &m.Timestamp, &m.TimeToLive},
			{&m.ClientIDBytes, &m.MessageIDBytes},
		},
		{{&m.CorrelationID, &m.CorrelationIDBytes}},
	}
	switch alias {
	case ClassSmallAcknowledge:
		lv = append(lv, [][]*any{{}})
	case ClassSmallCommand:
		lv = append(lv, [][]*any{{&m.Operation}})
	}
	return lv
}

func smallCodec(alias string) ExternalCodec {
	return ExternalCodec{
		Read: func(r *ExternalReader) (any, error) {
			m := &SmallMessage{}
			for _, level := range m.levels(alias) {
				if err := readSmallLevel(r, level); err != nil {
					return nil, err
				}
			}
			return m, nil
		},
		Write: func(w *ExternalWriter, v any) error {
			var m *SmallMessage
			switch x := v.(type) {
			case *SmallMessage:
				m = x
			case SmallMessage:
				m = &x
			default:
				return &UnsupportedValueError{Msg: alias + " external value must be a *SmallMessage"}
			}
			if m == nil {
				m = &SmallMessage{}
			}
			for _, level := range m.levels(alias) {
				if err := writeSmallLevel(w, level); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func readSmallLevel(r *ExternalReader, level [][]*any) error {
	var flags [maxFlagBytes]byte
	n := 0
	for {
		b, err := r.ReadByte()
		if err != nil {
			return err
		}
		if n == maxFlagBytes {
			return &SyntaxError{Offset: r.Offset(), Msg: "small message flag chain too long"}
		}
		flags[n] = b
		n++
		if b&0x80 == 0 {
			break
		}
	}
	for i := range n {
		for bit := range 7 {
			if flags[i]&(1<<bit) == 0 {
				continue
			}
			v, err := r.ReadValue()
			if err != nil {
				return err
			}
			if i < len(level) && bit < len(level[i]) {
				*level[i][bit] = v
			}
		}
	}
	return nil
}

func writeSmallLevel(w *ExternalWriter, level [][]*any) error {
	flags := make([]byte, len(level))
	for i, fields := range level {
		for bit, p := range fields {
			if *p != nil {
				flags[i] |= 1 << bit
			}
		}
	}
	n := len(flags)
	for n > 1 && flags[n-1] == 0 {
		n--
	}
	for i := range n - 1 {
		flags[i] |= 0x80
	}
	if _, err := w.Write(flags[:n]); err != nil {
		return err
	}
	for _, fields := range level[:n] {
		for _, p := range fields {
			if *p != nil {
				if err := w.WriteValue(*p); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
