package main

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/internal/peertest"
	"github.com/rtmpkit/rtmp/internal/testmedia"
	"github.com/rtmpkit/rtmp/rtmpt"
	"github.com/rtmpkit/rtmp/server"
)

// Bounds of the CLI interop runs: a 6 s test file published in real time
// plus generous slack.
const (
	cliPublishLimit = 30 * time.Second
	cliPlayLimit    = 40 * time.Second
	playStartLimit  = 15 * time.Second        // for an rtmpkit player to report NetStream.Play.Start
	ffmpegHeadStart = 1500 * time.Millisecond // for ffmpeg, which says nothing, to connect before the publisher
)

// buildRtmpkit builds the command into dir with the go tool that runs the test.
func buildRtmpkit(t *testing.T, dir string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		peertest.Missing(t, "the go tool", "Go from https://go.dev/dl or apt-get install golang")
	}
	bin := filepath.Join(dir, "rtmpkit")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// cli runs the built rtmpkit binary.
type cli struct{ bin string }

// start runs rtmpkit with args in the background (bounded by limit).
func (c cli) start(t *testing.T, limit time.Duration, args ...string) *peertest.Proc {
	t.Helper()
	return peertest.Start(t, limit, "rtmpkit "+args[0], c.bin, args...)
}

// startPlayer starts rtmpkit play with args (and -v) and waits until it
// reports NetStream.Play.Start, so that a publisher started next is seen
// from its first tag.
func (c cli) startPlayer(t *testing.T, args ...string) *peertest.Proc {
	t.Helper()
	p := c.start(t, cliPlayLimit, append([]string{"play", "-v"}, args...)...)
	waitPlaying(t, p)
	return p
}

// waitPlaying waits for an rtmpkit player run with -v to log
// NetStream.Play.Start.
func waitPlaying(t *testing.T, p *peertest.Proc) {
	t.Helper()
	deadline := time.Now().Add(playStartLimit)
	for !strings.Contains(p.Output(), rtmp.CodePlayStart) {
		select {
		case <-p.Done():
			t.Fatalf("%s exited before playing: %v\n%s", p.Name, p.Wait(), p.Output())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not start playing within %v\n%s", p.Name, playStartLimit, p.Output())
		}
	}
}

// shell runs a shell pipeline in which $RTMPKIT is the binary.
func (c cli) shell(t *testing.T, limit time.Duration, name, script string) *peertest.Proc {
	t.Helper()
	sh := peertest.Program(t, "sh", "dash")
	return peertest.Start(t, limit, name, sh, "-c", "RTMPKIT="+c.bin+"; "+script)
}

// waitOK waits for p and fails t unless it exited 0.
func waitOK(t *testing.T, p *peertest.Proc) {
	t.Helper()
	if err := p.Wait(); err != nil {
		t.Errorf("%s: %v\n%s", p.Name, err, p.Output())
	}
}

// checkCopy compares the FLV file got with the test file src using
// ffprobe (peertest.CheckCopy): same codecs, packet counts within 10%, first
// video packet a keyframe, monotonic timestamps.
func checkCopy(t *testing.T, got, src string) {
	t.Helper()
	peertest.CheckCopy(t, got, testmedia.Probe(t, src), peertest.All)
}

