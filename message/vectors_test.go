package message

import (
	"bytes"
	"reflect"
	"testing"
)

// vectorWant maps each vector name to its expected decode. Media vectors
// decode to their payload unchanged.
func vectorWant(name string, payload []byte) (Message, bool) {
	switch name {
	case "set-chunk-size-4096":
		return &SetChunkSize{Size: 4096}, true
	case "abort-csid-4":
		return &Abort{CSID: 4}, true
	case "ack-1048576":
		return &Acknowledgement{SequenceNumber: 1048576}, true
	case "window-ack-2500000":
		return &WindowAckSize{Size: 2500000}, true
	case "set-peer-bw-2500000-dynamic":
		return &SetPeerBandwidth{Size: 2500000, Limit: LimitDynamic}, true
	case "uc-stream-begin-1":
		return &StreamBegin{StreamID: 1}, true
	case "uc-set-buffer-length":
		return &SetBufferLength{StreamID: 1, BufferLength: 3000}, true
	case "uc-ping-request":
		return &PingRequest{Timestamp: 123456}, true
	case "uc-ping-response":
		return &PingResponse{Timestamp: 123456}, true
	case "uc-swfverify-request":
		return &SWFVerifyRequest{Value: 0}, true
	case "acknowledge":
		return &Acknowledgement{SequenceNumber: 45953968}, true
	case "abort message":
		return &Abort{CSID: 7}, true
	case "set chunk size":
		return &SetChunkSize{Size: 10000}, true
	case "user control ping request":
		return &PingRequest{Timestamp: 569834435}, true
	case "user control ping response":
		return &PingResponse{Timestamp: 569834435}, true
	case "user control set buffer length":
		return &SetBufferLength{StreamID: 35534, BufferLength: 235345}, true
	case "user control stream begin":
		return &StreamBegin{StreamID: 35534}, true
	case "user control stream dry":
		return &StreamDry{StreamID: 35534}, true
	case "user control stream eof":
		return &StreamEOF{StreamID: 35534}, true
	case "user control stream is recorded":
		return &StreamIsRecorded{StreamID: 35534}, true
	}
	if len(name) > 6 && name[:6] == "audio " {
		return &Audio{Payload: payload}, true
	}
	if len(name) > 6 && name[:6] == "video " || name == "video" {
		return &Video{Payload: payload}, true
	}
	return amfVectorWant(name)
}

func TestVectors(t *testing.T) {
	vs := loadVectors(t)
	if len(vs) != 51 {
		t.Fatalf("loaded %d vectors, want 51", len(vs))
	}
	for name, m := range vs {
		t.Run(name, func(t *testing.T) {
			want, ok := vectorWant(name, m.Payload)
			if !ok {
				t.Fatalf("no expectation for vector %q", name)
			}
			got, err := Decode(m)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Decode = %#v, want %#v", got, want)
			}
			// Every vector is canonical: encoding gives the same payload.
			enc, err := Encode(got, m.StreamID, m.Timestamp)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if !bytes.Equal(enc.Payload, m.Payload) {
				t.Fatalf("Encode payload = %x, want %x", enc.Payload, m.Payload)
			}
			if enc.Type != m.Type || enc.StreamID != m.StreamID || enc.Timestamp != m.Timestamp {
				t.Fatalf("Encode header = %d/%d/%d, want %d/%d/%d", enc.Type, enc.StreamID, enc.Timestamp, m.Type, m.StreamID, m.Timestamp)
			}
		})
	}
}
