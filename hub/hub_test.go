package hub

import (
	"errors"
	"testing"

	"github.com/rtmpkit/rtmp/flv"
)

var k1 = MakeKey("live", "cam1")

func TestKey(t *testing.T) {
	k := MakeKey("live/app2", "a/b")
	if k.String() != "live/app2/a/b" || k.App != "live/app2" || k.Name != "a/b" {
		t.Fatalf("key = %+v %q", k, k.String())
	}
	if MakeKey("a", "b/c") == MakeKey("a/b", "c") {
		t.Fatal("keys with the same joined string must differ")
	}
}

func TestFanoutOrderAndContentToWaitingSubscribers(t *testing.T) {
	h := New(Config{})
	subs := make([]*Subscriber, 5)
	for i := range subs {
		subs[i] = mustSubscribe(t, h, k1)
		if items := drain(t, subs[i]); len(items) != 0 {
			t.Fatalf("waiting subscriber has %d items before any publisher", len(items))
		}
	}
	p := mustPublish(t, h, k1)
	tags := []flv.Tag{
		meta(0, 1), avcHeader(0), aacHeader(0),
		key(1000, 10), aac(1010, 11), inter(1033, 12), aac(1033, 13), inter(1066, 14),
	}
	write(t, p, tags...)
	want := []got{
		{KindPublish, 0, 0, 0},
		{KindMetadata, flv.TagScript, 0, 9},
		{KindMedia, flv.TagVideo, 0, 0xc0},
		{KindMedia, flv.TagAudio, 0, 0x10},
		{KindMedia, flv.TagVideo, 1000, 10},
		{KindMedia, flv.TagAudio, 1010, 11},
		{KindMedia, flv.TagVideo, 1033, 12},
		{KindMedia, flv.TagAudio, 1033, 13},
		{KindMedia, flv.TagVideo, 1066, 14},
	}
	for i, s := range subs {
		items := drain(t, s)
		eqGot(t, "subscriber", view(items), want)
		// Payloads are shared with the publisher, not copied.
		for j, tg := range tags {
			if &items[j+1].Tag.Data[0] != &tg.Data[0] {
				t.Fatalf("subscriber %d item %d: payload was copied", i, j+1)
			}
		}
	}
	st, ok := h.StreamStats(k1)
	if !ok || !st.Publishing || st.TagsIn != 8 || st.TagsOut != 8*5 || len(st.Subscribers) != 5 ||
		st.VideoCodec != flv.CodecH264 || st.AudioCodec != flv.CodecAAC || !st.HasMetadata || st.GOPTags != 5 {
		t.Fatalf("stats = %+v", st)
	}
	var bytesIn uint64
	for _, tg := range tags {
		bytesIn += uint64(len(tg.Data))
	}
	if st.BytesIn != bytesIn || st.BytesOut != 5*bytesIn || st.Subscribers[0].BytesOut != bytesIn {
		t.Fatalf("bytes in %d out %d sub %d, want %d", st.BytesIn, st.BytesOut, st.Subscribers[0].BytesOut, bytesIn)
	}
}

