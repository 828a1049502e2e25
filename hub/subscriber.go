package hub

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// Subscriber receives the tags of one stream key. It has no goroutine: its
// owner (typically a connection's writer) waits on Ready and then takes
// everything queued with Drain, so it can write a whole batch at once.
//
//	for {
//		<-sub.Ready()
//		items = sub.Drain(items[:0])
//		for _, it := range items { ... }
//		// write the batch; stop after a KindEvicted or KindClosed item
//	}
//
// Subscriber methods are safe for concurrent use.
type Subscriber struct {
	id     uint64
	key    Key
	hub    *Hub
	s      *stream
	lim    *limits
	joined time.Time
	ready  chan struct{}
	// queued is set by a push onto an empty queue and cleared by a drain
	// (both under mu), for Pending.
	queued atomic.Bool

	mu        sync.Mutex
	q         ring
	ts        stamper
	waitKey   bool  // drop video until a keyframe (joined without a GOP); not counted as drops
	skipping  bool  // dropping video until a keyframe that fits (overflow); counted
	over      bool  // the queue is over its limits
	overSince int64 // delivered time at which it went over
	drops     uint64
	tagsOut   uint64
	bytesOut  uint64
	done      bool // a terminal item was queued or Close was called
	err       error
	onEvict   func()
}

func newSubscriber(h *Hub, s *stream, id uint64) *Subscriber {
	return &Subscriber{
		id: id, key: s.key, hub: h, s: s, lim: &h.lim, joined: time.Now(),
		ready:   make(chan struct{}, 1),
		ts:      stamper{rebase: true},
		waitKey: true,
	}
}

// ID returns the subscriber's id, unique within its hub.
func (sub *Subscriber) ID() uint64 { return sub.id }

// Key returns the stream key subscribed to.
func (sub *Subscriber) Key() Key { return sub.key }

// Ready returns a channel that receives a value when items are waiting
// after the queue was empty. Receive from it, then Drain. A wake-up may find
// nothing to drain; that is harmless.
func (sub *Subscriber) Ready() <-chan struct{} { return sub.ready }

// Pending reports whether items are waiting to be drained, without blocking
// and without taking Ready's wake-up: for an owner that polls (a loop that
// visits many subscribers on a timer) instead of waiting on Ready. A
// subscriber whose owner only polls leaves that wake-up unread, and a full
// Ready channel then costs the publisher nothing.
func (sub *Subscriber) Pending() bool { return sub.queued.Load() }

// Drain appends every queued item to dst, in order, and returns the
// extended slice. Reuse dst between calls (dst[:0]) so that draining does not
// allocate once dst is large enough. The Data of the tags is shared: do not
// modify it.
func (sub *Subscriber) Drain(dst []Item) []Item {
	sub.DrainEach(func(it *Item) { dst = append(dst, *it) })
	return dst
}

// DrainEach is Drain without a destination slice: it calls f with every
// queued item, in order, and empties the queue. It suits a caller that
// converts items to its own type, which would otherwise keep a []Item per
// subscriber only to copy from. f runs with the subscriber locked: it must
// be quick, must not keep the pointer and must not call the Subscriber.
func (sub *Subscriber) DrainEach(f func(*Item)) {
	sub.mu.Lock()
	sub.queued.Store(false)
	tags, n := uint64(sub.q.tags), uint64(sub.q.bytes)
	sub.q.drainEach(f)
	sub.tagsOut += tags
	sub.bytesOut += n
	sub.mu.Unlock()
	if tags > 0 {
		sub.s.tagsOut.Add(tags)
		sub.s.bytesOut.Add(n)
	}
}

// Publishing reports whether the subscribed key has a publisher now. Right
// after Subscribe it tells a server whether to start playing at once (the
// queue then holds the cached metadata, headers and GOP; no KindPublish is
// queued for a publisher that was already live) or to wait for KindPublish.
func (sub *Subscriber) Publishing() bool {
	sub.s.mu.Lock()
	defer sub.s.mu.Unlock()
	return sub.s.pub != nil
}

// Err returns why the subscriber ended (ErrEvicted, ErrHubClosed,
// ErrClosed), or nil while it is subscribed.
func (sub *Subscriber) Err() error {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	return sub.err
}

// OnEvict sets f to be called once if the subscriber is evicted, so that
// its owner can disconnect it even while it is blocked writing to the slow
// client (and so not waiting on Ready). f runs on the publisher's goroutine
// with the hub's locks held: it must return quickly and must not call the
// hub or the Subscriber (start a goroutine for that). If the subscriber was
// already evicted, f is called at once; if it ended otherwise, or once Close
// was called, f is never called. A later OnEvict replaces f.
func (sub *Subscriber) OnEvict(f func()) {
	sub.mu.Lock()
	if !sub.done {
		sub.onEvict = f
		sub.mu.Unlock()
		return
	}
	evicted := sub.err == ErrEvicted
	sub.mu.Unlock()
	if evicted && f != nil {
		f()
	}
}

