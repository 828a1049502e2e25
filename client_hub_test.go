package rtmp_test

import (
	"sync"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
)

// testHub is a tiny live fan-out Handler for client tests: a publish of a
// name feeds every player of that name through a rtmp.TagWriter; when the
// publish ends the players get End (NetStream.Play.Stop). It records what
// each publish carried, and serves echo/fail calls.
type testHub struct {
	mu      sync.Mutex
	players map[string][]*rtmp.TagWriter
	got     map[string][]flv.Tag  // tags received per published name
	joined  chan string           // a player joined (name)
	conns   chan *rtmp.ServerConn // connections, as they connect
}

func newTestHub() *testHub {
	return &testHub{players: map[string][]*rtmp.TagWriter{}, got: map[string][]flv.Tag{}, joined: make(chan string, 16), conns: make(chan *rtmp.ServerConn, 16)}
}

func (h *testHub) ServeRTMP(w rtmp.ResponseWriter, r *rtmp.Request) {
	switch r.Kind {
	case rtmp.KindConnect:
		select {
		case h.conns <- r.Conn:
		default:
		}
	case rtmp.KindPublish:
		if r.Name == "forbidden" {
			w.Reject(&rtmp.StatusError{Code: rtmp.CodePublishDenied, Description: "not here"})
			return
		}
		name := r.Name
		w.SetSink(hubSink{h: h, name: name})
	case rtmp.KindPlay:
		if r.Name == "missing" {
			w.Reject(nil)
			return
		}
		tw := w.TagWriter(4096)
		h.mu.Lock()
		h.players[r.Name] = append(h.players[r.Name], tw)
		h.mu.Unlock()
		h.joined <- r.Name
	case rtmp.KindCall:
		switch r.Method {
		case "echo":
			w.Result(r.Args...)
		case "fail":
			w.Reject(&rtmp.StatusError{Code: "App.Fail", Description: "as asked"})
		}
	}
}

type hubSink struct {
	h    *testHub
	name string
}

func (s hubSink) WriteTag(tag flv.Tag) error {
	s.h.mu.Lock()
	s.h.got[s.name] = append(s.h.got[s.name], tag)
	players := append([]*rtmp.TagWriter(nil), s.h.players[s.name]...)
	s.h.mu.Unlock()
	for _, p := range players {
		p.WriteTag(tag)
	}
	return nil
}

func (s hubSink) Close() error {
	s.h.mu.Lock()
	players := s.h.players[s.name]
	delete(s.h.players, s.name)
	s.h.mu.Unlock()
	for _, p := range players {
		p.End()
	}
	return nil
}
