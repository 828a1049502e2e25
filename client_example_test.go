package rtmp_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// Play a live stream through a publisher change: with WaitRepublish the
// play continues with the next publisher instead of ending (io.EOF) when
// the first one leaves. OnUserControl sees the StreamEOF and StreamBegin
// events that come with the change.
func ExampleClientConfig_waitRepublish() {
	base, stop := exampleServer(rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind == rtmp.KindPlay {
			tw := w.TagWriter(0)
			tw.WriteTag(flv.Tag{Type: flv.TagVideo, Timestamp: 0, Data: []byte{0x17, 1, 0, 0, 0}})
			tw.WriteItem(rtmp.Item{Kind: rtmp.ItemUnpublish}) // the publisher left
			tw.WriteItem(rtmp.Item{Kind: rtmp.ItemPublish})   // another one came
			tw.WriteTag(flv.Tag{Type: flv.TagVideo, Timestamp: 5000, Data: []byte{0x17, 1, 0, 0, 0}})
			tw.End()
		}
	}))
	defer stop()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	events := make(chan message.UserControl, 16)
	c, err := rtmp.Dial(ctx, base+"/live/cam", &rtmp.ClientConfig{
		WaitRepublish: true,
		// Called on the read loop: hand the event over, never block.
		OnUserControl: func(_ *rtmp.ClientConn, ev message.UserControl) {
			select {
			case events <- ev:
			default:
			}
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	s, err := c.Play(ctx, "cam", rtmp.PlayLive, -1, false)
	if err != nil {
		log.Fatal(err)
	}
	for {
		t, err := s.ReadTag()
		if err == io.EOF { // NetStream.Play.Stop
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(t.Type, t.Timestamp)
	}
	for len(events) > 0 {
		switch ev := (<-events).(type) {
		case *message.StreamBegin:
			fmt.Println("StreamBegin", ev.StreamID)
		case *message.StreamEOF:
			fmt.Println("StreamEOF", ev.StreamID)
		}
	}
	// Output:
	// video 0
	// video 5000
	// StreamBegin 1
	// StreamEOF 1
	// StreamBegin 1
	// StreamEOF 1
}