func TestLateJoin(t *testing.T) {
	gop1 := []flv.Tag{key(1000, 10), inter(1033, 11), aac(1040, 12)}
	gop2 := []flv.Tag{aac(1990, 20), key(2000, 21), inter(2033, 22), aac(2050, 23)}
	tests := []struct {
		name  string
		cfg   Config
		tags  []flv.Tag
		after []flv.Tag // written after the join
		want  []got
	}{
		{
			name:  "metadata, headers, GOP from keyframe",
			tags:  append(append([]flv.Tag{meta(0, 1), avcHeader(0), aacHeader(0)}, gop1...), gop2...),
			after: []flv.Tag{inter(2066, 30)},
			want: []got{
				{KindMetadata, flv.TagScript, 0, 9},
				{KindMedia, flv.TagVideo, 0, 0xc0},
				{KindMedia, flv.TagAudio, 0, 0x10},
				{KindMedia, flv.TagVideo, 0, 21},
				{KindMedia, flv.TagVideo, 33, 22},
				{KindMedia, flv.TagAudio, 50, 23},
				{KindMedia, flv.TagVideo, 66, 30},
			},
		},
		{
			name:  "GOP cache disabled: video waits for the next keyframe",
			cfg:   Config{DisableGOPCache: true},
			tags:  append(append([]flv.Tag{meta(0, 1), avcHeader(0), aacHeader(0)}, gop1...), gop2...),
			after: []flv.Tag{inter(2066, 30), aac(2070, 31), key(3000, 32)},
			want: []got{
				{KindMetadata, flv.TagScript, 0, 9},
				{KindMedia, flv.TagVideo, 0, 0xc0},
				{KindMedia, flv.TagAudio, 0, 0x10},
				{KindMedia, flv.TagAudio, 20, 31},
				{KindMedia, flv.TagVideo, 950, 32},
			},
		},
		{
			name:  "audio only: no GOP, headers then live",
			tags:  []flv.Tag{aacHeader(0), aac(0, 1), aac(23, 2), aac(46, 3)},
			after: []flv.Tag{aac(69, 4)},
			want: []got{
				{KindMedia, flv.TagAudio, 0, 0x10},
				{KindMedia, flv.TagAudio, 23, 4},
			},
		},
		{
			name:  "GOP over the tag limit is not cached",
			cfg:   Config{GOPMaxTags: 2},
			tags:  []flv.Tag{avcHeader(0), key(0, 1), inter(33, 2), inter(66, 3)},
			after: []flv.Tag{inter(99, 4), key(132, 5)},
			want: []got{
				{KindMedia, flv.TagVideo, 0, 0xc0},
				{KindMedia, flv.TagVideo, 66, 5},
			},
		},
		{
			name: "header replaced mid-stream: joiner gets the latest",
			tags: []flv.Tag{avcHeader(0), key(0, 1), video(500, []byte{0x17, 0, 0, 0, 0}, 8, 0xc1), key(500, 2)},
			want: []got{
				{KindMedia, flv.TagVideo, 0, 0xc1},
				{KindMedia, flv.TagVideo, 0, 2},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := New(tc.cfg)
			p := mustPublish(t, h, k1)
			write(t, p, tc.tags...)
			s := mustSubscribe(t, h, k1)
			write(t, p, tc.after...)
			items := drain(t, s)
			eqGot(t, "late joiner", view(items), tc.want)
			for _, it := range items {
				if c, _ := classify(it.Tag); c == classVideo || c == classKeyframe {
					if c != classKeyframe {
						t.Fatal("first video frame is not a keyframe")
					}
					break
				}
			}
		})
	}
}

func TestEnhancedHeadersCachedPerTrack(t *testing.T) {
	h := New(Config{})
	p := mustPublish(t, h, k1)
	hvc := flv.Tag{Type: flv.TagVideo, Data: []byte{0x90, 'h', 'v', 'c', '1', 1, 2, 3}}
	// Multitrack OneTrack SequenceStart of vp09, track 1 (PROTOCOL.md §10.8).
	vp9t1 := flv.Tag{Type: flv.TagVideo, Data: []byte{0x86, 0x00, 'v', 'p', '0', '9', 1, 0xaa}}
	vp9t1b := flv.Tag{Type: flv.TagVideo, Data: []byte{0x86, 0x00, 'v', 'p', '0', '9', 1, 0xbb}}
	opus := flv.Tag{Type: flv.TagAudio, Data: []byte{0x90, 'O', 'p', 'u', 's', 'O', 'p', 'u', 's', 'H', 'e', 'a', 'd'}}
	mcc := flv.Tag{Type: flv.TagAudio, Data: []byte{0x94, 'O', 'p', 'u', 's', 0x01, 0x02, 0, 0, 0, 0x03}}
	color := flv.Tag{Type: flv.TagVideo, Data: []byte{0xd4, 'h', 'v', 'c', '1', 0x02, 0, 9, 'c', 'o', 'l', 'o', 'r', 'I', 'n', 'f', 'o', 0x05}}
	kf := flv.Tag{Type: flv.TagVideo, Timestamp: 40, Data: []byte{0x93, 'h', 'v', 'c', '1', 0x77}}
	write(t, p, hvc, vp9t1, opus, mcc, color, vp9t1b, kf)
	s := mustSubscribe(t, h, k1)
	items := drain(t, s)
	wantData := [][]byte{hvc.Data, vp9t1b.Data, opus.Data, mcc.Data, color.Data, kf.Data}
	if len(items) != len(wantData) {
		t.Fatalf("got %d items %v, want %d", len(items), view(items), len(wantData))
	}
	for i, w := range wantData {
		if &items[i].Tag.Data[0] != &w[0] || items[i].Tag.Timestamp != 0 {
			t.Fatalf("item %d = % x at %d, want % x at 0", i, items[i].Tag.Data, items[i].Tag.Timestamp, w)
		}
	}
	st, _ := h.StreamStats(k1)
	if st.VideoCodec != flv.CodecVP9 || st.AudioCodec != flv.CodecOpus {
		t.Fatalf("codecs %q %q", st.VideoCodec, st.AudioCodec)
	}
}

