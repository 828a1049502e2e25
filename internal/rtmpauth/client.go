package rtmpauth

import (
	"errors"
	"fmt"
	"io"
)

// Client errors. Next returns them (a *RejectError for the server's
// reasons) when the dance cannot continue.
var (
	// ErrNotAuth: the description asks for no authentication; the connect
	// was refused for another reason.
	ErrNotAuth = errors.New("rtmpauth: rejection is not an authentication request")
	// ErrNoCredentials: the server wants authentication and the client has
	// no user name.
	ErrNoCredentials = errors.New("rtmpauth: server requires authentication and no credentials are set")
	// ErrUnsupportedAuthMod: the server asks for an authmod other than
	// adobe and llnw.
	ErrUnsupportedAuthMod = errors.New("rtmpauth: unsupported authmod")
	// ErrGaveUp: the server rejected the response without a reason the
	// client recognises; clients try once.
	ErrGaveUp = errors.New("rtmpauth: authentication failed")
	// ErrAuthFailed, ErrNoSuchUser and ErrInvalidAuthMod are the kinds of
	// *RejectError.
	ErrAuthFailed     = errors.New("rtmpauth: wrong user name or password")
	ErrNoSuchUser     = errors.New("rtmpauth: no such user")
	ErrInvalidAuthMod = errors.New("rtmpauth: server does not accept this authmod")
)

// RejectError is a failure reason sent by the server.
type RejectError struct {
	AuthMod, Reason string
}

// Error names the reason.
func (e *RejectError) Error() string {
	return fmt.Sprintf("rtmpauth: server rejected %s authentication: %s", e.AuthMod, e.Reason)
}

// Unwrap maps the reason to ErrAuthFailed, ErrNoSuchUser or
// ErrInvalidAuthMod (nil for a reason this package does not know).
func (e *RejectError) Unwrap() error {
	switch e.Reason {
	case ReasonAuthFailed, ReasonLlnwAuthFailed:
		return ErrAuthFailed
	case ReasonNoSuchUser:
		return ErrNoSuchUser
	case ReasonInvalidAuthMod:
		return ErrInvalidAuthMod
	}
	return nil
}

// Client runs the client side of the dance for one publish attempt. Set
// the exported fields, then call Next with each connect's _error
// description. A Client is not safe for concurrent use.
type Client struct {
	// User and Password are the publisher's credentials (FFmpeg: from the
	// URL's user info; librtmp: pubUser/pubPasswd).
	User, Password string
	// App is the app of the connect before any auth query is appended; the
	// Limelight response hashes it.
	App string
	// Variant selects the Adobe response form; the default is FFmpeg's.
	Variant Variant
	// Rand supplies the client challenge and cnonce; nil means crypto/rand.
	Rand io.Reader
	// Limits bounds the descriptions parsed; zero fields take defaults.
	Limits Limits

	authmod string
	tried   bool
}

// Next reads the description of a rejected connect and returns the query
// to append (see AppendQuery) to both app and tcUrl for the next connect
// on a new connection. It returns an error when the client should give up:
// a *RejectError for a reason the server gave, ErrGaveUp after a response
// was already sent, ErrNotAuth when the rejection is not about
// authentication, or ErrNoCredentials / ErrUnsupportedAuthMod.
func (c *Client) Next(description string) (string, error) {
	d, err := ParseDescription(description, c.Limits)
	if err != nil {
		return "", err
	}
	kind := d.Kind()
	if kind == KindFailed {
		authmod := d.AuthMod
		if authmod == "" {
			authmod = c.authmod
		}
		return "", &RejectError{AuthMod: authmod, Reason: d.Reason()}
	}
	if c.tried {
		return "", ErrGaveUp
	}
	switch kind {
	case KindNeedAuth:
		if d.AuthMod != AuthModAdobe && d.AuthMod != AuthModLlnw {
			return "", fmt.Errorf("%w %q", ErrUnsupportedAuthMod, d.AuthMod)
		}
		if c.User == "" {
			return "", ErrNoCredentials
		}
		c.authmod = d.AuthMod
		return UserQuery(c.authmod, c.User), nil
	case KindChallenge:
		if d.AuthMod != "" {
			c.authmod = d.AuthMod
		}
		if c.User == "" {
			return "", ErrNoCredentials
		}
		c.tried = true
		switch c.authmod {
		case AuthModAdobe:
			return c.adobe(d)
		case AuthModLlnw:
			return c.llnw(d)
		}
		return "", fmt.Errorf("%w %q", ErrUnsupportedAuthMod, c.authmod)
	}
	return "", ErrNotAuth
}

func (c *Client) adobe(d *Description) (string, error) {
	ch2, err := NewChallenge2(c.Variant, c.Rand)
	if err != nil {
		return "", err
	}
	resp := AdobeResponse(c.Variant, c.User, c.Password, d.Salt(), d.Opaque(), d.Challenge(), ch2)
	return AdobeQuery(c.Variant, c.User, ch2, resp, d.Opaque()), nil
}

func (c *Client) llnw(d *Description) (string, error) {
	cnonce, err := NewCNonce(c.Rand)
	if err != nil {
		return "", err
	}
	resp := LlnwResponse(c.User, c.Password, c.App, d.Nonce(), LlnwNC, cnonce)
	return LlnwQuery(c.User, d.Nonce(), cnonce, resp), nil
}
