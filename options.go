package rtmp

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// URLOptions are librtmp's space-separated URL options (PROTOCOL.md §1.2),
// as in "rtmp://host/app/stream live=1 buffer=3000 conn=S:token". A field
// left at its zero value was not given. [ParseLibrtmpURL] fills it; a
// ClientConfig applies it.
type URLOptions struct {
	App       string // app: overrides connect.app
	TCURL     string // tcUrl: overrides connect.tcUrl
	PageURL   string // pageUrl
	SWFURL    string // swfUrl
	FlashVer  string // flashver
	PlayPath  string // playpath: overrides the stream name
	Subscribe string // subscribe: name for FCSubscribe
	Jtv       string // jtv: Justin.tv usher token
	Token     string // token: SecureToken key
	Socks     string // socks: SOCKS proxy host:port
	PubUser   string // pubUser: publisher user name for Adobe/Limelight auth
	PubPasswd string // pubPasswd: publisher password

	Live     bool // live: play start -1000 (live only)
	Playlist bool // playlist: send set_playlist before play
	SWFVfy   bool // swfVfy: compute the SWF hash from swfUrl and answer SWF verification

	SWFAge  int // swfAge: days to cache the SWF hash
	Start   int // start: play start position, ms (StartSet tells whether given)
	Stop    int // stop: play stop position, ms
	Buffer  int // buffer: buffer length, ms
	Timeout int // timeout: seconds

	StartSet bool // whether start= was given (0 is a valid position)

	// Conn holds the conn= AMF arguments appended to connect, in order: bool,
	// float64, string, nil, or amf0.Object for O:1 ... O:0 groups.
	Conn []any
}

// ErrBadOption reports a librtmp URL option that cannot be parsed.
var ErrBadOption = errors.New("rtmp: bad URL option")

// ParseLibrtmpURL parses a librtmp-style URL string: an RTMP URL followed by
// space-separated key=value options. Keys are case-insensitive and values
// may contain \XX hex escapes (\20 for a space). The URL part is split with
// the librtmp rule, and the app, tcUrl and playpath options override it.
func ParseLibrtmpURL(s string) (*URL, *URLOptions, error) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return nil, nil, ErrBadURL
	}
	u, err := ParseURLRule(fields[0], SplitLibrtmp)
	if err != nil {
		return nil, nil, err
	}
	opts, err := ParseURLOptions(strings.Join(fields[1:], " "))
	if err != nil {
		return nil, nil, err
	}
	opts.ApplyTo(u)
	return u, opts, nil
}

// ApplyTo applies the app, tcUrl and playpath overrides of o to u.
func (o *URLOptions) ApplyTo(u *URL) {
	if o.App != "" {
		u.App = o.App
		if o.TCURL == "" {
			u.TCURL = u.base() + "/" + o.App
		}
	}
	if o.TCURL != "" {
		u.TCURL = o.TCURL
	}
	if o.PlayPath != "" {
		u.PlayPath = o.PlayPath
	}
}

// ParseURLOptions parses space-separated librtmp options (without the URL).
func ParseURLOptions(s string) (*URLOptions, error) {
	o := &URLOptions{}
	var conn connBuilder
	for _, f := range strings.Fields(s) {
		key, raw, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("%w: %q is not key=value", ErrBadOption, f)
		}
		val, err := unescapeOption(raw)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrBadOption, key, err)
		}
		if err := o.set(strings.ToLower(key), val, &conn); err != nil {
			return nil, fmt.Errorf("%w: %s=%s: %v", ErrBadOption, key, raw, err)
		}
	}
	args, err := conn.finish()
	if err != nil {
		return nil, fmt.Errorf("%w: conn: %v", ErrBadOption, err)
	}
	o.Conn = args
	return o, nil
}

func (o *URLOptions) set(key, val string, conn *connBuilder) error {
	str := map[string]*string{
		"app": &o.App, "tcurl": &o.TCURL, "pageurl": &o.PageURL, "swfurl": &o.SWFURL,
		"flashver": &o.FlashVer, "playpath": &o.PlayPath, "subscribe": &o.Subscribe,
		"jtv": &o.Jtv, "token": &o.Token, "socks": &o.Socks, "pubuser": &o.PubUser,
		"pubpasswd": &o.PubPasswd,
	}
	if p, ok := str[key]; ok {
		*p = val
		return nil
	}
	boolean := map[string]*bool{"live": &o.Live, "playlist": &o.Playlist, "swfvfy": &o.SWFVfy}
	if p, ok := boolean[key]; ok {
		*p = parseOptionBool(val)
		return nil
	}
	integer := map[string]*int{
		"swfage": &o.SWFAge, "start": &o.Start, "stop": &o.Stop,
		"buffer": &o.Buffer, "timeout": &o.Timeout,
	}
	if p, ok := integer[key]; ok {
		n, err := strconv.Atoi(val)
		if err != nil {
			return err
		}
		*p = n
		o.StartSet = o.StartSet || key == "start"
		return nil
	}
	if key == "conn" {
		return conn.add(val)
	}
	return errors.New("unknown option")
}

// parseOptionBool is librtmp's boolean: 1, on, yes or true (any case).
func parseOptionBool(v string) bool {
	switch strings.ToLower(v) {
	case "1", "on", "yes", "true":
		return true
	}
	return false
}

// unescapeOption decodes librtmp's \XX hex escapes.
func unescapeOption(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", errors.New(`truncated \XX escape`)
		}
		n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", fmt.Errorf(`bad escape \%s`, s[i+1:i+3])
		}
		b.WriteByte(byte(n))
		i += 2
	}
	return b.String(), nil
}