func TestMetadata(t *testing.T) {
	h := New(Config{})
	p := mustPublish(t, h, k1)
	early := mustSubscribe(t, h, k1)
	setData := append([]byte("\x02\x00\x0d@setDataFrame"), meta(0, 2).Data...)
	write(t, p, meta(0, 1), avcHeader(0), key(0, 5), flv.Tag{Type: flv.TagScript, Timestamp: 100, Data: setData})
	items := drain(t, early)
	eqGot(t, "early", view(items), []got{
		{KindMetadata, flv.TagScript, 0, 9}, {KindMedia, flv.TagVideo, 0, 0xc0},
		{KindMedia, flv.TagVideo, 0, 5}, {KindMetadata, flv.TagScript, 100, 9},
	})
	if items[3].Tag.Data[3] != 'o' || items[3].Tag.Data[17] != 2 || &items[3].Tag.Data[0] != &setData[16] {
		t.Fatalf("@setDataFrame not stripped in place: % x", items[3].Tag.Data)
	}
	late := mustSubscribe(t, h, k1)
	items = drain(t, late)
	if items[0].Kind != KindMetadata || items[0].Tag.Data[17] != 2 {
		t.Fatalf("late joiner metadata = %v % x, want the replacement", items[0].Kind, items[0].Tag.Data)
	}
	// A non-metadata script tag goes live but is not cached.
	cue := flv.Tag{Type: flv.TagScript, Timestamp: 120, Data: []byte("\x02\x00\x0aonCuePoint\x05")}
	write(t, p, cue, flv.Tag{Type: flv.TagScript, Timestamp: 130, Data: []byte("\x02\x00\x0f@clearDataFrame\x02\x00\x0aonMetaData")})
	items = drain(t, late)
	eqGot(t, "late live", view(items), []got{{KindMedia, flv.TagScript, 120, 5}})
	if st, _ := h.StreamStats(k1); st.HasMetadata {
		t.Fatal("metadata still cached after @clearDataFrame")
	}
	write(t, p, meta(140, 3))
	p.ClearMetadata()
	if st, _ := h.StreamStats(k1); st.HasMetadata {
		t.Fatal("metadata still cached after ClearMetadata")
	}
}

func TestBusyAndReplace(t *testing.T) {
	h := New(Config{})
	p1 := mustPublish(t, h, k1)
	if _, err := h.Publish(k1); !errors.Is(err, ErrBusy) {
		t.Fatalf("second Publish: %v, want ErrBusy", err)
	}
	if _, err := h.Publish(MakeKey("live", "other")); err != nil {
		t.Fatalf("other key: %v", err)
	}
	write(t, p1, key(0, 1))

	hr := New(Config{Replace: true})
	p1 = mustPublish(t, hr, k1)
	s := mustSubscribe(t, hr, k1)
	write(t, p1, avcHeader(0), key(0, 1), inter(33, 2))
	drain(t, s)
	p2 := mustPublish(t, hr, k1)
	select {
	case <-p1.Done():
	default:
		t.Fatal("replaced publisher's Done is not closed")
	}
	if !errors.Is(p1.Err(), ErrReplaced) || !errors.Is(p1.Write(inter(66, 3)), ErrReplaced) {
		t.Fatalf("replaced publisher: Err %v", p1.Err())
	}
	if p2.Err() != nil {
		t.Fatalf("new publisher Err = %v", p2.Err())
	}
	write(t, p2, avcHeader(5000), key(5000, 4))
	eqGot(t, "subscriber", view(drain(t, s)), []got{
		{KindUnpublish, 0, 33, 0}, {KindPublish, 0, 33, 0},
		{KindMedia, flv.TagVideo, 33, 0xc0}, {KindMedia, flv.TagVideo, 33, 4},
	})
	p1.Close() // no effect on p2
	if !hr.Publishing(k1) {
		t.Fatal("closing the replaced publisher unpublished the new one")
	}
}

func TestWaitingSubscriberAcrossSessions(t *testing.T) {
	h := New(Config{})
	s := mustSubscribe(t, h, k1)
	if h.Publishing(k1) {
		t.Fatal("Publishing before Publish")
	}
	if s.Publishing() {
		t.Fatal("subscriber sees a publisher before Publish")
	}
	p := mustPublish(t, h, k1)
	if !s.Publishing() {
		t.Fatal("subscriber does not see the publisher")
	}
	select {
	case <-s.Ready():
	default:
		t.Fatal("Ready did not fire on publish")
	}
	eqGot(t, "publish", view(s.Drain(nil)), []got{{KindPublish, 0, 0, 0}})
	write(t, p, inter(0, 1), aac(10, 2), key(33, 3), inter(66, 4)) // video waits for a keyframe
	eqGot(t, "media", view(drain(t, s)), []got{
		{KindMedia, flv.TagAudio, 0, 2}, {KindMedia, flv.TagVideo, 23, 3}, {KindMedia, flv.TagVideo, 56, 4},
	})
	p.Close()
	if !errors.Is(p.Err(), ErrClosed) || !errors.Is(p.Write(key(99, 5)), ErrClosed) {
		t.Fatalf("closed publisher: Err %v", p.Err())
	}
	eqGot(t, "unpublish", view(drain(t, s)), []got{{KindUnpublish, 0, 56, 0}})
	if _, ok := h.StreamStats(k1); !ok {
		t.Fatal("stream forgotten while a subscriber waits")
	}
	p = mustPublish(t, h, k1)
	write(t, p, avcHeader(0), key(0, 6), inter(33, 7))
	eqGot(t, "second session", view(drain(t, s)), []got{
		{KindPublish, 0, 56, 0}, {KindMedia, flv.TagVideo, 56, 0xc0},
		{KindMedia, flv.TagVideo, 56, 6}, {KindMedia, flv.TagVideo, 89, 7},
	})
	s.Close()
	p.Close()
	if _, ok := h.StreamStats(k1); ok {
		t.Fatal("idle stream not forgotten")
	}
	if !errors.Is(s.Err(), ErrClosed) {
		t.Fatalf("closed subscriber Err = %v", s.Err())
	}
}

