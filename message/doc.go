// Package message converts between chunk-layer messages and typed RTMP
// messages: protocol control (types 1, 2, 3, 5, 6), user control events (4),
// commands and data in AMF0 (20, 18) and AMF3 (17, 15), shared objects (19,
// 16), audio (8), video (9) and aggregates (22). It does not import net.
package message
