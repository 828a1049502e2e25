package loadgen

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// ClockTicks is the unit of the CPU times in /proc/PID/stat (USER_HZ, which
// Linux fixes at 100 for user space on every architecture).
const ClockTicks = 100

// DefaultProcRoot is where ReadProc finds process information.
const DefaultProcRoot = "/proc"

// maxTicks bounds a CPU time field (about 21 years at 100 Hz), so the sum
// of two converts to a time.Duration without overflow.
const maxTicks = 1 << 36

// ErrProcFormat is returned for a /proc file that does not parse.
var ErrProcFormat = errors.New("loadgen: unexpected /proc format")

// ProcSample is one reading of a process's resource use.
type ProcSample struct {
	At  time.Time     // when the sample was taken
	CPU time.Duration // user + system CPU time consumed so far
	Sys time.Duration // the system (kernel) part of CPU
	RSS int64         // resident set size in bytes
	// ReadCalls and WriteCalls count the read(v) and write(v) system calls
	// from /proc/PID/io (syscr, syscw); 0 when that file is not readable.
	// Socket calls (recv, send, sendmsg...) are not counted there, so
	// compare servers with perf stat instead (scripts/bench-compare.sh).
	ReadCalls, WriteCalls int64
}

// ReadProc samples process pid from the proc file system mounted at root
// (DefaultProcRoot on a real system; tests pass a directory of fake files):
// CPU time from stat fields 14 and 15 (utime, stime) and RSS from VmRSS in
// status.
func ReadProc(root string, pid int) (ProcSample, error) {
	s := ProcSample{At: time.Now()}
	dir := filepath.Join(root, strconv.Itoa(pid))
	stat, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return s, err
	}
	if s.CPU, s.Sys, err = parseStatCPU(stat); err != nil {
		return s, err
	}
	status, err := os.ReadFile(filepath.Join(dir, "status"))
	if err != nil {
		return s, err
	}
	if s.RSS, err = parseStatusRSS(status); err != nil {
		return s, err
	}
	// io needs ptrace access to the process; its absence is not an error.
	if io, err := os.ReadFile(filepath.Join(dir, "io")); err == nil {
		s.ReadCalls, s.WriteCalls = parseIOCalls(io)
	}
	return s, nil
}

// parseIOCalls returns syscr and syscw from the contents of /proc/PID/io
// (0 for a missing or malformed field).
func parseIOCalls(b []byte) (reads, writes int64) {
	for line := range bytes.Lines(b) {
		k, v, ok := bytes.Cut(bytes.TrimSpace(line), []byte(":"))
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(string(bytes.TrimSpace(v)), 10, 64)
		if err != nil {
			continue
		}
		switch string(k) {
		case "syscr":
			reads = n
		case "syscw":
			writes = n
		}
	}
	return reads, writes
}

// parseStatCPU returns utime+stime and stime from the contents of
// /proc/PID/stat. The
// command name (field 2) is in parentheses and may contain spaces and
// parentheses, so fields are counted after the last ')'.
func parseStatCPU(b []byte) (total, sys time.Duration, err error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, fmt.Errorf("%w: stat has no command name", ErrProcFormat)
	}
	f := bytes.Fields(b[i+1:])
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	const utime = 14 - 3
	if len(f) <= utime+1 {
		return 0, 0, fmt.Errorf("%w: stat has %d fields", ErrProcFormat, len(f)+2)
	}
	var ticks [2]uint64
	for j, field := range f[utime : utime+2] {
		v, err := strconv.ParseUint(string(field), 10, 64)
		if err != nil || v > maxTicks {
			return 0, 0, fmt.Errorf("%w: stat cpu field %q", ErrProcFormat, field)
		}
		ticks[j] = v
	}
	tick := func(n uint64) time.Duration { return time.Duration(n) * (time.Second / ClockTicks) }
	return tick(ticks[0] + ticks[1]), tick(ticks[1]), nil
}

// parseStatusRSS returns VmRSS in bytes from the contents of /proc/PID/status.
func parseStatusRSS(b []byte) (int64, error) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Bytes()
		rest, ok := bytes.CutPrefix(line, []byte("VmRSS:"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) != 2 || string(f[1]) != "kB" {
			return 0, fmt.Errorf("%w: VmRSS line %q", ErrProcFormat, line)
		}
		kb, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil || kb < 0 || kb > 1<<50 {
			return 0, fmt.Errorf("%w: VmRSS line %q", ErrProcFormat, line)
		}
		return kb << 10, nil
	}
	return 0, fmt.Errorf("%w: status has no VmRSS", ErrProcFormat)
}
