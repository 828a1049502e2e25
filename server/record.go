package server

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/hub"
)

// recordTimeFormat is how {time} is written in recording paths (UTC).
const recordTimeFormat = "20060102-150405"

// ErrBadRecordPath means a record path template would leave the record
// directory or is empty.
var ErrBadRecordPath = errors.New("server: record path leaves the record directory")

// ErrRecordPathTooLong means an expanded record path has an element longer
// than maxPathElement bytes (with room for a "-N" suffix in the file name),
// for example a template with {app} and {name} in one element.
var ErrRecordPathTooLong = errors.New("server: record path element too long")

// SanitizeName makes a stream or app name safe to use as one path element:
// '/', '\\', NUL and other control characters become '_', every ".." becomes
// "__", a leading '.' becomes '_' (no hidden files, no "." element), and an
// empty name becomes "_". The result never contains a path separator.
func SanitizeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '/' || r == '\\' || r == ':' || r < 0x20 || r == 0x7f || r == 0xfffd:
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.ReplaceAll(b.String(), "..", "__")
	if strings.HasPrefix(out, ".") {
		out = "_" + out[1:]
	}
	if out == "" {
		out = "_"
	}
	const maxLen = 200 // well under common file name limits (255 bytes)
	if len(out) > maxLen {
		n := maxLen
		for n > 0 && !utf8.RuneStart(out[n]) {
			n-- // do not split a multi-byte character
		}
		out = out[:n]
	}
	return out
}

// maxPathElement is the longest path element (file or directory name) a
// recording may have, in bytes: the limit of common file systems.
const maxPathElement = 255

// maxNameSuffix is the room kept in the file name for the "-N" that
// openRecorder adds rather than overwrite a file ("-999").
const maxNameSuffix = 4

// expandPath fills the template with the sanitized app and name and the
// time, and checks that the result stays inside its directory.
func expandPath(tmpl, app, name string, t time.Time) (string, error) {
	p := strings.NewReplacer(
		"{app}", SanitizeName(app),
		"{name}", SanitizeName(name),
		"{time}", t.UTC().Format(recordTimeFormat),
	).Replace(tmpl)
	if p == "" || !filepath.IsLocal(filepath.FromSlash(p)) {
		return "", fmt.Errorf("%w: %q", ErrBadRecordPath, tmpl)
	}
	// Each name alone is short (SanitizeName), but a template may put
	// several in one element.
	elems := strings.Split(p, "/")
	for i, e := range elems {
		limit := maxPathElement
		if i == len(elems)-1 {
			limit -= maxNameSuffix
		}
		if len(e) > limit {
			return "", fmt.Errorf("%w: %d bytes, the limit is %d (template %q)", ErrRecordPathTooLong, len(e), limit, tmpl)
		}
	}
	return filepath.FromSlash(p), nil
}

// recorder writes one published stream to an FLV file.
//
// Each tag is handed to the file with a single write(2) of the whole tag
// (header, body, PreviousTagSize) and no user-space buffer: once WriteTag
// returns, the tag is in the kernel and survives a crash or SIGKILL of the
// server (not a power failure: there is no fsync). The cost is one system call
// per tag, about 70 per second for 25 fps video with AAC, which is negligible
// next to the network reads; buffering and flushing on an interval would save
// those calls but lose up to an interval of media on a crash.
type recorder struct {
	f     *os.File
	w     *flv.Writer
	path  string
	clock recordClock
	tags  uint64
}

// recordClock maps a publisher's 32-bit timestamps to the recording's
// timeline, which starts at 0 with the first tag. Like the hub's stream time,
// each step is the signed 32-bit difference from the previous tag, so the
// publisher's 2^32 wrap is seamless; a backwards step larger than
// hub.MaxBackwardJump is a restarted clock and the timeline continues from
// where it was. Small backwards steps (audio and video interleaving) are
// kept. The timeline is 64-bit; the file gets it modulo 2^32, which is how
// FLV timestamps wrap.
type recordClock struct {
	started bool
	last    uint32 // last publisher timestamp
	t       int64  // timeline position of the last tag, ms
}

// next returns the file timestamp of a tag with publisher timestamp ts.
func (c *recordClock) next(ts uint32) uint32 {
	if !c.started {
		c.started, c.last, c.t = true, ts, 0
		return 0
	}
	d := int64(int32(ts - c.last))
	c.last = ts
	if d < -hub.MaxBackwardJump.Milliseconds() {
		d = 0
	}
	c.t += d
	if c.t < 0 {
		return 0 // a small step back right after the first tag
	}
	return uint32(c.t)
}

// shouldRecord reports whether app is recorded under c.
func (c RecordConfig) shouldRecord(app string) bool {
	switch c.Mode {
	case RecordAll:
		return true
	case RecordApps:
		return slices.Contains(c.Apps, app)
	}
	return false
}

// openRecorder creates the recording file of app/name started at t.
// An existing file is never overwritten: "-2", "-3"... is added before the
// extension instead.
func openRecorder(c RecordConfig, app, name string, t time.Time) (*recorder, error) {
	rel, err := expandPath(c.Path, app, name, t)
	if err != nil {
		return nil, err
	}
	full := filepath.Join(c.Dir, rel)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return nil, err
	}
	ext := filepath.Ext(full)
	stem := strings.TrimSuffix(full, ext)
	for i := 1; ; i++ {
		p := full
		if i > 1 {
			p = stem + "-" + strconv.Itoa(i) + ext
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) && i < 1000 {
			continue
		}
		if err != nil {
			return nil, err
		}
		r := &recorder{f: f, w: flv.NewWriter(f, flv.DefaultHeader(true, true)), path: p}
		if err := r.w.WriteHeader(); err != nil {
			f.Close()
			return nil, err
		}
		return r, nil
	}
}

// WriteTag appends t with its timestamp on the recording's timeline (see
// recordClock).
func (r *recorder) WriteTag(t flv.Tag) error {
	t.Timestamp = r.clock.next(t.Timestamp)
	t.StreamID = 0
	if err := r.w.WriteTag(t); err != nil {
		return err
	}
	r.tags++
	return nil
}

// Close closes the file; everything written is already in it.
func (r *recorder) Close() error { return r.f.Close() }
