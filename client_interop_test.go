package rtmp_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/internal/testmedia"
)

// TestClientNginx publishes to nginx-rtmp and plays back from it with our
// client: audio and video payloads arrive byte for byte, in order, with
// their timestamps; nginx rebuilds onMetaData, so only its fields are
// checked.
func TestClientNginx(t *testing.T) {
	base := startNginx(t)
	ctx := ctxT(t)
	player, err := rtmp.Dial(ctx, base+"/live/k", nil)
	if err != nil {
		t.Fatalf("Dial player: %v", err)
	}
	defer player.Close()
	if info := player.ConnectInfo(); info.Status.Code != rtmp.CodeConnectSuccess || info.FMSVer == "" {
		t.Errorf("nginx connect info %+v", info)
	}
	ps, err := player.Play(ctx, "k", rtmp.PlayLive, -1, false)
	if err != nil {
		t.Fatalf("Play: %v", err)
	}
	pub, err := rtmp.Dial(ctx, base+"/live/k", nil)
	if err != nil {
		t.Fatalf("Dial publisher: %v", err)
	}
	defer pub.Close()
	st, err := pub.Publish(ctx, "k", "live")
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	tags := testTags(t)
	var media []flv.Tag
	for _, tag := range tags {
		if err := st.WriteTag(tag); err != nil {
			t.Fatalf("WriteTag: %v", err)
		}
		if tag.Type != flv.TagScript && len(tag.Data) > 0 {
			media = append(media, tag)
		}
	}
	var got []flv.Tag
	for len(got) < len(media) {
		tag, err := ps.ReadTagContext(ctx)
		if err != nil {
			t.Fatalf("ReadTag after %d media tags: %v", len(got), err)
		}
		switch {
		case tag.Type == flv.TagScript:
		case len(tag.Data) > 0:
			got = append(got, tag)
		}
	}
	// nginx sends the cached sequence headers video first, so compare each
	// track on its own.
	for _, typ := range []flv.TagType{flv.TagAudio, flv.TagVideo} {
		g, w := ofType(got, typ), ofType(media, typ)
		if len(g) != len(w) {
			t.Fatalf("type %d: got %d tags, want %d", typ, len(g), len(w))
		}
		for i := range w {
			if !bytes.Equal(g[i].Data, w[i].Data) || g[i].Timestamp != w[i].Timestamp {
				t.Errorf("type %d tag %d: ts %d len %d, want ts %d len %d", typ, i, g[i].Timestamp, len(g[i].Data), w[i].Timestamp, len(w[i].Data))
			}
		}
	}
	// nginx rebuilds onMetaData from what it parsed (duration truncated
	// to whole seconds).
	if d, ok := ps.Duration(); !ok || d != 12 {
		t.Errorf("nginx metadata duration = %v, %v; want 12", d, ok)
	}
}

func ofType(tags []flv.Tag, typ flv.TagType) []flv.Tag {
	var out []flv.Tag
	for _, t := range tags {
		if t.Type == typ {
			out = append(out, t)
		}
	}
	return out
}

// TestClientNginxRealMedia publishes the ffmpeg-made H.264 High + AAC file
// to nginx-rtmp with Stream.Write and plays it back: every audio and video
// tag arrives byte for byte with its timestamp.
func TestClientNginxRealMedia(t *testing.T) {
	file, err := os.ReadFile(testmedia.Path(t, testmedia.AVHigh))
	if err != nil {
		t.Fatal(err)
	}
	base := startNginx(t)
	ctx := ctxT(t)
	player, err := rtmp.Dial(ctx, base+"/live/real", &rtmp.ClientConfig{PlayQueue: 4096})
	if err != nil {
		t.Fatal(err)
	}
	defer player.Close()
	ps, err := player.Play(ctx, "real", rtmp.PlayLive, -1, false)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := rtmp.Dial(ctx, base+"/live/real", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	st, err := pub.Publish(ctx, "real", "live")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Write(file); err != nil {
		t.Fatal(err)
	}
	var media []flv.Tag
	for _, tag := range readFLVTags(t, file) {
		if tag.Type != flv.TagScript {
			media = append(media, tag)
		}
	}
	var got []flv.Tag
	for len(got) < len(media) {
		tag, err := ps.ReadTagContext(ctx)
		if err != nil {
			t.Fatalf("ReadTag after %d of %d media tags: %v", len(got), len(media), err)
		}
		if tag.Type != flv.TagScript {
			got = append(got, tag)
		}
	}
	for _, typ := range []flv.TagType{flv.TagAudio, flv.TagVideo} {
		g, w := ofType(got, typ), ofType(media, typ)
		if len(g) != len(w) {
			t.Fatalf("%v: got %d tags, want %d", typ, len(g), len(w))
		}
		for i := range w {
			if !bytes.Equal(g[i].Data, w[i].Data) || g[i].Timestamp != w[i].Timestamp {
				t.Fatalf("%v tag %d: ts %d len %d, want ts %d len %d", typ, i, g[i].Timestamp, len(g[i].Data), w[i].Timestamp, len(w[i].Data))
			}
		}
	}
}
