package rtmp

import (
	"errors"
	"reflect"
	"testing"

	"github.com/rtmpkit/rtmp/amf0"
)

func TestParseURL(t *testing.T) {
	type want struct {
		scheme, host string
		port         int
		app, play    string
		tcURL        string
		user, pass   string
	}
	tests := []struct {
		name string
		rule SplitRule
		in   string
		want want
	}{
		{"ffmpeg app/key", SplitFFmpeg, "rtmp://127.0.0.1:19350/live/key",
			want{"rtmp", "127.0.0.1", 19350, "live", "key", "rtmp://127.0.0.1:19350/live", "", ""}},
		{"ffmpeg default port omitted in tcUrl", SplitFFmpeg, "rtmp://example.com/live/key",
			want{"rtmp", "example.com", 1935, "live", "key", "rtmp://example.com/live", "", ""}},
		{"ffmpeg app only", SplitFFmpeg, "rtmp://h/live",
			want{"rtmp", "h", 1935, "live", "", "rtmp://h/live", "", ""}},
		{"ffmpeg app/instance/key", SplitFFmpeg, "rtmp://h/a/b/c",
			want{"rtmp", "h", 1935, "a/b", "c", "rtmp://h/a/b", "", ""}},
		{"ffmpeg mp4: playpath with slash", SplitFFmpeg, "rtmp://h/vod/mp4:x/y.mp4",
			want{"rtmp", "h", 1935, "vod", "mp4:x/y.mp4", "rtmp://h/vod", "", ""}},
		{"ffmpeg .mp4 gains prefix, keeps extension", SplitFFmpeg, "rtmp://h/vod/movie.mp4",
			want{"rtmp", "h", 1935, "vod", "mp4:movie.mp4", "rtmp://h/vod", "", ""}},
		{"ffmpeg .f4v gains prefix", SplitFFmpeg, "rtmp://h/vod/movie.f4v",
			want{"rtmp", "h", 1935, "vod", "mp4:movie.f4v", "rtmp://h/vod", "", ""}},
		{"ffmpeg .flv stripped", SplitFFmpeg, "rtmp://h/vod/clip.flv",
			want{"rtmp", "h", 1935, "vod", "clip", "rtmp://h/vod", "", ""}},
		{"ffmpeg query kept in playpath", SplitFFmpeg, "rtmp://h/live/key?token=abc&x=1",
			want{"rtmp", "h", 1935, "live", "key?token=abc&x=1", "rtmp://h/live", "", ""}},
		{"ffmpeg query on app", SplitFFmpeg, "rtmp://h/live?auth=1/key",
			want{"rtmp", "h", 1935, "live?auth=1", "key", "rtmp://h/live?auth=1", "", ""}},
		{"ffmpeg slist", SplitFFmpeg, "rtmp://h/app/inst?slist=mp4:video.mp4&x=1",
			want{"rtmp", "h", 1935, "app/inst", "mp4:video.mp4", "rtmp://h/app/inst", "", ""}},
		{"ffmpeg ondemand", SplitFFmpeg, "rtmp://h/ondemand/a/b.flv",
			want{"rtmp", "h", 1935, "ondemand", "a/b", "rtmp://h/ondemand", "", ""}},
		{"ffmpeg credentials", SplitFFmpeg, "rtmp://alice:s%40cret@h:1936/live/key",
			want{"rtmp", "h", 1936, "live", "key", "rtmp://h:1936/live", "alice", "s@cret"}},
		{"rtmps default port", SplitFFmpeg, "rtmps://h/live/key",
			want{"rtmps", "h", 443, "live", "key", "rtmps://h/live", "", ""}},
		{"rtmpt default port", SplitFFmpeg, "rtmpt://h/live/key",
			want{"rtmpt", "h", 80, "live", "key", "rtmpt://h/live", "", ""}},
		{"rtmpte default port", SplitFFmpeg, "rtmpte://h/live/key",
			want{"rtmpte", "h", 80, "live", "key", "rtmpte://h/live", "", ""}},
		{"rtmpe default port", SplitFFmpeg, "RTMPE://h/live/key",
			want{"rtmpe", "h", 1935, "live", "key", "rtmpe://h/live", "", ""}},
		{"rtmpts default port", SplitFFmpeg, "rtmpts://h/live/key",
			want{"rtmpts", "h", 443, "live", "key", "rtmpts://h/live", "", ""}},
		{"ipv6 host", SplitFFmpeg, "rtmp://[::1]:1935/live/key",
			want{"rtmp", "::1", 1935, "live", "key", "rtmp://[::1]:1935/live", "", ""}},
		{"no path", SplitFFmpeg, "rtmp://h",
			want{"rtmp", "h", 1935, "", "", "rtmp://h/", "", ""}},

		{"librtmp a/b", SplitLibrtmp, "rtmp://h/a/b",
			want{"rtmp", "h", 1935, "a", "b", "rtmp://h/a", "", ""}},
		{"librtmp a/b/c", SplitLibrtmp, "rtmp://h/a/b/c",
			want{"rtmp", "h", 1935, "a/b", "c", "rtmp://h/a/b", "", ""}},
		{"librtmp a/b/c/d", SplitLibrtmp, "rtmp://h/a/b/c/d",
			want{"rtmp", "h", 1935, "a/b/c", "d", "rtmp://h/a/b/c", "", ""}},
		{"librtmp a/b/c/d/e", SplitLibrtmp, "rtmp://h/a/b/c/d/e",
			want{"rtmp", "h", 1935, "a/b/c", "d/e", "rtmp://h/a/b/c", "", ""}},
		{"librtmp .mp4 prefix, extension stripped", SplitLibrtmp, "rtmp://h/vod/movie.mp4",
			want{"rtmp", "h", 1935, "vod", "mp4:movie", "rtmp://h/vod", "", ""}},
		{"librtmp mp4: prefix keeps extension", SplitLibrtmp, "rtmp://h/vod/mp4:movie.mp4",
			want{"rtmp", "h", 1935, "vod", "mp4:movie.mp4", "rtmp://h/vod", "", ""}},
		{"librtmp .mp3 prefix", SplitLibrtmp, "rtmp://h/vod/song.mp3",
			want{"rtmp", "h", 1935, "vod", "mp3:song", "rtmp://h/vod", "", ""}},
		{"librtmp .flv stripped, percent decoded", SplitLibrtmp, "rtmp://h/vod/my%20clip.flv",
			want{"rtmp", "h", 1935, "vod", "my clip", "rtmp://h/vod", "", ""}},
		{"librtmp extension before query", SplitLibrtmp, "rtmp://h/vod/movie.mp4?t=1",
			want{"rtmp", "h", 1935, "vod", "mp4:movie?t=1", "rtmp://h/vod", "", ""}},
		{"librtmp slist", SplitLibrtmp, "rtmp://h/app?slist=clip",
			want{"rtmp", "h", 1935, "app", "clip", "rtmp://h/app", "", ""}},
		{"librtmp ondemand", SplitLibrtmp, "rtmp://h/ondemand/x/y.mp4",
			want{"rtmp", "h", 1935, "ondemand", "mp4:x/y", "rtmp://h/ondemand", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseURLRule(tt.in, tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			got := want{u.Scheme, u.Host, u.Port, u.App, u.PlayPath, u.TCURL, u.User, u.Password}
			if got != tt.want {
				t.Errorf("ParseURLRule(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseURLErrors(t *testing.T) {
	for _, in := range []string{"http://h/live", "rtmp:/h/live", "rtmp://:1935/live", "rtmp://h:99999/live",
		"rtmp://h:x/live", "rtmp://[::1/live", "live/key"} {
		if _, err := ParseURL(in); err == nil {
			t.Errorf("ParseURL(%q) succeeded", in)
		} else if !errors.Is(err, ErrBadURL) && !errors.Is(err, ErrBadScheme) {
			t.Errorf("ParseURL(%q) = %v, want ErrBadURL or ErrBadScheme", in, err)
		}
	}
}

func TestURLTransportPredicates(t *testing.T) {
	for _, tt := range []struct {
		in                          string
		secure, tunneled, encrypted bool
	}{
		{"rtmp://h/a", false, false, false},
		{"rtmps://h/a", true, false, false},
		{"rtmpt://h/a", false, true, false},
		{"rtmpts://h/a", true, true, false},
		{"rtmpe://h/a", false, false, true},
		{"rtmpte://h/a", false, true, true},
	} {
		u, err := ParseURL(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if u.Secure() != tt.secure || u.Tunneled() != tt.tunneled || u.Encrypted() != tt.encrypted {
			t.Errorf("%s: secure %v tunneled %v encrypted %v", tt.in, u.Secure(), u.Tunneled(), u.Encrypted())
		}
	}
	u, _ := ParseURL("rtmp://[::1]:19350/live/key")
	if got := u.Address(); got != "[::1]:19350" {
		t.Errorf("Address = %q", got)
	}
	if got := u.String(); got != "rtmp://[::1]:19350/live/key" {
		t.Errorf("String = %q", got)
	}
}

func TestParseLibrtmpURL(t *testing.T) {
	u, o, err := ParseLibrtmpURL(`rtmp://h:1940/live/key live=1 buffer=3000 timeout=10 ` +
		`flashVer=WIN\2011,1,102,55 swfUrl=http://x/p.swf pageUrl=http://x/ swfVfy=yes swfAge=7 ` +
		`start=0 stop=5000 subscribe=key token=secret socks=127.0.0.1:1080 pubUser=bob pubPasswd=p\40ss ` +
		`jtv=tok playlist=on conn=B:1 conn=S:authMe conn=O:1 conn=NN:code:1.23 conn=NS:flag:ok conn=O:0 conn=Z:`)
	if err != nil {
		t.Fatal(err)
	}
	if u.App != "live" || u.PlayPath != "key" || u.TCURL != "rtmp://h:1940/live" {
		t.Errorf("url = %+v", u)
	}
	want := &URLOptions{
		PageURL: "http://x/", SWFURL: "http://x/p.swf", FlashVer: "WIN 11,1,102,55",
		Subscribe: "key", Jtv: "tok", Token: "secret", Socks: "127.0.0.1:1080", PubUser: "bob",
		PubPasswd: "p@ss", Live: true, Playlist: true, SWFVfy: true, SWFAge: 7, Start: 0, Stop: 5000,
		Buffer: 3000, Timeout: 10, StartSet: true,
		Conn: []any{true, "authMe", amf0.Object{{Key: "code", Value: 1.23}, {Key: "flag", Value: "ok"}}, nil},
	}
	if !reflect.DeepEqual(o, want) {
		t.Errorf("options\n got %#v\nwant %#v", o, want)
	}
}

func TestLibrtmpOverrides(t *testing.T) {
	u, _, err := ParseLibrtmpURL("rtmp://h/a/b app=other/inst playpath=mp4:x.mp4")
	if err != nil {
		t.Fatal(err)
	}
	if u.App != "other/inst" || u.PlayPath != "mp4:x.mp4" || u.TCURL != "rtmp://h/other/inst" {
		t.Errorf("got %+v", u)
	}
	u, _, err = ParseLibrtmpURL("rtmp://h/a/b tcUrl=rtmp://cdn/a")
	if err != nil {
		t.Fatal(err)
	}
	if u.TCURL != "rtmp://cdn/a" || u.App != "a" {
		t.Errorf("got %+v", u)
	}
}

func TestParseConnArgs(t *testing.T) {
	got, err := ParseConnArgs("B:0", "B:yes", "N:-2.5", "S:", "Z:", "O:1", "NB:b:1", "NO:inner:1",
		"NS:s:x:y", "O:0", "NZ:z:", "O:0")
	if err != nil {
		t.Fatal(err)
	}
	want := []any{false, true, -2.5, "", nil, amf0.Object{
		{Key: "b", Value: true},
		{Key: "inner", Value: amf0.Object{{Key: "s", Value: "x:y"}}},
		{Key: "z", Value: nil},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	for _, bad := range [][]string{{"NS:a:b"}, {"O:1", "S:x", "O:0"}, {"O:1"}, {"O:0"}, {"X:1"},
		{"N:abc"}, {"S"}, {"NS:a"}, {"O:2"}} {
		if _, err := ParseConnArgs(bad...); err == nil {
			t.Errorf("ParseConnArgs(%q) succeeded", bad)
		}
	}
}

func TestParseURLOptionsErrors(t *testing.T) {
	for _, in := range []string{"live", "nosuch=1", `app=\2`, `app=\zz`, "buffer=abc", "conn=O:1"} {
		if _, err := ParseURLOptions(in); !errors.Is(err, ErrBadOption) {
			t.Errorf("ParseURLOptions(%q) = %v, want ErrBadOption", in, err)
		}
	}
}
