#!/usr/bin/env python3
"""CPU peer benchmark: MiniLM sentence embeddings with ONNX Runtime, sentence-transformers, llama.cpp.

    python bench/peers/bench_peers.py --model models/all-MiniLM-L6-v2 --texts bench/texts/short.txt \
        --engine ort,ort-opt,st --threads 2 --batches 1,8,32,128
    python bench/peers/bench_peers.py --model ... --texts ... --engine ort,llama-f32 --verify

Prints one JSON line per engine x batch on stdout (format: bench/peers/README.md), then a markdown
table on stderr. Engines:
  ort        ONNX Runtime, model.onnx from export_onnx.py, HF `tokenizers` fast tokenizer
             (truncation 256, padding to the longest text of the batch), mean pool + L2 in numpy
  ort-opt    the same with model-opt.onnx (ORT's BERT fusions: Attention, SkipLayerNorm, BiasGelu)
  st         sentence-transformers SentenceTransformer.encode(batch, batch_size=len(batch))
  llama-f32, llama-f16   llama.cpp through llama-cpp-python (GGUF made by llama.sh), packed batches
Every batch is timed end to end: text in, L2-normalised vectors out (tokenisation included).
"""
import argparse
import json
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from quiet import wait_quiet  # noqa: E402
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
MAX_SEQ = 256
# MiniLM-L6 (H=384, F=1536, 6 layers): linear FLOP per token per layer = 2*(4*H*H + 2*H*F),
# attention (Q.K^T and P.V) per sequence of L tokens per layer = 4*L*L*H. Embeddings, LayerNorm,
# softmax, GELU and padding are not counted (bench/peers/README.md).
LAYERS, HID, FFN = 6, 384, 1536
LIN_FLOP = 2 * (4 * HID * HID + 2 * HID * FFN)


def useful_flop(n_tokens):
    return LAYERS * (LIN_FLOP * n_tokens + 4 * HID * n_tokens * n_tokens)


def read_texts(path):
    with open(path, encoding="utf-8") as f:
        return [ln.rstrip("\n") for ln in f if ln.rstrip("\n")]


def batch_at(texts, b, i):
    """Batch i of size b: consecutive slice of the file starting at i*b, wrapping around."""
    n = len(texts)
    s = (i * b) % n
    return [texts[(s + j) % n] for j in range(b)]


def set_thread_env(n):
    # before torch/onnxruntime/tokenizers are imported
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "RAYON_NUM_THREADS"):
        os.environ[k] = str(n)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")


def hf_tokenizer(model_dir, pad=True):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    # tokenizer.json bakes in truncation 128 and fixed padding 128; ST uses max_seq_length 256
    tok.enable_truncation(max_length=MAX_SEQ)
    if pad:
        tok.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest in the batch
    else:
        tok.no_padding()
    return tok


def l2norm(x):
    import numpy as np
    n = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(n, 1e-12)


# ---- engines: each is (name, version string, embed(list[str]) -> np.ndarray [n, 384]) ----------

def engine_ort(model_dir, threads, variant):
    import numpy as np
    import onnxruntime as ort
    import export_onnx
    folder = export_onnx.ensure(model_dir)
    path = os.path.join(folder, "model-opt.onnx" if variant == "ort-opt" else "model.onnx")
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sess = ort.InferenceSession(path, sess_options=so, providers=["CPUExecutionProvider"])
    tok = hf_tokenizer(model_dir)

    def embed(batch):
        enc = tok.encode_batch(batch)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        tt = np.zeros_like(ids)
        h = sess.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": tt})[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (h * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        return l2norm(pooled)

    return "onnxruntime " + ort.__version__, embed


def engine_st(model_dir, threads):
    import torch
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    import sentence_transformers
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(model_dir, device="cpu")
    assert model.max_seq_length == MAX_SEQ, model.max_seq_length

    def embed(batch):
        with torch.inference_mode():
            return model.encode(batch, batch_size=len(batch), convert_to_numpy=True,
                                show_progress_bar=False)

    return "sentence-transformers %s, torch %s" % (sentence_transformers.__version__,
                                                   torch.__version__), embed


