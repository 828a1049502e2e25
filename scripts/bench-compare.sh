#!/usr/bin/env bash
# bench-compare.sh: rtmpkit serve against nginx-rtmp on loopback, measured by
# `rtmpkit bench`, server pinned to one core and the load (ffmpeg publisher and
# players) to another. Prints a table and the ratios rtmpkit/nginx-rtmp.
#
# Environment (defaults in brackets):
#   BENCH_N          player counts to run                 ["100 500 1000"]
#   BENCH_DURATION   measurement window per run           [20s]
#   BENCH_RAMP       player connections per second        [500]
#   BENCH_SERVERS    servers to measure                   ["rtmpkit nginx"]
#                    (rtmpkit@10ms: rtmpkit serve --write-merge-window 10ms, for a sweep)
#   BENCH_PUBLISHERS synthetic ingest publishers, 0: skip [200]
#   BENCH_PUB_RATE   bitrate per ingest publisher         [1M]
#   BENCH_10K        1: also 10,000 players of 200 kbit/s for BENCH_10K_DURATION [0]
#   BENCH_10K_DURATION                                    [60s]
#   BENCH_10K_READ_INTERVAL  players read at most this often in the 10k run
#                    (--read-interval: less load generator CPU, lag coarser by as much) [0]
#   BENCH_SYSCALLS   1: count the server's system calls with perf stat for
#                    half of each window (needs perf and tracepoint access) [1 if perf works]
#   BENCH_PROFILE    1: CPU profile of rtmpkit under the largest N (scripts/bench/profserve) [0]
#   BENCH_SERVER_CPU / BENCH_LOAD_CPU  cores for taskset  [0 / 1]; every bench also
#                    samples BENCH_SERVER_CPU's busy time (--cpu-core): the server's
#                    process CPU misses the softirq work the kernel does for it in ksoftirqd
#   BENCH_PORT       first loopback port                  [19350]
#   BENCH_OUT        directory for JSON results, logs, profile [a new temp dir]
#   BENCH_CACHE      where the generated source file is kept [${XDG_CACHE_HOME:-$HOME/.cache}/rtmpkit-bench]
#   BENCH_RTMPKIT_ARGS extra flags for rtmpkit serve, e.g. "--write-merge-window 50ms" []
#   BENCH_REV        build rtmpkit from this git revision (exported with git
#                    archive) instead of the working tree, e.g. HEAD  [working tree]
# Quick run: BENCH_N=100 BENCH_DURATION=5s BENCH_PUBLISHERS=0 scripts/bench-compare.sh
set -euo pipefail

cd "$(dirname "$0")/.."
N_LIST=${BENCH_N:-"100 500 1000"}
DURATION=${BENCH_DURATION:-20s}
RAMP=${BENCH_RAMP:-500}
SERVERS=${BENCH_SERVERS:-"rtmpkit nginx"}
PUBLISHERS=${BENCH_PUBLISHERS:-200}
PUB_RATE=${BENCH_PUB_RATE:-1M}
TENK=${BENCH_10K:-0}
TENK_DURATION=${BENCH_10K_DURATION:-60s}
TENK_READ_INTERVAL=${BENCH_10K_READ_INTERVAL:-0}
PROFILE=${BENCH_PROFILE:-0}
SYSCALL_EVENTS=raw_syscalls:sys_enter,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_sendto,syscalls:sys_enter_sendmsg,syscalls:sys_enter_read,syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_futex
if [ -z "${BENCH_SYSCALLS:-}" ]; then
	BENCH_SYSCALLS=0
	if command -v perf >/dev/null && timeout 10 perf stat -e "$SYSCALL_EVENTS" -- true >/dev/null 2>&1; then
		BENCH_SYSCALLS=1
	fi
fi
SERVER_CPU=${BENCH_SERVER_CPU:-0}
LOAD_CPU=${BENCH_LOAD_CPU:-1}
# The server's core is sampled when it is one core (taskset also takes lists).
CORE_ARGS=()
if [[ $SERVER_CPU =~ ^[0-9]+$ ]]; then
	CORE_ARGS=(--cpu-core "$SERVER_CPU")
fi
PORT=${BENCH_PORT:-19350}
CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rtmpkit-bench}
OUT=${BENCH_OUT:-$(mktemp -d -t rtmpkit-bench.XXXXXX)}
mkdir -p "$OUT" "$CACHE"
TMP=$(mktemp -d -t rtmpkit-bench-run.XXXXXX)

for p in ffmpeg nginx taskset timeout python3; do
	command -v "$p" >/dev/null || { echo "bench-compare: $p is required" >&2; exit 2; }
done
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || { echo "bench-compare: install libnginx-mod-rtmp" >&2; exit 2; }

# 10,000 connections on each side of loopback need file descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	sleep 0.5
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# seconds converts a Go-style duration (20s, 2m, 500ms) to whole seconds.
seconds() {
	python3 -c 'import re,sys
m=re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)",sys.argv[1])
v=float(m[1])*{"ms":0.001,"s":1,"m":60}[m[2]]
print(max(1,int(v+0.999)))' "$1"
}

