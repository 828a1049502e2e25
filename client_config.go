package rtmp

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
)

// Client defaults, used when the matching ClientConfig field is zero.
const (
	DefaultClientFlashVer    = "LNX 9,0,124,2" // what FFmpeg sends
	DefaultClientChunkSize   = 4096            // outgoing chunk size announced after the handshake
	DefaultClientWindow      = 2500000         // Window Acknowledgement Size the client announces
	DefaultBufferLength      = 3000            // ms, sent with SetBufferLength after play (FFmpeg's)
	DefaultDialTimeout       = 30 * time.Second
	DefaultPlayQueue         = 256      // media messages buffered per playing stream
	DefaultClientReadBuffer  = 16 << 10 // bytes, the connection's read buffer
	DefaultClientAudioCodecs = 4071
	DefaultClientVideoCodecs = 252
)

// A ClientConfig configures a client connection. It mirrors crypto/tls.Config:
// once passed to Dial or NewClientConn it must not be modified. A nil
// *ClientConfig is the zero value. Every librtmp URL option has a field
// here; URLOptions.ApplyConfig copies the options of a librtmp-style URL
// string in (Dial does it itself).
type ClientConfig struct {
	// App overrides the application name of the URL (librtmp app=).
	App string
	// TCURL overrides the tcUrl sent in connect (tcUrl=).
	TCURL string
	// PageURL is the pageUrl of connect (pageUrl=).
	PageURL string
	// SWFURL is the swfUrl of connect (swfUrl=).
	SWFURL string
	// FlashVer is the flashVer of connect; empty means DefaultClientFlashVer
	// (flashver=).
	FlashVer string
	// ConnArgs are extra values appended to connect after the command object
	// (librtmp conn=, see ParseConnArgs).
	ConnArgs []any
	// ConnectObject holds properties that override or extend the default
	// connect command object (app, flashVer, tcUrl, fpad, capabilities,
	// audioCodecs, videoCodecs, videoFunction, [swfUrl], [pageUrl],
	// objectEncoding). A property with a nil value removes the default.
	ConnectObject amf0.Object
	// ObjectEncoding is 0 (AMF0) or 3 (AMF3). With 3 the client announces
	// AMF3 and, if the server echoes 3, sends its later commands as type 17.
	ObjectEncoding int

	// PlayPath overrides the stream name of the URL (playpath=).
	PlayPath string
	// Live makes PlayURL play live only (start -1000) and send FCSubscribe
	// (live=).
	Live bool
	// Subscribe is the name FCSubscribe is sent for before play; empty
	// means the play path when Live is set (subscribe=).
	Subscribe string
	// Start is the play start position in ms for PlayURL; StartSet tells a
	// start of 0 from no start (start=). Without it PlayURL uses -2000 (live
	// or recorded, as FFmpeg) or -1000 with Live.
	Start    int
	StartSet bool
	// Stop is the play stop position in ms for PlayURL; the play duration
	// becomes Stop-Start (stop=).
	Stop int
	// Buffer is the buffer length in ms sent with SetBufferLength after
	// play; zero means DefaultBufferLength (buffer=).
	Buffer int
	// Timeout bounds Dial and DialURL as a whole: the SWF fetch, the
	// transport (TCP, SOCKS, TLS or tunnel), the handshake, connect and any
	// authentication retries. The bound is the earlier of the context's
	// deadline and now+Timeout; zero means DefaultDialTimeout (timeout=, in
	// seconds there). It does not apply to NewClientConn.
	Timeout time.Duration
	// Token is the SecureToken key: when the connect _result carries
	// secureToken the client answers secureTokenResponse (token=).
	Token string
	// SWFVfy enables SWF verification: the client hashes the SWF at SWFURL
	// (fetched with HTTPClient) or uses SWFHash/SWFSize, performs the digest
	// handshake and answers the server's verification requests (swfVfy=).
	SWFVfy bool
	// SWFHash and SWFSize are a precomputed SWF hash (handshake.HashSWF)
	// and uncompressed size; they take precedence over fetching SWFURL.
	SWFHash []byte
	SWFSize uint32
	// HTTPClient fetches the SWF for SWFVfy; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Socks is a SOCKS proxy host:port; the connection is made through it
	// (socks=). A socks4:// or socks5:// prefix selects the version.
	Socks string
	// PubUser and PubPasswd are the credentials for Adobe or Limelight
	// publisher authentication (pubUser=, pubPasswd=). The URL's
	// user:pass@ is used when they are empty.
	PubUser, PubPasswd string

	// TLSConfig configures TLS for rtmps. Nil means a default config; the
	// server name is taken from the URL when ServerName is empty.
	TLSConfig *tls.Config
	// Handshake configures the RTMP handshake. Nil means the Digest
	// handshake (as FFmpeg), or Encrypted for rtmpe:// and rtmpte://. The
	// Kind is forced to Encrypted for those schemes; SWF verification fills
	// SWFHash and SWFSize.
	Handshake *handshake.Config
	// DialContext makes the TCP connection (and the connection to a SOCKS
	// proxy); nil means a net.Dialer.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// DialTunnel makes the HTTP tunnel connection for rtmpt://, rtmpts://
	// and rtmpte:// URLs, for example with rtmpt.Dial. Dial fails for these
	// schemes when it is nil.
	DialTunnel func(ctx context.Context, u *URL) (net.Conn, error)

	// ChunkSize is the outgoing chunk size announced right after the
	// handshake; zero means DefaultClientChunkSize.
	ChunkSize uint32
	// WindowAckSize is the acknowledgement window the client announces in
	// answer to Set Peer Bandwidth; zero means DefaultClientWindow.
	WindowAckSize uint32
	// MaxMessageSize bounds a message from the server; zero means
	// DefaultMaxMessageSize.
	MaxMessageSize uint32
	// HandshakeTimeout bounds the RTMP handshake of a connection made with
	// NewClientConn; zero means DefaultHandshakeTimeout, negative no limit.
	// The context's deadline, when earlier, bounds it too. Under Dial a zero
	// HandshakeTimeout adds no bound of its own: the handshake gets what is
	// left of the dial's bound (see Timeout); a positive one still applies.
	HandshakeTimeout time.Duration
	// WriteTimeout bounds each write; zero means DefaultWriteTimeout,
	// negative no limit.
	WriteTimeout time.Duration
	// ReadTimeout is the longest the server may send nothing; zero means no
	// limit.
	ReadTimeout time.Duration
	// PlayQueue is the number of media messages buffered per playing stream
	// before the connection stops reading; zero means DefaultPlayQueue.
	PlayQueue int
	// ReadBufferSize is the size of the connection's read buffer; zero
	// means DefaultClientReadBuffer. A larger buffer takes more of a fast
	// stream per read system call; a smaller one saves memory on a host
	// with many connections.
	ReadBufferSize int
	// WaitRepublish keeps a live play open when its publisher leaves, so
	// that it continues with the next publisher of the name. By default a
	// play ends (Stream.ReadTag returns io.EOF once the queued tags are
	// read) on NetStream.Play.UnpublishNotify, as librtmp and FFmpeg stop
	// there, and on a StreamEOF user control event for a live play that is
	// neither paused nor seeking: nginx-rtmp sends only StreamEOF when the
	// publisher leaves. (librtmp and FFmpeg ignore StreamEOF and keep
	// waiting on such a server.) NetStream.Play.Stop and Play.Complete end
	// a play either way.
	WaitRepublish bool

	// OnState is called (from the goroutine that made the change) whenever
	// the connection changes state. It must not block.
	OnState func(c *ClientConn, s ClientState)
	// OnStatus is called for every onStatus the server sends, with the
	// message stream id (0 for NetConnection status). It runs on the read
	// loop and must not block.
	OnStatus func(c *ClientConn, streamID uint32, st message.Status)

	// OnUserControl is called for every User Control event the server
	// sends (message type 4), as message.Decode returns it:
	// *message.StreamBegin, *message.StreamEOF, *message.StreamDry,
	// *message.StreamIsRecorded, *message.PingRequest,
	// *message.BufferEmpty, *message.UnknownUserControl... It is called
	// after the connection acted on the event (answered a ping, ended a
	// play), on the read loop, and must not block.
	OnUserControl func(c *ClientConn, ev message.UserControl)

	// OnMetadata is called with the value of every onMetaData a playing
	// stream receives (see Stream.Metadata). It runs on the read loop and
	// must not block.
	OnMetadata func(s *Stream, md any)

	// Logger receives debug logs; nil means slog.Default().
	Logger *slog.Logger
}