// Close unsubscribes and releases the queued items. It is idempotent.
func (sub *Subscriber) Close() {
	h := sub.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	s := sub.s
	s.mu.Lock()
	s.remove(sub)
	sub.mu.Lock()
	if !sub.done {
		sub.done, sub.err = true, ErrClosed
	}
	sub.onEvict = nil
	sub.q.clear()
	sub.mu.Unlock()
	s.mu.Unlock()
	h.dropIfIdle(s)
}

// signal wakes the owner; called with mu held when the queue goes from
// empty to non-empty.
func (sub *Subscriber) signal() {
	select {
	case sub.ready <- struct{}{}:
	default:
	}
}

func (sub *Subscriber) pushLocked(it Item) {
	if sub.q.n == 0 {
		sub.queued.Store(true)
		sub.signal()
	}
	sub.q.push(it)
}

// offer queues a published tag of class c at stream time st, applying the
// drop policy. It reports whether the tag was dropped because the subscriber
// is behind, and whether the subscriber was evicted by this call. The caller
// holds the stream's mutex.
func (sub *Subscriber) offer(kind Kind, c class, t flv.Tag, st int64) (dropped, evicted bool) {
	sub.mu.Lock()
	if sub.done {
		sub.mu.Unlock()
		return false, false
	}
	l := sub.lim
	out, base := sub.ts.at(st)
	size := len(t.Data)
	over := sub.q.n > 0 && (sub.q.bytes+size > l.qBytes || sub.q.n >= l.qTags ||
		int64(uint32(out)-sub.q.oldest().Tag.Timestamp) > l.qDurMS)
	keep := true
	switch c {
	case classVideo, classKeyframe:
		if sub.waitKey {
			if c != classKeyframe {
				keep = false
				break
			}
			sub.waitKey = false
		}
		if sub.skipping && (c != classKeyframe || over) || !sub.skipping && over {
			sub.skipping = true
			keep, dropped = false, true
		} else {
			sub.skipping = false
		}
	default:
		if sub.q.n >= l.qTags || sub.q.bytes+size > 2*l.qBytes {
			keep, dropped = false, true
		}
	}
	if !over {
		sub.over = false
	} else if !sub.over {
		sub.over, sub.overSince = true, out
	} else if l.evictAfter >= 0 && out-sub.overSince > l.evictAfter {
		evicted = true
	}
	if dropped {
		sub.drops++
		if l.evictDrops > 0 && sub.drops >= l.evictDrops {
			evicted = true
		}
	}
	switch {
	case evicted:
		sub.q.clear() // nothing more will be written to it
		sub.finishLocked(KindEvicted, ErrEvicted)
	case keep:
		t.Timestamp = uint32(out)
		sub.pushLocked(Item{kind, t})
		sub.ts.commit(out, base)
	}
	sub.mu.Unlock()
	return dropped, evicted
}

// preload queues the cache snapshot of a late joiner, ignoring the queue
// limits. The first entry sets the subscriber's time base.
func (sub *Subscriber) preload(c []cached) {
	for _, e := range c {
		out, base := sub.ts.at(e.st)
		t := e.tag
		t.Timestamp = uint32(out)
		sub.pushLocked(Item{e.kind, t})
		sub.ts.commit(out, base)
	}
}

// event queues a publish or unpublish notification. The next session's
// first tag is delivered at the current time and video waits for a keyframe.
// An unpublish right after a queued publish (a session that delivered
// nothing) cancels it instead, so that publisher churn cannot grow a stalled
// subscriber's queue; past eventCap items the subscriber is evicted (a
// backstop). It reports an eviction.
func (sub *Subscriber) event(k Kind) (evicted bool) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if sub.done {
		return false
	}
	sub.ts.rebase, sub.waitKey, sub.skipping, sub.over = true, true, false, false
	if sub.q.n > 0 {
		if k == KindUnpublish && sub.q.newest().Kind == KindPublish {
			sub.q.popNewest()
			return false
		}
	}
	if sub.q.n >= sub.lim.eventCap() {
		sub.q.clear()
		sub.finishLocked(KindEvicted, ErrEvicted)
		return true
	}
	sub.pushLocked(Item{Kind: k, Tag: flv.Tag{Timestamp: uint32(sub.ts.last)}})
	return false
}

// finish queues a terminal item after what is already queued.
func (sub *Subscriber) finish(k Kind, err error) {
	sub.mu.Lock()
	if !sub.done {
		sub.finishLocked(k, err)
	}
	sub.mu.Unlock()
}

func (sub *Subscriber) finishLocked(k Kind, err error) {
	sub.pushLocked(Item{Kind: k, Tag: flv.Tag{Timestamp: uint32(sub.ts.last)}})
	sub.done, sub.err = true, err
	if f := sub.onEvict; f != nil {
		sub.onEvict = nil
		if k == KindEvicted {
			f()
		}
	}
}
