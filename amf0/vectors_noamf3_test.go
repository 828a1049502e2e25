package amf0

import "encoding/json"

// vectorAMF3 converts AMF3 nodes of the vectors; nil until the AMF3 codec is
// linked in.
var vectorAMF3 func(json.RawMessage) any
