package loadgen

import (
	"fmt"
	"strings"
	"time"
)

// Summary returns the one-line human summary of a play bench.
func (r *PlayResult) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "play %d players %s: kept up %d/%d (%.1f%%), joined %d, failed %d, %.1f Mbit/s, join p50 %s p99 %s max %s, lag p50 %s p99 %s max %s",
		r.Players, round(r.Window), r.KeptUp, r.Players, 100*r.KeptUpFraction, r.Joined, r.Failed, r.DeliveredMbps,
		ms(r.Join.P50), ms(r.Join.P99), ms(r.Join.Max), ms(r.Lag.P50), ms(r.Lag.P99), ms(r.Lag.Max))
	writeCost(&b, r.Server)
	if r.LoadCPUPerSec > 0 {
		fmt.Fprintf(&b, ", load generator cpu %.3f s/s", r.LoadCPUPerSec)
	}
	if r.FirstError != "" {
		fmt.Fprintf(&b, "; first error: %s", r.FirstError)
	}
	return b.String()
}

// Summary returns the one-line human summary of a publish bench.
func (r *PublishResult) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "publish %d publishers %s: started %d, dropped %d, %.1f Mbit/s, setup p50 %s p99 %s max %s",
		r.Publishers, round(r.Window), r.Started, r.Dropped, r.SentMbps, ms(r.Setup.P50), ms(r.Setup.P99), ms(r.Setup.Max))
	writeCost(&b, r.Server)
	if r.FirstError != "" {
		fmt.Fprintf(&b, "; first error: %s", r.FirstError)
	}
	return b.String()
}

func writeCost(b *strings.Builder, c ServerCost) {
	if c.PID != 0 {
		fmt.Fprintf(b, ", server cpu %.3f s/s (%.0f%% system), rss %.1f MiB (base %.1f MiB, %+.1f KiB/conn)",
			c.CPUPerSec, 100*c.SysPerSec/max(c.CPUPerSec, 1e-9), float64(c.RSSPeak)/(1<<20), float64(c.RSSBase)/(1<<20), c.RSSPerConn/1024)
		if c.WritesPerSec > 0 {
			fmt.Fprintf(b, ", %.0f reads/s %.0f writes/s", c.ReadsPerSec, c.WritesPerSec)
		}
	}
	if c.Core >= 0 {
		fmt.Fprintf(b, ", core %d busy %.3f s/s (softirq %.3f s/s, ksoftirqd %.3f s/s)", c.Core, c.CoreBusyPerSec, c.CoreSoftirqPerSec, c.CoreKsoftirqdPerSec)
	}
	if c.Err != "" {
		fmt.Fprintf(b, " (sampling error: %s)", c.Err)
	}
}

// ms formats d in milliseconds with a precision that suits its size.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	if v < 10 {
		return fmt.Sprintf("%.2fms", v)
	}
	return fmt.Sprintf("%.0fms", v)
}

func round(d time.Duration) time.Duration { return d.Round(100 * time.Millisecond) }
