// Command profserve runs rtmpkit's media server with the same defaults as
// `rtmpkit serve` and records a CPU profile of a window chosen by signals:
// SIGUSR1 starts the profile, SIGUSR2 writes it and a heap profile (the
// CPU profile's name with ".heap" appended); SIGINT or SIGTERM writes any
// running profile and exits. scripts/bench-compare.sh uses it to profile
// the server under 1,000 players.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/rtmpkit/rtmp/server"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:1935", "RTMP listen address")
	out := flag.String("cpuprofile", "cpu.pprof", "CPU profile written on SIGUSR2 or exit")
	flag.Parse()

	debug.SetGCPercent(50) // as rtmpkit serve (cmd/rtmpkit/serve_gc.go)
	cfg := server.DefaultConfig()
	cfg.Listen = *listen
	// Warnings only, as the comparison runs `rtmpkit serve --log-level warn`.
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := server.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		log.Fatal(err)
	}
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, syscall.SIGUSR1, syscall.SIGUSR2, os.Interrupt, syscall.SIGTERM)
	var f *os.File
	stop := func() {
		if f == nil {
			return
		}
		pprof.StopCPUProfile()
		f.Close()
		fmt.Fprintln(os.Stderr, "profserve: wrote", *out)
		f = nil
	}
	for s := range sig {
		switch s {
		case syscall.SIGUSR1:
			if f != nil {
				continue
			}
			if f, err = os.Create(*out); err != nil {
				log.Fatal(err)
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				log.Fatal(err)
			}
		case syscall.SIGUSR2:
			stop()
			if h, err := os.Create(*out + ".heap"); err == nil {
				pprof.Lookup("heap").WriteTo(h, 0)
				h.Close()
			}
			logMemStats()
		default:
			stop()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			srv.Shutdown(ctx)
			cancel()
			return
		}
	}
}

// logMemStats prints where the process's memory is (heap in use, goroutine
// stacks, what the runtime holds), to tell RSS per connection apart.
func logMemStats() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	const mib = 1 << 20
	fmt.Fprintf(os.Stderr, "profserve: goroutines %d, heap in use %.1f MiB (live objects %.1f MiB), heap idle not released %.1f MiB, stacks %.1f MiB, runtime other %.1f MiB, sys %.1f MiB, next GC %.1f MiB\n",
		runtime.NumGoroutine(), float64(m.HeapInuse)/mib, float64(m.HeapAlloc)/mib, float64(m.HeapIdle-m.HeapReleased)/mib,
		float64(m.StackInuse)/mib, float64(m.MSpanInuse+m.MCacheInuse+m.BuckHashSys+m.GCSys+m.OtherSys)/mib, float64(m.Sys)/mib, float64(m.NextGC)/mib)
}
