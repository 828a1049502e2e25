package loadgen_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/rtmpkit/rtmp/loadgen"
)

// Drive a server with 1,000 players of a stream that the bench publishes
// itself at 2.5 Mbit/s, sampling the server process's CPU and memory.
func ExamplePlayBench() {
	r, err := loadgen.PlayBench(context.Background(), loadgen.PlayConfig{
		URL:            "rtmp://127.0.0.1:1935/live/bench",
		Players:        1000,
		Ramp:           500, // connections per second
		Window:         20 * time.Second,
		PublishBitrate: 2_500_000,
		PID:            12345, // the server's process id
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Summary())
	fmt.Printf("kept up: %.1f %%, lag p99 %v, server %.2f CPU s/s\n", 100*r.KeptUpFraction, r.Lag.P99, r.Server.CPUPerSec)
}

// A synthetic stream's tags, in timestamp order: audio and video
// interleaved, a keyframe every two seconds.
func ExampleSynth() {
	s, err := loadgen.NewSynth(loadgen.SynthConfig{Bitrate: 1_000_000, FPS: 25})
	if err != nil {
		log.Fatal(err)
	}
	c := s.Cursor()
	for range 5 {
		t := c.Next()
		fmt.Println(t.Type, t.Timestamp, t.IsKeyframe(), len(t.Data))
	}
	// Output:
	// audio 0 false 369
	// video 0 true 43600
	// audio 23 false 369
	// video 40 false 3559
	// audio 46 false 369
}
