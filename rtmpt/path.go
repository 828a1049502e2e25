package rtmpt

import (
	"errors"
	"strconv"
	"strings"
)

// command is the first path element of an RTMPT request.
type command uint8

const (
	cmdIdent2 command = iota + 1 // POST /fcs/ident2: Flash Player's probe
	cmdIdent                     // POST /fcs/ident
	cmdOpen                      // POST /open/1: new session
	cmdSend                      // POST /send/<id>/<seq>: client bytes
	cmdIdle                      // POST /idle/<id>/<seq>: poll
	cmdClose                     // POST /close/<id>/<seq>: end session
)

func (c command) String() string {
	switch c {
	case cmdIdent2:
		return "ident2"
	case cmdIdent:
		return "ident"
	case cmdOpen:
		return "open"
	case cmdSend:
		return "send"
	case cmdIdle:
		return "idle"
	case cmdClose:
		return "close"
	}
	return "command(" + strconv.Itoa(int(c)) + ")"
}

// MaxSessionIDLength bounds a session id in a request path. FFmpeg keeps
// the id in a 64-byte buffer, so ids longer than 63 bytes cannot work anyway.
const MaxSessionIDLength = 63

// request is a parsed RTMPT request path.
type request struct {
	cmd command
	id  string // session id (send, idle, close)
	seq uint64 // the client's request counter (send, idle, close); informational
}

// errBadPath is returned by parsePath for anything that is not an RTMPT
// request path.
var errBadPath = errors.New("rtmpt: not an RTMPT request path")

// parsePath parses the path of an RTMPT request: /fcs/ident2, /fcs/ident,
// /open/<n>, or /send|idle|close/<id>/<seq>. The session id must be 1 to
// MaxSessionIDLength bytes of [A-Za-z0-9_-] and seq a decimal uint64. A
// trailing slash is tolerated; anything else yields errBadPath.
func parsePath(p string) (request, error) {
	p = strings.TrimSuffix(p, "/")
	switch p {
	case "/fcs/ident2":
		return request{cmd: cmdIdent2}, nil
	case "/fcs/ident":
		return request{cmd: cmdIdent}, nil
	}
	rest, ok := strings.CutPrefix(p, "/")
	if !ok {
		return request{}, errBadPath
	}
	name, rest, _ := strings.Cut(rest, "/")
	var r request
	switch name {
	case "open":
		if !isDigits(rest) || len(rest) > 20 {
			return request{}, errBadPath
		}
		return request{cmd: cmdOpen}, nil
	case "send":
		r.cmd = cmdSend
	case "idle":
		r.cmd = cmdIdle
	case "close":
		r.cmd = cmdClose
	default:
		return request{}, errBadPath
	}
	id, seq, ok := strings.Cut(rest, "/")
	if !ok || !validID(id) || !isDigits(seq) {
		return request{}, errBadPath
	}
	n, err := strconv.ParseUint(seq, 10, 64)
	if err != nil {
		return request{}, errBadPath
	}
	r.id, r.seq = id, n
	return r, nil
}

func validID(id string) bool {
	if len(id) == 0 || len(id) > MaxSessionIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
