package loadgen

import (
	"fmt"
	"sync"
	"time"
)

// ServerCost is what a server process spent during a measurement window,
// from /proc samples.
type ServerCost struct {
	PID        int     `json:"pid"`
	CPUSeconds float64 `json:"cpu_seconds"`  // CPU time used during the window
	CPUPerSec  float64 `json:"cpu_s_per_s"`  // CPUSeconds / window length
	SysPerSec  float64 `json:"sys_s_per_s"`  // the kernel (system time) part of CPUPerSec
	RSSBase    int64   `json:"rss_base"`     // bytes, before the load started
	RSSPeak    int64   `json:"rss_peak"`     // bytes, largest sample up to the window's end
	RSSPerConn float64 `json:"rss_per_conn"` // (RSSPeak − RSSBase) / connections
	// ReadsPerSec and WritesPerSec are the server's read(v) and write(v)
	// system calls per second during the window (see ProcSample.ReadCalls:
	// socket send/recv calls are not included).
	ReadsPerSec  float64 `json:"reads_per_s"`
	WritesPerSec float64 `json:"writes_per_s"`
	// Core is the CPU core whose busy time was sampled (the one the server
	// is pinned to), -1 if none; see CoreSample for why it is measured.
	Core int `json:"core"`
	// CoreBusyPerSec is the core's busy time per second of the window, in
	// any process or in interrupt context; CoreSoftirqPerSec is its softirq
	// part.
	CoreBusyPerSec    float64 `json:"core_s_per_s"`
	CoreSoftirqPerSec float64 `json:"core_softirq_s_per_s"`
	// CoreKsoftirqdPerSec is the CPU time per second of the core's
	// ksoftirqd thread: softirq work deferred out of the server's system
	// calls and charged to neither the server process nor, with precise
	// interrupt accounting, the core's softirq time. Busy time not in the
	// server, ksoftirqd or softirq is other processes on the core.
	CoreKsoftirqdPerSec float64 `json:"core_ksoftirqd_s_per_s"`
	Samples             int     `json:"samples"`       // number of readings taken
	Err                 string  `json:"err,omitempty"` // the first sampling error, if any
}

// sampler reads a process's /proc entries: once as a baseline, at the start
// and end of the window, and every interval in between for the peak RSS.
// It also reads a CPU core's times from /proc/stat at the start and end of
// the window.
type sampler struct {
	root     string
	pid      int
	core     int // -1: none
	interval time.Duration

	mu          sync.Mutex
	base, start ProcSample
	last        ProcSample
	coreStart   CoreSample
	ksoftirqd   int           // pid of the core's ksoftirqd, 0 if not found
	ksoftStart  time.Duration // its CPU time at the window's start
	peak        int64
	n           int
	err         error
	stop        chan struct{}
	done        chan struct{}
}

// noCore is the sampler's core when no core is sampled.
const noCore = -1

// sampledCore returns the core the sampler samples for a config's
// SampleCore and CPUCore (noCore when SampleCore is false), or an error if
// that core is not listed in root/stat: a bench must not run for minutes to
// report nothing.
func sampledCore(root string, sample bool, core int) (int, error) {
	if !sample {
		return noCore, nil
	}
	if _, err := ReadCore(root, core); err != nil {
		return noCore, fmt.Errorf("cpu core %d: %w", core, err)
	}
	return core, nil
}

// newSampler takes the baseline sample and starts sampling every interval.
// A pid of 0 samples no process and a core of noCore no core; with
// neither, the sampler records nothing.
func newSampler(root string, pid, core int, interval time.Duration) *sampler {
	s := &sampler{root: root, pid: pid, core: core, interval: interval, stop: make(chan struct{}), done: make(chan struct{})}
	if core != noCore {
		s.ksoftirqd = findKsoftirqd(root, core)
	}
	if pid == 0 {
		close(s.done)
		return s
	}
	s.base = s.sample()
	go s.loop()
	return s
}

// sampleKsoftirqd returns the CPU time of the core's ksoftirqd so far, 0
// if it was not found. An error is not recorded: the thread is optional.
func (s *sampler) sampleKsoftirqd() time.Duration {
	if s.ksoftirqd == 0 {
		return 0
	}
	cpu, _ := readTaskCPU(s.root, s.ksoftirqd)
	return cpu
}

// sampleCore reads the core, recording the first error.
func (s *sampler) sampleCore() CoreSample {
	c, err := ReadCore(s.root, s.core)
	if err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
	}
	return c
}

func (s *sampler) sample() ProcSample {
	p, err := ReadProc(s.root, s.pid)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		if s.err == nil {
			s.err = err
		}
		return p
	}
	s.n++
	s.last = p
	s.peak = max(s.peak, p.RSS)
	return p
}

func (s *sampler) loop() {
	defer close(s.done)
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.sample()
		}
	}
}

// markWindow records the start of the measurement window.
func (s *sampler) markWindow() {
	if s.core != noCore {
		s.coreStart = s.sampleCore()
		s.ksoftStart = s.sampleKsoftirqd()
	}
	if s.pid != 0 {
		s.start = s.sample()
	}
}

// finish takes the end-of-window sample, stops sampling and returns the cost
// for conns connections.
func (s *sampler) finish(conns int) ServerCost {
	c := ServerCost{Core: s.core}
	if s.core != noCore {
		end := s.sampleCore()
		ksoft := s.sampleKsoftirqd()
		if !s.coreStart.At.IsZero() && !end.At.IsZero() && end.At.After(s.coreStart.At) {
			secs := end.At.Sub(s.coreStart.At).Seconds()
			c.CoreBusyPerSec = (end.Busy - s.coreStart.Busy).Seconds() / secs
			c.CoreSoftirqPerSec = (end.Softirq - s.coreStart.Softirq).Seconds() / secs
			c.CoreKsoftirqdPerSec = max(0, ksoft-s.ksoftStart).Seconds() / secs
		}
	}
	if s.pid == 0 {
		if s.err != nil {
			c.Err = s.err.Error()
		}
		return c
	}
	end := s.sample()
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	c.PID, c.RSSBase, c.RSSPeak, c.Samples = s.pid, s.base.RSS, s.peak, s.n
	if s.err != nil {
		c.Err = s.err.Error()
	}
	if !s.start.At.IsZero() && end.At.After(s.start.At) {
		c.CPUSeconds = (end.CPU - s.start.CPU).Seconds()
		secs := end.At.Sub(s.start.At).Seconds()
		c.CPUPerSec = c.CPUSeconds / secs
		c.SysPerSec = (end.Sys - s.start.Sys).Seconds() / secs
		c.ReadsPerSec = float64(end.ReadCalls-s.start.ReadCalls) / secs
		c.WritesPerSec = float64(end.WriteCalls-s.start.WriteCalls) / secs
	}
	if conns > 0 && c.RSSPeak > 0 {
		c.RSSPerConn = float64(c.RSSPeak-c.RSSBase) / float64(conns)
	}
	return c
}
