package rtmp

import (
	"errors"
	"io"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/message"
)

// command is a decoded command message (type 20, or 17 with its format byte):
// [name, transaction id, command object, args...].
type command struct {
	Name   string
	Txn    float64
	Object any
	Args   []any
}

var errBadCommand = errors.New("command name is not a string")

// decodeCommand decodes the AMF0 values of a type 20 or 17 payload. Values
// after an AVM+ switch (0x11) stay amf0.AVMPlus.
func decodeCommand(m *chunk.Message) (*command, error) {
	p := m.Payload
	if m.Type == message.TypeCommandAMF3 && len(p) > 0 && p[0] == 0 {
		p = p[1:]
	}
	vals, err := decodeValues(p)
	if err != nil {
		return nil, err
	}
	if len(vals) == 0 {
		return nil, io.ErrUnexpectedEOF
	}
	name, ok := unwrap(vals[0]).(string)
	if !ok {
		return nil, errBadCommand
	}
	c := &command{Name: name}
	if len(vals) > 1 {
		c.Txn, _ = unwrapNumber(vals[1])
	}
	if len(vals) > 2 {
		c.Object = vals[2]
	}
	if len(vals) > 3 {
		c.Args = vals[3:]
	}
	return c, nil
}

// decodeValues decodes every AMF0 value of p with one reference table.
func decodeValues(p []byte) ([]any, error) {
	dec := amf0.NewBytesDecoder(p)
	var vals []any
	for dec.More() {
		v, err := dec.DecodeValue()
		if err == io.EOF {
			break
		}
		if err != nil {
			return vals, err
		}
		vals = append(vals, v)
	}
	return vals, nil
}

// unwrap returns the AMF3 value behind an AVM+ switch, or v itself.
func unwrap(v any) any {
	if a, ok := v.(amf0.AVMPlus); ok {
		return a.Value
	}
	if a, ok := v.(*amf0.AVMPlus); ok && a != nil {
		return a.Value
	}
	return v
}

// unwrapNumber converts an AMF number (AMF0 double, AMF3 int or double) to float64.
func unwrapNumber(v any) (float64, bool) {
	switch n := unwrap(v).(type) {
	case float64:
		return n, true
	case int32:
		return float64(n), true
	case int:
		return float64(n), true
	case uint32:
		return float64(n), true
	case bool:
		if n {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func argString(args []any, i int) string {
	if i < len(args) {
		if s, ok := unwrap(args[i]).(string); ok {
			return s
		}
	}
	return ""
}

func argNumber(args []any, i int) (float64, bool) {
	if i < len(args) {
		return unwrapNumber(args[i])
	}
	return 0, false
}

func argBool(args []any, i int) (bool, bool) {
	if i < len(args) {
		switch v := unwrap(args[i]).(type) {
		case bool:
			return v, true
		case float64:
			return v != 0, true
		}
	}
	return false, false
}

// objectGet looks a property up in an AMF0 Object or ECMA array.
func objectGet(o any, key string) (any, bool) {
	switch v := unwrap(o).(type) {
	case amf0.Object:
		return v.Get(key)
	case amf0.ECMAArray:
		return v.Get(key)
	case map[string]any:
		x, ok := v[key]
		return x, ok
	}
	return nil, false
}

func objectString(o any, key string) string {
	v, _ := objectGet(o, key)
	s, _ := unwrap(v).(string)
	return s
}

// appendCommand encodes [name, txn, obj, args...] as AMF0 values; amf3 selects
// the type 17 form (format byte 0 first).
func appendCommand(b []byte, amf3 bool, name string, txn float64, obj any, args ...any) ([]byte, error) {
	if amf3 {
		b = append(b, 0)
	}
	b = amf0.AppendString(b, name)
	b = amf0.AppendNumber(b, txn)
	var err error
	if b, err = amf0.Append(b, obj); err != nil {
		return b, err
	}
	for _, a := range args {
		if b, err = amf0.Append(b, a); err != nil {
			return b, err
		}
	}
	return b, nil
}

// statusInfo builds the info object of an onStatus or _error reply.
func statusInfo(level, code, description string, extra ...amf0.Pair) amf0.Object {
	o := amf0.Object{{Key: "level", Value: level}, {Key: "code", Value: code}, {Key: "description", Value: description}}
	return append(o, extra...)
}
