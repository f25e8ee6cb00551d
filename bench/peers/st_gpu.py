#!/usr/bin/env python3
"""GPU peers for bench_cuda: sentence-transformers model.half() on the same GPU and texts, the
measured fp16 matrix peak and copy bandwidth (the ceilings of METHOD.md), cuBLAS on the
encoder's GEMM shapes, and ONNX Runtime's CUDA provider when it is installed.
Prints markdown tables and "RESULT key value" lines (same style as bench_cuda).

  st_gpu.py --model DIR --texts t32=FILE --texts t128=FILE [--batches 32,256,1024,4096]
            [--peak-only] [--seconds S]
Runs offline (HF_HUB_OFFLINE=1): the model folder is local.
"""
import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")

import torch  # noqa: E402


def result(key, value):
    print("RESULT %s %.6g" % (key, value), flush=True)


def timed_cuda(fn, reps=20, warm=3):
    for _ in range(warm):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        a = torch.cuda.Event(enable_timing=True)
        b = torch.cuda.Event(enable_timing=True)
        a.record()
        fn()
        b.record()
        b.synchronize()
        times.append(a.elapsed_time(b))
    return statistics.median(times)


def ceilings():
    dev = torch.cuda.get_device_properties(0)
    print("## ceilings on %s (%d SMs), torch %s\n" % (dev.name, dev.multi_processor_count, torch.__version__))
    n = 8192
    a = torch.randn(n, n, device="cuda", dtype=torch.float16)
    b = torch.randn(n, n, device="cuda", dtype=torch.float16)
    ms = timed_cuda(lambda: torch.mm(a, b))
    peak = 2 * n ** 3 / (ms * 1e-3) / 1e12
    x = torch.empty(256 * 1024 * 1024, device="cuda", dtype=torch.float32).uniform_()
    y = torch.empty_like(x)
    ms_copy = timed_cuda(lambda: y.copy_(x), reps=10)
    bw = 2 * x.numel() * 4 / (ms_copy * 1e-3) / 1e12
    print("| ceiling | value |\n|---|---|")
    print("| fp16 matmul 8192^3 (cuBLAS via torch, random data) | %.0f TFLOP/s |" % peak)
    print("| device-to-device copy 1 GiB (read + write) | %.2f TB/s |" % bw)
    result("peak_fp16_tflops", peak)
    result("copy_tb_per_s", bw)
    del a, b, x, y
    # cuBLAS on the encoder's shapes (MiniLM: H 384, F 1536) at 16384 tokens
    print("\n| cuBLAS GEMM, M=16384 tokens (fp16, torch.nn.functional.linear) | ms | TFLOP/s |\n|---|---|---|")
    M = 16384
    for name, nout, kin in (("QKV 384->1152", 1152, 384), ("out 384->384", 384, 384),
                            ("up 384->1536", 1536, 384), ("down 1536->384", 384, 1536)):
        xa = torch.randn(M, kin, device="cuda", dtype=torch.float16)
        w = torch.randn(nout, kin, device="cuda", dtype=torch.float16) / kin ** 0.5
        bias = torch.randn(nout, device="cuda", dtype=torch.float16)
        ms = timed_cuda(lambda: torch.nn.functional.linear(xa, w, bias))
        tf = 2 * M * nout * kin / (ms * 1e-3) / 1e12
        print("| %s | %.4f | %.1f |" % (name, ms, tf))
        result("cublas_%s_tflops" % name.split()[0].lower(), tf)
    return peak


def read_texts(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def st_bench(model_dir, label, texts, batches, seconds):
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(model_dir, device="cuda")
    model.half()
    tok = model.tokenizer
    ntok = [len(tok(t, truncation=True, max_length=model.max_seq_length)["input_ids"]) for t in texts[:2000]]
    print("\n## sentence-transformers %s, model.half() on cuda: %s (%d texts, mean %.1f tokens)\n"
          % (getattr(sys.modules["sentence_transformers"], "__version__", "?"), label, len(texts), statistics.mean(ntok)))
    print("| %s: encode(), batch | texts/s (end to end) |\n|---|---|" % label)
    for bsz in batches:
        n = max(4 * bsz, 4096)
        data = [texts[i % len(texts)] for i in range(n)]
        model.encode(data[: min(n, 2 * bsz)], batch_size=bsz)  # warm-up
        rates = []
        t_end = time.time() + seconds
        while True:
            torch.cuda.synchronize()
            t0 = time.time()
            model.encode(data, batch_size=bsz, convert_to_numpy=True)
            torch.cuda.synchronize()
            rates.append(n / (time.time() - t0))
            if time.time() > t_end or len(rates) >= 3:
                break
        r = statistics.median(rates)
        print("| %d | %.0f |" % (bsz, r))
        result("%s.st_b%d_texts_per_s" % (label, bsz), r)
    lat = []
    for i in range(330):
        t0 = time.time()
        model.encode([texts[i % len(texts)]], batch_size=1)
        if i >= 30:
            lat.append((time.time() - t0) * 1e3)
    lat.sort()
    p50, p99 = lat[len(lat) // 2], lat[int(0.99 * (len(lat) - 1))]
    print("\n| %s: encode() of one text | p50 ms | p99 ms |\n|---|---|---|\n| batch 1 | %.3f | %.3f |" % (label, p50, p99))
    result("%s.st_b1_p50_ms" % label, p50)
    result("%s.st_b1_p99_ms" % label, p99)
    # the bare padded forward (no tokenization, no pooling): the anchor's forward-only number
    bsz = 1024
    data = [texts[i % len(texts)] for i in range(bsz)]
    enc = tok(data, padding=True, truncation=True, max_length=model.max_seq_length, return_tensors="pt")
    enc = {k: v.to("cuda") for k, v in enc.items()}
    am = model[0].auto_model
    with torch.inference_mode():
        ms = timed_cuda(lambda: am(**enc), reps=10)
    print("\n| %s: padded forward only, batch %d (%d positions) | %.3f ms | %.0f texts/s |"
          % (label, bsz, enc["input_ids"].shape[1], ms, bsz / (ms * 1e-3)))
    result("%s.st_forward_b1024_texts_per_s" % label, bsz / (ms * 1e-3))
    del model
    torch.cuda.empty_cache()


def ort_check():
    try:
        import onnxruntime as ort
    except Exception as e:  # noqa: BLE001
        print("\nONNX Runtime: not importable (%s)" % e)
        return
    prov = ort.get_available_providers()
    if "CUDAExecutionProvider" not in prov:
        print("\nONNX Runtime %s: no CUDA execution provider here (providers: %s); not benchmarked"
              % (ort.__version__, ", ".join(prov)))
    else:
        print("\nONNX Runtime %s has the CUDA provider; an fp16 export is not benchmarked by this script yet"
              % ort.__version__)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--texts", action="append", default=[], help="label=FILE")
    ap.add_argument("--batches", default="32,256,1024,4096")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--peak-only", action="store_true")
    args = ap.parse_args()
    if not torch.cuda.is_available():
        print("no CUDA device visible to torch")
        return 1
    ceilings()
    if args.peak_only:
        return 0
    batches = [int(x) for x in args.batches.split(",") if x]
    for spec in args.texts:
        label, path = spec.split("=", 1)
        st_bench(args.model, label, read_texts(path), batches, args.seconds)
    ort_check()
    return 0


if __name__ == "__main__":
    sys.exit(main())
