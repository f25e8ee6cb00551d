#!/usr/bin/env python3
"""Differential check of src/eb_tokenizer.h against the reference (Hugging Face `tokenizers`,
the Rust fast tokenizer sentence-transformers uses), on generated stress text.

Usage: pip install tokenizers==0.23.3 transformers==5.23.0
       tools/tokenizer_diff.py [--model DIR] [--max-ids 256] [--seed 1] [--quick]
                               [--dump tok-stress.bin]

Checks the normalized string (max_ids -1 in the output) and the ids. Also runs tokenizer.json variants (other normalizer flags, added tokens of every kind,
other max_input_chars_per_word), and model folders through transformers' AutoTokenizer (what
sentence-transformers calls: it takes normalizer flags from tokenizer_config.json). Sets: every code point alone and inside words, random strings from many Unicode blocks,
combining-mark runs, long words, special tokens glued to text, invalid UTF-8 (compared with
the reference on bytes.decode("utf-8", "replace")), truncation at several max_ids, and both
loaders (tokenizer.json and vocab.txt). Exit status 1 on any difference.
--dump writes the generated valid-UTF-8 cases with the reference ids in the tok-stress.bin
format: u32 count, then per item u32 len, bytes, u32 n, n x i32.
"""
import argparse
import os
import random
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DRIVER = r"""
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
/* driver LOADER max_ids < texts > ids; LOADER = dir:PATH | json:PATH | vocab:PATH */
int main(int argc, char **argv) {
    eb__tokenizer *t = NULL; eb_status st; uint32_t n, i, len; int max_ids;
    char *buf = NULL, *b = NULL; size_t cap = 0, l = 0; int32_t *ids;
    if (argc != 3) return 2;
    max_ids = atoi(argv[2]);
    ids = (int32_t *)malloc(sizeof(int32_t) * (size_t)(max_ids > 0 ? max_ids : 1));
    if (strncmp(argv[1], "dir:", 4) == 0) st = eb__tokenizer_load_dir(argv[1] + 4, NULL, &t);
    else if ((st = eb__tk_read_file(argv[1] + (argv[1][0] == 'j' ? 5 : 6), NULL, &b, &l)) == EB_OK)
        st = argv[1][0] == 'j' ? eb__tokenizer_load_json(b, l, NULL, &t) : eb__tokenizer_load_vocab(b, l, 1, NULL, &t);
    if (st != EB_OK) { fprintf(stderr, "load: %s\n", eb_last_error()); return 1; }
    if (fread(&n, 4, 1, stdin) != 1) return 1;
    for (i = 0; i < n; i++) {
        uint32_t m; int k;
        if (fread(&len, 4, 1, stdin) != 1) return 1;
        if (len + 1 > cap) { cap = len + 1; buf = (char *)realloc(buf, cap); }
        if (len && fread(buf, 1, len, stdin) != len) return 1;
        if (max_ids < 0) {   /* normalizer only: normalized bytes, one per int */
            size_t j, ncap = (size_t)len * 20 + 64;
            unsigned char *nb = (unsigned char *)malloc(ncap);
            k = eb__tk_normalize_str(t, buf, len, nb, (int)ncap);
            if (k > max_ids * -1) { ids = (int32_t *)realloc(ids, sizeof(int32_t) * (size_t)k); max_ids = -k; }
            for (j = 0; j < (size_t)k; j++) ids[j] = nb[j];
            free(nb);
        } else {
            k = eb__tokenizer_encode(t, buf, len, ids, max_ids);
        }
        m = (uint32_t)k; fwrite(&m, 4, 1, stdout); if (k > 0) fwrite(ids, 4, (size_t)k, stdout);
    }
    eb__tokenizer_free(t); free(ids); free(buf); free(b);
    return 0;
}
"""


def build_driver(tmp):
    src = os.path.join(tmp, "drv.c")
    exe = os.path.join(tmp, "drv")
    with open(src, "w") as f:
        f.write(DRIVER)
    subprocess.check_call([os.environ.get("CC", "cc"), "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror",
                           "-I" + ROOT, src, "-o", exe, "-lpthread", "-lm"])
    return exe


def run_driver(exe, loader, max_ids, texts):
    data = [struct.pack("<I", len(texts))]
    for t in texts:
        data.append(struct.pack("<I", len(t)))
        data.append(t)
    out = subprocess.run([exe, loader, str(max_ids)], input=b"".join(data), stdout=subprocess.PIPE,
                         check=True).stdout
    res, i = [], 0
    for _ in texts:
        (n,) = struct.unpack_from("<I", out, i)
        i += 4
        res.append(list(struct.unpack_from("<%di" % n, out, i)))
        i += 4 * n
    return res


