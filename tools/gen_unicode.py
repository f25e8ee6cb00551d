#!/usr/bin/env python3
"""Generates src/eb_unicode_tables.h: the per-code-point data the BERT tokenizer needs.

Usage:  pip install tokenizers==0.23.3 && tools/gen_unicode.py [--check]

Why the tables come from the reference itself. sentence-transformers tokenizes with the Hugging
Face fast tokenizer (Rust `tokenizers`), whose BERT pipeline mixes three Unicode versions:
  * crate unicode_categories 0.1 (Unicode 8.0): clean_text's is_other (Cc/Cf/Co),
    BertPreTokenizer's is_punctuation (P*), strip_accents' is_mark_nonspacing (Mn);
  * crate unicode-normalization-alignments 0.1 (Unicode 9.0): NFD and combining classes;
  * Rust std (Unicode 17.0 in the 0.23.3 wheels): char::is_whitespace, char::to_lowercase.
No single unicodedata version reproduces that mix (Python 3.11 has 14.0, unicodedata2 18.0), so
this script asks the reference for every code point, checks what it sees against Unicode facts
that must hold (White_Space list, CJK ranges, Hangul algorithm, single-char lowercase, stable
combining classes), and prints how the reference differs from Python's unicodedata.

Layout (all lookups O(1) except decompositions):
  record = eb__uc_rec[s3[s2[s1[cp >> 12] * 64 + (cp >> 6 & 63)] * 64 + (cp & 63)]]
  record: flags (EB__UC_*), ccc (only for non-Mn non-starters), lowercase delta.
  Decompositions (full, recursive, canonical; Hangul is algorithmic): sorted keys + offsets
  into a code-point pool, binary searched.
"""
import os
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "eb_unicode_tables.h")
MAXCP = 0x110000

# PropList.txt (any Unicode version since 6.3), property White_Space: 25 code points.
WHITE_SPACE = [0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x0020, 0x0085, 0x00A0, 0x1680] + \
    list(range(0x2000, 0x200B)) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]

# tokenizers/src/normalizers/bert.rs is_chinese_char (note 0x2B920, not 0x2B820).
CJK = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
       (0x2B740, 0x2B81F), (0x2B920, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]

F_DROP, F_WS, F_PUNCT, F_MN, F_DECOMP, F_NONSTARTER, F_LOWER2, F_CJK = (1 << i for i in range(8))

HANGUL_S, HANGUL_N = 0xAC00, 11172


def hangul_nfd(c):
    s = c - HANGUL_S
    out = [0x1100 + s // 588, 0x1161 + (s % 588) // 28]
    if s % 28:
        out.append(0x11A7 + s % 28)
    return out


def chars():
    for c in range(MAXCP):
        if not 0xD800 <= c <= 0xDFFF:   # a Rust str cannot hold surrogates
            yield c


def probe_reference():
    """Per-code-point behaviour of the reference normalizer and pre-tokenizer."""
    import tokenizers
    from tokenizers import normalizers, pre_tokenizers
    bert = normalizers.BertNormalizer
    clean = bert(clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False)
    cjk = bert(clean_text=False, handle_chinese_chars=True, strip_accents=False, lowercase=False)
    strip = bert(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    lower = bert(clean_text=False, handle_chinese_chars=False, strip_accents=False, lowercase=True)
    nfd = normalizers.NFD()   # the same crate strip_accents uses
    pre = pre_tokenizers.BertPreTokenizer()
    r = {"version": tokenizers.__version__, "drop": set(), "clean_ws": set(), "cjk": set(),
         "strip": {}, "lower": {}, "nfd": {}, "punct": set(), "split": set()}
    for c in chars():
        s = chr(c)
        v = clean.normalize_str(s)
        if v == "":
            r["drop"].add(c)
        elif v == " " and c != 0x20:
            r["clean_ws"].add(c)
        elif v != s:
            sys.exit("unexpected clean_text result for U+%04X: %r" % (c, v))
        if cjk.normalize_str(s) != s:
            r["cjk"].add(c)
        for key, n in (("strip", strip), ("lower", lower), ("nfd", nfd)):
            v = n.normalize_str(s)
            if v != s:
                r[key][c] = [ord(x) for x in v]
        n = len(pre.pre_tokenize_str("a" + s + "a"))
        if n == 3:
            r["punct"].add(c)
        elif n == 2:
            r["split"].add(c)
    r["word"] = probe_word()
    return r


def probe_word():
    """Rust regex \\w as single_word added tokens see it (the char right after the token)."""
    import json
    from tokenizers import Tokenizer
    spec = {"version": "1.0", "normalizer": None, "pre_tokenizer": {"type": "BertPreTokenizer"},
            "added_tokens": [{"id": 1, "content": "<x>", "single_word": True, "lstrip": False,
                              "rstrip": False, "normalized": False, "special": False}],
            "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                      "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0}}}
    tok = Tokenizer.from_str(json.dumps(spec))
    cps = list(chars())
    word = set()
    for i in range(0, len(cps), 8192):
        chunk = cps[i:i + 8192]
        for c, e in zip(chunk, tok.encode_batch(["<x>" + chr(c) for c in chunk])):
            if 1 not in e.ids:
                word.add(c)
    return word


