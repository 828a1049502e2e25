package hub

import "slices"

// ring is a subscriber's FIFO of items. Its buffer grows by doubling when
// full and is reused afterwards, so queuing allocates nothing in steady
// state; a buffer grown for a burst (a late joiner's GOP cache) is dropped
// by the first drain that needs a quarter of it or less.
type ring struct {
	buf   []Item // len is 0 or a power of two
	head  int    // index of the oldest item
	n     int    // items queued
	tags  int    // of which media and metadata tags
	bytes int    // payload bytes queued
}

const minRing = 16

// shrinkRing is the buffer length above which drain drops a mostly unused
// buffer. A player's writer drains a few items at a time (a merge window of
// 50 ms holds about four), so anything larger than the minimum is a burst's.
const shrinkRing = minRing

func (r *ring) push(it Item) {
	if r.n == len(r.buf) {
		r.grow()
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = it
	r.n++
	if it.Kind <= KindMetadata {
		r.tags++
	}
	r.bytes += len(it.Tag.Data)
}

func (r *ring) grow() {
	n := max(2*len(r.buf), minRing)
	buf := make([]Item, n)
	r.copyTo(buf)
	r.buf, r.head = buf, 0
}

// copyTo copies the queued items in order to the start of dst.
func (r *ring) copyTo(dst []Item) {
	if r.n == 0 {
		return
	}
	end := r.head + r.n
	if end <= len(r.buf) {
		copy(dst, r.buf[r.head:end])
		return
	}
	k := copy(dst, r.buf[r.head:])
	copy(dst[k:], r.buf[:end-len(r.buf)])
}

// newest returns the newest queued item; r.n must be > 0.
func (r *ring) newest() *Item { return &r.buf[(r.head+r.n-1)&(len(r.buf)-1)] }

// popNewest removes the newest item, which must be an event (no payload).
func (r *ring) popNewest() {
	*r.newest() = Item{}
	r.n--
}

// oldest returns the oldest queued item; r.n must be > 0.
func (r *ring) oldest() *Item { return &r.buf[r.head] }

// drain appends every queued item to dst in order, empties the ring and
// clears the slots so the ring holds no payload alive.
func (r *ring) drain(dst []Item) []Item {
	if r.n == 0 {
		return dst
	}
	k, n := len(dst), r.n
	dst = slices.Grow(dst, n)[:k+n]
	r.copyTo(dst[k:])
	r.clear()
	if len(r.buf) > shrinkRing && n <= len(r.buf)/4 {
		// The ring grew for a burst (a late joiner's GOP cache, a stall)
		// and the queue is back to a few items per drain: let it go, so an
		// idle-ish subscriber does not keep its largest buffer for good.
		r.buf = nil
	}
	return dst
}

// clear empties the ring and drops its references to payloads.
func (r *ring) clear() {
	end := r.head + r.n
	if end <= len(r.buf) {
		clear(r.buf[r.head:end])
	} else {
		clear(r.buf[r.head:])
		clear(r.buf[:end-len(r.buf)])
	}
	r.head, r.n, r.tags, r.bytes = 0, 0, 0, 0
}