func TestTimestampsPerSubscriber(t *testing.T) {
	tests := []struct {
		name string
		in   []uint32
		want []uint32
	}{
		{"rebased", []uint32{90000, 90033, 90066}, []uint32{0, 33, 66}},
		{"wrap 2^32", []uint32{1<<32 - 40, 1<<32 - 7, 26, 59}, []uint32{0, 33, 66, 99}},
		{"backwards tag clamped", []uint32{1000, 1033, 1020, 1066}, []uint32{0, 33, 33, 66}},
		{"encoder clock restart", []uint32{500000, 500033, 0, 33}, []uint32{0, 33, 33, 66}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := New(Config{})
			s := mustSubscribe(t, h, k1)
			p := mustPublish(t, h, k1)
			for _, ts := range tc.in {
				write(t, p, aac(ts, 1))
			}
			items := drain(t, s)[1:]
			if len(items) != len(tc.want) {
				t.Fatalf("got %d items", len(items))
			}
			for i, w := range tc.want {
				if items[i].Tag.Timestamp != w {
					t.Fatalf("item %d ts %d, want %d (all %v)", i, items[i].Tag.Timestamp, w, view(items))
				}
			}
		})
	}
}

func TestCloseHub(t *testing.T) {
	h := New(Config{})
	p := mustPublish(t, h, k1)
	s := mustSubscribe(t, h, k1)
	w := mustSubscribe(t, h, MakeKey("live", "nobody"))
	write(t, p, aac(0, 1))
	drain(t, s)
	h.Close()
	h.Close()
	select {
	case <-p.Done():
	default:
		t.Fatal("publisher Done not closed")
	}
	if !errors.Is(p.Write(aac(1, 1)), ErrHubClosed) || !errors.Is(p.Err(), ErrHubClosed) {
		t.Fatalf("publisher after Close: %v", p.Err())
	}
	eqGot(t, "live subscriber", view(drain(t, s)), []got{{KindUnpublish, 0, 0, 0}, {KindClosed, 0, 0, 0}})
	eqGot(t, "waiting subscriber", view(drain(t, w)), []got{{KindClosed, 0, 0, 0}})
	if !errors.Is(s.Err(), ErrHubClosed) {
		t.Fatalf("subscriber Err = %v", s.Err())
	}
	if _, err := h.Publish(k1); !errors.Is(err, ErrHubClosed) {
		t.Fatalf("Publish after Close: %v", err)
	}
	if _, err := h.Subscribe(k1); !errors.Is(err, ErrHubClosed) {
		t.Fatalf("Subscribe after Close: %v", err)
	}
	s.Close()
	p.Close()
	if len(h.Stats()) != 0 {
		t.Fatal("stats after Close")
	}
}

func TestZeroHub(t *testing.T) {
	var h Hub
	s := mustSubscribe(t, &h, k1)
	p := mustPublish(t, &h, k1)
	write(t, p, aac(0, 1))
	if n := len(drain(t, s)); n != 2 {
		t.Fatalf("zero Hub delivered %d items, want 2", n)
	}
	if h.lim.qTags != DefaultQueueMaxTags {
		t.Fatal("zero Hub did not apply defaults")
	}
}

func TestStatsSorted(t *testing.T) {
	h := New(Config{})
	for _, k := range []Key{MakeKey("b", "x"), MakeKey("a", "z"), MakeKey("a", "y")} {
		mustPublish(t, h, k)
	}
	st := h.Stats()
	if len(st) != 3 || st[0].Key != MakeKey("a", "y") || st[1].Key != MakeKey("a", "z") || st[2].Key != MakeKey("b", "x") {
		t.Fatalf("stats order %v", st)
	}
	if st[0].PublishedAt.IsZero() || st[0].Sessions != 1 {
		t.Fatalf("stats %+v", st[0])
	}
}
