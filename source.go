package rtmp

import (
	"sync"

	"github.com/rtmpkit/rtmp/flv"
)

// A Source feeds one playing stream. The connection's writer waits on Ready
// (in flush mode, see Server.WriteMergeWindow, it checks Ready without
// waiting once per merge window), then calls Drain and writes everything
// drained (together with any pending control messages) in one writev: no
// goroutine per player, no copy of the media payloads. A fan-out hub's
// subscriber queue adapts to it directly.
//
// Ready returns a channel that receives a value (or is closed) whenever Drain
// has something new; it may return the same channel every time. Drain appends
// the pending items to dst and returns it without blocking. Items drained
// together are written together. If the Source also implements io.Closer,
// the library calls Close once when the play ends (possibly concurrently with
// Drain); after a terminal item (ItemEOF, ItemEvicted) it stops draining.
type Source interface {
	Ready() <-chan struct{}
	Drain(dst []Item) []Item
}

// A PollableSource is a Source that can also tell, without blocking and
// without taking Ready's value, whether Drain has something new. In flush
// mode the connection asks Pending once per merge window instead of
// receiving from Ready, which saves a channel receive per player per window
// and, once Ready's channel stays full, the publisher's send too (a fan-out
// of many players pays both for every player). Pending must not report
// false while items are waiting; a true with nothing to drain is harmless.
// hub.Subscriber's Pending fits.
type PollableSource interface {
	Source
	Pending() bool
}

// ItemKind tells what an Item carries. The order matches the hub package's
// Kind, so an adapter can convert by value.
type ItemKind uint8

// Item kinds.
const (
	// ItemMedia is an audio, video or script tag, written as a message of
	// the tag's type on the player's stream id with Tag.Timestamp as is.
	// Video goes on chunk stream 7, audio on 6, script data on 5.
	ItemMedia ItemKind = iota
	// ItemMetadata is an onMetaData script tag (no "@setDataFrame"),
	// written as a data message on chunk stream 5.
	ItemMetadata
	// ItemPublish says a publisher (re)started: the library sends
	// StreamBegin and onStatus NetStream.Play.PublishNotify.
	ItemPublish
	// ItemUnpublish says the publisher stopped: the library sends
	// onStatus NetStream.Play.UnpublishNotify and StreamEOF; the play stays
	// open for the next publisher.
	ItemUnpublish
	// ItemEvicted is terminal: the player fell too far behind. The library
	// closes the connection (ErrEvicted).
	ItemEvicted
	// ItemEOF is terminal: the stream ended for good. The library sends
	// StreamEOF and onStatus NetStream.Play.Stop and stops the play.
	ItemEOF
)

// Item is one entry a Source delivers. Tag.Data is shared and must not be
// modified by anyone; the library only reads it.
type Item struct {
	Kind ItemKind
	Tag  flv.Tag
}

// TagWriter is a Source with a blocking WriteTag, for handlers that produce
// a player's media themselves (from a file, a generator, their own fan-out).
// Get one from ResponseWriter.TagWriter. Its methods are safe for concurrent
// use.
type TagWriter struct {
	mu     sync.Mutex
	items  []Item
	limit  int
	ready  chan struct{}
	space  chan struct{}
	done   chan struct{}
	closed bool
	once   sync.Once
}

func newTagWriter(limit int) *TagWriter {
	if limit <= 0 {
		limit = 64
	}
	return &TagWriter{limit: limit, ready: make(chan struct{}, 1), space: make(chan struct{}, 1), done: make(chan struct{})}
}

// WriteTag queues tag for the player, blocking while the queue is full. It
// returns ErrClosed once the play has ended (the player left or the
// connection closed). The tag's Data must not be modified afterwards.
func (w *TagWriter) WriteTag(tag flv.Tag) error {
	it := Item{Kind: ItemMedia, Tag: tag}
	if tag.Type == flv.TagScript && flv.IsMetadata(tag.Data) {
		// Metadata items go out as is: drop a publisher's @setDataFrame.
		it.Kind = ItemMetadata
		it.Tag.Data, _ = flv.StripSetDataFrame(tag.Data)
	}
	return w.WriteItem(it)
}

// WriteItem queues any Item (events included), blocking while the queue is
// full.
func (w *TagWriter) WriteItem(it Item) error {
	for {
		w.mu.Lock()
		if w.closed {
			w.mu.Unlock()
			return ErrClosed
		}
		if len(w.items) < w.limit {
			w.items = append(w.items, it)
			w.mu.Unlock()
			notify(w.ready)
			return nil
		}
		w.mu.Unlock()
		select {
		case <-w.space:
		case <-w.done:
		}
	}
}

// End tells the player the stream is over (StreamEOF, NetStream.Play.Stop)
// once the queued tags are written.
func (w *TagWriter) End() error { return w.WriteItem(Item{Kind: ItemEOF}) }

// Done returns a channel closed when the play ends.
func (w *TagWriter) Done() <-chan struct{} { return w.done }

// Ready implements Source.
func (w *TagWriter) Ready() <-chan struct{} { return w.ready }

// Drain implements Source.
func (w *TagWriter) Drain(dst []Item) []Item {
	w.mu.Lock()
	dst = append(dst, w.items...)
	clear(w.items)
	w.items = w.items[:0]
	w.mu.Unlock()
	notify(w.space)
	return dst
}

// Close ends the play from the library's side; later WriteTag calls fail.
func (w *TagWriter) Close() error {
	w.once.Do(func() {
		w.mu.Lock()
		w.closed = true
		w.mu.Unlock()
		close(w.done)
	})
	return nil
}

// notify does a non-blocking send on a 1-buffered channel.
func notify(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// An EvictNotifier is a Source that can report its player's eviction out of
// band. The writer acts on ItemEvicted only once its current write
// returns, and a write to a client that stopped reading blocks until
// Server.WriteTimeout. For a Source that implements EvictNotifier, the
// library calls NotifyEvict once when the play starts; the Source calls evict
// when it evicts the player (typically when it queues ItemEvicted), and the
// connection is closed with ErrEvicted at once, which also ends a blocked
// write. evict does not block and may be called from any goroutine, with the
// Source's own locks held, more than once; a call after the play has ended
// is ignored.
type EvictNotifier interface {
	Source
	NotifyEvict(evict func())
}
