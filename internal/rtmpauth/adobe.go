package rtmpauth

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Variant selects how an Adobe client computes its response.
type Variant int

const (
	// VariantFFmpeg is FFmpeg's (and crtmpserver's) form, the default.
	VariantFFmpeg Variant = iota
	// VariantLibrtmp is rtmpdump 2.4 librtmp's form (PROTOCOL.md §12.2).
	VariantLibrtmp
)

// String names the variant.
func (v Variant) String() string {
	switch v {
	case VariantFFmpeg:
		return "ffmpeg"
	case VariantLibrtmp:
		return "librtmp"
	}
	return fmt.Sprintf("Variant(%d)", int(v))
}

// md5Base64 returns base64 (standard alphabet, padded) of md5 of the
// concatenated parts.
func md5Base64(parts ...string) string {
	h := md5.New()
	for _, p := range parts {
		io.WriteString(h, p)
	}
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// AdobeHash1 is base64(md5(user ‖ salt ‖ password)), the value a server
// may store instead of the password.
func AdobeHash1(user, salt, password string) string {
	return md5Base64(user, salt, password)
}

// AdobeResponse computes the response for a client challenge2 in the given
// variant. opaque and challenge are the server's values ("" when absent).
//
// FFmpeg: base64(md5(hash1 ‖ (opaque, or challenge if opaque is "") ‖ challenge2)).
// librtmp: base64(md5(hash1[:22] ‖ opaque ‖ challenge ‖ challenge2[:6])),
// where hash1[:22] drops the "==" padding and challenge2 is the 8-character
// base64 of four bytes.
func AdobeResponse(v Variant, user, password, salt, opaque, challenge, challenge2 string) string {
	return adobeResponseHash1(v, AdobeHash1(user, salt, password), opaque, challenge, challenge2)
}

func adobeResponseHash1(v Variant, hash1, opaque, challenge, challenge2 string) string {
	if v == VariantLibrtmp {
		return md5Base64(prefix(hash1, 22), opaque, challenge, prefix(challenge2, 6))
	}
	mid := opaque
	if mid == "" {
		mid = challenge
	}
	return md5Base64(hash1, mid, challenge2)
}

// prefix returns the first n bytes of s, or s when shorter.
func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// NewChallenge2 returns a random client challenge in the variant's format:
// eight lowercase hex digits (FFmpeg) or base64 of four bytes, "xxxxxx=="
// (librtmp). rnd nil means crypto/rand.
func NewChallenge2(v Variant, rnd io.Reader) (string, error) {
	var b [4]byte
	if err := readRandom(rnd, b[:]); err != nil {
		return "", err
	}
	if v == VariantLibrtmp {
		return base64.StdEncoding.EncodeToString(b[:]), nil
	}
	return fmt.Sprintf("%08x", binary.BigEndian.Uint32(b[:])), nil
}

func readRandom(rnd io.Reader, b []byte) error {
	if rnd == nil {
		rnd = rand.Reader
	}
	if _, err := io.ReadFull(rnd, b); err != nil {
		return fmt.Errorf("rtmpauth: random: %w", err)
	}
	return nil
}

// AdobeQuery is the step-3 query carrying the response. FFmpeg adds
// &opaque= only when the server sent an opaque; librtmp always does.
func AdobeQuery(v Variant, user, challenge2, response, opaque string) string {
	q := "?authmod=adobe&user=" + user + "&challenge=" + challenge2 + "&response=" + response
	if opaque != "" || v == VariantLibrtmp {
		q += "&opaque=" + opaque
	}
	return q
}

// AdobeChallenge is what a server sends in step 3 and must remember until
// the client's next connect.
type AdobeChallenge struct {
	Salt, Challenge, Opaque string
}

// NewAdobeChallenge draws a fresh salt, challenge and opaque: 8, 12 and 12
// characters of unpadded URL-safe base64, so no value holds '&', '=', '+'
// or '/'. A server that stores AdobeHash1 per user keeps that user's salt
// instead of this one. rnd nil means crypto/rand.
func NewAdobeChallenge(rnd io.Reader) (AdobeChallenge, error) {
	var b [6 + 9 + 9]byte
	if err := readRandom(rnd, b[:]); err != nil {
		return AdobeChallenge{}, err
	}
	enc := base64.RawURLEncoding.EncodeToString
	return AdobeChallenge{Salt: enc(b[:6]), Challenge: enc(b[6:15]), Opaque: enc(b[15:])}, nil
}

// Description is the step-3 _error description for user.
func (c AdobeChallenge) Description(user string) string {
	s := rejectPrefix + "[ authmod=adobe ] : ?reason=needauth&user=" + user + "&salt=" + c.Salt
	if c.Challenge != "" {
		s += "&challenge=" + c.Challenge
	}
	if c.Opaque != "" {
		s += "&opaque=" + c.Opaque
	}
	return s
}

// Verification errors. VerifyAdobe and VerifyLlnw return one of them.
var (
	// ErrBadResponse: the response does not match the password.
	ErrBadResponse = errors.New("rtmpauth: response does not match")
	// ErrMismatch: the request names another user, another authmod, or
	// echoes an opaque or nonce that is not the one issued.
	ErrMismatch = errors.New("rtmpauth: request does not answer this challenge")
)

// VerifyAdobe checks a step-3 request against the challenge the server
// issued to user and the user's password. It accepts the FFmpeg form and
// the librtmp form: it tries hash1 with and without padding, × opaque alone
// (or challenge when there is no opaque) or opaque ‖ challenge, × the
// client challenge as sent or with trailing '=' removed.
//
// Issue a fresh challenge for every attempt: a response replayed against
// the same challenge verifies again.
func VerifyAdobe(user, password string, c AdobeChallenge, r Request) error {
	return VerifyAdobeHash1(user, AdobeHash1(user, c.Salt, password), c, r)
}

// VerifyAdobeHash1 is VerifyAdobe for a server that stores
// hash1 = AdobeHash1(user, salt, password) instead of the password; c.Salt
// must then be that user's salt.
func VerifyAdobeHash1(user, hash1 string, c AdobeChallenge, r Request) error {
	if r.AuthMod != AuthModAdobe || r.User != user || (r.HasOpaque && r.Opaque != c.Opaque) {
		return ErrMismatch
	}
	mids := []string{c.Opaque}
	if c.Opaque == "" {
		mids[0] = c.Challenge
	} else if c.Challenge != "" {
		mids = append(mids, c.Opaque+c.Challenge)
	}
	ch2s := []string{r.Challenge}
	if t := strings.TrimRight(r.Challenge, "="); t != r.Challenge {
		ch2s = append(ch2s, t)
	}
	hash1s := []string{hash1}
	if t := strings.TrimRight(hash1, "="); t != hash1 {
		hash1s = append(hash1s, t)
	}
	ok := 0
	for _, h := range hash1s {
		for _, m := range mids {
			for _, c2 := range ch2s {
				want := md5Base64(h, m, c2)
				ok |= subtle.ConstantTimeCompare([]byte(want), []byte(r.Response))
			}
		}
	}
	if ok != 1 {
		return ErrBadResponse
	}
	return nil
}
