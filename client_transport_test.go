package rtmp_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/rtmptest"
)

// roundTrip plays name from playURL, publishes testTags to pubURL and
// checks that the player gets them byte for byte, then io.EOF.
func roundTrip(t *testing.T, hub *testHub, baseURL string, cfg *rtmp.ClientConfig) (pub, player *rtmp.ClientConn) {
	t.Helper()
	ctx := ctxT(t)
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	player, err := rtmp.Dial(ctx, baseURL+"/live/"+name, cfg)
	if err != nil {
		t.Fatalf("Dial player: %v", err)
	}
	t.Cleanup(func() { player.Close() })
	ps, err := player.Play(ctx, name, rtmp.PlayLive, -1, false)
	if err != nil {
		t.Fatalf("Play: %v", err)
	}
	<-hub.joined
	pub, err = rtmp.Dial(ctx, baseURL+"/live/"+name, cfg)
	if err != nil {
		t.Fatalf("Dial publisher: %v", err)
	}
	t.Cleanup(func() { pub.Close() })
	st, err := pub.Publish(ctx, name, "live")
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	tags := testTags(t)
	for _, tag := range tags {
		if err := st.WriteTag(tag); err != nil {
			t.Fatalf("WriteTag: %v", err)
		}
	}
	for i, want := range tags {
		got, err := ps.ReadTagContext(ctx)
		if err != nil {
			t.Fatalf("ReadTag %d: %v", i, err)
		}
		if !sameTag(got, want) {
			t.Fatalf("tag %d = type %d ts %d len %d, want type %d ts %d len %d", i, got.Type, got.Timestamp, len(got.Data), want.Type, want.Timestamp, len(want.Data))
		}
	}
	st.Close()
	if _, err := ps.ReadTagContext(ctx); err == nil {
		t.Fatalf("ReadTag after unpublish succeeded")
	}
	return pub, player
}

func TestClientTransports(t *testing.T) {
	hub := newTestHub()
	srv := rtmptest.NewServer(t, hub, func(s *rtmp.Server) { s.WindowAckSize = 4096; s.ChunkSize = 100 })
	host, port, _ := net.SplitHostPort(srv.Addr)
	tests := []struct {
		name string
		url  string
		cfg  *rtmp.ClientConfig
		kind handshake.Kind
	}{
		{"digest", srv.URL, nil, handshake.Digest},
		{"plain", srv.URL, &rtmp.ClientConfig{Handshake: &handshake.Config{Kind: handshake.Plain}}, handshake.Plain},
		{"rtmpe", "rtmpe://" + host + ":" + port, nil, handshake.Encrypted},
		{"rtmpe-xtea", "rtmpe://" + host + ":" + port, &rtmp.ClientConfig{Handshake: &handshake.Config{EncryptionType: handshake.TypeRTMPEXTEA}}, handshake.Encrypted},
		{"amf3", srv.URL, &rtmp.ClientConfig{ObjectEncoding: 3}, handshake.Digest},
		{"chunk128", srv.URL, &rtmp.ClientConfig{ChunkSize: 128, WindowAckSize: 1000}, handshake.Digest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, player := roundTrip(t, hub, tt.url, tt.cfg)
			if got := pub.HandshakeResult().Kind; got != tt.kind {
				t.Errorf("publisher handshake %v, want %v", got, tt.kind)
			}
			wantEnc := 0.0
			if tt.cfg != nil && tt.cfg.ObjectEncoding == 3 {
				wantEnc = 3
			}
			if got := player.ConnectInfo().ObjectEncoding; got != wantEnc {
				t.Errorf("objectEncoding %v, want %v", got, wantEnc)
			}
		})
	}
}

// selfSignedTLS returns a server config and a client config trusting it,
// for 127.0.0.1.
func selfSignedTLS(t *testing.T) (srv, cli *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "rtmpkit test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

func TestClientRTMPS(t *testing.T) {
	srvTLS, cliTLS := selfSignedTLS(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hub := newTestHub()
	srv := &rtmp.Server{Handler: hub}
	go srv.Serve(tls.NewListener(l, srvTLS))
	t.Cleanup(func() { srv.Close() })
	pub, _ := roundTrip(t, hub, "rtmps://"+l.Addr().String(), &rtmp.ClientConfig{TLSConfig: cliTLS})
	if _, ok := pub.NetConn().(*tls.Conn); !ok {
		t.Errorf("rtmps connection is %T, want *tls.Conn", pub.NetConn())
	}
	// An untrusted certificate fails the dial.
	if _, err := rtmp.Dial(ctxT(t), "rtmps://"+l.Addr().String()+"/live/x", nil); err == nil {
		t.Errorf("Dial with an untrusted certificate succeeded")
	}
}

func TestClientTunnelNeedsHook(t *testing.T) {
	for _, u := range []string{"rtmpt://127.0.0.1/live/x", "rtmpte://127.0.0.1/live/x", "rtmpts://127.0.0.1/live/x"} {
		if _, err := rtmp.Dial(ctxT(t), u, nil); err != rtmp.ErrNoTunnel {
			t.Errorf("Dial %s = %v, want ErrNoTunnel", u, err)
		}
	}
}

// TestClientDialTunnel checks that the DialTunnel hook's connection is
// used for rtmpt (here a plain TCP connection to our server).
func TestClientDialTunnel(t *testing.T) {
	hub := newTestHub()
	srv := rtmptest.NewServer(t, hub)
	var asked *rtmp.URL
	cfg := &rtmp.ClientConfig{DialTunnel: func(ctx context.Context, u *rtmp.URL) (net.Conn, error) {
		asked = u
		var d net.Dialer
		return d.DialContext(ctx, "tcp", srv.Addr)
	}}
	c, err := rtmp.Dial(ctxT(t), "rtmpt://example.invalid/live/x", cfg)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer c.Close()
	if asked == nil || asked.Host != "example.invalid" || asked.Port != rtmp.DefaultHTTPPort {
		t.Errorf("DialTunnel got %+v", asked)
	}
}