SRCDIR=.
if [ -n "${BENCH_REV:-}" ]; then
	SRCDIR=$TMP/src
	mkdir -p "$SRCDIR"
	git archive "$BENCH_REV" | tar -x -C "$SRCDIR"
fi
echo "bench-compare: building rtmpkit and profserve from ${BENCH_REV:-the working tree}" >&2
(cd "$SRCDIR" && go build -o "$TMP/rtmpkit" ./cmd/rtmpkit && go build -o "$TMP/profserve" ./scripts/bench/profserve)
BIN=$TMP/rtmpkit

SRC=$CACHE/src-720p-2500k.flv
if [ ! -s "$SRC" ]; then
	echo "bench-compare: generating $SRC (30 s, 1280x720 30 fps H.264 CBR 2.37 Mbit/s + AAC 128 kbit/s)" >&2
	timeout 600 ffmpeg -v error -y -f lavfi -i testsrc2=size=1280x720:rate=30 \
		-f lavfi -i sine=frequency=440:sample_rate=44100 -t 30 \
		-c:v libx264 -preset veryfast -pix_fmt yuv420p -g 60 -keyint_min 60 -sc_threshold 0 \
		-b:v 2372k -minrate 2372k -maxrate 2372k -bufsize 2372k -x264-params nal-hrd=cbr \
		-c:a aac -b:a 128k -ar 44100 -f flv "$SRC.tmp"
	mv "$SRC.tmp" "$SRC"
fi

# bg starts a command in the background, bounded by a timeout, and records
# its pid for cleanup. The pid of the command itself is in BG_PID.
bg() {
	local limit=$1 log=$2
	shift 2
	timeout --signal=TERM --kill-after=5 "$limit" "$@" >"$log" 2>&1 &
	PIDS+=($!)
	BG_TIMEOUT=$!
	BG_PID=""
	local i
	for i in $(seq 50); do
		BG_PID=$(pgrep -P "$BG_TIMEOUT" | head -1 || true)
		[ -n "$BG_PID" ] && break
		sleep 0.1
	done
	[ -n "$BG_PID" ] || { echo "bench-compare: $3 did not start; see $log" >&2; exit 1; }
	PIDS+=("$BG_PID")
}

# stop_bg ends a process started by bg (by its timeout wrapper's pid).
stop_bg() {
	kill -TERM "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# wait_port waits until something listens on 127.0.0.1:$1.
wait_port() {
	local i
	for i in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "bench-compare: nothing listens on port $1" >&2
	return 1
}

# start_server NAME PORT CONNS LIFETIME: sets SERVER_PID (the process to
# sample) and SERVER_BG (what to stop).
start_server() {
	local name=$1 port=$2 conns=$3 life=$4 log=$OUT/$1-$2.log
	case $name in
	rtmpkit)
		bg "$life" "$log" taskset -c "$SERVER_CPU" "$BIN" serve --listen "127.0.0.1:$port" --log-level warn ${BENCH_RTMPKIT_ARGS:-}
		SERVER_PID=$BG_PID
		;;
	rtmpkit@*)
		# rtmpkit with another merge window, e.g. rtmpkit@10ms
		bg "$life" "$log" taskset -c "$SERVER_CPU" "$BIN" serve --listen "127.0.0.1:$port" --log-level warn ${BENCH_RTMPKIT_ARGS:-} \
			--write-merge-window "${name#rtmpkit@}"
		SERVER_PID=$BG_PID
		;;
	rtmpkit-prof)
		bg "$life" "$log" taskset -c "$SERVER_CPU" "$TMP/profserve" --listen "127.0.0.1:$port" --cpuprofile "$OUT/rtmpkit-cpu.pprof"
		SERVER_PID=$BG_PID
		;;
	nginx)
		local dir=$TMP/nginx-$port
		mkdir -p "$dir/logs"
		sed -e "s|@PORT@|$port|; s|@TMP@|$dir|g; s|@CONNS@|$conns|; s|@USER@|$(id -un)|" scripts/bench/nginx-rtmp.conf >"$dir/nginx.conf"
		bg "$life" "$log" taskset -c "$SERVER_CPU" nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/nginx-error.log"
		wait_port "$port"
		# The master forks one worker, which does the work: sample that.
		local i
		SERVER_PID=""
		for i in $(seq 50); do
			SERVER_PID=$(pgrep -P "$BG_PID" | head -1 || true)
			[ -n "$SERVER_PID" ] && break
			sleep 0.1
		done
		PIDS+=("$SERVER_PID")
		;;
	esac
	SERVER_BG=$BG_TIMEOUT
	wait_port "$port"
}

