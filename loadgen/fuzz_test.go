package loadgen

import (
	"net"
	"os"
	"testing"
)

func FuzzParseProc(f *testing.F) {
	for _, name := range []string{"testdata/proc/stat", "testdata/proc/4242/stat", "testdata/proc/4242/status", "testdata/proc/4242/io", "testdata/proc/77/stat"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("1 ()) R 0 0 0 0 0 0 0 0 0 0 18446744073709551615 1"))
	f.Add([]byte("VmRSS: -1 kB\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if total, sys, err := parseStatCPU(b); err == nil && (total < 0 || sys < 0 || sys > total) {
			t.Errorf("parseStatCPU(%q) = %v, %v", b, total, sys)
		}
		if rss, err := parseStatusRSS(b); err == nil && rss < 0 {
			t.Errorf("parseStatusRSS(%q) = %d", b, rss)
		}
		parseIOCalls(b)
		for core := range 3 {
			if busy, softirq, err := parseCoreStat(b, core); err == nil && (softirq < 0 || busy < softirq) {
				t.Errorf("parseCoreStat(%q, %d) = %v, %v", b, core, busy, softirq)
			}
		}
	})
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"rtmp://127.0.0.1:1935/live/s", "rtmp://h/app/a/b?x=1", "rtmp://[::1]/a/b", "rtmp://h:/a/b", "rtmp://h/a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s)
		if err != nil {
			return
		}
		if _, _, err := net.SplitHostPort(tg.Addr); err != nil || tg.App == "" || tg.Stream == "" {
			t.Errorf("ParseTarget(%q) = %+v", s, tg)
		}
	})
}
