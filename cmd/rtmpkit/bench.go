package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/rtmpkit/rtmp/loadgen"
)

// newBenchCmd returns "rtmpkit bench" with its play and publish subcommands.
func newBenchCmd() *cobra.Command {
	bench := &cobra.Command{
		Use:   "bench",
		Short: "Generate publish or play load against a server",
		Long: `Generate load against an RTMP server and measure it.

  rtmpkit bench play URL --players N --duration D [--ramp R]
  rtmpkit bench publish URL --publishers M --bitrate B

With --pid, the server process's CPU time and RSS are sampled from /proc
during the measurement window. With --cpu-core, so is the busy time of the
core the server is pinned to (taskset): on loopback the kernel does much of
a sender's TCP work in softirq context, often in ksoftirqd, which is not
charged to the server process, so the core's busy time is what serving
costs. Prints one summary line, or JSON with --json.`,
	}
	bench.AddCommand(newBenchPlayCmd(), newBenchPublishCmd())
	return bench
}

func newBenchPlayCmd() *cobra.Command {
	var f benchPlayFlags
	cmd := &cobra.Command{
		Use:   "play URL",
		Short: "N players of one stream: bytes, frames, join time, lag, kept-up fraction",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.config(args[0])
			if err != nil {
				return err
			}
			ctx, stop := signalContext()
			defer stop()
			r, err := loadgen.PlayBench(ctx, cfg)
			if r != nil {
				if !f.perPlayer {
					r.PerPlayer = nil
				}
				if werr := report(cmd.OutOrStdout(), f.json, r, r.Summary()); werr != nil {
					return werr
				}
			}
			return err
		},
	}
	f.register(cmd)
	return cmd
}

func newBenchPublishCmd() *cobra.Command {
	var f benchPublishFlags
	cmd := &cobra.Command{
		Use:   "publish URL",
		Short: "M synthetic H.264+AAC publishers (stream name suffixed -i when M > 1)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.config(args[0])
			if err != nil {
				return err
			}
			ctx, stop := signalContext()
			defer stop()
			r, err := loadgen.PublishBench(ctx, cfg)
			if r != nil {
				if werr := report(cmd.OutOrStdout(), f.json, r, r.Summary()); werr != nil {
					return werr
				}
			}
			return err
		},
	}
	f.register(cmd)
	return cmd
}

// signalContext is cancelled by SIGINT or SIGTERM, so an interrupted bench
// still reports what it measured.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// report writes v as indented JSON, or the summary line.
func report(w io.Writer, asJSON bool, v any, summary string) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	_, err := fmt.Fprintln(w, summary)
	return err
}
