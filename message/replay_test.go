package message

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/iotest"

	"github.com/rtmpkit/rtmp/chunk"
)

// Replay of raw transcripts of real clients (ffmpeg, librtmp, GStreamer)
// against nginx-rtmp: the bytes after the 3073-byte handshake go through
// chunk.Reader and Decode, and every message is checked against the
// session's expect.json (see ../testdata/transcripts/README.md).

const transcriptDir = "../testdata/transcripts"

type transcriptExpect struct {
	Messages       int `json:"messages"`
	DataMsgs       int `json:"data_msgs"`
	FinalChunkSize int `json:"final_chunk_size"`
	NonMedia       []struct {
		Index int    `json:"index"`
		Type  uint8  `json:"type"`
		CSID  uint32 `json:"csid"`
		MSID  uint32 `json:"msid"`
		TS    uint32 `json:"ts"`
		Len   int    `json:"len"`
		Name  string `json:"name"`
		Txn   *int   `json:"txn"`
		Args  []any  `json:"args"`
		Code  string `json:"code"`
		Desc  string `json:"desc"`
	} `json:"non_media"`
	Media map[string]struct {
		Count   int    `json:"count"`
		Bytes   int    `json:"bytes"`
		FirstTS uint32 `json:"first_ts"`
		LastTS  uint32 `json:"last_ts"`
	} `json:"media"`
}

// describe renders a decoded control message like expect.json's desc.
func describe(m Message) string {
	switch m := m.(type) {
	case *SetChunkSize:
		return fmt.Sprintf("SetChunkSize %d", m.Size)
	case *WindowAckSize:
		return fmt.Sprintf("WindowAckSize %d", m.Size)
	case *SetPeerBandwidth:
		return fmt.Sprintf("SetPeerBandwidth %d limit=%d", m.Size, m.Limit)
	case *SetBufferLength:
		return fmt.Sprintf("UserControl SetBufferLength msid=%d %dms", m.StreamID, m.BufferLength)
	case *StreamBegin:
		return fmt.Sprintf("UserControl StreamBegin %d", m.StreamID)
	case *StreamEOF:
		return fmt.Sprintf("UserControl StreamEOF %d", m.StreamID)
	}
	return fmt.Sprintf("%T", m)
}

func TestReplayTranscripts(t *testing.T) {
	sessions, _ := filepath.Glob(filepath.Join(transcriptDir, "*.expect.json"))
	if len(sessions) == 0 {
		t.Fatal("no transcripts in " + transcriptDir + " (they are committed fixtures)")
	}
	for _, exp := range sessions {
		name := filepath.Base(exp[:len(exp)-len(".expect.json")])
		raw, err := os.ReadFile(exp)
		if err != nil {
			t.Fatal(err)
		}
		var dirs struct {
			HandshakeEnd int              `json:"handshake_end"`
			C2S          transcriptExpect `json:"c2s"`
			S2C          transcriptExpect `json:"s2c"`
		}
		if err := json.Unmarshal(raw, &dirs); err != nil {
			t.Fatal(err)
		}
		if dirs.HandshakeEnd != 3073 {
			t.Fatalf("%s: handshake ends at %d", name, dirs.HandshakeEnd)
		}
		for _, dir := range []string{"c2s", "s2c"} {
			t.Run(name+"/"+dir, func(t *testing.T) {
				bin, err := os.ReadFile(filepath.Join(transcriptDir, name+"."+dir+".bin"))
				if err != nil {
					t.Fatal(err)
				}
				want := dirs.C2S
				if dir == "s2c" {
					want = dirs.S2C
				}
				commands := replay(t, bin[3073:], want)
				if seq, ok := wantCommandSequence[name+"/"+dir]; ok && !reflect.DeepEqual(commands, seq) {
					t.Errorf("commands %v\nwant %v", commands, seq)
				}
			})
		}
	}
}

// wantCommandSequence is the README's command sequence (name/txn) per
// session and direction.
var wantCommandSequence = map[string][]string{
	"ffmpeg-publish/c2s":  {"connect/1", "releaseStream/2", "FCPublish/3", "createStream/4", "publish/5", "FCUnpublish/6", "deleteStream/7"},
	"librtmp-publish/c2s": {"connect/1", "releaseStream/2", "FCPublish/3", "createStream/4", "publish/5", "FCUnpublish/6", "deleteStream/7"},
	"gst-publish/c2s":     {"connect/1", "releaseStream/0", "FCPublish/0", "createStream/2", "publish/0", "FCUnpublish/0", "deleteStream/0"},
	"ffmpeg-play/c2s":     {"connect/1", "createStream/2", "getStreamLength/3", "play/4", "deleteStream/5"},
	"ffmpeg-publish/s2c":  {"_result/1", "_result/4", "onStatus/0", "onStatus/0"},
	"ffmpeg-play/s2c":     {"_result/1", "_result/2", "onStatus/0"},
}

// replay decodes every message of one direction, checks it against want and
// returns the command sequence as name/txn.
func replay(t *testing.T, stream []byte, want transcriptExpect) []string {
	return replayFrom(t, bytes.NewReader(stream), want)
}

