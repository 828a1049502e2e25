package peertest

import (
	"embed"
	"testing"
	"time"
)

//go:embed scripts/*.py
var scripts embed.FS

// Script returns the source of one of the embedded python-librtmp helper
// scripts (publish.py, play.py, stall.py, calls.py; each documents its
// arguments at the top). Run it with [RunPython].
func Script(name string) string {
	b, err := scripts.ReadFile("scripts/" + name)
	if err != nil {
		panic("peertest: no script " + name)
	}
	return string(b)
}

// RunPython starts Debian's python3 (see [Python]) on the embedded script
// name with args, bounded by timeout like [Start].
func RunPython(t testing.TB, timeout time.Duration, label, name string, args ...string) *Proc {
	t.Helper()
	py := Python(t)
	return Start(t, timeout, label, py, append([]string{"-c", Script(name)}, args...)...)
}
