package server

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// killChildEnv makes TestKillChild run a recording server in a child
// process (re-executed test binary) instead of returning at once.
const killChildEnv = "RTMPKIT_SERVER_KILL_CHILD_DIR"

// TestKillChild is the child side of TestRecordSurvivesSIGKILL: it serves
// with recording into $RTMPKIT_SERVER_KILL_CHILD_DIR, prints its address and
// runs until it is killed.
func TestKillChild(t *testing.T) {
	dir := os.Getenv(killChildEnv)
	if dir == "" {
		return // only meaningful as a child process
	}
	cfg := DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.Record = RecordConfig{Mode: RecordAll, Dir: dir, Path: DefaultRecordPath}
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("ADDR %s\n", s.Addr())
	select {}
}

// TestRecordSurvivesSIGKILL: a server process killed with SIGKILL in the
// middle of a publish leaves a recording that reads back cleanly up to a
// whole tag, holding at least every tag it had received.
func TestRecordSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
	cmd.Env = append(os.Environ(), killChildEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	t.Cleanup(func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
		if t.Failed() {
			t.Logf("child stderr:\n%s", stderr.String())
		}
	})
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "ADDR "); ok {
				addrc <- a
			}
		}
		io.Copy(io.Discard, out)
	}()
	var addr string
	select {
	case addr = <-addrc:
	case <-time.After(20 * time.Second):
		t.Fatal("child server did not start")
	}

	pub := dialRaw(t, addr)
	sid, _ := pub.connect("live")
	if code := pub.publish(sid, "cam"); code != "NetStream.Publish.Start" {
		t.Fatal(code)
	}
	stream := synthStream(400)
	confirmed := stream[:402] // headers + 200 frames of each kind
	pub.sendTags(sid, confirmed)
	size := int64(flv.HeaderSize + 4)
	for _, tg := range confirmed {
		size += int64(flv.TagHeaderSize + len(tg.Data) + 4)
	}
	var file string
	waitFor(t, func() bool {
		files := recordings(t, dir)
		if len(files) != 1 {
			return false
		}
		file = files[0]
		fi, err := os.Stat(file)
		return err == nil && fi.Size() >= size
	})
	// Keep publishing (with a large tag among them) and kill mid-stream.
	big := flv.Tag{Type: flv.TagVideo, Timestamp: 8000, Data: append(videoFrame(999, false), make([]byte, 1<<20)...)}
	rest := append([]flv.Tag{big}, stream[402:]...)
	go pub.writeTags(sid, rest) // fails once the server is gone
	time.Sleep(5 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed = true
	cmd.Wait()

	tags, err := readFLV(t, file)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("recording after SIGKILL: %v after %d tags", err, len(tags))
	}
	if len(tags) < len(confirmed) {
		t.Fatalf("recording has %d tags, want at least the %d received before the kill", len(tags), len(confirmed))
	}
	for i, tg := range confirmed {
		if !bytes.Equal(tags[i].Data, tg.Data) || tags[i].Timestamp != tg.Timestamp {
			t.Fatalf("tag %d differs", i)
		}
	}
	t.Logf("%s: %d whole tags after SIGKILL (read ended with %v)", filepath.Base(file), len(tags), err)
}
