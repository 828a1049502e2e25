package rtmp

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// TestMain runs the package's tests in flush mode (conn_flush.go) when
// RTMPKIT_TEST_MERGE_WINDOW is a duration: servers without a merge window
// then use it. CI runs the package both ways.
func TestMain(m *testing.M) {
	if v := os.Getenv("RTMPKIT_TEST_MERGE_WINDOW"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			fmt.Fprintf(os.Stderr, "RTMPKIT_TEST_MERGE_WINDOW=%q: want a positive duration\n", v)
			os.Exit(2)
		}
		testMergeWindow = d
	}
	os.Exit(m.Run())
}
