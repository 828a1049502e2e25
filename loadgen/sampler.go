package loadgen

import (
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
	Samples      int     `json:"samples"`       // number of readings taken
	Err          string  `json:"err,omitempty"` // the first sampling error, if any
}

// sampler reads a process's /proc entries: once as a baseline, at the start
// and end of the window, and every interval in between for the peak RSS.
type sampler struct {
	root     string
	pid      int
	interval time.Duration

	mu          sync.Mutex
	base, start ProcSample
	last        ProcSample
	peak        int64
	n           int
	err         error
	stop        chan struct{}
	done        chan struct{}
}

// newSampler takes the baseline sample and starts sampling every interval.
// A pid of 0 gives a sampler that records nothing.
func newSampler(root string, pid int, interval time.Duration) *sampler {
	s := &sampler{root: root, pid: pid, interval: interval, stop: make(chan struct{}), done: make(chan struct{})}
	if pid == 0 {
		close(s.done)
		return s
	}
	s.base = s.sample()
	go s.loop()
	return s
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
	if s.pid != 0 {
		s.start = s.sample()
	}
}

// finish takes the end-of-window sample, stops sampling and returns the cost
// for conns connections.
func (s *sampler) finish(conns int) ServerCost {
	if s.pid == 0 {
		return ServerCost{}
	}
	end := s.sample()
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	c := ServerCost{PID: s.pid, RSSBase: s.base.RSS, RSSPeak: s.peak, Samples: s.n}
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
