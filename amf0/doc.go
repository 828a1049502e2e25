// Package amf0 encodes and decodes Action Message Format version 0, the
// serialisation RTMP uses for commands (message type 20), data messages (18),
// shared objects (19) and FLV script tags.
//
// The API mirrors encoding/json: [Marshal], [Unmarshal], [NewEncoder],
// [NewDecoder], the [Marshaler] and [Unmarshaler] interfaces and struct tags of
// the form `amf:"name,omitempty"` or `amf:"-"`. Decoding into an interface
// value yields the order-preserving dynamic model: float64, bool, string, nil
// (null), [Undefined], [Object], [ECMAArray], []any (strict array), [Date],
// [XMLDocument], [*TypedObject], [Unsupported] and [AVMPlus] (a value switched
// to AMF3 with marker 0x11, decoded by package amf3). Unknown properties and
// their order survive a decode/encode round trip. [DecodeAll] and
// [NewBytesDecoder] decode the sequence of values of a message payload; the
// Append functions ([AppendString], [AppendNumber], [AppendObjectStart], ...)
// build payloads without allocating.
//
// Decisions:
//   - MovieClip (0x04) and RecordSet (0x0E) are rejected with
//     [ErrUnsupportedMarker]; an unknown marker is a [SyntaxError].
//   - The ECMA array count is only a hint: properties are read until 00 00 09,
//     and an input that ends where that terminator is due is accepted.
//   - References (0x07) always decode: containers enter the object table
//     before their members, so cycles decode (into the dynamic model; into
//     typed Go values a cycle stops at Limits.MaxDepth), and a reference to
//     an entry not yet read is a [ReferenceError]. XML documents are not
//     table entries (as the specification says). The Encoder writes
//     references only after SetReferences(true).
//   - Typed targets are filled from the decoded dynamic value, so they follow
//     references and AMF3 values like the dynamic model does; an AVM+ value
//     into a typed target converts as package amf3 would decode it there.
//     [UnmarshalTypeError] carries the offset of the top-level value and the
//     path of the field.
//   - The Decoder made by [NewDecoder] never reads past the value it decodes,
//     and keeps one amf3.Decoder for all 0x11 values of its input; the object
//     and AMF3 tables persist until ResetReferences. The encoder writes each
//     AVM+ value self-contained (fresh AMF3 tables).
//   - Decoders never allocate from an untrusted length before the bytes are
//     there and enforce a [Limits] value (see [DefaultLimits]); truncated
//     input gives an error matching io.ErrUnexpectedEOF; nothing panics.
package amf0
