package rtmp

import (
	"sync"

	"github.com/rtmpkit/rtmp/flv"
)

// testHub is a minimal in-test fan-out: one publisher per name, N players
// drained by their connections' writer goroutines through Source.
type testHub struct {
	mu      sync.Mutex
	streams map[string]*testStream
}

type testStream struct {
	publishing bool
	meta       *flv.Tag
	vseq, aseq *flv.Tag
	subs       map[*testSub]struct{}
}

type testSub struct {
	mu    sync.Mutex
	items []Item
	ready chan struct{}
	hub   *testHub
	name  string
}

func newTestHub() *testHub { return &testHub{streams: make(map[string]*testStream)} }

func (h *testHub) stream(name string) *testStream {
	s := h.streams[name]
	if s == nil {
		s = &testStream{subs: make(map[*testSub]struct{})}
		h.streams[name] = s
	}
	return s
}

// ServeRTMP accepts one publisher per name and any number of players.
func (h *testHub) ServeRTMP(w ResponseWriter, r *Request) {
	switch r.Kind {
	case KindPublish:
		h.mu.Lock()
		s := h.stream(r.Name)
		if s.publishing {
			h.mu.Unlock()
			w.Reject(&StatusError{Code: CodePublishBadName, Description: "already publishing"})
			return
		}
		s.publishing = true
		for sub := range s.subs {
			sub.push(Item{Kind: ItemPublish})
		}
		h.mu.Unlock()
		w.SetSink(&testPub{hub: h, name: r.Name})
	case KindPlay:
		sub := &testSub{ready: make(chan struct{}, 1), hub: h, name: r.Name}
		h.mu.Lock()
		s := h.stream(r.Name)
		s.subs[sub] = struct{}{}
		if s.publishing {
			for _, t := range []*flv.Tag{s.meta, s.vseq, s.aseq} {
				if t != nil {
					sub.push(Item{Kind: ItemMedia, Tag: *t})
				}
			}
		}
		h.mu.Unlock()
		w.SetSource(sub)
	}
}

type testPub struct {
	hub  *testHub
	name string
}

func (p *testPub) WriteTag(t flv.Tag) error {
	h := p.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.stream(p.name)
	kind := ItemMedia
	switch {
	case t.Type == flv.TagScript && flv.IsMetadata(t.Data):
		s.meta, kind = &t, ItemMetadata
	case t.Type == flv.TagVideo && t.IsSequenceHeader():
		s.vseq = &t
	case t.Type == flv.TagAudio && t.IsSequenceHeader():
		s.aseq = &t
	}
	for sub := range s.subs {
		sub.push(Item{Kind: kind, Tag: t})
	}
	return nil
}

func (p *testPub) Close() error {
	h := p.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.stream(p.name)
	s.publishing = false
	s.meta, s.vseq, s.aseq = nil, nil, nil
	for sub := range s.subs {
		sub.push(Item{Kind: ItemUnpublish})
	}
	return nil
}

func (s *testSub) push(it Item) {
	s.mu.Lock()
	s.items = append(s.items, it)
	s.mu.Unlock()
	notify(s.ready)
}

func (s *testSub) Ready() <-chan struct{} { return s.ready }

func (s *testSub) Drain(dst []Item) []Item {
	s.mu.Lock()
	dst = append(dst, s.items...)
	s.items = s.items[:0]
	s.mu.Unlock()
	return dst
}

func (s *testSub) Close() error {
	s.hub.mu.Lock()
	delete(s.hub.stream(s.name).subs, s)
	s.hub.mu.Unlock()
	return nil
}
