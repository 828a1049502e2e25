package rtmp_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/internal/testmedia"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// readFLVTags returns the tags of an FLV file.
func readFLVTags(t *testing.T, file []byte) []flv.Tag {
	t.Helper()
	r := flv.NewReader(bytes.NewReader(file), flv.Limits{})
	var tags []flv.Tag
	for {
		tag, err := r.ReadTag()
		if err != nil {
			break
		}
		tags = append(tags, tag)
	}
	if len(tags) == 0 {
		t.Fatal("no tags in test file")
	}
	return tags
}

// TestClientRealMedia publishes each ffmpeg-made test file (H.264
// baseline + AAC, H.264 high with B-frames + AAC, audio only, video only)
// as raw FLV bytes with Stream.Write, through our server's fan-out to a
// player reading tags, and checks every tag byte for byte.
func TestClientRealMedia(t *testing.T) {
	dir := testmedia.Dir(t)
	hub := newTestHub()
	srv := rtmptest.NewServer(t, hub, func(s *rtmp.Server) { s.Logger = discardLogger() })
	for _, name := range testmedia.Files {
		t.Run(name, func(t *testing.T) {
			file, err := os.ReadFile(dir + "/" + name)
			if err != nil {
				t.Fatal(err)
			}
			want := readFLVTags(t, file)
			ctx := ctxT(t)
			player, err := rtmp.Dial(ctx, srv.URL+"/live/"+name, &rtmp.ClientConfig{PlayQueue: len(want) + 8})
			if err != nil {
				t.Fatal(err)
			}
			defer player.Close()
			ps, err := player.Play(ctx, name, rtmp.PlayLive, -1, false)
			if err != nil {
				t.Fatal(err)
			}
			<-hub.joined
			pub, err := rtmp.Dial(ctx, srv.URL+"/live/"+name, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer pub.Close()
			st, err := pub.Publish(ctx, name, "live")
			if err != nil {
				t.Fatal(err)
			}
			for b := file; len(b) > 0; {
				n := min(len(b), 1000)
				if _, err := st.Write(b[:n]); err != nil {
					t.Fatalf("Write: %v", err)
				}
				b = b[n:]
			}
			for i, w := range want {
				got, err := ps.ReadTagContext(ctx)
				if err != nil {
					t.Fatalf("ReadTag %d of %d: %v", i, len(want), err)
				}
				if !sameTag(got, w) {
					t.Fatalf("tag %d: type %v ts %d len %d, want type %v ts %d len %d", i, got.Type, got.Timestamp, len(got.Data), w.Type, w.Timestamp, len(w.Data))
				}
			}
			if d, ok := ps.Duration(); !ok || d < 5.9 || d > 6.1 {
				t.Errorf("Duration = %v, %v; want about 6", d, ok)
			}
		})
	}
}
