package message_test

import (
	"fmt"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/message"
)

// Decoding a command as ffmpeg sends it when it starts publishing.
func ExampleDecode_command() {
	p := amf0.AppendString(nil, "publish")
	p = amf0.AppendNumber(p, 5)
	p = amf0.AppendNull(p)
	p = amf0.AppendString(p, "mystream")
	p = amf0.AppendString(p, "live")
	in := &chunk.Message{CSID: 8, Type: message.TypeCommandAMF0, StreamID: 1, Payload: p}

	msg, err := message.Decode(in)
	if err != nil {
		panic(err)
	}
	switch m := msg.(type) {
	case *message.Command:
		name, _ := m.StringArg(0)
		kind, _ := m.StringArg(1)
		fmt.Printf("%s txn=%v name=%s type=%s\n", m.Name, m.TransactionID, name, kind)
	case *message.SetChunkSize:
		fmt.Println("chunk size", m.Size)
	}
	// Output: publish txn=5 name=mystream type=live
}

// Building the onStatus a server sends when publishing starts.
func ExampleNewOnStatus() {
	st := message.Status{
		Level:       message.LevelStatus,
		Code:        message.CodePublishStart,
		Description: "Start publishing",
	}
	cmd := message.NewOnStatus(st, amf0.Pair{Key: "details", Value: "mystream"})
	out, err := message.Encode(cmd, 1, 0)
	if err != nil {
		panic(err)
	}
	fmt.Println(out.CSID, out.Type, out.StreamID, len(out.Payload))

	back, _ := message.Decode(out)
	got, _ := back.(*message.Command).Status()
	fmt.Println(got.Level, got.Code)
	// Output:
	// 5 20 1 125
	// status NetStream.Publish.Start
}

// Encoding protocol control messages into a reused buffer.
func ExampleEncodeTo() {
	var out chunk.Message
	for _, m := range []message.Message{
		message.WindowAckSize{Size: 5000000},
		message.SetPeerBandwidth{Size: 5000000, Limit: message.LimitDynamic},
		message.StreamBegin{StreamID: 1},
	} {
		if err := message.EncodeTo(&out, m, 0, 0); err != nil {
			panic(err)
		}
		fmt.Printf("csid %d type %d % x\n", out.CSID, out.Type, out.Payload)
	}
	// Output:
	// csid 2 type 5 00 4c 4b 40
	// csid 2 type 6 00 4c 4b 40 02
	// csid 2 type 4 00 00 00 00 00 01
}

// Splitting an aggregate into messages with absolute timestamps.
func ExampleAppendSubMessages() {
	agg := message.Aggregate{Messages: []chunk.Message{
		{Type: message.TypeVideo, Timestamp: 0, Payload: []byte{0x17, 0x01}},
		{Type: message.TypeAudio, Timestamp: 23, Payload: []byte{0xaf, 0x01}},
	}}
	p, _ := agg.AppendPayload(nil)
	in := &chunk.Message{Type: message.TypeAggregate, StreamID: 1, Timestamp: 5000, Payload: p}
	subs, err := message.AppendSubMessages(nil, in, nil)
	if err != nil {
		panic(err)
	}
	for _, s := range subs {
		fmt.Println(s.Type, s.Timestamp, s.StreamID)
	}
	// Output:
	// 9 5000 1
	// 8 5023 1
}