def probe_ccc():
    """Which combining classes the reference's NFD knows (its tables are Unicode 9.0)."""
    from tokenizers import normalizers
    nfd = normalizers.NFD()
    ccc = {}
    for c in chars():
        k = unicodedata.combining(chr(c))
        if not k:
            continue
        # A known class makes canonical ordering move c before U+0301 (230) or after U+0316 (220).
        if k < 230:
            known = nfd.normalize_str("\u0301" + chr(c))[-1] == "\u0301"
        else:
            known = nfd.normalize_str(chr(c) + "\u0316")[0] == "\u0316"
        if known:
            ccc[c] = k
    return ccc


def range_pairs(cps):
    out = []
    for c in sorted(cps):
        if out and out[-1][1] + 1 == c:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


def ranges(cps):
    return ", ".join("%04X-%04X" % (a, b) if a != b else "%04X" % a for a, b in range_pairs(cps))


def check(cond, msg):
    if not cond:
        sys.exit("gen_unicode: " + msg)


def build():
    ref = probe_reference()
    ccc = probe_ccc()
    ws = set(WHITE_SPACE)
    cjk = set(c for a, b in CJK for c in range(a, b + 1))
    check(ref["split"] == ws, "BertPreTokenizer whitespace != White_Space: " + ranges(ref["split"] ^ ws))
    check(ref["cjk"] == cjk, "CJK ranges differ: " + ranges(ref["cjk"] ^ cjk))
    # clean_text: drops controls first (so VT, FF, NEL go), then maps whitespace to ' '.
    check(ref["clean_ws"] == ws - ref["drop"] - {0x20}, "clean_text whitespace mismatch")
    check({0, 0xFFFD} <= ref["drop"] and not ({9, 10, 13} & ref["drop"]), "clean_text specials")
    nfd = ref["nfd"]
    for c in range(HANGUL_S, HANGUL_S + HANGUL_N):
        check(nfd.get(c) == hangul_nfd(c), "Hangul U+%04X is not algorithmic" % c)
    mn = set(c for c, v in ref["strip"].items() if v == [] and c not in nfd)
    for c in chars():
        want = [x for x in nfd.get(c, [c]) if x not in mn]
        check(ref["strip"].get(c, [c]) == want, "strip_accents != NFD minus Mn at U+%04X" % c)
    lower2 = {c: v for c, v in ref["lower"].items() if len(v) != 1}
    check(lower2 == {0x130: [0x69, 0x307]}, "multi-char lowercase set changed: %r" % lower2)
    for c, v in nfd.items():
        for x in v:
            check(x not in nfd, "decomposition of U+%04X is not fully recursive" % c)

    def rec(c):
        f = 0
        if c in ref["drop"]: f |= F_DROP
        if c in ws: f |= F_WS
        if c in ref["punct"]: f |= F_PUNCT
        if c in mn: f |= F_MN
        if c in nfd and not HANGUL_S <= c < HANGUL_S + HANGUL_N: f |= F_DECOMP
        if c in ccc: f |= F_NONSTARTER
        if c in lower2: f |= F_LOWER2
        if c in cjk: f |= F_CJK
        k = ccc.get(c, 0) if not (f & F_MN) else 0   # only surviving marks need their class
        d = ref["lower"][c][0] - c if c in ref["lower"] and c not in lower2 else 0
        return (f, k, d)

    table = [rec(c) if not 0xD800 <= c <= 0xDFFF else (0, 0, 0) for c in range(MAXCP)]
    recs = sorted(set(table), key=lambda r: (r != (0, 0, 0), r))
    check(recs[0] == (0, 0, 0) and len(recs) <= 256, "record count %d" % len(recs))
    rid = {r: i for i, r in enumerate(recs)}
    blocks, s2rows, s1 = {}, {}, []
    s3, s2 = [], []
    for hi in range(0, MAXCP, 4096):
        row = []
        for lo in range(hi, hi + 4096, 64):
            b = tuple(rid[table[c]] for c in range(lo, lo + 64))
            if b not in blocks:
                blocks[b] = len(blocks)
                s3.extend(b)
            row.append(blocks[b])
        row = tuple(row)
        if row not in s2rows:
            s2rows[row] = len(s2rows)
            s2.extend(row)
        s1.append(s2rows[row])
    check(len(s2rows) <= 256, "s2 rows")
    check(ref["word"] >= set(map(ord, "_09azAZ")) and not (ref["word"] & ws), "\\w sanity")
    dkeys = sorted(c for c in nfd if table[c][0] & F_DECOMP)
    pool, doff = [], []
    for c in dkeys:
        doff.append(len(pool))
        pool.extend(nfd[c])
    doff.append(len(pool))
    check(len(pool) < 65536 and max(len(nfd[c]) for c in dkeys) <= 4, "decomposition pool")
    ascii_flags = [table[c][0] for c in range(128)]
    word = [x for a, b in range_pairs(ref["word"]) for x in (a, b)]
    return dict(ref=ref, ccc=ccc, mn=mn, recs=recs, s1=s1, s2=s2, s3=s3, nblocks=len(blocks),
                dkeys=dkeys, doff=doff, pool=pool, ascii=ascii_flags,
                word=word)


