/* Tokenizer: exact ids against the reference (HF fast tokenizer via sentence-transformers) on
 * the golden sets with both loaders, each normalizer step, WordPiece, added tokens,
 * truncation, bad input, invalid UTF-8, loader errors and concurrent use. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"
#include "eb_golden.h"
#include <dirent.h>

/* ---- helpers ---------------------------------------------------------------------------- */
static const char *model_dir(void) {
    static const char *const tries[] = {"models/all-MiniLM-L6-v2", "../shared/models/all-MiniLM-L6-v2"};
    const char *d = getenv("EB_MODEL_DIR");
    FILE *f;
    char p[4096];
    size_t i;
    if (d && *d) return d;
    for (i = 0; i < sizeof tries / sizeof *tries; i++) {
        snprintf(p, sizeof p, "%s/tokenizer.json", tries[i]);
        if ((f = fopen(p, "rb")) != NULL) { fclose(f); return tries[i]; }
    }
    return tries[0];
}

static char *slurp(const char *path, size_t *len) {
    char *b = NULL;
    if (eb__tk_read_file(path, NULL, &b, len) != EB_OK) return NULL;
    return b;
}

typedef eb_golden golden;
#define golden_free eb_golden_free
static int golden_load_model(golden *g, const char *model, int stress) { return eb_golden_load(g, model, stress, 0); }
static int golden_load(golden *g, int stress) { return golden_load_model(g, "all-MiniLM-L6-v2", stress); }

static eb__tokenizer *load_json_file(const char *dir) {
    char p[4096], *b;
    size_t l;
    eb__tokenizer *t = NULL;
    snprintf(p, sizeof p, "%s/tokenizer.json", dir);
    if (!(b = slurp(p, &l))) return NULL;
    if (eb__tokenizer_load_json(b, l, NULL, &t) != EB_OK) t = NULL;
    free(b);
    return t;
}

static eb__tokenizer *load_vocab_file(const char *dir) {
    char p[4096], *b;
    size_t l;
    eb__tokenizer *t = NULL;
    snprintf(p, sizeof p, "%s/vocab.txt", dir);
    if (!(b = slurp(p, &l))) return NULL;
    if (eb__tokenizer_load_vocab(b, l, 1, NULL, &t) != EB_OK) t = NULL;
    free(b);
    return t;
}

/* Compares every golden item; returns the mismatches (and reports the first few). */
static int golden_check_n(const eb__tokenizer *t, const golden *g, const char *label, int max_ids) {
    int32_t ids[512];
    uint32_t i;
    int bad = 0;
    for (i = 0; i < g->n; i++) {
        int n = eb__tokenizer_encode(t, g->text[i], g->len[i], ids, max_ids);
        if (n != (int)g->nids[i] || memcmp(ids, g->ids[i], sizeof(int32_t) * (size_t)n) != 0) {
            if (bad++ < 5) {
                int k;
                fprintf(stderr, "  %s item %u (%u bytes) differs: got %d ids, want %u\n    got ", label, i, g->len[i], n, g->nids[i]);
                for (k = 0; k < n && k < 16; k++) fprintf(stderr, "%d ", ids[k]);
                fprintf(stderr, "\n    want ");
                for (k = 0; k < (int)g->nids[i] && k < 16; k++) fprintf(stderr, "%d ", g->ids[i][k]);
                fprintf(stderr, "\n");
            }
        }
    }
    fprintf(stderr, "  %s: %u items, %d mismatches\n", label, g->n, bad);
    return bad;
}
static int golden_check(const eb__tokenizer *t, const golden *g, const char *label) {
    return golden_check_n(t, g, label, 256);
}

/* A tiny tokenizer.json with the given normalizer flags and extra added tokens. */
static void tiny_json(char *json, size_t cap, const char *normalizer, const char *added_extra, int max_chars) {
    snprintf(json, cap,
             "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,"
             "\"added_tokens\":[{\"id\":0,\"content\":\"[PAD]\",\"special\":true,\"normalized\":false},"
             "{\"id\":1,\"content\":\"[UNK]\",\"special\":true,\"normalized\":false},"
             "{\"id\":2,\"content\":\"[CLS]\",\"special\":true,\"normalized\":false},"
             "{\"id\":3,\"content\":\"[SEP]\",\"special\":true,\"normalized\":false}%s],"
             "\"normalizer\":%s,\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},"
             "\"post_processor\":{\"type\":\"TemplateProcessing\","
             "\"single\":[{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
             "{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}}],"
             "\"special_tokens\":{\"[CLS]\":{\"id\":\"[CLS]\",\"ids\":[2],\"tokens\":[\"[CLS]\"]},"
             "\"[SEP]\":{\"id\":\"[SEP]\",\"ids\":[3],\"tokens\":[\"[SEP]\"]}}},"
             "\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\","
             "\"max_input_chars_per_word\":%d,\"vocab\":{\"[PAD]\":0,\"[UNK]\":1,\"[CLS]\":2,\"[SEP]\":3,"
             "\"hello\":4,\"world\":5,\"un\":6,\"##aff\":7,\"##able\":8,\".\":9,\"\xe6\x9d\xb1\":10,\"cafe\":11,"
             "\"caf\xc3\xa9\":12,\"a\":13,\"##a\":14,\"##\":15,\"[\":16,\"]\":17,\"sep\":18,\"b\":19,\"ab\":20,"
             "\"##b\":21,\"i\":22,\"hello2\":23}}}",
             added_extra ? added_extra : "", normalizer, max_chars);
}

