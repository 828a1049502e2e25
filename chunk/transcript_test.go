package chunk

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// transcriptDir holds raw sessions of real peers (ffmpeg, librtmp, GStreamer)
// against nginx-rtmp, committed with the repository (see its README.md).
const transcriptDir = "../testdata/transcripts"

// handshakeLen is C0+C1+C2 (or S0+S1+S2): the chunk stream starts after it.
const handshakeLen = 1 + 1536 + 1536

type tsvMessage struct {
	offset, end    int
	csid, msid, ts uint32
	fmt, typ       uint8
	length         int
	ext            string
}

func loadTSV(t *testing.T, path string) []tsvMessage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []tsvMessage
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		c := strings.Split(line, "\t")
		n := func(i int) uint64 {
			v, err := strconv.ParseUint(c[i], 10, 32)
			if err != nil {
				t.Fatalf("%s: column %d of %q: %v", path, i, line, err)
			}
			return v
		}
		if int(n(0)) != len(out) {
			t.Fatalf("%s: index %d out of order", path, n(0))
		}
		out = append(out, tsvMessage{offset: int(n(1)), end: int(n(2)), csid: uint32(n(3)), fmt: uint8(n(4)),
			typ: uint8(n(5)), msid: uint32(n(6)), ts: uint32(n(7)), length: int(n(8)), ext: c[10]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTranscripts replays every direction of every recorded session through
// the Reader (applying Set Chunk Size as a connection would) and checks each
// message against the transcript index: csid, type, stream id, absolute
// timestamp, length, and the exact byte offset where the message ends.
func TestTranscripts(t *testing.T) {
	bins, _ := filepath.Glob(filepath.Join(transcriptDir, "*.bin"))
	if len(bins) < 10 {
		t.Fatalf("found %d transcript files in %s, want 10", len(bins), transcriptDir)
	}
	for _, bin := range bins {
		name := strings.TrimSuffix(filepath.Base(bin), ".bin")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(bin)
			if err != nil {
				t.Fatal(err)
			}
			want := loadTSV(t, strings.TrimSuffix(bin, ".bin")+".msgs.tsv")
			replayTranscript(t, bytes.NewReader(data[handshakeLen:]), want, base(bin))
			replayTranscript(t, iotest.OneByteReader(bytes.NewReader(data[handshakeLen:])), want, base(bin))
		})
	}
}

func base(bin string) string { return strings.TrimSuffix(bin, ".bin") }

func replayTranscript(t *testing.T, in io.Reader, want []tsvMessage, base string) {
	r := NewReader(in, Limits{})
	types := map[uint8]int{}
	for i, w := range want {
		m, err := r.ReadMessage()
		if err != nil {
			t.Fatalf("message %d (offset %d): %v", i, w.offset, err)
		}
		if m.CSID != w.csid || m.Type != w.typ || m.StreamID != w.msid || m.Timestamp != w.ts || len(m.Payload) != w.length {
			t.Fatalf("message %d: csid %d type %d msid %d ts %d len %d, want %+v", i, m.CSID, m.Type, m.StreamID, m.Timestamp, len(m.Payload), w)
		}
		if end := handshakeLen + int(r.BytesRead()); end != w.end {
			t.Fatalf("message %d ends at %d, want %d", i, end, w.end)
		}
		if m.Type == 1 {
			if err := r.SetChunkSize(be32(m.Payload)); err != nil {
				t.Fatal(err)
			}
		}
		types[m.Type]++
	}
	if _, err := r.ReadMessage(); err != io.EOF {
		t.Fatalf("after %d messages: %v, want io.EOF", len(want), err)
	}
	checkExpect(t, base, types, want)
}

// checkExpect compares media counts with the session's expect.json.
func checkExpect(t *testing.T, base string, types map[uint8]int, msgs []tsvMessage) {
	dir := base[strings.LastIndexByte(base, '.')+1:] // c2s or s2c
	data, err := os.ReadFile(base[:strings.LastIndexByte(base, '.')] + ".expect.json")
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	var e struct {
		Messages int `json:"messages"`
		Media    map[string]struct {
			Count int `json:"count"`
		} `json:"media"`
	}
	if err := json.Unmarshal(top[dir], &e); err != nil {
		t.Fatal(err)
	}
	if len(msgs) != e.Messages {
		t.Fatalf("%d messages in tsv, expect.json says %d", len(msgs), e.Messages)
	}
	for kind, typ := range map[string]uint8{"audio": 8, "video": 9} {
		if types[typ] != e.Media[kind].Count {
			t.Errorf("%s: %d messages, want %d", kind, types[typ], e.Media[kind].Count)
		}
	}
}

// TestTranscriptFacts pins the headline facts of the publish sessions (from
// the transcripts' README) so a regression names the quirk it broke.
func TestTranscriptFacts(t *testing.T) {
	tests := []struct {
		session       string
		audio, video  int
		audioCSID     uint32
		videoCSID     uint32
		firstTS       [3]uint32 // first three media timestamps
		lastVideoTS   uint32
		chunkSizeSeen uint32
	}{
		{"ffmpeg-publish", 131, 79, 4, 6, [3]uint32{0, 0, 0}, 3040, 4096},
		{"librtmp-publish", 131, 79, 4, 4, [3]uint32{0, 0, 0}, 3040, 0},                                // negative delta 0xFFFFFFF4 at the end
		{"librtmp-publish-ts16m", 131, 79, 4, 4, [3]uint32{16777216, 16777216, 16777216}, 16780256, 0}, // repeated fmt-3 extended field
		{"gst-publish", 131, 79, 5, 6, [3]uint32{0, 0, 0}, 2972, 128},
	}
	for _, tt := range tests {
		t.Run(tt.session, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(transcriptDir, tt.session+".c2s.bin"))
			if err != nil {
				t.Fatal(err)
			}
			r := NewReader(bytes.NewReader(data[handshakeLen:]), Limits{})
			var audio, video int
			var first []uint32
			var lastVideo, chunkSize uint32
			for {
				m, err := r.ReadMessage()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				switch m.Type {
				case 1:
					chunkSize = be32(m.Payload)
					_ = r.SetChunkSize(chunkSize)
				case 8:
					audio++
					if m.CSID != tt.audioCSID {
						t.Fatalf("audio on csid %d", m.CSID)
					}
				case 9:
					video++
					lastVideo = m.Timestamp
					if m.CSID != tt.videoCSID {
						t.Fatalf("video on csid %d", m.CSID)
					}
				}
				if (m.Type == 8 || m.Type == 9) && len(first) < 3 {
					first = append(first, m.Timestamp)
				}
			}
			if audio != tt.audio || video != tt.video || [3]uint32(first) != tt.firstTS || lastVideo != tt.lastVideoTS || chunkSize != tt.chunkSizeSeen {
				t.Fatalf("audio %d video %d first %v last video ts %d chunk size %d; want %+v", audio, video, first, lastVideo, chunkSize, tt)
			}
		})
	}
}