def report(t):
    """How the reference differs from Python's own unicodedata (stderr, for the docs)."""
    ref, ud = t["ref"], unicodedata
    w = sys.stderr.write
    w("reference tokenizers %s vs Python unicodedata %s\n" % (ref["version"], ud.unidata_version))
    cat = lambda c: ud.category(chr(c))
    other = set(c for c in chars() if cat(c) in ("Cc", "Cf", "Co")) - {9, 10, 13} | {0, 0xFFFD}
    w("  clean_text drops, not C* here: %s\n" % ranges(ref["drop"] - other))
    w("  C* here, kept by clean_text:   %s\n" % ranges(other - ref["drop"]))
    p = set(c for c in chars() if cat(c).startswith("P")) | \
        set(c for c in range(33, 127) if not chr(c).isalnum())
    w("  punctuation, not P* here:      %s\n" % ranges(ref["punct"] - p))
    w("  P* here, not punctuation:      %s\n" % ranges(p - ref["punct"]))
    mn = set(c for c in chars() if cat(c) == "Mn")
    w("  Mn, not Mn here:               %s\n" % ranges(t["mn"] - mn))
    w("  Mn here, kept by strip:        %s\n" % ranges(mn - t["mn"]))
    nfd = ref["nfd"]
    bad = [c for c in chars() if [ord(x) for x in ud.normalize("NFD", chr(c))] != nfd.get(c, [c])]
    w("  NFD differs:                   %s\n" % ranges(bad))
    bad = [c for c in chars() if [ord(x) for x in chr(c).lower()] != ref["lower"].get(c, [c])]
    w("  lowercase differs (str.lower): %s\n" % ranges(bad))
    bad = [c for c in chars() if ud.combining(chr(c)) and c not in t["ccc"]]
    w("  ccc>0 here, 0 in reference:    %s\n" % ranges(bad))


def c_array(ctype, name, values, per_line=24):
    lines = []
    for i in range(0, len(values), per_line):
        lines.append(",".join(str(v) for v in values[i:i + per_line]))
    return "static const %s %s[%d] = {\n%s\n};\n" % (ctype, name, len(values), ",\n".join(lines))


