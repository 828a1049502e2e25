package chunk

import (
	"math/bits"
	"sync"
)

// Pooled payload buffers come in power-of-two size classes from 1<<minClassShift
// to 1<<maxClassShift bytes, which covers every message length (24-bit field).
const (
	minClassShift = 8
	maxClassShift = 24
	numClasses    = maxClassShift - minClassShift + 1
)

var pools [numClasses]sync.Pool

// Buffer is a payload buffer taken from a package-wide pool of size classes.
// Its owner calls Release exactly once when done; after Release neither the
// Buffer nor any slice of Bytes may be used. A nil *Buffer is valid: Bytes
// returns nil and Release does nothing.
type Buffer struct {
	b     []byte
	class int8 // index into pools, -1 if not pooled
}

// Bytes returns the buffer's contents.
func (b *Buffer) Bytes() []byte {
	if b == nil {
		return nil
	}
	return b.b
}

// Release returns the buffer to its pool.
func (b *Buffer) Release() {
	if b == nil || b.class < 0 {
		return
	}
	b.b = b.b[:0]
	pools[b.class].Put(b)
}

// GetBuffer returns a Buffer of length n from the pool (its capacity is the
// size class, at least n). Contents are not zeroed.
func GetBuffer(n int) *Buffer {
	b := getBuffer(n)
	b.b = b.b[:n]
	return b
}

// classFor returns the size class holding n bytes, or -1 if n is too large.
func classFor(n int) int {
	if n <= 1<<minClassShift {
		return 0
	}
	c := bits.Len(uint(n-1)) - minClassShift
	if c >= numClasses {
		return -1
	}
	return c
}

// classCap returns the capacity getBuffer(n) provides.
func classCap(n int) int {
	c := classFor(n)
	if c < 0 {
		return n
	}
	return 1 << (c + minClassShift)
}

// getBuffer returns an empty buffer with capacity at least n.
func getBuffer(n int) *Buffer {
	c := classFor(n)
	if c < 0 {
		return &Buffer{b: make([]byte, 0, n), class: -1}
	}
	if v := pools[c].Get(); v != nil {
		return v.(*Buffer)
	}
	return &Buffer{b: make([]byte, 0, 1<<(c+minClassShift)), class: int8(c)}
}
