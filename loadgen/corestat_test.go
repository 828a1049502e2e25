package loadgen

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func TestParseCoreStat(t *testing.T) {
	const stat = "cpu  10 0 10 100 0 0 0 0 0 0\n" +
		"cpu0 100 2 30 500 40 5 7 3 50 0\n" +
		"cpu1 1 1 1 1 1 1 1\n" + // a kernel without steal
		"cpu12 1 2 3 4 5 6 7 8 9 10\n" +
		"intr 1 2 3\n"
	tick := 10 * time.Millisecond
	for _, tc := range []struct {
		name          string
		stat          string
		core          int
		busy, softirq time.Duration
		err           error
	}{
		// user+nice+system+irq+softirq+steal; idle, iowait and guest
		// (already in user) are not busy.
		{"core 0", stat, 0, (100 + 2 + 30 + 5 + 7 + 3) * tick, 7 * tick, nil},
		{"no steal column", stat, 1, 5 * tick, tick, nil},
		{"two digits, not cpu1", stat, 12, (1 + 2 + 3 + 6 + 7 + 8) * tick, 7 * tick, nil},
		{"aggregate line is not a core", "cpu 1 2 3 4 5 6 7 8\n", 0, 0, 0, ErrNoCore},
		{"missing core", stat, 2, 0, 0, ErrNoCore},
		{"negative core", stat, -1, 0, 0, ErrNoCore},
		{"empty", "", 0, 0, 0, ErrNoCore},
		{"too few values", "cpu0 1 2 3 4 5 6\n", 0, 0, 0, ErrProcFormat},
		{"not a number", "cpu0 1 2 x 4 5 6 7 8\n", 0, 0, 0, ErrProcFormat},
		{"negative value", "cpu0 1 2 -3 4 5 6 7 8\n", 0, 0, 0, ErrProcFormat},
		{"overflowing value", "cpu0 1 2 99999999999999999999 4 5 6 7 8\n", 0, 0, 0, ErrProcFormat},
		{"no trailing newline", "cpu0 1 1 1 1 1 1 1 1", 0, 6 * tick, tick, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			busy, softirq, err := parseCoreStat([]byte(tc.stat), tc.core)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil || busy != tc.busy || softirq != tc.softirq {
				t.Errorf("= %v, %v, %v; want %v, %v", busy, softirq, err, tc.busy, tc.softirq)
			}
		})
	}
}

func TestReadCore(t *testing.T) {
	s, err := ReadCore("testdata/proc", 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := (348452 + 25 + 108532 + 18250 + 236) * 10 * time.Millisecond; s.Busy != want || s.Softirq != 182500*time.Millisecond || s.At.IsZero() {
		t.Errorf("ReadCore = %+v, want busy %v, softirq 182.5s", s, want)
	}
	if s, err := ReadCore("testdata/proc", 2); !errors.Is(err, ErrNoCore) || s != (CoreSample{}) {
		t.Errorf("missing core: %+v, %v; want a zero sample and ErrNoCore", s, err)
	}
	if _, err := ReadCore(t.TempDir(), 0); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("no stat file: err = %v", err)
	}
	if _, err := ReadCore(DefaultProcRoot, 0); err != nil {
		t.Logf("no /proc/stat here: %v", err)
	}
}

func TestFindKsoftirqd(t *testing.T) {
	if pid := findKsoftirqd("testdata/proc", 0); pid != 14 {
		t.Errorf("ksoftirqd/0 = pid %d, want 14", pid)
	}
	if pid := findKsoftirqd("testdata/proc", 1); pid != 0 {
		t.Errorf("ksoftirqd/1 = pid %d, want 0 (not in the fixture)", pid)
	}
	if pid := findKsoftirqd("testdata/nowhere", 0); pid != 0 {
		t.Errorf("no proc: pid %d", pid)
	}
	if cpu, err := readTaskCPU("testdata/proc", 14); err != nil || cpu != 20630*time.Millisecond {
		t.Errorf("ksoftirqd/0 cpu = %v, %v; want 20.63s", cpu, err)
	}
	if _, err := readTaskCPU("testdata/proc", 77); !errors.Is(err, ErrProcFormat) {
		t.Errorf("short stat: err = %v", err)
	}
}

func TestSampledCore(t *testing.T) {
	for _, tc := range []struct {
		sample bool
		core   int
		want   int
		err    error
	}{
		{false, 5, noCore, nil},
		{true, 0, 0, nil},
		{true, 1, 1, nil},
		{true, 2, noCore, ErrNoCore},
		{true, -1, noCore, ErrNoCore},
	} {
		got, err := sampledCore("testdata/proc", tc.sample, tc.core)
		if got != tc.want || !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
			t.Errorf("sampledCore(%v, %d) = %d, %v; want %d, %v", tc.sample, tc.core, got, err, tc.want, tc.err)
		}
	}
}