// ApplyConfig copies the librtmp options that o holds (non-zero fields)
// onto cfg. App, tcUrl and playpath are applied to the URL by
// ParseLibrtmpURL already and are copied too.
func (o *URLOptions) ApplyConfig(cfg *ClientConfig) {
	str := []struct {
		from string
		to   *string
	}{
		{o.App, &cfg.App}, {o.TCURL, &cfg.TCURL}, {o.PageURL, &cfg.PageURL}, {o.SWFURL, &cfg.SWFURL},
		{o.FlashVer, &cfg.FlashVer}, {o.PlayPath, &cfg.PlayPath}, {o.Subscribe, &cfg.Subscribe},
		{o.Token, &cfg.Token}, {o.Socks, &cfg.Socks}, {o.PubUser, &cfg.PubUser}, {o.PubPasswd, &cfg.PubPasswd},
	}
	for _, s := range str {
		if s.from != "" {
			*s.to = s.from
		}
	}
	cfg.Live = cfg.Live || o.Live
	cfg.SWFVfy = cfg.SWFVfy || o.SWFVfy
	if o.StartSet {
		cfg.Start, cfg.StartSet = o.Start, true
	}
	if o.Stop != 0 {
		cfg.Stop = o.Stop
	}
	if o.Buffer != 0 {
		cfg.Buffer = o.Buffer
	}
	if o.Timeout != 0 {
		cfg.Timeout = time.Duration(o.Timeout) * time.Second
	}
	if len(o.Conn) > 0 {
		cfg.ConnArgs = append(append([]any(nil), cfg.ConnArgs...), o.Conn...)
	}
}

func (cfg *ClientConfig) logger() *slog.Logger {
	if cfg.Logger != nil {
		return cfg.Logger
	}
	return slog.Default()
}

func (cfg *ClientConfig) chunkSize() uint32 {
	if cfg.ChunkSize != 0 {
		return cfg.ChunkSize
	}
	return DefaultClientChunkSize
}

func (cfg *ClientConfig) window() uint32 {
	if cfg.WindowAckSize != 0 {
		return cfg.WindowAckSize
	}
	return DefaultClientWindow
}

func (cfg *ClientConfig) bufferLength() uint32 {
	if cfg.Buffer > 0 {
		return uint32(cfg.Buffer)
	}
	return DefaultBufferLength
}

func (cfg *ClientConfig) playQueue() int {
	if cfg.PlayQueue > 0 {
		return cfg.PlayQueue
	}
	return DefaultPlayQueue
}

func (cfg *ClientConfig) flashVer() string {
	if cfg.FlashVer != "" {
		return cfg.FlashVer
	}
	return DefaultClientFlashVer
}

func (cfg *ClientConfig) readBufferSize() int {
	if cfg.ReadBufferSize > 0 {
		return cfg.ReadBufferSize
	}
	return DefaultClientReadBuffer
}
