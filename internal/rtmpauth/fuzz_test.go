package rtmpauth

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParseDescription(f *testing.F) {
	for _, s := range []string{
		NeedAuthDescription("adobe"),
		AdobeChallenge{Salt: "s", Challenge: "c", Opaque: "o"}.Description("u"),
		LlnwChallengeDescription("u", "n"),
		FailureDescription("adobe", ReasonNoSuchUser, "o"),
		"?reason=needauth&&=&a",
		"authmod=",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDescription(s, Limits{MaxText: 512, MaxParams: 8})
		if err != nil {
			if !errors.Is(err, ErrLimit) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(d.Params) > 8 {
			t.Fatalf("%d params past the limit", len(d.Params))
		}
		if d.AuthMod != "" && !strings.Contains(s, "authmod="+d.AuthMod) {
			t.Fatalf("authmod %q not in %q", d.AuthMod, s)
		}
		if d.Kind() == KindChallenge && !strings.Contains(s, "?reason=needauth") {
			t.Fatalf("challenge without ?reason=needauth in %q", s)
		}
		// The client must never panic on any description, whatever its state.
		c := &Client{User: "u", Password: "p", App: "live"}
		c.Next(s)
		c.Next(s)
	})
}

func FuzzParseRequest(f *testing.F) {
	f.Add("live?authmod=adobe&user=a&challenge=c&response=r&opaque=o")
	f.Add("live?key=1&authmod=llnw&user=b&nonce=n&cnonce=c&nc=00000001&response=r")
	f.Add("a?&&=?")
	f.Fuzz(func(t *testing.T, app string) {
		r, err := ParseRequest(app, Limits{MaxText: 512, MaxParams: 8})
		if err != nil {
			if !errors.Is(err, ErrLimit) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if r.AuthMod == "" && r.App != app {
			t.Fatalf("non-auth app changed: %q -> %q", app, r.App)
		}
		// Verification of arbitrary requests must not panic.
		VerifyAdobe("a", "p", AdobeChallenge{Salt: "s", Challenge: "c", Opaque: "o"}, r)
		VerifyLlnw("b", "p", "n", r)
	})
}

func FuzzSecureToken(f *testing.F) {
	f.Add("99ab5e8ea4b0fb0424d392ea09460591566ffd3035830361", "#ed%h0#w@1")
	f.Add("0d53735b77ad96e4", "")
	f.Add("01", "k")
	f.Fuzz(func(t *testing.T, token, key string) {
		plain, err := DecryptSecureToken(token, key, Limits{MaxText: 1024})
		if err != nil {
			if !errors.Is(err, ErrBadToken) && !errors.Is(err, ErrLimit) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(plain) != len(token)/2 {
			t.Fatalf("plaintext of %d bytes from %d hex digits", len(plain), len(token))
		}
		// Any string survives encrypt then decrypt under any key.
		back, err := DecryptSecureToken(EncryptSecureToken(token, key), key, Limits{MaxText: 1 << 20})
		if err != nil || strings.TrimRight(back, "\x00") != strings.TrimRight(token, "\x00") {
			t.Fatalf("round trip of %q: %q, %v", token, back, err)
		}
	})
}
