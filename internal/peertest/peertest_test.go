package peertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseProbe(t *testing.T) {
	in := `{"packets":[
	 {"codec_type":"video","stream_index":0,"pts":80,"dts":0,"size":"900","flags":"K__"},
	 {"codec_type":"audio","stream_index":1,"pts":0,"dts":0,"size":"300","flags":"K__"},
	 {"codec_type":"video","stream_index":0,"pts":200,"dts":40,"size":"90","flags":"___"},
	 {"codec_type":"video","stream_index":0,"pts":120,"dts":30,"size":"90","flags":"___"},
	 {"codec_type":"video","stream_index":0,"pts":1200,"dts":1120,"size":"90","flags":"___"}],
	 "streams":[{"index":0,"codec_name":"h264","codec_type":"video","time_base":"1/1000"},
	 {"index":1,"codec_name":"aac","codec_type":"audio","time_base":"1/1000"}]}`
	p, err := ParseProbe([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Codecs(); c["video"] != "h264" || c["audio"] != "aac" || len(c) != 2 {
		t.Errorf("codecs %v", c)
	}
	v := p.Stream("video")
	if len(v.Packets) != 4 || !v.FirstIsKeyframe() || v.Keyframes() != 1 {
		t.Fatalf("video %+v", v)
	}
	if v.Packets[0].PTS != 80*time.Millisecond || v.Packets[0].Size != 900 {
		t.Errorf("packet 0 %+v", v.Packets[0])
	}
	if err := v.CheckMonotonic(); err == nil || !strings.Contains(err.Error(), "packet 2") {
		t.Errorf("CheckMonotonic = %v, want a complaint about packet 2", err)
	}
	if g, at := v.MaxGap(); g != 1090*time.Millisecond || at != 3 {
		t.Errorf("MaxGap = %v at %d", g, at)
	}
	if d := v.Duration(); d != 1120*time.Millisecond {
		t.Errorf("Duration = %v", d)
	}
	if a := p.Stream("audio"); a.CheckMonotonic() != nil || a.Duration() != 0 {
		t.Errorf("audio %+v", a)
	}
	if p.Stream("data") != nil {
		t.Error("found a data stream")
	}
}

func TestParseProbeErrors(t *testing.T) {
	for _, in := range []string{
		`{`,
		`{"streams":[{"index":0,"time_base":"0/1000"}]}`,
		`{"streams":[{"index":0,"time_base":"1000"}]}`,
		`{"streams":[{"index":0,"time_base":"1/1000"}],"packets":[{"stream_index":3}]}`,
	} {
		if _, err := ParseProbe([]byte(in)); err == nil {
			t.Errorf("ParseProbe(%s) succeeded", in)
		}
	}
}

func TestFLVTracks(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		data         string
		audio, video bool
		ok           bool
	}{
		{"FLV\x01\x05\x00\x00\x00\x09", true, true, true},
		{"FLV\x01\x04\x00\x00\x00\x09", true, false, true},
		{"FLV\x01\x01\x00\x00\x00\x09", false, true, true},
		{"FLX\x01\x05\x00\x00\x00\x09", false, false, false},
		{"FL", false, false, false},
	}
	for i, tc := range tests {
		f := filepath.Join(dir, "f.flv")
		if err := os.WriteFile(f, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		a, v, err := FLVTracks(f)
		if (err == nil) != tc.ok || a != tc.audio || v != tc.video {
			t.Errorf("%d: FLVTracks = %v %v %v", i, a, v, err)
		}
	}
	if _, _, err := FLVTracks(filepath.Join(dir, "none")); err == nil {
		t.Error("missing file: no error")
	}
}

func TestGstPublishArgs(t *testing.T) {
	got := strings.Join(gstPublishArgs("in.flv", "rtmp://h/a/k", true, false), " ")
	want := "-q -e filesrc location=in.flv ! flvdemux name=d flvmux name=mux streamable=true ! rtmp2sink location=rtmp://h/a/k d.audio ! queue ! aacparse ! mux.audio"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestProcStop: a process that ignores nothing stops on SIGINT; its output
// is kept; a timeout interrupts it too.
func TestProcStop(t *testing.T) {
	sh := Program(t, "sh", "dash")
	p := Start(t, time.Minute, "sleeper", sh, "-c", "echo hello; exec sleep 30")
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	if err := p.Stop(); err == nil {
		t.Error("interrupted sleep exited 0")
	}
	if time.Since(start) > StopGrace {
		t.Errorf("Stop took %v", time.Since(start))
	}
	if !strings.Contains(p.Output(), "hello") {
		t.Errorf("output %q", p.Output())
	}
	q := Start(t, 200*time.Millisecond, "timeout", sh, "-c", "exec sleep 30")
	select {
	case <-q.Done():
	case <-time.After(StopGrace + time.Second):
		t.Fatal("timeout did not stop the process")
	}
	if err := q.Stop(); err == nil {
		t.Error("timed-out process exited 0")
	}
}

func TestScripts(t *testing.T) {
	for _, s := range []string{"publish.py", "play.py", "stall.py", "calls.py"} {
		if !strings.Contains(Script(s), "import librtmp") {
			t.Errorf("%s does not import librtmp", s)
		}
	}
}
