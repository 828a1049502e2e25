package rtmpt_test

import (
	"context"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/rtmpt"
)

// TestDialRTMPServer: our client completes RTMP handshakes (plain, FP9
// digest, and RTMPE inside the tunnel, i.e. rtmpte) with rtmp.Server served
// through the Listener.
func TestDialRTMPServer(t *testing.T) {
	tn := startTunnel(t, newFanout(), 0)
	cases := []struct {
		name string
		kind handshake.Kind
	}{
		{"plain", handshake.Plain},
		{"digest", handshake.Digest},
		{"rtmpte", handshake.Encrypted},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c, err := rtmpt.Dial(ctx, tn.url+"/live/key", &rtmpt.Config{PollUnit: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			res, err := handshake.Client(c, &handshake.Config{Kind: tc.kind})
			if err != nil {
				t.Fatalf("handshake: %v", err)
			}
			if res.Kind != tc.kind || res.PeerType == 0 {
				t.Errorf("result kind %v, peer type %#x", res.Kind, res.PeerType)
			}
		})
	}
}