// startMediaServer runs rtmpkit's media server on a loopback port.
func startMediaServer(t *testing.T) *server.Server {
	t.Helper()
	cfg := server.DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.Logger = slog.New(slog.DiscardHandler)
	s, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestCLIInterop drives the built rtmpkit binary against rtmpkit's own
// server (rtmp, rtmpt, rtmpe), nginx-rtmp (plain and TLS-fronted) and
// Node-Media-Server 4.4.3 and 2.7.4, with ffmpeg as the other end and
// ffprobe checking every recording.
func TestCLIInterop(t *testing.T) {
	if testing.Short() {
		t.Skip("interop: -short")
	}
	testmedia.Dir(t) // generate the media (or skip) before going parallel
	c := cli{bin: buildRtmpkit(t, t.TempDir())}

	t.Run("ours", func(t *testing.T) {
		t.Parallel()
		s := startMediaServer(t)
		base := "rtmp://" + s.Addr().String() + "/live/"
		for _, f := range testmedia.Files {
			t.Run(f, func(t *testing.T) {
				t.Parallel()
				src := testmedia.Path(t, f)
				out := filepath.Join(t.TempDir(), "out.flv")
				url := base + strings.TrimSuffix(f, ".flv")
				var play, pub *peertest.Proc
				if f == testmedia.AVHigh {
					// The pipes of the issue: FLV on stdin, FLV on stdout.
					play = c.shell(t, cliPlayLimit, "rtmpkit play -o -", `exec "$RTMPKIT" play -v -o - "`+url+`" > `+out)
					waitPlaying(t, play)
					pub = c.shell(t, cliPublishLimit, "ffmpeg | rtmpkit publish -",
						`ffmpeg -hide_banner -nostdin -loglevel error -i `+src+` -c copy -f flv - | "$RTMPKIT" publish - "`+url+`"`)
				} else {
					play = c.startPlayer(t, "-o", out, url)
					pub = c.start(t, cliPublishLimit, "publish", src, url)
				}
				waitOK(t, pub)
				waitOK(t, play)
				checkCopy(t, out, f)
			})
		}
	})

	t.Run("ours-tunnels", func(t *testing.T) {
		t.Parallel()
		s := startMediaServer(t)
		rs := &rtmp.Server{Handler: s, Logger: slog.New(slog.DiscardHandler)}
		h := rtmpt.NewHandler(rs.ServeConn)
		hs := httptest.NewServer(h)
		t.Cleanup(func() { h.Close(); hs.Close() })
		tunnel := "rtmpt://" + strings.TrimPrefix(hs.URL, "http://") + "/live/"
		rtmpe := "rtmpe://" + s.Addr().String() + "/live/"
		rtmpte := strings.Replace(tunnel, "rtmpt://", "rtmpte://", 1)
		for url, want := range map[string]string{tunnel: "digest", rtmpe: "encrypted", rtmpte: "encrypted"} {
			out, err := exec.Command(c.bin, "probe", "--json", strings.TrimSuffix(url, "/live/")+"/live").Output()
			var rep probeReport
			if err == nil {
				err = json.Unmarshal(out, &rep)
			}
			if err != nil || rep.Handshake != want {
				t.Errorf("probe %s: handshake %q (%v %s), want %s", url, rep.Handshake, err, stderrOf(err), want)
			}
		}
		for _, tc := range []struct{ name, file, pub, play string }{
			{"publish-rtmpt-play-rtmpe", testmedia.AVBaseline, tunnel + "a", rtmpe + "a"},
			{"publish-rtmpe-play-rtmpt", testmedia.AVHigh, rtmpe + "b", tunnel + "b"},
			{"publish-rtmpte-play-rtmpte", testmedia.VideoOnly, rtmpte + "c", rtmpte + "c"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				out := filepath.Join(t.TempDir(), "out.flv")
				play := c.startPlayer(t, "-o", out, tc.play)
				pub := c.start(t, cliPublishLimit, "publish", testmedia.Path(t, tc.file), tc.pub)
				waitOK(t, pub)
				waitOK(t, play)
				checkCopy(t, out, tc.file)
			})
		}
	})

	t.Run("nginx-rtmps", func(t *testing.T) {
		t.Parallel()
		ng := peertest.StartNginx(t)
		proxy := peertest.StartTLSProxy(t, ng.Addr, 0)
		url := "rtmps://" + proxy + "/live/tls"
		out := filepath.Join(t.TempDir(), "out.flv")
		// --idle 0: nginx's StreamEOF alone must end the play.
		play := c.startPlayer(t, "--idle", "0", "--insecure", "-o", out, url)
		pub := c.start(t, cliPublishLimit, "publish", "--insecure", testmedia.Path(t, testmedia.AVBaseline), url)
		waitOK(t, pub)
		waitOK(t, play)
		checkCopy(t, out, testmedia.AVBaseline)
	})

	for _, peer := range []string{"nginx", "nms-" + peertest.NMS4, "nms-" + peertest.NMS2} {
		t.Run(peer, func(t *testing.T) {
			t.Parallel()
			var ps *peertest.PeerServer
			if peer == "nginx" {
				ps = peertest.StartNginx(t)
			} else {
				ps = peertest.StartNMS(t, strings.TrimPrefix(peer, "nms-"))
			}
			t.Run("rtmpkit-publish", func(t *testing.T) {
				t.Parallel()
				testPeerPublish(t, c, ps)
			})
			t.Run("rtmpkit-play", func(t *testing.T) {
				t.Parallel()
				testPeerPlay(t, c, ps)
			})
			if ps.TLSAddr != "" {
				t.Run("rtmps", func(t *testing.T) {
					t.Parallel()
					testPeerRTMPS(t, c, ps)
				})
			}
		})
	}
}

// testPeerPublish: rtmpkit publishes to a peer server while ffmpeg plays
// and rtmpkit probes the stream.
func testPeerPublish(t *testing.T, c cli, ps *peertest.PeerServer) {
	url := ps.URL("live", "fromrtmpkit")
	out := filepath.Join(t.TempDir(), "ffmpeg.flv")
	play := peertest.Play(t, peertest.PlayFFmpeg, url, out, cliPlayLimit)
	time.Sleep(ffmpegHeadStart)
	pub := c.start(t, cliPublishLimit, "publish", testmedia.Path(t, testmedia.AVHigh), url)
	time.Sleep(1500 * time.Millisecond)
	probe := exec.Command(c.bin, "probe", "--json", "--seconds", "2s", url)
	probeOut, err := probe.Output()
	if err != nil {
		t.Errorf("rtmpkit probe: %v (%s)", err, stderrOf(err))
	} else {
		checkProbe(t, probeOut)
	}
	waitOK(t, pub)
	select {
	case <-play.Done():
	case <-time.After(3 * time.Second):
		play.Stop() // nginx and NMS 4 do not end the play: interrupt ffmpeg
	}
	checkCopy(t, out, testmedia.AVHigh)
}

