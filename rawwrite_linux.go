//go:build linux

package rtmp

import (
	"net"
	"syscall"
	"unsafe"
)

// iovMax is the most slices one writev takes (IOV_MAX).
const iovMax = 1024

// iovScratch is the iovec array a flush shard reuses.
type iovScratch = []syscall.Iovec

// rawConnOf returns the socket of a plain TCP or Unix connection for
// nonblocking writes, or nil (flush mode is then not used).
func rawConnOf(nc net.Conn) syscall.RawConn {
	var sc syscall.Conn
	switch c := nc.(type) {
	case *net.TCPConn:
		sc = c
	case *net.UnixConn:
		sc = c
	default:
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return rc
}

// writevNonblock writes as much of bufs as the socket takes without
// waiting and returns the number of bytes written; a full socket buffer is
// not an error. iov is the caller's scratch array.
func writevNonblock(rc syscall.RawConn, iov *iovScratch, bufs [][]byte) (int, error) {
	total := 0
	for len(bufs) > 0 {
		v, want, k := (*iov)[:0], 0, 0
		for ; k < len(bufs) && len(v) < iovMax; k++ {
			if b := bufs[k]; len(b) > 0 {
				v = append(v, syscall.Iovec{Base: &b[0]})
				v[len(v)-1].SetLen(len(b))
				want += len(b)
			}
		}
		*iov = v
		if len(v) == 0 {
			break
		}
		var (
			n     int
			errno syscall.Errno
		)
		err := rc.Write(func(fd uintptr) bool {
			for {
				r, _, e := syscall.Syscall(syscall.SYS_WRITEV, fd, uintptr(unsafe.Pointer(&v[0])), uintptr(len(v)))
				if e == syscall.EINTR {
					continue
				}
				n, errno = int(r), e
				return true
			}
		})
		clear(v) // do not keep the payloads reachable
		switch {
		case err != nil:
			return total, err
		case errno == syscall.EAGAIN:
			return total, nil
		case errno != 0:
			return total, errno
		}
		total += n
		if n < want {
			return total, nil
		}
		bufs = bufs[k:]
	}
	return total, nil
}
