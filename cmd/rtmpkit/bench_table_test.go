package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchTable runs scripts/bench/table.py (what bench-compare.sh prints)
// on results shaped like `rtmpkit bench --json` output.
func TestBenchTable(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	play := func(cpu, core, softirq float64, withCore bool) map[string]any {
		server := map[string]any{"pid": 1, "cpu_s_per_s": cpu, "sys_s_per_s": cpu / 2, "rss_peak": 64 << 20, "rss_per_conn": 10240.0, "core": -1}
		if withCore {
			server["core"], server["core_s_per_s"], server["core_softirq_s_per_s"], server["core_ksoftirqd_s_per_s"] = 0, core, softirq, softirq/2
		}
		return map[string]any{
			"players": 100, "delivered_mbps": 250.0, "kept_up_fraction": 1.0, "load_cpu_s_per_s": 0.05,
			"lag": map[string]any{"p50_ns": 5e6, "p99_ns": 30e6}, "join": map[string]any{"p50_ns": 1e6},
			"server": server,
		}
	}
	write := func(name string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("play-rtmpkit-100.json", play(0.1, 0.15, 0.05, true))
	write("play-nginx-100.json", play(0.2, 0.6, 0.4, true))
	write("tenk-rtmpkit.json", play(0.9, 0, 0, false)) // from before --cpu-core
	// No result for 500 players: a row says so.
	// No result for 500 players: a row says so.
	write("publish-nginx.json", map[string]any{"publishers": 10, "started": 10, "dropped": 0, "sent_mbps": 10.0,
		"server": map[string]any{"cpu_s_per_s": 0.01, "core": 0, "core_s_per_s": 0.125}})

	out, err := exec.Command(py, "../../scripts/bench/table.py", dir, "100 500", "rtmpkit nginx").CombinedOutput()
	if err != nil {
		t.Fatalf("table.py: %v\n%s", err, out)
	}
	text := string(out)
	for _, want := range []string{
		"| server | players | CPU s/s | core s/s | core softirq s/s | ksoftirqd s/s | server+softirq s/s | of which system |",
		"| rtmpkit | 100 | 0.100 | 0.150 | 0.050 | 0.025 | 0.175 | 50 % | 64.0 | 10.0 | 250 | 100.0 % |",
		"| nginx | 100 | 0.200 | 0.600 | 0.400 | 0.200 | 0.800 | 50 % |",
		"| players | CPU | core | server+softirq | RSS |",
		"| 100 | 0.5 | 0.25 | 0.219 | 1 |",                  // the ratios rtmpkit / nginx
		"| rtmpkit | 100 | 0.900 | n/a | n/a | n/a | n/a |", // no core in the result
		"| nginx | 10 | 10 | 0 | 10 | 0.010 | 0.125 |",
		"| rtmpkit | 500 | (no result) |",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("table lacks %q:\n%s", want, text)
		}
	}
	// Every row of a table has as many cells as its header.
	var cells int
	for line := range strings.Lines(text) {
		switch {
		case !strings.HasPrefix(line, "|"):
			cells = 0
		case cells == 0:
			cells = strings.Count(line, "|")
		case strings.Count(line, "|") != cells:
			t.Errorf("row with %d separators under a header with %d: %s", strings.Count(line, "|"), cells, line)
		}
	}
}