// writeStat writes a /proc/stat with cpu0 idle and cpu1 at the given
// user, system and softirq ticks, and the stat of ksoftirqd/1 (pid 22)
// with ksoft ticks of system time.
func writeStat(t *testing.T, root string, user, system, softirq, ksoft int) {
	t.Helper()
	stat := "cpu  0 0 0 0 0 0 0 0 0 0\ncpu0 5 0 5 900 0 0 0 0 0 0\n" +
		"cpu1 " + strconv.Itoa(user) + " 0 " + strconv.Itoa(system) + " 1000 50 0 " + strconv.Itoa(softirq) + " 0 0 0\n"
	if err := os.WriteFile(filepath.Join(root, "stat"), []byte(stat), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "22"), 0o755); err != nil {
		t.Fatal(err)
	}
	task := "22 (ksoftirqd/1) S 2 0 0 0 -1 69238848 0 0 0 0 0 " + strconv.Itoa(ksoft) + " 0 0 20 0 1 0 4 0 0\n"
	for name, b := range map[string]string{"comm": "ksoftirqd/1\n", "stat": task} {
		if err := os.WriteFile(filepath.Join(root, "22", name), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSamplerCore(t *testing.T) {
	root := t.TempDir()
	writeStat(t, root, 1000, 500, 100, 7)
	s := newSampler(root, 0, 1, time.Hour)
	before := time.Now()
	s.markWindow()
	// 30 + 20 + 50 ticks busy, 50 of them softirq, 20 in ksoftirqd, in at
	// least 200 ms.
	writeStat(t, root, 1030, 520, 150, 27)
	const pause = 200 * time.Millisecond
	time.Sleep(pause)
	c := s.finish(10)
	elapsed := time.Since(before)
	busy := (100 * 10 * time.Millisecond).Seconds()
	if c.Core != 1 || c.PID != 0 || c.Err != "" {
		t.Fatalf("cost = %+v", c)
	}
	if lo, hi := busy/elapsed.Seconds(), busy/pause.Seconds(); c.CoreBusyPerSec < lo || c.CoreBusyPerSec > hi {
		t.Errorf("core busy %.3f s/s, want between %.3f and %.3f", c.CoreBusyPerSec, lo, hi)
	}
	if r := c.CoreSoftirqPerSec / c.CoreBusyPerSec; r < 0.499 || r > 0.501 {
		t.Errorf("softirq %.3f s/s of busy %.3f s/s, want half", c.CoreSoftirqPerSec, c.CoreBusyPerSec)
	}
	if r := c.CoreKsoftirqdPerSec / c.CoreBusyPerSec; r < 0.199 || r > 0.201 {
		t.Errorf("ksoftirqd %.3f s/s of busy %.3f s/s, want a fifth", c.CoreKsoftirqdPerSec, c.CoreBusyPerSec)
	}

	// The stat file disappearing mid-window is a sampling error, not a
	// bogus rate.
	writeStat(t, root, 1000, 500, 100, 7)
	s = newSampler(root, 0, 1, time.Hour)
	s.markWindow()
	os.Remove(filepath.Join(root, "stat"))
	c = s.finish(10)
	if c.Err == "" || c.CoreBusyPerSec != 0 {
		t.Errorf("cost with a vanished stat: %+v", c)
	}

	// Without a core, the cost says so.
	if c := newSampler(root, 0, noCore, time.Hour).finish(1); c.Core != noCore || c.CoreBusyPerSec != 0 {
		t.Errorf("cost without a core: %+v", c)
	}
}

func TestSamplerProcessAndCore(t *testing.T) {
	// The fixture's process (4242) and cores, sampled together.
	s := newSampler("testdata/proc", 4242, 0, time.Hour)
	s.markWindow()
	c := s.finish(100)
	if c.PID != 4242 || c.Core != 0 || c.Err != "" || c.Samples != 3 || c.RSSPeak != 121000<<10 {
		t.Errorf("cost = %+v", c)
	}
	// Unchanging files: no CPU used.
	if c.CPUPerSec != 0 || c.CoreBusyPerSec != 0 {
		t.Errorf("cpu %v, core %v from unchanging files", c.CPUPerSec, c.CoreBusyPerSec)
	}
}

func TestBenchesRejectMissingCore(t *testing.T) {
	// Before any connection is opened: the URL's port is never dialled.
	_, err := PlayBench(context.Background(), PlayConfig{URL: "rtmp://127.0.0.1:1/live/x", SampleCore: true, CPUCore: 9, ProcRoot: "testdata/proc"})
	if !errors.Is(err, ErrNoCore) {
		t.Errorf("PlayBench with core 9 of 2: err = %v, want ErrNoCore", err)
	}
	_, err = PublishBench(context.Background(), PublishConfig{URL: "rtmp://127.0.0.1:1/live/x", SampleCore: true, CPUCore: 2, ProcRoot: "testdata/proc"})
	if !errors.Is(err, ErrNoCore) {
		t.Errorf("PublishBench with core 2 of 2: err = %v, want ErrNoCore", err)
	}
}
