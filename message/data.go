package message

// Handler names of data messages that servers treat specially (§6.5).
const (
	HandlerSetDataFrame   = "@setDataFrame"   // publisher → server: store the frame that follows
	HandlerClearDataFrame = "@clearDataFrame" // publisher → server: drop a stored frame
	HandlerOnMetaData     = "onMetaData"      // stream metadata
	HandlerSampleAccess   = "|RtmpSampleAccess"
	HandlerOnPlayStatus   = "onPlayStatus"
)

// Data is a data (notify) message (type 18, or type 15 when AMF3 is set): a
// handler name and its arguments, e.g. ["@setDataFrame", "onMetaData",
// ECMAArray{...}]. Values follow the same model as in [Command].
//
// Handler holds the first value when it is a non-empty string (AMF0, or
// AMF3 behind 0x11); otherwise Handler is "" and every value is in Args.
// Encoding writes Handler only when it is not empty, so both forms
// round-trip.
type Data struct {
	// AMF3 selects type 15: a leading format byte, then AMF0 values.
	AMF3    bool
	Handler string
	Args    []any
}

// Type returns [TypeDataAMF3] if d.AMF3, else [TypeDataAMF0].
func (d Data) Type() uint8 {
	if d.AMF3 {
		return TypeDataAMF3
	}
	return TypeDataAMF0
}

// AppendPayload appends the handler name (if any) and the arguments as
// AMF0 values, after the format byte for type 15.
func (d Data) AppendPayload(b []byte) ([]byte, error) {
	start := len(b)
	if d.AMF3 {
		b = append(b, 0)
	}
	if d.Handler != "" {
		b, _ = appendAMF0(b, d.Handler)
	}
	var err error
	for _, a := range d.Args {
		if b, err = appendAMF0(b, a); err != nil {
			return b[:start], encodeErr(d.Type(), err)
		}
	}
	return b, nil
}

// WithoutSetDataFrame returns the data message a server stores and forwards
// for a publisher's ["@setDataFrame", name, args...]: [name, args...]. Any
// other message (or one whose second value is not a string) is returned
// unchanged.
func (d Data) WithoutSetDataFrame() Data {
	if d.Handler != HandlerSetDataFrame || len(d.Args) == 0 {
		return d
	}
	name, ok := asString(d.Args[0])
	if !ok || name == "" {
		return d
	}
	return Data{AMF3: d.AMF3, Handler: name, Args: d.Args[1:]}
}

func decodeData(typ uint8, p []byte, lim *Limits) (Message, error) {
	vals, _, err := decodeValues(typ, p, lim)
	if err != nil {
		return nil, err
	}
	d := &Data{AMF3: typ == TypeDataAMF3}
	if len(vals) > 0 {
		if s, ok := asString(vals[0]); ok && s != "" {
			d.Handler = s
			vals = vals[1:]
		}
	}
	if len(vals) > 0 {
		d.Args = vals
	}
	return d, nil
}
