#!/usr/bin/env python3
"""Write golden reference outputs of the real sentence-transformers for embedbatch tests.

    python3 tools/make_golden.py MODEL_DIR [--name NAME] [--corpus tests/golden/corpus-main.json]
                                 [--out tests/golden] [--stress 3000] [--seed 20250101]

MODEL_DIR is a Hugging Face / sentence-transformers folder (scripts/get-model.sh NAME puts one in
models/NAME). Needs the packages pinned in tools/requirements-golden.txt.

Writes to OUT/NAME/ (NAME defaults to the folder's name):
  texts.bin     u32 LE count, then per text: u32 LE byte length + raw UTF-8 bytes
  ids.bin       per text: u32 LE n, then n x i32 LE token ids (input_ids as sentence-transformers
                makes them for this model: [CLS] ... [SEP], truncated to max_seq_length, no padding)
  emb.f32       count x dim float32 LE: SentenceTransformer.encode() output (the model's own modules,
                so normalized only where the model has a Normalize module), batch_size 1
  corpus.json   the texts with their names and token counts, for humans
  ids.txt       one line per text: space-separated ids
  tok-stress.bin  tokenizer-only set of --stress generated strings (fixed seed): u32 count, then per
                item: u32 len, UTF-8 bytes, u32 n, n x i32 ids
  meta.json     model facts, sha256 of the model files and of every output, package versions, date
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import random
import struct
import sys
import unicodedata


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


# --------------------------------------------------------------------------- tokenization
def st_token_ids(model, texts, batch=256):
    """input_ids exactly as sentence-transformers builds them for encode(), padding removed."""
    out = []
    prep = getattr(model, "preprocess", None) or model.tokenize
    for i in range(0, len(texts), batch):
        chunk = list(texts[i:i + batch])
        feats = prep(chunk)
        ids = feats["input_ids"]
        mask = feats["attention_mask"]
        for row, m in zip(ids.tolist(), mask.tolist()):
            n = int(sum(m))
            if any(m[:n]) and not all(m[:n]):
                raise SystemExit("unexpected left padding in the attention mask")
            out.append([int(x) for x in row[:n]])
    return out


def hf_token_ids(tokenizer, texts, max_len):
    enc = tokenizer(list(texts), truncation=True, max_length=max_len, padding=False,
                    add_special_tokens=True)
    return [list(x) for x in enc["input_ids"]]


# --------------------------------------------------------------------------- stress strings
BLOCKS = [
    (0x0000, 0x001F, "C0 controls"), (0x007F, 0x009F, "DEL + C1 controls"),
    (0x0020, 0x007E, "ASCII"), (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x024F, "Latin Extended-A/B"), (0x0250, 0x02FF, "IPA + spacing modifiers"),
    (0x0300, 0x036F, "Combining Diacritical Marks"), (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"), (0x0530, 0x058F, "Armenian"), (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"), (0x0900, 0x097F, "Devanagari"), (0x0E00, 0x0E7F, "Thai"),
    (0x10A0, 0x10FF, "Georgian"), (0x1100, 0x11FF, "Hangul Jamo"),
    (0x1AB0, 0x1AFF, "Combining Extended"), (0x1E00, 0x1EFF, "Latin Extended Additional"),
    (0x1F00, 0x1FFF, "Greek Extended"), (0x2000, 0x206F, "General Punctuation"),
    (0x2070, 0x209F, "Super/Subscripts"), (0x20A0, 0x20CF, "Currency"),
    (0x20D0, 0x20FF, "Combining for Symbols"), (0x2100, 0x218F, "Letterlike + Number Forms"),
    (0x2190, 0x22FF, "Arrows + Math Operators"), (0x2300, 0x23FF, "Misc Technical"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics"), (0x2500, 0x25FF, "Box + Geometric"),
    (0x2600, 0x27BF, "Misc Symbols + Dingbats"), (0x2E80, 0x2FDF, "CJK Radicals"),
    (0x2FE0, 0x2FEF, "unassigned"), (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3040, 0x30FF, "Hiragana + Katakana"), (0x3130, 0x318F, "Hangul Compatibility Jamo"),
    (0x3200, 0x33FF, "Enclosed CJK + Compatibility"), (0x3400, 0x4DBF, "CJK Ext A"),
    (0x4DC0, 0x4DFF, "Yijing"), (0x4E00, 0x9FFF, "CJK Unified"), (0xA000, 0xA4CF, "Yi"),
    (0xAC00, 0xD7A3, "Hangul Syllables"), (0xE000, 0xF8FF, "Private Use"),
    (0xF900, 0xFAFF, "CJK Compatibility Ideographs"), (0xFB00, 0xFB4F, "Alphabetic Presentation"),
    (0xFB50, 0xFDFF, "Arabic Presentation A"), (0xFDD0, 0xFDEF, "noncharacters"),
    (0xFE00, 0xFE0F, "Variation Selectors"), (0xFE10, 0xFE6F, "Vertical/Small forms"),
    (0xFE70, 0xFEFF, "Arabic Presentation B + BOM"), (0xFF00, 0xFFEF, "Halfwidth/Fullwidth"),
    (0xFFF0, 0xFFFF, "Specials (FFFD, noncharacters)"), (0x10000, 0x1007F, "Linear B"),
    (0x1D400, 0x1D7FF, "Math Alphanumeric"), (0x1F000, 0x1F2FF, "Mahjong/Domino/Enclosed"),
    (0x1F300, 0x1F64F, "Emoji + Emoticons"), (0x1F680, 0x1F6FF, "Transport"),
    (0x1F900, 0x1FAFF, "Supplemental Symbols"), (0x1FFFE, 0x1FFFF, "noncharacters"),
    (0x20000, 0x2A6DF, "CJK Ext B"), (0x2A700, 0x2B81F, "CJK Ext C/D"),
    (0x2B820, 0x2B91F, "CJK Ext E start (2B820-2B91F gap)"), (0x2B920, 0x2CEAF, "CJK Ext E rest"),
    (0x2CEB0, 0x2EBEF, "CJK Ext F"), (0x2F800, 0x2FA1F, "CJK Compat Supplement"),
    (0x30000, 0x3134F, "CJK Ext G"), (0xE0000, 0xE007F, "Tags"),
    (0xE0100, 0xE01EF, "Variation Selectors Supplement"), (0xF0000, 0xF00FF, "Supplementary PUA"),
    (0x10FFF0, 0x10FFFF, "end of Unicode"),
]
WHITESPACE = ["\t", "\n", "\x0b", "\x0c", "\r", " ", "\x85", "\xa0", "\u1680", "\u2000", "\u2001",
              "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008", "\u2009",
              "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000",
              "\u180e", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]  # last 6: not White_Space
SPECIALS = ["[SEP]", "[CLS]", "[MASK]", "[PAD]", "[UNK]", "[sep]", "[Cls]", "[SEP", "SEP]",
            "[ SEP ]", "x[SEP]y", "[SEP][CLS]", "##", "##ing", "[unused0]", "[unused99]"]
WORDS_EN = ("the of and to in is was for on that with as by at from it an be this are or his "
            "which had not but have they you were her she all there been one their has more "
            "embedding tokenizer unbelievable internationalization transformer running quickly "
            "McDonald iPhone résumé naïve Zürich straße İstanbul").split()


def rand_cp(rng):
    lo, hi, _ = rng.choice(BLOCKS)
    while True:
        cp = rng.randint(lo, hi)
        if not 0xD800 <= cp <= 0xDFFF:
            return chr(cp)


def make_stress(rng, vocab_tokens, n):
    def vocab_word():
        t = rng.choice(vocab_tokens)
        return t[2:] if t.startswith("##") else t

    def seg():
        k = rng.random()
        if k < 0.30:    # words from the vocabulary, random case
            ws = [vocab_word() for _ in range(rng.randint(1, 8))]
            mode = rng.random()
            if mode < 0.2:
                ws = [w.upper() for w in ws]
            elif mode < 0.4:
                ws = [w.capitalize() for w in ws]
            return (" " if rng.random() < 0.8 else "").join(ws)
        if k < 0.40:    # English words
            return " ".join(rng.choice(WORDS_EN) for _ in range(rng.randint(1, 10)))
        if k < 0.65:    # random code points from many blocks
            return "".join(rand_cp(rng) for _ in range(rng.randint(1, 12)))
        if k < 0.72:    # whitespace runs
            return "".join(rng.choice(WHITESPACE) for _ in range(rng.randint(1, 4)))
        if k < 0.78:    # special-token literals
            return rng.choice(SPECIALS)
        if k < 0.84:    # long words around the 100-char limit
            L = rng.choice([rng.randint(90, 110), 99, 100, 101, rng.randint(111, 200)])
            if rng.random() < 0.5:
                w = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(L))
            else:
                w = ""
                while len(w) < L:
                    w += vocab_word()
                w = w[:L]
            if rng.random() < 0.3:   # a combining mark inside shifts the count after stripping
                p = rng.randrange(len(w) + 1)
                w = w[:p] + rng.choice("\u0301\u0300\u0308\u0327") + w[p:]
            return w
        if k < 0.90:    # letters + accents + combining marks + diacritics
            base = "".join(rng.choice("aeiouAEIOUnNcCsSzZyY") for _ in range(rng.randint(1, 6)))
            return "".join(ch + (rng.choice("\u0300\u0301\u0302\u0303\u0308\u030a\u030c\u0327")
                                 if rng.random() < 0.5 else "") for ch in base)
        if k < 0.95:    # punctuation / symbols / digits
            return "".join(rng.choice("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~0123456789¿¡«»“”—…·§¶")
                           for _ in range(rng.randint(1, 8)))
        # emoji sequences (ZWJ, skin tones, flags, keycaps)
        return rng.choice(["👨\u200d👩\u200d👧", "👍🏽", "🏳\ufe0f\u200d🌈", "🇯🇵", "1\ufe0f\u20e3",
                           "❤\ufe0f", "🧑🏿\u200d💻", "😀😃😄"])

    out = []
    for i in range(n):
        parts = rng.randint(1, 6)
        if rng.random() < 0.03:
            parts = rng.randint(60, 160)     # long: exercises truncation
        s = ""
        for _ in range(parts):
            s += seg() + rng.choice([" ", " ", " ", "", "\n", "\t", "  ", ", ", ". "])
        if rng.random() < 0.5:
            s = s.strip(" ")
        out.append(s)
    return out


# --------------------------------------------------------------------------- writers
def write_texts_bin(path, texts):
    with open(path, "wb") as f:
        f.write(struct.pack("<I", len(texts)))
        for t in texts:
            b = t.encode("utf-8")
            f.write(struct.pack("<I", len(b)))
            f.write(b)


def write_ids_bin(path, ids):
    with open(path, "wb") as f:
        for row in ids:
            f.write(struct.pack("<I%di" % len(row), len(row), *row))


def write_stress_bin(path, texts, ids):
    with open(path, "wb") as f:
        f.write(struct.pack("<I", len(texts)))
        for t, row in zip(texts, ids):
            b = t.encode("utf-8")
            f.write(struct.pack("<I", len(b)))
            f.write(b)
            f.write(struct.pack("<I%di" % len(row), len(row), *row))


def pkg_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:
        return None


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model_dir")
    ap.add_argument("--name", help="output subfolder (default: the model folder's name)")
    ap.add_argument("--corpus", default=os.path.join(root, "tests", "golden", "corpus-main.json"))
    ap.add_argument("--out", default=os.path.join(root, "tests", "golden"))
    ap.add_argument("--stress", type=int, default=3000, help="number of tokenizer stress strings (0: none)")
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 = reproducible)")
    args = ap.parse_args(argv)

    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(args.threads)
    mdir = os.path.abspath(args.model_dir)
    name = args.name or os.path.basename(mdir.rstrip("/"))
    out = os.path.join(args.out, name)
    os.makedirs(out, exist_ok=True)

    with open(args.corpus, encoding="utf-8") as f:
        corpus = json.load(f)["texts"]
    names = [c["name"] for c in corpus]
    texts = [c["text"] for c in corpus]

    model = SentenceTransformer(mdir, device="cpu")
    model.eval()
    max_len = int(model.max_seq_length)
    dim_fn = getattr(model, "get_embedding_dimension", None) or \
        getattr(model, "get_sentence_embedding_dimension")
    dim = int(dim_fn())
    tokenizer = model[0].tokenizer
    modules = [type(m).__name__ for m in model]
    with open(os.path.join(mdir, "modules.json"), encoding="utf-8") as f:
        modcfg = json.load(f)
    pool_path = [m["path"] for m in modcfg if m["type"].endswith("Pooling")]
    pool_cfg = {}
    if pool_path:
        with open(os.path.join(mdir, pool_path[0], "config.json"), encoding="utf-8") as f:
            pool_cfg = json.load(f)
    pooling = [k[len("pooling_mode_"):] for k, v in pool_cfg.items()
               if k.startswith("pooling_mode_") and v is True]
    normalize = any(m["type"].endswith("Normalize") for m in modcfg)

    # ---- token ids (sentence-transformers' own preprocessing), cross-checked with the tokenizer
    ids = st_token_ids(model, texts)
    hf_ids = hf_token_ids(tokenizer, texts, max_len)
    mism = [names[i] for i in range(len(texts)) if ids[i] != hf_ids[i]]
    if mism:
        print("WARNING: sentence-transformers and the raw tokenizer disagree on:", mism, file=sys.stderr)
    assert all(2 <= len(r) <= max_len for r in ids)

    # ---- embeddings
    with torch.inference_mode():
        emb = model.encode(texts, batch_size=1, convert_to_numpy=True, show_progress_bar=False)
        emb32 = model.encode(texts, batch_size=32, convert_to_numpy=True, show_progress_bar=False)
    emb = np.ascontiguousarray(emb, dtype="<f4")
    assert emb.shape == (len(texts), dim), emb.shape
    assert np.isfinite(emb).all()
    batch_maxabs = float(np.abs(emb - emb32).max())
    norms = np.linalg.norm(emb, axis=1)

    # ---- stress set
    stress_texts, stress_ids = [], []
    if args.stress > 0:
        rng = random.Random(args.seed)
        vocab = tokenizer.get_vocab()
        vocab_tokens = sorted((t for t in vocab if not (t.startswith("[") and t.endswith("]"))),
                              key=vocab.get)
        stress_texts = make_stress(rng, vocab_tokens, args.stress)
        for t in stress_texts:
            t.encode("utf-8")
        stress_ids = st_token_ids(model, stress_texts)
        hf_s = hf_token_ids(tokenizer, stress_texts, max_len)
        smism = sum(1 for a, b in zip(stress_ids, hf_s) if a != b)
        if smism:
            print("WARNING: %d stress strings tokenize differently in ST and the raw tokenizer" % smism,
                  file=sys.stderr)

    # ---- write
    files = {}
    write_texts_bin(os.path.join(out, "texts.bin"), texts)
    write_ids_bin(os.path.join(out, "ids.bin"), ids)
    with open(os.path.join(out, "emb.f32"), "wb") as f:
        f.write(emb.tobytes())
    with open(os.path.join(out, "ids.txt"), "w", encoding="utf-8", newline="\n") as f:
        for row in ids:
            f.write(" ".join(map(str, row)) + "\n")
    with open(os.path.join(out, "corpus.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump([{"name": n, "text": t, "n_tokens": len(r)} for n, t, r in zip(names, texts, ids)],
                  f, ensure_ascii=True, indent=1)
        f.write("\n")
    if stress_texts:
        write_stress_bin(os.path.join(out, "tok-stress.bin"), stress_texts, stress_ids)
    for fn in ("texts.bin", "ids.bin", "emb.f32", "ids.txt", "corpus.json", "tok-stress.bin"):
        p = os.path.join(out, fn)
        if os.path.exists(p):
            files[fn] = {"bytes": os.path.getsize(p), "sha256": sha256_file(p)}

    def fsha(fn):
        p = os.path.join(mdir, fn)
        return sha256_file(p) if os.path.exists(p) else None

    meta = {
        "model": name,
        "model_dir": os.path.relpath(mdir, root) if mdir.startswith(root) else mdir,
        "dim": dim,
        "count": len(texts),
        "max_seq_length": max_len,
        "modules": modules,
        "pooling": pooling,
        "normalize": normalize,
        "do_lower_case_st": bool(getattr(model[0], "do_lower_case", False)),
        "model_safetensors_sha256": fsha("model.safetensors"),
        "tokenizer_json_sha256": fsha("tokenizer.json"),
        "config_json_sha256": fsha("config.json"),
        "corpus": os.path.relpath(os.path.abspath(args.corpus), root),
        "corpus_sha256": sha256_file(args.corpus),
        "encode": {"batch_size": 1, "device": "cpu", "torch_threads": args.threads,
                   "max_abs_diff_vs_batch_32": batch_maxabs,
                   "norm_min": float(norms.min()), "norm_max": float(norms.max())},
        "ids_source": "SentenceTransformer.preprocess() input_ids, padding removed via attention_mask",
        "st_vs_tokenizer_mismatches": mism,
        "stress": {"count": len(stress_texts), "seed": args.seed,
                   "generator": "tools/make_golden.py make_stress()",
                   "at_max_seq_length": sum(1 for r in stress_ids if len(r) == max_len)},
        "corpus_at_max_seq_length": [n for n, r in zip(names, ids) if len(r) == max_len],
        "files": files,
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": pkg_version("transformers"),
            "sentence-transformers": pkg_version("sentence-transformers"),
            "tokenizers": pkg_version("tokenizers"),
            "numpy": np.__version__,
            "safetensors": pkg_version("safetensors"),
        },
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "formats": {
            "texts.bin": "u32 LE count; per text: u32 LE byte length, UTF-8 bytes",
            "ids.bin": "per text: u32 LE n, n x i32 LE ids",
            "emb.f32": "count x dim float32 LE, row-major",
            "tok-stress.bin": "u32 LE count; per item: u32 LE byte length, UTF-8 bytes, u32 LE n, n x i32 LE ids",
        },
    }
    with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(meta, f, indent=1, ensure_ascii=True)
        f.write("\n")
    total = sum(v["bytes"] for v in files.values())
    print("%s: %d texts, dim %d, max_seq_length %d, pooling %s, normalize %s, %d stress strings, "
          "%d bytes; batch-1 vs batch-32 max |diff| %.2e"
          % (out, len(texts), dim, max_len, "+".join(pooling), normalize, len(stress_texts),
             total, batch_maxabs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
