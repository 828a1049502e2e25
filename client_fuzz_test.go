package rtmp_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
)

type sm = struct {
	m   message.Message
	sid uint32
}

// runFuzzSession plays a client session against a fake server: it sends
// a after the handshake, b once the client asked for createStream and c
// once it asked to play, then closes. The client does Connect,
// CreateStream, Play and ReadTag until the end; the tags read are returned.
// With lend the tags go through a tag handler (copied there) instead of
// ReadTag. The client gives up after stall (the fuzzed replies may never
// satisfy it); closing the client ends the server side too.
func runFuzzSession(stall time.Duration, lend bool, a, b, c []byte) []flv.Tag {
	cn, sn := net.Pipe()
	go func() {
		defer sn.Close()
		br := bufio.NewReader(sn)
		if _, err := handshake.Server(struct {
			io.Reader
			io.Writer
		}{br, sn}, nil); err != nil {
			return
		}
		// The server reads all the time and writes from another goroutine,
		// as a TCP peer with socket buffers would not block the client.
		parts := make(chan []byte, 3)
		parts <- a
		wdone := make(chan struct{})
		go func() {
			defer close(wdone)
			for p := range parts {
				if _, err := sn.Write(p); err != nil {
					return
				}
			}
		}()
		defer func() {
			close(parts)
			sn.Close() // unblocks a Write the client no longer reads
			<-wdone
		}()
		cr := chunk.NewReader(br, chunk.Limits{})
		for {
			m, err := cr.ReadMessage()
			if err != nil {
				return
			}
			msg, err := message.Decode(m)
			if err != nil {
				return
			}
			switch v := msg.(type) {
			case *message.SetChunkSize:
				cr.SetChunkSize(v.Size)
			case *message.Command:
				switch v.Name {
				case "createStream":
					parts <- b
				case "play":
					parts <- c
					// Keep reading what the client sends until it closes.
					io.Copy(io.Discard, br)
					return
				}
			}
		}
	}()
	u, _ := rtmp.ParseURL("rtmp://fuzz/app/s")
	cc := rtmp.NewClientConn(cn, u, &rtmp.ClientConfig{Handshake: &handshake.Config{Kind: handshake.Plain}, Logger: fuzzLogger, ChunkSize: 128, WriteTimeout: stall})
	defer cc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), stall)
	defer cancel()
	var tags []flv.Tag
	if _, err := cc.Connect(ctx); err != nil {
		return nil
	}
	s, err := cc.CreateStream(ctx)
	if err != nil {
		return nil
	}
	if lend {
		s.SetTagHandler(func(tag flv.Tag) {
			tag.Data = bytes.Clone(tag.Data) // lent
			tags = append(tags, tag)
		})
	}
	if err := s.Play(ctx, "s", 0, -1, false); err != nil {
		return nil
	}
	for {
		tag, err := s.ReadTagContext(ctx)
		if err != nil {
			fuzzLogger.Debug("fuzz session ended", "err", err, "conn", cc.Err())
			if lend {
				// Given up (stall): close, and wait until the handler has
				// made its last call before tags is read.
				cc.Close()
				s.ReadTag()
			}
			return tags
		}
		tags = append(tags, tag)
	}
}

// fuzzSeed is a well-behaved server's session in three parts (see
// runFuzzSession).
func fuzzSeed(tb testing.TB) (a, b, c []byte) {
	md, _ := flv.AppendScript(nil, flv.OnMetaData, amf0.ECMAArray{{Key: "duration", Value: 3.0}})
	var buf bytes.Buffer
	w := chunk.NewWriter(&buf)
	part := func(msgs ...sm) []byte {
		buf.Reset()
		for _, x := range msgs {
			cm, err := message.Encode(x.m, x.sid, 0)
			if err != nil {
				tb.Fatal(err)
			}
			if err := w.WriteMessage(cm); err != nil {
				tb.Fatal(err)
			}
			if v, ok := x.m.(message.SetChunkSize); ok {
				w.SetChunkSize(v.Size)
			}
		}
		return bytes.Clone(buf.Bytes())
	}
	a = part(
		sm{message.WindowAckSize{Size: 100}, 0},
		sm{message.SetPeerBandwidth{Size: 100, Limit: message.LimitDynamic}, 0},
		sm{message.SetChunkSize{Size: 64}, 0},
		sm{message.NewConnectResult(1, "FMS/3,0,1,123", 0), 0},
		sm{message.PingRequest{Timestamp: 5}, 0},
	)
	b = part(sm{message.NewResult(2, nil, 1.0), 0})
	c = part(
		sm{&message.Command{Name: "onBWDone", Args: []any{8192.0}}, 0},
		sm{message.StreamBegin{StreamID: 1}, 0},
		sm{message.NewOnStatus(message.Status{Level: "status", Code: rtmp.CodePlayStart}), 1},
		sm{message.Data{Handler: flv.OnMetaData, Args: []any{amf0.ECMAArray{{Key: "duration", Value: 3.0}}}}, 1},
		sm{message.Video{Payload: []byte{0x17, 0, 0, 0, 0, 1, 2, 3}}, 1},
		sm{message.Audio{Payload: append([]byte{0xaf, 1}, md...)}, 1},
		sm{message.Aggregate{Messages: []chunk.Message{{Type: 8, Timestamp: 10, Payload: []byte{0xaf, 1, 9}}, {Type: 9, Timestamp: 20, Payload: []byte{0x27, 1, 0, 0, 0}}}}, 1},
		sm{message.NewOnStatus(message.Status{Level: "status", Code: rtmp.CodePlayStop}), 1},
	)
	return a, b, c
}

func TestFuzzSeedSession(t *testing.T) {
	fuzzLogger = testLogger(t)
	defer func() { fuzzLogger = discardLogger() }()
	a, b, c := fuzzSeed(t)
	tags := runFuzzSession(5*time.Second, false, a, b, c)
	// metadata, video, audio, and the aggregate's two messages
	// (the aggregate is sent with timestamp 0, which its first message gets)
	if len(tags) != 5 || tags[0].Type != flv.TagScript || tags[3].Timestamp != 0 || tags[4].Timestamp != 10 {
		t.Fatalf("seed session read %d tags: %+v", len(tags), tags)
	}
	// A tag handler sees the same tags.
	lent := runFuzzSession(5*time.Second, true, a, b, c)
	if len(lent) != len(tags) {
		t.Fatalf("the tag handler got %d tags, ReadTag %d", len(lent), len(tags))
	}
	for i := range tags {
		if !sameTag(lent[i], tags[i]) {
			t.Errorf("tag %d: handler %+v, ReadTag %+v", i, lent[i], tags[i])
		}
	}
}

// FuzzClientSession feeds arbitrary server bytes to a client doing
// Connect, CreateStream, Play and ReadTag: it must end, with or without an
// error, and never panic or hang.
func FuzzClientSession(f *testing.F) {
	a, b, c := fuzzSeed(f)
	f.Add(a, b, c)
	f.Add(a, b, c[:len(c)/2])
	f.Add(a[:len(a)-3], b, c)
	f.Fuzz(func(t *testing.T, a, b, c []byte) {
		runFuzzSession(30*time.Millisecond, false, a, b, c)
		runFuzzSession(30*time.Millisecond, true, a, b, c)
	})
}

var fuzzLogger = discardLogger()
