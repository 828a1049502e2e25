//go:build linux && !386

package rtmp

import (
	"io"
	"net"
	"os"
	"syscall"
	"unsafe"
)

// rawReader reads a socket with read system calls made raw, waiting on the
// netpoller (and under the connection's read deadline) while nothing is
// there. A read of a nonblocking socket never blocks, and a read entered
// as a system call while the process was idle wakes sysmon from its deep
// sleep into polling every 20 µs for the next millisecond or more: with a
// publisher's message arriving between flush ticks, that was 5 % of a
// 1,000-player fan-out's CPU (perf). See writev.
type rawReader struct {
	nc net.Conn
	rc syscall.RawConn
}

// newRawReader returns a rawReader for nc, or nil if nc has no raw socket.
func newRawReader(nc net.Conn) *rawReader {
	if rc := rawConnOf(nc); rc != nil {
		return &rawReader{nc: nc, rc: rc}
	}
	return nil
}

// Read implements io.Reader with net.Conn's errors: io.EOF at the end, an
// *net.OpError otherwise.
func (r *rawReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	var errno syscall.Errno
	err := r.rc.Read(func(fd uintptr) bool {
		for {
			m, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
			switch e {
			case syscall.EINTR:
				continue
			case syscall.EAGAIN:
				return false // wait until readable
			}
			n, errno = int(m), e
			return true
		}
	})
	if err == nil && errno != 0 {
		err = os.NewSyscallError("read", errno)
	}
	if err != nil {
		return 0, &net.OpError{Op: "read", Net: r.nc.LocalAddr().Network(), Source: r.nc.LocalAddr(), Addr: r.nc.RemoteAddr(), Err: err}
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}
