package socks

import (
	"errors"
	"fmt"
)

// Sentinel errors. A [*ReplyError] matches one of the first three with
// errors.Is.
var (
	// ErrRejected: the proxy refused the request (SOCKS4 0x5B, SOCKS5 general
	// failure, ruleset, unsupported command or address type).
	ErrRejected = errors.New("socks: request rejected")
	// ErrAuthFailed: the proxy did not accept our credentials, offered no
	// authentication method we support, or (SOCKS4) could not confirm the
	// user id with identd.
	ErrAuthFailed = errors.New("socks: authentication failed")
	// ErrUnreachable: the proxy could not reach the target (network or host
	// unreachable, connection refused, TTL expired).
	ErrUnreachable = errors.New("socks: target unreachable")
	// ErrProtocol: the proxy's reply does not follow the protocol.
	ErrProtocol = errors.New("socks: protocol error")
)

// ReplyError is a refusal reported by the proxy.
type ReplyError struct {
	// Version is the protocol version of the exchange: 4 (SOCKS4 and 4a) or 5.
	Version int
	// Stage is "auth" when the refusal came during method selection or
	// username/password authentication, "connect" for the CONNECT reply.
	Stage string
	// Code is the reply code (SOCKS4 CD, SOCKS5 REP, RFC 1929 STATUS, or the
	// selected method 0xFF when no method was acceptable).
	Code byte
	// Kind is ErrRejected, ErrAuthFailed or ErrUnreachable.
	Kind error
}

// Error describes the refusal with its code.
func (e *ReplyError) Error() string {
	return fmt.Sprintf("socks%d %s: %s (code 0x%02x)", e.Version, e.Stage, e.text(), e.Code)
}

// Unwrap returns the error's kind so errors.Is(err, ErrUnreachable) works.
func (e *ReplyError) Unwrap() error { return e.Kind }

func (e *ReplyError) text() string {
	if e.Stage == stageAuth {
		if e.Code == 0xff {
			return "no acceptable authentication method"
		}
		return "username/password rejected"
	}
	if e.Version == 4 {
		switch e.Code {
		case 0x5b:
			return "request rejected or failed"
		case 0x5c:
			return "proxy cannot reach identd on the client"
		case 0x5d:
			return "identd reports a different user id"
		}
		return "unknown reply"
	}
	switch e.Code {
	case 0x01:
		return "general failure"
	case 0x02:
		return "connection not allowed by ruleset"
	case 0x03:
		return "network unreachable"
	case 0x04:
		return "host unreachable"
	case 0x05:
		return "connection refused"
	case 0x06:
		return "TTL expired"
	case 0x07:
		return "command not supported"
	case 0x08:
		return "address type not supported"
	}
	return "unknown reply"
}

const (
	stageAuth    = "auth"
	stageConnect = "connect"
)

// kind4 classifies a SOCKS4 reply code other than 0x5A (granted).
func kind4(code byte) error {
	switch code {
	case 0x5c, 0x5d:
		return ErrAuthFailed
	}
	return ErrRejected
}

// kind5 classifies a SOCKS5 reply code other than 0x00 (succeeded).
func kind5(code byte) error {
	switch code {
	case 0x03, 0x04, 0x05, 0x06:
		return ErrUnreachable
	}
	return ErrRejected
}

// protocolError wraps ErrProtocol with detail.
func protocolError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrProtocol}, args...)...)
}
