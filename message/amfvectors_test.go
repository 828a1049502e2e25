package message

// amfVectorWant gives the expectations of the AMF vectors; filled in once
// the amf0 package exists.
func amfVectorWant(name string) (Message, bool) {
	switch name {
	case "command amf0", "data amf0":
		return nil, false
	}
	return nil, false
}
