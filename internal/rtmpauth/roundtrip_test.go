package rtmpauth

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// fakeServer plays the server side of the dance with this package's server
// functions, one connect at a time, remembering the challenge it issued.
type fakeServer struct {
	authmod   string
	passwords map[string]string
	adobe     map[string]AdobeChallenge // by user
	nonces    map[string]string         // by user
	seed      byte
}

func newFakeServer(authmod string) *fakeServer {
	return &fakeServer{authmod: authmod, passwords: map[string]string{"alice": "s3cret"},
		adobe: map[string]AdobeChallenge{}, nonces: map[string]string{}}
}

// connect returns "" when the connect is accepted, else the _error
// description.
func (s *fakeServer) connect(t *testing.T, app string) string {
	t.Helper()
	r, err := ParseRequest(app, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if r.AuthMod == "" {
		return NeedAuthDescription(s.authmod)
	}
	if r.AuthMod != s.authmod {
		return FailureDescription(r.AuthMod, ReasonInvalidAuthMod, "")
	}
	password, known := s.passwords[r.User]
	if !r.HasResponse() {
		if !known {
			return FailureDescription(s.authmod, ReasonNoSuchUser, "")
		}
		s.seed++
		rnd := bytes.NewReader(bytes.Repeat([]byte{s.seed}, 64))
		if s.authmod == AuthModAdobe {
			ch, err := NewAdobeChallenge(rnd)
			if err != nil {
				t.Fatal(err)
			}
			s.adobe[r.User] = ch
			return ch.Description(r.User)
		}
		n, err := NewNonce(rnd)
		if err != nil {
			t.Fatal(err)
		}
		s.nonces[r.User] = n
		return LlnwChallengeDescription(r.User, n)
	}
	if s.authmod == AuthModAdobe {
		ch := s.adobe[r.User]
		if err := VerifyAdobe(r.User, password, ch, r); err != nil {
			return FailureDescription(s.authmod, ReasonAuthFailed, ch.Opaque)
		}
		if r.App != "live" {
			t.Errorf("server sees app %q after removing auth, want live", r.App)
		}
		return ""
	}
	if err := VerifyLlnw(r.User, password, s.nonces[r.User], r); err != nil {
		return FailureDescription(s.authmod, ReasonLlnwAuthFailed, "")
	}
	return ""
}

// dance runs connects until the server accepts or the client gives up; it
// returns the number of connects and the client's final error.
func dance(t *testing.T, s *fakeServer, c *Client) (int, error) {
	t.Helper()
	query := ""
	for i := 1; i <= 5; i++ {
		desc := s.connect(t, AppendQuery(c.App, query))
		if desc == "" {
			return i, nil
		}
		var err error
		if query, err = c.Next(desc); err != nil {
			return i, err
		}
	}
	t.Fatal("dance did not end")
	return 0, nil
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		authmod  string
		variant  Variant
		user     string
		password string
		connects int
		wantErr  error
	}{
		{"adobe ffmpeg", AuthModAdobe, VariantFFmpeg, "alice", "s3cret", 3, nil},
		{"adobe librtmp", AuthModAdobe, VariantLibrtmp, "alice", "s3cret", 3, nil},
		{"llnw", AuthModLlnw, VariantFFmpeg, "alice", "s3cret", 3, nil},
		{"adobe ffmpeg wrong password", AuthModAdobe, VariantFFmpeg, "alice", "guess", 3, ErrAuthFailed},
		{"adobe librtmp wrong password", AuthModAdobe, VariantLibrtmp, "alice", "guess", 3, ErrAuthFailed},
		{"llnw wrong password", AuthModLlnw, VariantFFmpeg, "alice", "guess", 3, ErrAuthFailed},
		{"adobe unknown user", AuthModAdobe, VariantFFmpeg, "mallory", "x", 2, ErrNoSuchUser},
		{"no credentials", AuthModAdobe, VariantFFmpeg, "", "", 1, ErrNoCredentials},
		{"unsupported authmod", "kerberos", VariantFFmpeg, "alice", "s3cret", 1, ErrUnsupportedAuthMod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFakeServer(tt.authmod)
			rnd := bytes.NewReader(bytes.Repeat([]byte{0xa5, 0x17, 0x3c, 0x42}, 16))
			c := &Client{User: tt.user, Password: tt.password, App: "live", Variant: tt.variant, Rand: rnd}
			n, err := dance(t, s, c)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if n != tt.connects {
				t.Errorf("%d connects, want %d", n, tt.connects)
			}
		})
	}
}