def llama_gguf(model_dir, kind):
    d = os.path.join(ROOT, "models", "gguf")
    return os.path.join(d, "%s-%s.gguf" % (os.path.basename(os.path.abspath(model_dir)), kind))


def engine_llama(model_dir, threads, kind, ubatch):
    import numpy as np
    import llama_cpp
    from llama_cpp import Llama
    path = llama_gguf(model_dir, kind)
    if not os.path.exists(path):
        raise SystemExit("missing %s: run bench/peers/llama.sh convert" % path)
    # n_batch = n_ubatch: one embed() call packs whole sequences into decodes of at most ubatch
    # tokens (llama.cpp's non-causal mask spans the whole ubatch, so it is not made huge).
    # flash_attn on, as llama.cpp's own tools default to ("auto"); the bindings default to off,
    # which is ~25% slower on long texts.
    llm = Llama(model_path=path, embedding=True, n_ctx=ubatch, n_batch=ubatch, n_ubatch=ubatch,
                n_threads=threads, n_threads_batch=threads, verbose=False, flash_attn=True,
                pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN)

    def embed(batch):
        return l2norm(np.asarray(llm.embed(batch, normalize=False, truncate=True), dtype=np.float32))

    return "llama-cpp-python %s (llama.cpp vendored), ubatch %d, flash_attn" % (llama_cpp.__version__, ubatch), embed


def make_engine(name, model_dir, threads, ubatch):
    if name in ("ort", "ort-opt"):
        return engine_ort(model_dir, threads, name)
    if name == "st":
        return engine_st(model_dir, threads)
    if name in ("llama-f32", "llama-f16"):
        return engine_llama(model_dir, threads, name.split("-")[1], ubatch)
    raise SystemExit("unknown engine %r" % name)


# ---- measurement -----------------------------------------------------------------------------

def measure(embed, texts, ntok, b, min_time, min_batches, warmup_time, quiet_wait):
    """Warm up on batches 0,1,..; then time batches 0,1,.. again until both minimums are met."""
    busy, waited, quiet = wait_quiet(max_wait=quiet_wait) if quiet_wait > 0 else (-1.0, 0.0, True)
    i, t0 = 0, time.perf_counter()
    while True:
        embed(batch_at(texts, b, i))
        i += 1
        if time.perf_counter() - t0 >= warmup_time:
            break
    lat, sents, toks, flop = [], 0, 0, 0.0
    n = len(texts)
    i, t0, c0 = 0, time.perf_counter(), os.times()
    while True:
        batch = batch_at(texts, b, i)
        s = time.perf_counter()
        out = embed(batch)
        lat.append(time.perf_counter() - s)
        assert out.shape[0] == b
        for j in range(b):
            L = ntok[(i * b + j) % n]
            toks += L
            flop += useful_flop(L)
        sents += b
        i += 1
        el = time.perf_counter() - t0
        if el >= min_time and i >= min_batches:
            break
    c1 = os.times()
    cpu = (c1.user - c0.user) + (c1.system - c0.system)
    lat.sort()

    def q(p):
        return lat[min(len(lat) - 1, int(p * (len(lat) - 1) + 0.5))] * 1e3

    return {"n_batches": i, "sentences": sents, "seconds": round(el, 4),
            "sentences_per_s": round(sents / el, 2), "tokens_per_s": round(toks / el, 1),
            "gflop_per_s": round(flop / el / 1e9, 2), "p50_ms": round(q(0.5), 3),
            "p90_ms": round(q(0.9), 3), "load1": round(os.getloadavg()[0], 2),
            "cpu_s_per_s": round(cpu / el, 2), "others_busy_before": busy, "quiet_waited_s": waited,
            "quiet": quiet}


