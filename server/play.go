package server

import (
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/hub"
)

// play authorizes a play and attaches the hub subscriber as the player's
// source. A player that arrives before the publisher waits for it.
func (s *Server) play(w rtmp.ResponseWriter, r *rtmp.Request) {
	log := s.log.With("remote", remote(r), "app", r.App, "name", r.Name)
	if err := s.auth.authorize(ActionPlay, r); err != nil {
		log.Warn("play denied", "err", err)
		w.Reject(&rtmp.StatusError{Code: rtmp.CodePlayFailed, Description: err.Error()})
		return
	}
	sub, err := s.hub.Subscribe(hub.MakeKey(r.App, r.Name))
	if err != nil {
		log.Error("play rejected", "err", err)
		w.Reject(&rtmp.StatusError{Code: rtmp.CodePlayFailed, Description: err.Error()})
		return
	}
	log.Info("play", "stream_id", r.StreamID, "live", sub.Publishing(), "subscriber", sub.ID())
	w.SetSource(newHubSource(sub, s.log, r))
}

// hubSource adapts a hub.Subscriber to rtmp.Source. hub.Kind and
// rtmp.ItemKind are numbered alike (KindClosed is ItemEOF), so items convert
// by value and the tags' shared payloads are passed on without copying.
type hubSource struct {
	sub    *hub.Subscriber
	log    *slog.Logger // the server's; the player's attributes are added at Close
	remote string
	start  time.Time
	once   sync.Once
}

func newHubSource(sub *hub.Subscriber, log *slog.Logger, r *rtmp.Request) *hubSource {
	return &hubSource{sub: sub, log: log, remote: remote(r), start: time.Now()}
}

// Ready implements rtmp.Source.
func (h *hubSource) Ready() <-chan struct{} { return h.sub.Ready() }

// Pending implements rtmp.PollableSource.
func (h *hubSource) Pending() bool { return h.sub.Pending() }

// Drain implements rtmp.Source. Items go straight from the subscriber's
// queue to dst (no []hub.Item kept per player).
func (h *hubSource) Drain(dst []rtmp.Item) []rtmp.Item {
	h.sub.DrainEach(func(it *hub.Item) {
		dst = append(dst, rtmp.Item{Kind: rtmp.ItemKind(it.Kind), Tag: it.Tag})
	})
	return dst
}

// NotifyEvict implements rtmp.EvictNotifier: the hub's eviction closes the
// player's connection at once, even while its writer is blocked on the
// stalled socket. evict does not block, as the hub requires.
func (h *hubSource) NotifyEvict(evict func()) { h.sub.OnEvict(evict) }

// Close implements io.Closer: the library calls it when the play ends. It
// unsubscribes and logs the player's totals, including the tags the hub
// dropped because the player was behind.
func (h *hubSource) Close() error {
	h.once.Do(func() {
		// The player's logger is made here, not kept for the whole play:
		// formatted attributes would cost ~0.3 KiB per player.
		key := h.sub.Key()
		log := h.log.With("remote", h.remote, "app", key.App, "name", key.Name)
		st := h.sub.Stats()
		if errors.Is(h.sub.Err(), hub.ErrEvicted) {
			log.Warn("player evicted as a slow consumer", "drops", st.Drops)
		}
		h.sub.Close()
		log.Info("play stop", "duration", time.Since(h.start).Round(time.Millisecond),
			"tags_out", st.TagsOut, "bytes_out", st.BytesOut, "drops", st.Drops)
	})
	return nil
}
