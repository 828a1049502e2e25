package hub

import (
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// Publisher is the single writer of a stream key, returned by [Hub.Publish].
// Its methods are safe for concurrent use, though a publisher normally has
// one writing goroutine.
type Publisher struct {
	key     Key
	hub     *Hub
	s       *stream
	started time.Time
	done    chan struct{}
	err     error // set under s.mu before done is closed
}

// Key returns the published stream key.
func (p *Publisher) Key() Key { return p.key }

// Write publishes one tag to every subscriber of the key.
//
// The hub takes ownership of t.Data: it is shared, without copying, by every
// subscriber queue and by the late-joiner cache, so the caller must never
// modify or reuse that memory after Write (allocate or take a fresh buffer
// per tag).
//
// Script tags whose AMF0 payload starts with "onMetaData" (after an optional
// "@setDataFrame", which is removed) replace the cached metadata and are
// delivered as KindMetadata; "@clearDataFrame" clears the cache and is not
// forwarded. Timestamps may wrap modulo 2^32 and may step backwards; see the
// package documentation for what subscribers receive.
//
// Write never blocks on subscribers. It returns the reason the publisher
// ended (ErrReplaced, ErrHubClosed, ErrClosed) once it has.
func (p *Publisher) Write(t flv.Tag) error { return p.s.write(p, t) }

// ClearMetadata forgets the cached metadata, as "@clearDataFrame" does.
func (p *Publisher) ClearMetadata() {
	p.s.mu.Lock()
	if p.s.pub == p {
		p.s.cache.update(classClearMetadata, flv.Tag{}, 0, p.s.lim)
	}
	p.s.mu.Unlock()
}

// Done returns a channel that is closed when the publisher has ended: by
// Close, by being replaced, or by the hub closing. Err then says why. A
// server watches it to stop reading a kicked publisher's connection.
func (p *Publisher) Done() <-chan struct{} { return p.done }

// Err returns why the publisher ended (ErrReplaced, ErrHubClosed,
// ErrClosed), or nil while it is publishing.
func (p *Publisher) Err() error {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	return p.err
}

// Close unpublishes: subscribers receive KindUnpublish and keep waiting for
// the next publisher, and the cache is cleared. It is idempotent and does
// nothing to a publisher that has already ended.
func (p *Publisher) Close() {
	h := p.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	s := p.s
	s.mu.Lock()
	if s.pub == p {
		s.endSession(ErrClosed)
	}
	s.mu.Unlock()
	h.dropIfIdle(s)
}
