package hub_test

import (
	"fmt"

	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/hub"
)

// A publisher writes tags; a subscriber's owner waits on Ready and drains
// the queue in one batch.
func Example() {
	h := hub.New(hub.Config{})
	defer h.Close()
	key := hub.MakeKey("live", "cam1")

	sub, _ := h.Subscribe(key) // waits for a publisher
	pub, _ := h.Publish(key)

	// The hub takes ownership of Data: give each tag its own buffer.
	pub.Write(flv.Tag{Type: flv.TagVideo, Timestamp: 5000, Data: []byte{0x17, 0, 0, 0, 0, 1, 0x64}}) // AVC sequence header
	pub.Write(flv.Tag{Type: flv.TagVideo, Timestamp: 5000, Data: []byte{0x17, 1, 0, 0, 0, 0xaa}})    // keyframe
	pub.Write(flv.Tag{Type: flv.TagAudio, Timestamp: 5020, Data: []byte{0xaf, 1, 0xbb}})             // AAC frame
	pub.Close()

	var batch []hub.Item
	<-sub.Ready()
	batch = sub.Drain(batch[:0])
	for _, it := range batch {
		if it.Kind == hub.KindMedia {
			fmt.Println(it.Kind, it.Tag.Type, it.Tag.Timestamp, it.Tag.IsKeyframe())
		} else {
			fmt.Println(it.Kind)
		}
	}
	// Output:
	// publish
	// media video 0 true
	// media video 0 true
	// media audio 20 false
	// unpublish
}

// A second publisher of a busy key is refused unless the hub replaces.
func ExampleHub_Publish() {
	h := hub.New(hub.Config{Replace: true})
	key := hub.MakeKey("live", "cam1")
	first, _ := h.Publish(key)
	second, _ := h.Publish(key)
	<-first.Done()
	fmt.Println(first.Err())
	fmt.Println(second.Err())

	strict := hub.New(hub.Config{})
	strict.Publish(key)
	_, err := strict.Publish(key)
	fmt.Println(err)
	// Output:
	// hub: publisher replaced by a newer publisher
	// <nil>
	// hub: stream is already being published
}
