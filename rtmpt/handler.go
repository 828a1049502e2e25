package rtmpt

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Defaults of the Handler limits.
const (
	// DefaultMaxSessions bounds the open sessions of a Handler.
	DefaultMaxSessions = 1000
	// DefaultMaxBuffered bounds, per session and per direction, the bytes
	// waiting to be read by the serve side or fetched by the client. A full
	// outgoing buffer blocks Write; a full incoming buffer holds /send
	// requests until the serve side reads.
	DefaultMaxBuffered = 1 << 20
	// DefaultMaxBodySize bounds the body of one request. librtmp sends a
	// whole RTMP message (all its chunks) per /send, so this must exceed the
	// largest video frame a publisher sends.
	DefaultMaxBodySize = 8 << 20
	// DefaultIdleTimeout ends a session whose client sent no request for
	// this long.
	DefaultIdleTimeout = 30 * time.Second
	// DefaultIdleHold is how long an empty /idle poll waits for data. It
	// bounds librtmp's busy polling (over 100,000 /idle requests in a six
	// second rtmpdump play when answered at once, 269 with a 20 ms hold)
	// at no cost measurable with FFmpeg or rtmpdump.
	DefaultIdleHold = 20 * time.Millisecond
)

const contentType = "application/x-fcs"

// maxIgnoredBody bounds the body read and thrown away for requests whose
// body means nothing (open, idle, close, ident): one byte in practice.
const maxIgnoredBody = 4 << 10

// Handler is the server side of RTMPT: an http.Handler that turns each
// tunnel session into a net.Conn and hands it to a serve function, usually
// rtmp.Server.ServeConn. Set the exported fields before the first request;
// the zero values select the defaults. Create it with NewHandler (or
// NewListener): a Handler without a serve function answers /open/1 with
// 503. Mount it at the root of a server (or
// behind http.StripPrefix): clients post to /open/1, /send/..., /idle/...,
// /close/... and /fcs/ident2.
type Handler struct {
	// MaxSessions bounds the open sessions; /open/1 beyond it gets 503.
	// 0 selects DefaultMaxSessions; negative means no limit.
	MaxSessions int
	// MaxBuffered bounds the bytes queued per session in each direction.
	// 0 selects DefaultMaxBuffered.
	MaxBuffered int
	// MaxBodySize bounds one request body; a larger /send gets 413 (its
	// bytes are dropped and the session is left as it was). 0 selects
	// DefaultMaxBodySize.
	MaxBodySize int64
	// IdleTimeout ends a session after this long without a request.
	// 0 selects DefaultIdleTimeout.
	IdleTimeout time.Duration
	// IdleHold, if positive, lets an /idle request that finds nothing to
	// return wait up to this long for the serve side to write (a long
	// poll); bytes written meanwhile are returned at once. 0 selects
	// DefaultIdleHold; a negative value answers at once, as Red5 and FMS
	// do. librtmp polls again as soon as a reply is
	// empty, thousands of times a second on a quiet session; a hold of
	// 10-50 ms bounds that. FFmpeg and librtmp are single-threaded, so
	// while one of their /idle requests is held they send nothing: keep
	// the hold short.
	IdleHold time.Duration
	// Ident, if not nil, is the 200 reply body to POST /fcs/ident2 (and
	// /fcs/ident). The default answers /fcs/ident2 with 404, as Red5 and FMS
	// do, which makes Flash Player go on to /open/1, and /fcs/ident with a
	// small <fcs> document.
	Ident []byte
	// Logger receives one debug line per session opened and closed; nil
	// logs nothing.
	Logger *slog.Logger

	serve func(net.Conn)

	mu       sync.Mutex
	sessions map[string]*session
	refuse   bool // no new sessions: Close or the Listener closed
}

// NewHandler returns a Handler that calls serve, in a goroutine of its own,
// with each new session. serve owns the connection and must close it.
func NewHandler(serve func(net.Conn)) *Handler {
	return &Handler{serve: serve}
}

func (h *Handler) maxSessions() int {
	if h.MaxSessions == 0 {
		return DefaultMaxSessions
	}
	return h.MaxSessions
}

func (h *Handler) maxBuffered() int {
	if h.MaxBuffered <= 0 {
		return DefaultMaxBuffered
	}
	return h.MaxBuffered
}

func (h *Handler) maxBodySize() int64 {
	if h.MaxBodySize <= 0 {
		return DefaultMaxBodySize
	}
	return h.MaxBodySize
}

func (h *Handler) idleTimeout() time.Duration {
	if h.IdleTimeout <= 0 {
		return DefaultIdleTimeout
	}
	return h.IdleTimeout
}

// Sessions returns the number of open sessions.
func (h *Handler) Sessions() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.sessions)
}

// Close refuses new sessions and ends every open one: their connections'
// Read returns io.EOF and Write ErrSessionClosed, and their clients get 404.
func (h *Handler) Close() error {
	h.mu.Lock()
	h.refuse = true
	all := make([]*session, 0, len(h.sessions))
	for _, s := range h.sessions {
		all = append(all, s)
	}
	h.mu.Unlock()
	for _, s := range all {
		s.end(ErrSessionClosed)
	}
	return nil
}

