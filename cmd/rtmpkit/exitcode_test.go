package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/internal/socks"
)

func TestExitCode(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"plain", errors.New("boom"), exitFailure},
		{"explicit", withCode(exitIO, errors.New("disk full")), exitIO},
		{"explicit wins", withCode(exitUsage, rtmp.ErrAuthFailed), exitUsage},
		{"usage", usageError(errors.New("bad")), exitUsage},
		{"bad url", fmt.Errorf("x: %w", rtmp.ErrBadURL), exitUsage},
		{"bad scheme", rtmp.ErrBadScheme, exitUsage},
		{"no tunnel", rtmp.ErrNoTunnel, exitUsage},
		{"refused", fmt.Errorf("cannot connect: %w", refused), exitConnect},
		{"dns", &net.DNSError{Err: "no such host", Name: "nowhere.invalid"}, exitConnect},
		{"auth failed", fmt.Errorf("dial: %w", rtmp.ErrAuthFailed), exitAuth},
		{"connect rejected", &rtmp.StatusError{Code: rtmp.CodeConnectRejected}, exitAuth},
		{"publish denied", fmt.Errorf("publish: %w", &rtmp.StatusError{Code: rtmp.CodePublishDenied}), exitAuth},
		{"play failed", &rtmp.StatusError{Code: rtmp.CodePlayFailed}, exitAuth},
		{"auth in description", &rtmp.StatusError{Code: "X.Y", Description: "[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ]"}, exitAuth},
		{"not found", &rtmp.StatusError{Code: rtmp.CodePlayStreamNotFound}, exitNotFound},
		{"invalid app", &rtmp.StatusError{Code: rtmp.CodeConnectInvalidApp}, exitNotFound},
		{"bad name", &rtmp.StatusError{Code: rtmp.CodePublishBadName}, exitBusy},
		{"call failed", &rtmp.StatusError{Code: rtmp.CodeCallFailed}, exitCallError},
		{"other status", &rtmp.StatusError{Code: "NetStream.Failed"}, exitFailure},
		{"deadline", fmt.Errorf("connect: %w", context.DeadlineExceeded), exitTimeout},
		{"io timeout", &net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}, exitTimeout},
		{"dial timeout", &net.OpError{Op: "dial", Err: os.ErrDeadlineExceeded}, exitTimeout},
		{"not flv", fmt.Errorf("read: %w", flv.ErrNotFLV), exitIO},
		{"no file", &os.PathError{Op: "open", Path: "x", Err: os.ErrNotExist}, exitIO},
		{"socks unreachable", fmt.Errorf("socks: %w", socks.ErrUnreachable), exitConnect},
		{"socks rejected", socks.ErrRejected, exitConnect},
		{"socks auth", socks.ErrAuthFailed, exitAuth},
		{"eof", io.ErrUnexpectedEOF, exitLost},
		{"closed", rtmp.ErrClosed, exitLost},
		{"reset", &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, exitLost},
	}
	for _, tc := range tests {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("%s: exitCode(%v) = %d, want %d", tc.name, tc.err, got, tc.want)
		}
	}
}