def reference(model_dir, max_ids, texts, json_path=None):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(json_path or os.path.join(model_dir, "tokenizer.json"))
    if max_ids < 0:
        return [list(tok.normalizer.normalize_str(t.decode("utf-8", "replace")).encode("utf-8")) for t in texts]
    tok.no_padding()
    tok.enable_truncation(max_ids)   # ST: truncation to max_seq_length, specials included
    strs = [t.decode("utf-8", "replace") for t in texts]
    return [e.ids for e in tok.encode_batch(strs)]


BLOCKS = [(0x20, 0x7E), (0xA0, 0x24F), (0x250, 0x2FF), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x52F),
          (0x530, 0x58F), (0x590, 0x5FF), (0x600, 0x6FF), (0x700, 0x8FF), (0x900, 0xDFF), (0xE00, 0xEFF),
          (0xF00, 0xFFF), (0x1000, 0x10FF), (0x1100, 0x11FF), (0x1200, 0x1FFF), (0x2000, 0x206F),
          (0x2070, 0x2BFF), (0x2C00, 0x2E7F), (0x2E80, 0x2FFF), (0x3000, 0x30FF), (0x3100, 0x33FF),
          (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA000, 0xABFF), (0xAC00, 0xD7FF), (0xE000, 0xF8FF),
          (0xF900, 0xFAFF), (0xFB00, 0xFFFF), (0x10000, 0x1FFFF), (0x1D100, 0x1D24F), (0x1F300, 0x1FAFF),
          (0x20000, 0x2FFFF), (0x30000, 0x323AF), (0xE0000, 0xE01EF), (0xF0000, 0x10FFFF)]
COMBINING = [0x300, 0x301, 0x308, 0x316, 0x323, 0x327, 0x334, 0x345, 0x5B0, 0x5C7, 0x64B, 0x670, 0x93C,
             0x94D, 0xE38, 0xF71, 0xF72, 0xF74, 0xF80, 0x1DFB, 0x1D165, 0x1D16D, 0x302A, 0x302E, 0x3099,
             0x8D4, 0x8E3, 0x1AB0, 0x20D0, 0xFE20, 0x1E944, 0x11A3F, 0x0B55, 0x1734, 0x0F39]
SPECIALS = ["[CLS]", "[SEP]", "[UNK]", "[PAD]", "[MASK]", "[SEP", "[[SEP]]", "[sep]", "[MASK]]",
            "<x>", "a<x>", "<x>_", "[MASK]x", " lst ", "lst", "NEW_tok", "new_tok", "Hello2", "singing",
            "ing", "東京", "HELLO", "qab", "qabcq", "xqabcq", "qbcq", "zxyzz", "ZXYZZ", "ZxyZZ", "a zxy",
            "zxy "]
WORDS = ["hello", "world", "naïve", "Café", "crème", "brûlée", "ΟΔΥΣΣΕΥΣ", "straße", "İstanbul", "Ǆemal",
         "東京", "서울", "ｆｕｌｌｗｉｄｔｈ", "emoji😀x", "x²", "ﬁne", "unbelievable", "tokenization",
         "U.S.A.", "e-mail", "3.14159", "$100", "#hashtag", "@user", "a_b", "don't", "ǅ", "ﬃ", "Ω", "K"]


def rnd_cp(rng):
    a, b = rng.choice(BLOCKS)
    c = rng.randint(a, b)
    return c if not 0xD800 <= c <= 0xDFFF else 0xFFFD


