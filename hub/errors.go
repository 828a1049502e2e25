package hub

import "errors"

var (
	// ErrBusy is returned by [Hub.Publish] when the key already has a
	// publisher and the hub is not configured to replace it. A server
	// answers NetStream.Publish.BadName.
	ErrBusy = errors.New("hub: stream is already being published")

	// ErrReplaced is the reason a publisher ended when a newer publisher of
	// the same key took over (Config.Replace).
	ErrReplaced = errors.New("hub: publisher replaced by a newer publisher")

	// ErrHubClosed is returned by every call on a hub that has been closed,
	// and is the reason publishers and subscribers ended when it closed.
	ErrHubClosed = errors.New("hub: closed")

	// ErrClosed is returned when a publisher or subscriber is used after its
	// own Close.
	ErrClosed = errors.New("hub: handle closed")

	// ErrEvicted is the reason a subscriber ended when it stayed behind the
	// stream longer than the configured limits allow.
	ErrEvicted = errors.New("hub: subscriber evicted for falling behind")
)
