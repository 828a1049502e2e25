package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
)

// publishFlags holds the publish command's flags.
type publishFlags struct {
	client clientFlags
	fast   bool
	loop   bool
	typ    string
}

func newPublishCmd() *cobra.Command {
	var f publishFlags
	cmd := &cobra.Command{
		Use:   "publish FILE|- URL",
		Short: "Publish an FLV file or stdin to an RTMP URL",
		Long: `Publish the tags of an FLV file (or of FLV read from stdin with "-") to an
RTMP URL, paced in real time by their timestamps:

  rtmpkit publish movie.flv rtmp://localhost/live/cam1
  ffmpeg -re -i in.mp4 -c copy -f flv - | rtmpkit publish - rtmp://localhost/live/cam1

--fast sends as fast as the connection allows; --loop publishes the file
again and again with continuous timestamps (not with stdin). On a terminal a
progress line shows the time, media time, bytes, bitrate, tags and dropped
tags (tags that are not audio, video or script data); it is quiet otherwise.

` + urlHelp + `

` + exitCodesHelp,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runPublish(ctx, &f, args[0], args[1], cmd.InOrStdin(), cmd.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	f.client.register(fs)
	fs.BoolVar(&f.fast, "fast", false, "send as fast as possible instead of in real time")
	fs.BoolVar(&f.loop, "loop", false, "repeat the file forever with continuous timestamps (until SIGINT)")
	fs.StringVar(&f.typ, "type", "live", "publish type: live, record or append")
	cmd.SetFlagErrorFunc(flagError)
	return cmd
}

// runPublish publishes file (or stdin for "-") to rawurl until the input
// ends or ctx is done.
func runPublish(ctx context.Context, f *publishFlags, file, rawurl string, stdin io.Reader, stderr io.Writer) error {
	if file == "-" && f.loop {
		return usageError(errors.New("--loop needs a file, not stdin"))
	}
	open := func() (io.ReadCloser, error) {
		if file == "-" {
			return io.NopCloser(stdin), nil
		}
		r, err := os.Open(file)
		if err != nil {
			return nil, withCode(exitIO, err)
		}
		return r, nil
	}
	in, err := open()
	if err != nil {
		return err
	}
	defer func() { in.Close() }()

	c, err := f.client.dial(ctx, rawurl, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	cctx, cancel := f.client.commandContext(ctx)
	st, err := c.PublishURL(cctx, f.typ)
	cancel()
	if err != nil {
		return fmt.Errorf("publish %s refused: %w", c.URL(), err)
	}
	var w io.Writer
	if stderr == os.Stderr {
		w = progressWriter(f.client.quiet)
	}
	prog := newProgress("publish", w)
	p := &pacer{fast: f.fast, st: st, conn: c, prog: prog}
	for {
		err = p.sendFile(ctx, in)
		if err != nil || !f.loop || ctx.Err() != nil {
			break
		}
		in.Close()
		if in, err = open(); err != nil {
			break
		}
	}
	prog.finish()
	if ctx.Err() != nil && !errors.Is(err, errLost) {
		err = nil // interrupted: stop cleanly
	}
	if cerr := st.Close(); err == nil && cerr != nil && ctx.Err() == nil {
		err = fmt.Errorf("stop publishing: %w", cerr)
	}
	return err
}

// errLost marks a connection that ended while publishing.
var errLost = errors.New("connection lost")

// pacer sends FLV tags on a publishing stream, in real time unless fast,
// shifting the timestamps of repeated passes so they continue the earlier ones.
type pacer struct {
	fast bool
	st   *rtmp.Stream
	conn *rtmp.ClientConn
	prog *progress

	started   bool
	t0        time.Time // wall time of the first tag
	base      int64     // output timestamp of the first tag
	lastOut   int64     // highest output timestamp sent
	lastDelta int64     // last positive gap between consecutive tags
	passes    int
}

// sendFile sends one pass over the FLV stream r.
func (p *pacer) sendFile(ctx context.Context, r io.Reader) error {
	rd := flv.NewReader(bufio.NewReaderSize(r, 64<<10), flv.Limits{})
	if _, err := rd.Header(); err != nil {
		return withCode(exitIO, fmt.Errorf("read FLV header: %w", err))
	}
	if p.lastDelta == 0 {
		p.lastDelta = 40
	}
	offset, first, prev := int64(0), true, int64(-1)
	p.passes++
	for {
		tag, err := rd.ReadTag()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) && p.started {
				return nil // a stream cut mid-tag (a killed producer) ends the publish
			}
			return withCode(exitIO, fmt.Errorf("read FLV: %w", err))
		}
		if tag.Type != flv.TagAudio && tag.Type != flv.TagVideo && tag.Type != flv.TagScript {
			p.prog.drop()
			continue
		}
		ts := int64(tag.Timestamp)
		if first {
			first = false
			if p.passes > 1 {
				offset = p.lastOut + p.lastDelta - ts
			}
		}
		if prev >= 0 && ts > prev && ts-prev <= 1000 {
			p.lastDelta = ts - prev
		}
		prev = ts
		out := max(ts+offset, 0)
		tag.Timestamp = uint32(out)
		if err := p.wait(ctx, out); err != nil {
			return err
		}
		if err := p.st.WriteTag(tag); err != nil {
			return withCode(exitLost, fmt.Errorf("%w: %w", errLost, err))
		}
		p.lastOut = max(p.lastOut, out)
		p.prog.add(len(tag.Data), out-p.base)
	}
}

// wait sleeps until the wall-clock time of output timestamp out (real-time
// pacing), returning early when ctx ends (nil error: a clean stop is the
// caller's business) or the connection breaks.
func (p *pacer) wait(ctx context.Context, out int64) error {
	if !p.started {
		p.started, p.t0, p.base = true, time.Now(), out
	}
	var d time.Duration
	if !p.fast {
		d = time.Until(p.t0.Add(time.Duration(out-p.base) * time.Millisecond))
	}
	if d <= 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-p.conn.Done():
			return withCode(exitLost, fmt.Errorf("%w: %v", errLost, p.conn.Err()))
		default:
			return nil
		}
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-p.conn.Done():
		return withCode(exitLost, fmt.Errorf("%w: %v", errLost, p.conn.Err()))
	}
}
