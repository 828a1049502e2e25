package amf0

import (
	"encoding/binary"
	"math"
	"time"
)

// The Append functions write single AMF0 values or the framing of containers
// onto b and return the extended slice. They never allocate when b has room,
// so a command writer can build payloads in a reused buffer:
//
//	b = amf0.AppendString(b, "_result")
//	b = amf0.AppendNumber(b, txn)
//	b = amf0.AppendNull(b)
//	b = amf0.AppendObjectStart(b)
//	b = amf0.AppendPropertyName(b, "code")
//	b = amf0.AppendString(b, "NetConnection.Connect.Success")
//	b = amf0.AppendObjectEnd(b)

// maxShortString is the longest string marker 0x02 can hold.
const maxShortString = 0xFFFF

// AppendNumber appends a Number (0x00).
func AppendNumber(b []byte, f float64) []byte {
	return binary.BigEndian.AppendUint64(append(b, MarkerNumber), math.Float64bits(f))
}

// AppendBool appends a Boolean (0x01).
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, MarkerBoolean, 1)
	}
	return append(b, MarkerBoolean, 0)
}

// AppendString appends s as a String (0x02), or as a Long String (0x0C) when
// it is longer than 65535 bytes. Strings longer than 4 GiB are cut there.
func AppendString(b []byte, s string) []byte {
	if len(s) <= maxShortString {
		b = append(b, MarkerString, byte(len(s)>>8), byte(len(s)))
		return append(b, s...)
	}
	return appendLong(append(b, MarkerLongString), s)
}

func appendLong(b []byte, s string) []byte {
	if max := uint64(math.MaxUint32); uint64(len(s)) > max {
		s = s[:max]
	}
	return append(binary.BigEndian.AppendUint32(b, uint32(len(s))), s...)
}

// AppendNull appends Null (0x05).
func AppendNull(b []byte) []byte { return append(b, MarkerNull) }

// AppendUndefined appends Undefined (0x06).
func AppendUndefined(b []byte) []byte { return append(b, MarkerUndefined) }

// AppendUnsupported appends the Unsupported placeholder (0x0D).
func AppendUnsupported(b []byte) []byte { return append(b, MarkerUnsupported) }

// AppendObjectStart appends the marker of an anonymous Object (0x03). Follow
// it with AppendPropertyName/value pairs and AppendObjectEnd.
func AppendObjectStart(b []byte) []byte { return append(b, MarkerObject) }

// AppendTypedObjectStart appends a Typed Object marker (0x10) and its class
// name. Follow it with properties and AppendObjectEnd.
func AppendTypedObjectStart(b []byte, class string) []byte {
	return AppendPropertyName(append(b, MarkerTypedObject), class)
}

// AppendECMAArrayStart appends an ECMA Array marker (0x08) with the
// associative count (a hint readers ignore; write the real count). Follow it
// with properties and AppendObjectEnd.
func AppendECMAArrayStart(b []byte, count uint32) []byte {
	return binary.BigEndian.AppendUint32(append(b, MarkerECMAArray), count)
}

// AppendPropertyName appends a property name (U16 length and UTF-8 bytes).
// Names longer than 65535 bytes cannot be represented and are cut there;
// Marshal reports them as an error instead.
func AppendPropertyName(b []byte, name string) []byte {
	if len(name) > maxShortString {
		name = name[:maxShortString]
	}
	b = append(b, byte(len(name)>>8), byte(len(name)))
	return append(b, name...)
}

// AppendObjectEnd appends the empty name and object-end marker (00 00 09)
// that close an Object, ECMA Array or Typed Object.
func AppendObjectEnd(b []byte) []byte { return append(b, 0, 0, MarkerObjectEnd) }

// AppendStrictArrayStart appends a Strict Array marker (0x0A) and its element
// count. Follow it with exactly n values.
func AppendStrictArrayStart(b []byte, n uint32) []byte {
	return binary.BigEndian.AppendUint32(append(b, MarkerStrictArray), n)
}

// AppendDate appends a Date (0x0B).
func AppendDate(b []byte, d Date) []byte {
	b = binary.BigEndian.AppendUint64(append(b, MarkerDate), math.Float64bits(d.Ms))
	return binary.BigEndian.AppendUint16(b, uint16(d.TimeZone))
}

// AppendTime appends t as a Date (0x0B) in milliseconds, time zone 0.
func AppendTime(b []byte, t time.Time) []byte { return AppendDate(b, DateOf(t)) }

// AppendXMLDocument appends an XML Document (0x0F), always in the long form.
func AppendXMLDocument(b []byte, s string) []byte {
	return appendLong(append(b, MarkerXMLDocument), s)
}

// AppendReference appends a Reference (0x07) to object-table entry idx.
func AppendReference(b []byte, idx uint16) []byte {
	return binary.BigEndian.AppendUint16(append(b, MarkerReference), idx)
}
