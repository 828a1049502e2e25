package rtmp_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// tagServer serves every play with the given tags, then ends it.
func tagServer(t *testing.T, tags []flv.Tag) string {
	t.Helper()
	h := rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind != rtmp.KindPlay {
			return
		}
		tw := w.TagWriter(256)
		go func() {
			for _, tag := range tags {
				if tw.WriteTag(tag) != nil {
					return
				}
			}
			tw.End()
		}()
	})
	return rtmptest.NewServer(t, h, func(s *rtmp.Server) { s.Logger = discardLogger() }).URL
}

// playTags plays name on url with handler (nil: queued, read with ReadTag)
// and returns what ReadTag returned after the tags.
func playTags(t *testing.T, ctx context.Context, url string, handler func(flv.Tag)) (read []flv.Tag, s *rtmp.Stream, err error) {
	t.Helper()
	c, err := rtmp.Dial(ctx, url+"/app/s", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s, err = c.CreateStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.SetTagHandler(handler)
	if err := s.Play(ctx, "s", rtmp.PlayLive, -1, false); err != nil {
		t.Fatal(err)
	}
	for {
		tag, err := s.ReadTagContext(ctx)
		if err != nil {
			return read, s, err
		}
		read = append(read, tag)
	}
}

// handlerTags is onMetaData, then n tags alternating video and audio, each
// payload unique.
func handlerTags(t *testing.T, n int) []flv.Tag {
	t.Helper()
	meta, err := flv.AppendScript(nil, flv.OnMetaData, amf0.ECMAArray{{Key: "framerate", Value: 25.0}})
	if err != nil {
		t.Fatal(err)
	}
	tags := []flv.Tag{{Type: flv.TagScript, Data: meta}}
	for i := range n {
		ts := uint32(i * 20)
		if i%2 == 0 {
			tags = append(tags, flv.Tag{Type: flv.TagVideo, Timestamp: ts, Data: []byte{0x27, 1, 0, 0, 0, byte(i), byte(i >> 8), 7}})
		} else {
			tags = append(tags, flv.Tag{Type: flv.TagAudio, Timestamp: ts, Data: []byte{0xaf, 1, byte(i), byte(i >> 8)}})
		}
	}
	return tags
}

// TestStreamTagHandler: with a tag handler, every tag of the play reaches
// the handler, in order and intact, none is queued for ReadTag, and ReadTag
// reports the end of the play; onMetaData reaches Metadata and the handler.
func TestStreamTagHandler(t *testing.T) {
	ctx := ctxT(t)
	want := handlerTags(t, 200)
	url := tagServer(t, want)
	var got []flv.Tag
	read, s, err := playTags(t, ctx, url, func(tag flv.Tag) {
		tag.Data = bytes.Clone(tag.Data) // lent: copy to keep
		got = append(got, tag)
	})
	if !errors.Is(err, io.EOF) || len(read) != 0 {
		t.Fatalf("ReadTag after %d tags: %v; want io.EOF and no tags", len(read), err)
	}
	if len(got) != len(want) {
		t.Fatalf("handler got %d tags, want %d", len(got), len(want))
	}
	for i := range want {
		if !sameTag(got[i], want[i]) {
			t.Fatalf("tag %d: %v ts %d %x, want %v ts %d %x", i, got[i].Type, got[i].Timestamp, got[i].Data,
				want[i].Type, want[i].Timestamp, want[i].Data)
		}
	}
	if fps, ok := message.NumberProperty(s.Metadata(), "framerate"); !ok || fps != 25 {
		t.Errorf("Metadata() = %v", s.Metadata())
	}
}

// TestStreamTagHandlerAllocs: a play through a tag handler allocates
// nothing per message on the client (the payload stays in the chunk
// reader's buffer), where a queued play allocates a payload per message.
func TestStreamTagHandlerAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	const n = 4000
	ctx := ctxT(t)
	tags := handlerTags(t, n)
	url := tagServer(t, tags)
	mallocs := func(handler func(flv.Tag)) float64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, _, err := playTags(t, ctx, url, handler)
		runtime.ReadMemStats(&after)
		if !errors.Is(err, io.EOF) {
			t.Fatalf("play: %v", err)
		}
		return float64(after.Mallocs-before.Mallocs) / n
	}
	count := 0
	lent := mallocs(func(flv.Tag) { count++ })
	queued := mallocs(nil)
	t.Logf("allocations per message, whole process (server included): handler %.2f, queued %.2f", lent, queued)
	if count != n+1 {
		t.Fatalf("handler saw %d tags, want %d", count, n+1)
	}
	if lent > 0.3 || queued < lent+0.7 {
		t.Errorf("allocations per message: handler %.2f, queued %.2f; want < 0.3 and about one more when queued", lent, queued)
	}
}

// TestStreamTagHandlerClose: closing the connection from another goroutine
// while tags flow ends ReadTag only after the handler's last call: the
// handler's plain variables are then safe to read (the race detector
// checks), and no call follows.
func TestStreamTagHandlerClose(t *testing.T) {
	ctx := ctxT(t)
	h := rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind != rtmp.KindPlay {
			return
		}
		tw := w.TagWriter(64)
		go func() {
			for i := 0; ; i++ {
				if tw.WriteTag(flv.Tag{Type: flv.TagAudio, Timestamp: uint32(i), Data: []byte{0xaf, 1, byte(i)}}) != nil {
					return
				}
			}
		}()
	})
	url := rtmptest.NewServer(t, h, func(s *rtmp.Server) { s.Logger = discardLogger() }).URL
	c, err := rtmp.Dial(ctx, url+"/app/s", nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.CreateStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	calls, inside := 0, false
	closing := make(chan struct{})
	s.SetTagHandler(func(flv.Tag) {
		inside = true
		calls++
		if calls == 100 {
			close(closing)
		}
		time.Sleep(50 * time.Microsecond)
		inside = false
	})
	go func() {
		<-closing
		c.Close()
	}()
	if err := s.Play(ctx, "s", rtmp.PlayLive, -1, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReadTagContext(ctx); err == nil || errors.Is(err, io.EOF) {
		t.Fatalf("ReadTag after Close = %v, want the connection's error", err)
	}
	n := calls
	if inside || n < 100 {
		t.Fatalf("after ReadTag returned: %d calls, a call in progress %v", n, inside)
	}
	time.Sleep(20 * time.Millisecond)
	if calls != n {
		t.Errorf("%d handler calls after ReadTag returned", calls-n)
	}
}
