package peertest

import (
	"crypto/tls"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestTLSProxy: bytes go both ways through the TLS terminator, and the
// certificate is the self-signed one for 127.0.0.1.
func TestTLSProxy(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				io.Copy(c, c) // echo
			}()
		}
	}()
	addr := StartTLSProxy(t, l.Addr().String(), tls.VersionTLS12)
	c, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte("rtmp over tls")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 13)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "rtmp over tls" {
		t.Fatalf("echo %q, %v", buf, err)
	}
	st := c.ConnectionState()
	if st.Version != tls.VersionTLS12 {
		t.Errorf("TLS version %x, want 1.2 (the cap)", st.Version)
	}
	if cert := st.PeerCertificates[0]; len(cert.IPAddresses) != 1 || !cert.IPAddresses[0].Equal(net.IPv4(127, 0, 0, 1)) {
		t.Errorf("certificate IPs %v", cert.IPAddresses)
	}
}

// TestNMSPackageFromEnv: $NMS_DIR/VERSION/node_modules/node-media-server is found first.
func TestNMSPackageFromEnv(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "9.9.9", "node_modules", "node-media-server")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkg, "package.json"), []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvNMSDir, dir)
	if got := NMSPackage(t, "9.9.9"); got != pkg {
		t.Errorf("NMSPackage = %q, want %q", got, pkg)
	}
}

// TestStartNginx: the private nginx-rtmp accepts TCP connections on its
// address, and is gone after Stop.
func TestStartNginx(t *testing.T) {
	s := StartNginx(t)
	c, err := net.DialTimeout("tcp", s.Addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if s.URL("live", "k") != "rtmp://"+s.Addr+"/live/k" {
		t.Errorf("URL %s", s.URL("live", "k"))
	}
	s.Proc.Stop()
	if c, err := net.DialTimeout("tcp", s.Addr, time.Second); err == nil {
		c.Close()
		t.Error("nginx still listening after Stop")
	}
}
