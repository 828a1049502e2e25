package message

// Audio (type 8) carries one FLV AUDIODATA body: the legacy or Enhanced RTMP
// audio tag header followed by the codec data. This package keeps it as is;
// package flv parses the header. An empty payload is valid (a keep-alive).
type Audio struct {
	Payload []byte // aliases the decoded chunk payload
}

// Type returns [TypeAudio].
func (Audio) Type() uint8 { return TypeAudio }

// AppendPayload appends m.Payload.
func (m Audio) AppendPayload(b []byte) ([]byte, error) { return append(b, m.Payload...), nil }

// Video (type 9) carries one FLV VIDEODATA body, kept as is like [Audio].
type Video struct {
	Payload []byte // aliases the decoded chunk payload
}

// Type returns [TypeVideo].
func (Video) Type() uint8 { return TypeVideo }

// AppendPayload appends m.Payload.
func (m Video) AppendPayload(b []byte) ([]byte, error) { return append(b, m.Payload...), nil }
