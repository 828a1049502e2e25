package loadgen

import (
	"errors"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		values []time.Duration
		want   Percentiles
	}{
		{"empty", nil, Percentiles{}},
		{"one", ms(7), Percentiles{7 * time.Millisecond, 7 * time.Millisecond, 7 * time.Millisecond}},
		{"unsorted ten", ms(10, 1, 9, 2, 8, 3, 7, 4, 6, 5), Percentiles{5 * time.Millisecond, 10 * time.Millisecond, 10 * time.Millisecond}},
		{"hundred", func() []time.Duration {
			v := make([]int, 100)
			for i := range v {
				v[i] = 100 - i
			}
			return ms(v...)
		}(), Percentiles{50 * time.Millisecond, 99 * time.Millisecond, 100 * time.Millisecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PercentilesOf(tc.values); got != tc.want {
				t.Errorf("PercentilesOf = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestHistogramBuckets(t *testing.T) {
	// Every value maps to a bucket whose middle is within 1/histSub of it,
	// and buckets are monotonic.
	prev := -1
	for v := uint64(0); v < 1<<22; v += 1 + v/97 {
		i := bucketOf(v)
		if i < prev {
			t.Fatalf("bucketOf(%d) = %d < bucketOf of a smaller value (%d)", v, i, prev)
		}
		prev = i
		mid := bucketMid(i)
		diff := float64(mid) - float64(v)
		if diff < 0 {
			diff = -diff
		}
		if v >= histExact && diff > float64(v)/histSub {
			t.Fatalf("value %d: bucket %d middle %d is off by more than 1/%d", v, i, mid, histSub)
		}
		if v < histExact && mid != v {
			t.Fatalf("small value %d: bucket middle %d, want exact", v, mid)
		}
	}
	if i := bucketOf(1 << 62); i != histBuckets-1 {
		t.Errorf("huge value bucket = %d, want the last (%d)", i, histBuckets-1)
	}
}

func TestHistogramQuantilesMatchExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var h, a, b Histogram
	values := make([]time.Duration, 20000)
	for i := range values {
		d := time.Duration(rng.ExpFloat64() * float64(3*time.Millisecond))
		values[i] = d
		h.Record(d)
		if i%2 == 0 {
			a.Record(d)
		} else {
			b.Record(d)
		}
	}
	a.Merge(&b)
	exact := PercentilesOf(values)
	for _, hh := range []*Histogram{&h, &a} {
		got := PercentilesOfHistogram(hh)
		for _, c := range []struct {
			name      string
			got, want time.Duration
		}{{"p50", got.P50, exact.P50}, {"p99", got.P99, exact.P99}} {
			if diff := float64(c.got - c.want); diff > float64(c.want)/histSub+1000 || -diff > float64(c.want)/histSub+1000 {
				t.Errorf("%s = %v, exact %v", c.name, c.got, c.want)
			}
		}
		if got.Max != exact.Max {
			t.Errorf("max = %v, want exact %v", got.Max, exact.Max)
		}
		if hh.Count() != uint64(len(values)) {
			t.Errorf("count = %d, want %d", hh.Count(), len(values))
		}
	}
	var empty Histogram
	empty.Record(-time.Second)
	if empty.Quantile(0.5) != 0 || empty.Max() != 0 {
		t.Errorf("negative value not recorded as zero: %v %v", empty.Quantile(0.5), empty.Max())
	}
}

func TestHistogramRecordDoesNotAllocate(t *testing.T) {
	var h Histogram
	if n := testing.AllocsPerRun(100, func() { h.Record(1234 * time.Microsecond) }); n != 0 {
		t.Errorf("Record allocates %v times", n)
	}
}

func TestExpectedFramesAndKeptUp(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fps      float64
		span     time.Duration // stream time from the first to the last message received
		got      int64
		lastLate time.Duration
		expected int64
		keptUp   bool
	}{
		{"all frames", 30, 10 * time.Second, 301, 10 * time.Millisecond, 301, true},
		{"95 percent", 30, 10 * time.Second, 286, 0, 301, true},
		{"94 percent", 30, 10 * time.Second, 282, 0, 301, false},
		{"gop burst extends span", 30, 12 * time.Second, 361, 0, 361, true},
		{"gop burst, frames missing", 30, 12 * time.Second, 301, 0, 361, false},
		{"frames in flight at the end", 30, 9800 * time.Millisecond, 295, 200 * time.Millisecond, 295, true},
		{"late by a second", 30, 10 * time.Second, 301, time.Second, 301, false},
		{"unknown fps, on time", 0, 10 * time.Second, 5, 0, 0, true},
		{"one frame", 30, 0, 1, 0, 1, true},
		{"nothing received", 30, 0, 0, 0, 1, false},
		{"timestamps went back", 30, -time.Second, 3, 0, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exp := ExpectedFrames(tc.fps, tc.span)
			if exp != tc.expected {
				t.Errorf("ExpectedFrames = %d, want %d", exp, tc.expected)
			}
			if got := KeptUp(tc.got, exp, tc.lastLate); got != tc.keptUp {
				t.Errorf("KeptUp(%d, %d, %v) = %v, want %v", tc.got, exp, tc.lastLate, got, tc.keptUp)
			}
		})
	}
}

func TestReadProc(t *testing.T) {
	s, err := ReadProc("testdata/proc", 4242)
	if err != nil {
		t.Fatal(err)
	}
	// utime 1234 + stime 567 ticks at 100 Hz; the command name contains
	// spaces and parentheses.
	if want := 18010 * time.Millisecond; s.CPU != want {
		t.Errorf("CPU = %v, want %v", s.CPU, want)
	}
	if want := 5670 * time.Millisecond; s.Sys != want {
		t.Errorf("Sys = %v, want %v", s.Sys, want)
	}
	if want := int64(121000 << 10); s.RSS != want {
		t.Errorf("RSS = %d, want %d", s.RSS, want)
	}
	if s.ReadCalls != 4321 || s.WriteCalls != 98765 {
		t.Errorf("io calls = %d, %d; want 4321, 98765", s.ReadCalls, s.WriteCalls)
	}
	if r, w := parseIOCalls([]byte("syscr: x\nsyscw 5\n")); r != 0 || w != 0 {
		t.Errorf("malformed io: %d, %d", r, w)
	}
	if _, err := ReadProc("testdata/proc", 77); !errors.Is(err, ErrProcFormat) {
		t.Errorf("short stat: err = %v, want ErrProcFormat", err)
	}
	if _, err := ReadProc("testdata/proc", 1); err == nil {
		t.Error("missing process: no error")
	}
	for _, bad := range []string{"", "VmRSS: 12 MB\n", "VmRSS: x kB\n", "Name: a\n"} {
		if _, err := parseStatusRSS([]byte(bad)); !errors.Is(err, ErrProcFormat) {
			t.Errorf("parseStatusRSS(%q) err = %v, want ErrProcFormat", bad, err)
		}
	}
	for _, bad := range []string{"no paren", "1 (a) S " + "1 2 3 4 5 6 7 8 9 10 x 12 13"} {
		if _, _, err := parseStatCPU([]byte(bad)); !errors.Is(err, ErrProcFormat) {
			t.Errorf("parseStatCPU(%q) err = %v, want ErrProcFormat", bad, err)
		}
	}
}

func TestReadProcSelf(t *testing.T) {
	s, err := ReadProc(DefaultProcRoot, os.Getpid())
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	if s.RSS < 1<<20 {
		t.Errorf("own RSS = %d bytes, implausibly small", s.RSS)
	}
}

func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Target
		ok   bool
	}{
		{"rtmp://127.0.0.1:1936/live/s1", Target{"127.0.0.1:1936", "live", "s1", "rtmp://127.0.0.1:1936/live"}, true},
		{"rtmp://host/app/a/b?key=1", Target{"host:1935", "app", "a/b?key=1", "rtmp://host/app"}, true},
		{"rtmp://host/app", Target{}, false},
		{"http://host/app/s", Target{}, false},
		{"rtmp:///app/s", Target{}, false},
	} {
		got, err := ParseTarget(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseTarget(%q) = %+v, %v; want %+v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
