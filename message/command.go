package message

import (
	"github.com/rtmpkit/rtmp/amf0"
)

// Command is a remote call or its reply (type 20, or type 17 when AMF3 is
// set): the command name, a transaction id, the command object and the
// arguments (PROTOCOL.md §6).
//
// Values use the amf0 dynamic model (float64, string, bool, nil,
// amf0.Object, amf0.ECMAArray, []any, ...). In type 17 (and in type 20 from
// peers that do so) a value may be an amf0.AVMPlus wrapping an AMF3 value;
// Decode unwraps it for Name and TransactionID only. To send an argument in
// AMF3, put an amf0.AVMPlus in Args.
type Command struct {
	// AMF3 selects type 17: a leading format byte 0x00, then the same
	// AMF0 values (which may switch to AMF3 with marker 0x11).
	AMF3 bool
	// Name is the command (method) name, e.g. "connect", "_result".
	Name string
	// TransactionID matches a reply to its request; 0 means no reply.
	TransactionID float64
	// Object is the command object: the connect properties, the
	// properties of a connect reply, or nil (AMF0 null) for most commands.
	Object any
	// Args are the values after the command object.
	Args []any
}

// Type returns [TypeCommandAMF3] if c.AMF3, else [TypeCommandAMF0].
func (c Command) Type() uint8 {
	if c.AMF3 {
		return TypeCommandAMF3
	}
	return TypeCommandAMF0
}

// AppendPayload appends name, transaction id, command object and arguments
// as AMF0 values (after the format byte for type 17).
func (c Command) AppendPayload(b []byte) ([]byte, error) {
	start := len(b)
	if c.AMF3 {
		b = append(b, 0)
	}
	b = amf0.AppendString(b, c.Name)
	b = amf0.AppendNumber(b, c.TransactionID)
	var err error
	if b, err = appendAMF0(b, c.Object); err != nil {
		return b[:start], encodeErr(c.Type(), err)
	}
	for _, a := range c.Args {
		if b, err = appendAMF0(b, a); err != nil {
			return b[:start], encodeErr(c.Type(), err)
		}
	}
	return b, nil
}

// appendAMF0 appends v, with a fast path for the values commands carry most.
func appendAMF0(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return amf0.AppendNull(b), nil
	case string:
		return amf0.AppendString(b, v), nil
	case float64:
		return amf0.AppendNumber(b, v), nil
	case bool:
		return amf0.AppendBool(b, v), nil
	}
	return amf0.Append(b, v)
}

// Arg returns Args[i], or nil if there is no such argument.
func (c *Command) Arg(i int) any {
	if i < 0 || i >= len(c.Args) {
		return nil
	}
	return c.Args[i]
}

// StringArg returns Args[i] as a string (unwrapping AMF3), and whether it
// is one.
func (c *Command) StringArg(i int) (string, bool) { return asString(c.Arg(i)) }

// NumberArg returns Args[i] as a float64 (AMF0 number, AMF3 double or
// integer), and whether it is a number.
func (c *Command) NumberArg(i int) (float64, bool) { return asNumber(c.Arg(i)) }

// decodeCommand decodes a type 20 or 17 payload. The name must be a string
// and the transaction id, if present, a number ([ErrMalformed] otherwise); a
// payload that ends after the name or the transaction id decodes with the
// missing fields zero.
func decodeCommand(typ uint8, p []byte, lim *Limits) (Message, error) {
	c := &Command{AMF3: typ == TypeCommandAMF3}
	vals, base, err := decodeValues(typ, p, lim)
	if err != nil {
		return nil, err
	}
	if len(vals) == 0 {
		return nil, decodeErr(typ, base, errUnexpectedEOF)
	}
	var ok bool
	if c.Name, ok = asString(vals[0]); !ok {
		return nil, decodeErr(typ, base, ErrMalformed)
	}
	if len(vals) > 1 {
		if c.TransactionID, ok = asNumber(vals[1]); !ok {
			return nil, decodeErr(typ, base, ErrMalformed)
		}
	}
	if len(vals) > 2 {
		c.Object = vals[2]
	}
	if len(vals) > 3 {
		c.Args = vals[3:]
	}
	return c, nil
}

// decodeValues skips the format byte of types 15 and 17 and decodes every
// AMF0 value of the rest. base is the payload offset of the first value.
//
// Only format 0 is defined; like nginx-rtmp the byte is skipped whatever its
// value, except that a payload starting with the AMF0 string marker 0x02 is
// taken to have no format byte (some peers omit it).
func decodeValues(typ uint8, p []byte, lim *Limits) ([]any, int, error) {
	base := 0
	if (typ == TypeCommandAMF3 || typ == TypeDataAMF3) && len(p) > 0 && p[0] != amf0.MarkerString {
		base = 1
	}
	dec := amf0.NewBytesDecoder(p[base:])
	if lim != nil {
		dec.SetLimits(lim.AMF0)
	}
	var vals []any
	for dec.More() {
		if len(vals) >= lim.maxValues() {
			return nil, base, decodeErr(typ, base+int(dec.InputOffset()), ErrLimit)
		}
		v, err := dec.DecodeValue()
		if err != nil {
			return nil, base, decodeErr(typ, base+int(dec.InputOffset()), err)
		}
		vals = append(vals, v)
	}
	return vals, base, nil
}
