package hub

import "time"

// Default limits, used for the zero fields of [Config].
const (
	// DefaultGOPMaxBytes bounds the payload bytes of the cached GOP: about
	// 10 s of a 12 Mbit/s stream.
	DefaultGOPMaxBytes = 16 << 20
	// DefaultGOPMaxTags bounds the number of tags in the cached GOP.
	DefaultGOPMaxTags = 4096

	// DefaultQueueMaxBytes bounds the payload bytes queued for one
	// subscriber before video is dropped. Payloads are shared, so this is
	// not memory per subscriber: it is how far back a slow subscriber may
	// keep the stream's buffers alive.
	DefaultQueueMaxBytes = 16 << 20
	// DefaultQueueMaxDuration bounds the time between the oldest and the
	// newest tag queued for one subscriber before video is dropped.
	DefaultQueueMaxDuration = 10 * time.Second
	// DefaultQueueMaxTags is a hard cap on the tags queued for one
	// subscriber: past it (or past twice QueueMaxBytes) even audio and
	// script tags are dropped.
	DefaultQueueMaxTags = 8192

	// DefaultEvictAfter is how long (in stream time) a subscriber may stay
	// continuously over its queue limits before it is evicted.
	DefaultEvictAfter = 20 * time.Second

	// MaxBackwardJump is the largest backwards step of a publisher's
	// timestamps that is treated as jitter (and clamped for subscribers).
	// A larger step is a discontinuity (an encoder restarting its clock):
	// the stream time continues from where it was.
	MaxBackwardJump = 5 * time.Second

	// maxHeaders bounds the cached sequence headers (one per media type
	// and track).
	maxHeaders = 64
)

// Config tunes a [Hub]. The zero value gives the defaults above. Durations
// are measured in stream time (tag timestamps), not wall time, so they are
// deterministic and a stalled publisher does not evict anyone.
type Config struct {
	// Replace makes a second publisher of a busy key take over: the first
	// publisher's handle ends with ErrReplaced and subscribers see an
	// unpublish then a publish. When false, the second publisher gets
	// ErrBusy.
	Replace bool

	// DisableGOPCache turns off the cache of the current group of pictures.
	// Late joiners then get metadata and sequence headers only, and video
	// from the next keyframe.
	DisableGOPCache bool
	// GOPMaxBytes and GOPMaxTags bound the GOP cache; when a GOP grows past
	// either the cache is dropped until the next keyframe.
	GOPMaxBytes int
	GOPMaxTags  int

	// QueueMaxBytes and QueueMaxDuration bound a subscriber's queue. When a
	// tag would exceed either, the subscriber drops video until a keyframe
	// that fits; audio, script data and sequence headers are still queued.
	QueueMaxBytes    int
	QueueMaxDuration time.Duration
	// QueueMaxTags is the hard cap of a subscriber's queue in tags.
	QueueMaxTags int

	// EvictAfter evicts a subscriber that stays over its queue limits for
	// this long. Negative: never.
	EvictAfter time.Duration
	// EvictDrops evicts a subscriber once it has dropped this many tags in
	// total. Zero: no limit.
	EvictDrops int
}

// limits is a Config with the defaults applied and durations in
// milliseconds.
type limits struct {
	replace    bool
	gop        bool
	gopBytes   int
	gopTags    int
	qBytes     int
	qDurMS     int64
	qTags      int
	evictAfter int64 // ms; < 0 never
	evictDrops uint64
}

func (c Config) limits() limits {
	l := limits{
		replace:    c.Replace,
		gop:        !c.DisableGOPCache,
		gopBytes:   pos(c.GOPMaxBytes, DefaultGOPMaxBytes),
		gopTags:    pos(c.GOPMaxTags, DefaultGOPMaxTags),
		qBytes:     pos(c.QueueMaxBytes, DefaultQueueMaxBytes),
		qDurMS:     c.QueueMaxDuration.Milliseconds(),
		qTags:      pos(c.QueueMaxTags, DefaultQueueMaxTags),
		evictAfter: c.EvictAfter.Milliseconds(),
	}
	if c.QueueMaxDuration <= 0 {
		l.qDurMS = DefaultQueueMaxDuration.Milliseconds()
	}
	switch {
	case c.EvictAfter == 0:
		l.evictAfter = DefaultEvictAfter.Milliseconds()
	case c.EvictAfter < 0:
		l.evictAfter = -1
	}
	if c.EvictDrops > 0 {
		l.evictDrops = uint64(c.EvictDrops)
	}
	return l
}

func pos(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// eventCap is the queue length past which a publish or unpublish event
// evicts a subscriber instead of being queued: room for a late joiner's
// whole cache snapshot plus a full queue.
func (l *limits) eventCap() int { return l.qTags + l.gopTags + maxHeaders + 1 }
