// Package message converts between chunk-layer messages ([chunk.Message]) and
// typed RTMP messages: protocol control (types 1, 2, 3, 5, 6), user control
// events (4), commands and data in AMF0 (20, 18) and AMF3 (17, 15), shared
// objects (19, 16), audio (8), video (9) and aggregates (22). It does not
// import net.
//
// # Decoding
//
// [Decode] (or [Decoder.Decode] with custom [Limits]) turns a reassembled
// chunk message into a pointer to one of the typed structs and the caller
// switches on it:
//
//	switch m := msg.(type) {
//	case *message.SetChunkSize:
//	case *message.PingRequest: // one type per user control event
//	case *message.Video:
//	}
//
// Media payloads and other byte slices in decoded messages alias the chunk
// payload; nothing is copied. Types this package does not interpret decode to
// [Raw]. Decoding never panics; a truncated payload yields an [*Error]
// wrapping io.ErrUnexpectedEOF, and allocation is bounded by the payload size
// and by [Limits].
//
// Lenient decoding, as real peers need it: trailing bytes after a fixed-size
// control message are ignored; Set Peer Bandwidth without its limit byte
// reads as [LimitDynamic]; Set Chunk Size has bit 31 cleared and is not
// range-checked (the chunk layer clamps it); a SWF verification request
// without its data byte reads as value 0; unknown user control events and
// unknown shared object events are kept raw; aggregate back-pointers are not
// enforced and the last one may be missing.
//
// # Encoding
//
// Every typed struct implements [Message]: Type and AppendPayload, which
// appends the body to a caller-owned buffer. Control, user control and media
// messages encode without allocating. [Encode] and [EncodeTo] fill in a
// [chunk.Message] with the chunk stream id that [DefaultCSID] picks (the
// nginx-rtmp layout); the caller may change it before writing.
//
// # Commands and data
//
// [Command] ({Name, TransactionID, Object, Args}) and [Data] ({Handler,
// Args}) hold AMF0 values in the amf0 dynamic model; the AMF3 forms (types
// 17 and 15) are the same with the AMF3 field set: a leading format byte,
// then AMF0 values that may switch to AMF3 with marker 0x11 (amf0.AVMPlus).
// [Property], [StringProperty] and [NumberProperty] read connect and info
// objects whatever encoding the peer chose. [Status], [NewOnStatus],
// [NewResult], [NewError] and [NewConnectResult] build the usual replies.
//
// # Aggregates
//
// [Aggregate] splits a type 22 message into its sub-messages with absolute
// timestamps: the first sub-message's timestamp maps to the aggregate's and
// the others keep their distance to it, modulo 2^32; each gets the
// aggregate's stream id. [AppendSubMessages] does the same into a reusable
// slice.
//
// # Shared objects
//
// [SharedObject] is the body of types 19 and 16: name, version, flags (
// [SOFlagPersistent]) and a list of [SOEvent]s of every type of the spec
// (Use, Release, RequestChange, Change, Success, SendMessage, Status, Clear,
// Remove, RequestRemove, UseSuccess). Values are AMF0 in type 19 (0x11
// switches allowed) and AMF3 in type 16, as Red5 writes them. A Change
// event carrying several slots (Red5) decodes as one event per slot.
package message