static eb__tokenizer *tiny(const char *normalizer, const char *added_extra, int max_chars) {
    char json[4096];
    eb__tokenizer *t = NULL;
    eb_status st;
    tiny_json(json, sizeof json, normalizer, added_extra, max_chars);
    st = eb__tokenizer_load_json(json, strlen(json), NULL, &t);
    if (st != EB_OK) fprintf(stderr, "  tiny(): %s\n", eb_last_error());
    return t;
}

#define BERT_NORM(clean, cjk, strip, lower) \
    "{\"type\":\"BertNormalizer\",\"clean_text\":" clean ",\"handle_chinese_chars\":" cjk \
    ",\"strip_accents\":" strip ",\"lowercase\":" lower "}"

/* Normalized string of s under t equals want. */
static int norm_is(const eb__tokenizer *t, const char *s, const char *want) {
    unsigned char out[1024];
    int n = eb__tk_normalize_str(t, s, strlen(s), out, (int)sizeof out);
    if (n < 0 || (size_t)n != strlen(want) || memcmp(out, want, (size_t)n) != 0) {
        fprintf(stderr, "  normalize(\"%s\") = \"%.*s\", want \"%s\"\n", s, n < 0 ? 0 : n, (const char *)out, want);
        return 0;
    }
    return 1;
}

/* encode(s) equals the listed ids (terminated by -1). */
static int ids_are(const eb__tokenizer *t, const char *s, size_t len, int max_ids, const int32_t *want) {
    int32_t ids[64];
    int n = eb__tokenizer_encode(t, s, len, ids, max_ids), k = 0, i;
    while (want[k] >= 0) k++;
    if (n != k || memcmp(ids, want, sizeof(int32_t) * (size_t)k) != 0) {
        fprintf(stderr, "  encode(\"%.*s\") = [", (int)len, s);
        for (i = 0; i < n; i++) fprintf(stderr, "%d ", ids[i]);
        fprintf(stderr, "], want [");
        for (i = 0; i < k; i++) fprintf(stderr, "%d ", want[i]);
        fprintf(stderr, "]\n");
        return 0;
    }
    return 1;
}
#define IDS_ARE(t, s, ...) do { static const int32_t w_[] = {__VA_ARGS__, -1}; \
    EB_CHECK(ids_are(t, s, strlen(s), 64, w_)); } while (0)

/* ---- golden parity ---------------------------------------------------------------------- */
static void test_golden_corpus_json(void) {
    golden g;
    eb__tokenizer *t = load_json_file(model_dir());
    EB_CHECK_MSG(t != NULL, "cannot load %s/tokenizer.json: %s", model_dir(), eb_last_error());
    EB_CHECK(golden_load(&g, 0) == 0);
    if (t && g.n) EB_CHECK_EQ_INT(golden_check(t, &g, "texts.bin, tokenizer.json"), 0);
    EB_CHECK(g.n >= 100);
    golden_free(&g);
    eb__tokenizer_free(t);
}

static void test_golden_corpus_vocab(void) {
    golden g;
    eb__tokenizer *t = load_vocab_file(model_dir());
    EB_CHECK_MSG(t != NULL, "cannot load %s/vocab.txt: %s", model_dir(), eb_last_error());
    EB_CHECK(golden_load(&g, 0) == 0);
    if (t && g.n) EB_CHECK_EQ_INT(golden_check(t, &g, "texts.bin, vocab.txt"), 0);
    golden_free(&g);
    eb__tokenizer_free(t);
}

static void test_golden_stress(void) {
    golden g;
    eb__tokenizer *tj = load_json_file(model_dir()), *tv = load_vocab_file(model_dir()), *td = NULL;
    EB_CHECK_STATUS(eb__tokenizer_load_dir(model_dir(), NULL, &td), EB_OK);
    EB_CHECK(tj && tv && td);
    EB_CHECK(golden_load(&g, 1) == 0);
    EB_CHECK(g.n >= 1000);
    if (tj && g.n) EB_CHECK_EQ_INT(golden_check(tj, &g, "tok-stress.bin, tokenizer.json"), 0);
    if (tv && g.n) EB_CHECK_EQ_INT(golden_check(tv, &g, "tok-stress.bin, vocab.txt"), 0);
    if (td && g.n) EB_CHECK_EQ_INT(golden_check(td, &g, "tok-stress.bin, model dir"), 0);
    golden_free(&g);
    eb__tokenizer_free(tj);
    eb__tokenizer_free(tv);
    eb__tokenizer_free(td);
}

/* Every other model with golden files whose folder is in $EB_MODELS (skipped when absent);
   max_ids from the folder's sentence_bert_config.json. */
