// Command rtmpkit is the rtmpkit command-line tool: a live media server
// (serve), an FLV publisher and player (publish, play), a remote-call client
// (call), a stream prober (probe) and a load generator (bench).
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "rtmpkit:", err)
		os.Exit(exitCode(err))
	}
}
