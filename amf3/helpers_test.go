package amf3

import (
	"encoding/hex"
	"runtime"
	"strconv"
	"testing"
)

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func parseFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func bytesHex(b []byte) string { return hex.EncodeToString(b) }

// runtimeMem checks the heap growth of a function.
type runtimeMem struct{}

func (runtimeMem) check(t *testing.T, f func(), max uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	if grown := after.TotalAlloc - before.TotalAlloc; grown > max {
		t.Errorf("allocated %d bytes, want at most %d", grown, max)
	}
}
