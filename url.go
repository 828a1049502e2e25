package rtmp

import (
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Default ports of the RTMP URL schemes (PROTOCOL.md §1).
const (
	DefaultPort      = 1935 // rtmp, rtmpe
	DefaultTLSPort   = 443  // rtmps, rtmpts
	DefaultHTTPPort  = 80   // rtmpt, rtmpte
	maxURLHostLength = 255
)

// SplitRule selects how the path of an RTMP URL is divided into the
// application name (sent in connect) and the play path (the stream name
// sent in play or publish). Real clients disagree; see PROTOCOL.md §1.1.
type SplitRule int

const (
	// SplitFFmpeg is FFmpeg's rule and the default: the app is the first
	// path segment, or the first two when a third exists and the second
	// segment is not the start of a prefixed play path such as "mp4:x/y".
	// A URL with a single path segment has that segment as app and no play
	// path.
	SplitFFmpeg SplitRule = iota
	// SplitLibrtmp is librtmp's rule: the app is everything up to the last
	// slash but at most three segments ("a/b/c/d/e" gives app "a/b/c" and
	// play path "d/e"), and the play path is normalised with mp4:/mp3:
	// prefixes.
	SplitLibrtmp
)

// URL is a parsed RTMP URL: the transport, the server address, and the
// application and play path the client will use.
type URL struct {
	// Scheme is the lower-case scheme: rtmp, rtmps, rtmpt, rtmpts, rtmpe or rtmpte.
	Scheme string
	// Host is the host name or IP address, without brackets for IPv6.
	Host string
	// Port is the port given in the URL, or the scheme's default.
	Port int
	// PortGiven reports whether the URL named the port explicitly.
	PortGiven bool
	// User and Password are the credentials of a user:pass@ authority, used
	// only when the server asks for authentication (PROTOCOL.md §12.1).
	User, Password string
	// App is the application name sent as connect.app, including any
	// query string that followed it.
	App string
	// PlayPath is the stream name for play or publish, including any query
	// string (commonly a stream key or token).
	PlayPath string
	// TCURL is the tcUrl sent in connect: scheme://host[:port]/app.
	TCURL string
}

// Errors returned by ParseURL.
var (
	ErrBadScheme = errors.New("rtmp: unsupported URL scheme")
	ErrBadURL    = errors.New("rtmp: malformed URL")
)

// Secure reports whether the transport is TLS (rtmps, rtmpts).
func (u *URL) Secure() bool { return u.Scheme == "rtmps" || u.Scheme == "rtmpts" }

// Tunneled reports whether the transport is HTTP tunnelling (rtmpt, rtmpts, rtmpte).
func (u *URL) Tunneled() bool { return strings.HasPrefix(u.Scheme, "rtmpt") }

// Encrypted reports whether the transport is RTMPE (rtmpe, rtmpte).
func (u *URL) Encrypted() bool { return u.Scheme == "rtmpe" || u.Scheme == "rtmpte" }

// Address returns host:port for dialling.
func (u *URL) Address() string { return net.JoinHostPort(u.Host, strconv.Itoa(u.Port)) }

// String returns the URL in scheme://host[:port]/app/playpath form, without
// credentials.
func (u *URL) String() string {
	s := u.base() + "/" + u.App
	if u.PlayPath != "" {
		s += "/" + u.PlayPath
	}
	return s
}

func (u *URL) base() string {
	h := u.Host
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	if u.PortGiven {
		h += ":" + strconv.Itoa(u.Port)
	}
	return u.Scheme + "://" + h
}

// ParseURL parses an RTMP URL with the FFmpeg splitting rule.
//
// The form is scheme://[user:pass@]host[:port][/app[/instance]][/playpath][?query].
// A play path ending in .mp4 or .f4v gets the "mp4:" prefix and one ending in
// .flv loses the extension, as FFmpeg does. A path whose query holds slist=
// takes the play path from it, and /ondemand/... has the app "ondemand".
func ParseURL(raw string) (*URL, error) { return ParseURLRule(raw, SplitFFmpeg) }

// ParseURLRule parses an RTMP URL, splitting app and play path by rule.
func ParseURLRule(raw string, rule SplitRule) (*URL, error) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return nil, ErrBadURL
	}
	u := &URL{Scheme: strings.ToLower(scheme)}
	switch u.Scheme {
	case "rtmp", "rtmpe":
		u.Port = DefaultPort
	case "rtmps", "rtmpts":
		u.Port = DefaultTLSPort
	case "rtmpt", "rtmpte":
		u.Port = DefaultHTTPPort
	default:
		return nil, ErrBadScheme
	}
	authority, path, _ := strings.Cut(rest, "/")
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		cred := authority[:at]
		authority = authority[at+1:]
		user, pass, _ := strings.Cut(cred, ":")
		u.User, u.Password = unescapePercent(user), unescapePercent(pass)
	}
	if err := u.setHostPort(authority); err != nil {
		return nil, err
	}
	var app, playpath string
	switch rule {
	case SplitLibrtmp:
		app, playpath = splitLibrtmp(path)
	default:
		app, playpath = splitFFmpeg(path)
	}
	u.App, u.PlayPath = app, playpath
	u.TCURL = u.base() + "/" + app
	return u, nil
}

