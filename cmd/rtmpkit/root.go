package main

import (
	"github.com/spf13/cobra"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "rtmpkit",
		Short:         "RTMP toolkit: live media server, publisher, player, prober and load generator",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newPublishCmd(), newPlayCmd(), newCallCmd(), newProbeCmd())
	root.AddCommand(newServeCmd())
	root.AddCommand(newBenchCmd())
	return root
}
