package rtmp_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/internal/rtmpauth"
	"github.com/rtmpkit/rtmp/message"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// authServer is a Handler that demands Adobe or Limelight publisher
// authentication for every connect, the way FMS/Wowza (adobe) and
// Limelight (llnw) do: reject, challenge, verify, using internal/rtmpauth's
// server side. It counts connects.
type authServer struct {
	authmod, user, pass string

	mu       sync.Mutex
	connects int
	adobe    rtmpauth.AdobeChallenge
	nonce    string
}

func (s *authServer) ServeRTMP(w rtmp.ResponseWriter, r *rtmp.Request) {
	if r.Kind != rtmp.KindConnect {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.connects++
	rawApp, _ := message.StringProperty(r.Conn.ConnectObject(), "app")
	req, err := rtmpauth.ParseRequest(rawApp, rtmpauth.Limits{})
	reject := func(desc string) {
		w.Reject(&rtmp.StatusError{Code: rtmp.CodeConnectRejected, Description: desc})
	}
	switch {
	case err != nil:
		reject(err.Error())
	case req.AuthMod == "":
		reject(rtmpauth.NeedAuthDescription(s.authmod))
	case req.AuthMod != s.authmod:
		reject(rtmpauth.FailureDescription(req.AuthMod, rtmpauth.ReasonInvalidAuthMod, ""))
	case req.User != s.user:
		reject(rtmpauth.FailureDescription(s.authmod, rtmpauth.ReasonNoSuchUser, ""))
	case !req.HasResponse() && s.authmod == rtmpauth.AuthModAdobe:
		s.adobe, _ = rtmpauth.NewAdobeChallenge(nil)
		reject(s.adobe.Description(s.user))
	case !req.HasResponse():
		s.nonce, _ = rtmpauth.NewNonce(nil)
		reject(rtmpauth.LlnwChallengeDescription(s.user, s.nonce))
	case s.authmod == rtmpauth.AuthModAdobe:
		if err := rtmpauth.VerifyAdobe(s.user, s.pass, s.adobe, req); err != nil {
			reject(rtmpauth.FailureDescription(s.authmod, rtmpauth.ReasonAuthFailed, s.adobe.Opaque))
		}
	default:
		if err := rtmpauth.VerifyLlnw(s.user, s.pass, s.nonce, req); err != nil {
			reject(rtmpauth.FailureDescription(s.authmod, rtmpauth.ReasonLlnwAuthFailed, ""))
		}
	}
}

func TestClientAuth(t *testing.T) {
	tests := []struct {
		name     string
		authmod  string
		url      string // path after the server, credentials in the URL or cfg
		cfg      rtmp.ClientConfig
		ok       bool
		connects int
		kind     error
	}{
		{"adobe cfg", "adobe", "/live/key", rtmp.ClientConfig{PubUser: "alice", PubPasswd: "s3cret"}, true, 3, nil},
		{"adobe url", "adobe", "alice:s3cret@/live/key", rtmp.ClientConfig{}, true, 3, nil},
		{"adobe librtmp options", "adobe", "/live/key pubUser=alice pubPasswd=s3cret", rtmp.ClientConfig{}, true, 3, nil},
		{"adobe wrong password", "adobe", "/live/key", rtmp.ClientConfig{PubUser: "alice", PubPasswd: "nope"}, false, 5, rtmpauth.ErrAuthFailed},
		{"adobe unknown user", "adobe", "/live/key", rtmp.ClientConfig{PubUser: "bob", PubPasswd: "s3cret"}, false, 2, rtmpauth.ErrNoSuchUser},
		{"adobe no credentials", "adobe", "/live/key", rtmp.ClientConfig{}, false, 1, rtmpauth.ErrNoCredentials},
		{"llnw", "llnw", "/live/key", rtmp.ClientConfig{PubUser: "alice", PubPasswd: "s3cret"}, true, 3, nil},
		{"llnw wrong password", "llnw", "/live/key", rtmp.ClientConfig{PubUser: "alice", PubPasswd: "x"}, false, 3, rtmpauth.ErrAuthFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as := &authServer{authmod: tt.authmod, user: "alice", pass: "s3cret"}
			srv := rtmptest.NewServer(t, as, func(s *rtmp.Server) { s.Logger = discardLogger() })
			url := srv.URL + tt.url
			if cred, rest, ok := strings.Cut(tt.url, "@"); ok {
				url = "rtmp://" + cred + "@" + srv.Addr + rest
			}
			c, err := rtmp.Dial(ctxT(t), url, &tt.cfg)
			if tt.ok {
				if err != nil {
					t.Fatalf("Dial: %v", err)
				}
				defer c.Close()
				if _, err := c.Publish(ctxT(t), "key", "live"); err != nil {
					t.Errorf("Publish after auth: %v", err)
				}
			} else {
				var se *rtmp.StatusError
				if err == nil || !errors.Is(err, rtmp.ErrAuthFailed) || !errors.Is(err, tt.kind) || !errors.As(err, &se) || se.Code != rtmp.CodeConnectRejected {
					t.Fatalf("Dial = %v; want ErrAuthFailed wrapping %v and the server's StatusError", err, tt.kind)
				}
			}
			as.mu.Lock()
			defer as.mu.Unlock()
			if as.connects != tt.connects {
				t.Errorf("server saw %d connects, want %d", as.connects, tt.connects)
			}
		})
	}
}

// TestClientSecureToken: a server that puts secureToken in the connect
// _result gets secureTokenResponse with the decrypted token.
func TestClientSecureToken(t *testing.T) {
	const key, plain = "#ed%h0#w@1", "tok-12345678"
	got := make(chan string, 1)
	srv := rtmptest.NewServer(t, rtmp.HandlerFunc(func(w rtmp.ResponseWriter, r *rtmp.Request) {
		if r.Kind == rtmp.KindConnect {
			raw, err := w.Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			go func() {
				defer raw.Close()
				res := message.NewConnectResult(1, "FMS/3,5,7,7009", 0)
				res.Args[0] = append(res.Args[0].(amf0.Object), amf0.Pair{Key: "secureToken", Value: rtmpauth.EncryptSecureToken(plain, key)})
				raw.Write(res, 0, 0)
				for {
					m, err := raw.ReadMessage()
					if err != nil {
						return
					}
					if msg, err := message.Decode(m); err == nil {
						if cmd, ok := msg.(*message.Command); ok && cmd.Name == "secureTokenResponse" {
							s, _ := cmd.StringArg(0)
							got <- s
							return
						}
					}
				}
			}()
		}
	}))
	c, err := rtmp.Dial(ctxT(t), srv.URL+"/vod/x token="+strings.ReplaceAll(key, "#", `\23`), nil)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer c.Close()
	select {
	case s := <-got:
		if strings.TrimRight(s, "\x00") != plain {
			t.Errorf("secureTokenResponse %q, want %q", s, plain)
		}
	case <-ctxT(t).Done():
		t.Fatal("no secureTokenResponse")
	}
}
