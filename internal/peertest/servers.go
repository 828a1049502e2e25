package peertest

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// ServerLifetime bounds a peer server started by [StartNginx] or
// [StartNMS]; it is stopped earlier, when the test ends.
const ServerLifetime = 10 * time.Minute

// serverStartTimeout is how long a peer server gets to open its port.
const serverStartTimeout = 15 * time.Second

// PeerServer is a real RTMP server running on a loopback port for one test.
type PeerServer struct {
	// Name says which server this is ("nginx-rtmp", "nms 4.4.3").
	Name string
	// Addr is the RTMP listener, 127.0.0.1:PORT.
	Addr string
	// TLSAddr is the server's own RTMPS listener (NMS 4.x, with the
	// self-signed certificate bundled in its package), or "".
	TLSAddr string
	// Proc is the server process.
	Proc *Proc
}

// URL returns rtmp://Addr/app/name.
func (s *PeerServer) URL(app, name string) string {
	return "rtmp://" + s.Addr + "/" + app + "/" + name
}

// StartNginx runs a private nginx with the nginx-rtmp module in the
// foreground on a free loopback port: application "live" with live on and
// recording off. It skips (or fails, see [Required]) when nginx or the
// module is missing, and stops nginx when the test ends.
func StartNginx(t testing.TB) *PeerServer {
	t.Helper()
	bin := Program(t, "nginx", "nginx libnginx-mod-rtmp")
	const module = "/usr/lib/nginx/modules/ngx_rtmp_module.so"
	if _, err := os.Stat(module); err != nil {
		Missing(t, "the nginx-rtmp module "+module, "apt-get install libnginx-mod-rtmp")
	}
	dir := t.TempDir()
	port := freeLoopbackPort(t)
	conf := fmt.Sprintf(`load_module %s;
daemon off;
master_process off;
worker_processes 1;
pid %s;
error_log %s warn;
events { worker_connections 256; }
rtmp {
    server {
        listen 127.0.0.1:%d;
        chunk_size 4096;
        application live {
            live on;
            record off;
        }
    }
}
`, module, filepath.Join(dir, "nginx.pid"), filepath.Join(dir, "error.log"), port)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	p := Start(t, ServerLifetime, "nginx-rtmp", bin, "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", confPath)
	s := &PeerServer{Name: "nginx-rtmp", Addr: "127.0.0.1:" + strconv.Itoa(port), Proc: p}
	waitListening(t, s, s.Addr)
	t.Cleanup(func() {
		if t.Failed() {
			if b, err := os.ReadFile(filepath.Join(dir, "error.log")); err == nil {
				t.Logf("nginx error.log:\n%s", b)
			}
		}
	})
	return s
}

// The Node-Media-Server versions [StartNMS] runs.
const (
	NMS4 = "4.4.3"
	NMS2 = "2.7.4"
)

// EnvNMSDir names the directory holding the npm installs of
// Node-Media-Server, one per version: $NMS_DIR/VERSION/node_modules/node-media-server.
const EnvNMSDir = "NMS_DIR"

// NMSPackage returns the directory of the installed node-media-server
// version, looking in $NMS_DIR, then .peers/nms at the module root (where
// scripts/install-peers.sh puts it), then $TMPDIR/rtmp-peers/nms; it skips
// (or fails) when none has it.
func NMSPackage(t testing.TB, version string) string {
	t.Helper()
	var roots []string
	if d := os.Getenv(EnvNMSDir); d != "" {
		roots = append(roots, d)
	}
	if root := moduleRoot(); root != "" {
		roots = append(roots, filepath.Join(root, ".peers", "nms"))
	}
	roots = append(roots, filepath.Join(os.TempDir(), "rtmp-peers", "nms"))
	for _, r := range roots {
		pkg := filepath.Join(r, version, "node_modules", "node-media-server")
		if _, err := os.Stat(filepath.Join(pkg, "package.json")); err == nil {
			abs, err := filepath.Abs(pkg)
			if err != nil {
				t.Fatal(err)
			}
			return abs
		}
	}
	Missing(t, "node-media-server "+version, "scripts/install-peers.sh (npm install node-media-server@"+version+" into $NMS_DIR/"+version+")")
	return ""
}

