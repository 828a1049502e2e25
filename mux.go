package rtmp

import (
	"strings"
	"sync"
)

// ServeMux routes requests to handlers by application and stream name.
//
// Patterns:
//   - "live/cam1" matches stream cam1 of app live exactly;
//   - "live/" matches app live (connects and calls on it) and every stream of it
//     (and of app instances such as "live/inst");
//   - "/" matches everything.
//
// A request's key is App + "/" + Name (just App + "/" for connect and call).
// The longest matching pattern wins, so an exact stream pattern beats its
// app's prefix pattern, which beats "/". A connect or call to an app that has
// only exact stream patterns ("live/cam1") is accepted (connect) or fails with
// NetConnection.Call.Failed (call); a request nothing matches is rejected with
// the kind's default code (NetConnection.Connect.InvalidApp for a connect).
type ServeMux struct {
	mu       sync.RWMutex
	patterns map[string]Handler
}

// NewServeMux returns an empty ServeMux.
func NewServeMux() *ServeMux { return &ServeMux{patterns: make(map[string]Handler)} }

// Handle registers h for pattern. It panics on an empty pattern, a nil
// handler or a duplicate registration, like net/http.
func (m *ServeMux) Handle(pattern string, h Handler) {
	if pattern == "" || h == nil {
		panic("rtmp: invalid ServeMux registration")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.patterns == nil {
		m.patterns = make(map[string]Handler)
	}
	if _, dup := m.patterns[pattern]; dup {
		panic("rtmp: multiple registrations for " + pattern)
	}
	m.patterns[pattern] = h
}

// HandleFunc registers f for pattern.
func (m *ServeMux) HandleFunc(pattern string, f func(ResponseWriter, *Request)) {
	m.Handle(pattern, HandlerFunc(f))
}

// Handler returns the handler for r and the pattern that matched; nil when
// nothing matches.
func (m *ServeMux) Handler(r *Request) (h Handler, pattern string) {
	key := r.App + "/"
	if r.Kind == KindPublish || r.Kind == KindPlay {
		key += r.Name
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	for p, ph := range m.patterns {
		var ok bool
		if p == "/" {
			ok = true
		} else if strings.HasSuffix(p, "/") {
			ok = strings.HasPrefix(key, p)
		} else {
			ok = key == p
		}
		if ok && (h == nil || len(p) > len(pattern)) {
			h, pattern = ph, p
		}
	}
	return h, pattern
}

// ServeRTMP dispatches r to the handler of the best matching pattern.
func (m *ServeMux) ServeRTMP(w ResponseWriter, r *Request) {
	if h, _ := m.Handler(r); h != nil {
		h.ServeRTMP(w, r)
		return
	}
	switch r.Kind {
	case KindConnect:
		if m.hasApp(r.App) {
			return
		}
		w.Reject(&StatusError{Code: CodeConnectInvalidApp, Description: "No such application: " + r.App + "."})
	case KindCall:
		// no result: the library answers NetConnection.Call.Failed
	default:
		w.Reject(nil)
	}
}

// hasApp reports whether some pattern names a stream of app.
func (m *ServeMux) hasApp(app string) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for p := range m.patterns {
		if strings.HasPrefix(p, app+"/") {
			return true
		}
	}
	return false
}
