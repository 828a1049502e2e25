package loadgen

import (
	"math"
	"slices"
	"time"
)

// Percentiles summarises a distribution of durations.
type Percentiles struct {
	P50 time.Duration `json:"p50_ns"`
	P99 time.Duration `json:"p99_ns"`
	Max time.Duration `json:"max_ns"`
}

// Percentile returns the nearest-rank q-quantile (0 < q <= 1) of sorted,
// which must be in ascending order; 0 for an empty slice.
func Percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(q * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// PercentilesOf returns p50, p99 and max of values (which it sorts in place).
func PercentilesOf(values []time.Duration) Percentiles {
	slices.Sort(values)
	return Percentiles{
		P50: Percentile(values, 0.50),
		P99: Percentile(values, 0.99),
		Max: Percentile(values, 1),
	}
}

// PercentilesOfHistogram returns p50, p99 and max of h.
func PercentilesOfHistogram(h *Histogram) Percentiles {
	return Percentiles{P50: h.Quantile(0.50), P99: h.Quantile(0.99), Max: h.Max()}
}