def cosine_rows(a, b):
    import numpy as np
    a = l2norm(np.asarray(a, dtype=np.float64))
    b = l2norm(np.asarray(b, dtype=np.float64))
    return (a * b).sum(axis=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "all-MiniLM-L6-v2"))
    ap.add_argument("--texts", default=os.path.join(ROOT, "bench", "texts", "short.txt"))
    ap.add_argument("--engine", default="ort,ort-opt,st", help="comma list: ort,ort-opt,st,llama-f32,llama-f16")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batches", default="1,8,32,128")
    ap.add_argument("--min-time", type=float, default=3.0, help="seconds measured per batch size")
    ap.add_argument("--min-batches", type=int, default=3)
    ap.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds (at least one batch)")
    ap.add_argument("--ubatch", type=int, default=256,
                    help="llama.cpp n_batch = n_ubatch in tokens (256: the smallest that holds any text, and the fastest)")
    ap.add_argument("--quiet-wait", type=float, default=30.0,
                    help="before each measurement wait up to this many seconds for other processes "
                         "to leave the CPUs idle (quiet.py; 0: do not wait)")
    ap.add_argument("--verify", action="store_true",
                    help="embed the whole file with each engine (batch 32) and compare with ST")
    ap.add_argument("--check-dump", metavar="F32FILE",
                    help="compare a raw float32 [n_texts x 384] dump (e.g. bench_cpu --dump) with ST")
    ap.add_argument("--label", help="texts label in the JSON (default: file name without .txt)")
    a = ap.parse_args()

    set_thread_env(a.threads)
    import numpy as np
    texts = read_texts(a.texts)
    label = a.label or os.path.splitext(os.path.basename(a.texts))[0]
    counter = hf_tokenizer(a.model, pad=False)
    ntok = [len(e.ids) for e in counter.encode_batch(texts)]
    engines = [e for e in a.engine.split(",") if e]
    batches = [int(x) for x in a.batches.split(",") if x]
    print("# %s: %d texts, tokens mean %.1f min %d max %d (truncated at %d, [CLS]/[SEP] included); "
          "threads %d; %s; python %s" % (label, len(texts), sum(ntok) / len(ntok), min(ntok), max(ntok),
                                         MAX_SEQ, a.threads, platform.processor() or platform.machine(),
                                         platform.python_version()), file=sys.stderr)

    if a.verify or a.check_dump:
        _, st = make_engine("st", a.model, a.threads, a.ubatch)
        ref = np.concatenate([st(texts[i:i + 32]) for i in range(0, len(texts), 32)])
        checks = []
        if a.check_dump:
            got = np.fromfile(a.check_dump, dtype="<f4")
            if got.size != ref.size:
                raise SystemExit("%s: %d floats, expected %d" % (a.check_dump, got.size, ref.size))
            checks.append(("dump:" + os.path.basename(a.check_dump), got.reshape(ref.shape)))
        if a.verify:
            for name in engines:
                if name == "st":
                    continue
                _, emb = make_engine(name, a.model, a.threads, a.ubatch)
                checks.append((name, np.concatenate([emb(texts[i:i + 32]) for i in range(0, len(texts), 32)])))
        bad = 0
        for name, got in checks:
            c = cosine_rows(got, ref)
            rec = {"check": "cosine_vs_st", "engine": name, "texts": label, "n": int(c.size),
                   "min": float("%.9f" % c.min()), "mean": float("%.9f" % c.mean()),
                   "worst_index": int(c.argmin()),
                   "max_abs_diff": float("%.3g" % np.abs(np.asarray(got, np.float64) - ref).max()),
                   "pass_0.9999": bool(c.min() >= 0.9999)}
            print(json.dumps(rec), flush=True)
            bad += not rec["pass_0.9999"] and not name.startswith("llama")
        return 1 if bad else 0

    rows = []
    for name in engines:
        version, embed = make_engine(name, a.model, a.threads, a.ubatch)
        for b in batches:
            r = {"engine": name, "texts": label, "batch": b, "threads": a.threads}
            r.update(measure(embed, texts, ntok, b, a.min_time, a.min_batches, a.warmup, a.quiet_wait))
            r["version"] = version
            print(json.dumps(r), flush=True)
            rows.append(r)
        del embed
    print("\n| engine | texts | batch | sentences/s | tokens/s | GFLOP/s | p50 ms/batch |", file=sys.stderr)
    print("|---|---|---:|---:|---:|---:|---:|", file=sys.stderr)
    for r in rows:
        print("| %s | %s | %d | %.1f | %.0f | %.1f | %.2f |" % (
            r["engine"], r["texts"], r["batch"], r["sentences_per_s"], r["tokens_per_s"],
            r["gflop_per_s"], r["p50_ms"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
