package hub

import (
	"cmp"
	"slices"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// StreamStats is a snapshot of one stream key. Counters cover the life of
// the key in the hub: from the first Publish or Subscribe until nothing uses
// it any more.
type StreamStats struct {
	Key         Key
	Publishing  bool
	PublishedAt time.Time // start of the current publishing session; zero if none
	Sessions    uint64    // publishing sessions started on the key

	VideoCodec  flv.Codec // from the sequence headers (or first frame) of the current session
	AudioCodec  flv.Codec
	HasMetadata bool
	GOPTags     int // tags in the GOP cache
	GOPBytes    int

	TagsIn    uint64 // tags written by publishers
	BytesIn   uint64
	TagsOut   uint64 // tags drained by subscribers, summed
	BytesOut  uint64
	Drops     uint64 // tags dropped because a subscriber was behind
	Evictions uint64 // subscribers evicted for being behind

	Subscribers []SubscriberStats // current subscribers, by id
}

// SubscriberStats is a snapshot of one subscriber.
type SubscriberStats struct {
	ID          uint64
	Joined      time.Time
	TagsOut     uint64 // tags drained
	BytesOut    uint64
	Drops       uint64
	Queued      int           // items waiting to be drained
	QueuedBytes int           // their payload bytes
	QueuedSpan  time.Duration // timestamp span of the queue
	Skipping    bool          // dropping video until a keyframe because it is behind
}

// Stats returns a snapshot of every stream, sorted by key.
func (h *Hub) Stats() []StreamStats {
	h.mu.Lock()
	out := make([]StreamStats, 0, len(h.streams))
	for _, s := range h.streams {
		out = append(out, s.stats())
	}
	h.mu.Unlock()
	slices.SortFunc(out, func(a, b StreamStats) int {
		return cmp.Or(cmp.Compare(a.Key.App, b.Key.App), cmp.Compare(a.Key.Name, b.Key.Name))
	})
	return out
}

// StreamStats returns a snapshot of the stream k, if the hub has it.
func (h *Hub) StreamStats(k Key) (StreamStats, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.streams[k]
	if s == nil {
		return StreamStats{}, false
	}
	return s.stats(), true
}

func (s *stream) stats() StreamStats {
	s.mu.Lock()
	st := StreamStats{
		Key: s.key, Publishing: s.pub != nil, PublishedAt: s.publishedAt, Sessions: s.sessions,
		VideoCodec: s.videoCodec, AudioCodec: s.audioCodec, HasMetadata: s.cache.hasMeta,
		GOPTags: len(s.cache.gop), GOPBytes: s.cache.gopBytes,
		TagsIn: s.tagsIn, BytesIn: s.bytesIn, Drops: s.drops, Evictions: s.evictions,
		Subscribers: make([]SubscriberStats, 0, len(s.subs)),
	}
	for _, sub := range s.subs {
		st.Subscribers = append(st.Subscribers, sub.Stats())
	}
	s.mu.Unlock()
	st.TagsOut, st.BytesOut = s.tagsOut.Load(), s.bytesOut.Load()
	slices.SortFunc(st.Subscribers, func(a, b SubscriberStats) int { return cmp.Compare(a.ID, b.ID) })
	return st
}

// Stats returns a snapshot of the subscriber.
func (sub *Subscriber) Stats() SubscriberStats {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	st := SubscriberStats{
		ID: sub.id, Joined: sub.joined, TagsOut: sub.tagsOut, BytesOut: sub.bytesOut, Drops: sub.drops,
		Queued: sub.q.n, QueuedBytes: sub.q.bytes, Skipping: sub.skipping,
	}
	if sub.q.n > 0 {
		span := uint32(sub.ts.last) - sub.q.oldest().Tag.Timestamp
		st.QueuedSpan = time.Duration(span) * time.Millisecond
	}
	return st
}
