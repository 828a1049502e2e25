// Package testmedia generates the small FLV files the interoperability tests
// publish: H.264 + AAC in two profiles, audio only and video only, each
// [Duration] long with a keyframe every [GOP].
//
// The files are made by ffmpeg from lavfi test sources, single-threaded with
// bitexact flags, so one ffmpeg build always writes the same bytes. They are
// generated once per test process (and cached across processes in a
// directory under os.TempDir named after the ffmpeg version and the recipe);
// a test without ffmpeg is skipped, or failed under
// RTMPKIT_REQUIRE_PEERS=1 (see package peertest).
package testmedia

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/internal/peertest"
)

// Duration is the length of every test file.
const Duration = 6 * time.Second

// GOP is the keyframe interval of the video tracks (50 frames at 25 fps).
const GOP = 2 * time.Second

// The test files.
const (
	// AVBaseline: H.264 Constrained Baseline 320x240@25 (no B-frames) +
	// AAC-LC 44.1 kHz stereo.
	AVBaseline = "av-baseline.flv"
	// AVHigh: H.264 High with 3 B-frames (non-zero composition time) + the
	// same AAC.
	AVHigh = "av-high.flv"
	// AudioOnly: AAC-LC 44.1 kHz stereo (440 Hz left, 660 Hz right).
	AudioOnly = "audio-only.flv"
	// VideoOnly: H.264 High with B-frames.
	VideoOnly = "video-only.flv"
)

// Files lists every test file.
var Files = []string{AVBaseline, AVHigh, AudioOnly, VideoOnly}

// recipeVersion changes whenever the ffmpeg arguments below change, so a
// cached directory never serves stale files.
const recipeVersion = "2"

// recipe returns the ffmpeg arguments (after the common ones) that write name.
func recipe(name string) []string {
	secs := strconv.Itoa(int(Duration / time.Second))
	video := []string{"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=" + secs}
	audio := []string{"-f", "lavfi", "-i", "aevalsrc=0.3*sin(2*PI*440*t)|0.3*sin(2*PI*660*t):s=44100:c=stereo:d=" + secs}
	gop := []string{"-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-pix_fmt", "yuv420p"}
	aenc := []string{"-c:a", "aac", "-b:a", "96k", "-ar", "44100", "-ac", "2"}
	h264 := func(profile, bframes string) []string {
		return append([]string{"-c:v", "libx264", "-profile:v", profile, "-preset", "veryfast",
			"-b:v", "300k", "-bf", bframes}, gop...)
	}
	var a []string
	switch name {
	case AVBaseline:
		a = join(video, audio, []string{"-map", "0:v", "-map", "1:a"}, h264("baseline", "0"), aenc)
	case AVHigh:
		a = join(video, audio, []string{"-map", "0:v", "-map", "1:a"}, h264("high", "3"), aenc)
	case AudioOnly:
		a = join(audio, []string{"-map", "0:a"}, aenc)
	case VideoOnly:
		a = join(video, []string{"-map", "0:v"}, h264("high", "3"))
	default:
		panic("testmedia: unknown file " + name)
	}
	return join(a, []string{"-threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
		"-flags:a", "+bitexact", "-map_metadata", "-1", "-f", "flv"})
}

func join(parts ...[]string) []string {
	var a []string
	for _, p := range parts {
		a = append(a, p...)
	}
	return a
}

var (
	once   sync.Once
	dir    string
	genErr error

	probeMu sync.Mutex
	probes  = map[string]*peertest.Probe{}
)

// Dir returns the directory holding every file of [Files], generating them
// on first use. It skips or fails t when ffmpeg is missing and fails t when
// generation failed.
func Dir(t testing.TB) string {
	t.Helper()
	ffmpeg := peertest.Program(t, "ffmpeg", "ffmpeg")
	once.Do(func() { dir, genErr = generate(ffmpeg) })
	if genErr != nil {
		t.Fatalf("testmedia: %v", genErr)
	}
	return dir
}

// Path returns the path of the test file name (one of [Files]).
func Path(t testing.TB, name string) string {
	t.Helper()
	return filepath.Join(Dir(t), name)
}

// Probe returns ffprobe's view of the test file name, computed once per
// process: the reference the recordings of the interop tests are compared with.
func Probe(t testing.TB, name string) *peertest.Probe {
	t.Helper()
	p := Path(t, name)
	probeMu.Lock()
	defer probeMu.Unlock()
	if pr, ok := probes[name]; ok {
		return pr
	}
	pr := peertest.ProbeFile(t, p)
	probes[name] = pr
	return pr
}

// generate writes every file into a cache directory named after the ffmpeg
// build and the recipe, unless a complete one exists already.
func generate(ffmpeg string) (string, error) {
	ver, err := exec.Command(ffmpeg, "-version").Output()
	if err != nil {
		return "", fmt.Errorf("ffmpeg -version: %w", err)
	}
	h := sha256.New()
	first, _, _ := strings.Cut(string(ver), "\n")
	fmt.Fprintf(h, "%s\n%s\n", first, recipeVersion)
	for _, name := range Files {
		fmt.Fprintf(h, "%s %q\n", name, recipe(name))
	}
	final := filepath.Join(os.TempDir(), "rtmpkit-testmedia-"+hex.EncodeToString(h.Sum(nil))[:16])
	if complete(final) {
		return final, nil
	}
	tmp, err := os.MkdirTemp(os.TempDir(), "rtmpkit-testmedia-tmp-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for _, name := range Files {
		args := append([]string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y"}, recipe(name)...)
		args = append(args, filepath.Join(tmp, name))
		if out, err := exec.Command(ffmpeg, args...).CombinedOutput(); err != nil {
			return "", fmt.Errorf("ffmpeg %s: %v\n%s", name, err, out)
		}
	}
	if err := os.Rename(tmp, final); err != nil && !complete(final) {
		return "", fmt.Errorf("cache test media: %w", err)
	}
	return final, nil
}

// complete reports whether d holds a non-empty file for every name in Files.
func complete(d string) bool {
	for _, name := range Files {
		st, err := os.Stat(filepath.Join(d, name))
		if err != nil || st.Size() == 0 {
			return false
		}
	}
	return true
}
