package hub

import "github.com/rtmpkit/rtmp/flv"

// Kind tells what an [Item] delivered to a subscriber carries.
type Kind uint8

// Item kinds. KindEvicted and KindClosed are terminal: nothing follows them.
const (
	// KindMedia is an audio, video or (non-metadata) script tag, including
	// sequence headers.
	KindMedia Kind = iota
	// KindMetadata is an AMF0 ["onMetaData", {...}] script tag (or its AMF3
	// form), with any "@setDataFrame" prefix already removed. It is sent to
	// late joiners first and again whenever the publisher replaces it.
	KindMetadata
	// KindPublish says a publisher started on the key (NetStream.Play.PublishNotify
	// plus StreamBegin for an RTMP player). Media of the new publisher follows.
	KindPublish
	// KindUnpublish says the publisher stopped (NetStream.Play.UnpublishNotify
	// plus StreamEOF). The subscriber stays subscribed and waits for the next
	// publisher.
	KindUnpublish
	// KindEvicted is terminal: the subscriber fell behind past its limits
	// and has been removed from the stream. Its owner should disconnect it.
	KindEvicted
	// KindClosed is terminal: the hub was closed.
	KindClosed
)

// String returns a short lower-case name of the kind.
func (k Kind) String() string {
	switch k {
	case KindMedia:
		return "media"
	case KindMetadata:
		return "metadata"
	case KindPublish:
		return "publish"
	case KindUnpublish:
		return "unpublish"
	case KindEvicted:
		return "evicted"
	case KindClosed:
		return "closed"
	}
	return "kind(?)"
}

// Item is one entry of a subscriber's queue. For KindMedia and KindMetadata
// Tag is the published tag with its Timestamp rewritten for this subscriber
// (see the package documentation); Tag.Data is shared with the publisher and
// every other subscriber and must not be modified. For the other kinds Tag
// has no data and its Timestamp is the subscriber's current time.
type Item struct {
	Kind Kind
	Tag  flv.Tag
}

// terminal reports whether no item follows this one.
func (k Kind) terminal() bool { return k == KindEvicted || k == KindClosed }
