package rtmpt

import (
	"crypto/tls"
	"net/http"
	"time"
)

// Defaults of the client Config.
const (
	// DefaultFlushInterval is how long written bytes may wait to be batched
	// with later writes into one /send. FFmpeg batches by packet count
	// (rtmp_flush_interval, 10 packets); a time bound suits a net.Conn,
	// which does not see packet boundaries.
	DefaultFlushInterval = 5 * time.Millisecond
	// DefaultFlushSize sends queued bytes at once when this many are waiting.
	DefaultFlushSize = 64 << 10
	// DefaultPollUnit is the idle wait per unit of the server's polling
	// byte: 1 (busy) waits 10 ms, 0x21 (the usual ceiling) 330 ms.
	DefaultPollUnit = 10 * time.Millisecond
	// DefaultMaxReplySize bounds one reply body.
	DefaultMaxReplySize = 16 << 20
	// DefaultCloseTimeout bounds how long Close spends flushing and sending
	// /close.
	DefaultCloseTimeout = 5 * time.Second
	// DefaultUserAgent is what Flash Player, librtmp and FFmpeg send.
	DefaultUserAgent = "Shockwave Flash"
)

// Config configures Dial. The zero value (or nil) selects every default. A
// Config must not be modified after it is passed to Dial.
type Config struct {
	// TLSConfig is used for rtmpts:// and https:// URLs when HTTPClient is
	// nil. nil uses the defaults of crypto/tls with the URL's host as
	// ServerName.
	TLSConfig *tls.Config
	// HTTPClient, if not nil, carries every request of the session (its
	// transport decides proxies, TLS and connection reuse). nil gives each
	// connection a transport of its own that honours the proxy environment
	// variables.
	HTTPClient *http.Client
	// Header holds extra headers for every request.
	Header http.Header
	// UserAgent replaces DefaultUserAgent.
	UserAgent string
	// FlushInterval is how long written bytes may wait for more before a
	// /send carries them. 0 selects DefaultFlushInterval; negative sends at
	// once.
	FlushInterval time.Duration
	// FlushSize sends at once when this many bytes are queued. 0 selects
	// DefaultFlushSize.
	FlushSize int
	// PollUnit is the wait per unit of the server's polling byte before the
	// next /idle after an empty reply. 0 selects DefaultPollUnit.
	PollUnit time.Duration
	// MaxBuffered bounds, in each direction, the bytes waiting for Read or
	// for a /send; a full read side stops polling, a full write side blocks
	// Write. 0 selects DefaultMaxBuffered.
	MaxBuffered int
	// MaxReplySize bounds one reply body. 0 selects DefaultMaxReplySize.
	MaxReplySize int64
	// CloseTimeout bounds Close. 0 selects DefaultCloseTimeout.
	CloseTimeout time.Duration
}

func (c *Config) flushInterval() time.Duration {
	switch {
	case c.FlushInterval == 0:
		return DefaultFlushInterval
	case c.FlushInterval < 0:
		return 0
	}
	return c.FlushInterval
}

func orDefault[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}
