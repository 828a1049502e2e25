package rtmp

import (
	"context"
	"errors"
	"fmt"

	"github.com/rtmpkit/rtmp/internal/rtmpauth"
)

// ErrAuthFailed is wrapped by the error Dial returns when the server asked
// for Adobe or Limelight authentication and the dance failed (wrong
// credentials, none configured, unknown authmod). The error also wraps the
// server's last *StatusError.
var ErrAuthFailed = errors.New("rtmp: authentication failed")

// decryptSecureToken decodes the secureToken of a connect _result with the
// shared key (PROTOCOL.md §12.4), as librtmp does.
func decryptSecureToken(token, key string) (string, error) {
	return rtmpauth.DecryptSecureToken(token, key, rtmpauth.Limits{})
}

// dialAuth dials and connects. When the server rejects connect asking for
// Adobe (authmod=adobe) or Limelight (authmod=llnw) authentication, it redoes
// the exchange on new connections with the credentials of ClientConfig
// (PubUser/PubPasswd, else the URL's user:pass), appending the auth query to
// app and tcUrl (PROTOCOL.md §12). An Adobe dance is tried with FFmpeg's
// response first, then, if the server says the password is wrong, once more
// with librtmp's.
func dialAuth(ctx context.Context, u *URL, cfg *ClientConfig) (*ClientConn, error) {
	c, err := dialOnce(ctx, u, cfg, "")
	var se *StatusError
	if err == nil || !errors.As(err, &se) {
		return c, err
	}
	d, perr := rtmpauth.ParseDescription(se.Description, rtmpauth.Limits{})
	if perr != nil || d.Kind() == rtmpauth.KindNone {
		return nil, err
	}
	user, pass := cfg.PubUser, cfg.PubPasswd
	if user == "" {
		user, pass = u.User, u.Password
	}
	app := u.App
	if cfg.App != "" {
		app = cfg.App
	}
	first := se
	var aerr error
	for _, v := range []rtmpauth.Variant{rtmpauth.VariantFFmpeg, rtmpauth.VariantLibrtmp} {
		ac := &rtmpauth.Client{User: user, Password: pass, App: app, Variant: v}
		se = first
		for {
			var q string
			if q, aerr = ac.Next(se.Description); aerr != nil {
				break
			}
			c, err = dialOnce(ctx, u, cfg, q)
			if err == nil {
				return c, nil
			}
			if !errors.As(err, &se) {
				return nil, err
			}
		}
		if d.AuthMod != rtmpauth.AuthModAdobe || !errors.Is(aerr, rtmpauth.ErrAuthFailed) {
			break
		}
		cfg.logger().Debug("rtmp: adobe auth failed with FFmpeg's response; trying librtmp's", "server", u.Address())
	}
	return nil, fmt.Errorf("%w: %w; server said: %w", ErrAuthFailed, aerr, se)
}
