package message

import (
	"testing"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
)

func BenchmarkEncodeControl(b *testing.B) {
	b.ReportAllocs()
	dst := &chunk.Message{Payload: make([]byte, 0, 16)}
	for b.Loop() {
		_ = EncodeTo(dst, Acknowledgement{SequenceNumber: 123456}, 0, 0)
	}
}

func BenchmarkDecodeControl(b *testing.B) {
	b.ReportAllocs()
	m := &chunk.Message{Type: TypeUserControl, Payload: hx("0006deadbeef")}
	for b.Loop() {
		_, _ = Decode(m)
	}
}

func BenchmarkDecodeVideo(b *testing.B) {
	b.ReportAllocs()
	m := &chunk.Message{Type: TypeVideo, Payload: make([]byte, 4096)}
	for b.Loop() {
		_, _ = Decode(m)
	}
}

func BenchmarkDecodeCommandConnect(b *testing.B) {
	p, _ := amfValues(b, clientCommands[1].vals...)
	m := &chunk.Message{Type: TypeCommandAMF0, Payload: p}
	b.ReportAllocs()
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		_, _ = Decode(m)
	}
}

func BenchmarkEncodeOnStatus(b *testing.B) {
	c := NewOnStatus(Status{LevelStatus, CodePublishStart, "Start publishing"}, amf0.Pair{Key: "details", Value: "key"})
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = c.AppendPayload(buf[:0])
	}
}

func BenchmarkAppendSubMessages(b *testing.B) {
	var agg Aggregate
	for i := range 32 {
		agg.Messages = append(agg.Messages, chunk.Message{Type: TypeVideo, Timestamp: uint32(i * 40), Payload: make([]byte, 1000)})
	}
	p, _ := agg.AppendPayload(nil)
	m := &chunk.Message{Type: TypeAggregate, Timestamp: 1000, StreamID: 1, Payload: p}
	dst := make([]chunk.Message, 0, 32)
	b.ReportAllocs()
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		dst, _ = AppendSubMessages(dst[:0], m, nil)
	}
}
