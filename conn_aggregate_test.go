package rtmp

import (
	"bytes"
	"sync"
	"testing"
	"unsafe"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// tagSink collects the tags of a publish.
type tagSink struct {
	mu   sync.Mutex
	tags []flv.Tag
	got  chan struct{}
}

func (s *tagSink) WriteTag(t flv.Tag) error {
	s.mu.Lock()
	s.tags = append(s.tags, t)
	s.mu.Unlock()
	s.got <- struct{}{}
	return nil
}
func (s *tagSink) Close() error { return nil }

// The sub-messages of an aggregate reach the Sink in buffers of their own:
// a tiny frame kept in a GOP cache or queue must not pin a large aggregate
// payload (whose size those limits do not see).
func TestServerAggregateSubPayloadsOwnBuffers(t *testing.T) {
	sink := &tagSink{got: make(chan struct{}, 8)}
	_, addr, _ := startServer(t, HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind == KindPublish {
			w.SetSink(sink)
		}
	}))
	c := dialRaw(t, addr)
	sid := c.connect("app")
	c.command(5, sid, "publish", 0, nil, "cam", "live")
	c.until(isStatus(CodePublishStart))
	big := bytes.Repeat([]byte{0x17, 1}, 32<<10)
	small := []byte{0xaf, 1, 0x21}
	agg := message.Aggregate{Messages: []chunk.Message{
		{Type: message.TypeAudio, Timestamp: 100, Payload: small},
		{Type: message.TypeVideo, Timestamp: 110, Payload: big},
	}}
	c.send(agg, sid, 100)
	<-sink.got
	<-sink.got
	sink.mu.Lock()
	defer sink.mu.Unlock()
	want := []struct {
		typ  flv.TagType
		ts   uint32
		data []byte
	}{{flv.TagAudio, 100, small}, {flv.TagVideo, 110, big}}
	for i, w := range want {
		got := sink.tags[i]
		if got.Type != w.typ || got.Timestamp != w.ts || !bytes.Equal(got.Data, w.data) {
			t.Fatalf("tag %d: type %v ts %d len %d, want type %v ts %d len %d", i, got.Type, got.Timestamp, len(got.Data), w.typ, w.ts, len(w.data))
		}
	}
	// Sub-slices of the aggregate lie back to back in its payload: the
	// second starts 4 (back-pointer) + 11 (header) bytes after the first.
	a, b := uintptr(unsafe.Pointer(&sink.tags[0].Data[0])), uintptr(unsafe.Pointer(&sink.tags[1].Data[0]))
	if b-a == uintptr(len(small)+4+11) {
		t.Error("sub-message payloads are slices of the aggregate payload, which each keeps alive")
	}
}