// TestClientQueries pins the exact queries the client sends at each step.
func TestClientQueries(t *testing.T) {
	rnd := func() *bytes.Reader { return bytes.NewReader([]byte{0x1a, 0x2b, 0x3c, 0x4d, 1, 2, 3, 4}) }
	chal := "[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=alice&salt=" + katSalt +
		"&challenge=" + katChallenge + "&opaque=" + katOpaque
	tests := []struct {
		name    string
		variant Variant
		rnd     *bytes.Reader
		desc    string
		want    string
	}{
		{"ffmpeg", VariantFFmpeg, rnd(), chal,
			"?authmod=adobe&user=alice&challenge=1a2b3c4d&response=xJmn5OK4xdkSk+d7iZ8tpg==&opaque=" + katOpaque},
		{"ffmpeg no opaque", VariantFFmpeg, rnd(), strings.TrimSuffix(chal, "&opaque="+katOpaque),
			"?authmod=adobe&user=alice&challenge=1a2b3c4d&response=eenN+pMiXYxsJBadQ8unhQ=="},
		{"librtmp", VariantLibrtmp, bytes.NewReader([]byte{1, 2, 3, 4}), chal,
			"?authmod=adobe&user=alice&challenge=AQIDBA==&response=ACsaDV2zt6LujmpZrcDlOg==&opaque=" + katOpaque},
		{"librtmp no opaque", VariantLibrtmp, bytes.NewReader([]byte{1, 2, 3, 4}), strings.TrimSuffix(chal, "&opaque="+katOpaque),
			"?authmod=adobe&user=alice&challenge=AQIDBA==&response=rg/R6a1bwF00nGL1ZBye/w==&opaque="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Client{User: katUser, Password: katPassword, App: "live", Variant: tt.variant, Rand: tt.rnd}
			q1, err := c.Next(NeedAuthDescription("adobe"))
			if err != nil || q1 != "?authmod=adobe&user=alice" {
				t.Fatalf("step 2 query %q, %v", q1, err)
			}
			q2, err := c.Next(tt.desc)
			if err != nil {
				t.Fatal(err)
			}
			if q2 != tt.want {
				t.Errorf("step 3 query\n %s, want\n %s", q2, tt.want)
			}
			if _, err := c.Next(tt.desc); !errors.Is(err, ErrGaveUp) {
				t.Errorf("second challenge: err = %v, want ErrGaveUp", err)
			}
		})
	}
	c := &Client{User: katUser, Password: katPassword, App: "live", Rand: bytes.NewReader([]byte{0x0b, 0xad, 0xc0, 0xde})}
	if q, err := c.Next(NeedAuthDescription("llnw")); err != nil || q != "?authmod=llnw&user=alice" {
		t.Fatalf("llnw step 2: %q, %v", q, err)
	}
	q, err := c.Next(LlnwChallengeDescription("alice", "abc123"))
	want := "?authmod=llnw&user=alice&nonce=abc123&cnonce=0badc0de&nc=00000001&response=e2d674318f61d6d9550bcdf6419ad203"
	if err != nil || q != want {
		t.Errorf("llnw step 3: %q, %v, want %q", q, err, want)
	}
}

