package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/rtmpkit/rtmp"
)

// callFlags holds the call command's flags.
type callFlags struct {
	client clientFlags
}

func newCallCmd() *cobra.Command {
	var f callFlags
	cmd := &cobra.Command{
		Use:   "call URL METHOD [JSON args...]",
		Short: "Call a remote method and print the result as JSON",
		Long: `Connect to URL (its application), invoke METHOD with the arguments given
as JSON and print the server's answer as JSON on stdout:

  rtmpkit call rtmp://localhost/app getStats '"cam1"' '{"detail":true}'

An _error answer is printed on stderr with its code and description (exit
code 8).

` + amfJSONHelp + `

` + urlHelp + `

` + exitCodesHelp,
		Args: minArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runCall(ctx, &f, args[0], args[1], args[2:], cmd.OutOrStdout())
		},
	}
	f.client.register(cmd.Flags())
	cmd.SetFlagErrorFunc(flagError)
	return cmd
}

// runCall connects, calls method with the JSON arguments and prints the result.
func runCall(ctx context.Context, f *callFlags, rawurl, method string, jsonArgs []string, stdout io.Writer) error {
	args := make([]any, len(jsonArgs))
	for i, a := range jsonArgs {
		args[i] = argToAMF(a)
	}
	c, err := f.client.dial(ctx, rawurl, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	cctx, cancel := f.client.commandContext(ctx)
	defer cancel()
	res, err := c.Call(cctx, method, args...)
	if err != nil {
		var se *rtmp.StatusError
		if errors.As(err, &se) {
			return withCode(exitCallError, fmt.Errorf("%s failed: %w", method, err))
		}
		if isTimeout(err) {
			return withCode(exitTimeout, fmt.Errorf("no answer to %s within %v: %w", method, f.client.timeout, err))
		}
		return fmt.Errorf("call %s: %w", method, err)
	}
	var v any = res
	if len(res) == 1 {
		v = res[0]
	}
	out, err := amfToJSON(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", out)
	return err
}
