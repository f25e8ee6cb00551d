#!/usr/bin/env python3
"""Fallback FP32 peak for the "% of peak" column when build/bench/bench_kernels is not built.

    python bench/peers/peak.py --threads 2     # one JSON line: {"peak_gflops": ..., ...}

Prints the best of a few numpy (OpenBLAS) SGEMM runs at the given thread count, an achievable
ceiling a little below the FMA peak, and the nominal peak: threads x MHz (from /proc/cpuinfo) x
FP32 FLOP per cycle (32 with AVX2+FMA: 2 FMA pipes x 8 lanes x 2, 64 with AVX-512 and 2 pipes).
The table uses peak_gflops (the SGEMM figure); bench_kernels --peak (an FMA loop) is preferred.
"""
import argparse
import json
import os
import sys
import time


def cpu_info():
    mhz, flags, model = 0.0, set(), ""
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                k, _, v = ln.partition(":")
                k = k.strip()
                if k == "cpu MHz" and not mhz:
                    mhz = float(v)
                elif k == "flags" and not flags:
                    flags = set(v.split())
                elif k == "model name" and not model:
                    model = v.strip()
    except OSError:
        pass
    return mhz, flags, model


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--n", type=int, default=2048)
    ap.add_argument("--seconds", type=float, default=3.0)
    a = ap.parse_args()
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[k] = str(a.threads)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from quiet import wait_quiet
    busy, waited, quiet = wait_quiet()
    import numpy as np
    rng = np.random.default_rng(1)
    x = rng.standard_normal((a.n, a.n), dtype=np.float32)
    y = rng.standard_normal((a.n, a.n), dtype=np.float32)
    z = np.empty_like(x)
    np.matmul(x, y, out=z)
    best, t_end = 0.0, time.perf_counter() + a.seconds
    while time.perf_counter() < t_end:
        t = time.perf_counter()
        np.matmul(x, y, out=z)
        best = max(best, 2.0 * a.n ** 3 / (time.perf_counter() - t) / 1e9)
    mhz, flags, model = cpu_info()
    per_cycle = 64 if "avx512f" in flags else 32 if {"avx2", "fma"} <= flags else 16 if "avx" in flags else 8
    print(json.dumps({"peak_gflops": round(best, 1), "threads": a.threads,
                      "method": "numpy sgemm %d (OpenBLAS), best of %.0f s" % (a.n, a.seconds),
                      "nominal_gflops": round(a.threads * mhz * per_cycle / 1e3, 1),
                      "nominal_note": "%d thr x %.0f MHz x %d FLOP/cycle" % (a.threads, mhz, per_cycle),
                      "cpu": model, "quiet": quiet, "others_busy_before": busy}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
