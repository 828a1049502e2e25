package loadgen

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkPlayerSocket measures what the load generator's players cost
// on real loopback sockets: the players run in this process and a fake
// server in a child process (this test binary, re-executed with fanoutEnv
// set), so this process's CPU time (getrusage: CPU, not wall time, as the
// machine may be shared) is the players' alone, the kernel's receive path
// included. It reports CPU µs per delivered message and per read.

const (
	fanoutEnv    = "LOADGEN_FANOUT_SERVER" // "bitrate batch-ns" for the child
	fanoutStream = 60 * time.Second        // stream length the child sends
)

func TestMain(m *testing.M) {
	if spec := os.Getenv(fanoutEnv); spec != "" {
		if err := fanoutServer(spec); err != nil {
			fmt.Fprintln(os.Stderr, "fanout server:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fanoutServer listens on loopback, prints its address, and sends every
// connection the synthetic stream in real time: every batch interval, the
// messages due as one write (batch 0: one write per message, as
// nginx-rtmp does).
func fanoutServer(spec string) error {
	var bitrate int
	var batch time.Duration
	if _, err := fmt.Sscan(spec, &bitrate, &batch); err != nil {
		return err
	}
	st, err := encodeStream(bitrate, fanoutStream)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr())
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go fakeServe(c, playStart, func(w io.Writer) error { sendPaced(w, st, batch); return nil }, nil)
	}
}

// sendPaced writes st to c in real time, in batches.
func sendPaced(c io.Writer, st encodedStream, batch time.Duration) {
	start, sent := time.Now(), 0
	for i := 0; i < len(st.ends); {
		j := i + 1 // the first due message goes now
		for batch > 0 && j < len(st.ends) && st.due[j] <= time.Since(start) {
			j++
		}
		if _, err := c.Write(st.data[sent:st.ends[j-1]]); err != nil {
			return
		}
		sent, i = st.ends[j-1], j
		if i == len(st.ends) {
			return
		}
		next := st.due[i]
		if batch > 0 {
			next = max(next, time.Since(start)+batch)
		}
		time.Sleep(next - time.Since(start))
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkPlayerSocket(b *testing.B) {
	for _, bc := range []struct {
		players      int
		bitrate      int
		batch        time.Duration // server writes: 50 ms as rtmpkit serve's merge window, 0 per message as nginx-rtmp
		readInterval time.Duration
	}{
		{1000, 200_000, 50 * time.Millisecond, 0},
		{1000, 200_000, 0, 0},
		{1000, 200_000, 50 * time.Millisecond, 200 * time.Millisecond},
		{1000, 200_000, 0, 200 * time.Millisecond},
		{200, 2_500_000, 50 * time.Millisecond, 0},
	} {
		name := fmt.Sprintf("players=%d/bitrate=%d/batch=%v/interval=%v", bc.players, bc.bitrate, bc.batch, bc.readInterval)
		b.Run(name, func(b *testing.B) {
			for range b.N {
				playerSocketRun(b, bc.players, bc.bitrate, bc.batch, bc.readInterval, 4096, 5*time.Second)
			}
		})
	}
}

// playerSocketRun connects players to a child fanout server and measures
// the window.
func playerSocketRun(b *testing.B, players, bitrate int, batch, readInterval time.Duration, readBuf int, window time.Duration) {
	// LOADGEN_FANOUT_SERVER_CPU=N pins the child to core N (taskset) and
	// reports its process CPU and core N's busy time: whether a writer's
	// cost shows in its own CPU time.
	serverCore := -1
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if v := os.Getenv("LOADGEN_FANOUT_SERVER_CPU"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("LOADGEN_FANOUT_SERVER_CPU=%q", v)
		}
		serverCore = n
		cmd = exec.Command("taskset", "-c", v, os.Args[0], "-test.run=^$")
	}
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d %d", fanoutEnv, bitrate, int64(batch)))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	var addr string
	if _, err := fmt.Fscanln(out, &addr); err != nil {
		b.Fatal(err)
	}

	tg, err := ParseTarget("rtmp://" + addr + "/live/s")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ps := make([]player, players)
	var wg sync.WaitGroup
	for i := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ps[i].run(ctx, playOptions{target: tg, readBuf: readBuf, readInterval: readInterval, setupLimit: 10 * time.Second})
		}()
	}
	defer func() { cancel(); wg.Wait() }() // on a failure; twice is harmless
	for deadline := time.Now().Add(10 * time.Second); !allJoined(ps); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatal("players did not join")
		}
	}
	time.Sleep(time.Second)
	count := func() (msgs, reads int64) {
		for i := range ps {
			msgs += ps[i].video.Load() + ps[i].audio.Load()
			reads += ps[i].reads.Load()
		}
		return msgs, reads
	}
	// The child's pid: taskset execs the test binary in place.
	serverSample := func() (ProcSample, CoreSample) {
		if serverCore < 0 {
			return ProcSample{}, CoreSample{}
		}
		p, _ := ReadProc(DefaultProcRoot, cmd.Process.Pid)
		c, _ := ReadCore(DefaultProcRoot, serverCore)
		return p, c
	}
	b.ResetTimer()
	m0, r0 := count()
	sp0, sc0 := serverSample()
	cpu0, t0 := cpuTime(), time.Now()
	time.Sleep(window)
	cpu1, t1 := cpuTime(), time.Now()
	sp1, sc1 := serverSample()
	m1, r1 := count()
	b.StopTimer()
	if serverCore >= 0 {
		b.ReportMetric((sp1.CPU-sp0.CPU).Seconds()/sp1.At.Sub(sp0.At).Seconds(), "server-cpu-s/s")
		b.ReportMetric((sc1.Busy-sc0.Busy).Seconds()/sc1.At.Sub(sc0.At).Seconds(), "server-core-s/s")
	}
	msgs, reads, secs := float64(m1-m0), float64(r1-r0), t1.Sub(t0).Seconds()
	cpu := float64(cpu1-cpu0) / 1e3 // µs
	b.ReportMetric(cpu/1e6/secs, "cpu-s/s")
	b.ReportMetric(msgs/secs, "msgs/s")
	b.ReportMetric(reads/secs, "reads/s")
	b.ReportMetric(cpu/msgs, "cpu-µs/msg")
	b.ReportMetric(cpu/reads, "cpu-µs/read")
	for i := range ps {
		if ps[i].done.Load() {
			b.Fatalf("player %d stopped: %v", i, ps[i].err)
		}
	}
	cancel()
	wg.Wait()
	var lag Histogram // over the whole run
	for i := range ps {
		lag.Merge(&ps[i].lag)
	}
	b.ReportMetric(float64(lag.Quantile(0.99))/1e6, "lag-p99-ms")
}
