//go:build !linux || 386

package rtmp

import (
	"errors"
	"net"
	"syscall"
)

// rawConnOf returns nil: flush mode's nonblocking writes are implemented
// for Linux only (not on 386, which has no sendmsg system call), so
// elsewhere every connection has its writer goroutine.
func rawConnOf(net.Conn) syscall.RawConn { return nil }

// iovScratch is unused outside Linux.
type iovScratch struct{}

func writevNonblock(syscall.RawConn, *iovScratch, [][]byte) (int, error) {
	return 0, errors.ErrUnsupported
}

func writevBlocking(syscall.RawConn, *iovScratch, [][]byte) error {
	return errors.ErrUnsupported
}
