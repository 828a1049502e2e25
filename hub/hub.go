package hub

import (
	"sync"
	"sync/atomic"
	"time"
)

// Hub is the registry of live streams of one server. The zero value is
// ready to use with the default Config; use New for another one. A Hub is
// safe for concurrent use.
type Hub struct {
	lim     limits
	mu      sync.Mutex // guards streams and closed; taken before a stream's mu
	streams map[Key]*stream
	closed  bool
	nextID  atomic.Uint64
}

// New returns a Hub configured by cfg.
func New(cfg Config) *Hub {
	return &Hub{lim: cfg.limits(), streams: make(map[Key]*stream)}
}

// streamLocked returns the stream of k, creating it. h.mu is held.
func (h *Hub) streamLocked(k Key) *stream {
	if h.streams == nil {
		h.lim = Config{}.limits()
		h.streams = make(map[Key]*stream)
	}
	s := h.streams[k]
	if s == nil {
		s = &stream{key: k, lim: &h.lim}
		h.streams[k] = s
	}
	return s
}

// dropIfIdle forgets s once nothing uses it. h.mu is held.
func (h *Hub) dropIfIdle(s *stream) {
	s.mu.Lock()
	idle := s.idle()
	s.mu.Unlock()
	if idle && h.streams[s.key] == s {
		delete(h.streams, s.key)
	}
}

// Publish makes the caller the publisher of k. Subscribers already waiting
// on k receive KindPublish. If k already has a publisher, Publish returns
// ErrBusy, or, with Config.Replace, ends that publisher with ErrReplaced
// (its subscribers see KindUnpublish then KindPublish) and takes over.
// After Close it returns ErrHubClosed.
func (h *Hub) Publish(k Key) (*Publisher, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrHubClosed
	}
	s := h.streamLocked(k)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pub != nil {
		if !h.lim.replace {
			return nil, ErrBusy
		}
		s.endSession(ErrReplaced)
	}
	p := &Publisher{key: k, hub: h, s: s, started: time.Now(), done: make(chan struct{})}
	s.startSession(p)
	return p, nil
}

// Subscribe subscribes to k, which need not be published yet: a subscriber
// waits for a publisher (receiving KindPublish when one starts and
// KindUnpublish when it stops) until it is closed. If k is being published,
// the queue starts with the cached metadata, sequence headers and GOP. After
// Close it returns ErrHubClosed.
func (h *Hub) Subscribe(k Key) (*Subscriber, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrHubClosed
	}
	s := h.streamLocked(k)
	sub := newSubscriber(h, s, h.nextID.Add(1))
	s.mu.Lock()
	s.join(sub)
	s.mu.Unlock()
	return sub, nil
}

// Publishing reports whether k currently has a publisher.
func (h *Hub) Publishing(k Key) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.streams[k]
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pub != nil
}

// Close shuts the hub down: every publisher ends with ErrHubClosed (its Done
// channel closes), and every subscriber receives KindUnpublish (if its
// stream was live) then the terminal KindClosed, so that a server can send
// NetStream.Unpublish.Success / NetStream.Play.UnpublishNotify and close
// connections. Later Publish and Subscribe calls return ErrHubClosed. Close
// is idempotent.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for _, s := range h.streams {
		s.mu.Lock()
		if s.pub != nil {
			s.endSession(ErrHubClosed)
		}
		for _, sub := range s.subs {
			sub.finish(KindClosed, ErrHubClosed)
		}
		clear(s.subs)
		s.subs = s.subs[:0]
		s.mu.Unlock()
	}
	h.streams = nil
}
