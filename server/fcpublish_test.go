package server

import (
	"testing"
)

// onFCPublish carries NetStream.Publish.Start, so it is sent only once the
// publish is authorised: a denied publish sees no Publish.Start code of any
// kind; an accepted one sees onFCPublish just before onStatus Publish.Start.
func TestFCPublishWaitsForAuth(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Auth.Publish.Key = "secret"
	s := startServer(t, cfg)
	for _, tc := range []struct {
		name, stream, code string
	}{
		{"denied", "cam", "NetStream.Publish.Denied"},
		{"accepted", "cam?key=secret", "NetStream.Publish.Start"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dialRaw(t, s.Addr().String())
			sid, _ := c.connect("live")
			c.command(0, "FCPublish", 4, nil, tc.stream)
			code := c.publish(sid, tc.stream)
			codes := c.codes()
			if code != tc.code {
				t.Fatalf("publish answered %s, want %s; seen %v", code, tc.code, codes)
			}
			if tc.code == "NetStream.Publish.Denied" {
				if c.sawCode("NetStream.Publish.Start") {
					t.Errorf("NetStream.Publish.Start sent before the publish was denied: %v", codes)
				}
				return
			}
			n := len(codes)
			if n < 2 || codes[n-2] != "onFCPublish:NetStream.Publish.Start" || codes[n-1] != "onStatus:NetStream.Publish.Start" {
				t.Errorf("commands %v, want onFCPublish then onStatus Publish.Start", codes)
			}
		})
	}
}