// testPeerPlay: ffmpeg publishes to a peer server while rtmpkit plays.
func testPeerPlay(t *testing.T, c cli, ps *peertest.PeerServer) {
	url := ps.URL("live", "fromffmpeg")
	out := filepath.Join(t.TempDir(), "rtmpkit.flv")
	// nginx-rtmp tells the player only StreamEOF when the publisher leaves,
	// which ends the play at once (no --idle needed); NMS 4 tells nothing, so
	// --idle stops it.
	idle, limit := "2s", 10*time.Second
	if ps.Name == "nginx-rtmp" {
		idle, limit = "0", 3*time.Second
	}
	play := c.startPlayer(t, "--idle", idle, "-o", out, url)
	pub := peertest.Publish(t, peertest.PubFFmpeg, testmedia.Path(t, testmedia.AVBaseline), url, cliPublishLimit)
	waitOK(t, pub)
	select {
	case <-play.Done():
		waitOK(t, play)
	case <-time.After(limit):
		t.Errorf("rtmpkit play did not stop within %v after the publisher left (--idle %s)", limit, idle)
		play.Stop()
	}
	checkCopy(t, out, testmedia.AVBaseline)
}

// testPeerRTMPS: rtmpkit publishes and plays over the server's own rtmps
// (NMS 4: TLS 1.3, self-signed certificate).
func testPeerRTMPS(t *testing.T, c cli, ps *peertest.PeerServer) {
	url := "rtmps://" + ps.TLSAddr + "/live/tls"
	out := filepath.Join(t.TempDir(), "out.flv")
	play := c.startPlayer(t, "--insecure", "--idle", "2s", "-o", out, url)
	pub := c.start(t, cliPublishLimit, "publish", "--insecure", testmedia.Path(t, testmedia.AVHigh), url)
	waitOK(t, pub)
	waitOK(t, play)
	checkCopy(t, out, testmedia.AVHigh)
}

// checkProbe checks rtmpkit probe --json on a stream of testmedia.AVHigh.
func checkProbe(t *testing.T, out []byte) {
	t.Helper()
	var rep probeReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Errorf("probe output %q: %v", out, err)
		return
	}
	sr := rep.Stream
	if rep.Handshake == "" || sr == nil || sr.Video == nil || sr.Audio == nil {
		t.Errorf("probe report incomplete: %s", out)
		return
	}
	v, a := *sr.Video, *sr.Audio
	if v.Codec != "H264" || v.Profile != "High" || v.Width != 320 || v.Height != 240 {
		t.Errorf("probe video %+v, want H264 High 320x240", v)
	}
	if a.Codec != "AAC" || a.Profile != "LC" || a.SampleRate != 44100 || a.Channels != 2 {
		t.Errorf("probe audio %+v, want AAC LC 44100 Hz 2 channels", a)
	}
	if sr.Measured < 1 || sr.TotalKbps < 200 || sr.TotalKbps > 800 {
		t.Errorf("probe bitrate %.0f kb/s over %.1f s, want about 400 over 2 s", sr.TotalKbps, sr.Measured)
	}
}

// stderrOf returns the stderr captured in an *exec.ExitError.
func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}

// TestCLISocks: rtmpkit call and publish through a real SOCKS5 proxy
// (microsocks, with credentials); a target the proxy cannot reach exits 3,
// wrong proxy credentials exit 4.
func TestCLISocks(t *testing.T) {
	t.Parallel()
	ms := peertest.Program(t, "microsocks", "microsocks")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	peertest.Start(t, time.Minute, "microsocks", ms, "-i", "127.0.0.1", "-p", port, "-u", "rtmp", "-P", "kit")
	proxy := "socks5://rtmp:kit@127.0.0.1:" + port
	waitTCP(t, "127.0.0.1:"+port)
	ts := newTestServer(t, rtmp.HandlerFunc(testHandler))
	r := runCmd(t, 10*time.Second, nil, "call", "--socks", proxy, ts.URL+"/app", "echo", `{"via":"socks"}`)
	if r.code != exitOK || strings.Join(strings.Fields(r.stdout), "") != `{"via":"socks"}` {
		t.Errorf("call through socks: exit %d (%v), output %q", r.code, r.err, r.stdout)
	}
	r = runCmd(t, 10*time.Second, nil, "call", "--socks", proxy, "rtmp://"+closedPort(t)+"/app", "echo")
	if r.code != exitConnect {
		t.Errorf("unreachable through socks: exit %d (%v), want %d", r.code, r.err, exitConnect)
	}
	r = runCmd(t, 10*time.Second, nil, "call", "--socks", "socks5://rtmp:wrong@127.0.0.1:"+port, ts.URL+"/app", "echo")
	if r.code != exitAuth {
		t.Errorf("wrong proxy password: exit %d (%v), want %d", r.code, r.err, exitAuth)
	}
}

// waitTCP waits up to 5 s for addr to accept connections.
func waitTCP(t *testing.T, addr string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
