package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/rtmpt"
)

// defaultClientTimeout bounds connecting (transport, handshake, connect) and
// each command (publish, play, call) of the client commands.
const defaultClientTimeout = 15 * time.Second

// urlHelp documents the URL forms and option precedence in the long help.
const urlHelp = `URL: scheme://[user:pass@]host[:port]/app[/instance]/stream with scheme
rtmp, rtmps (TLS), rtmpe (encrypted handshake), rtmpt, rtmpts, rtmpte (HTTP
tunnel). librtmp-style options may follow the URL, space-separated, in one
argument: "rtmp://host/app/key live=1 buffer=3000 conn=S:token". Flags given
on the command line override the options in the URL.`

// clientFlags are the connection flags every client command shares. They map
// onto rtmp.ClientConfig fields and librtmp URL options of the same names.
type clientFlags struct {
	app      string
	playPath string
	tcURL    string
	flashVer string
	conn     []string
	swfURL   string
	pageURL  string
	token    string
	socks    string
	user     string
	pass     string
	timeout  time.Duration
	insecure bool
	quiet    bool
	verbose  bool

	fs *pflag.FlagSet
}

// register defines the shared flags on fs.
func (f *clientFlags) register(fs *pflag.FlagSet) {
	f.fs = fs
	fs.StringVar(&f.app, "app", "", "application name sent in connect (librtmp app=)")
	fs.StringVar(&f.playPath, "playpath", "", "stream name to publish or play (librtmp playpath=)")
	fs.StringVar(&f.tcURL, "tcurl", "", "tcUrl sent in connect (librtmp tcUrl=)")
	fs.StringVar(&f.flashVer, "flashver", "", "flashVer sent in connect (default "+rtmp.DefaultClientFlashVer+")")
	fs.StringArrayVar(&f.conn, "conn", nil, "extra connect argument in librtmp conn= syntax (S:str N:1 B:1 Z: O:1 ... O:0), repeatable")
	fs.StringVar(&f.swfURL, "swfurl", "", "swfUrl sent in connect")
	fs.StringVar(&f.pageURL, "pageurl", "", "pageUrl sent in connect")
	fs.StringVar(&f.token, "token", "", "SecureToken key (librtmp token=)")
	fs.StringVar(&f.socks, "socks", "", "connect through this SOCKS proxy host:port (socks4:// or socks5:// prefix selects the version)")
	fs.StringVar(&f.user, "user", "", "user name for Adobe/Limelight publisher authentication")
	fs.StringVar(&f.pass, "pass", "", "password for Adobe/Limelight publisher authentication")
	fs.DurationVar(&f.timeout, "timeout", defaultClientTimeout, "limit for connecting and for each command's answer")
	fs.BoolVar(&f.insecure, "insecure", false, "rtmps/rtmpts: do not verify the server's TLS certificate")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "no progress output")
	fs.BoolVarP(&f.verbose, "verbose", "v", false, "log the protocol exchange (debug level) on stderr")
}

// config parses raw (a URL, optionally followed by librtmp options) and
// builds the client configuration: URL options first, then the flags the
// user set.
func (f *clientFlags) config(raw string) (*rtmp.URL, *rtmp.ClientConfig, error) {
	cfg := &rtmp.ClientConfig{}
	raw = strings.TrimSpace(raw)
	var u *rtmp.URL
	var err error
	if strings.ContainsAny(raw, " \t") {
		var opts *rtmp.URLOptions
		u, opts, err = rtmp.ParseLibrtmpURL(raw)
		if err == nil {
			opts.ApplyConfig(cfg)
		}
	} else {
		u, err = rtmp.ParseURL(raw)
	}
	if err != nil {
		return nil, nil, usageError(err)
	}
	set := func(name string, dst *string, v string) {
		if f.fs == nil || f.fs.Changed(name) {
			*dst = v
		}
	}
	set("app", &cfg.App, f.app)
	set("playpath", &cfg.PlayPath, f.playPath)
	set("tcurl", &cfg.TCURL, f.tcURL)
	set("flashver", &cfg.FlashVer, f.flashVer)
	set("swfurl", &cfg.SWFURL, f.swfURL)
	set("pageurl", &cfg.PageURL, f.pageURL)
	set("token", &cfg.Token, f.token)
	set("socks", &cfg.Socks, f.socks)
	set("user", &cfg.PubUser, f.user)
	set("pass", &cfg.PubPasswd, f.pass)
	if len(f.conn) > 0 {
		var items []string
		for _, c := range f.conn {
			items = append(items, strings.Fields(c)...)
		}
		args, err := rtmp.ParseConnArgs(items...)
		if err != nil {
			return nil, nil, usageError(fmt.Errorf("--conn: %w", err))
		}
		cfg.ConnArgs = args
	}
	if cfg.Timeout == 0 || (f.fs != nil && f.fs.Changed("timeout")) {
		cfg.Timeout = f.timeout
	}
	if f.insecure {
		cfg.TLSConfig = &tls.Config{InsecureSkipVerify: true}
	}
	cfg.DialTunnel = tunnelDialer(cfg.TLSConfig)
	cfg.Logger = slog.New(slog.DiscardHandler)
	if f.verbose {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return u, cfg, nil
}

// tunnelDialer returns the ClientConfig.DialTunnel hook that opens an RTMPT
// session (rtmpt, rtmpts, rtmpte) with package rtmpt.
func tunnelDialer(tc *tls.Config) func(ctx context.Context, u *rtmp.URL) (net.Conn, error) {
	return func(ctx context.Context, u *rtmp.URL) (net.Conn, error) {
		return rtmpt.Dial(ctx, u.Scheme+"://"+u.Address(), &rtmpt.Config{TLSConfig: tc})
	}
}

// dial connects to raw with the flags' configuration. onCfg, when not nil,
// may adjust the configuration (callbacks, play options) before dialling.
func (f *clientFlags) dial(ctx context.Context, raw string, onCfg func(*rtmp.ClientConfig)) (*rtmp.ClientConn, error) {
	u, cfg, err := f.config(raw)
	if err != nil {
		return nil, err
	}
	if onCfg != nil {
		onCfg(cfg)
	}
	dctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	c, err := rtmp.DialURL(dctx, u, cfg)
	if err != nil {
		return nil, describeDialError(u, err)
	}
	return c, nil
}

// describeDialError says in words what went wrong while connecting.
func describeDialError(u *rtmp.URL, err error) error {
	where := u.String()
	switch classify(err) {
	case exitConnect:
		return fmt.Errorf("cannot connect to %s: %w", where, err)
	case exitTimeout:
		return fmt.Errorf("timed out connecting to %s: %w", where, err)
	case exitAuth:
		return fmt.Errorf("connection to %s refused (authentication or access denied): %w", where, err)
	case exitNotFound:
		return fmt.Errorf("application not found on %s: %w", where, err)
	}
	return fmt.Errorf("connect to %s: %w", where, err)
}

// commandContext bounds one command's answer with the --timeout.
func (f *clientFlags) commandContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, f.timeout)
}

// exactArgs is cobra.ExactArgs with a usage error (exit code 2).
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		return usageError(cobra.ExactArgs(n)(cmd, args))
	}
}

// minArgs is cobra.MinimumNArgs with a usage error (exit code 2).
func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		return usageError(cobra.MinimumNArgs(n)(cmd, args))
	}
}

// flagError makes a flag parsing error a usage error (exit code 2).
func flagError(_ *cobra.Command, err error) error { return usageError(err) }
