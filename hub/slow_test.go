package hub

import (
	"errors"
	"testing"

	"github.com/rtmpkit/rtmp/flv"
)

// stream30 returns dur ms of 30 fps video (keyframe every second, frame i
// marked i) interleaved with 40 Hz audio (tag j marked j), in timestamp
// order.
func stream30(dur int) (tags []flv.Tag, nVideo, nAudio int) {
	vi, ai := 0, 0
	for {
		vts, ats := vi*1000/30, ai*25
		if vts >= dur && ats >= dur {
			return tags, vi, ai
		}
		if vts <= ats {
			if vi%30 == 0 {
				tags = append(tags, key(uint32(vts), byte(vi)))
			} else {
				tags = append(tags, inter(uint32(vts), byte(vi)))
			}
			vi++
		} else {
			tags = append(tags, aac(uint32(ats), byte(ai)))
			ai++
		}
	}
}

func TestSlowSubscriberDropsVideoUntilKeyframe(t *testing.T) {
	h := New(Config{QueueMaxDuration: 1000e6, EvictAfter: -1})
	p := mustPublish(t, h, k1)
	fast := mustSubscribe(t, h, k1)
	slow := mustSubscribe(t, h, k1)
	tags, nVideo, nAudio := stream30(4500)
	var fastItems, slowItems []Item
	for _, tg := range tags {
		write(t, p, tg)
		fastItems = fast.Drain(fastItems)
		if tg.Timestamp >= 3000 { // from here the slow one drains: it resumes at the 4 s keyframe
			slowItems = slow.Drain(slowItems)
		}
	}
	// Subscribed to a live stream: no KindPublish, media only.
	if len(fastItems) != len(tags) {
		t.Fatalf("fast subscriber got %d tags, want %d", len(fastItems), len(tags))
	}
	for i := range tags {
		if &fastItems[i].Tag.Data[0] != &tags[i].Data[0] {
			t.Fatalf("fast subscriber item %d is not tag %d", i, i)
		}
	}
	var audio, videoSeen int
	nextAudio, nextVideo := byte(0), byte(0)
	for _, it := range slowItems {
		mark := it.Tag.Data[len(it.Tag.Data)-1]
		switch it.Tag.Type {
		case flv.TagAudio:
			if mark != nextAudio {
				t.Fatalf("slow subscriber: audio %d after %d: audio was dropped", mark, nextAudio-1)
			}
			nextAudio++
			audio++
		case flv.TagVideo:
			if mark != nextVideo && !it.Tag.IsKeyframe() {
				t.Fatalf("slow subscriber: video %d follows a gap at %d but is not a keyframe", mark, nextVideo)
			}
			nextVideo = mark + 1
			videoSeen++
		}
	}
	if audio != nAudio {
		t.Fatalf("slow subscriber got %d audio tags, want all %d", audio, nAudio)
	}
	if int(nextVideo) != nVideo {
		t.Fatalf("slow subscriber's last video frame is %d, want %d (it should catch up)", nextVideo-1, nVideo-1)
	}
	drops := uint64(nVideo - videoSeen)
	if drops < 30 {
		t.Fatalf("slow subscriber dropped only %d video tags", drops)
	}
	st, _ := h.StreamStats(k1)
	if st.Drops != drops || st.Subscribers[1].Drops != drops || st.Subscribers[0].Drops != 0 || st.Evictions != 0 {
		t.Fatalf("drops: stream %d, subscribers %d %d; want %d", st.Drops, st.Subscribers[0].Drops, st.Subscribers[1].Drops, drops)
	}
	// The queue limit held while the slow subscriber was not draining:
	// the span of what it received by the 3 s mark is about 1 s of video
	// plus the audio kept regardless.
	if st.Subscribers[1].Skipping {
		t.Fatal("slow subscriber still skipping after it caught up")
	}
}

func TestEviction(t *testing.T) {
	tags, _, _ := stream30(6000)
	tests := []struct {
		name      string
		cfg       Config
		minTS     uint32 // evicted at a tag timestamp in [minTS, maxTS)
		maxTS     uint32
		wantDrops uint64
	}{
		{"over the duration limit for 2 s", Config{QueueMaxDuration: 1000e6, EvictAfter: 2000e6}, 3000, 3100, 0},
		{"drop count", Config{QueueMaxDuration: 1000e6, EvictAfter: -1, EvictDrops: 3}, 1000, 1150, 3},
		{"hard tag cap drops audio too", Config{QueueMaxTags: 50, QueueMaxBytes: 1 << 30, QueueMaxDuration: 1 << 40, EvictAfter: -1, EvictDrops: 40}, 0, 6000, 40},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := New(tc.cfg)
			p := mustPublish(t, h, k1)
			fast := mustSubscribe(t, h, k1)
			slow := mustSubscribe(t, h, k1)
			var evictedAt uint32
			var got []Item
			for _, tg := range tags {
				write(t, p, tg)
				got = fast.Drain(got[:0])
				if len(got) == 0 || got[len(got)-1].Tag.Timestamp != tg.Timestamp {
					t.Fatalf("fast subscriber did not get tag at %d", tg.Timestamp)
				}
				if evictedAt == 0 && slow.Err() != nil {
					evictedAt = tg.Timestamp
				}
			}
			if !errors.Is(slow.Err(), ErrEvicted) {
				t.Fatalf("slow subscriber Err = %v, want ErrEvicted", slow.Err())
			}
			if evictedAt < tc.minTS || evictedAt >= tc.maxTS {
				t.Fatalf("evicted at %d ms, want in [%d, %d)", evictedAt, tc.minTS, tc.maxTS)
			}
			items := drain(t, slow)
			if len(items) != 1 || items[0].Kind != KindEvicted {
				t.Fatalf("evicted subscriber drained %v, want just KindEvicted", view(items))
			}
			st, _ := h.StreamStats(k1)
			if st.Evictions != 1 || len(st.Subscribers) != 1 || st.Subscribers[0].ID != fast.ID() {
				t.Fatalf("stats: evictions %d, subscribers %+v", st.Evictions, st.Subscribers)
			}
			if tc.wantDrops != 0 && st.Drops != tc.wantDrops {
				t.Fatalf("drops %d, want %d", st.Drops, tc.wantDrops)
			}
			slow.Close() // after eviction: harmless
			if !errors.Is(slow.Err(), ErrEvicted) {
				t.Fatalf("Close changed the reason to %v", slow.Err())
			}
		})
	}
}

// A subscriber that never drains must not accumulate events while
// publishers come and go.
func TestPublisherChurnKeepsStalledQueueBounded(t *testing.T) {
	h := New(Config{})
	s := mustSubscribe(t, h, k1)
	for i := range 10000 {
		p := mustPublish(t, h, k1)
		if i%100 == 0 {
			write(t, p, aac(uint32(i), 1))
		}
		p.Close()
	}
	st := s.Stats()
	if st.Queued > 3*100+2 || s.Err() != nil {
		t.Fatalf("after churn: %d queued, Err %v", st.Queued, s.Err())
	}
	items := s.Drain(nil)
	if items[0].Kind != KindPublish || items[len(items)-1].Kind != KindUnpublish {
		t.Fatalf("queue starts with %v, ends with %v", items[0].Kind, items[len(items)-1].Kind)
	}
}
