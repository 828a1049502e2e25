package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// progressInterval is how often the progress line is redrawn.
const progressInterval = 500 * time.Millisecond

// progress counts what a publish or play moved and, on a terminal, redraws
// one status line on stderr: wall time, media time, bytes, bitrate, tags and
// dropped tags. The counters are safe for concurrent use.
type progress struct {
	label   string
	start   time.Time
	media   atomic.Int64 // media time in ms
	bytes   atomic.Int64
	tags    atomic.Int64
	dropped atomic.Int64

	w    io.Writer // nil: quiet
	stop chan struct{}
	done sync.WaitGroup
}

// isTerminal reports whether f is a character device (a terminal), with
// the standard library only.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// newProgress returns a progress reporter that draws on w every
// progressInterval until finish; w nil makes it count silently.
func newProgress(label string, w io.Writer) *progress {
	p := &progress{label: label, start: time.Now(), w: w, stop: make(chan struct{})}
	if w != nil {
		p.done.Add(1)
		go p.loop()
	}
	return p
}

// progressWriter returns stderr when progress should be shown: not quiet
// and stderr is a terminal.
func progressWriter(quiet bool) io.Writer {
	if quiet || !isTerminal(os.Stderr) {
		return nil
	}
	return os.Stderr
}

func (p *progress) loop() {
	defer p.done.Done()
	t := time.NewTicker(progressInterval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(time.Since(p.start)))
		}
	}
}

// add counts one tag of n bytes at media time ms.
func (p *progress) add(n int, ms int64) {
	p.bytes.Add(int64(n))
	p.tags.Add(1)
	p.media.Store(ms)
}

// drop counts one dropped tag.
func (p *progress) drop() { p.dropped.Add(1) }

// line formats the status line after elapsed wall time.
func (p *progress) line(elapsed time.Duration) string {
	b := p.bytes.Load()
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(b) * 8 / s / 1000
	}
	return fmt.Sprintf("%s  time %s  media %s  %s  %.0f kb/s  tags %d  dropped %d",
		p.label, clock(elapsed), clock(time.Duration(p.media.Load())*time.Millisecond),
		humanBytes(b), rate, p.tags.Load(), p.dropped.Load())
}

// finish stops the redraws and prints the final line (on a terminal).
func (p *progress) finish() {
	if p.w == nil {
		return
	}
	close(p.stop)
	p.done.Wait()
	fmt.Fprintf(p.w, "\r%s\x1b[K\n", p.line(time.Since(p.start)))
}

// clock formats d as H:MM:SS.s.
func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	h := int(d / time.Hour)
	m := int(d/time.Minute) % 60
	s := float64(d%time.Minute) / float64(time.Second)
	return fmt.Sprintf("%d:%02d:%04.1f", h, m, s)
}

// humanBytes formats n with a binary unit.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
