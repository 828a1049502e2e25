package hub

import (
	"testing"

	"github.com/rtmpkit/rtmp/flv"
)

// Tag builders. Each payload gets a distinct body byte so tests can tell
// tags apart by content.

func video(ts uint32, head []byte, n int, mark byte) flv.Tag {
	d := append(append([]byte(nil), head...), make([]byte, n)...)
	for i := len(head); i < len(d); i++ {
		d[i] = mark
	}
	return flv.Tag{Type: flv.TagVideo, Timestamp: ts, Data: d}
}

func avcHeader(ts uint32) flv.Tag { return video(ts, []byte{0x17, 0, 0, 0, 0}, 8, 0xc0) }
func key(ts uint32, mark byte) flv.Tag {
	return video(ts, []byte{0x17, 1, 0, 0, 0}, 100, mark)
}
func inter(ts uint32, mark byte) flv.Tag {
	return video(ts, []byte{0x27, 1, 0, 0, 0}, 20, mark)
}
func aacHeader(ts uint32) flv.Tag {
	return flv.Tag{Type: flv.TagAudio, Timestamp: ts, Data: []byte{0xaf, 0, 0x12, 0x10}}
}
func aac(ts uint32, mark byte) flv.Tag {
	return flv.Tag{Type: flv.TagAudio, Timestamp: ts, Data: []byte{0xaf, 1, mark, mark, mark}}
}

// meta returns an onMetaData script tag whose ECMA array is empty except
// for a marker byte in the count, so that two are distinguishable.
func meta(ts uint32, mark byte) flv.Tag {
	d := append([]byte("\x02\x00\x0aonMetaData"), 0x08, 0, 0, 0, mark, 0, 0, 9)
	return flv.Tag{Type: flv.TagScript, Timestamp: ts, Data: d}
}

// got is a compact view of an item for comparisons.
type got struct {
	kind Kind
	typ  flv.TagType
	ts   uint32
	mark byte // last payload byte, 0 for events
}

func view(items []Item) []got {
	out := make([]got, len(items))
	for i, it := range items {
		g := got{kind: it.Kind, typ: it.Tag.Type, ts: it.Tag.Timestamp}
		if n := len(it.Tag.Data); n > 0 {
			g.mark = it.Tag.Data[n-1]
		}
		out[i] = g
	}
	return out
}

func mustPublish(t testing.TB, h *Hub, k Key) *Publisher {
	t.Helper()
	p, err := h.Publish(k)
	if err != nil {
		t.Fatalf("Publish(%v): %v", k, err)
	}
	return p
}

func mustSubscribe(t testing.TB, h *Hub, k Key) *Subscriber {
	t.Helper()
	s, err := h.Subscribe(k)
	if err != nil {
		t.Fatalf("Subscribe(%v): %v", k, err)
	}
	return s
}

func write(t testing.TB, p *Publisher, tags ...flv.Tag) {
	t.Helper()
	for _, tg := range tags {
		if err := p.Write(tg); err != nil {
			t.Fatalf("Write(ts %d): %v", tg.Timestamp, err)
		}
	}
}

// drain returns what is queued, checking that Ready fired if anything was.
func drain(t testing.TB, s *Subscriber) []Item {
	t.Helper()
	items := s.Drain(nil)
	select {
	case <-s.Ready():
		if len(items) == 0 {
			// A stale wake-up is allowed but there should be none here.
			t.Errorf("Ready fired with nothing queued")
		}
	default:
		if len(items) > 0 {
			t.Errorf("%d items queued but Ready did not fire", len(items))
		}
	}
	return items
}

func eqGot(t testing.TB, what string, have, want []got) {
	t.Helper()
	if len(have) != len(want) {
		t.Fatalf("%s: got %d items, want %d\n got  %v\n want %v", what, len(have), len(want), have, want)
	}
	for i := range want {
		if have[i] != want[i] {
			t.Fatalf("%s: item %d = %+v, want %+v\n got  %v\n want %v", what, i, have[i], want[i], have, want)
		}
	}
}