static void test_golden_other_models(void) {
    const char *gdir = getenv("EB_GOLDEN_DIR"), *mdir = getenv("EB_MODELS");
    DIR *d;
    struct dirent *e;
    if (!gdir) gdir = "tests/golden";
    if (!mdir) mdir = "models";
    if (!(d = opendir(gdir))) return;   /* test_golden_* already failed loudly */
    while ((e = readdir(d)) != NULL) {
        char path[4096], label[600];
        eb__json_doc *doc = NULL;
        eb__tokenizer *t = NULL;
        int64_t msl = 512;
        golden g;
        int stress;
        if (e->d_name[0] == '.' || strcmp(e->d_name, "all-MiniLM-L6-v2") == 0) continue;
        snprintf(path, sizeof path, "%s/%s/tok-stress.bin", gdir, e->d_name);
        if (access(path, R_OK) != 0) continue;
        snprintf(path, sizeof path, "%s/%s", mdir, e->d_name);
        if (eb__tokenizer_load_dir(path, NULL, &t) != EB_OK) {
            fprintf(stderr, "  %s: no model folder at %s, skipped\n", e->d_name, path);
            continue;
        }
        snprintf(path, sizeof path, "%s/%s/sentence_bert_config.json", mdir, e->d_name);
        if (eb__json_parse_file(path, NULL, &doc) == EB_OK) eb__json_get_int(eb__json_root(doc), "max_seq_length", &msl);
        eb__json_free(doc);
        for (stress = 0; stress < 2; stress++) {
            EB_CHECK(golden_load_model(&g, e->d_name, stress) == 0);
            snprintf(label, sizeof label, "%s %s", e->d_name, stress ? "tok-stress.bin" : "texts.bin");
            if (g.n) EB_CHECK_EQ_INT(golden_check_n(t, &g, label, (int)msl), 0);
            golden_free(&g);
        }
        eb__tokenizer_free(t);
    }
    closedir(d);
}

static void test_model_facts(void) {
    eb__tokenizer *t = NULL;
    int32_t ids[8];
    EB_CHECK_STATUS(eb__tokenizer_load_dir(model_dir(), NULL, &t), EB_OK);
    if (!t) return;
    EB_CHECK_EQ_INT(eb__tokenizer_vocab_size(t), 30522);
    EB_CHECK_EQ_INT(eb__tokenizer_cls_id(t), 101);
    EB_CHECK_EQ_INT(eb__tokenizer_sep_id(t), 102);
    EB_CHECK_EQ_INT(eb__tokenizer_unk_id(t), 100);
    EB_CHECK_EQ_INT(eb__tokenizer_pad_id(t), 0);
    EB_CHECK_EQ_INT(eb__tokenizer_num_special(t), 2);
    /* "hello world" is [CLS] 7592 2088 [SEP] in every uncased BERT vocab */
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, "Hello World", 11, ids, 8), 4);
    EB_CHECK(ids[0] == 101 && ids[1] == 7592 && ids[2] == 2088 && ids[3] == 102);
    eb__tokenizer_free(t);
}

/* ---- normalizer steps ------------------------------------------------------------------- */
static void test_clean_text(void) {
    eb__tokenizer *on = tiny(BERT_NORM("true", "false", "false", "false"), NULL, 100);
    eb__tokenizer *off = tiny(BERT_NORM("false", "false", "false", "false"), NULL, 100);
    EB_CHECK(on && off);
    if (!on || !off) { eb__tokenizer_free(on); eb__tokenizer_free(off); return; }
    /* NUL, Cc, Cf (ZWSP), U+FFFD dropped; tab -> space; LINE SEPARATOR is White_Space -> space;
       NEL is Cc: dropped before the whitespace mapping */
    EB_CHECK(norm_is(on, "a\x01" "b\xe2\x80\x8b" "c\xef\xbf\xbd" "d\te\xe2\x80\xa8" "f\xc2\x85g", "abcd e fg"));
    EB_CHECK(norm_is(on, "x\xc2\xa0y\xe3\x80\x80z", "x y z"));            /* NBSP, ideographic space */
    EB_CHECK(norm_is(on, "\xef\xbb\xbfhi\xc2\xad", "hi"));                 /* BOM, soft hyphen (Cf) */
    EB_CHECK(norm_is(on, "\xee\x80\x80p", "p"));                           /* private use (Co) */
    EB_CHECK(norm_is(off, "a\x01" "b\t", "a\x01" "b\t"));
    {   /* NUL inside a counted string */
        unsigned char out[16];
        EB_CHECK_EQ_INT(eb__tk_normalize_str(on, "a\0b", 3, out, 16), 2);
    }
    /* end to end: dropped chars do not split words; whitespace does */
    IDS_ARE(on, "hel\x01lo wor\xe2\x80\x8bld", 2, 4, 5, 3);
    IDS_ARE(on, "hello\xe2\x80\xa8world", 2, 4, 5, 3);
    IDS_ARE(off, "hel\x01lo", 2, 1, 3);
    /* without clean_text, Rust's whitespace still splits (the pre-tokenizer's rule) */
    IDS_ARE(off, "hello\xe2\x80\xa8world\x0bhello", 2, 4, 5, 4, 3);
    eb__tokenizer_free(on);
    eb__tokenizer_free(off);
}

static void test_cjk(void) {
    eb__tokenizer *on = tiny(BERT_NORM("false", "true", "false", "false"), NULL, 100);
    eb__tokenizer *off = tiny(BERT_NORM("false", "false", "false", "false"), NULL, 100);
    EB_CHECK(on && off);
    if (!on || !off) { eb__tokenizer_free(on); eb__tokenizer_free(off); return; }
    /* U+6771 spaced; hiragana not; U+2B820 is outside Rust's ranges (0x2B920 bound), U+2B920 inside */
    EB_CHECK(norm_is(on, "a\xe6\x9d\xb1" "b\xe3\x81\x82" "c\xf0\xab\xa0\xa0" "d\xf0\xab\xa4\xa0" "e",
                     "a \xe6\x9d\xb1 b\xe3\x81\x82" "c\xf0\xab\xa0\xa0" "d \xf0\xab\xa4\xa0 e"));
    EB_CHECK(norm_is(off, "a\xe6\x9d\xb1" "b", "a\xe6\x9d\xb1" "b"));
    IDS_ARE(on, "a\xe6\x9d\xb1" "b", 2, 13, 10, 19, 3);
    IDS_ARE(off, "a\xe6\x9d\xb1" "b", 2, 1, 3);
    eb__tokenizer_free(on);
    eb__tokenizer_free(off);
}

