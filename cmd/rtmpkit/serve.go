package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/server"
)

func newServeCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the live media server (RTMP on :1935 by default)",
		Long: `Run the live media server. With no configuration it listens for RTMP on
:1935, accepts any application name and relays live streams from each
publisher (rtmp://HOST/APP/NAME) to any number of players.

Settings come from the defaults, then the YAML file given with --config
(every key is documented in rtmpkit.example.yaml), then the flags set on the
command line. SIGINT or SIGTERM stops the server gracefully (publishers and
players are told, recordings closed) within --shutdown-timeout; a second
signal exits at once.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := f.load(cmd.Flags())
			if err != nil {
				return err
			}
			if err := applyGCPercent(cmd.Flags(), f.gcPercent); err != nil {
				return err
			}
			log, err := newLogger(cmd.ErrOrStderr(), f.logLevel, f.logFormat)
			if err != nil {
				return err
			}
			cfg.Logger = log
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runServe(ctx, stop, cfg)
		},
	}
	f.register(cmd.Flags())
	return cmd
}

// runServe runs the server until ctx is done, then shuts it down within
// cfg.Timeouts.Shutdown. stop is called once shutdown begins (to restore the
// default signal behaviour, so that a second signal kills the process).
func runServe(ctx context.Context, stop func(), cfg server.Config) error {
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	log := cfg.Logger
	if err := srv.Start(); err != nil {
		return err
	}
	<-ctx.Done()
	stop()
	log.Info("shutting down", "timeout", srv.Config().Timeouts.Shutdown)
	sctx, cancel := context.WithTimeout(context.Background(), srv.Config().Timeouts.Shutdown)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, rtmp.ErrServerClosed) {
		log.Warn("shutdown incomplete, connections closed", "err", err)
		return nil
	}
	log.Info("stopped")
	return nil
}

// newLogger returns a slog.Logger writing to w.
func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", format)
}
