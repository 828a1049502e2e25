package amf3

// AMF3 type markers (PROTOCOL.md §9.2).
const (
	MarkerUndefined    = 0x00
	MarkerNull         = 0x01
	MarkerFalse        = 0x02
	MarkerTrue         = 0x03
	MarkerInteger      = 0x04
	MarkerDouble       = 0x05
	MarkerString       = 0x06
	MarkerXMLDocument  = 0x07
	MarkerDate         = 0x08
	MarkerArray        = 0x09
	MarkerObject       = 0x0A
	MarkerXML          = 0x0B
	MarkerByteArray    = 0x0C
	MarkerVectorInt    = 0x0D
	MarkerVectorUint   = 0x0E
	MarkerVectorDouble = 0x0F
	MarkerVectorObject = 0x10
	MarkerDictionary   = 0x11
)

// Range of values the integer marker can carry (29-bit two's complement).
const (
	MinInt = -1 << 28
	MaxInt = 1<<28 - 1
)

// maxU29 is the largest U29 value.
const maxU29 = 1<<29 - 1

// markerName returns a short description of a marker for error messages.
func markerName(m byte) string {
	switch m {
	case MarkerUndefined:
		return "undefined"
	case MarkerNull:
		return "null"
	case MarkerFalse, MarkerTrue:
		return "boolean"
	case MarkerInteger:
		return "integer"
	case MarkerDouble:
		return "double"
	case MarkerString:
		return "string"
	case MarkerXMLDocument:
		return "XMLDocument"
	case MarkerDate:
		return "date"
	case MarkerArray:
		return "array"
	case MarkerObject:
		return "object"
	case MarkerXML:
		return "XML"
	case MarkerByteArray:
		return "ByteArray"
	case MarkerVectorInt:
		return "Vector.<int>"
	case MarkerVectorUint:
		return "Vector.<uint>"
	case MarkerVectorDouble:
		return "Vector.<Number>"
	case MarkerVectorObject:
		return "Vector.<Object>"
	case MarkerDictionary:
		return "Dictionary"
	}
	return "unknown"
}
