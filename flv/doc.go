// Package flv reads and writes FLV files and parses and builds the audio, video
// and script tag bodies that RTMP media messages carry, including Enhanced RTMP
// v2 (FourCC codecs, packet types, multitrack, ModEx).
//
// [Tag] is the media unit the server, hub and client share.
//
// # Files
//
// [Reader] reads tags from any io.Reader: [Reader.ReadTag] returns tags the
// caller may keep, [Reader.Next] reuses one buffer and does not allocate per
// tag. [Writer] writes whole tags (header, body, PreviousTagSize) with one
// Write each, so a crashed recording is readable up to its last tag;
// [AppendTag] and [AppendHeader] build the same bytes in memory (HTTP-FLV).
//
// Decisions: the Reader ignores PreviousTagSize unless [Reader.Strict] is set
// (muxers in the wild write wrong values); it bounds tag sizes with [Limits];
// input that ends anywhere except after a tag's PreviousTagSize gives
// io.ErrUnexpectedEOF, after every complete tag has been returned. Encrypted
// (Filter bit) tags are rejected. The Writer always writes StreamID 0, as the
// FLV specification requires, whatever Tag.StreamID holds.
//
// # Audio and video bodies
//
// [ParseVideo] and [ParseAudio] decode legacy headers (FrameType/CodecID,
// SoundFormat and friends, AVC/AAC packet types, signed 24-bit composition
// time) and Enhanced RTMP headers (ExHeader bit, every packet type, FourCC,
// the three multitrack modes, ModEx with the nanosecond timestamp offset,
// audio MultichannelConfig). [AppendVideo] and [AppendAudio] are their exact
// inverses. Payload slices alias the input; nothing is copied.
//
// Enhanced sequence start tags are accepted with FrameType 0 as well as 1
// (gortmplib writes 0x80, FFmpeg 0x90). Legacy CodecIDs 12 (HEVC) and 13
// (AV1), used by several CDNs, are read with the AVC layout. Reserved packet
// types give an error wrapping [ErrReserved] so a server can forward such
// tags untouched.
//
// For hot paths [IsVideoKeyframe], [IsVideoSequenceHeader],
// [IsAudioSequenceHeader], [VideoCodecOf] and [AudioCodecOf] (and the
// [Tag.IsKeyframe], [Tag.IsSequenceHeader] and [Tag.Codec] methods) look at
// the first bytes only and never allocate.
//
// # Script data
//
// [ParseMetadata] accepts both the FLV/player form ["onMetaData", ECMA array]
// and the publisher form ["@setDataFrame", "onMetaData", ECMA array or
// Object]; [AppendMetadata] and [AppendSetDataFrame] build them, and
// [StripSetDataFrame] / [AddSetDataFrame] convert between them without
// decoding. AMF3 script tags (type 15) are passed through as bytes.
package flv
