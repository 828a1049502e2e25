// Package hub is the in-process publish/subscribe of flv.Tags keyed by app and
// stream name: one publisher, many subscribers, bounded queues with
// keyframe-aware dropping, and the metadata, sequence-header and GOP cache that
// lets late joiners start at once. It imports neither net nor rtmp.
//
// # Publishing and subscribing
//
// [Hub.Publish] returns the single [Publisher] of a [Key]; a second publisher
// gets [ErrBusy], or with Config.Replace takes over and the first one's
// [Publisher.Done] closes with [ErrReplaced]. [Hub.Subscribe] returns a
// [Subscriber] whether or not the key is published yet: like nginx-rtmp, a
// subscriber waits, receiving KindPublish when a publisher starts and
// KindUnpublish when it stops, and stays for the next one.
//
// # Zero-copy fan-out without goroutines
//
// Publisher.Write takes ownership of the tag's Data and shares it with every
// subscriber queue and the cache; nothing is copied per subscriber. Write
// locks the stream, classifies the tag once, updates the cache and appends an
// [Item] (a tag header and a slice header) to each subscriber's ring buffer:
// O(subscribers), no blocking and no allocation in steady state.
//
// The hub runs no goroutine per subscriber. The owner of a subscriber (a
// connection's writer) waits on [Subscriber.Ready], which fires when the
// queue goes from empty to non-empty, and takes everything queued at once
// with [Subscriber.Drain], so it can write a batch with one writev.
//
// # Late joiners
//
// A subscriber that joins a live stream first receives the cached onMetaData
// (KindMetadata), the latest sequence headers per media type and track
// (legacy AVC/HEVC/AAC and Enhanced RTMP SequenceStart, plus E-RTMP audio
// MultichannelConfig and video colorInfo metadata), then, if the GOP cache is
// on (the default), every tag since the last video keyframe, starting with
// that keyframe. The GOP cache is bounded in bytes and tags; a GOP that
// outgrows it is not cached. A stream without video has no GOP: joiners get
// the headers and then live audio. Without a cached GOP, a joiner's video
// starts at the next keyframe. Metadata written mid-stream replaces the
// cached one and is forwarded to current subscribers.
//
// # Slow subscribers
//
// Each subscriber's queue is bounded by Config.QueueMaxBytes and
// Config.QueueMaxDuration (timestamp span between the oldest and the newest
// queued tag). When a video tag would exceed a limit, the subscriber drops
// video until a keyframe arrives while the queue is within limits; audio,
// script data, sequence headers and other decoder configuration are still
// queued (up to a hard cap of QueueMaxTags tags or twice QueueMaxBytes). Drops
// are counted per subscriber and per stream. A subscriber that stays over its
// limits for Config.EvictAfter of stream time, or reaches Config.EvictDrops
// drops, is evicted: its queue is discarded, it receives the terminal
// KindEvicted and [Subscriber.Err] returns [ErrEvicted]; its owner should
// disconnect it. Other subscribers are never affected. Publish and unpublish
// events are never dropped, but an unpublish that follows a queued publish
// with nothing in between cancels it, so publisher churn cannot grow a
// stalled queue.
//
// # Timestamps
//
// A publisher's 32-bit timestamps are extended to a 64-bit stream time by
// signed 32-bit differences, so wrapping past 2^32 is seamless; a backwards
// step larger than [MaxBackwardJump] is taken as a restarted clock and the
// stream time continues from where it was. Each subscriber's timestamps start
// at 0 with the first tag it receives (cached headers are stamped with the
// time of the first cached GOP tag, so a late joiner starts at 0), never go
// backwards (a backwards tag is delivered at the last delivered timestamp),
// and continue from the last delivered timestamp when a new publisher starts
// after an unpublish.
//
// # Shutdown and stats
//
// [Hub.Close] ends every publisher with [ErrHubClosed] and sends every
// subscriber KindUnpublish (if live) and the terminal KindClosed.
// [Hub.Stats] and [Hub.StreamStats] return snapshots: tags and bytes in and
// out, drops, evictions, subscriber queues, codecs and publishing time.
package hub
