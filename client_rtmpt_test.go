package rtmp_test

import (
	"context"
	"net"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/rtmpt"
)

// TestClientRTMPT publishes and plays through package rtmpt's HTTP tunnel
// (its Handler in front of our server, its Dial as the client's DialTunnel
// hook), plain and encrypted (rtmpte).
func TestClientRTMPT(t *testing.T) {
	hub := newTestHub()
	srv := &rtmp.Server{Handler: hub, Logger: discardLogger()}
	web := httptest.NewServer(rtmpt.NewHandler(srv.ServeConn))
	t.Cleanup(func() { srv.Close(); web.Close() })
	host := strings.TrimPrefix(web.URL, "http://")
	cfg := &rtmp.ClientConfig{DialTunnel: func(ctx context.Context, u *rtmp.URL) (net.Conn, error) {
		return rtmpt.Dial(ctx, u.String(), nil)
	}}
	for _, tt := range []struct {
		scheme string
		kind   handshake.Kind
	}{{"rtmpt", handshake.Digest}, {"rtmpte", handshake.Encrypted}} {
		t.Run(tt.scheme, func(t *testing.T) {
			pub, _ := roundTrip(t, hub, tt.scheme+"://"+host, cfg)
			if got := pub.HandshakeResult().Kind; got != tt.kind {
				t.Errorf("handshake %v, want %v", got, tt.kind)
			}
		})
	}
}
