package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// errNotYet is returned by subcommands whose implementation has not landed.
var errNotYet = errors.New("not yet implemented in this version (see README.md, Features)")

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "rtmpkit",
		Short:         "RTMP toolkit: live media server, publisher, player, prober and load generator",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	for _, c := range []struct{ use, short string }{
		{"publish FILE URL", "Publish an FLV file or stdin to an RTMP URL"},
		{"play URL", "Play an RTMP stream into an FLV file or stdout"},
		{"call URL METHOD [JSON args...]", "Call a remote method and print the result as JSON"},
		{"probe URL", "Describe a server and a stream"},
	} {
		root.AddCommand(&cobra.Command{
			Use:   c.use,
			Short: c.short,
			RunE:  func(*cobra.Command, []string) error { return errNotYet },
		})
	}
	root.AddCommand(newServeCmd())
	root.AddCommand(newBenchCmd())
	return root
}