func (h *Handler) stopOpening() {
	h.mu.Lock()
	h.refuse = true
	h.mu.Unlock()
}

func (h *Handler) remove(id string) {
	h.mu.Lock()
	delete(h.sessions, id)
	h.mu.Unlock()
	if h.Logger != nil {
		h.Logger.Debug("rtmpt: session closed", "id", id)
	}
}

func (h *Handler) lookup(id string) *session {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sessions[id]
}

// ServeHTTP answers one RTMPT request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "RTMPT requests are POSTs", http.StatusMethodNotAllowed)
		return
	}
	req, err := parsePath(r.URL.Path)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	switch req.cmd {
	case cmdIdent2, cmdIdent:
		discard(r)
		switch {
		case h.Ident != nil:
			writeFCS(w, http.StatusOK, h.Ident, nil)
		case req.cmd == cmdIdent:
			writeFCS(w, http.StatusOK, []byte(defaultIdent), nil)
		default:
			http.NotFound(w, r)
		}
	case cmdOpen:
		discard(r)
		h.open(w, r)
	default:
		s := h.lookup(req.id)
		if s == nil {
			discard(r)
			http.NotFound(w, r)
			return
		}
		h.exchange(w, r, s, req.cmd)
	}
}

const defaultIdent = "<fcs><Company>rtmpkit</Company><Team>rtmpkit</Team></fcs>"

// open creates a session and answers with its id and a newline.
func (h *Handler) open(w http.ResponseWriter, r *http.Request) {
	if h.serve == nil {
		http.Error(w, "no RTMP service", http.StatusServiceUnavailable)
		return
	}
	s := &session{h: h, pipe: newPipe(h.maxBuffered()), interval: MinPollInterval, remote: tcpAddr(r.RemoteAddr)}
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		s.local = a
	} else {
		s.local = Addr{Net: "rtmpt", Host: r.Host}
	}
	h.mu.Lock()
	if h.refuse || (h.maxSessions() > 0 && len(h.sessions) >= h.maxSessions()) {
		h.mu.Unlock()
		http.Error(w, "too many RTMPT sessions", http.StatusServiceUnavailable)
		return
	}
	if h.sessions == nil {
		h.sessions = make(map[string]*session)
	}
	for s.id == "" || h.sessions[s.id] != nil {
		s.id = newSessionID()
	}
	h.sessions[s.id] = s
	s.timer = time.AfterFunc(h.idleTimeout(), s.expire)
	h.mu.Unlock()
	if h.Logger != nil {
		h.Logger.Debug("rtmpt: session opened", "id", s.id, "remote", r.RemoteAddr)
	}
	go h.serve(s)
	writeFCS(w, http.StatusOK, []byte(s.id+"\n"), nil)
}

// exchange answers /send, /idle and /close for session s.
func (h *Handler) exchange(w http.ResponseWriter, r *http.Request, s *session, cmd command) {
	var body []byte
	if cmd == cmdSend {
		buf := bodyPool.Get().(*bytes.Buffer)
		defer putBody(buf)
		b, err := readBody(w, r, h.maxBodySize(), buf)
		if err != nil {
			code := http.StatusBadRequest
			if errors.As(err, new(*http.MaxBytesError)) {
				code = http.StatusRequestEntityTooLarge
			}
			http.Error(w, "bad request body", code)
			s.touch()
			return
		}
		body = b
	} else {
		discard(r)
	}
	if hold := durOrDefault(h.IdleHold, DefaultIdleHold); cmd == cmdIdle && hold > 0 {
		// Hold outside reqMu: a /send on another connection of the same
		// client must not wait behind a held poll.
		s.hold(hold, r.Context().Done())
	}
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	defer s.touch()
	if cmd == cmdClose {
		s.end(ErrSessionClosed)
		writeFCS(w, http.StatusOK, []byte{0}, nil)
		return
	}
	if len(body) > 0 {
		if err := s.push(body, r.Context().Done()); err != nil && !errors.Is(err, net.ErrClosed) {
			return // the client went away while we waited for room
		}
	}
	s.reply(w)
}

// bodyPool holds the buffers /send bodies are read into; push copies them
// into the session, so a buffer is free again once the request is done.
var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBody(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		b.Reset()
		bodyPool.Put(b)
	}
}

// readBody reads a request body of at most limit bytes into buf. The buffer
// grows with the bytes that actually arrive; Content-Length is only
// compared with the limit, never trusted for an allocation.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, buf *bytes.Buffer) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// discard drains a small body so the keep-alive connection stays usable.
func discard(r *http.Request) {
	io.Copy(io.Discard, io.LimitReader(r.Body, maxIgnoredBody))
}

// newSessionID returns 128 random bits in hex: a session id is the only
// thing that ties a request to a session, so it must not be guessable.
func newSessionID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// durOrDefault returns d, or def when d is zero.
func durOrDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}