// StartNMS runs Node-Media-Server version ([NMS4] or [NMS2]) on free
// loopback ports (RTMP; for 4.x also RTMPS, TLS 1.3 with the package's
// self-signed certificate; and HTTP-FLV, which the tests do not use), bound
// to 127.0.0.1 only, and stops it when the test ends.
func StartNMS(t testing.TB, version string) *PeerServer {
	t.Helper()
	node := Program(t, "node", "nodejs")
	pkg := NMSPackage(t, version)
	dir := t.TempDir()
	rtmpPort, httpPort := freeLoopbackPort(t), freeLoopbackPort(t)
	tlsPort := 0
	var args []string
	switch version[0] {
	case '4':
		tlsPort = freeLoopbackPort(t)
		cfg := map[string]any{
			"bind":   "127.0.0.1",
			"notify": map[string]any{"url": ""},
			"store":  map[string]any{"path": filepath.Join(dir, "data"), "maxHistory": 100},
			// Fixed secrets and no users: NMS then never rewrites the file.
			"auth": map[string]any{"play": false, "publish": false, "secret": "rtmpkit-peertest",
				"jwt": map[string]any{"secret": "rtmpkit-peertest-jwt-0123456789abcdef", "expiresIn": "1h",
					"refreshExpiresIn": "1h", "algorithm": "HS256", "users": []any{}}},
			"rtmp": map[string]any{"port": rtmpPort},
			"rtmps": map[string]any{"port": tlsPort, "key": filepath.Join(pkg, "bin", "key.pem"),
				"cert": filepath.Join(pkg, "bin", "cert.pem")},
			"http":     map[string]any{"port": httpPort},
			"webadmin": map[string]any{"enable": false},
			"record":   map[string]any{"auto": false, "path": filepath.Join(dir, "record")},
		}
		b, err := json.MarshalIndent(cfg, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		conf := filepath.Join(dir, "config.json")
		if err := os.WriteFile(conf, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = []string{filepath.Join(pkg, "bin", "app.js"), "-c", conf, "--no-admin"}
	case '2':
		// NMS 2.x has no bind option: the script makes every numeric
		// listen() of this process use the loopback interface.
		script := fmt.Sprintf(`'use strict';
const net = require('net');
const origListen = net.Server.prototype.listen;
net.Server.prototype.listen = function () {
  const args = Array.from(arguments);
  if (args.length > 0 && Number.isInteger(Number(args[0])) && typeof args[1] !== 'string') {
    args.splice(1, 0, '127.0.0.1');
  }
  return origListen.apply(this, args);
};
const NodeMediaServer = require(%q);
const nms = new NodeMediaServer({
  logType: 1,
  rtmp: { port: %d, chunk_size: 60000, gop_cache: true, ping: 30, ping_timeout: 60 },
  http: { port: %d, mediaroot: %q, allow_origin: '*' },
});
nms.run();
`, pkg, rtmpPort, httpPort, filepath.Join(dir, "media"))
		if err := os.MkdirAll(filepath.Join(dir, "media"), 0o755); err != nil {
			t.Fatal(err)
		}
		js := filepath.Join(dir, "run-nms.js")
		if err := os.WriteFile(js, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
		args = []string{js}
	default:
		t.Fatalf("peertest: unsupported node-media-server version %q", version)
	}
	name := "nms " + version
	p := Start(t, ServerLifetime, name, node, args...)
	s := &PeerServer{Name: name, Addr: "127.0.0.1:" + strconv.Itoa(rtmpPort), Proc: p}
	waitListening(t, s, s.Addr)
	if tlsPort != 0 {
		s.TLSAddr = "127.0.0.1:" + strconv.Itoa(tlsPort)
		waitListening(t, s, s.TLSAddr)
	}
	return s
}

// waitListening waits until addr of s accepts TCP connections, failing t
// if the process exits or the port stays closed.
func waitListening(t testing.TB, s *PeerServer, addr string) {
	t.Helper()
	deadline := time.Now().Add(serverStartTimeout)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-s.Proc.Done():
			t.Fatalf("%s exited before listening on %s: %v\n%s", s.Name, addr, s.Proc.Wait(), s.Proc.Output())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not listen on %s within %v\n%s", s.Name, addr, serverStartTimeout, s.Proc.Output())
		}
	}
}

// freeLoopbackPort returns a TCP port that was free on 127.0.0.1 a moment ago.
func freeLoopbackPort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// moduleRoot returns the directory holding go.mod above the working
// directory, or "".
func moduleRoot() string {
	d, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}
