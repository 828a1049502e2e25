package amf0

// The AMF0 type markers (PROTOCOL.md §8).
const (
	MarkerNumber      byte = 0x00
	MarkerBoolean     byte = 0x01
	MarkerString      byte = 0x02
	MarkerObject      byte = 0x03
	MarkerMovieClip   byte = 0x04 // reserved; rejected
	MarkerNull        byte = 0x05
	MarkerUndefined   byte = 0x06
	MarkerReference   byte = 0x07
	MarkerECMAArray   byte = 0x08
	MarkerObjectEnd   byte = 0x09
	MarkerStrictArray byte = 0x0A
	MarkerDate        byte = 0x0B
	MarkerLongString  byte = 0x0C
	MarkerUnsupported byte = 0x0D
	MarkerRecordSet   byte = 0x0E // reserved; rejected
	MarkerXMLDocument byte = 0x0F
	MarkerTypedObject byte = 0x10
	MarkerAVMPlus     byte = 0x11
)

var markerNames = [...]string{
	"number", "boolean", "string", "object", "movieclip", "null", "undefined",
	"reference", "ECMA array", "object end", "strict array", "date",
	"long string", "unsupported", "recordset", "XML document", "typed object",
	"AVM+ switch",
}

// markerName names marker m for error messages.
func markerName(m byte) string {
	if int(m) < len(markerNames) {
		return markerNames[m]
	}
	return "unknown marker"
}
