//go:build linux && !386

package rtmp

import (
	"syscall"
	"time"
)

// poller is a flush shard's epoll set of parked readers (see
// conn_park.go), with a goroutine that waits on it. Its fields are guarded
// by the shard's mu.
type poller struct {
	epfd  int // valid when open
	open  bool
	gen   int           // which wait loop is current
	slots []*ServerConn // epoll event data is an index here
	free  []int32
}

// pollWait bounds one wait of the loop, so a loop whose set was closed ends
// soon.
const pollWait = 500 // ms

// arm registers c's socket for one readable (or hang-up) event, creating
// the set and its wait loop on first use. The caller holds sh.mu.
func (p *poller) arm(sh *flushShard, c *ServerConn) error {
	if !p.open {
		fd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
		if err != nil {
			return err
		}
		p.epfd, p.open = fd, true
		p.gen++
		go p.loop(sh, fd, p.gen)
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

// loop waits for events on epfd and resumes their readers, until the set
// is closed (or replaced); it owns epfd and closes it.
func (p *poller) loop(sh *flushShard, epfd, gen int) {
	defer syscall.Close(epfd)
	events := make([]syscall.EpollEvent, 128)
	var ready []*ServerConn
	for {
		n, err := syscall.EpollWait(epfd, events, pollWait)
		if err != nil && err != syscall.EINTR {
			sh.log().Error("rtmp: epoll wait for parked readers", "err", err)
			n = 0
			time.Sleep(10 * time.Millisecond)
		}
		sh.mu.Lock()
		if !p.open || p.gen != gen {
			sh.mu.Unlock()
			return
		}
		for _, ev := range events[:max(n, 0)] {
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

// close ends the set: its loop closes the descriptor within pollWait. The
// caller holds the shard's mu.
func (p *poller) close() {
	p.open = false
	p.slots, p.free = nil, nil
}

// canPark reports whether readers can be parked here.
const canPark = true