static void test_strip_accents(void) {
    eb__tokenizer *t = tiny(BERT_NORM("false", "false", "true", "false"), NULL, 100);
    EB_CHECK(t != NULL);
    if (!t) return;
    EB_CHECK(norm_is(t, "Caf\xc3\xa9", "Cafe"));                                 /* precomposed */
    EB_CHECK(norm_is(t, "Cafe\xcc\x81", "Cafe"));                                /* combining */
    EB_CHECK(norm_is(t, "\xe1\xbe\x82", "\xce\xb1"));                            /* U+1F82: 4-deep */
    EB_CHECK(norm_is(t, "\xea\xb0\x80", "\xe1\x84\x80\xe1\x85\xa1"));            /* Hangul LV */
    EB_CHECK(norm_is(t, "\xea\xb0\x81", "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8")); /* Hangul LVT */
    EB_CHECK(norm_is(t, "\xc4\xb0", "I"));                                       /* U+0130 */
    EB_CHECK(norm_is(t, "\xef\xa4\x80", "\xe8\xb1\x88"));                        /* CJK compat singleton */
    /* canonical ordering of marks that survive (Adlam U+1E944 ccc 230, U+1E94A ccc 7: not Mn in
       the reference's Unicode 8.0 categories); a dropped Mn non-starter keeps the run going, a
       dropped Mn starter (U+0900, ccc 0) ends it */
    EB_CHECK(norm_is(t, "x\xf0\x9e\xa5\x84\xf0\x9e\xa5\x8a", "x\xf0\x9e\xa5\x8a\xf0\x9e\xa5\x84"));
    EB_CHECK(norm_is(t, "x\xf0\x9e\xa5\x84\xcc\x81\xf0\x9e\xa5\x8a", "x\xf0\x9e\xa5\x8a\xf0\x9e\xa5\x84"));
    EB_CHECK(norm_is(t, "x\xf0\x9e\xa5\x84\xe0\xa4\x80\xf0\x9e\xa5\x8a", "x\xf0\x9e\xa5\x84\xf0\x9e\xa5\x8a"));
    IDS_ARE(t, "cafe\xcc\x81", 2, 11, 3);
    {   /* a run longer than the on-stack buffer: still one stable sort (class 7 before 230) */
        char in[1 + 8 * 100 + 1], want[1 + 8 * 100 + 1];
        int i;
        in[0] = want[0] = 'x';
        for (i = 0; i < 100; i++) {
            memcpy(in + 1 + 8 * i, "\xf0\x9e\xa5\x84\xf0\x9e\xa5\x8a", 8);
            memcpy(want + 1 + 4 * i, "\xf0\x9e\xa5\x8a", 4);
            memcpy(want + 1 + 400 + 4 * i, "\xf0\x9e\xa5\x84", 4);
        }
        in[801] = want[801] = 0;
        EB_CHECK(norm_is(t, in, want));
    }
    eb__tokenizer_free(t);
}

static void test_lowercase(void) {
    eb__tokenizer *lo = tiny(BERT_NORM("false", "false", "false", "true"), NULL, 100);
    eb__tokenizer *all = tiny(BERT_NORM("true", "true", "null", "true"), NULL, 100);
    eb__tokenizer *cased = tiny(BERT_NORM("true", "true", "null", "false"), NULL, 100);
    EB_CHECK(lo && all && cased);
    if (!lo || !all || !cased) { eb__tokenizer_free(lo); eb__tokenizer_free(all); eb__tokenizer_free(cased); return; }
    /* per char: no Greek final sigma; U+0130 -> "i" U+0307; titlecase U+01C5 -> U+01C6 */
    EB_CHECK(norm_is(lo, "\xce\xa3\xce\x91\xce\xa3", "\xcf\x83\xce\xb1\xcf\x83"));
    EB_CHECK(norm_is(lo, "\xc4\xb0", "i\xcc\x87"));
    EB_CHECK(norm_is(lo, "\xc7\x85", "\xc7\x86"));
    EB_CHECK(norm_is(lo, "HeLLo \xc3\x89", "hello \xc3\xa9"));
    /* strip_accents null follows lowercase: U+0130 -> "i" (strip runs before lowercase) */
    EB_CHECK(norm_is(all, "\xc4\xb0STANBUL \xc3\x87" "a", "istanbul ca"));
    EB_CHECK(norm_is(cased, "Caf\xc3\xa9", "Caf\xc3\xa9"));
    IDS_ARE(all, "HELLO World.", 2, 4, 5, 9, 3);
    IDS_ARE(all, "\xc4\xb0", 2, 22, 3);
    IDS_ARE(lo, "Caf\xc3\xa9", 2, 12, 3);
    IDS_ARE(cased, "Hello", 2, 1, 3);
    eb__tokenizer_free(lo);
    eb__tokenizer_free(all);
    eb__tokenizer_free(cased);
}

