package rtmpauth

import (
	"errors"
	"strings"
	"testing"
)

func TestParseDescription(t *testing.T) {
	tests := []struct {
		name    string
		desc    string
		authmod string
		kind    Kind
		reason  string
		user    string
		salt    string
		chal    string
		opaque  string
		nonce   string
	}{
		{name: "adobe step 1", desc: "[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] : ",
			authmod: "adobe", kind: KindNeedAuth},
		{name: "llnw step 1", desc: "[ AccessManager.Reject ] : [ code=403 need auth; authmod=llnw ] : ",
			authmod: "llnw", kind: KindNeedAuth},
		{name: "adobe challenge", desc: "[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=alice&salt=Zm9v+/=&challenge=Y2g=&opaque=b3A=",
			authmod: "adobe", kind: KindChallenge, reason: "needauth", user: "alice", salt: "Zm9v+/=", chal: "Y2g=", opaque: "b3A="},
		{name: "adobe challenge without opaque", desc: "[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=a&salt=s&challenge=c",
			authmod: "adobe", kind: KindChallenge, reason: "needauth", user: "a", salt: "s", chal: "c"},
		{name: "llnw challenge", desc: "[ AccessManager.Reject ] : [ authmod=llnw ] : ?reason=needauth&user=bob&nonce=MTIz",
			authmod: "llnw", kind: KindChallenge, reason: "needauth", user: "bob", nonce: "MTIz"},
		{name: "authfailed", desc: "[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=authfailed&opaque=o",
			authmod: "adobe", kind: KindFailed, reason: "authfailed", opaque: "o"},
		{name: "llnw authfail", desc: "[ AccessManager.Reject ] : [ authmod=llnw ] : ?reason=authfail",
			authmod: "llnw", kind: KindFailed, reason: "authfail"},
		{name: "nosuchuser", desc: "[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=nosuchuser&opaque=x",
			authmod: "adobe", kind: KindFailed, reason: "nosuchuser", opaque: "x"},
		{name: "invalid_authmod", desc: "[ AccessManager.Reject ] : [ authmod=foo ] : ?reason=invalid_authmod&opaque=x",
			authmod: "foo", kind: KindFailed, reason: "invalid_authmod", opaque: "x"},
		{name: "trailing text after query", desc: "... : ?reason=needauth&user=u&nonce=n  trailing words",
			kind: KindChallenge, reason: "needauth", user: "u", nonce: "n"},
		{name: "later pair wins", desc: "?reason=needauth&user=a&user=b&&novalue&salt=",
			kind: KindChallenge, reason: "needauth", user: "b"},
		{name: "plain rejection", desc: "Connection failed: stream key invalid", kind: KindNone},
		{name: "empty", desc: "", kind: KindNone},
		{name: "authmod at end", desc: "x authmod=adobe", authmod: "adobe", kind: KindNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDescription(tt.desc, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			got := []string{d.AuthMod, d.Reason(), d.User(), d.Salt(), d.Challenge(), d.Opaque(), d.Nonce()}
			want := []string{tt.authmod, tt.reason, tt.user, tt.salt, tt.chal, tt.opaque, tt.nonce}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("fields = %q, want %q", got, want)
			}
			if d.Kind() != tt.kind {
				t.Errorf("kind = %v, want %v", d.Kind(), tt.kind)
			}
		})
	}
}

func TestParseDescriptionLimits(t *testing.T) {
	long := "?reason=needauth&salt=" + strings.Repeat("a", DefaultMaxText)
	if _, err := ParseDescription(long, Limits{}); !errors.Is(err, ErrLimit) {
		t.Errorf("long description: err = %v, want ErrLimit", err)
	}
	if _, err := ParseDescription(long, Limits{MaxText: 2 * DefaultMaxText}); err != nil {
		t.Errorf("raised limit: %v", err)
	}
	many := "?reason=needauth" + strings.Repeat("&a=b", 3)
	if _, err := ParseDescription(many, Limits{MaxParams: 3}); !errors.Is(err, ErrLimit) {
		t.Errorf("4 params with MaxParams 3: err = %v, want ErrLimit", err)
	}
	if _, err := ParseDescription(many, Limits{MaxParams: 4}); err != nil {
		t.Errorf("4 params with MaxParams 4: %v", err)
	}
}

