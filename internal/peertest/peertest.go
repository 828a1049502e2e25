// Package peertest lets interoperability tests require real peer programs
// (ffmpeg, rtmpdump, GStreamer, nginx-rtmp, Node-Media-Server, python-librtmp).
//
// A test that needs a program that is missing is skipped with a message naming
// the Debian package to install, unless the environment variable
// RTMPKIT_REQUIRE_PEERS is set to 1 (as .ci/run does), in which case it fails.
package peertest

import (
	"os"
	"os/exec"
	"testing"
)

// EnvRequire is the environment variable that turns a skip for a missing peer into a failure.
const EnvRequire = "RTMPKIT_REQUIRE_PEERS"

// Required reports whether missing peers must fail tests instead of skipping them.
func Required() bool { return os.Getenv(EnvRequire) == "1" }

// Missing skips t, or fails it when [Required], with a message that says what
// is missing and how to install it.
func Missing(t testing.TB, what, install string) {
	t.Helper()
	msg := what + " is not available (install: " + install + ")"
	if Required() {
		t.Fatalf("%s; %s=1 makes this a failure", msg, EnvRequire)
	}
	t.Skip(msg)
}

// Program returns the path of program, or skips/fails t via [Missing] naming
// the Debian package that provides it.
func Program(t testing.TB, program, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(program)
	if err != nil {
		Missing(t, program, "apt-get install "+debianPackage)
	}
	return p
}

// Python returns the path of a python3 that can import the librtmp binding
// (Debian's /usr/bin/python3), or skips/fails t via [Missing].
func Python(t testing.TB) string {
	t.Helper()
	const py = "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import librtmp").Run(); err != nil {
		Missing(t, "python-librtmp for "+py, "apt-get install python3-librtmp")
	}
	return py
}
