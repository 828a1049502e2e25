package main

import (
	"reflect"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/amf0"
)

// TestClientFlagsConfig: librtmp URL options and flags map onto the URL and
// ClientConfig, and flags given on the command line win.
func TestClientFlagsConfig(t *testing.T) {
	tests := []struct {
		name  string
		url   string
		flags []string
		check func(t *testing.T, u *rtmp.URL, cfg *rtmp.ClientConfig)
	}{
		{"plain", "rtmp://h:1940/live/cam1", nil, func(t *testing.T, u *rtmp.URL, cfg *rtmp.ClientConfig) {
			if u.Address() != "h:1940" || u.App != "live" || u.PlayPath != "cam1" {
				t.Errorf("url %+v", u)
			}
			if cfg.Timeout != defaultClientTimeout || cfg.Live || cfg.DialTunnel == nil || cfg.Logger == nil {
				t.Errorf("cfg %+v", cfg)
			}
		}},
		{"librtmp options", "rtmp://h/app/key live=1 buffer=3000 conn=S:tok conn=N:2 flashver=FMLE/3.0 timeout=7", nil,
			func(t *testing.T, u *rtmp.URL, cfg *rtmp.ClientConfig) {
				if !cfg.Live || cfg.Buffer != 3000 || cfg.FlashVer != "FMLE/3.0" || cfg.Timeout != 7*time.Second {
					t.Errorf("cfg %+v", cfg)
				}
				if !reflect.DeepEqual(cfg.ConnArgs, []any{"tok", 2.0}) {
					t.Errorf("conn args %#v", cfg.ConnArgs)
				}
			}},
		{"flags win", "rtmp://h/app/key flashver=URL app=urlapp timeout=7",
			[]string{"--flashver", "FLAG/1", "--app", "flagapp", "--playpath", "other", "--tcurl", "rtmp://x/y",
				"--swfurl", "s", "--pageurl", "p", "--token", "tk", "--socks", "127.0.0.1:1080",
				"--user", "u", "--pass", "pw", "--timeout", "3s", "--conn", "O:1 NS:k:v O:0", "--conn", "B:1"},
			func(t *testing.T, u *rtmp.URL, cfg *rtmp.ClientConfig) {
				want := rtmp.ClientConfig{App: "flagapp", PlayPath: "other", TCURL: "rtmp://x/y", FlashVer: "FLAG/1",
					SWFURL: "s", PageURL: "p", Token: "tk", Socks: "127.0.0.1:1080", PubUser: "u", PubPasswd: "pw", Timeout: 3 * time.Second}
				got := rtmp.ClientConfig{App: cfg.App, PlayPath: cfg.PlayPath, TCURL: cfg.TCURL, FlashVer: cfg.FlashVer,
					SWFURL: cfg.SWFURL, PageURL: cfg.PageURL, Token: cfg.Token, Socks: cfg.Socks, PubUser: cfg.PubUser,
					PubPasswd: cfg.PubPasswd, Timeout: cfg.Timeout}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("cfg\n got %+v\nwant %+v", got, want)
				}
				wantConn := []any{amf0.Object{{Key: "k", Value: "v"}}, true}
				if !reflect.DeepEqual(cfg.ConnArgs, wantConn) {
					t.Errorf("conn args %#v, want %#v", cfg.ConnArgs, wantConn)
				}
			}},
		{"insecure", "rtmps://h/app/key", []string{"--insecure"}, func(t *testing.T, u *rtmp.URL, cfg *rtmp.ClientConfig) {
			if !u.Secure() || cfg.TLSConfig == nil || !cfg.TLSConfig.InsecureSkipVerify {
				t.Errorf("tls %+v", cfg.TLSConfig)
			}
		}},
		{"user in url", "rtmp://me:secret@h/app/key", nil, func(t *testing.T, u *rtmp.URL, cfg *rtmp.ClientConfig) {
			if u.User != "me" || u.Password != "secret" || cfg.PubUser != "" {
				t.Errorf("url %+v cfg user %q", u, cfg.PubUser)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var f clientFlags
			fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
			f.register(fs)
			if err := fs.Parse(tc.flags); err != nil {
				t.Fatal(err)
			}
			u, cfg, err := f.config(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, u, cfg)
		})
	}
}

func TestProgressLine(t *testing.T) {
	p := newProgress("play", nil)
	p.add(1500, 2500)
	p.add(1<<20, 61_000)
	p.drop()
	got := p.line(2 * time.Second)
	want := "play  time 0:00:02.0  media 0:01:01.0  1.00 MiB  4200 kb/s  tags 2  dropped 1"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0 B"}, {1023, "1023 B"}, {1536, "1.5 KiB"}, {3 << 30, "3.00 GiB"}} {
		if g := humanBytes(tc.n); g != tc.want {
			t.Errorf("humanBytes(%d) = %q, want %q", tc.n, g, tc.want)
		}
	}
	if g := clock(3*time.Hour + 4*time.Minute + 5500*time.Millisecond); g != "3:04:05.5" {
		t.Errorf("clock = %q", g)
	}
}