# run_play NAME N DURATION: one play measurement against a fresh server with
# ffmpeg publishing the source file; writes $OUT/play-NAME-N.json.
run_play() {
	local name=$1 n=$2 dur=$3 port=$PORT
	PORT=$((PORT + 1))
	local secs life
	secs=$(seconds "$dur")
	life=$((secs + n / RAMP + 90))
	start_server "$name" "$port" $((n + 100)) "$life"
	local url=rtmp://127.0.0.1:$port/live/bench
	bg "$life" "$OUT/ffmpeg-$name-$n.log" taskset -c "$LOAD_CPU" ffmpeg -nostdin -v warning -re -stream_loop -1 -i "$SRC" -c copy -f flv "$url"
	local ff=$BG_TIMEOUT
	sleep 3 # let a GOP through (rtmpkit caches it for late joiners)
	if [ "$name" = rtmpkit-prof ]; then
		# Profile the steady state: after the ramp, for half the window.
		(sleep $((n / RAMP + 3)); kill -USR1 "$SERVER_PID"; sleep $((secs / 2)); kill -USR2 "$SERVER_PID") &
		PIDS+=($!)
	fi
	if [ "$BENCH_SYSCALLS" = 1 ]; then
		# Count system calls in the steady state: after the ramp, for half the window.
		(sleep $((n / RAMP + 4)); exec timeout $((secs + 10)) taskset -c "$LOAD_CPU" perf stat -x, -e "$SYSCALL_EVENTS" \
			-p "$SERVER_PID" -o "$OUT/syscalls-$name-$n.csv" -- sleep $((secs / 2))) >/dev/null 2>&1 &
		PIDS+=($!)
		echo $((secs / 2)) >"$OUT/syscalls-$name-$n.secs"
	fi
	echo "bench-compare: $name, $n players, $dur (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
	timeout $((life - 5)) taskset -c "$LOAD_CPU" "$BIN" bench play "$url" --players "$n" --duration "$dur" \
		--ramp "$RAMP" --pid "$SERVER_PID" "${CORE_ARGS[@]}" --json >"$OUT/play-$name-$n.json" || echo "bench-compare: bench play failed ($name, $n)" >&2
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("   ", r["kept_up"], "/", r["players"], "kept up,", round(r["delivered_mbps"]), "Mbit/s, cpu", round(r["server"]["cpu_s_per_s"],3), "s/s, core", round(r["server"].get("core_s_per_s",0),3), "s/s")' "$OUT/play-$name-$n.json" >&2 || true
	stop_bg "$ff"
	stop_bg "$SERVER_BG"
}

# run_tenk NAME: 10,000 players of a 200 kbit/s synthetic stream.
run_tenk() {
	local name=$1 port=$PORT
	PORT=$((PORT + 1))
	local secs life
	secs=$(seconds "$TENK_DURATION")
	life=$((secs + 10000 / RAMP + 120))
	start_server "$name" "$port" 10200 "$life"
	echo "bench-compare: $name, 10000 players of 200 kbit/s, $TENK_DURATION, read interval $TENK_READ_INTERVAL" >&2
	timeout $((life - 5)) taskset -c "$LOAD_CPU" "$BIN" bench play "rtmp://127.0.0.1:$port/live/tenk" --players 10000 \
		--duration "$TENK_DURATION" --ramp "$RAMP" --settle 30s --read-buffer 4096 --read-interval "$TENK_READ_INTERVAL" --publish 200k \
		--pid "$SERVER_PID" "${CORE_ARGS[@]}" --json >"$OUT/tenk-$name.json" || echo "bench-compare: 10k run failed ($name)" >&2
	stop_bg "$SERVER_BG"
}

# run_publish NAME: BENCH_PUBLISHERS synthetic publishers.
run_publish() {
	local name=$1 port=$PORT
	PORT=$((PORT + 1))
	local secs life
	secs=$(seconds "$DURATION")
	life=$((secs + PUBLISHERS / RAMP + 60))
	start_server "$name" "$port" $((PUBLISHERS + 100)) "$life"
	echo "bench-compare: $name, $PUBLISHERS publishers of $PUB_RATE, $DURATION" >&2
	timeout $((life - 5)) taskset -c "$LOAD_CPU" "$BIN" bench publish "rtmp://127.0.0.1:$port/live/in" --publishers "$PUBLISHERS" \
		--bitrate "$PUB_RATE" --duration "$DURATION" --ramp "$RAMP" --pid "$SERVER_PID" "${CORE_ARGS[@]}" --json >"$OUT/publish-$name.json" ||
		echo "bench-compare: bench publish failed ($name)" >&2
	stop_bg "$SERVER_BG"
}

echo "bench-compare: results in $OUT; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for n in $N_LIST; do
	for s in $SERVERS; do run_play "$s" "$n" "$DURATION"; done
done
if [ "$PUBLISHERS" -gt 0 ]; then
	for s in $SERVERS; do run_publish "$s"; done
fi
if [ "$TENK" = 1 ]; then
	for s in $SERVERS; do run_tenk "$s"; done
fi
if [ "$PROFILE" = 1 ]; then
	n=${N_LIST##* }
	run_play rtmpkit-prof "$n" "$DURATION"
	go tool pprof -top -nodecount=20 "$TMP/profserve" "$OUT/rtmpkit-cpu.pprof" >"$OUT/rtmpkit-cpu-top20.txt" 2>/dev/null || true
	echo "bench-compare: profile top 20 in $OUT/rtmpkit-cpu-top20.txt" >&2
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/loadavg.txt"

python3 scripts/bench/table.py "$OUT" "$N_LIST" "$SERVERS"
