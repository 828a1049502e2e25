package hub

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// stream is the state of one key: the publisher (if any), the subscribers,
// the late-joiner cache and the counters. It exists while it has a
// publisher or at least one subscriber.
type stream struct {
	key Key
	lim *limits

	mu          sync.Mutex
	pub         *Publisher
	subs        []*Subscriber
	cache       cache
	ext         extender
	publishedAt time.Time
	sessions    uint64
	tagsIn      uint64
	bytesIn     uint64
	drops       uint64
	evictions   uint64
	videoCodec  flv.Codec
	audioCodec  flv.Codec

	tagsOut  atomic.Uint64 // added by Drain, which does not hold mu
	bytesOut atomic.Uint64
}

// write fans a published tag out to every subscriber. It never blocks on a
// subscriber and allocates nothing in steady state.
func (s *stream) write(p *Publisher, t flv.Tag) error {
	s.mu.Lock()
	if s.pub != p {
		err := p.err
		s.mu.Unlock()
		return err
	}
	c, t := classify(t)
	s.tagsIn++
	s.bytesIn += uint64(len(t.Data))
	if c == classClearMetadata {
		s.cache.update(c, t, 0, s.lim)
		s.mu.Unlock()
		return nil
	}
	st := s.ext.next(t.Timestamp)
	s.cache.update(c, t, st, s.lim)
	s.noteCodec(c, t)
	kind := KindMedia
	if c == classMetadata {
		kind = KindMetadata
	}
	n := 0
	for _, sub := range s.subs {
		dropped, evicted := sub.offer(kind, c, t, st)
		if dropped {
			s.drops++
		}
		if evicted {
			s.evictions++
			continue
		}
		s.subs[n] = sub
		n++
	}
	clear(s.subs[n:])
	s.subs = s.subs[:n]
	s.mu.Unlock()
	return nil
}

// noteCodec records the codecs for stats: from sequence headers, or from the
// first tag of codecs that have none.
func (s *stream) noteCodec(c class, t flv.Tag) {
	switch {
	case c == classVideoHeader || (c == classKeyframe || c == classVideo) && s.videoCodec == "":
		if v := flv.VideoCodecOf(t.Data); v != "" {
			s.videoCodec = v
		}
	case c == classAudioHeader || c == classAudio && s.audioCodec == "":
		if a := flv.AudioCodecOf(t.Data); a != "" {
			s.audioCodec = a
		}
	}
}

// startSession makes p the publisher and tells the waiting subscribers.
func (s *stream) startSession(p *Publisher) {
	s.pub = p
	s.publishedAt = p.started
	s.sessions++
	s.ext = extender{}
	s.broadcast(KindPublish)
}

// endSession detaches the publisher with reason err, forgets the session's
// cache and tells the subscribers, who keep waiting for the next publisher.
func (s *stream) endSession(err error) {
	p := s.pub
	s.pub = nil
	p.err = err
	close(p.done)
	s.cache.reset()
	s.ext = extender{}
	s.publishedAt = time.Time{}
	s.videoCodec, s.audioCodec = "", ""
	s.broadcast(KindUnpublish)
}

// broadcast queues an event for every subscriber, removing those it
// evicts.
func (s *stream) broadcast(k Kind) {
	n := 0
	for _, sub := range s.subs {
		if sub.event(k) {
			s.evictions++
			continue
		}
		s.subs[n] = sub
		n++
	}
	clear(s.subs[n:])
	s.subs = s.subs[:n]
}

// join adds sub and, if a publisher is live, queues the cache snapshot:
// metadata and sequence headers stamped at the start of the cached GOP (or
// at the current time without one), then the GOP.
func (s *stream) join(sub *Subscriber) {
	s.subs = append(s.subs, sub)
	if s.pub == nil || !s.ext.started {
		return
	}
	st0 := s.ext.t
	if len(s.cache.gop) > 0 {
		st0 = s.cache.gop[0].st
	}
	snap := make([]cached, 0, 1+len(s.cache.headers)+len(s.cache.gop))
	if s.cache.hasMeta {
		m := s.cache.meta
		m.st = st0
		snap = append(snap, m)
	}
	for _, h := range s.cache.headers {
		e := h.cached
		e.st = st0
		snap = append(snap, e)
	}
	snap = append(snap, s.cache.gop...)
	sub.mu.Lock()
	sub.preload(snap)
	sub.waitKey = len(s.cache.gop) == 0
	sub.mu.Unlock()
}

// remove detaches sub if present.
func (s *stream) remove(sub *Subscriber) {
	for i, x := range s.subs {
		if x == sub {
			last := len(s.subs) - 1
			s.subs[i] = s.subs[last]
			s.subs[last] = nil
			s.subs = s.subs[:last]
			return
		}
	}
}

// idle reports whether nothing uses the stream any more.
func (s *stream) idle() bool { return s.pub == nil && len(s.subs) == 0 }
