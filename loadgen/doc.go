// Package loadgen is rtmpkit's load generator: it drives an RTMP server with
// many players of one stream and with many synthetic publishers, and
// measures what the server delivered and what it cost.
//
// # Players
//
// PlayBench opens N player connections to one stream (optionally ramping at
// R connections per second), holds them for a measurement window and reports
// per player the bytes received, the video and audio message counts, the
// join time (dial to the first video frame), the delivery lag and whether the
// player kept up. Players are rtmpkit clients (rtmp.Dial, ClientConn.CreateStream,
// Stream.SetTagHandler, Stream.Play): the tag handler receives each tag on the
// connection's read goroutine with its payload lent from the chunk reader, so a
// player allocates and copies nothing per message and needs no goroutine
// hand-off, which is what a load generator that must drive thousands of
// connections from one machine needs. The player's connection reads through a
// small wrapper (the client's ClientConfig.DialContext) that counts bytes,
// stamps each read's time as the arrival of the messages it completes, and can
// pace reads (PlayConfig.ReadInterval); lag goes into a fixed-size histogram.
//
// Delivery lag of a message is its arrival time minus its timestamp, relative
// to the player's best (smallest) such offset so far: 0 means as early as the
// best-delivered message, and a stall shows as a growing lag. Because the best
// is a running minimum, the burst of GOP-cache frames a late joiner receives
// at once does not count as lag: each is earlier than the one before.
//
// A player kept up when it received at least 95 % of the video frames the
// stream carried between the first and the last message it received (frame
// rate from the stream's onMetaData, or PlayConfig.FPS) and its last frame
// was less than one second late at the end of the window (see KeptUp).
//
// # Publishers
//
// PublishBench runs M publishers of synthetic streams (see Synth): valid
// H.264 (Baseline, I_PCM keyframes, skipped P frames, filler NAL units to
// reach the bitrate) and AAC-LC (silent frames padded with fill elements),
// paced in real time. Publishers are rtmpkit clients (rtmp.Dial,
// ClientConn.Publish, Stream.WriteTag): sending costs the client nothing per
// message beyond the write. One player bench can also publish its own stream
// (PlayConfig.PublishBitrate).
//
// # Server cost
//
// With a process id, both benches sample the server's CPU time and resident
// set size from /proc (see ReadProc) before the players start and during the
// window, and report CPU seconds per second, peak RSS and RSS growth per
// connection. With a CPU core (the one the server is pinned to), they also
// report that core's busy time from /proc/stat and the CPU time of its
// ksoftirqd thread (see CoreSample): the kernel's softirq work for the
// server's sockets is not always charged to the server process.
//
// # Load generator cost
//
// A player's own work is a fraction of a µs per message; a socket read
// costs several µs (wake-up, system call, the kernel's TCP receive path and
// the ACK it sends). Players read once per server write unless
// PlayConfig.ReadInterval paces them, so the generator's CPU follows the
// number of writes the server makes; PlayResult.LoadCPUPerSec reports it.
package loadgen
