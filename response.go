package rtmp

import (
	"errors"
	"net/url"
)

// response is the ResponseWriter the library passes to handlers.
type response struct {
	c         *ServerConn
	req       *Request
	reject    error
	rejected  bool
	result    []any
	hasResult bool
	sink      Sink
	src       Source
	tw        *TagWriter
	hijacked  bool
	done      bool
}

func (c *ServerConn) newRequest(kind RequestKind) *Request {
	q, _ := url.ParseQuery(c.appQuery)
	if q == nil {
		q = url.Values{}
	}
	return &Request{Kind: kind, Conn: c, App: c.app, Query: q, ctx: c.ctx}
}

// serveHandler asks the server's handler about req. A nil handler leaves
// every request at its default (see Server.Handler).
func (c *ServerConn) serveHandler(req *Request) *response {
	w := &response{c: c, req: req}
	if h := c.srv.Handler; h != nil {
		h.ServeRTMP(w, req)
	}
	w.done = true
	return w
}

// rejection returns the StatusError to send, or nil when accepted.
func (w *response) rejection() *StatusError {
	if !w.rejected {
		return nil
	}
	var se *StatusError
	if errors.As(w.reject, &se) {
		out := *se
		if out.Level == "" {
			out.Level = LevelError
		}
		if out.Code == "" {
			out.Code = defaultRejectCode(w.req.Kind)
		}
		return &out
	}
	desc := "Rejected."
	if w.reject != nil {
		desc = w.reject.Error()
	}
	return &StatusError{Level: LevelError, Code: defaultRejectCode(w.req.Kind), Description: desc}
}

func defaultRejectCode(k RequestKind) string {
	switch k {
	case KindConnect:
		return CodeConnectRejected
	case KindPublish:
		return CodePublishBadName
	case KindPlay:
		return CodePlayStreamNotFound
	}
	return CodeCallFailed
}

func (w *response) source() Source {
	if w.src != nil {
		return w.src
	}
	if w.tw != nil {
		return w.tw
	}
	return nil
}

func (w *response) Reject(err error) {
	if w.done || w.hijacked {
		return
	}
	w.rejected = true
	w.reject = err
}

func (w *response) Result(values ...any) {
	if w.done || w.req.Kind != KindCall {
		return
	}
	w.hasResult = true
	w.result = values
}

func (w *response) SetSink(s Sink) {
	if w.done || w.req.Kind != KindPublish {
		return
	}
	w.sink = s
}

func (w *response) SetSource(src Source) {
	if w.done || w.req.Kind != KindPlay {
		return
	}
	w.src = src
	w.tw = nil
}

func (w *response) TagWriter(queue int) *TagWriter {
	tw := newTagWriter(queue)
	if w.done || w.req.Kind != KindPlay {
		tw.Close()
		return tw
	}
	w.tw = tw
	w.src = nil
	return tw
}

func (w *response) Hijack() (*RawConn, error) {
	if w.done || w.hijacked {
		return nil, ErrHijacked
	}
	w.hijacked = true
	return w.c.doHijack()
}
