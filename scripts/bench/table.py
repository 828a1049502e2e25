#!/usr/bin/env python3
"""Print the bench-compare.sh table from the JSON results in a directory.

Usage: table.py OUT_DIR "N list" "server list"
"""
import json
import os
import sys

out, ns, servers = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()


def load(name):
    path = os.path.join(out, name)
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def ms(ns_):
    return ns_ / 1e6


def syscalls(name):
    """Per-second counts from a perf stat -x, file: {event: rate}."""
    path = os.path.join(out, name)
    try:
        lines = open(path).read().splitlines()
    except OSError:
        return None
    counts = {}
    for line in lines:
        f = line.split(",")
        if len(f) > 3 and f[0].replace(".", "").isdigit():
            counts[f[2].split(":")[-1].replace("sys_enter_", "")] = float(f[0])
    return counts


def core(s):
    """The sampled core's busy s/s (--cpu-core), None if none was sampled."""
    if s.get("core", -1) < 0 or "core_s_per_s" not in s:
        return None
    return s["core_s_per_s"]


def fmt(v, spec=".3f"):
    return "n/a" if v is None else format(v, spec)


def row(label, n, r):
    s = r["server"]
    return {
        "label": label, "n": n,
        "cpu": s.get("cpu_s_per_s", 0.0),
        "core": core(s), "softirq": s.get("core_softirq_s_per_s") if core(s) is not None else None,
        "ksoftirqd": s.get("core_ksoftirqd_s_per_s") if core(s) is not None else None,
        # The server's process plus the kernel's softirq work on its core
        # (charged to no process): unlike core s/s, not inflated by other
        # processes the scheduler put on the core.
        "attrib": (s.get("cpu_s_per_s", 0.0) + s.get("core_softirq_s_per_s", 0.0) + s.get("core_ksoftirqd_s_per_s", 0.0))
        if core(s) is not None else None,
        "sys": 100 * s.get("sys_s_per_s", 0.0) / max(s.get("cpu_s_per_s", 0.0), 1e-9),
        "rss": s.get("rss_peak", 0) / 2**20,
        "rss_pp": s.get("rss_per_conn", 0.0) / 1024,
        "mbps": r["delivered_mbps"],
        "kept": r["kept_up_fraction"],
        "lag50": ms(r["lag"]["p50_ns"]), "lag99": ms(r["lag"]["p99_ns"]),
        "join50": ms(r["join"]["p50_ns"]),
        "wps": 0.0, "sps": 0.0,
        "load": r.get("load_cpu_s_per_s", 0.0),
    }


def play_line(x):
    return (f"| {x['label']} | {x['n']} | {x['cpu']:.3f} | {fmt(x['core'])} | {fmt(x['softirq'])} | {fmt(x['ksoftirqd'])} | {fmt(x['attrib'])} | {x['sys']:.0f} % "
            f"| {x['rss']:.1f} | {x['rss_pp']:.1f} | {x['mbps']:.0f} | {100*x['kept']:.1f} % "
            f"| {x['lag50']:.2f} | {x['lag99']:.2f} | {x['join50']:.1f} | {x['sps']:.0f} | {x['wps']:.0f} | {x['load']:.2f} |")


HDR = "| server | players | CPU s/s | core s/s | core softirq s/s | ksoftirqd s/s | server+softirq s/s | of which system | RSS MiB | RSS/player KiB | delivered Mbit/s | kept up | lag p50 ms | lag p99 ms | join p50 ms | server syscalls/s | server writes/s | load gen CPU s/s |"
if ns:
    print(HDR)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
ratios = []
for n in ns:
    rows = {}
    for s in servers:
        r = load(f"play-{s}-{n}.json")
        if r is None:
            print(f"| {s} | {n} | (no result) " + "| " * 15 + "|")
            continue
        x = row(s, n, r)
        sc = syscalls(f"syscalls-{s}-{n}.csv")
        if sc:
            secs = float(open(os.path.join(out, f"syscalls-{s}-{n}.secs")).read())
            x["sps"] = sc.get("sys_enter", 0) / secs
            x["wps"] = sum(sc.get(k, 0) for k in ("write", "writev", "sendto", "sendmsg")) / secs
        rows[s] = x
        print(play_line(x))
    for s in rows:
        if not s.startswith("rtmpkit") or "nginx" not in rows:
            continue
        a, b = rows[s], rows["nginx"]

        def ratio(k):
            return f"{a[k] / b[k]:.3g}" if a[k] is not None and b[k] else "n/a"
        ratios.append(f"| {s} | {n} | {ratio('cpu')} | {ratio('core')} | {ratio('attrib')} | {ratio('rss')} | {ratio('rss_pp')} | {ratio('mbps')} | {ratio('lag99')} | {ratio('join50')} |")
if ratios:
    print()
    print("rtmpkit (each variant) / nginx-rtmp (CPU ≤ 0.5 and lag p99 ≤ 1 and RSS/player ≤ 1 are the targets;")
    print("core: busy time of the server's core, other processes on it included; server+softirq: the server")
    print("process plus the softirq work on its core, in ksoftirqd or not):")
    print()
    print("| server | players | CPU | core | server+softirq | RSS | RSS/player | delivered | lag p99 | join p50 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for line in ratios:
        print(line)

pub = [(s, load(f"publish-{s}.json")) for s in servers]
if any(r for _, r in pub):
    print()
    print("| server | publishers | started | dropped | sent Mbit/s | CPU s/s | core s/s | RSS MiB | RSS/publisher KiB | server reads/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s, r in pub:
        if r:
            c = r["server"]
            print(f"| {s} | {r['publishers']} | {r['started']} | {r['dropped']} | {r['sent_mbps']:.0f} | {c.get('cpu_s_per_s', 0):.3f} | {fmt(core(c))} "
                  f"| {c.get('rss_peak', 0)/2**20:.1f} | {c.get('rss_per_conn', 0)/1024:.1f} | {c.get('reads_per_s', 0):.0f} |")

tenk = [(s, load(f"tenk-{s}.json")) for s in servers]
if any(r for _, r in tenk):
    print()
    print(HDR)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s, r in tenk:
        if r:
            print(play_line(row(s, r["players"], r)))
