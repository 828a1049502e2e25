package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/spf13/pflag"
)

// defaultGCPercent is the garbage collector target rtmpkit serve sets. A
// media server's heap is mostly long-lived: connection state and the
// cached GOPs. It allocates little per delivered byte (one copy of each
// published message, nothing per player), so collecting at 50 % growth
// instead of Go's 100 % costs little CPU and keeps RSS nearer the live
// heap (docs/performance.md has the figures).
const defaultGCPercent = 50

// applyGCPercent sets the garbage collector target: the --gc-percent flag
// if it was given, else defaultGCPercent unless the GOGC environment
// variable chose one.
func applyGCPercent(fs *pflag.FlagSet, percent int) error {
	if !fs.Changed("gc-percent") {
		if _, set := os.LookupEnv("GOGC"); set {
			return nil
		}
	}
	if percent < -1 {
		return fmt.Errorf("--gc-percent %d: want -1 (off) or more", percent)
	}
	debug.SetGCPercent(percent)
	return nil
}
