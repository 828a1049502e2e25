package message

// Until the AMF packages land, events carrying AMF values (RequestChange,
// Change, SendMessage) keep their raw data in SOEvent.Data.

func decodeSOValueEvent(evs []SOEvent, t SOEventType, data []byte, amf3 bool, max int) ([]SOEvent, error) {
	return append(evs, SOEvent{Type: t, Data: data}), nil
}

func appendSOValueEvent(b []byte, ev *SOEvent, amf3 bool) ([]byte, error) {
	return append(b, ev.Data...), nil
}
