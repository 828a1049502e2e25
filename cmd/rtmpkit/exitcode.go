package main

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/internal/socks"
)

// Exit codes of the client commands (publish, play, call, probe). They are
// listed in every client command's --help (see exitCodesHelp).
const (
	exitOK        = 0  // success, or stopped by SIGINT/SIGTERM
	exitFailure   = 1  // any failure not listed below
	exitUsage     = 2  // bad arguments, flags or URL
	exitConnect   = 3  // connection refused, host unreachable, name not resolved
	exitAuth      = 4  // authentication failed or access denied
	exitNotFound  = 5  // stream not found, or no such application
	exitTimeout   = 6  // no answer in time (connect, handshake, command, first media)
	exitBusy      = 7  // publish refused: the stream name is in use or invalid
	exitCallError = 8  // the remote method answered with an error
	exitIO        = 9  // local input or output failed: unreadable file, not FLV, write error
	exitLost      = 10 // the connection broke after it was established
)

// exitCodesHelp documents the exit codes in the commands' long help.
const exitCodesHelp = `Exit codes:
   0  success (also after SIGINT/SIGTERM, which stop cleanly)
   1  any other failure
   2  usage: bad arguments, flags or URL
   3  cannot connect: connection refused, host unreachable, name not resolved
      (directly or as reported by the SOCKS proxy)
   4  authentication failed or access denied (NetConnection.Connect.Rejected,
      NetStream.Publish.Denied, NetStream.Play.Failed, Adobe/Limelight auth,
      SOCKS proxy credentials)
   5  stream not found (NetStream.Play.StreamNotFound) or no such application
      (NetConnection.Connect.InvalidApp)
   6  timeout: no answer in time (see --timeout)
   7  publish refused: the stream name is busy or invalid (NetStream.Publish.BadName)
   8  the remote method answered with an error (call)
   9  local input/output error: unreadable file, not an FLV stream, write failure
  10  connection lost after it was established`

// exitError is an error with the exit code main should use.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withCode marks err with an exit code; nil stays nil.
func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

// usageError is an error of the command line itself (exit code 2).
func usageError(err error) error { return withCode(exitUsage, err) }

// exitCode returns the process exit code for err, the error a command
// returned. An explicit exitError wins; otherwise the code is derived from
// what the error wraps.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return classify(err)
}

// classify maps the errors of the rtmp client, the network and the
// operating system onto the exit codes.
func classify(err error) int {
	if errors.Is(err, rtmp.ErrAuthFailed) || errors.Is(err, socks.ErrAuthFailed) {
		return exitAuth
	}
	if errors.Is(err, socks.ErrUnreachable) || errors.Is(err, socks.ErrRejected) {
		return exitConnect
	}
	var se *rtmp.StatusError
	if errors.As(err, &se) {
		return statusExitCode(se)
	}
	if errors.Is(err, rtmp.ErrBadURL) || errors.Is(err, rtmp.ErrBadScheme) ||
		errors.Is(err, rtmp.ErrBadOption) || errors.Is(err, rtmp.ErrNoTunnel) {
		return exitUsage
	}
	if isTimeout(err) {
		return exitTimeout
	}
	if isConnectFailure(err) {
		return exitConnect
	}
	if errors.Is(err, flv.ErrNotFLV) || errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
		return exitIO
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return exitLost
	}
	return exitFailure
}

// statusExitCode maps an error-level onStatus or _error onto an exit code.
func statusExitCode(se *rtmp.StatusError) int {
	switch se.Code {
	case rtmp.CodeConnectRejected, rtmp.CodePublishDenied, rtmp.CodePlayFailed:
		return exitAuth
	case rtmp.CodeConnectInvalidApp, rtmp.CodePlayStreamNotFound:
		return exitNotFound
	case rtmp.CodePublishBadName:
		return exitBusy
	case rtmp.CodeCallFailed:
		return exitCallError
	}
	d := strings.ToLower(se.Description)
	if strings.Contains(d, "auth") {
		return exitAuth
	}
	if strings.Contains(d, "not found") {
		return exitNotFound
	}
	return exitFailure
}

// isTimeout reports a deadline that expired: the context's or a socket's.
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// isConnectFailure reports an error of making the transport connection.
func isConnectFailure(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EADDRNOTAVAIL) {
		return true
	}
	var de *net.DNSError
	if errors.As(err, &de) {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe) && oe.Op == "dial"
}
