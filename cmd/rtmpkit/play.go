package main

import (
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

// defaultPlayIdle is the default --idle, the fallback for servers that tell
// a player nothing when the publisher leaves (Node-Media-Server 4 sends
// neither UnpublishNotify nor StreamEOF): silence after media ends the play.
// nginx-rtmp's StreamEOF and our UnpublishNotify end it at once.
const defaultPlayIdle = 10 * time.Second

// durationGrace is how much wall-clock time beyond --duration (counted from
// the first media tag) play waits for the media timestamps to get there.
const durationGrace = 5 * time.Second

// playFlags holds the play command's flags.
type playFlags struct {
	client   clientFlags
	out      string
	duration time.Duration
	start    time.Duration
	live     bool
	buffer   time.Duration
	idle     time.Duration
	wait     bool
}

func newPlayCmd() *cobra.Command {
	var f playFlags
	cmd := &cobra.Command{
		Use:   "play URL",
		Short: "Play an RTMP stream into an FLV file or stdout",
		Long: `Play an RTMP stream and write it as an FLV file (-o FILE) or to stdout
(-o -, the default when stdout is not a terminal):

  rtmpkit play rtmp://localhost/live/cam1 -o cam1.flv --duration 30s
  rtmpkit play rtmp://localhost/live/cam1 -o - | ffplay -

Timestamps are rebased so the file starts at 0, and video before the first
keyframe is dropped so the file starts decodable. Playing stops when the
server ends the stream (NetStream.Play.Stop or Play.Complete), when the live
publisher leaves (NetStream.Play.UnpublishNotify, or the StreamEOF event
nginx-rtmp sends; not with --wait-republish), after --duration of media, when
no media arrived for --idle after the first, or on SIGINT/SIGTERM; the file
is complete in every case. On a terminal a progress line shows the time,
media time, bytes, bitrate, tags and dropped tags.

` + urlHelp + `

` + exitCodesHelp,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runPlay(ctx, &f, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	f.client.register(fs)
	fs.StringVarP(&f.out, "output", "o", "", `FLV file to write, "-" for stdout (default stdout when it is not a terminal)`)
	fs.DurationVar(&f.duration, "duration", 0, "stop after this much media (0: until the stream ends)")
	fs.DurationVar(&f.start, "start", 0, "start position in a recorded stream (librtmp start=)")
	fs.BoolVar(&f.live, "live", false, "play a live stream only (start -1000, FCSubscribe; librtmp live=1)")
	fs.DurationVar(&f.buffer, "buffer", 0, "buffer length sent to the server (default 3s; librtmp buffer=)")
	fs.DurationVar(&f.idle, "idle", defaultPlayIdle, "stop when no media arrives for this long after the first (0: wait forever)")
	fs.BoolVar(&f.wait, "wait-republish", false, "keep playing when the live publisher leaves, for the next one (combine with --idle 0)")
	cmd.SetFlagErrorFunc(flagError)
	return cmd
}

// openOutput returns where play writes: a created file, or stdout for "-"
// (refused when stdout is a terminal).
func openOutput(name string, stdout io.Writer) (io.Writer, func() error, error) {
	if name == "" || name == "-" {
		if f, ok := stdout.(*os.File); ok && isTerminal(f) {
			return nil, nil, usageError(errors.New("stdout is a terminal: give -o FILE.flv (or pipe into a player)"))
		}
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, nil, withCode(exitIO, err)
	}
	return f, f.Close, nil
}

// runPlay plays rawurl into f.out until the stream ends, the duration is
// reached or ctx is done.
func runPlay(ctx context.Context, f *playFlags, rawurl string, stdout, stderr io.Writer) error {
	if _, _, err := f.client.config(rawurl); err != nil {
		return err
	}
	if f.out == "" || f.out == "-" {
		if _, _, err := openOutput(f.out, stdout); err != nil {
			return err // refuse a terminal before connecting
		}
	}
	c, err := f.client.dial(ctx, rawurl, func(cfg *rtmp.ClientConfig) {
		fs := f.client.fs
		if fs.Changed("live") {
			cfg.Live = f.live
		}
		if fs.Changed("start") {
			cfg.Start, cfg.StartSet = int(f.start.Milliseconds()), true
		}
		if fs.Changed("buffer") {
			cfg.Buffer = int(f.buffer.Milliseconds())
		}
		// The library ends the play (io.EOF) when the publisher leaves.
		cfg.WaitRepublish = f.wait
	})
	if err != nil {
		return err
	}
	defer c.Close()
	cctx, cancel := f.client.commandContext(ctx)
	st, err := c.PlayURL(cctx)
	cancel()
	if err != nil {
		return fmt.Errorf("play %s refused: %w", c.URL(), err)
	}
	out, closeOut, err := openOutput(f.out, stdout)
	if err != nil {
		return err
	}
	var w io.Writer
	if stderr == os.Stderr {
		w = progressWriter(f.client.quiet)
	}
	prog := newProgress("play", w)
	fw := newFLVOut(out, prog, f.duration)
	err = playLoop(ctx, st, fw, f.duration, f.idle)
	prog.finish()
	st.Close()
	if ferr := fw.flush(); err == nil && ferr != nil {
		err = withCode(exitIO, ferr)
	}
	if cerr := closeOut(); err == nil && cerr != nil {
		err = withCode(exitIO, cerr)
	}
	return err
}

// readResult is one ReadTag outcome passed from the reading goroutine.
type readResult struct {
	tag flv.Tag
	err error
}

// playLoop copies tags from st into fw until the stream ends (io.EOF), the
// duration is reached, no media came for idle, or ctx is done.
func playLoop(ctx context.Context, st *rtmp.Stream, fw *flvOut, duration, idle time.Duration) error {
	tags := make(chan readResult, 16)
	quit := make(chan struct{})
	defer close(quit)
	go func() {
		for {
			tag, err := st.ReadTag()
			select {
			case tags <- readResult{tag, err}:
			case <-quit:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	var guard, silence *time.Timer
	var guardC, silenceC <-chan time.Time
	defer func() {
		for _, t := range []*time.Timer{guard, silence} {
			if t != nil {
				t.Stop()
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-guardC:
			return nil
		case <-silenceC:
			return nil
		case r := <-tags:
			if r.err == io.EOF {
				return nil
			}
			if r.err != nil {
				if ctx.Err() != nil {
					return nil
				}
				var se *rtmp.StatusError
				if errors.As(r.err, &se) {
					return fmt.Errorf("play failed: %w", r.err)
				}
				return withCode(exitLost, fmt.Errorf("connection lost while playing: %w", r.err))
			}
			if silence != nil {
				silence.Reset(idle)
			} else if idle > 0 && r.tag.Type != flv.TagScript {
				silence = time.NewTimer(idle)
				silenceC = silence.C
			}
			done, err := fw.write(r.tag)
			if err != nil {
				return err
			}
			if done {
				return nil
			}
			if guard == nil && duration > 0 && fw.started {
				guard = time.NewTimer(duration + durationGrace)
				guardC = guard.C
			}
		}
	}
}