def gen_cases(rng, quick):
    cases = []
    step = 7 if quick else 1
    # every code point alone, between letters, and at a word's edge (valid UTF-8 only)
    cps = [c for c in range(0, 0x110000, step) if not 0xD800 <= c <= 0xDFFF]
    for i in range(0, len(cps), 64):
        chunk = cps[i:i + 64]
        cases.append("".join(chr(c) + " " for c in chunk))
        cases.append("".join("a" + chr(c) + "b " for c in chunk))
        cases.append("".join("É" + chr(c) + "\u0301 " for c in chunk))
    # random strings from many blocks
    for _ in range(2000 if quick else 20000):
        n = rng.randint(1, 40)
        s = []
        for _ in range(n):
            r = rng.random()
            if r < 0.15:
                s.append(" ")
            elif r < 0.25:
                s.append(chr(rng.choice(COMBINING)))
            elif r < 0.35:
                s.append(rng.choice(WORDS))
            elif r < 0.38:
                s.append(rng.choice(SPECIALS))
            else:
                s.append(chr(rnd_cp(rng)))
        cases.append("".join(s))
    # combining runs (canonical ordering), Hangul, long words, many words
    for _ in range(500):
        base = rng.choice("aeouAEOUñ가각ᄀ" + chr(0x1D15F))
        marks = "".join(chr(rng.choice(COMBINING)) for _ in range(rng.randint(1, 12)))
        cases.append(base + marks + rng.choice(["", "x", " y", "\u0301"]))
    for n in (15, 16, 17, 40, 1000):   # runs of surviving marks (Adlam, ccc 230 and 7) past 32
        cases.append("a" + "\U0001E944\U0001E94A" * n + " b")
        cases.append("x" + "\U0001E944\u0301\U0001E94A\u0F71" * n)
    for n in (99, 100, 101, 150, 1000):
        cases.append("a" * n)
        cases.append("é" * n)
        cases.append("x" + "é" * (n - 1) + " end")
        cases.append("İ" * (n // 2 + 1))
    cases.append(" ".join(rng.choice(WORDS) for _ in range(3000)))
    cases.append("[SEP]" * 300)
    cases.append("")
    cases.append("   \t\n  ")
    cases.append("\x00\x01\u200b\ufeff\ufffd")
    return [c.encode("utf-8") for c in cases]


def gen_invalid(rng):
    out = [b"\xff", b"\xc0\x80", b"\xe0\x80\x80", b"\xed\xa0\x80x", b"\xf4\x90\x80\x80", b"a\xe2\x82b",
           b"\xf0\x9f\x98", b"caf\xc3", b"[SEP\xff]", b"\xc3[SEP]\xa9", b"\x80\x80[CLS]"]
    for _ in range(3000):
        b = bytearray()
        for _ in range(rng.randint(1, 30)):
            r = rng.random()
            if r < 0.3:
                b += rng.choice([b"a", b"Z", b" ", b"[SEP]", "é".encode(), "東".encode(), "😀".encode()])
            else:
                b.append(rng.randint(0x80, 0xFF) if r < 0.8 else rng.randint(0, 0xFF))
        out.append(bytes(b))
    return out


def variants(model_dir, tmp):
    """tokenizer.json variants: other normalizer flags, added tokens of every kind, long words."""
    import json
    with open(os.path.join(model_dir, "tokenizer.json"), encoding="utf-8") as f:
        base = json.load(f)

    def tok(content, **kw):
        d = {"id": 0, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": True, "special": False}
        d.update(kw)
        return d

    out = []
    for name, norm, added, maxc in [
            ("cased", (True, True, None, False), [], 100),
            ("lower-nostrip", (True, True, False, True), [], 100),
            ("strip-nolower", (True, False, True, False), [], 100),
            ("raw", (False, False, False, False), [], 100),
            ("added", (True, True, None, True),
             [tok("Hello2"), tok("<x>", single_word=True, normalized=False), tok("\u00e9"),
              tok("ing", single_word=True), tok("[MASK]x", normalized=False, special=True),
              tok(" lst", lstrip=True, rstrip=True, normalized=False), tok("\u6771\u4eac"),
              tok("NEW_tok", normalized=False), tok("hello", normalized=True)], 100),
            ("added-overlap", (True, True, None, True),
             [tok("qab", single_word=True, normalized=False), tok("bcq", normalized=False),
              tok("Zxy", single_word=True), tok("yzz"), tok("q", normalized=False)], 100),
            ("maxchars5", (True, True, None, True), [], 5),
            ("maxchars300", (True, True, None, True), [], 300)]:
        j = json.loads(json.dumps(base))
        j["normalizer"] = {"type": "BertNormalizer", "clean_text": norm[0], "handle_chinese_chars": norm[1],
                           "strip_accents": norm[2], "lowercase": norm[3]}
        j["added_tokens"] = j["added_tokens"] + added
        j["model"]["max_input_chars_per_word"] = maxc
        path = os.path.join(tmp, "tok-%s.json" % name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(j, f)
        out.append((name, path))
    return out


def model_dirs(model_dir, tmp):
    """Model folders as transformers (what sentence-transformers calls) loads them: a BERT-family
    tokenizer class takes its normalizer flags from tokenizer_config.json, not tokenizer.json."""
    import json
    import shutil
    out = []

    def make(name, tok_edit, cfg_edit, files=("tokenizer.json", "tokenizer_config.json", "vocab.txt", "config.json",
                                              "special_tokens_map.json")):
        d = os.path.join(tmp, "dir-" + name)
        os.makedirs(d)
        for fn in files:
            if os.path.exists(os.path.join(model_dir, fn)):
                shutil.copy(os.path.join(model_dir, fn), d)
        for fn, edit in (("tokenizer.json", tok_edit), ("tokenizer_config.json", cfg_edit)):
            p = os.path.join(d, fn)
            if edit and os.path.exists(p):
                with open(p, encoding="utf-8") as f:
                    j = json.load(f)
                edit(j)
                with open(p, "w", encoding="utf-8") as f:
                    json.dump(j, f)
        out.append((name, d))

    def tok_cased(j):
        j["normalizer"].update(lowercase=False, strip_accents=False)
        j["model"]["max_input_chars_per_word"] = 5

    def cfg_no_lower(j):
        j.pop("do_lower_case", None)
        j["strip_accents"] = False

    def cfg_cased(j):
        j["do_lower_case"] = False
        j["tokenize_chinese_chars"] = False

    def cfg_no_class(j):
        j.pop("tokenizer_class", None)
        j["do_lower_case"] = False

    def cfg_generic(j):
        j["tokenizer_class"] = "PreTrainedTokenizerFast"

    make("as-is", None, None)
    make("json-cased-cfg-default", tok_cased, None)
    make("cfg-no-lower-strip-false", tok_cased, cfg_no_lower)
    make("cfg-cased-nocjk", None, cfg_cased)
    make("cfg-no-class", None, cfg_no_class)
    make("cfg-generic-class", tok_cased, cfg_generic)
    make("vocab-only-cased", None, cfg_cased, ("tokenizer_config.json", "vocab.txt", "config.json"))
    return out


def transformers_ids(d, texts, max_ids):
    from transformers import AutoTokenizer
    tok = AutoTokenizer.from_pretrained(d)
    strs = [t.decode("utf-8", "replace") for t in texts]
    return [list(x) for x in tok(strs, truncation=True, max_length=max_ids, padding=False)["input_ids"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.environ.get("EB_MODEL_DIR", os.path.join(ROOT, "models", "all-MiniLM-L6-v2")))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--dump")
    ap.add_argument("--no-transformers", action="store_true", help="skip the model-folder checks against transformers")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    valid = gen_cases(rng, args.quick)
    invalid = gen_invalid(rng)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        exe = build_driver(tmp)
        for max_ids in (-1, 256, 2, 3, 17, 512):
            texts = valid + invalid if max_ids in (-1, 256) else valid[::5]
            want = reference(args.model, max_ids, texts)
            loaders = ["json:" + os.path.join(args.model, "tokenizer.json"), "dir:" + args.model]
            if max_ids < 0:
                loaders = loaders[:1]
            if max_ids == 256:
                loaders.append("vocab:" + os.path.join(args.model, "vocab.txt"))
            for loader in loaders:
                got = run_driver(exe, loader, max_ids, texts)
                diff = [i for i in range(len(texts)) if got[i] != want[i]]
                print("max_ids %3d  %-6s %6d texts  %d differ" % (max_ids, loader.split(":")[0], len(texts), len(diff)))
                for i in diff[:5]:
                    print("   text %r\n   want %s\n   got  %s" % (texts[i][:200], want[i][:40], got[i][:40]))
                bad += len(diff)
            if max_ids == 256:
                for name, path in variants(args.model, tmp):
                    texts = valid[::3] + invalid[::3]
                    want = reference(args.model, max_ids, texts, path)
                    got = run_driver(exe, "json:" + path, max_ids, texts)
                    diff = [i for i in range(len(texts)) if got[i] != want[i]]
                    print("max_ids %3d  %-13s %6d texts  %d differ" % (max_ids, name, len(texts), len(diff)))
                    for i in diff[:5]:
                        print("   text %r\n   want %s\n   got  %s" % (texts[i][:200], want[i][:40], got[i][:40]))
                    bad += len(diff)
            if max_ids == 256 and not args.no_transformers:
                texts = valid[::13] + invalid[::13]
                for name, d in model_dirs(args.model, tmp):
                    want = transformers_ids(d, texts, max_ids)
                    got = run_driver(exe, "dir:" + d, max_ids, texts)
                    diff = [i for i in range(len(texts)) if got[i] != want[i]]
                    print("max_ids %3d  transformers %-24s %5d texts  %d differ" % (max_ids, name, len(texts), len(diff)))
                    for i in diff[:3]:
                        print("   text %r\n   want %s\n   got  %s" % (texts[i][:200], want[i][:40], got[i][:40]))
                    bad += len(diff)
            if max_ids == 256 and args.dump:
                with open(args.dump, "wb") as f:
                    f.write(struct.pack("<I", len(valid)))
                    for t, ids in zip(valid, want):
                        f.write(struct.pack("<I", len(t)) + t + struct.pack("<I", len(ids)))
                        f.write(struct.pack("<%di" % len(ids), *ids))
    print("total differences: %d" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
