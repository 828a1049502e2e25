package message

import "github.com/rtmpkit/rtmp/amf0"

// amfVectorWant gives the expected decode of the gortmplib AMF0 command and
// data vectors.
func amfVectorWant(name string) (Message, bool) {
	switch name {
	case "command amf0":
		return &Command{
			Name:          "i8yythrergre",
			TransactionID: 56456,
			Object:        amf0.Object{{Key: "k1", Value: "v1"}, {Key: "k2", Value: "v2"}},
			Args:          []any{nil},
		}, true
	case "data amf0":
		// The first value is a number, so there is no handler name.
		return &Data{Args: []any{float64(234), "string", nil}}, true
	}
	return nil, false
}
