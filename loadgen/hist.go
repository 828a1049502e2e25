package loadgen

import (
	"math"
	"math/bits"
	"time"
)

// Histogram geometry: values (microseconds) below histExact are counted
// exactly; above, each power of two is split into histSub buckets, so a
// reported percentile is within 1/histSub (about 6 %) of the true value.
const (
	histSubBits = 4
	histSub     = 1 << histSubBits
	histExact   = 2 * histSub
	histMaxBits = 40 // values up to 2^40 µs (12 days)
	histBuckets = histExact + (histMaxBits-histSubBits-1)*histSub
)

// Histogram counts durations in log-linear buckets of microseconds. Its zero
// value is empty and ready; Record does not allocate. It is not safe for
// concurrent use.
type Histogram struct {
	counts [histBuckets]uint32
	n      uint64
	max    time.Duration
}

// bucketOf returns the bucket index of v microseconds.
func bucketOf(v uint64) int {
	if v < histExact {
		return int(v)
	}
	e := bits.Len64(v) - 1 // v in [2^e, 2^(e+1)), e >= histSubBits+1
	sub := (v >> (e - histSubBits)) & (histSub - 1)
	i := histExact + (e-histSubBits-1)*histSub + int(sub)
	if i >= histBuckets {
		return histBuckets - 1
	}
	return i
}

// bucketMid returns the middle of bucket i in microseconds.
func bucketMid(i int) uint64 {
	if i < histExact {
		return uint64(i)
	}
	e := (i-histExact)/histSub + histSubBits + 1
	sub := uint64((i - histExact) % histSub)
	lo := (uint64(histSub) + sub) << (e - histSubBits)
	width := uint64(1) << (e - histSubBits)
	return lo + width/2
}

// Record counts d; negative durations count as zero.
func (h *Histogram) Record(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.counts[bucketOf(uint64(d/time.Microsecond))]++
	h.n++
	if d > h.max {
		h.max = d
	}
}

// Count returns the number of recorded values.
func (h *Histogram) Count() uint64 { return h.n }

// Max returns the largest recorded value (exact).
func (h *Histogram) Max() time.Duration { return h.max }

// Merge adds the counts of o to h.
func (h *Histogram) Merge(o *Histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	if o.max > h.max {
		h.max = o.max
	}
}

// Quantile returns the value below which a fraction q (0..1) of the recorded
// values lie, to the histogram's precision, never more than Max. It returns
// 0 for an empty histogram.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.n)))
	if rank < 1 {
		rank = 1
	}
	var seen uint64
	for i, c := range h.counts {
		seen += uint64(c)
		if seen >= rank {
			d := time.Duration(bucketMid(i)) * time.Microsecond
			if d > h.max {
				d = h.max
			}
			return d
		}
	}
	return h.max
}