func TestClientErrors(t *testing.T) {
	tests := []struct {
		name string
		desc string
		want error
	}{
		{"not auth", "NetConnection.Connect.Rejected: bad key", ErrNotAuth},
		{"authfailed", FailureDescription("adobe", ReasonAuthFailed, "o"), ErrAuthFailed},
		{"invalid authmod", FailureDescription("adobe", ReasonInvalidAuthMod, ""), ErrInvalidAuthMod},
		{"limit", strings.Repeat("x", DefaultMaxText+1), ErrLimit},
		{"challenge with unknown authmod", "[ authmod=kerberos ] : ?reason=needauth&user=a", ErrUnsupportedAuthMod},
		{"random failure", "?reason=busy", nil},
		{"short random", "", ErrNotAuth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Client{User: "a", Password: "b"}
			_, err := c.Next(tt.desc)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want == nil {
				var re *RejectError
				if !errors.As(err, &re) || re.Reason != "busy" || re.Unwrap() != nil {
					t.Fatalf("err = %#v, want RejectError busy", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if got := (&RejectError{AuthMod: "adobe", Reason: "nosuchuser"}).Error(); got != "rtmpauth: server rejected adobe authentication: nosuchuser" {
		t.Errorf("RejectError text %q", got)
	}
	c := &Client{}
	if _, err := c.Next("?reason=needauth&nonce=x"); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("challenge without user: %v", err)
	}
	c = &Client{User: "u", Rand: bytes.NewReader(nil)}
	c.Next(NeedAuthDescription("adobe"))
	if _, err := c.Next("?reason=needauth&salt=s"); err == nil {
		t.Error("empty random source accepted")
	}
}

// TestVerifyAdobe covers each candidate the server tries and rejections.
func TestVerifyAdobe(t *testing.T) {
	ch := AdobeChallenge{Salt: katSalt, Challenge: katChallenge, Opaque: katOpaque}
	h1 := AdobeHash1(katUser, katSalt, katPassword)
	req := func(resp, c2 string) Request {
		return Request{AuthMod: "adobe", User: katUser, Challenge: c2, Response: resp, Opaque: katOpaque, HasOpaque: true}
	}
	ok := []struct {
		name string
		r    Request
	}{
		{"ffmpeg", req(md5Base64(h1, katOpaque, "1a2b3c4d"), "1a2b3c4d")},
		{"librtmp", req(md5Base64(h1[:22], katOpaque+katChallenge, "AQIDBA"), "AQIDBA==")},
		{"librtmp opaque only (newer copies)", req(md5Base64(h1[:22], katOpaque, "AQIDBA"), "AQIDBA==")},
		{"obs-style full hash1, full challenge2", req(md5Base64(h1, katOpaque, "AQIDBA=="), "AQIDBA==")},
		{"no opaque echoed", Request{AuthMod: "adobe", User: katUser, Challenge: "c", Response: md5Base64(h1, katOpaque, "c")}},
	}
	for _, tt := range ok {
		if err := VerifyAdobe(katUser, katPassword, ch, tt.r); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if err := VerifyAdobeHash1(katUser, h1, ch, tt.r); err != nil {
			t.Errorf("%s via hash1: %v", tt.name, err)
		}
	}
	good := req(md5Base64(h1, katOpaque, "1a2b3c4d"), "1a2b3c4d")
	bad := []struct {
		name string
		pw   string
		ch   AdobeChallenge
		r    Request
		want error
	}{
		{"wrong password", "s3cret!", ch, good, ErrBadResponse},
		{"other challenge2", katPassword, ch, req(good.Response, "1a2b3c4e"), ErrBadResponse},
		{"other opaque issued", katPassword, AdobeChallenge{Salt: katSalt, Challenge: katChallenge, Opaque: "zz"}, good, ErrMismatch},
		{"other user", katPassword, ch, Request{AuthMod: "adobe", User: "bob", Response: good.Response}, ErrMismatch},
		{"llnw request", katPassword, ch, Request{AuthMod: "llnw", User: katUser}, ErrMismatch},
		{"empty response", katPassword, ch, req("", "1a2b3c4d"), ErrBadResponse},
	}
	for _, tt := range bad {
		if err := VerifyAdobe(katUser, tt.pw, tt.ch, tt.r); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	// Without opaque the challenge is the middle part.
	noOpaque := AdobeChallenge{Salt: katSalt, Challenge: katChallenge}
	r := Request{AuthMod: "adobe", User: katUser, Challenge: "1a2b3c4d", Response: "eenN+pMiXYxsJBadQ8unhQ=="}
	if err := VerifyAdobe(katUser, katPassword, noOpaque, r); err != nil {
		t.Errorf("challenge only: %v", err)
	}
}

func TestVerifyLlnw(t *testing.T) {
	r := Request{App: "live", AuthMod: "llnw", User: katUser, Nonce: "abc123", CNonce: "0badc0de", NC: LlnwNC,
		Response: "e2d674318f61d6d9550bcdf6419ad203"}
	if err := VerifyLlnw(katUser, katPassword, "abc123", r); err != nil {
		t.Fatal(err)
	}
	if err := VerifyLlnw(katUser, "nope", "abc123", r); !errors.Is(err, ErrBadResponse) {
		t.Errorf("wrong password: %v", err)
	}
	if err := VerifyLlnw(katUser, katPassword, "other", r); !errors.Is(err, ErrMismatch) {
		t.Errorf("stale nonce: %v", err)
	}
	r.App = "live2"
	if err := VerifyLlnw(katUser, katPassword, "abc123", r); !errors.Is(err, ErrBadResponse) {
		t.Errorf("other app: %v", err)
	}
}

func TestSecureTokenRoundTripAndErrors(t *testing.T) {
	for _, plain := range []string{"a", "abcd", "abcdefgh", "0123456789", strings.Repeat("z", 100)} {
		tok := EncryptSecureToken(plain, "key")
		got, err := DecryptSecureToken(tok, "key", Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimRight(got, "\x00") != plain {
			t.Errorf("round trip %q: got %q", plain, got)
		}
		if other, _ := DecryptSecureToken(tok, "yek", Limits{}); strings.TrimRight(other, "\x00") == plain {
			t.Errorf("wrong key decrypted %q", plain)
		}
	}
	for _, bad := range []string{"abc", "zz", "0g"} {
		if _, err := DecryptSecureToken(bad, "k", Limits{}); !errors.Is(err, ErrBadToken) {
			t.Errorf("DecryptSecureToken(%q): err = %v, want ErrBadToken", bad, err)
		}
	}
	if _, err := DecryptSecureToken("0011", "k", Limits{MaxText: 2}); !errors.Is(err, ErrLimit) {
		t.Errorf("limit: %v", err)
	}
	// One word and an empty token decrypt without panicking (librtmp runs
	// the loop for a single word too).
	for _, tok := range []string{"", "01020304", "010203"} {
		got, err := DecryptSecureToken(tok+strings.Repeat("0", len(tok)%2), "k", Limits{})
		if err != nil || len(got) != (len(tok)+len(tok)%2)/2 {
			t.Errorf("DecryptSecureToken(%q) = %q, %v", tok, got, err)
		}
	}
}
