//go:build unix

package hub

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system) the process has used, which
// unlike wall time is not inflated by other processes on a busy machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
