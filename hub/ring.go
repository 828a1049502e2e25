package hub

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

const minRing = 8

// shrinkRing is the buffer length above which drain drops a mostly unused
// buffer. A player's writer drains a few items at a time (a merge window of
// 50 ms holds about four of a 30 fps stream with audio), so anything larger than the minimum is a burst's.
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

// drainEach calls f with every queued item in order, then empties the ring
// as drain does.
func (r *ring) drainEach(f func(*Item)) {
	for i := range r.n {
		f(&r.buf[(r.head+i)&(len(r.buf)-1)])
	}
	r.empty()
}

// empty clears the ring after a drain and drops a buffer grown for a burst
// (a late joiner's GOP cache, a stall) once the queue is back to a few
// items per drain, so an idle-ish subscriber does not keep its largest
// buffer for good.
func (r *ring) empty() {
	n := r.n
	r.clear()
	if len(r.buf) > shrinkRing && n <= len(r.buf)/4 {
		r.buf = nil
	}
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
