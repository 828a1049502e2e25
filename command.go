package rtmp

import (
	"errors"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/message"
)

// Command helpers shared by the server and the client. The wire format is
// message.Command's; these only adapt it to the connection code.

var errNotCommand = errors.New("not a command message")

// decodeCommand decodes a type 20 or 17 message. Values after an AVM+
// switch (0x11) stay amf0.AVMPlus; message.Property and friends see through
// them.
func decodeCommand(m *chunk.Message) (*message.Command, error) {
	msg, err := message.Decode(m)
	if err != nil {
		return nil, err
	}
	cmd, ok := msg.(*message.Command)
	if !ok {
		return nil, errNotCommand
	}
	return cmd, nil
}

// encodeCommand encodes [name, txn, obj, args...] for message stream sid on
// chunk stream csid; amf3 selects the type 17 form.
func encodeCommand(csid, sid uint32, amf3 bool, name string, txn float64, obj any, args ...any) (chunk.Message, error) {
	cm, err := message.Encode(&message.Command{AMF3: amf3, Name: name, TransactionID: txn, Object: obj, Args: args}, sid, 0)
	if err != nil {
		return chunk.Message{}, err
	}
	cm.CSID = csid
	return *cm, nil
}

// argBool reads a boolean argument; a number counts as true when non-zero
// (some clients send pause and receiveAudio flags as numbers).
func argBool(cmd *message.Command, i int) (bool, bool) {
	v := cmd.Arg(i)
	if a, ok := v.(amf0.AVMPlus); ok {
		v = a.Value
	}
	if b, ok := v.(bool); ok {
		return b, true
	}
	if n, ok := cmd.NumberArg(i); ok {
		return n != 0, true
	}
	return false, false
}

// prop returns the string property key of an info or command object, or "".
func prop(obj any, key string) string {
	s, _ := message.StringProperty(obj, key)
	return s
}

// statusInfo builds the info object of an onStatus or _error reply.
func statusInfo(level, code, description string, extra ...amf0.Pair) amf0.Object {
	return message.Status{Level: level, Code: code, Description: description}.Info(extra...)
}

// replyError turns the values of an _error reply (or an error-level
// onStatus) into a *StatusError; defaultCode is used when there is no info
// object with a code.
func replyError(vals []any, defaultCode string) *StatusError {
	for _, v := range vals {
		if st, ok := message.StatusOf(v); ok {
			return &StatusError{Level: st.Level, Code: st.Code, Description: st.Description}
		}
	}
	return &StatusError{Level: LevelError, Code: defaultCode}
}
