package amf0

import (
	"errors"
	"reflect"
)

// errNoAMF3 is returned for the AVM+ switch while no AMF3 codec is linked in.
var errNoAMF3 = errors.New("amf0: AMF3 codec not available")

// amf3Codec is the part of package amf3 the AVM+ switch (0x11) needs.
type amf3Codec interface {
	// newDecoder returns a decoder reading from src that keeps its
	// reference tables across calls until reset.
	newDecoder(src byteSource) amf3Decoder
	// appendValue appends the AMF3 encoding of v, self-contained.
	appendValue(b []byte, v any) ([]byte, error)
	// assign stores the AMF3 value v in dst, decoding it as AMF3 would
	// decode it into a typed target.
	assign(v any, dst reflect.Value) error
}

type amf3Decoder interface {
	decode() (any, error)
	reset()
}

// amf3Impl is set by the file that links package amf3.
var amf3Impl amf3Codec

// avmState is a decoder's AMF3 state: ONE AMF3 decoder for all 0x11 values
// on its input, so AMF3 references may span values of a message.
type avmState struct {
	dec amf3Decoder
}

// avmPlus decodes the AMF3 value after a 0x11 marker.
func (d *decodeState) avmPlus() (any, error) {
	if amf3Impl == nil {
		return nil, &SyntaxError{Offset: d.in.offset() - 1, Msg: "AVM+ switch", Err: errNoAMF3}
	}
	if d.avm.dec == nil {
		d.avm.dec = amf3Impl.newDecoder(byteSource{&d.in})
	}
	v, err := d.avm.dec.decode()
	if err != nil {
		return nil, err
	}
	return AVMPlus{Value: v}, nil
}

// resetAVM resets the AMF3 reference tables.
func (d *decodeState) resetAVM() {
	if d.avm.dec != nil {
		d.avm.dec.reset()
	}
}