def emit(t):
    ref = t["ref"]
    recs = t["recs"]
    o = []
    o.append("""/* =====================================================================================
 *  UNICODE (generated by tools/gen_unicode.py from the reference, tokenizers %s: do not edit)
 *  Per-code-point data for the BERT normalizer and pre-tokenizer, exactly as the Hugging Face
 *  fast tokenizer behaves: Cc Cf Co, P* and Mn from Unicode 8.0 (crate unicode_categories), NFD and
 *  combining classes from Unicode 9.0 (unicode-normalization-alignments), White_Space and
 *  lowercase from Unicode 17.0 (Rust std). eb__uc_get(cp) for cp <= 0x10FFFF.
 * ===================================================================================== */
""" % ref["version"])
    o.append("""enum {
    EB__UC_DROP = 1,        /* clean_text removes it (controls, Cf, Co, U+0000, U+FFFD) */
    EB__UC_WS = 2,          /* White_Space (Rust char::is_whitespace) */
    EB__UC_PUNCT = 4,       /* BertPreTokenizer punctuation: ASCII punctuation or P* */
    EB__UC_MN = 8,          /* nonspacing mark: strip_accents removes it after NFD */
    EB__UC_DECOMP = 16,     /* has a canonical decomposition (Hangul excluded: algorithmic) */
    EB__UC_NONSTARTER = 32, /* canonical combining class > 0 */
    EB__UC_LOWER2 = 64,     /* lowercase is two chars (only U+0130 -> U+0069 U+0307) */
    EB__UC_CJK = 128        /* handle_chinese_chars puts spaces around it */
};
typedef struct eb__uc_rec { uint8_t flags, ccc; int32_t lower; /* lowercase = cp + lower */ } eb__uc_rec;
""")
    o.append("static const eb__uc_rec eb__uc_recs[%d] = {\n" % len(recs))
    o.append(",\n".join("{%d,%d,%d}" % r for r in recs))
    o.append("\n};\n")
    o.append(c_array("uint8_t", "eb__uc_ascii", t["ascii"], 32))
    o.append(c_array("uint8_t", "eb__uc_s1", t["s1"], 34))
    o.append(c_array("uint8_t" if t["nblocks"] <= 256 else "uint16_t", "eb__uc_s2", t["s2"], 32))
    o.append(c_array("uint8_t", "eb__uc_s3", t["s3"], 64))
    o.append(c_array("uint32_t", "eb__uc_dkeys", t["dkeys"], 16))
    o.append(c_array("uint16_t", "eb__uc_doff", t["doff"], 20))
    o.append(c_array("uint32_t", "eb__uc_dpool", t["pool"], 16))
    o.append("/* Rust regex \\w (what single_word added tokens call a word char): sorted inclusive ranges. */\n")
    o.append(c_array("uint32_t", "eb__uc_word", t["word"], 16))
    o.append("""
EB__INLINE const eb__uc_rec *eb__uc_get(uint32_t cp) {
    unsigned b = eb__uc_s2[(unsigned)eb__uc_s1[cp >> 12] * 64u + ((cp >> 6) & 63u)];
    return &eb__uc_recs[eb__uc_s3[b * 64u + (cp & 63u)]];
}

/* Full canonical decomposition of a code point flagged EB__UC_DECOMP: writes up to 4 code
   points to out and returns how many (0 if not found). */
EB__FN int eb__uc_decompose(uint32_t cp, uint32_t *out) {
    int lo = 0, hi = (int)(sizeof eb__uc_dkeys / sizeof eb__uc_dkeys[0]) - 1, i, n;
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        if (eb__uc_dkeys[mid] < cp) lo = mid + 1;
        else if (eb__uc_dkeys[mid] > cp) hi = mid - 1;
        else {
            n = eb__uc_doff[mid + 1] - eb__uc_doff[mid];
            for (i = 0; i < n; i++) out[i] = eb__uc_dpool[eb__uc_doff[mid] + i];
            return n;
        }
    }
    return 0;
}

EB__FN int eb__uc_is_word(uint32_t cp) {
    int lo = 0, hi = (int)(sizeof eb__uc_word / sizeof eb__uc_word[0]) / 2 - 1;
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        if (eb__uc_word[2 * mid + 1] < cp) lo = mid + 1;
        else if (eb__uc_word[2 * mid] > cp) hi = mid - 1;
        else return 1;
    }
    return 0;
}
""")
    return "".join(o)


def main():
    t = build()
    report(t)
    text = emit(t)
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit("src/eb_unicode_tables.h is stale: run tools/gen_unicode.py")
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stderr.write("wrote %s: %d bytes, %d records, %d blocks, %d decompositions\n" %
                     (OUT, len(text), len(t["recs"]), t["nblocks"], len(t["dkeys"])))


if __name__ == "__main__":
    main()
