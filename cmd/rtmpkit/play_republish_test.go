package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
)

// republishHandler plays 10 audio tags, then says the publisher left
// (UnpublishNotify and StreamEOF), then after a pause that a player
// waiting for the next publisher sits through, says a publisher came
// (PublishNotify) and plays 5 more tags from 1000 ms before ending the
// stream (NetStream.Play.Stop).
func republishHandler(w rtmp.ResponseWriter, r *rtmp.Request) {
	if r.Kind != rtmp.KindPlay {
		return
	}
	tw := w.TagWriter(0)
	go func() {
		if !generateTags(tw, 10) || tw.WriteItem(rtmp.Item{Kind: rtmp.ItemUnpublish}) != nil {
			return
		}
		select {
		case <-tw.Done(): // the player ended the play
			return
		case <-time.After(500 * time.Millisecond):
		}
		if tw.WriteItem(rtmp.Item{Kind: rtmp.ItemPublish}) != nil {
			return
		}
		for i := range 5 {
			tag := flv.Tag{Type: flv.TagAudio, Timestamp: uint32(1000 + 23*i), Data: []byte{0xaf, 0x01, 0x22, byte(i)}}
			if tw.WriteTag(tag) != nil {
				return
			}
		}
		tw.End()
	}()
}

// TestPlayPublisherLeaves: play ends (exit 0) as soon as the publisher
// leaves, with every tag sent before; with --wait-republish it plays on
// through the next publisher.
func TestPlayPublisherLeaves(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, rtmp.HandlerFunc(republishHandler))
	tests := []struct {
		name    string
		args    []string
		tags    int
		last    uint32
		minTime time.Duration // the play must not end before
		maxTime time.Duration // nor after
	}{
		// --idle 30s: the end comes from the library, not from silence.
		{"default", []string{"--idle", "30s"}, 10, 9 * 23, 0, 3 * time.Second},
		{"wait-republish", []string{"--idle", "30s", "--wait-republish"}, 15, 1000 + 4*23, 500 * time.Millisecond, 5 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "out.flv")
			start := time.Now()
			r := runCmd(t, 10*time.Second, nil, append([]string{"play", "-o", out, ts.URL + "/live/k"}, tc.args...)...)
			took := time.Since(start)
			if r.code != exitOK {
				t.Fatalf("exit %d: %v", r.code, r.err)
			}
			if took < tc.minTime || took > tc.maxTime {
				t.Errorf("play took %v, want between %v and %v", took, tc.minTime, tc.maxTime)
			}
			// The file's timestamps are rebased to start at 0; the
			// sequence header counts as an audio tag.
			n, last := readAudio(t, out)
			if n != tc.tags+1 || last != tc.last {
				t.Errorf("%d audio tags up to %d ms, want %d up to %d", n, last, tc.tags+1, tc.last)
			}
		})
	}
}