static void test_pretokenizer_and_wordpiece(void) {
    eb__tokenizer *t = tiny(BERT_NORM("true", "true", "null", "true"), NULL, 10);
    EB_CHECK(t != NULL);
    if (!t) return;
    IDS_ARE(t, "unaffable", 2, 6, 7, 8, 3);
    IDS_ARE(t, "unaffablex", 2, 1, 3);                 /* unmatched rest: the whole word is [UNK] */
    IDS_ARE(t, "hello.world", 2, 4, 9, 5, 3);          /* punctuation isolated */
    IDS_ARE(t, "hello2", 2, 23, 3);                    /* letters and digits stay together */
    IDS_ARE(t, "aaaaaaaaaa", 2, 13, 14, 14, 14, 14, 14, 14, 14, 14, 14, 3);   /* 10 chars: ok */
    IDS_ARE(t, "aaaaaaaaaaa", 2, 1, 3);                /* 11 > max_input_chars_per_word */
    IDS_ARE(t, "  \t\n ", 2, 3);
    IDS_ARE(t, "", 2, 3);
    IDS_ARE(t, "ab", 2, 20, 3);                        /* longest match first */
    IDS_ARE(t, "abb", 2, 20, 21, 3);
    IDS_ARE(t, "$", 2, 1, 3);                          /* ASCII symbols count as punctuation */
    IDS_ARE(t, "a$b", 2, 13, 1, 19, 3);
    IDS_ARE(t, "a\xe2\x80\x94" "b", 2, 13, 1, 19, 3); /* U+2014 is P* */
    IDS_ARE(t, "a\xe2\x82\xac" "b", 2, 1, 3);          /* U+20AC is Sc: not punctuation */
    eb__tokenizer_free(t);
}

/* ---- added tokens ----------------------------------------------------------------------- */
static void test_added_tokens(void) {
    eb__tokenizer *t = tiny(BERT_NORM("true", "true", "null", "true"),
                            ",{\"id\":30,\"content\":\"Hello2\",\"special\":false,\"normalized\":true},"
                            "{\"id\":31,\"content\":\"<x>\",\"special\":false,\"normalized\":false,\"single_word\":true},"
                            "{\"id\":32,\"content\":\"[SEP][SEP]\",\"special\":true,\"normalized\":false}", 100);
    EB_CHECK(t != NULL);
    if (!t) return;
    /* ids as the reference assigns them: new contents get 24, 25, 26 (after the 24 vocab
       strings), whatever the file says */
    EB_CHECK_EQ_INT(eb__tokenizer_vocab_size(t), 27);
    IDS_ARE(t, "hello[SEP]world", 2, 4, 3, 5, 3);      /* raw match splits words */
    IDS_ARE(t, "hello [sep]", 2, 4, 16, 18, 17, 3);    /* case matters for raw tokens */
    IDS_ARE(t, "[SEP][SEP][SEP]", 2, 26, 3, 3);        /* leftmost-longest */
    IDS_ARE(t, "[SE[SEP]P]", 2, 16, 1, 3, 1, 17, 3);
    IDS_ARE(t, "HELLO2 xhello2y", 2, 24, 1, 24, 1, 3); /* normalized: matched after lowercase */
    IDS_ARE(t, "a <x> b", 2, 13, 25, 19, 3);           /* single_word: alone */
    IDS_ARE(t, "a<x>b", 2, 13, 1, 1, 1, 19, 3);        /* inside a word: not a match */
    IDS_ARE(t, "\xc3\xa9<x> b", 2, 1, 1, 1, 1, 19, 3);
    IDS_ARE(t, "_<x> b", 2, 1, 1, 1, 1, 19, 3);
    IDS_ARE(t, "\xe2\x82\xac<x> b", 2, 1, 25, 19, 3);   /* U+20AC is not \w */
    eb__tokenizer_free(t);
}

/* ---- truncation and bad input ----------------------------------------------------------- */
static void test_truncation(void) {
    eb__tokenizer *t = NULL;
    const char *s = "The quick brown fox jumps over the lazy dog; unbelievable tokenization, naïve café!";
    int32_t full[128], part[128];
    int n, k, i;
    EB_CHECK_STATUS(eb__tokenizer_load_dir(model_dir(), NULL, &t), EB_OK);
    if (!t) return;
    n = eb__tokenizer_encode(t, s, strlen(s), full, 128);
    EB_CHECK(n > 10);
    for (k = 2; k <= n + 3; k++) {
        int m = eb__tokenizer_encode(t, s, strlen(s), part, k), want = k < n ? k : n;
        EB_CHECK_EQ_INT(m, want);
        EB_CHECK_EQ_INT(eb__tokenizer_encode(t, s, strlen(s), NULL, k), want);   /* count only */
        EB_CHECK(m >= 2 && part[0] == 101 && part[m - 1] == 102);
        for (i = 1; i < m - 1; i++) EB_CHECK(part[i] == full[i]);
    }
    eb__tokenizer_free(t);
}

static void test_bad_and_huge_input(void) {
    eb__tokenizer *t = NULL;
    int32_t ids[300];
    size_t big = (size_t)8 << 20, i;
    char *s;
    EB_CHECK_STATUS(eb__tokenizer_load_dir(model_dir(), NULL, &t), EB_OK);
    if (!t) return;
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, NULL, 0, ids, 256), -1);
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, "x", 1, ids, 1), -1);
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, "x", 1, ids, 0), -1);
    EB_CHECK_EQ_INT(eb__tokenizer_encode(NULL, "x", 1, ids, 8), -1);
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, "", 0, ids, 256), 2);
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, "hello", 5, ids, 2), 2);
    EB_CHECK(ids[0] == 101 && ids[1] == 102);
    s = (char *)malloc(big);
    /* one 8 MB word: a single [UNK] */
    memset(s, 'a', big);
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, s, big, ids, 256), 3);
    EB_CHECK_EQ_INT(ids[1], 100);
    /* 8 MB of words: stops at 256 */
    for (i = 0; i < big; i++) s[i] = (i % 6 == 5) ? ' ' : "hello"[i % 6];
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, s, big, ids, 256), 256);
    EB_CHECK(ids[1] == 7592 && ids[254] == 7592 && ids[255] == 102);
    /* 8 MB of combining marks after one letter: one word "a" */
    s[0] = 'a';
    for (i = 1; i + 1 < big; i += 2) { s[i] = (char)0xCC; s[i + 1] = (char)0x81; }
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, s, (big - 1) | 1, ids, 256), 3);
    EB_CHECK_EQ_INT(ids[1], 1037);
    free(s);
    eb__tokenizer_free(t);
}