// TestServerDescriptionsParse: what the server side writes reads back as
// the kind and values a client needs.
func TestServerDescriptionsParse(t *testing.T) {
	ch := AdobeChallenge{Salt: "s1", Challenge: "c1", Opaque: "o1"}
	tests := []struct {
		desc   string
		want   string
		kind   Kind
		values string // user|salt|challenge|opaque|nonce|reason
	}{
		{NeedAuthDescription("adobe"), "[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] : ", KindNeedAuth, "|||||"},
		{ch.Description("alice"), "[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=alice&salt=s1&challenge=c1&opaque=o1", KindChallenge, "alice|s1|c1|o1||needauth"},
		{AdobeChallenge{Salt: "s"}.Description("u"), "[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=u&salt=s", KindChallenge, "u|s||||needauth"},
		{LlnwChallengeDescription("bob", "n0"), "[ AccessManager.Reject ] : [ authmod=llnw ] : ?reason=needauth&user=bob&nonce=n0", KindChallenge, "bob||||n0|needauth"},
		{FailureDescription("adobe", ReasonAuthFailed, "o1"), "[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=authfailed&opaque=o1", KindFailed, "|||o1||authfailed"},
		{FailureDescription("llnw", ReasonLlnwAuthFailed, ""), "[ AccessManager.Reject ] : [ authmod=llnw ] : ?reason=authfail", KindFailed, "|||||authfail"},
	}
	for _, tt := range tests {
		if tt.desc != tt.want {
			t.Errorf("description = %q, want %q", tt.desc, tt.want)
		}
		d, err := ParseDescription(tt.desc, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if d.Kind() != tt.kind {
			t.Errorf("%q: kind %v, want %v", tt.desc, d.Kind(), tt.kind)
		}
		got := strings.Join([]string{d.User(), d.Salt(), d.Challenge(), d.Opaque(), d.Nonce(), d.Reason()}, "|")
		if got != tt.values {
			t.Errorf("%q: values %q, want %q", tt.desc, got, tt.values)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindNone: "none", KindNeedAuth: "needauth", KindChallenge: "challenge", KindFailed: "failed", Kind(9): "Kind(9)"} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(k), k.String(), want)
		}
	}
	for v, want := range map[Variant]string{VariantFFmpeg: "ffmpeg", VariantLibrtmp: "librtmp", Variant(7): "Variant(7)"} {
		if v.String() != want {
			t.Errorf("Variant %d = %q, want %q", int(v), v.String(), want)
		}
	}
}

func TestParseRequest(t *testing.T) {
	tests := []struct {
		app  string
		want Request
	}{
		{"live", Request{App: "live"}},
		{"live?key=1", Request{App: "live?key=1"}},
		{"live?authmod=adobe&user=alice", Request{App: "live", AuthMod: "adobe", User: "alice"}},
		{"live/inst?key=1&authmod=adobe&user=alice&challenge=AQIDBA==&response=ab+/cd==&opaque=",
			Request{App: "live/inst?key=1", AuthMod: "adobe", User: "alice", Challenge: "AQIDBA==", Response: "ab+/cd==", HasOpaque: true}},
		{"live?authmod=adobe&user=a&challenge=c&response=r&opaque=o",
			Request{App: "live", AuthMod: "adobe", User: "a", Challenge: "c", Response: "r", Opaque: "o", HasOpaque: true}},
		{"app?authmod=llnw&user=b&nonce=n&cnonce=cn&nc=00000001&response=r",
			Request{App: "app", AuthMod: "llnw", User: "b", Nonce: "n", CNonce: "cn", NC: "00000001", Response: "r"}},
	}
	for _, tt := range tests {
		got, err := ParseRequest(tt.app, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("ParseRequest(%q) =\n %+v, want\n %+v", tt.app, got, tt.want)
		}
	}
	if _, err := ParseRequest(strings.Repeat("a", 10), Limits{MaxText: 9}); !errors.Is(err, ErrLimit) {
		t.Errorf("long app: err = %v, want ErrLimit", err)
	}
	if _, err := ParseRequest("a?x&y&z", Limits{MaxParams: 2}); !errors.Is(err, ErrLimit) {
		t.Errorf("many params: err = %v, want ErrLimit", err)
	}
}

func TestAppendQueryAndParams(t *testing.T) {
	tests := []struct{ s, q, want string }{
		{"live", "?authmod=adobe&user=u", "live?authmod=adobe&user=u"},
		{"live?key=1", "?authmod=adobe&user=u", "live?key=1&authmod=adobe&user=u"},
		{"rtmp://h/live", "", "rtmp://h/live"},
	}
	for _, tt := range tests {
		if got := AppendQuery(tt.s, tt.q); got != tt.want {
			t.Errorf("AppendQuery(%q, %q) = %q, want %q", tt.s, tt.q, got, tt.want)
		}
	}
	p := Params{{"a", "1"}, {"", "bare"}, {"b", ""}}
	if got := p.String(); got != "a=1&bare&b=" {
		t.Errorf("Params.String() = %q", got)
	}
	if v, ok := p.Get("b"); !ok || v != "" {
		t.Errorf("Get(b) = %q, %v", v, ok)
	}
	if _, ok := p.Get("c"); ok {
		t.Error("Get(c) found")
	}
}