// TestReplayAdversarialReads replays one session through one-byte and
// half reads: decoding must not depend on how the bytes arrive.
func TestReplayAdversarialReads(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(transcriptDir, "librtmp-publish-ts16m.expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dirs struct {
		C2S transcriptExpect `json:"c2s"`
	}
	if err := json.Unmarshal(raw, &dirs); err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(filepath.Join(transcriptDir, "librtmp-publish-ts16m.c2s.bin"))
	if err != nil {
		t.Fatal(err)
	}
	want := wantCommandSequence["librtmp-publish/c2s"]
	for name, r := range map[string]io.Reader{
		"OneByteReader": iotest.OneByteReader(bytes.NewReader(bin[3073:])),
		"HalfReader":    iotest.HalfReader(bytes.NewReader(bin[3073:])),
	} {
		t.Run(name, func(t *testing.T) {
			if got := replayFrom(t, r, dirs.C2S); !reflect.DeepEqual(got, want) {
				t.Errorf("commands %v, want %v", got, want)
			}
		})
	}
}

func replayFrom(t *testing.T, in io.Reader, want transcriptExpect) []string {
	r := chunk.NewReader(in, chunk.Limits{})
	nonMedia := map[int]int{}
	for i, nm := range want.NonMedia {
		nonMedia[nm.Index] = i
	}
	type mediaStat struct {
		count, bytes int
		first, last  uint32
		haveFirst    bool
	}
	media := map[uint8]*mediaStat{TypeAudio: {}, TypeVideo: {}}
	var commands []string
	index, dataMsgs := 0, 0
	for ; ; index++ {
		cm, err := r.ReadMessage()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("message %d: chunk reader: %v", index, err)
		}
		msg, err := Decode(cm)
		if err != nil {
			t.Fatalf("message %d (type %d): %v", index, cm.Type, err)
		}
		switch m := msg.(type) {
		case *SetChunkSize:
			if err := r.SetChunkSize(m.Size); err != nil {
				t.Fatal(err)
			}
		case *Audio, *Video:
			s := media[cm.Type]
			s.count++
			s.bytes += len(cm.Payload)
			if !s.haveFirst {
				s.first, s.haveFirst = cm.Timestamp, true
			}
			s.last = cm.Timestamp
		case *Data:
			dataMsgs++
		case *Command:
			commands = append(commands, fmt.Sprintf("%s/%v", m.Name, m.TransactionID))
		}
		i, ok := nonMedia[index]
		if !ok {
			continue
		}
		nm := want.NonMedia[i]
		delete(nonMedia, index)
		if cm.Type != nm.Type || cm.CSID != nm.CSID || cm.StreamID != nm.MSID || cm.Timestamp != nm.TS || len(cm.Payload) != nm.Len {
			t.Errorf("#%d header = type %d csid %d msid %d ts %d len %d, want %+v", index, cm.Type, cm.CSID, cm.StreamID, cm.Timestamp, len(cm.Payload), nm)
		}
		switch m := msg.(type) {
		case *Command:
			if m.Name != nm.Name || nm.Txn == nil || m.TransactionID != float64(*nm.Txn) {
				t.Errorf("#%d command %s txn %v, want %s %v", index, m.Name, m.TransactionID, nm.Name, nm.Txn)
			}
			if nm.Args != nil {
				var got []any
				for _, a := range m.Args {
					if n, ok := a.(float64); ok {
						got = append(got, n)
					} else {
						got = append(got, a)
					}
				}
				if !reflect.DeepEqual(got, nm.Args) {
					t.Errorf("#%d %s args %#v, want %#v", index, m.Name, got, nm.Args)
				}
			}
			if nm.Code != "" {
				if st, ok := m.Status(); !ok || st.Code != nm.Code {
					t.Errorf("#%d status %+v, want code %s", index, st, nm.Code)
				}
			}
			if m.Name == CommandConnect {
				if app, ok := StringProperty(m.Object, "app"); !ok || app != "live" {
					t.Errorf("#%d connect app = %q", index, app)
				}
			}
		case *Data:
			got := m.Handler
			if s, ok := m.Args[0].(string); ok && m.Handler == HandlerSetDataFrame {
				got += "/" + s
			}
			if got != nm.Name {
				t.Errorf("#%d data %q, want %q", index, got, nm.Name)
			}
		default:
			if d := describe(msg); d != nm.Desc {
				t.Errorf("#%d = %q, want %q", index, d, nm.Desc)
			}
		}
	}
	if index != want.Messages {
		t.Errorf("%d messages, want %d", index, want.Messages)
	}
	if len(nonMedia) != 0 {
		t.Errorf("non-media messages not seen: %v", nonMedia)
	}
	if dataMsgs != want.DataMsgs {
		t.Errorf("%d data messages, want %d", dataMsgs, want.DataMsgs)
	}
	if int(r.ChunkSize()) != want.FinalChunkSize {
		t.Errorf("final chunk size %d, want %d", r.ChunkSize(), want.FinalChunkSize)
	}
	for kind, typ := range map[string]uint8{"audio": TypeAudio, "video": TypeVideo} {
		w, ok := want.Media[kind]
		s := media[typ]
		if !ok {
			if s.count != 0 {
				t.Errorf("%d %s messages, want none", s.count, kind)
			}
			continue
		}
		if s.count != w.Count || s.bytes != w.Bytes || s.first != w.FirstTS || s.last != w.LastTS {
			t.Errorf("%s: %d msgs %d B ts %d..%d, want %d msgs %d B ts %d..%d", kind, s.count, s.bytes, s.first, s.last, w.Count, w.Bytes, w.FirstTS, w.LastTS)
		}
	}
	return commands
}