static void test_invalid_utf8(void) {
    eb__tokenizer *t = NULL, *raw = tiny(BERT_NORM("false", "false", "false", "false"), NULL, 100);
    int32_t a[16], b[16];
    unsigned char out[64];
    EB_CHECK_STATUS(eb__tokenizer_load_dir(model_dir(), NULL, &t), EB_OK);
    if (!t || !raw) { eb__tokenizer_free(t); eb__tokenizer_free(raw); EB_CHECK(0); return; }
    /* clean_text drops the U+FFFD that invalid bytes become, without splitting the word */
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, "hel\xfflo", 6, a, 16), eb__tokenizer_encode(t, "hello", 5, b, 16));
    EB_CHECK(memcmp(a, b, 3 * sizeof(int32_t)) == 0);
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, "caf\xc3", 4, a, 16), 3);     /* truncated sequence */
    EB_CHECK_EQ_INT(a[1], 24689);                                          /* "caf" */
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, "\xed\xa0\x80", 3, a, 16), 2); /* encoded surrogate */
    EB_CHECK_EQ_INT(eb__tokenizer_encode(t, "\xc0\xaf\xf8\x80", 4, a, 16), 2);
    /* maximal subparts (as decode("utf-8", "replace")): E2 82 is one U+FFFD, ED A0 80 three,
       F4 90 80 80 four, C3 before ASCII one */
    EB_CHECK_EQ_INT(eb__tk_normalize_str(raw, "\xe2\x82x", 3, out, 64), 4);
    EB_CHECK_EQ_INT(eb__tk_normalize_str(raw, "\xed\xa0\x80", 3, out, 64), 9);
    EB_CHECK_EQ_INT(eb__tk_normalize_str(raw, "\xf4\x90\x80\x80", 4, out, 64), 12);
    EB_CHECK_EQ_INT(eb__tk_normalize_str(raw, "\xc3(", 2, out, 64), 4);
    EB_CHECK(memcmp(out, "\xef\xbf\xbd(", 4) == 0);
    eb__tokenizer_free(t);
    eb__tokenizer_free(raw);
}

