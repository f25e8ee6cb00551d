#!/usr/bin/env python3
"""Side-by-side table of the CPU benchmark from JSON lines (ours and the peers'), stdlib only.

    python3 bench/peers/table.py build/bench-cpu/results.jsonl [--peak-gflops 150] [--baseline ort]

Rows with the same (engine, texts, batch, threads) are repeats: the table shows their median
sentences/s, the spread (max-min)/median, the median p50 latency per batch, the ratio to the
baseline engine's median (default `ort`; `best-ort` = the faster of ort and ort-opt per row), and
the useful GFLOP/s as a fraction of the measured peak. Lines that are not JSON objects with an
"engine" and "sentences_per_s" (check lines, comments) are listed under the table when they are
checks and ignored otherwise.
"""
import argparse
import json
import statistics
import sys

# MiniLM-L6 useful FLOP per token (linear layers only), for rows that lack gflop_per_s
LIN_FLOP_PER_TOKEN = 6 * 2 * (4 * 384 * 384 + 2 * 384 * 1536)


def order_key(engine):
    if engine.startswith("embedbatch"):
        return (0, engine)
    pref = ["ort", "ort-opt", "st", "llama-f32", "llama-f16"]
    return (1 + (pref.index(engine) if engine in pref else len(pref)), engine)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--peak-gflops", type=float, default=0.0,
                    help="machine peak FP32 GFLOP/s at the benchmark's thread count (0: no column)")
    ap.add_argument("--peak-note", default="")
    ap.add_argument("--baseline", default="ort", help="engine for the ratio column, or best-ort")
    a = ap.parse_args()

    runs, checks, peaks = {}, [], []
    for fn in a.files:
        with open(fn, encoding="utf-8") as f:
            for ln in f:
                ln = ln.strip()
                if not ln.startswith("{"):
                    continue
                try:
                    r = json.loads(ln)
                except ValueError:
                    continue
                if "check" in r:
                    checks.append(r)
                    continue
                if "peak_gflops" in r:
                    peaks.append(r)
                    continue
                if "engine" not in r or "sentences_per_s" not in r:
                    continue
                key = (r["texts"], int(r["batch"]), int(r.get("threads", 0)), r["engine"])
                runs.setdefault(key, []).append(r)

    peak = a.peak_gflops
    if not peak and peaks:
        peak = statistics.median(p["peak_gflops"] for p in peaks)

    def med(rs, k):
        v = [r[k] for r in rs if k in r]
        return statistics.median(v) if v else None

    def gflops(rs):
        g = med(rs, "gflop_per_s")
        if g is None:
            t = med(rs, "tokens_per_s")
            g = t * LIN_FLOP_PER_TOKEN / 1e9 if t is not None else None
        return g

    # Repeats that started on a quiet machine stand for the engine when there are any.
    all_n = {k: len(v) for k, v in runs.items()}
    for k in list(runs):
        q = [r for r in runs[k] if r.get("quiet", True)]
        if q:
            runs[k] = q

    texts_order = {"short": 0, "long": 1}
    keys = sorted(runs, key=lambda k: (texts_order.get(k[0], 9), k[0], k[2], k[1], order_key(k[3])))
    base = {}
    for k in keys:
        t, b, th, e = k
        s = med(runs[k], "sentences_per_s")
        if e == a.baseline or (a.baseline == "best-ort" and e in ("ort", "ort-opt")):
            base[(t, b, th)] = max(base.get((t, b, th), 0.0), s)

    best_base = {}
    for k in keys:
        t, b, th, e = k
        s = max(r["sentences_per_s"] for r in runs[k])
        if e == a.baseline or (a.baseline == "best-ort" and e in ("ort", "ort-opt")):
            best_base[(t, b, th)] = max(best_base.get((t, b, th), 0.0), s)

    head = ("| texts | batch | engine | sentences/s median | best | spread | quiet/n | p50 ms/batch | "
            "tokens/s | vs %s (median) | vs %s (best) |" % (a.baseline, a.baseline))
    sep = "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    if peak:
        head += " GFLOP/s (best) | % of peak (best) |"
        sep += "---:|---:|"
    print(head)
    print(sep)
    for k in keys:
        t, b, th, e = k
        rs = runs[k]
        v = [r["sentences_per_s"] for r in rs]
        s = statistics.median(v)
        spread = (max(v) - min(v)) / s * 100 if s else 0.0
        best = max(v)
        bl, bb = base.get((t, b, th)), best_base.get((t, b, th))
        ratio = "%.2fx" % (s / bl) if bl else "-"
        ratio_b = "%.2fx" % (best / bb) if bb else "-"
        quiet = sum(1 for r in rs if r.get("quiet", True))
        row = "| %s | %d | %s | %.1f | %.1f | %.0f%% | %s | %.2f | %.0f | %s | %s |" % (
            t, b, e, s, best, spread, "%d/%d" % (quiet, all_n[k]) if quiet else "0/%d (all contended)" % all_n[k],
            med(rs, "p50_ms"), med(rs, "tokens_per_s"), ratio, ratio_b)
        if peak:
            g = gflops(rs)
            if g is not None:
                g *= best / s  # at the best run's speed
            row += " %.1f | %.1f%% |" % (g, 100 * g / peak) if g is not None else " - | - |"
        print(row)
    threads = sorted({k[2] for k in keys})
    print()
    print("threads: %s. quiet/n: of the n repeats, how many started with other processes using <= 15%% "
          "of the CPUs (quiet.py); median, best (max), spread = (max-min)/median and p50 are over the quiet "
          "repeats when there are any, else over all. On a shared machine the best run is the closest to "
          "an unshared one." % ",".join(map(str, threads)))
    if peak:
        print("peak: %.1f GFLOP/s FP32 %s; GFLOP/s counts MiniLM's useful FLOP on real tokens "
              "(linear layers + attention, no padding)." % (peak, a.peak_note))
    for c in checks:
        print("check %s %s on %s: cosine min %.9f mean %.9f, max |diff| %.2g over %d texts%s" % (
            c.get("check"), c.get("engine"), c.get("texts"), c.get("min", float("nan")),
            c.get("mean", float("nan")), c.get("max_abs_diff", float("nan")), c.get("n", 0),
            "" if c.get("pass_0.9999", True) else "  (below 0.9999)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
