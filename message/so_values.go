package message

import (
	"bytes"
	"errors"
	"io"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/amf3"
)

// Values inside shared object events: AMF0 in type 19 (which may switch to
// AMF3 with 0x11), AMF3 in type 16 (as Red5 writes them). Each Change slot
// value is a self-contained value; the handler and arguments of a
// SendMessage share one set of reference tables.

// valueDecoder decodes consecutive values of one event in AMF0 or AMF3.
type valueDecoder struct {
	d0 *amf0.Decoder
	d3 *amf3.Decoder
	n  int
}

func newValueDecoder(data []byte, useAMF3 bool, lim *Limits) *valueDecoder {
	if useAMF3 {
		d := amf3.NewDecoder(bytes.NewReader(data))
		d.SetLimits(lim.AMF3)
		return &valueDecoder{d3: d, n: len(data)}
	}
	d := amf0.NewBytesDecoder(data)
	d.SetLimits(lim.AMF0)
	return &valueDecoder{d0: d, n: len(data)}
}

func (v *valueDecoder) offset() int {
	if v.d3 != nil {
		return int(v.d3.InputOffset())
	}
	return int(v.d0.InputOffset())
}

func (v *valueDecoder) more() bool { return v.offset() < v.n }

// next decodes one value; the end of the data is io.ErrUnexpectedEOF.
func (v *valueDecoder) next() (any, error) {
	var (
		val any
		err error
	)
	if v.d3 != nil {
		val, err = v.d3.DecodeValue()
	} else {
		val, err = v.d0.DecodeValue()
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return val, err
}

func decodeSOValueEvent(evs []SOEvent, t SOEventType, data []byte, useAMF3 bool, lim *Limits) ([]SOEvent, error) {
	if t == SOSendMessage {
		vd := newValueDecoder(data, useAMF3, lim)
		h, err := vd.next()
		if err != nil {
			return evs, &soDataError{off: vd.offset(), err: err}
		}
		ev := SOEvent{Type: t}
		var ok bool
		if ev.Name, ok = asString(h); !ok {
			return evs, &soDataError{off: 0, err: ErrMalformed}
		}
		for vd.more() {
			if len(ev.Args) >= lim.maxValues() {
				return evs, &soDataError{off: vd.offset(), err: ErrLimit}
			}
			a, err := vd.next()
			if err != nil {
				return evs, &soDataError{off: vd.offset(), err: err}
			}
			ev.Args = append(ev.Args, a)
		}
		return append(evs, ev), nil
	}
	// RequestChange / Change: one or more (UTF-8 name, value) pairs.
	c := cursor{b: data}
	for first := true; first || c.rest() > 0; first = false {
		if !first && len(evs) >= lim.maxSOEvents() {
			return evs, &soDataError{off: c.off, err: ErrLimit}
		}
		name, err := c.utf8()
		if err != nil {
			return evs, &soDataError{off: c.off, err: err}
		}
		vd := newValueDecoder(data[c.off:], useAMF3, lim)
		v, err := vd.next()
		if err != nil {
			return evs, &soDataError{off: c.off + vd.offset(), err: err}
		}
		c.off += vd.offset()
		evs = append(evs, SOEvent{Type: t, Name: name, Value: v})
	}
	return evs, nil
}

func appendSOValueEvent(b []byte, ev *SOEvent, useAMF3 bool) ([]byte, error) {
	if ev.Type == SOSendMessage {
		if useAMF3 {
			var buf bytes.Buffer
			enc := amf3.NewEncoder(&buf)
			if err := enc.Encode(ev.Name); err != nil {
				return b, err
			}
			for _, a := range ev.Args {
				if err := enc.Encode(a); err != nil {
					return b, err
				}
			}
			return append(b, buf.Bytes()...), nil
		}
		b = amf0.AppendString(b, ev.Name)
		var err error
		for _, a := range ev.Args {
			if b, err = appendAMF0(b, a); err != nil {
				return b, err
			}
		}
		return b, nil
	}
	if len(ev.Name) > 0xFFFF {
		return b, ErrTooLarge
	}
	b = appendUTF8(b, ev.Name)
	if useAMF3 {
		p, err := amf3.Marshal(ev.Value)
		if err != nil {
			return b, err
		}
		return append(b, p...), nil
	}
	return appendAMF0(b, ev.Value)
}
