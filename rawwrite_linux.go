//go:build linux && !386

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

// fillIovecs sets *iov to the non-empty slices at the start of bufs (at
// most iovMax) and returns how many of bufs it covered and their bytes.
func fillIovecs(iov *iovScratch, bufs [][]byte) (k, want int) {
	v := (*iov)[:0]
	for ; k < len(bufs) && len(v) < iovMax; k++ {
		if b := bufs[k]; len(b) > 0 {
			v = append(v, syscall.Iovec{Base: &b[0]})
			v[len(v)-1].SetLen(len(b))
			want += len(b)
		}
	}
	*iov = v
	return k, want
}

// writev writes the iovecs with one sendmsg system call (retried on
// EINTR). sendmsg, unlike writev, skips the file layer (the position lock
// and iovec import of vfs_writev: a few percent of a fan-out's CPU), and
// MSG_NOSIGNAL spares a signal on a reset connection.
//
// It is a raw system call (no entersyscall/exitsyscall): with MSG_DONTWAIT
// on a nonblocking socket it never blocks, and the runtime's view of a
// goroutine in a system call costs more than that bookkeeping. A flush
// tick makes a thousand sends of ~10 µs back to back; seen as system
// calls, some outlast a sysmon tick, so sysmon takes the P away, starts a
// thread to look for work and keeps polling every 20 µs instead of backing
// off: 7 % of the server's CPU went to sysmon's sleeps and those thread
// switches (perf, 1,000 players on one core).
func writev(fd uintptr, v []syscall.Iovec) (int, syscall.Errno) {
	msg := syscall.Msghdr{Iov: &v[0]}
	// Iovlen is a size_t: uint64 or uint32 with the word size.
	*(*uintptr)(unsafe.Pointer(&msg.Iovlen)) = uintptr(len(v))
	for {
		r, _, e := syscall.RawSyscall(syscall.SYS_SENDMSG, fd, uintptr(unsafe.Pointer(&msg)), syscall.MSG_DONTWAIT|syscall.MSG_NOSIGNAL)
		if e != syscall.EINTR {
			if e != 0 {
				return 0, e
			}
			return int(r), 0
		}
	}
}

// writevNonblock writes as much of bufs as the socket takes without
// waiting and returns the number of bytes written; a full socket buffer is
// not an error. iov is the caller's scratch array.
func writevNonblock(rc syscall.RawConn, iov *iovScratch, bufs [][]byte) (int, error) {
	defer clear(*iov) // do not keep the payloads reachable
	total := 0
	for len(bufs) > 0 {
		k, want := fillIovecs(iov, bufs)
		if want == 0 {
			break
		}
		var (
			n     int
			errno syscall.Errno
		)
		err := rc.Write(func(fd uintptr) bool {
			n, errno = writev(fd, *iov)
			return true
		})
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

// writevBlocking writes all of bufs, waiting while the socket is full (under
// the connection's write deadline). It may shorten slices of bufs in place.
// Unlike net.Buffers, it keeps no iovec array per connection.
func writevBlocking(rc syscall.RawConn, iov *iovScratch, bufs [][]byte) error {
	defer clear(*iov)
	var werr error
	err := rc.Write(func(fd uintptr) bool {
		for len(bufs) > 0 {
			_, want := fillIovecs(iov, bufs)
			if want == 0 {
				return true
			}
			n, errno := writev(fd, *iov)
			switch {
			case errno == syscall.EAGAIN:
				return false // wait until writable, then again
			case errno != 0:
				werr = errno
				return true
			}
			bufs = skipBytes(bufs, n)
		}
		return true
	})
	if err != nil {
		return err
	}
	return werr
}
