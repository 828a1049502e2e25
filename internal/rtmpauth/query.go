package rtmpauth

import (
	"fmt"
	"strings"
)

// Param is one key=value pair of a query, kept exactly as sent.
type Param struct {
	Key, Value string
}

// Params is a query's pairs in order.
type Params []Param

// Get returns the value of the last pair named key (both FFmpeg and librtmp
// let a later pair override an earlier one) and whether there was one.
func (p Params) Get(key string) (string, bool) {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i].Key == key {
			return p[i].Value, true
		}
	}
	return "", false
}

// Value returns the value of key, or "" when absent.
func (p Params) Value(key string) string {
	v, _ := p.Get(key)
	return v
}

// String formats the pairs as k=v joined by '&', without a leading '?'.
// A pair with an empty key is written as its value alone.
func (p Params) String() string {
	var b strings.Builder
	for i, kv := range p {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(kv.Key)
		if kv.Key != "" {
			b.WriteByte('=')
		}
		b.WriteString(kv.Value)
	}
	return b.String()
}

// parseParams splits q (no leading '?') at '&' and each piece at its first
// '='. Values are not percent-decoded. Empty pieces are skipped; a piece
// without '=' has an empty value.
func parseParams(q string, lim Limits) (Params, error) {
	var p Params
	for q != "" {
		piece, rest, _ := strings.Cut(q, "&")
		q = rest
		if piece == "" {
			continue
		}
		if len(p) == lim.MaxParams {
			return nil, fmt.Errorf("%w: more than %d query parameters", ErrLimit, lim.MaxParams)
		}
		k, v, _ := strings.Cut(piece, "=")
		p = append(p, Param{Key: k, Value: v})
	}
	return p, nil
}

// AppendQuery appends query (which starts with '?') to an app or tcUrl. When
// s already has a query, the new pairs join it with '&' so the result has a
// single '?'.
func AppendQuery(s, query string) string {
	if query == "" {
		return s
	}
	if strings.Contains(s, "?") && strings.HasPrefix(query, "?") {
		return s + "&" + query[1:]
	}
	return s + query
}

// UserQuery is the query a client appends after the server named the
// authentication method (step 2): ?authmod=<authmod>&user=<user>.
func UserQuery(authmod, user string) string {
	return "?authmod=" + authmod + "&user=" + user
}

// authKeys are the query keys the auth schemes add to app and tcUrl.
var authKeys = map[string]bool{
	"authmod": true, "user": true, "challenge": true, "response": true, "opaque": true,
	"nonce": true, "cnonce": true, "nc": true,
}

// Request is the authentication part of a connect's app (or tcUrl) as a
// server sees it.
type Request struct {
	// App is the app with the authentication parameters removed; other
	// query parameters stay, in order.
	App string
	// AuthMod is "adobe", "llnw" or "" when the client sent no auth query.
	AuthMod string
	// User is the user name as sent.
	User string
	// Challenge is Adobe's client challenge (challenge2).
	Challenge string
	// Response is the client's response for either scheme.
	Response string
	// Opaque is the opaque value the client echoes (Adobe); HasOpaque tells
	// an empty opaque= from none.
	Opaque    string
	HasOpaque bool
	// Nonce, CNonce and NC are Limelight's digest parameters.
	Nonce, CNonce, NC string
}

// HasResponse reports whether the request carries a response to verify
// (step 3) rather than only naming the user (step 2).
func (r Request) HasResponse() bool { return r.Response != "" }

// ParseRequest extracts the authentication parameters from an app (or
// tcUrl) received in a connect command.
func ParseRequest(app string, lim Limits) (Request, error) {
	lim = lim.withDefaults()
	if len(app) > lim.MaxText {
		return Request{}, fmt.Errorf("%w: app of %d bytes", ErrLimit, len(app))
	}
	base, q, ok := strings.Cut(app, "?")
	if !ok {
		return Request{App: app}, nil
	}
	params, err := parseParams(q, lim)
	if err != nil {
		return Request{}, err
	}
	r := Request{
		AuthMod:   params.Value("authmod"),
		User:      params.Value("user"),
		Challenge: params.Value("challenge"),
		Response:  params.Value("response"),
		Nonce:     params.Value("nonce"),
		CNonce:    params.Value("cnonce"),
		NC:        params.Value("nc"),
	}
	r.Opaque, r.HasOpaque = params.Get("opaque")
	if r.AuthMod == "" {
		// Not an auth query: leave the app untouched.
		return Request{App: app}, nil
	}
	var rest Params
	for _, kv := range params {
		if !authKeys[kv.Key] {
			rest = append(rest, kv)
		}
	}
	r.App = base
	if len(rest) > 0 {
		r.App += "?" + rest.String()
	}
	return r, nil
}