/* ---- loaders ------------------------------------------------------------------------------ */
#define LOAD_JSON(s) eb__tokenizer_load_json(s, strlen(s), NULL, &t)
static void test_loader_errors(void) {
    eb__tokenizer *t = (eb__tokenizer *)1;
    static const char vocab[] = "[PAD]\n[UNK]\n[CLS]\n[SEP]\r\nhello\nhello\n##lo\nhel\n";
    static const char *const text = "HELLO hellolo helo";
    int32_t ids[8];
    EB_CHECK_STATUS(eb__tokenizer_load_json("{", 1, NULL, &t), EB_FORMAT_ERROR);
    EB_CHECK(t == NULL);
    EB_CHECK_STATUS(eb__tokenizer_load_json("[]", 2, NULL, &t), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(LOAD_JSON("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0}},\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"}}"), EB_FORMAT_ERROR);
    EB_CHECK(strstr(eb_last_error(), "BPE") != NULL);
    EB_CHECK_STATUS(LOAD_JSON("{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"a\":0}},"
                              "\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},\"normalizer\":null,\"post_processor\":null}"),
                    EB_FORMAT_ERROR);   /* no [UNK] */
    EB_CHECK(strstr(eb_last_error(), "unk") != NULL);
    EB_CHECK_STATUS(LOAD_JSON("{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[UNK]\":-1}},"
                              "\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"}}"), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(LOAD_JSON("{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[UNK]\":0}},"
                              "\"pre_tokenizer\":{\"type\":\"Whitespace\"}}"), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(LOAD_JSON("{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[UNK]\":0}},\"normalizer\":{\"type\":\"NFC\"},"
                              "\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"}}"), EB_FORMAT_ERROR);
    /* normalizer and post_processor null: no normalization, no specials */
    EB_CHECK_STATUS(LOAD_JSON("{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[UNK]\":0,\"A\":1}},\"normalizer\":null,"
                              "\"post_processor\":null,\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"}}"), EB_OK);
    if (t) {
        int32_t v[4];
        EB_CHECK_EQ_INT(eb__tokenizer_num_special(t), 0);
        EB_CHECK_EQ_INT(eb__tokenizer_encode(t, "A a", 3, v, 4), 2);
        EB_CHECK(v[0] == 1 && v[1] == 0);
        eb__tokenizer_free(t);
    }
    EB_CHECK_STATUS(eb__tokenizer_load_vocab("", 0, 1, NULL, &t), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(eb__tokenizer_load_vocab("a\nb\n", 4, 1, NULL, &t), EB_FORMAT_ERROR);   /* no specials */
    EB_CHECK_STATUS(eb__tokenizer_load_dir("/nonexistent/dir", NULL, &t), EB_IO_ERROR);
    EB_CHECK(t == NULL);
    /* vocab.txt: ids are line numbers, "\r\n" accepted, a later duplicate wins */
    EB_CHECK_STATUS(eb__tokenizer_load_vocab(vocab, sizeof vocab - 1, 1, NULL, &t), EB_OK);
    if (t) {
        EB_CHECK_EQ_INT(eb__tokenizer_vocab_size(t), 8);
        EB_CHECK_EQ_INT(eb__tokenizer_sep_id(t), 3);
        EB_CHECK_EQ_INT(eb__tokenizer_encode(t, text, strlen(text), ids, 8), 6);
        EB_CHECK(ids[0] == 2 && ids[1] == 5 && ids[2] == 5 && ids[3] == 6 && ids[4] == 1 && ids[5] == 3);
        eb__tokenizer_free(t);
    }
}

static int write_file(const char *dir, const char *name, const char *text) {
    char p[4096];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (!(f = fopen(p, "wb"))) return 0;
    fputs(text, f);
    fclose(f);
    return 1;
}

static void remove_file(const char *dir, const char *name) {
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    remove(p);
}

/* A model folder is read as transformers reads it: a BERT-family tokenizer class takes its
   normalizer flags from tokenizer_config.json (defaults: lowercase, strip follows, CJK on). */
static void test_load_dir_config(void) {
    char dir[] = "/tmp/eb_tok_XXXXXX", json[4096];
    eb__tokenizer *t = NULL;
    static const char *const text = "HELLO Caf\xc3\xa9 unaffable";
    int32_t ids[16];
    if (!mkdtemp(dir)) { EB_CHECK(0); return; }
    /* the tiny tokenizer.json: cased, accents kept, 3 chars per word at most */
    tiny_json(json, sizeof json, BERT_NORM("true", "true", "false", "false"), NULL, 3);
    EB_CHECK(write_file(dir, "tokenizer.json", json));
    /* no tokenizer_config.json, no config.json: tokenizer.json as written */
    EB_CHECK_STATUS(eb__tokenizer_load_dir(dir, NULL, &t), EB_OK);
    if (t) { EB_CHECK_EQ_INT(eb__tokenizer_encode(t, text, strlen(text), ids, 16), 5); EB_CHECK(ids[1] == 1 && ids[2] == 1 && ids[3] == 1); eb__tokenizer_free(t); t = NULL; }
    /* BertTokenizer class: lowercase + strip + 100 chars per word from the defaults */
    EB_CHECK(write_file(dir, "tokenizer_config.json", "{\"tokenizer_class\": \"BertTokenizerFast\"}"));
    EB_CHECK_STATUS(eb__tokenizer_load_dir(dir, NULL, &t), EB_OK);
    if (t) { EB_CHECK_EQ_INT(eb__tokenizer_encode(t, text, strlen(text), ids, 16), 7); EB_CHECK(ids[1] == 4 && ids[2] == 11 && ids[3] == 6); eb__tokenizer_free(t); t = NULL; }
    /* ... or explicit flags */
    EB_CHECK(write_file(dir, "tokenizer_config.json", "{\"tokenizer_class\": \"BertTokenizer\", \"do_lower_case\": true, \"strip_accents\": false}"));
    EB_CHECK_STATUS(eb__tokenizer_load_dir(dir, NULL, &t), EB_OK);
    if (t) { EB_CHECK_EQ_INT(eb__tokenizer_encode(t, text, strlen(text), ids, 16), 7); EB_CHECK(ids[1] == 4 && ids[2] == 12); eb__tokenizer_free(t); t = NULL; }
    /* another class: tokenizer.json rules */
    EB_CHECK(write_file(dir, "tokenizer_config.json", "{\"tokenizer_class\": \"PreTrainedTokenizerFast\"}"));
    EB_CHECK_STATUS(eb__tokenizer_load_dir(dir, NULL, &t), EB_OK);
    if (t) { EB_CHECK_EQ_INT(eb__tokenizer_encode(t, text, strlen(text), ids, 16), 5); eb__tokenizer_free(t); t = NULL; }
    /* no class: config.json's model_type decides */
    EB_CHECK(write_file(dir, "tokenizer_config.json", "{}"));
    EB_CHECK(write_file(dir, "config.json", "{\"model_type\": \"bert\"}"));
    EB_CHECK_STATUS(eb__tokenizer_load_dir(dir, NULL, &t), EB_OK);
    if (t) { EB_CHECK_EQ_INT(eb__tokenizer_encode(t, text, strlen(text), ids, 16), 7); eb__tokenizer_free(t); t = NULL; }
    /* vocab.txt only, cased by tokenizer_config.json */
    remove_file(dir, "tokenizer.json");
    EB_CHECK(write_file(dir, "vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\nHELLO\n"));
    EB_CHECK(write_file(dir, "tokenizer_config.json", "{\"do_lower_case\": false}"));
    EB_CHECK_STATUS(eb__tokenizer_load_dir(dir, NULL, &t), EB_OK);
    if (t) { EB_CHECK_EQ_INT(eb__tokenizer_encode(t, "HELLO hello", 11, ids, 16), 4); EB_CHECK(ids[1] == 5 && ids[2] == 4); eb__tokenizer_free(t); t = NULL; }
    EB_CHECK(write_file(dir, "tokenizer_config.json", "{\"do_lower_case\": "));
    EB_CHECK_STATUS(eb__tokenizer_load_dir(dir, NULL, &t), EB_FORMAT_ERROR);
    remove_file(dir, "vocab.txt");
    remove_file(dir, "tokenizer_config.json");
    remove_file(dir, "config.json");
    remove(dir);
}

typedef struct alloc_stats { size_t live, calls; } alloc_stats;
static void *count_alloc(size_t size, size_t align, void *user) {
    alloc_stats *s = (alloc_stats *)user;
    void *p = NULL;
    if (posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align, size) != 0) return NULL;
    __atomic_fetch_add(&s->live, size, __ATOMIC_RELAXED);
    __atomic_fetch_add(&s->calls, 1, __ATOMIC_RELAXED);
    return p;
}
static void count_free(void *p, size_t size, void *user) {
    __atomic_fetch_sub(&((alloc_stats *)user)->live, size, __ATOMIC_RELAXED);
    free(p);
}

static void test_allocator_and_no_alloc_per_call(void) {
    alloc_stats st = {0, 0};
    eb_allocator a;
    eb__tokenizer *t = NULL;
    int32_t ids[256];
    size_t calls;
    a.alloc = count_alloc; a.free = count_free; a.user = &st;
    EB_CHECK_STATUS(eb__tokenizer_load_dir(model_dir(), &a, &t), EB_OK);
    if (!t) return;
    calls = st.calls;
    EB_CHECK(eb__tokenizer_encode(t, "Hello, wörld! \xe6\x9d\xb1\xe4\xba\xac", 20, ids, 256) > 4);
    EB_CHECK_EQ_INT(st.calls, calls);
    {   /* 200 surviving combining marks in one run: the reorder buffer grows, then is freed */
        char in[1 + 4 * 200];
        size_t live = st.live;
        int i;
        in[0] = 'a';
        for (i = 0; i < 200; i++) memcpy(in + 1 + 4 * i, i & 1 ? "\xf0\x9e\xa5\x84" : "\xf0\x9e\xa5\x8a", 4);
        EB_CHECK_EQ_INT(eb__tokenizer_encode(t, in, sizeof in, ids, 256), 3);
        EB_CHECK(st.calls > calls);
        EB_CHECK_EQ_INT(st.live, live);
    }
    eb__tokenizer_free(t);
    EB_CHECK_EQ_INT(st.live, 0);
}

/* ---- threads ------------------------------------------------------------------------------- */
typedef struct worker {
    const eb__tokenizer *t;
    const golden *g;
    int rounds, errors;
} worker;

static void *worker_main(void *arg) {
    worker *w = (worker *)arg;
    int32_t ids[256];
    int r;
    uint32_t i;
    for (r = 0; r < w->rounds; r++)
        for (i = 0; i < w->g->n; i++) {
            int n = eb__tokenizer_encode(w->t, w->g->text[i], w->g->len[i], ids, 256);
            if (n != (int)w->g->nids[i] || memcmp(ids, w->g->ids[i], sizeof(int32_t) * (size_t)n) != 0) w->errors++;
        }
    return NULL;
}

static void test_threads(void) {
    golden g, single;
    eb__tokenizer *t = NULL;
    eb__thread th[4];
    worker w[4];
    int32_t ids[256];
    uint32_t i;
    int k;
    EB_CHECK_STATUS(eb__tokenizer_load_dir(model_dir(), NULL, &t), EB_OK);
    EB_CHECK(golden_load(&g, 1) == 0);
    if (!t || !g.n) { eb__tokenizer_free(t); golden_free(&g); return; }
    /* expectation: this tokenizer's own single-thread output */
    single = g;
    single.n = g.n < 600 ? g.n : 600;
    single.ids = (int32_t **)calloc(single.n, sizeof(int32_t *));
    single.nids = (uint32_t *)calloc(single.n, sizeof(uint32_t));
    for (i = 0; i < single.n; i++) {
        int n = eb__tokenizer_encode(t, g.text[i], g.len[i], ids, 256);
        single.nids[i] = (uint32_t)n;
        single.ids[i] = (int32_t *)malloc(sizeof(int32_t) * 256);
        memcpy(single.ids[i], ids, sizeof(int32_t) * (size_t)n);
    }
    for (k = 0; k < 4; k++) {
        w[k].t = t; w[k].g = &single; w[k].rounds = (int)eb_test_scaled(5); w[k].errors = 0;
        EB_CHECK(eb__thread_start(&th[k], worker_main, &w[k]) == 0);
    }
    for (k = 0; k < 4; k++) { eb__thread_join(&th[k]); EB_CHECK_EQ_INT(w[k].errors, 0); }
    for (i = 0; i < single.n; i++) free(single.ids[i]);
    free(single.ids);
    free(single.nids);
    eb__tokenizer_free(t);
    golden_free(&g);
}

int main(void) {
    EB_RUN(test_golden_corpus_json);
    EB_RUN(test_golden_corpus_vocab);
    EB_RUN(test_golden_stress);
    EB_RUN(test_golden_other_models);
    EB_RUN(test_model_facts);
    EB_RUN(test_clean_text);
    EB_RUN(test_cjk);
    EB_RUN(test_strip_accents);
    EB_RUN(test_lowercase);
    EB_RUN(test_pretokenizer_and_wordpiece);
    EB_RUN(test_added_tokens);
    EB_RUN(test_truncation);
    EB_RUN(test_bad_and_huge_input);
    EB_RUN(test_invalid_utf8);
    EB_RUN(test_loader_errors);
    EB_RUN(test_load_dir_config);
    EB_RUN(test_allocator_and_no_alloc_per_call);
    EB_RUN(test_threads);
    return eb_test_summary();
}
