package server

import (
	"errors"
	"log/slog"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/hub"
)

// publish authorizes a publish, takes the hub key and attaches a sink that
// records (if configured) and fans the tags out.
func (s *Server) publish(w rtmp.ResponseWriter, r *rtmp.Request) {
	log := s.log.With("remote", remote(r), "app", r.App, "name", r.Name)
	if err := s.auth.authorize(ActionPublish, r); err != nil {
		log.Warn("publish denied", "err", err)
		w.Reject(&rtmp.StatusError{Code: rtmp.CodePublishDenied, Description: err.Error()})
		return
	}
	key := hub.MakeKey(r.App, r.Name)
	pub, err := s.hub.Publish(key)
	if err != nil {
		log.Warn("publish rejected", "err", err)
		w.Reject(&rtmp.StatusError{Code: rtmp.CodePublishBadName, Description: err.Error()})
		return
	}
	sink := &publishSink{hub: s.hub, pub: pub, log: log, start: time.Now()}
	if s.cfg.Record.shouldRecord(r.App) {
		rec, err := openRecorder(s.cfg.Record, r.App, r.Name, sink.start)
		if err != nil {
			// A publish is not refused because its recording failed.
			log.Error("recording not started; publishing continues", "err", err)
		} else {
			sink.rec = rec
			log.Info("recording", "file", rec.path)
		}
	}
	log.Info("publish", "type", r.PublishType, "stream_id", r.StreamID)
	w.SetSink(sink)
	// A replaced publisher (or one cut off by hub shutdown) is disconnected
	// so that its client notices at once.
	if conn := r.Conn; conn != nil {
		go func() {
			select {
			case <-pub.Done():
				if err := pub.Err(); errors.Is(err, hub.ErrReplaced) {
					log.Info("publisher replaced, disconnecting")
					conn.Close()
				}
			case <-conn.Context().Done():
			}
		}()
	}
}

// publishSink feeds one publish into the hub and the recorder. It runs on
// the connection's read loop.
type publishSink struct {
	hub   *hub.Hub
	pub   *hub.Publisher
	rec   *recorder
	log   *slog.Logger
	start time.Time
}

// WriteTag implements rtmp.Sink.
func (p *publishSink) WriteTag(t flv.Tag) error {
	if p.rec != nil {
		if err := p.rec.WriteTag(t); err != nil {
			p.log.Error("record write, recording stopped", "file", p.rec.path, "err", err)
			p.rec.Close()
			p.rec = nil
		}
	}
	return p.pub.Write(t)
}

// Close implements rtmp.Sink: unpublish and finish the recording.
func (p *publishSink) Close() error {
	p.pub.Close()
	attrs := []any{"duration", time.Since(p.start).Round(time.Millisecond)}
	// The hub's counters cover the key's life (all sessions while the key
	// is in use), which is what an operator wants to see at a stop.
	if st, ok := p.hub.StreamStats(p.pub.Key()); ok {
		attrs = append(attrs, "stream_tags_in", st.TagsIn, "stream_bytes_in", st.BytesIn,
			"stream_drops", st.Drops, "stream_evictions", st.Evictions)
	}
	if p.rec != nil {
		if err := p.rec.Close(); err != nil {
			p.log.Error("record close", "file", p.rec.path, "err", err)
		}
		attrs = append(attrs, "file", p.rec.path, "recorded_tags", p.rec.tags)
	}
	p.log.Info("publish stop", attrs...)
	return nil
}
