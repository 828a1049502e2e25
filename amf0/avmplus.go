package amf0

import (
	"io"
	"reflect"

	"github.com/rtmpkit/rtmp/amf3"
)

// avmState is a decoder's AMF3 state: ONE amf3.Decoder for all 0x11 values
// of its input, reading the same bytes through byteSource so that it never
// consumes more than its value. AMF3 reference tables therefore span the
// values of a message (as Red5 does) until ResetReferences.
type avmState struct {
	dec *amf3.Decoder
}

// avmPlus decodes the AMF3 value after a 0x11 marker.
func (d *decodeState) avmPlus() (any, error) {
	if d.avm.dec == nil {
		d.avm.dec = amf3.NewDecoder(byteSource{&d.in})
		d.avm.dec.SetLimits(d.lim.AMF3)
	}
	v, err := d.avm.dec.DecodeValue()
	if err == io.EOF {
		return nil, d.fail(err)
	}
	if err != nil {
		// Keep the amf3 error reachable (errors.As) but report the
		// offset in this input.
		return nil, &SyntaxError{Offset: d.in.offset(), Msg: "in AVM+ value: " + err.Error(), Err: err}
	}
	return AVMPlus{Value: v}, nil
}

// resetAVM resets the AMF3 reference tables.
func (d *decodeState) resetAVM() {
	if d.avm.dec != nil {
		d.avm.dec.ResetReferences()
	}
}

// setAVMLimits passes new AMF3 limits to an existing AMF3 decoder.
func (d *decodeState) setAVMLimits() {
	if d.avm.dec != nil {
		d.avm.dec.SetLimits(d.lim.AMF3)
	}
}

// appendAVMPlus writes the 0x11 marker and v as a self-contained AMF3 value
// (fresh AMF3 reference tables), the form every reader accepts.
func appendAVMPlus(b []byte, v any) ([]byte, error) {
	enc, err := amf3.Marshal(v)
	if err != nil {
		return b, err
	}
	return append(append(b, MarkerAVMPlus), enc...), nil
}

// assignAVMPlus stores the AMF3 value v in the typed target dst (which
// must be addressable) as package amf3 would decode it there.
func assignAVMPlus(v any, dst reflect.Value) error {
	return amf3.Assign(dst.Addr().Interface(), v)
}
