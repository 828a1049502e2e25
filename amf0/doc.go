// Package amf0 encodes and decodes Action Message Format version 0, the
// serialisation RTMP uses for commands (message type 20), data messages (18),
// shared objects (19) and FLV script tags.
//
// The API mirrors encoding/json: [Marshal], [Unmarshal], [NewEncoder],
// [NewDecoder], the [Marshaler] and [Unmarshaler] interfaces and struct tags of
// the form `amf:"name,omitempty"` or `amf:"-"`. Decoding into an interface
// value yields the order-preserving dynamic model: float64, bool, string, nil
// (null), [Undefined], [Object], [ECMAArray], []any (strict array), [Date],
// [XMLDocument], [TypedObject], [Unsupported] and [AVMPlus] (a value switched
// to AMF3 with marker 0x11).
//
// Decoders never allocate from an untrusted length before the bytes are there
// and enforce a [Limits] value; truncated input gives io.ErrUnexpectedEOF.
package amf0
