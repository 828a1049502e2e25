package rtmp

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// recorder is a test Handler that accepts everything and records what it sees.
type recorder struct {
	mu       sync.Mutex
	reqs     []Request
	tags     []flv.Tag
	closed   int
	closedCh chan struct{}
}

func newRecorder() *recorder { return &recorder{closedCh: make(chan struct{}, 16)} }

func (r *recorder) ServeRTMP(w ResponseWriter, req *Request) {
	r.mu.Lock()
	r.reqs = append(r.reqs, *req)
	r.mu.Unlock()
	if req.Kind == KindPublish {
		w.SetSink(r)
	}
}

func (r *recorder) WriteTag(t flv.Tag) error {
	r.mu.Lock()
	r.tags = append(r.tags, t)
	r.mu.Unlock()
	return nil
}

func (r *recorder) Close() error {
	r.mu.Lock()
	r.closed++
	r.mu.Unlock()
	r.closedCh <- struct{}{}
	return nil
}

func (r *recorder) count(typ flv.TagType) (n int, first, last uint32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, t := range r.tags {
		if t.Type == typ {
			if n == 0 {
				first = t.Timestamp
			}
			last = t.Timestamp
			n++
		}
	}
	return
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// serverMsg is one message the server sent, with its command decoded.
type serverMsg struct {
	chunk.Message
	cmd *message.Command
}

// replay feeds a client transcript into a server over net.Pipe and returns
// every message the server wrote. It waits for the handler's sink to close
// (the transcript ends with FCUnpublish/deleteStream).
func replay(t *testing.T, name string, h Handler, waitClose <-chan struct{}) []serverMsg {
	t.Helper()
	in, err := os.ReadFile("testdata/transcripts/" + name + ".c2s.bin")
	if err != nil {
		t.Fatal(err)
	}
	srv := &Server{Handler: h, Logger: quietLogger()}
	cli, sc := net.Pipe()
	done := make(chan struct{})
	go func() { srv.ServeConn(sc); close(done) }()
	var out bytes.Buffer
	readDone := make(chan struct{})
	go func() { io.Copy(&out, cli); close(readDone) }()
	if _, err := cli.Write(in); err != nil {
		t.Fatalf("write transcript: %v", err)
	}
	if waitClose != nil {
		select {
		case <-waitClose:
		case <-time.After(5 * time.Second):
			t.Fatal("publish never ended")
		}
	}
	time.Sleep(50 * time.Millisecond) // let the writer flush replies
	cli.Close()
	<-done
	<-readDone
	return parseServerOutput(t, out.Bytes())
}

func parseServerOutput(t *testing.T, b []byte) []serverMsg {
	t.Helper()
	if len(b) < 3073 {
		t.Fatalf("server wrote %d bytes, less than S0S1S2", len(b))
	}
	cr := chunk.NewReader(bufio.NewReader(bytes.NewReader(b[3073:])), chunk.Limits{})
	var msgs []serverMsg
	for {
		m, err := cr.ReadMessage()
		if err != nil {
			if err != io.EOF {
				t.Fatalf("server output: %v", err)
			}
			return msgs
		}
		sm := serverMsg{Message: *m}
		sm.Payload = append([]byte(nil), m.Payload...)
		if m.Type == 1 {
			cr.SetChunkSize(uint32(m.Payload[0])<<24 | uint32(m.Payload[1])<<16 | uint32(m.Payload[2])<<8 | uint32(m.Payload[3]))
		}
		if m.Type == 20 || m.Type == 17 {
			sm.cmd, err = decodeCommand(&sm.Message)
			if err != nil {
				t.Fatalf("server command: %v", err)
			}
		}
		msgs = append(msgs, sm)
	}
}

func findCmd(msgs []serverMsg, name string) []serverMsg {
	var out []serverMsg
	for _, m := range msgs {
		if m.cmd != nil && m.cmd.Name == name {
			out = append(out, m)
		}
	}
	return out
}

func statusCodes(msgs []serverMsg) []string {
	var codes []string
	for _, m := range findCmd(msgs, "onStatus") {
		if len(m.cmd.Args) > 0 {
			codes = append(codes, prop(m.cmd.Args[0], "code"))
		}
	}
	return codes
}

func TestReplayPublishTranscripts(t *testing.T) {
	tests := []struct {
		name, stream         string
		video, audio, script int
		vLast, aLast         uint32
		vFirst, aFirst       uint32
		createTxn            float64
		resultTxns           []float64
	}{
		{"ffmpeg-publish", "tx-ffmpeg", 79, 131, 1, 3040, 3052, 0, 0, 4, []float64{1, 2, 4}},
		{"librtmp-publish", "tx-librtmp", 79, 131, 1, 3040, 3052, 0, 0, 4, []float64{1, 2, 4}},
		{"librtmp-publish-ts16m", "tx-librtmp-ts16m", 79, 131, 1, 16780256, 16780268, 16777216, 16777216, 4, []float64{1, 2, 4}},
		{"gst-publish", "tx-gst", 79, 131, 19, 2972, 2972, 0, 0, 2, []float64{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder()
			msgs := replay(t, tt.name, rec, rec.closedCh)
			rec.mu.Lock()
			reqs := append([]Request(nil), rec.reqs...)
			rec.mu.Unlock()
			if len(reqs) != 2 || reqs[0].Kind != KindConnect || reqs[1].Kind != KindPublish {
				t.Fatalf("requests = %+v, want connect, publish", reqs)
			}
			if reqs[0].App != "live" || reqs[1].App != "live" || reqs[1].Name != tt.stream || reqs[1].PublishType != "live" || reqs[1].StreamID != 1 {
				t.Errorf("publish request app=%q name=%q type=%q sid=%d", reqs[1].App, reqs[1].Name, reqs[1].PublishType, reqs[1].StreamID)
			}
			n, first, last := rec.count(flv.TagVideo)
			if n != tt.video || first != tt.vFirst || last != tt.vLast {
				t.Errorf("video: %d tags ts %d..%d, want %d ts %d..%d", n, first, last, tt.video, tt.vFirst, tt.vLast)
			}
			n, first, last = rec.count(flv.TagAudio)
			if n != tt.audio || first != tt.aFirst || last != tt.aLast {
				t.Errorf("audio: %d tags ts %d..%d, want %d ts %d..%d", n, first, last, tt.audio, tt.aFirst, tt.aLast)
			}
			n, _, _ = rec.count(flv.TagScript)
			if n != tt.script {
				t.Errorf("script tags = %d, want %d", n, tt.script)
			}
			rec.mu.Lock()
			for _, tag := range rec.tags {
				if tag.Type == flv.TagScript && !flv.IsMetadata(tag.Data) {
					t.Errorf("script tag does not start with onMetaData (@setDataFrame not stripped?): %q", tag.Data[:min(20, len(tag.Data))])
				}
			}
			if rec.closed != 1 {
				t.Errorf("sink closed %d times, want 1", rec.closed)
			}
			rec.mu.Unlock()
			// replies: connect and createStream results; no reply to txn 0
			var txns []float64
			for _, m := range findCmd(msgs, "_result") {
				txns = append(txns, m.cmd.TransactionID)
			}
			if !equalFloats(txns, tt.resultTxns) {
				t.Errorf("_result txns = %v, want %v", txns, tt.resultTxns)
			}
			cs := findCmd(msgs, "_result")
			for _, m := range cs {
				if m.cmd.TransactionID == tt.createTxn {
					if v, _ := m.cmd.NumberArg(0); v != 1 {
						t.Errorf("createStream result = %v, want 1", m.cmd.Args)
					}
				}
				if m.cmd.TransactionID == 1 {
					if code := prop(m.cmd.Args[0], "code"); code != CodeConnectSuccess {
						t.Errorf("connect code %q", code)
					}
					if v := prop(m.cmd.Object, "fmsVer"); v != "FMS/3,0,1,123" {
						t.Errorf("fmsVer %q", v)
					}
				}
			}
			codes := statusCodes(msgs)
			if len(codes) != 2 || codes[0] != CodePublishStart || codes[1] != CodeUnpublishSuccess {
				t.Errorf("onStatus codes = %v", codes)
			}
			for _, m := range findCmd(msgs, "onStatus") {
				if m.StreamID != 1 || m.CSID != 5 {
					t.Errorf("onStatus on csid %d msid %d, want 5/1", m.CSID, m.StreamID)
				}
			}
			// control: WindowAckSize, SetPeerBandwidth, SetChunkSize before _result
			if len(msgs) < 4 || msgs[0].Type != 5 || msgs[1].Type != 6 || msgs[2].Type != 1 || msgs[3].cmd == nil {
				t.Errorf("first server messages: types %d %d %d", msgs[0].Type, msgs[1].Type, msgs[2].Type)
			}
		})
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReplayFFmpegPlay replays ffmpeg's play session: connect, createStream,
// getStreamLength, play(-2000) on msid 1, SetBufferLength, deleteStream(1).
func TestReplayFFmpegPlay(t *testing.T) {
	ended := make(chan struct{})
	var req *Request
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Kind != KindPlay {
			return
		}
		req = r
		tw := w.TagWriter(0)
		tw.WriteTag(flv.Tag{Type: flv.TagVideo, Timestamp: 0, Data: []byte{0x17, 0, 0, 0, 0}})
		go func() { <-tw.Done(); close(ended) }()
	})
	msgs := replay(t, "ffmpeg-play", h, ended)
	if req == nil || req.Name != "tx-play" || req.Start != -2000 || !req.Live || req.StreamID != 1 {
		t.Fatalf("play request %+v", req)
	}
	codes := statusCodes(msgs)
	if len(codes) != 1 || codes[0] != CodePlayStart {
		t.Errorf("onStatus codes %v", codes)
	}
	var video, eof int
	for _, m := range msgs {
		if m.Type == 9 {
			if m.StreamID != 1 || m.CSID != 7 {
				t.Errorf("video on csid %d msid %d", m.CSID, m.StreamID)
			}
			video++
		}
		if m.Type == 4 && len(m.Payload) == 6 && m.Payload[1] == 1 && m.Payload[5] == 1 {
			eof++ // StreamEOF(1), the answer to deleteStream
		}
	}
	// The whole transcript arrives at once, so deleteStream may stop the
	// play before the writer drained the queued frame: 0 or 1 video message.
	if video > 1 || eof != 1 {
		t.Errorf("video messages %d, StreamEOF %d; want at most 1 and 1", video, eof)
	}
	if r := findCmd(msgs, "_result"); len(r) != 3 { // connect, createStream, getStreamLength
		t.Errorf("%d _result replies, want 3", len(r))
	}
}
