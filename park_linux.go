//go:build linux && !386

package rtmp

import (
	"os"
	"syscall"
	"time"
)

// poller is a flush shard's epoll set of parked readers (see
// conn_park.go), with a goroutine that waits on it. Its fields are guarded
// by the shard's mu.
//
// The goroutine does not block in epoll_wait: the set's descriptor is
// itself registered with Go's network poller (an epoll descriptor is
// readable while events are ready), and the goroutine collects events with
// a zero timeout when it is. A goroutine blocked in a system call holds its
// P until sysmon takes it away, and each such retake kept sysmon polling
// every 20 µs.
type poller struct {
	f     *os.File // the epoll set; valid when open
	epfd  int      // f's descriptor
	open  bool
	slots []*ServerConn // epoll event data is an index here
	free  []int32
}

// arm registers c's socket for one readable (or hang-up) event, creating
// the set and its wait loop on first use. The caller holds sh.mu.
func (p *poller) arm(sh *flushShard, c *ServerConn) error {
	if !p.open {
		if err := p.start(sh); err != nil {
			return err
		}
	}
	op := syscall.EPOLL_CTL_MOD
	if c.park.slot < 0 {
		var i int32
		if n := len(p.free); n > 0 {
			i, p.free = p.free[n-1], p.free[:n-1]
		} else {
			i = int32(len(p.slots))
			p.slots = append(p.slots, nil)
		}
		p.slots[i] = c
		c.park.slot = i
		op = syscall.EPOLL_CTL_ADD
	}
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLRDHUP | syscall.EPOLLONESHOT, Fd: c.park.slot}
	var cerr error
	err := c.w.rc.Control(func(fd uintptr) {
		cerr = syscall.EpollCtl(p.epfd, op, int(fd), &ev)
	})
	if err != nil {
		return err
	}
	return cerr
}

// forget drops c's slot (its socket leaves the epoll set when it is
// closed). The caller holds the shard's mu.
func (p *poller) forget(c *ServerConn) {
	if i := c.park.slot; i >= 0 {
		if int(i) < len(p.slots) && p.slots[i] == c {
			p.slots[i] = nil
			p.free = append(p.free, i)
		}
		c.park.slot = -1
	}
}

// start creates the epoll set and its goroutine. The caller holds sh.mu.
func (p *poller) start(sh *flushShard) error {
	fd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return err
	}
	// Nonblocking, so that os.NewFile registers it with the netpoller.
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return err
	}
	f := os.NewFile(uintptr(fd), "rtmp parked readers")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return err
	}
	p.f, p.epfd, p.open = f, fd, true
	go p.loop(sh, f, rc)
	return nil
}

// loop collects the set's events whenever the netpoller finds it readable
// and resumes their readers, until the set is closed.
func (p *poller) loop(sh *flushShard, f *os.File, rc syscall.RawConn) {
	events := make([]syscall.EpollEvent, 128)
	var ready []*ServerConn
	for {
		var n int
		var werr error
		// Events are taken until none is left before waiting: the
		// netpoller watches the set edge-triggered.
		err := rc.Read(func(fd uintptr) bool {
			n, werr = syscall.EpollWait(int(fd), events, 0)
			if werr == syscall.EINTR {
				n, werr = 0, nil
			}
			return n > 0 || werr != nil
		})
		if err != nil {
			return // closed
		}
		if werr != nil {
			sh.log().Error("rtmp: epoll wait for parked readers", "err", werr)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		sh.mu.Lock()
		if !p.open || p.f != f {
			sh.mu.Unlock()
			return
		}
		for _, ev := range events[:n] {
			if i := ev.Fd; i >= 0 && int(i) < len(p.slots) && p.slots[i] != nil {
				ready = append(ready, p.slots[i])
			}
		}
		sh.mu.Unlock()
		for _, c := range ready {
			c.resumeReader(nil)
		}
		clear(ready)
		ready = ready[:0]
	}
}

// close ends the set: closing its descriptor ends the loop's wait. The
// caller holds the shard's mu.
func (p *poller) close() {
	if p.open {
		p.f.Close()
	}
	p.f, p.open = nil, false
	p.slots, p.free = nil, nil
}

// canPark reports whether readers can be parked here.
const canPark = true
