package rtmpauth_test

import (
	"fmt"

	"github.com/rtmpkit/rtmp/internal/rtmpauth"
)

// The client side: feed each rejected connect's description to Next and
// append the returned query to app and tcUrl for the next connect.
func ExampleClient() {
	c := &rtmpauth.Client{User: "alice", Password: "s3cret", App: "live"}
	q, err := c.Next("[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] : ")
	fmt.Println(rtmpauth.AppendQuery("live", q), err)

	_, err = c.Next("[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=alice&salt=c2FsdA&challenge=Y2g&opaque=b3A")
	fmt.Println(err)

	_, err = c.Next("[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=authfailed&opaque=b3A")
	fmt.Println(err)
	// Output:
	// live?authmod=adobe&user=alice <nil>
	// <nil>
	// rtmpauth: server rejected adobe authentication: authfailed
}

// The server side of Adobe auth: reject the first connect, issue a
// challenge for the named user, then verify the response.
func ExampleVerifyAdobe() {
	passwords := map[string]string{"alice": "s3cret"}
	var issued rtmpauth.AdobeChallenge // a real server keeps one per user/attempt

	connect := func(app string) string {
		r, _ := rtmpauth.ParseRequest(app, rtmpauth.Limits{})
		switch {
		case r.AuthMod == "":
			return rtmpauth.NeedAuthDescription(rtmpauth.AuthModAdobe)
		case !r.HasResponse():
			issued, _ = rtmpauth.NewAdobeChallenge(nil)
			return issued.Description(r.User)
		case rtmpauth.VerifyAdobe(r.User, passwords[r.User], issued, r) != nil:
			return rtmpauth.FailureDescription(rtmpauth.AuthModAdobe, rtmpauth.ReasonAuthFailed, issued.Opaque)
		}
		return "" // accepted
	}

	c := &rtmpauth.Client{User: "alice", Password: "s3cret", App: "live"}
	query := ""
	for attempt := 1; ; attempt++ {
		app := rtmpauth.AppendQuery(c.App, query)
		desc := connect(app)
		if desc == "" {
			fmt.Printf("connect %d accepted with app %s\n", attempt, app[:len("live?authmod=adobe&user=alice")])
			return
		}
		var err error
		if query, err = c.Next(desc); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Output: connect 3 accepted with app live?authmod=adobe&user=alice
}

// A client answers a connect _result's secureToken with the plaintext.
func ExampleDecryptSecureToken() {
	token := rtmpauth.EncryptSecureToken("challenge-42", "#ed%h0#w@1") // what the server sends
	plain, err := rtmpauth.DecryptSecureToken(token, "#ed%h0#w@1", rtmpauth.Limits{})
	fmt.Printf("%q %v\n", plain, err)
	// Output: "challenge-42" <nil>
}

// The Limelight response for an app without an instance hashes
// "publish:/live/_definst_".
func ExampleLlnwResponse() {
	fmt.Println(rtmpauth.LlnwAppPath("live"))
	fmt.Println(rtmpauth.LlnwResponse("alice", "s3cret", "live", "abc123", rtmpauth.LlnwNC, "0badc0de"))
	// Output:
	// live/_definst_
	// e2d674318f61d6d9550bcdf6419ad203
}
