package rtmpauth

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// Limelight digest constants (RFC 2617 style).
const (
	llnwRealm  = "live"
	llnwMethod = "publish"
	llnwQop    = "auth"
	// LlnwNC is the nonce count every client sends.
	LlnwNC = "00000001"
)

func md5Hex(parts ...string) string {
	h := md5.New()
	for _, p := range parts {
		io.WriteString(h, p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// LlnwAppPath is the path hashed into hash2: the app without its query,
// with "/_definst_" appended when it has no '/' (FFmpeg's rule).
func LlnwAppPath(app string) string {
	app, _, _ = strings.Cut(app, "?")
	if !strings.Contains(app, "/") {
		app += "/_definst_"
	}
	return app
}

// LlnwResponse computes
//
//	hash1 = hex(md5(user ":live:" password))
//	hash2 = hex(md5("publish:/" LlnwAppPath(app)))
//	hex(md5(hash1 ":" nonce ":" nc ":" cnonce ":auth:" hash2))
func LlnwResponse(user, password, app, nonce, nc, cnonce string) string {
	hash1 := md5Hex(user, ":", llnwRealm, ":", password)
	hash2 := md5Hex(llnwMethod, ":/", LlnwAppPath(app))
	return md5Hex(hash1, ":", nonce, ":", nc, ":", cnonce, ":", llnwQop, ":", hash2)
}

// NewCNonce returns eight random lowercase hex digits, as FFmpeg sends.
// rnd nil means crypto/rand.
func NewCNonce(rnd io.Reader) (string, error) {
	var b [4]byte
	if err := readRandom(rnd, b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// LlnwQuery is the step-3 query carrying the response.
func LlnwQuery(user, nonce, cnonce, response string) string {
	return "?authmod=llnw&user=" + user + "&nonce=" + nonce + "&cnonce=" + cnonce +
		"&nc=" + LlnwNC + "&response=" + response
}

// NewNonce returns a server nonce: 16 random lowercase hex digits.
// rnd nil means crypto/rand.
func NewNonce(rnd io.Reader) (string, error) {
	var b [8]byte
	if err := readRandom(rnd, b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// LlnwChallengeDescription is the step-3 _error description for user.
func LlnwChallengeDescription(user, nonce string) string {
	return fmt.Sprintf("%s[ authmod=llnw ] : ?reason=needauth&user=%s&nonce=%s", rejectPrefix, user, nonce)
}

// VerifyLlnw checks a step-3 Limelight request against the nonce the server
// issued to user. The app hashed is the request's App (auth parameters
// removed), so the client and the server apply the same LlnwAppPath rule.
func VerifyLlnw(user, password, nonce string, r Request) error {
	if r.AuthMod != AuthModLlnw || r.User != user || r.Nonce != nonce {
		return ErrMismatch
	}
	want := LlnwResponse(user, password, r.App, nonce, r.NC, r.CNonce)
	if subtle.ConstantTimeCompare([]byte(want), []byte(r.Response)) != 1 {
		return ErrBadResponse
	}
	return nil
}
