#!/usr/bin/env python3
"""Hugging Face tokenizers (the Rust fast tokenizer sentence-transformers uses) on the same
texts as bench/bench_tokenizer.c, one thread, and the ratio to embedbatch's tokenizer.

    pip install tokenizers==0.23.3
    make build/bench/bench_tokenizer && python3 bench/tokenizer_peer.py [--model DIR] [--reps N]

Both sides: truncation to 256 ids (specials included), no padding, every text on its own.
HF is timed two ways: encode_batch (Rayon pinned to 1 thread) and a Python loop of encode().
"""
import argparse
import os
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import time

os.environ["RAYON_NUM_THREADS"] = "1"          # must precede the import
os.environ["TOKENIZERS_PARALLELISM"] = "false"
from tokenizers import Tokenizer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "build", "bench", "bench_tokenizer")


def read_texts(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack_from("<I", data, 0)
    i, out = 4, []
    for _ in range(n):
        (ln,) = struct.unpack_from("<I", data, i)
        out.append(data[i + 4:i + 4 + ln].decode("utf-8"))
        i += 4 + ln
    return out


def time_it(fn, reps):
    """Median wall and CPU seconds (the whole process: Rayon may work on its own thread)."""
    wall, cpu = [], []
    res = None
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        res = fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu), res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.environ.get("EB_MODEL_DIR", os.path.join(ROOT, "models", "all-MiniLM-L6-v2")))
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    tok = Tokenizer.from_file(os.path.join(args.model, "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(256)
    ours = subprocess.run([BENCH, "--model", args.model, "--reps", str(2 * args.reps + 1)], check=True,
                          stdout=subprocess.PIPE, text=True).stdout
    print(ours, end="")
    rate = {m.group(1): (float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"^(\w+) .*wall [\d.]+ s +([\d.]+) M ids/s.*cpu [\d.]+ s +([\d.]+) M", ours, re.M)}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([BENCH, "--dump-texts", os.path.join(tmp, "t")], check=True)
        for name in ("english", "mixed"):
            texts = read_texts(os.path.join(tmp, "t-%s.bin" % name))
            mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
            sb, cb, res = time_it(lambda: tok.encode_batch(texts), args.reps)
            ids = sum(len(e.ids) for e in res)
            sl, cl, _ = time_it(lambda: [tok.encode(t) for t in texts], args.reps)
            print("HF %-8s %6d texts %7.2f MB %8d ids | encode_batch (1 thread): wall %.3f s %5.2f M ids/s, cpu %5.2f M ids/s"
                  " | encode loop: wall %.3f s %5.2f M ids/s, cpu %5.2f M ids/s"
                  % (name, len(texts), mb, ids, sb, ids / sb / 1e6, ids / cb / 1e6, sl, ids / sl / 1e6, ids / cl / 1e6))
            if name in rate:
                w, c = rate[name]
                print("   embedbatch / HF encode_batch: %.1fx wall, %.1fx cpu;  / HF encode loop: %.1fx wall, %.1fx cpu"
                      % (w / (ids / sb / 1e6), c / (ids / cb / 1e6), w / (ids / sl / 1e6), c / (ids / cl / 1e6)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
