package peertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// StopGrace is how long a peer gets to exit after SIGINT (sent by
// [Proc.Stop] or when its timeout expires) before it is killed.
const StopGrace = 3 * time.Second

// secondInterrupt is when a second SIGINT follows the first: ffmpeg only
// sets a flag on the first one and keeps blocking in a network read, the
// second makes its I/O return (and it still finishes its output file).
const secondInterrupt = 500 * time.Millisecond

// interrupt sends p SIGINT now and once more after secondInterrupt.
func interrupt(p *os.Process) error {
	err := p.Signal(os.Interrupt)
	time.AfterFunc(secondInterrupt, func() { p.Signal(os.Interrupt) })
	return err
}

// Proc is a running peer process started by [Start]. It is interrupted when
// its timeout expires and killed, at the latest, when the test ends.
type Proc struct {
	// Name is a short label for logs ("ffmpeg publish", "rtmpdump play").
	Name string

	cmd    *exec.Cmd
	out    lockedBuffer
	done   chan struct{}
	err    error
	cancel context.CancelFunc
}

// Start starts program with args, bounded by timeout: when it expires the
// process gets SIGINT (so players finish their files) and is killed
// [StopGrace] later (a second SIGINT goes out half a second after the
// first, which ffmpeg needs to leave a blocking read). The process is also stopped in t.Cleanup, and its
// combined output is logged if t failed.
func Start(t testing.TB, timeout time.Duration, name, program string, args ...string) *Proc {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	cmd := exec.CommandContext(ctx, program, args...)
	cmd.Cancel = func() error { return interrupt(cmd.Process) }
	cmd.WaitDelay = StopGrace
	p := &Proc{Name: name, cmd: cmd, done: make(chan struct{}), cancel: cancel}
	cmd.Stdout = &p.out
	cmd.Stderr = &p.out
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("%s: start %s: %v", name, program, err)
	}
	go func() {
		p.err = cmd.Wait()
		cancel()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.Stop()
		if t.Failed() {
			t.Logf("%s (%s) output:\n%s", name, program, p.Output())
		}
	})
	return p
}

// Done returns a channel closed when the process has exited.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Wait waits for the process to exit and returns its error, if any.
func (p *Proc) Wait() error {
	<-p.done
	return p.err
}

// Stop interrupts the process (SIGINT), kills it if it has not exited
// [StopGrace] later, and returns its exit error.
func (p *Proc) Stop() error {
	select {
	case <-p.done:
		return p.err
	default:
	}
	p.cancel() // Cancel sends SIGINT; WaitDelay kills after StopGrace
	return p.Wait()
}

// Output returns what the process wrote to stdout and stderr so far.
func (p *Proc) Output() string { return p.out.String() }

// lockedBuffer is a bytes.Buffer safe for the concurrent writes of a
// process's stdout and stderr copiers and readers in the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

const maxOutput = 64 << 10 // keep at most this much of a peer's output

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() < maxOutput {
		b.buf.Write(p[:min(len(p), maxOutput-b.buf.Len())])
	}
	return len(p), nil
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