func (u *URL) setHostPort(authority string) error {
	host, port := authority, ""
	if strings.HasPrefix(authority, "[") {
		end := strings.IndexByte(authority, ']')
		if end < 0 {
			return ErrBadURL
		}
		host = authority[1:end]
		if rest := authority[end+1:]; rest != "" {
			if rest[0] != ':' {
				return ErrBadURL
			}
			port = rest[1:]
		}
	} else if i := strings.LastIndexByte(authority, ':'); i >= 0 {
		host, port = authority[:i], authority[i+1:]
	}
	if host == "" || len(host) > maxURLHostLength {
		return ErrBadURL
	}
	u.Host = host
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n <= 0 || n > 65535 {
			return ErrBadURL
		}
		u.Port, u.PortGiven = n, true
	}
	return nil
}

// slistPlaypath returns the play path of a path whose query has slist=, as
// both FFmpeg and librtmp read it: app before the '?', play path the slist value.
func slistPlaypath(path string) (app, playpath string, ok bool) {
	before, query, found := strings.Cut(path, "?")
	if !found {
		return "", "", false
	}
	i := strings.Index(query, "slist=")
	if i < 0 {
		return "", "", false
	}
	v := query[i+len("slist="):]
	if amp := strings.IndexByte(v, '&'); amp >= 0 {
		v = v[:amp]
	}
	return before, unescapePercent(v), true
}

func splitFFmpeg(path string) (app, playpath string) {
	if a, p, ok := slistPlaypath(path); ok {
		return a, p
	}
	if p, ok := strings.CutPrefix(path, "ondemand/"); ok {
		return "ondemand", ffmpegPlaypath(p)
	}
	first := strings.IndexByte(path, '/')
	if first < 0 {
		return path, ""
	}
	rest := path[first+1:]
	second := strings.IndexByte(rest, '/')
	colon := strings.IndexByte(rest, ':')
	if second < 0 || (colon >= 0 && colon < second) {
		return path[:first], ffmpegPlaypath(rest)
	}
	return path[:first+1+second], ffmpegPlaypath(rest[second+1:])
}

// ffmpegPlaypath applies FFmpeg's normalisation: .mp4/.f4v without a ':'
// prefix gain "mp4:" (extension kept), a .flv extension is removed. The
// extension is looked for before any query string.
func ffmpegPlaypath(p string) string {
	name, query, hasQuery := strings.Cut(p, "?")
	ext := strings.ToLower(extOf(name))
	switch {
	case (ext == ".mp4" || ext == ".f4v") && !strings.Contains(name, ":"):
		name = "mp4:" + name
	case ext == ".flv":
		name = name[:len(name)-4]
	}
	if hasQuery {
		return name + "?" + query
	}
	return name
}

func splitLibrtmp(path string) (app, playpath string) {
	if a, p, ok := slistPlaypath(path); ok {
		return a, p
	}
	if p, ok := strings.CutPrefix(path, "ondemand/"); ok {
		return "ondemand", librtmpPlaypath(p)
	}
	segs := strings.Split(path, "/")
	n := len(segs) - 1 // app segments: all but the last, at most 3
	if n > 3 {
		n = 3
	}
	if n == 0 {
		return path, ""
	}
	return strings.Join(segs[:n], "/"), librtmpPlaypath(strings.Join(segs[n:], "/"))
}

// librtmpPlaypath applies RTMP_ParsePlaypath: .mp4/.f4v gain "mp4:" with the
// extension removed (kept when the name already has the prefix), .mp3 gains
// "mp3:" with the extension removed, .flv is removed; %XX escapes are decoded.
func librtmpPlaypath(p string) string {
	name, query, hasQuery := strings.Cut(p, "?")
	ext := strings.ToLower(extOf(name))
	lower := strings.ToLower(name)
	switch {
	case ext == ".mp4" || ext == ".f4v":
		if !strings.HasPrefix(lower, "mp4:") {
			name = "mp4:" + name[:len(name)-4]
		}
	case ext == ".mp3":
		if !strings.HasPrefix(lower, "mp3:") {
			name = "mp3:" + name[:len(name)-4]
		} else {
			name = name[:len(name)-4]
		}
	case ext == ".flv":
		name = name[:len(name)-4]
	}
	name = unescapePercent(name)
	if hasQuery {
		return name + "?" + query
	}
	return name
}

func extOf(name string) string {
	if len(name) < 4 || name[len(name)-4] != '.' {
		return ""
	}
	return name[len(name)-4:]
}

// unescapePercent decodes %XX escapes, leaving malformed ones as they are.
func unescapePercent(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	if v, err := url.PathUnescape(s); err == nil {
		return v
	}
	return s
}
