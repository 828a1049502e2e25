package loadgen

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// ErrNoCore is returned by ReadCore for a core that /proc/stat does not list.
var ErrNoCore = errors.New("loadgen: no such CPU core")

// CoreSample is one reading of a CPU core's accumulated time from
// /proc/stat.
//
// A server's own CPU time (/proc/PID/stat) misses part of what serving
// costs: on loopback much of a sender's TCP work runs in softirq context,
// and under a high packet rate the kernel defers it to ksoftirqd, a thread
// of its own whose time is not charged to the server. With the server
// pinned to a core, that core's busy time is the honest measure.
type CoreSample struct {
	At time.Time // when the sample was taken
	// Busy is user + nice + system + irq + softirq + steal: every state
	// but idle and iowait (guest time is already inside user).
	Busy time.Duration
	// Softirq is the softirq part of Busy. Where the kernel accounts
	// interrupt time precisely (CONFIG_IRQ_TIME_ACCOUNTING), the softirq
	// work done by ksoftirqd is charged to that thread as system time, not
	// here: see ServerCost.CoreKsoftirqdPerSec.
	Softirq time.Duration
}

// ReadCore samples CPU core core from the stat file of the proc file
// system mounted at root (DefaultProcRoot on a real system; tests pass a
// directory with a fake stat). It returns an error wrapping ErrNoCore if
// the file has no cpuN line for the core. On error the sample is zero.
func ReadCore(root string, core int) (CoreSample, error) {
	at := time.Now()
	b, err := os.ReadFile(filepath.Join(root, "stat"))
	if err != nil {
		return CoreSample{}, err
	}
	busy, softirq, err := parseCoreStat(b, core)
	if err != nil {
		return CoreSample{}, err
	}
	return CoreSample{At: at, Busy: busy, Softirq: softirq}, nil
}

// /proc/stat cpuN columns (proc(5)), counted from the first number.
const (
	colUser = iota
	colNice
	colSystem
	colIdle
	colIOWait
	colIRQ
	colSoftirq
	colSteal // since Linux 2.6.11; 0 when absent
	statCols
)

// parseCoreStat returns the busy and softirq time of core from the contents
// of /proc/stat.
func parseCoreStat(b []byte, core int) (busy, softirq time.Duration, err error) {
	if core < 0 {
		return 0, 0, fmt.Errorf("%w: %d", ErrNoCore, core)
	}
	name := "cpu" + strconv.Itoa(core)
	var cores []string
	for line := range bytes.Lines(b) {
		f := bytes.Fields(line)
		if len(f) == 0 || !bytes.HasPrefix(f[0], []byte("cpu")) {
			continue
		}
		if string(f[0]) != name {
			if len(f[0]) > 3 {
				cores = append(cores, string(f[0][3:]))
			}
			continue
		}
		f = f[1:]
		if len(f) < colSteal {
			return 0, 0, fmt.Errorf("%w: stat %s line has %d values", ErrProcFormat, name, len(f))
		}
		var v [statCols]uint64
		for i := range min(len(f), statCols) {
			n, err := strconv.ParseUint(string(f[i]), 10, 64)
			if err != nil || n > maxTicks {
				return 0, 0, fmt.Errorf("%w: stat %s value %q", ErrProcFormat, name, f[i])
			}
			v[i] = n
		}
		ticks := v[colUser] + v[colNice] + v[colSystem] + v[colIRQ] + v[colSoftirq] + v[colSteal]
		return tickDuration(ticks), tickDuration(v[colSoftirq]), nil
	}
	return 0, 0, fmt.Errorf("%w: no %s in stat (cores listed: %v)", ErrNoCore, name, cores)
}

// tickDuration converts USER_HZ ticks to a duration.
func tickDuration(n uint64) time.Duration { return time.Duration(n) * (time.Second / ClockTicks) }

// findKsoftirqd returns the process id of the kernel thread that runs
// core's deferred softirq work (comm "ksoftirqd/N"), or 0 if none is found
// under root.
func findKsoftirqd(root string, core int) int {
	entries, err := os.ReadDir(root)
	if err != nil {
		return 0
	}
	want := "ksoftirqd/" + strconv.Itoa(core)
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid <= 0 {
			continue
		}
		comm, err := os.ReadFile(filepath.Join(root, e.Name(), "comm"))
		if err == nil && string(bytes.TrimSpace(comm)) == want {
			return pid
		}
	}
	return 0
}

// readTaskCPU returns the CPU time (utime + stime) of process pid from its
// stat file alone: kernel threads have no VmRSS for ReadProc.
func readTaskCPU(root string, pid int) (time.Duration, error) {
	b, err := os.ReadFile(filepath.Join(root, strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, err
	}
	cpu, _, err := parseStatCPU(b)
	return cpu, err
}
