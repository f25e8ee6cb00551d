#!/usr/bin/env python3
"""Wait until other processes leave the CPUs (mostly) idle, so a benchmark starts unshared.

    python3 bench/peers/quiet.py [--max-busy 0.15] [--max-wait 90]   # prints one JSON line

Samples /proc/stat over 0.5 s and subtracts this process's own CPU time: `busy` is the fraction
of all CPUs that others used. Retries every second until busy <= --max-busy or --max-wait
seconds have passed; then returns either way (the JSON says which). Stdlib only; on systems
without /proc/stat it returns at once with busy = -1.
"""
import argparse
import json
import os
import sys
import time


def _stat():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v[:8]), idle


def others_busy(window=0.5):
    """Fraction of all CPUs used by other processes during `window` seconds."""
    hz = os.sysconf("SC_CLK_TCK")
    t0, i0 = _stat()
    c0 = os.times()
    time.sleep(window)
    t1, i1 = _stat()
    c1 = os.times()
    total = t1 - t0
    if total <= 0:
        return 0.0
    mine = ((c1.user - c0.user) + (c1.system - c0.system)) * hz
    return max(0.0, (total - (i1 - i0) - mine) / total)


def wait_quiet(max_busy=0.15, max_wait=90.0, settle=0.3):
    """Returns (busy at start, seconds waited, quiet reached)."""
    if not os.path.exists("/proc/stat"):
        return -1.0, 0.0, True
    time.sleep(settle)  # let the caller's own spinning worker threads go to sleep
    t0 = time.perf_counter()
    while True:
        b = others_busy()
        waited = time.perf_counter() - t0
        if b <= max_busy or waited >= max_wait:
            return round(b, 3), round(waited, 1), b <= max_busy
        time.sleep(1.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--max-busy", type=float, default=0.15)
    ap.add_argument("--max-wait", type=float, default=90.0)
    a = ap.parse_args()
    b, w, ok = wait_quiet(a.max_busy, a.max_wait)
    print(json.dumps({"quiet": ok, "others_busy": b, "waited_s": w}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
