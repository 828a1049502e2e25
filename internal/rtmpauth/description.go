package rtmpauth

import (
	"fmt"
	"strings"
)

// Authentication methods as named by authmod=.
const (
	AuthModAdobe = "adobe"
	AuthModLlnw  = "llnw"
)

// Reasons a server gives in ?reason=.
const (
	ReasonNeedAuth       = "needauth"        // a challenge follows
	ReasonAuthFailed     = "authfailed"      // Adobe: wrong password
	ReasonLlnwAuthFailed = "authfail"        // Limelight: wrong password
	ReasonNoSuchUser     = "nosuchuser"      // unknown user
	ReasonInvalidAuthMod = "invalid_authmod" // the server does not speak that authmod
)

// needAuthMarker is what FFmpeg and librtmp look for to start the dance.
const needAuthMarker = "code=403 need auth"

// Kind classifies a description.
type Kind int

// Kinds of description, in the order of the dance.
const (
	// KindNone: the description carries no authentication information.
	KindNone Kind = iota
	// KindNeedAuth: the server names an authmod and wants the user (step 1).
	KindNeedAuth
	// KindChallenge: ?reason=needauth with the challenge parameters (step 3).
	KindChallenge
	// KindFailed: any other reason (authfailed, authfail, nosuchuser,
	// invalid_authmod, or one this package does not know).
	KindFailed
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindNone:
		return "none"
	case KindNeedAuth:
		return "needauth"
	case KindChallenge:
		return "challenge"
	case KindFailed:
		return "failed"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Description is what a connect _error's description says about
// authentication.
type Description struct {
	// AuthMod is the value of the first authmod= token ("adobe", "llnw",
	// ...), or "".
	AuthMod string
	// NeedAuth reports "code=403 need auth" in the text.
	NeedAuth bool
	// Params are the pairs of the query that starts at "?reason=", raw.
	Params Params
}

// Reason is the value of reason= ("" when there is no query).
func (d *Description) Reason() string { return d.Params.Value("reason") }

// Kind classifies the description the way FFmpeg does: a reason other than
// needauth is a failure; otherwise "code=403 need auth" starts the dance
// and ?reason=needauth carries the challenge.
func (d *Description) Kind() Kind {
	switch r := d.Reason(); {
	case r != "" && r != ReasonNeedAuth:
		return KindFailed
	case d.NeedAuth:
		return KindNeedAuth
	case r == ReasonNeedAuth:
		return KindChallenge
	}
	return KindNone
}

// The challenge accessors below return "" when a parameter is absent; an
// empty value counts as absent, as in librtmp.

// User is the user name the server echoes.
func (d *Description) User() string { return d.Params.Value("user") }

// Salt is Adobe's salt.
func (d *Description) Salt() string { return d.Params.Value("salt") }

// Challenge is Adobe's server challenge.
func (d *Description) Challenge() string { return d.Params.Value("challenge") }

// Opaque is Adobe's opaque value, echoed by the client.
func (d *Description) Opaque() string { return d.Params.Value("opaque") }

// Nonce is Limelight's server nonce.
func (d *Description) Nonce() string { return d.Params.Value("nonce") }

// ParseDescription reads the authentication information from an _error
// description. Text without any is not an error: its Kind is KindNone.
func ParseDescription(desc string, lim Limits) (*Description, error) {
	lim = lim.withDefaults()
	if len(desc) > lim.MaxText {
		return nil, fmt.Errorf("%w: description of %d bytes", ErrLimit, len(desc))
	}
	d := &Description{NeedAuth: strings.Contains(desc, needAuthMarker)}
	if i := strings.Index(desc, "authmod="); i >= 0 {
		v := desc[i+len("authmod="):]
		if end := strings.IndexAny(v, " \t\r\n;]&?"); end >= 0 {
			v = v[:end]
		}
		d.AuthMod = v
	}
	if i := strings.Index(desc, "?reason="); i >= 0 {
		q := desc[i+1:]
		// The query runs to the end of the text or to whitespace.
		if end := strings.IndexAny(q, " \t\r\n"); end >= 0 {
			q = q[:end]
		}
		p, err := parseParams(q, lim)
		if err != nil {
			return nil, err
		}
		d.Params = p
	}
	return d, nil
}

// rejectPrefix starts every description an AMS server sends for auth.
const rejectPrefix = "[ AccessManager.Reject ] : "

// NeedAuthDescription is the step-1 description that makes FFmpeg and
// librtmp start the dance for authmod.
func NeedAuthDescription(authmod string) string {
	return rejectPrefix + "[ " + needAuthMarker + "; authmod=" + authmod + " ] : "
}

// FailureDescription is a description rejecting the client's response with
// reason (ReasonAuthFailed, ReasonNoSuchUser, ...), followed by opaque when
// it is not empty.
func FailureDescription(authmod, reason, opaque string) string {
	s := rejectPrefix + "[ authmod=" + authmod + " ] : ?reason=" + reason
	if opaque != "" {
		s += "&opaque=" + opaque
	}
	return s
}
