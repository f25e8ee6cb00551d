/* =====================================================================================
 *  TOKENIZER
 *  BERT WordPiece exactly as sentence-transformers runs it (the Hugging Face fast tokenizer,
 *  Rust `tokenizers`): added tokens matched on the raw text, then per segment BertNormalizer
 *  (clean_text -> CJK spacing -> NFD + drop Mn -> per-char lowercase), BertPreTokenizer
 *  (split on White_Space, isolate punctuation), WordPiece (greedy longest match, a word over
 *  max_input_chars_per_word or with an unmatched rest is one [UNK]), then [CLS] ... [SEP].
 *  One streaming pass that stops once max_ids is reached; no allocation unless the config
 *  allows words over 254 chars or a run holds more than 32 combining marks that survive.
 *  A model folder is read as transformers reads it: for BERT-family tokenizer classes the
 *  normalizer flags come from tokenizer_config.json (see eb__tk_config), not tokenizer.json.
 *  Decisions where the reference has no answer (it takes valid Unicode strings only):
 *  - invalid UTF-8: each maximal invalid subpart becomes U+FFFD (as Python's
 *    decode("utf-8", "replace") and Rust's from_utf8_lossy), which clean_text drops;
 *  - added tokens: lstrip/rstrip only swallow whitespace, which yields no ids here anyway;
 *    single_word uses the reference's own \w (Rust regex, Unicode) table.
 * ===================================================================================== */
#define EB__TK_PEND 32          /* on-stack reorder buffer for surviving combining marks */
#define EB__TK_WORD_STACK 1024  /* word bytes kept on the stack (100 chars need 404) */
#define EB__TK_MAX_SPECIAL 4    /* post-processor ids before / after the text */
#define EB__TK_CONT 0x80000000u /* slot.len flag: a continuation ("##"-stripped) key */
#define EB__TK_FILTER_BITS 18   /* 32 KB negative filter in front of the hash table */

typedef struct eb__tk_slot { uint32_t hash; int32_t id; uint32_t off; uint32_t len; } eb__tk_slot;

typedef struct eb__tk_added {
    uint32_t off, len;          /* raw content in the pool */
    uint32_t noff, nlen;        /* normalized content (normalized tokens only) */
    int32_t id;
    uint8_t single_word, normalized;
} eb__tk_added;

typedef struct eb__tokenizer {
    eb_allocator alloc;
    uint8_t clean_text, handle_cjk, strip_accents, lowercase;
    int max_word_chars;             /* WordPiece max_input_chars_per_word */
    int32_t unk_id, cls_id, sep_id, pad_id;
    int32_t pre[EB__TK_MAX_SPECIAL], suf[EB__TK_MAX_SPECIAL];
    int npre, nsuf;
    int vocab_size;                 /* 1 + the largest id */
    int n_keys;                     /* distinct vocabulary strings */
    eb__tk_slot *slots;             /* open addressing, linear probing */
    uint32_t mask;
    uint64_t *filter;               /* one bit per hash: most absent pieces stop here, in cache */
    char *pool;                     /* key bytes of every vocab entry and added token */
    size_t pool_len, pool_cap;
    int max_key, max_cont_key;      /* longest literal / continuation key, bytes */
    eb__tk_added *added;            /* sorted: longest content first */
    int n_added, n_norm_added;
    int norm_lookahead;             /* bytes held before deciding: longest normalized + 4 */
    uint8_t added_first[32];        /* bitmap: first bytes of raw-matched added tokens */
    uint8_t ascii_act[128];         /* EB__TK_A_* for each ASCII byte under this config */
    char ascii_map[128];            /* ASCII byte after lowercase */
    char prefix[16];                /* continuing_subword_prefix */
    int prefix_len;
} eb__tokenizer;

enum { EB__TK_A_WORD = 0, EB__TK_A_DROP, EB__TK_A_SPACE, EB__TK_A_PUNCT };

/* ---- vocabulary hash ------------------------------------------------------------------ */
#define EB__TK_SEED 0x811C9DC5u
#define EB__TK_SEED_CONT 0x2545F491u

EB__INLINE uint32_t eb__tk_step(uint32_t h, unsigned char b) { return (h ^ b) * 0x01000193u; }
EB__INLINE uint32_t eb__tk_final(uint32_t h, uint32_t len) {
    h ^= len * 0x9E3779B1u;
    h ^= h >> 16; h *= 0x85EBCA6Bu; h ^= h >> 13; h *= 0xC2B2AE35u; h ^= h >> 16;
    return h;
}
EB__FN uint32_t eb__tk_hash(const unsigned char *s, uint32_t len, int cont) {
    uint32_t h = cont ? EB__TK_SEED_CONT : EB__TK_SEED, i;
    for (i = 0; i < len; i++) h = eb__tk_step(h, s[i]);
    return eb__tk_final(h, len);
}

EB__INLINE uint32_t eb__tk_fbit(uint32_t h) { return h >> (32 - EB__TK_FILTER_BITS); }

/* Short keys: an inline loop beats a memcmp call. */
EB__INLINE int eb__tk_same(const char *a, const unsigned char *b, uint32_t n) {
    uint32_t i;
    for (i = 0; i < n; i++)
        if ((unsigned char)a[i] != b[i]) return 0;
    return 1;
}

/* h from eb__tk_hash / eb__tk_final; klen carries EB__TK_CONT. -1 if absent. */
EB__INLINE int32_t eb__tk_find(const eb__tokenizer *t, const unsigned char *s, uint32_t klen, uint32_t h) {
    uint32_t i = h & t->mask, len = klen & ~EB__TK_CONT, b = eb__tk_fbit(h);
    if (!(t->filter[b >> 6] & ((uint64_t)1 << (b & 63)))) return -1;
    for (;;) {
        const eb__tk_slot *e = &t->slots[i];
        if (e->id < 0) return -1;
        if (e->hash == h && e->len == klen && eb__tk_same(t->pool + e->off, s, len)) return e->id;
        i = (i + 1) & t->mask;
    }
}

EB__FN int32_t eb__tk_lookup(const eb__tokenizer *t, const char *s, size_t len) {
    if (len > 0x7FFFFFFFu) return -1;
    return eb__tk_find(t, (const unsigned char *)s, (uint32_t)len,
                       eb__tk_hash((const unsigned char *)s, (uint32_t)len, 0));
}

/* Inserts pool[off, off+len) as a key; a later duplicate replaces the id (the last line of
   vocab.txt / the last JSON member wins, as in the reference's hash maps). */
EB__FN void eb__tk_insert(eb__tokenizer *t, uint32_t off, uint32_t len, int cont, int32_t id) {
    uint32_t klen = len | (cont ? EB__TK_CONT : 0);
    uint32_t h = eb__tk_hash((const unsigned char *)t->pool + off, len, cont), i = h & t->mask, b = eb__tk_fbit(h);
    t->filter[b >> 6] |= (uint64_t)1 << (b & 63);
    for (;;) {
        eb__tk_slot *e = &t->slots[i];
        if (e->id < 0) {
            e->hash = h; e->id = id; e->off = off; e->len = klen;
            if (cont) { if ((int)len > t->max_cont_key) t->max_cont_key = (int)len; }
            else {
                if ((int)len > t->max_key) t->max_key = (int)len;
                t->n_keys++;
            }
            return;
        }
        if (e->hash == h && e->len == klen && memcmp(t->pool + e->off, t->pool + off, len) == 0) {
            e->id = id;
            return;
        }
        i = (i + 1) & t->mask;
    }
}

/* ---- construction ------------------------------------------------------------------- */
EB__FN void eb__tokenizer_free(eb__tokenizer *t) {
    eb_allocator a;
    if (!t) return;
    a = t->alloc;
    eb__free(&a, t->slots, ((size_t)t->mask + 1) * sizeof(eb__tk_slot));
    eb__free(&a, t->filter, ((size_t)1 << EB__TK_FILTER_BITS) / 8);
    eb__free(&a, t->pool, t->pool_cap);
    eb__free(&a, t->added, (size_t)(t->n_added ? t->n_added : 1) * sizeof(eb__tk_added));
    eb__free(&a, t, sizeof *t);
}

/* Allocates the tokenizer with room for n_keys hash entries (vocab strings plus their
   continuation twins) and pool_bytes of keys. */
EB__FN eb_status eb__tk_create(const eb_allocator *a, size_t n_keys, size_t pool_bytes, eb__tokenizer **out) {
    eb__tokenizer *t;
    size_t slots, i;
    *out = NULL;
    if (a && !eb__allocator_valid(a)) return eb__fail(EB_INVALID_ARGUMENT, "tokenizer: allocator needs both alloc and free");
    if (n_keys > ((size_t)1 << 27)) return eb__fail(EB_FORMAT_ERROR, "tokenizer: %zu vocabulary entries is too many", n_keys);
    if (pool_bytes >= 0x7FFFFFFFu) return eb__fail(EB_FORMAT_ERROR, "tokenizer: vocabulary too large");
    t = (eb__tokenizer *)eb__alloc_zero(a, sizeof *t, 16);
    if (!t) return eb__fail(EB_NOMEM, "tokenizer: out of memory");
    if (a) t->alloc = *a;
    slots = eb__next_pow2(n_keys + n_keys / 2 + 16);   /* load factor <= 2/3 */
    t->mask = (uint32_t)(slots - 1);
    t->slots = (eb__tk_slot *)eb__alloc(a, slots * sizeof(eb__tk_slot), 64);
    t->pool_cap = pool_bytes + 1;
    t->pool = (char *)eb__alloc(a, t->pool_cap, 16);
    t->filter = (uint64_t *)eb__alloc_zero(a, ((size_t)1 << EB__TK_FILTER_BITS) / 8, 64);
    if (!t->slots || !t->pool || !t->filter) {
        eb__tokenizer_free(t);
        return eb__fail(EB_NOMEM, "tokenizer: out of memory (%zu slots)", slots);
    }
    for (i = 0; i < slots; i++) t->slots[i].id = -1;
    t->clean_text = t->handle_cjk = t->strip_accents = t->lowercase = 1;
    t->max_word_chars = 100;
    t->unk_id = t->cls_id = t->sep_id = t->pad_id = -1;
    memcpy(t->prefix, "##", 2);
    t->prefix_len = 2;
    *out = t;
    return EB_OK;
}

/* Appends a vocabulary entry (bytes copied into the pool). */
EB__FN eb_status eb__tk_add_vocab(eb__tokenizer *t, const char *s, size_t len, int64_t id) {
    uint32_t off;
    if (id < 0 || id >= (1 << 26)) return eb__fail(EB_FORMAT_ERROR, "tokenizer: token id %lld out of range", (long long)id);
    if (len > t->pool_cap - 1 - t->pool_len) return eb__fail(EB_FORMAT_ERROR, "tokenizer: vocabulary pool overflow");
    off = (uint32_t)t->pool_len;
    memcpy(t->pool + off, s, len);
    t->pool_len += len;
    eb__tk_insert(t, off, (uint32_t)len, 0, (int32_t)id);
    if (t->prefix_len && (int)len > t->prefix_len && memcmp(s, t->prefix, (size_t)t->prefix_len) == 0)
        eb__tk_insert(t, off + (uint32_t)t->prefix_len, (uint32_t)len - (uint32_t)t->prefix_len, 1, (int32_t)id);
    if ((int)id >= t->vocab_size) t->vocab_size = (int)id + 1;
    return EB_OK;
}

/* ---- UTF-8 ---------------------------------------------------------------------------- */
/* Decodes one code point at *p (< end); invalid input yields U+FFFD per maximal subpart. */
EB__INLINE uint32_t eb__tk_utf8(const unsigned char **pp, const unsigned char *end) {
    const unsigned char *p = *pp;
    unsigned b0 = p[0], lo = 0x80, hi = 0xBF, n, i;
    uint32_t cp;
    if (b0 < 0x80) { *pp = p + 1; return b0; }
    if (b0 < 0xC2 || b0 > 0xF4) { *pp = p + 1; return 0xFFFD; }
    if (b0 < 0xE0) { n = 1; cp = b0 & 0x1F; }
    else if (b0 < 0xF0) { n = 2; cp = b0 & 0x0F; if (b0 == 0xE0) lo = 0xA0; if (b0 == 0xED) hi = 0x9F; }
    else { n = 3; cp = b0 & 0x07; if (b0 == 0xF0) lo = 0x90; if (b0 == 0xF4) hi = 0x8F; }
    for (i = 1; i <= n; i++) {
        unsigned b;
        if (p + i >= end) { *pp = p + i; return 0xFFFD; }
        b = p[i];
        if (b < lo || b > hi) { *pp = p + i; return 0xFFFD; }
        lo = 0x80; hi = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
    }
    *pp = p + n + 1;
    return cp;
}

EB__INLINE int eb__tk_put_utf8(unsigned char *d, uint32_t cp) {
    if (cp < 0x80) { d[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { d[0] = (unsigned char)(0xC0 | (cp >> 6)); d[1] = (unsigned char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (cp >> 12)); d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (cp & 0x3F)); return 3;
    }
    d[0] = (unsigned char)(0xF0 | (cp >> 18)); d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); d[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---- the streaming pipeline --------------------------------------------------------- */
typedef struct eb__tk_run {
    const eb__tokenizer *t;
    int32_t *ids;                  /* content ids go here (NULL: count only) */
    int n, cap, done;
    unsigned char *word;           /* current pre-token, normalized UTF-8 */
    int wlen, wchars, wcap;        /* bytes, chars, byte capacity */
    int32_t *pieces;               /* WordPiece scratch, wcap entries */
    uint32_t *hs;                  /* prefix hashes, wcap + 1 entries */
    uint32_t *pend;                /* surviving combining marks awaiting canonical order */
    uint8_t *pccc;                 /* ... and their classes */
    int npend, pend_cap;           /* on the heap once a run outgrows EB__TK_PEND */
    uint32_t pend_stack[EB__TK_PEND];
    uint8_t pccc_stack[EB__TK_PEND];
    unsigned char *nbuf;           /* normalized-added-token lookahead (bytes) */
    int nlen, ncap;
    uint32_t nprev;                /* last normalized char consumed in this segment (0: none) */
    unsigned char *sink;           /* when set, normalized chars are written here instead */
    int sink_len, sink_cap;
} eb__tk_run;

EB__INLINE void eb__tk_emit(eb__tk_run *r, int32_t id) {
    if (r->n < r->cap) {
        if (r->ids) r->ids[r->n] = id;
        r->n++;
    }
    if (r->n >= r->cap) r->done = 1;
}

/* Greedy longest-match-first over the current word; the whole word is [UNK] on failure. */
EB__FN void eb__tk_wordpiece(eb__tk_run *r) {
    const eb__tokenizer *t = r->t;
    const unsigned char *w = r->word;
    int len = r->wlen, start = 0, np = 0, i;
    if (r->wchars > t->max_word_chars) { eb__tk_emit(r, t->unk_id); return; }
    while (start < len) {
        int cont = start > 0, maxk = cont ? t->max_cont_key : t->max_key, k, found = -1;
        uint32_t h = cont ? EB__TK_SEED_CONT : EB__TK_SEED;
        if (maxk > len - start) maxk = len - start;
        for (k = 0; k < maxk; k++) { h = eb__tk_step(h, w[start + k]); r->hs[k + 1] = h; }
        for (k = maxk; k > 0; k--) {
            int32_t id;
            if (start + k < len && (w[start + k] & 0xC0) == 0x80) continue;   /* mid-char */
            id = eb__tk_find(t, w + start, (uint32_t)k | (cont ? EB__TK_CONT : 0),
                             eb__tk_final(r->hs[k], (uint32_t)k));
            if (id >= 0) { found = id; break; }
        }
        if (found < 0) { eb__tk_emit(r, t->unk_id); return; }
        r->pieces[np++] = found;
        start += k;
    }
    for (i = 0; i < np && !r->done; i++) eb__tk_emit(r, r->pieces[i]);
}

EB__INLINE void eb__tk_end_word(eb__tk_run *r) {
    if (r->wchars) {
        eb__tk_wordpiece(r);
        r->wlen = r->wchars = 0;
    }
}

/* Appends a normalized char to the current word (bytes are kept only while it may fit). */
EB__INLINE void eb__tk_word_char(eb__tk_run *r, uint32_t c) {
    if (++r->wchars <= r->t->max_word_chars) r->wlen += eb__tk_put_utf8(r->word + r->wlen, c);
}

/* BertPreTokenizer on one normalized char with flags f. */
EB__FN void eb__tk_pretok(eb__tk_run *r, uint32_t c, unsigned f) {
    if (r->sink) {   /* normalizing an added token's content at load */
        if (r->sink_len + 4 <= r->sink_cap) r->sink_len += eb__tk_put_utf8(r->sink + r->sink_len, c);
        return;
    }
    if (f & EB__UC_WS) { eb__tk_end_word(r); return; }
    if (f & EB__UC_PUNCT) { eb__tk_end_word(r); eb__tk_word_char(r, c); eb__tk_end_word(r); return; }
    eb__tk_word_char(r, c);
}

EB__FN void eb__tk_norm_added_flush(eb__tk_run *r, int all);

/* Normalized added tokens are matched on the normalized text: chars wait in a lookahead of
   the longest such token (plus one char, for single_word) before they reach the pre-tokenizer. */
EB__FN void eb__tk_normalized_char(eb__tk_run *r, uint32_t c, unsigned f) {
    if (!r->t->n_norm_added || r->sink) { eb__tk_pretok(r, c, f); return; }
    r->nlen += eb__tk_put_utf8(r->nbuf + r->nlen, c);
    if (r->nlen >= r->t->norm_lookahead) eb__tk_norm_added_flush(r, 0);
}

/* Rust regex \w, as single_word sees the neighbours of a match (0: none). */
EB__INLINE int eb__tk_word_cp(uint32_t c) { return c && eb__uc_is_word(c); }

/* Index of the longest added token of the given kind at s (the reference's leftmost-longest
   Aho-Corasick, which does not fall back to a shorter token when single_word rejects it). */
EB__FN int eb__tk_longest_added(const eb__tokenizer *t, const unsigned char *s, size_t avail, int normalized) {
    int i;
    for (i = 0; i < t->n_added; i++) {   /* sorted longest first */
        const eb__tk_added *a = &t->added[i];
        uint32_t off = normalized ? a->noff : a->off, len = normalized ? a->nlen : a->len;
        if (a->normalized == normalized && len && len <= avail && memcmp(s, t->pool + off, len) == 0) return i;
    }
    return -1;
}

/* Passes the first n bytes of the lookahead on as plain text. */
EB__FN void eb__tk_norm_pass(eb__tk_run *r, int n) {
    const unsigned char *p = r->nbuf, *e = r->nbuf + n;
    while (p < e) {
        uint32_t c = eb__tk_utf8(&p, e);
        eb__tk_pretok(r, c, eb__uc_get(c)->flags);
        r->nprev = c;
    }
    memmove(r->nbuf, e, (size_t)(r->nlen - n));
    r->nlen -= n;
}

/* Decides the head of the lookahead while it is full (all: until it is empty). */
EB__FN void eb__tk_norm_added_flush(eb__tk_run *r, int all) {
    const eb__tokenizer *t = r->t;
    while (r->nlen > 0 && (all || r->nlen >= t->norm_lookahead) && !r->done) {
        int k = eb__tk_longest_added(t, r->nbuf, (size_t)r->nlen, 1);
        const unsigned char *p = r->nbuf;
        if (k < 0) {
            eb__tk_utf8(&p, r->nbuf + r->nlen);
            eb__tk_norm_pass(r, (int)(p - r->nbuf));
            continue;
        }
        p += t->added[k].nlen;
        if (t->added[k].single_word &&
            (eb__tk_word_cp(r->nprev) || (p < r->nbuf + r->nlen && eb__tk_word_cp(eb__tk_utf8(&p, r->nbuf + r->nlen))))) {
            eb__tk_norm_pass(r, (int)t->added[k].nlen);   /* rejected: its span stays text */
            continue;
        }
        eb__tk_end_word(r);
        eb__tk_emit(r, t->added[k].id);
        p = r->nbuf + t->added[k].nlen;
        while (p > r->nbuf && (p[-1] & 0xC0) == 0x80) p--;   /* its last char */
        if (p > r->nbuf) p--;
        r->nprev = eb__tk_utf8(&p, r->nbuf + t->added[k].nlen);
        memmove(r->nbuf, r->nbuf + t->added[k].nlen, (size_t)(r->nlen - (int)t->added[k].nlen));
        r->nlen -= (int)t->added[k].nlen;
    }
}

/* lowercase (per char, as Rust char::to_lowercase: no final-sigma context). */
EB__INLINE void eb__tk_lower(eb__tk_run *r, uint32_t c, const eb__uc_rec *u) {
    if (r->t->lowercase) {
        if (EB__UNLIKELY(u->flags & EB__UC_LOWER2)) {
            eb__tk_normalized_char(r, 0x69, eb__uc_ascii[0x69]);
            eb__tk_normalized_char(r, 0x307, eb__uc_get(0x307)->flags);
            return;
        }
        if (u->lower) {
            c = (uint32_t)((int32_t)c + u->lower);
            u = eb__uc_get(c);
        }
    }
    eb__tk_normalized_char(r, c, u->flags);
}

/* Emits the pending run stably sorted by class: in order when it already is (the usual
   case), else one pass per class present (at most ~60 classes: linear in the run). */
EB__FN void eb__tk_flush_pend(eb__tk_run *r) {
    int i, sorted = 1;
    for (i = 1; i < r->npend && sorted; i++) sorted = r->pccc[i - 1] <= r->pccc[i];
    if (sorted) {
        for (i = 0; i < r->npend; i++) eb__tk_lower(r, r->pend[i], eb__uc_get(r->pend[i]));
    } else {
        uint64_t seen[4] = {0, 0, 0, 0};
        unsigned k;
        for (i = 0; i < r->npend; i++) seen[r->pccc[i] >> 6] |= (uint64_t)1 << (r->pccc[i] & 63);
        for (k = 1; k < 256; k++)
            if (seen[k >> 6] & ((uint64_t)1 << (k & 63)))
                for (i = 0; i < r->npend; i++)
                    if (r->pccc[i] == k) eb__tk_lower(r, r->pend[i], eb__uc_get(r->pend[i]));
    }
    r->npend = 0;
}

/* Doubles the pending-run buffer (heap). 0 if memory ran out. */
EB__FN int eb__tk_grow_pend(eb__tk_run *r) {
    size_t cap = (size_t)r->pend_cap * 2;
    char *h = (char *)eb__alloc(&r->t->alloc, cap * 5, 16);
    if (!h || cap > 0x3FFFFFFF) { if (h) eb__free(&r->t->alloc, h, cap * 5); return 0; }
    memcpy(h, r->pend, (size_t)r->npend * 4);
    memcpy(h + cap * 4, r->pccc, (size_t)r->npend);
    if (r->pend != r->pend_stack) eb__free(&r->t->alloc, r->pend, (size_t)r->pend_cap * 5);
    r->pend = (uint32_t *)h;
    r->pccc = (uint8_t *)(h + cap * 4);
    r->pend_cap = (int)cap;
    return 1;
}

EB__FN void eb__tk_run_reset_pend(eb__tk_run *r) {
    r->pend = r->pend_stack;
    r->pccc = r->pccc_stack;
    r->pend_cap = EB__TK_PEND;
    r->npend = 0;
}

EB__FN void eb__tk_run_free_pend(eb__tk_run *r) {
    if (r->pend != r->pend_stack) eb__free(&r->t->alloc, r->pend, (size_t)r->pend_cap * 5);
    eb__tk_run_reset_pend(r);
}

/* One code point of the NFD stream: canonical ordering, then drop Mn. */
EB__FN void eb__tk_ordered(eb__tk_run *r, uint32_t c, const eb__uc_rec *u) {
    if (u->flags & EB__UC_NONSTARTER) {
        if (u->flags & EB__UC_MN) return;            /* dropped; does not end the run */
        if (r->npend == r->pend_cap && !eb__tk_grow_pend(r)) eb__tk_flush_pend(r);   /* out of memory */
        r->pend[r->npend] = c;
        r->pccc[r->npend++] = u->ccc;
        return;
    }
    if (r->npend) eb__tk_flush_pend(r);
    if (u->flags & EB__UC_MN) return;
    eb__tk_lower(r, c, u);
}

/* strip_accents: NFD (recursive table; Hangul algorithmic) feeding canonical ordering. */
EB__FN void eb__tk_strip(eb__tk_run *r, uint32_t c, const eb__uc_rec *u) {
    if (!r->t->strip_accents) {
        eb__tk_lower(r, c, u);
    } else if (c - 0xAC00u < 11172u) {
        uint32_t s = c - 0xAC00u;
        uint32_t l = 0x1100 + s / 588, v = 0x1161 + (s % 588) / 28, tt = 0x11A7 + s % 28;
        eb__tk_ordered(r, l, eb__uc_get(l));
        eb__tk_ordered(r, v, eb__uc_get(v));
        if (s % 28) eb__tk_ordered(r, tt, eb__uc_get(tt));
    } else if (u->flags & EB__UC_DECOMP) {
        uint32_t d[4];
        int i, n = eb__uc_decompose(c, d);
        for (i = 0; i < n; i++) eb__tk_ordered(r, d[i], eb__uc_get(d[i]));
    } else {
        eb__tk_ordered(r, c, u);
    }
}

/* BertNormalizer on one input code point, then everything downstream. */
EB__FN void eb__tk_char(eb__tk_run *r, uint32_t c) {
    const eb__tokenizer *t = r->t;
    const eb__uc_rec *u = eb__uc_get(c);
    if (t->clean_text) {
        if (u->flags & EB__UC_DROP) return;
        if (u->flags & EB__UC_WS) { c = 0x20; u = eb__uc_get(c); }
    }
    if (t->handle_cjk && (u->flags & EB__UC_CJK)) {
        const eb__uc_rec *sp = eb__uc_get(0x20);
        eb__tk_strip(r, 0x20, sp);
        eb__tk_strip(r, c, u);
        eb__tk_strip(r, 0x20, sp);
        return;
    }
    eb__tk_strip(r, c, u);
}

/* End of a segment (text end or an added token): nothing carries across. */
EB__FN void eb__tk_end_segment(eb__tk_run *r) {
    if (r->npend) eb__tk_flush_pend(r);
    if (r->nlen) eb__tk_norm_added_flush(r, 1);
    r->nprev = 0;
    eb__tk_end_word(r);
}


/* single_word check of a raw match [p, after) in text. */
EB__FN int eb__tk_single_word_ok(const unsigned char *text, const unsigned char *p, const unsigned char *after,
                                 const unsigned char *end) {
    if (p > text) {   /* the previous code point: back up over continuation bytes */
        const unsigned char *q = p;
        do q--; while (q > text && (*q & 0xC0) == 0x80 && p - q < 4);
        if (eb__tk_word_cp(eb__tk_utf8(&q, p))) return 0;
    }
    return !(after < end && eb__tk_word_cp(eb__tk_utf8(&after, end)));
}

/* The whole pipeline over text; content ids to r->ids. */
EB__FN void eb__tk_run_text(eb__tk_run *r, const unsigned char *text, size_t len) {
    const eb__tokenizer *t = r->t;
    const unsigned char *p = text, *end = text + len, *plain_until = text;
    while (p < end && !r->done) {
        unsigned b = *p;
        if (EB__UNLIKELY(t->added_first[b >> 3] & (1u << (b & 7))) && p >= plain_until) {
            int k = eb__tk_longest_added(t, p, (size_t)(end - p), 0);
            if (k >= 0) {
                const unsigned char *after = p + t->added[k].len;
                if (!t->added[k].single_word || eb__tk_single_word_ok(text, p, after, end)) {
                    eb__tk_end_segment(r);
                    if (r->done) break;
                    eb__tk_emit(r, t->added[k].id);
                    p = after;
                    continue;
                }
                plain_until = after;   /* rejected: no match may start inside it */
            }
        }
        if (b < 0x80 && r->npend == 0 && !t->n_norm_added) {
            /* ASCII fast path: runs of word bytes go straight into the word. */
            unsigned act = t->ascii_act[b];
            if (act == EB__TK_A_WORD) {
                const int maxc = t->max_word_chars;
                do {
                    if (++r->wchars <= maxc) r->word[r->wlen++] = (unsigned char)t->ascii_map[b];
                    if (++p == end) break;
                    b = *p;
                } while (b < 0x80 && t->ascii_act[b] == EB__TK_A_WORD &&
                         !(t->added_first[b >> 3] & (1u << (b & 7))));
                continue;
            }
            p++;
            if (act == EB__TK_A_SPACE) eb__tk_end_word(r);
            else if (act == EB__TK_A_PUNCT) {
                eb__tk_end_word(r);
                if (r->done) break;
                r->word[0] = (unsigned char)b; r->wlen = r->wchars = 1;
                eb__tk_end_word(r);
            }
            continue;
        }
        eb__tk_char(r, eb__tk_utf8(&p, end));
    }
    if (!r->done) eb__tk_end_segment(r);
}

/* Sizes the per-call scratch; on the stack unless the config wants long words. */
#define EB__TK_SCRATCH_DECL \
    unsigned char eb_wbuf_[EB__TK_WORD_STACK + 8]; int32_t eb_pbuf_[EB__TK_WORD_STACK + 8]; \
    uint32_t eb_hbuf_[EB__TK_WORD_STACK + 8]; unsigned char eb_nbuf_[256 + 8]

EB__FN int eb__tk_run_init(eb__tk_run *r, const eb__tokenizer *t, unsigned char *wbuf, int32_t *pbuf,
                           uint32_t *hbuf, unsigned char *nbuf, void **heap, size_t *heap_bytes) {
    size_t need = (size_t)t->max_word_chars * 4 + 8;
    memset(r, 0, sizeof *r);
    r->t = t;
    eb__tk_run_reset_pend(r);
    *heap = NULL; *heap_bytes = 0;
    r->ncap = 256;
    r->nbuf = nbuf;
    if (need <= EB__TK_WORD_STACK && t->norm_lookahead + 4 <= 256) {
        r->word = wbuf; r->pieces = pbuf; r->hs = hbuf;
        r->wcap = (int)need;
        return 0;
    }
    {   /* unusual config: one allocation for this call */
        size_t ncap = (size_t)t->norm_lookahead + 8;
        size_t bytes = need + need * sizeof(int32_t) + (need + 1) * sizeof(uint32_t) + ncap + 16;
        char *h = (char *)eb__alloc(&t->alloc, bytes, 16);
        if (!h) return -1;
        *heap = h; *heap_bytes = bytes;
        r->pieces = (int32_t *)h;
        r->hs = (uint32_t *)(h + need * sizeof(int32_t));
        r->word = (unsigned char *)(h + need * sizeof(int32_t) + (need + 1) * sizeof(uint32_t));
        r->nbuf = r->word + need;
        r->ncap = (int)ncap;
        r->wcap = (int)need;
    }
    return 0;
}

EB__FN int eb__tokenizer_encode(const eb__tokenizer *t, const char *text, size_t len, int32_t *ids, int max_ids) {
    eb__tk_run r;
    void *heap;
    size_t heap_bytes;
    int i, total;
    EB__TK_SCRATCH_DECL;
    if (!t || !text || max_ids < 2 || max_ids < t->npre + t->nsuf) return -1;
    if (eb__tk_run_init(&r, t, eb_wbuf_, eb_pbuf_, eb_hbuf_, eb_nbuf_, &heap, &heap_bytes) != 0) return -1;
    r.ids = ids ? ids + t->npre : NULL;
    r.cap = max_ids - t->npre - t->nsuf;
    r.done = r.cap <= 0;
    eb__tk_run_text(&r, (const unsigned char *)text, len);
    eb__tk_run_free_pend(&r);
    if (heap) eb__free(&t->alloc, heap, heap_bytes);
    total = t->npre + r.n + t->nsuf;
    if (ids) {
        for (i = 0; i < t->npre; i++) ids[i] = t->pre[i];
        for (i = 0; i < t->nsuf; i++) ids[t->npre + r.n + i] = t->suf[i];
    }
    return total;
}

/* ---- finishing a loaded tokenizer ----------------------------------------------------- */
/* Normalizes s with t's normalizer into out (cap bytes); returns the length or -1. */
EB__FN int eb__tk_normalize_str(const eb__tokenizer *t, const char *s, size_t len, unsigned char *out, int cap) {
    eb__tk_run r;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    memset(&r, 0, sizeof r);
    r.t = t;
    eb__tk_run_reset_pend(&r);
    r.sink = out;
    r.sink_cap = cap;
    r.cap = 1;
    while (p < end) eb__tk_char(&r, eb__tk_utf8(&p, end));
    if (r.npend) eb__tk_flush_pend(&r);
    eb__tk_run_free_pend(&r);
    return r.sink_len + 4 > cap ? -1 : r.sink_len;
}

EB__FN int eb__tk_added_cmp(const void *x, const void *y) {
    const eb__tk_added *a = (const eb__tk_added *)x, *b = (const eb__tk_added *)y;
    uint32_t la = a->normalized ? a->nlen : a->len, lb = b->normalized ? b->nlen : b->len;
    if (la != lb) return la > lb ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* Adds an added token (content copied into the pool; normalized ones also get their normalized
   form: call after the normalizer flags are set). Its id is what the reference's add_tokens
   gives it, whatever tokenizer.json says: an earlier added token's or the vocab's id for the
   same content, else the next free id (*next_id, starting at the number of vocab strings). */
EB__FN eb_status eb__tk_add_added(eb__tokenizer *t, const char *s, size_t len, int64_t *next_id, int single_word,
                                  int normalized) {
    eb__tk_added *a;
    unsigned char tmp[1024];
    int64_t id;
    int i;
    if (!len) return EB_OK;   /* the reference ignores empty contents */
    if (len > 256) return eb__fail(EB_FORMAT_ERROR, "tokenizer: added token of %zu bytes is too long (max 256)", len);
    for (i = 0; i < t->n_added; i++)   /* same content again: same id, the later flags win */
        if (t->added[i].len == len && memcmp(t->pool + t->added[i].off, s, len) == 0) break;
    if (i < t->n_added) id = t->added[i].id;
    else if ((id = eb__tk_lookup(t, s, len)) < 0) id = (*next_id)++;
    if (id >= (1 << 26)) return eb__fail(EB_FORMAT_ERROR, "tokenizer: too many added tokens");
    a = &t->added[i];
    if (len + sizeof tmp > t->pool_cap - 1 - t->pool_len) return eb__fail(EB_FORMAT_ERROR, "tokenizer: pool overflow");
    memset(a, 0, sizeof *a);
    a->off = (uint32_t)t->pool_len;
    a->len = (uint32_t)len;
    memcpy(t->pool + t->pool_len, s, len);
    t->pool_len += len;
    a->id = (int32_t)id;
    a->single_word = (uint8_t)(single_word != 0);
    a->normalized = (uint8_t)(normalized != 0);
    if (normalized) {
        int n = eb__tk_normalize_str(t, s, len, tmp, (int)sizeof tmp);
        if (n < 0) return eb__fail(EB_FORMAT_ERROR, "tokenizer: added token too long after normalization");
        a->noff = (uint32_t)t->pool_len;
        a->nlen = (uint32_t)n;
        memcpy(t->pool + t->pool_len, tmp, (size_t)n);
        t->pool_len += (size_t)n;
    }
    if (i == t->n_added) t->n_added++;
    if ((int)id >= t->vocab_size) t->vocab_size = (int)id + 1;
    return EB_OK;
}

/* Sorts added tokens, builds the first-byte bitmap and ASCII actions, checks specials. */
EB__FN eb_status eb__tk_finish(eb__tokenizer *t) {
    int i, c;
    if (t->unk_id < 0) return eb__fail(EB_FORMAT_ERROR, "tokenizer: the unknown token is not in the vocabulary");
    if (t->n_added > 1) qsort(t->added, (size_t)t->n_added, sizeof *t->added, eb__tk_added_cmp);
    memset(t->added_first, 0, sizeof t->added_first);
    t->n_norm_added = t->norm_lookahead = 0;
    for (i = 0; i < t->n_added; i++) {
        const eb__tk_added *a = &t->added[i];
        if (a->normalized) {
            if (!a->nlen) continue;   /* normalizes to nothing: can never match */
            t->n_norm_added++;
            if ((int)a->nlen + 4 > t->norm_lookahead) t->norm_lookahead = (int)a->nlen + 4;
        } else {
            unsigned b = (unsigned char)t->pool[a->off];
            t->added_first[b >> 3] |= (uint8_t)(1u << (b & 7));
        }
    }
    for (c = 0; c < 128; c++) {
        unsigned f = eb__uc_ascii[c];
        uint8_t act = EB__TK_A_WORD;
        if (t->clean_text && (f & EB__UC_DROP)) act = EB__TK_A_DROP;
        else if (f & EB__UC_WS) act = EB__TK_A_SPACE;
        else if (f & EB__UC_PUNCT) act = EB__TK_A_PUNCT;
        t->ascii_act[c] = act;
        t->ascii_map[c] = (char)((t->lowercase && c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    if (t->cls_id < 0 && t->npre) t->cls_id = t->pre[0];
    if (t->sep_id < 0 && t->nsuf) t->sep_id = t->suf[0];
    if (t->pad_id < 0) t->pad_id = 0;
    if (t->max_word_chars < 0) t->max_word_chars = 0;
    return EB_OK;
}

/* Standard BERT specials: [CLS] $A [SEP], and every [X] special present as a raw added token. */
EB__FN eb_status eb__tk_bert_specials(eb__tokenizer *t, const char *const *names, int n_names) {
    int i;
    eb_status st;
    int64_t next_id = t->n_keys;
    for (i = 0; i < n_names; i++)
        if (eb__tk_lookup(t, names[i], strlen(names[i])) >= 0 &&
            (st = eb__tk_add_added(t, names[i], strlen(names[i]), &next_id, 0, 0)) != EB_OK)
            return st;
    return EB_OK;
}

/* ---- loaders ------------------------------------------------------------------------- */
EB__FN eb_status eb__tk_read_file(const char *path, const eb_allocator *a, char **out, size_t *len) {
    FILE *f;
    long sz;
    char *buf;
    *out = NULL; *len = 0;
    f = fopen(path, "rb");
    if (!f) return eb__fail(EB_IO_ERROR, "cannot open %s: %s", path, strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return eb__fail(EB_IO_ERROR, "cannot size %s", path);
    }
    if (sz > 0x3FFFFFFFL) { fclose(f); return eb__fail(EB_FORMAT_ERROR, "%s is too large", path); }
    buf = (char *)eb__alloc(a, (size_t)sz + 1, 16);
    if (!buf) { fclose(f); return eb__fail(EB_NOMEM, "out of memory reading %s", path); }
    if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
        fclose(f);
        eb__free(a, buf, (size_t)sz + 1);
        return eb__fail(EB_IO_ERROR, "cannot read %s", path);
    }
    fclose(f);
    buf[sz] = 0;
    *out = buf; *len = (size_t)sz;
    return EB_OK;
}

/* vocab.txt: one token per line, id = line number (a trailing '\r' is dropped). */
EB__FN eb_status eb__tk_load_vocab_ex(const char *txt, size_t len, int clean, int lowercase, int strip, int cjk,
                                      const char *const *specials, const eb_allocator *a, eb__tokenizer **out) {
    static const char *const names[5] = {"[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"};
    eb__tokenizer *t;
    size_t i, lines = 1, start;
    int64_t id = 0;
    eb_status st;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "tokenizer: out is NULL");
    *out = NULL;
    if (!txt && len) return eb__fail(EB_INVALID_ARGUMENT, "tokenizer: vocab text is NULL");
    if (!specials) specials = names;
    for (i = 0; i < len; i++)   /* lines, plus one more entry per "##" line */
        if (txt[i] == '\n') lines += 1 + (i + 2 < len && txt[i + 1] == '#' && txt[i + 2] == '#');
    if ((st = eb__tk_create(a, lines + 1, len + 5 * 256 + 1024 * 5, &t)) != EB_OK) return st;
    t->clean_text = (uint8_t)(clean != 0);
    t->lowercase = (uint8_t)(lowercase != 0);
    t->strip_accents = (uint8_t)(strip < 0 ? lowercase != 0 : strip != 0);
    t->handle_cjk = (uint8_t)(cjk != 0);
    for (start = 0; start < len; id++) {
        size_t e = start, n;
        while (e < len && txt[e] != '\n') e++;
        n = e - start;
        if (n && txt[start + n - 1] == '\r') n--;
        if (e == len && n == 0) break;   /* no token after a final newline */
        if ((st = eb__tk_add_vocab(t, txt + start, n, id)) != EB_OK) { eb__tokenizer_free(t); return st; }
        start = e + 1;
    }
    if (id == 0) { eb__tokenizer_free(t); return eb__fail(EB_FORMAT_ERROR, "tokenizer: empty vocabulary"); }
    t->added = (eb__tk_added *)eb__alloc_zero(a, 5 * sizeof(eb__tk_added), 16);
    if (!t->added) { eb__tokenizer_free(t); return eb__fail(EB_NOMEM, "tokenizer: out of memory"); }
    t->n_added = 0;
    /* specials: unk, cls, sep, pad, mask */
    t->unk_id = eb__tk_lookup(t, specials[0], strlen(specials[0]));
    t->cls_id = eb__tk_lookup(t, specials[1], strlen(specials[1]));
    t->sep_id = eb__tk_lookup(t, specials[2], strlen(specials[2]));
    t->pad_id = eb__tk_lookup(t, specials[3], strlen(specials[3]));
    if (t->cls_id < 0 || t->sep_id < 0) {
        eb__tokenizer_free(t);
        return eb__fail(EB_FORMAT_ERROR, "tokenizer: vocab has no %s or %s", specials[1], specials[2]);
    }
    t->pre[0] = t->cls_id; t->npre = 1;
    t->suf[0] = t->sep_id; t->nsuf = 1;
    if ((st = eb__tk_bert_specials(t, specials, 5)) != EB_OK || (st = eb__tk_finish(t)) != EB_OK) {
        eb__tokenizer_free(t);
        return st;
    }
    *out = t;
    return EB_OK;
}

EB__FN eb_status eb__tokenizer_load_vocab(const char *vocab_txt, size_t len, int lowercase, const eb_allocator *a,
                                          eb__tokenizer **out) {
    return eb__tk_load_vocab_ex(vocab_txt, len, 1, lowercase, -1, 1, NULL, a, out);
}

EB__FN int eb__tk_json_flag(const eb__json *obj, const char *key, int dflt) {
    int b;
    return eb__json_get_bool(obj, key, &b) ? b : dflt;
}

/* "single" of a TemplateProcessing: ids of the specials before and after $A. */
EB__FN eb_status eb__tk_template(eb__tokenizer *t, const eb__json *pp) {
    const eb__json *single = eb__json_get(pp, "single"), *specials = eb__json_get(pp, "special_tokens");
    size_t i, j;
    int seen_a = 0;
    if (eb__json_kind(single) != EB__JSON_ARRAY) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: TemplateProcessing without \"single\"");
    for (i = 0; i < eb__json_len(single); i++) {
        const eb__json *it = eb__json_at(single, i), *sp = eb__json_get(it, "SpecialToken");
        const eb__json *ids;
        const char *name;
        size_t nlen;
        if (eb__json_get(it, "Sequence")) {
            if (seen_a) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: template with two sequences");
            seen_a = 1;
            continue;
        }
        name = eb__json_get_str(sp, "id", &nlen);
        if (!name) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: bad template piece");
        ids = eb__json_get(eb__json_getn(specials, name, nlen), "ids");
        if (eb__json_kind(ids) != EB__JSON_ARRAY || eb__json_len(ids) == 0)
            return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: template special \"%.*s\" has no ids", (int)nlen, name);
        for (j = 0; j < eb__json_len(ids); j++) {
            int64_t v;
            int *n = seen_a ? &t->nsuf : &t->npre;
            int32_t *dst = seen_a ? t->suf : t->pre;
            if (!eb__json_int(eb__json_at(ids, j), &v) || v < 0 || v >= (1 << 26))
                return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: bad special id");
            if (*n == EB__TK_MAX_SPECIAL) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: too many template specials");
            dst[(*n)++] = (int32_t)v;
            if ((int)v >= t->vocab_size) t->vocab_size = (int)v + 1;
        }
    }
    if (!seen_a) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: template without $A");
    return EB_OK;
}

/* BertProcessing / RobertaProcessing: "cls": [token, id], "sep": [token, id]. */
EB__FN eb_status eb__tk_pair_processing(eb__tokenizer *t, const eb__json *pp) {
    int64_t c, s;
    if (!eb__json_int(eb__json_at(eb__json_get(pp, "cls"), 1), &c) || !eb__json_int(eb__json_at(eb__json_get(pp, "sep"), 1), &s) ||
        c < 0 || s < 0 || c >= (1 << 26) || s >= (1 << 26))
        return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: bad cls/sep in post_processor");
    t->pre[0] = (int32_t)c; t->npre = 1;
    t->suf[0] = (int32_t)s; t->nsuf = 1;
    if ((int)c >= t->vocab_size) t->vocab_size = (int)c + 1;
    if ((int)s >= t->vocab_size) t->vocab_size = (int)s + 1;
    return EB_OK;
}

/* What transformers does to a BERT-family tokenizer.json: its tokenizer class rebuilds the
   normalizer from tokenizer_config.json (do_lower_case, strip_accents, tokenize_chinese_chars;
   defaults true, null, true; clean_text on) and WordPiece with max_input_chars_per_word 100. */
typedef struct eb__tk_config {
    int bert_class;                 /* the overrides below apply */
    int clean, cjk, strip, lower;   /* strip: -1 = follow lower */
    char names[5][64];              /* unk, cls, sep, pad, mask */
    const char *special[5];
} eb__tk_config;

EB__FN eb_status eb__tk_from_json(const eb__json *root, const eb_allocator *a, const eb__tk_config *cfg,
                                  eb__tokenizer **out) {
    const eb__json *model = eb__json_get(root, "model"), *vocab = eb__json_get(model, "vocab");
    const eb__json *norm = eb__json_get(root, "normalizer"), *pre = eb__json_get(root, "pre_tokenizer");
    const eb__json *pp = eb__json_get(root, "post_processor"), *added = eb__json_get(root, "added_tokens");
    const char *s, *unk;
    size_t i, n, pool = 0, unk_len = 0, slen, keys;
    int64_t v;
    eb__tokenizer *t;
    eb_status st;
    if (eb__json_kind(root) != EB__JSON_OBJECT) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: not an object");
    s = eb__json_get_str(model, "type", &slen);
    if (eb__json_kind(model) != EB__JSON_OBJECT || (s && strcmp(s, "WordPiece") != 0))
        return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: model %s is not supported (WordPiece only)", s ? s : "?");
    if (eb__json_kind(vocab) != EB__JSON_OBJECT || eb__json_len(vocab) == 0)
        return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: WordPiece without a vocab object");
    if (eb__json_kind(pre) != EB__JSON_OBJECT || !(s = eb__json_get_str(pre, "type", NULL)) || strcmp(s, "BertPreTokenizer") != 0)
        return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: pre_tokenizer must be BertPreTokenizer");
    if (eb__json_kind(norm) != EB__JSON_NULL &&
        (!(s = eb__json_get_str(norm, "type", NULL)) || strcmp(s, "BertNormalizer") != 0))
        return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: normalizer %s is not supported (BertNormalizer only)", s ? s : "?");
    n = eb__json_len(vocab);
    s = eb__json_get_str(model, "continuing_subword_prefix", &slen);
    if (!s) { s = "##"; slen = 2; }
    for (i = 0, keys = n; i < n; i++) {
        size_t kl;
        const char *k = eb__json_key_at(vocab, i, &kl);
        pool += kl;
        keys += slen && kl > slen && memcmp(k, s, slen) == 0;   /* continuation twin */
    }
    for (i = 0; i < eb__json_len(added); i++) {
        size_t cl;
        eb__json_get_str(eb__json_at(added, i), "content", &cl);
        pool += 2 * cl + 1024;
    }
    if (eb__json_len(added) > 4096) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: more than 4096 added tokens");
    if ((st = eb__tk_create(a, keys, pool + 1024, &t)) != EB_OK) return st;
    /* normalizer */
    if (eb__json_kind(norm) == EB__JSON_NULL) {
        t->clean_text = t->handle_cjk = t->strip_accents = t->lowercase = 0;
    } else {
        int b;
        t->clean_text = (uint8_t)eb__tk_json_flag(norm, "clean_text", 1);
        t->handle_cjk = (uint8_t)eb__tk_json_flag(norm, "handle_chinese_chars", 1);
        t->lowercase = (uint8_t)eb__tk_json_flag(norm, "lowercase", 1);
        t->strip_accents = (uint8_t)(eb__json_get_bool(norm, "strip_accents", &b) ? b : t->lowercase);
    }
    if (cfg && cfg->bert_class) {
        t->clean_text = (uint8_t)cfg->clean;
        t->handle_cjk = (uint8_t)cfg->cjk;
        t->lowercase = (uint8_t)cfg->lower;
        t->strip_accents = (uint8_t)(cfg->strip < 0 ? cfg->lower : cfg->strip);
    }
    /* WordPiece */
    if ((s = eb__json_get_str(model, "continuing_subword_prefix", &slen)) != NULL) {
        if (slen >= sizeof t->prefix) { st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: continuing_subword_prefix too long"); goto fail; }
        memcpy(t->prefix, s, slen);
        t->prefix_len = (int)slen;
    }
    if (eb__json_get_int(model, "max_input_chars_per_word", &v)) {
        if (v < 0 || v > 1000000) { st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: bad max_input_chars_per_word"); goto fail; }
        t->max_word_chars = (int)v;
    }
    if (cfg && cfg->bert_class) t->max_word_chars = 100;
    for (i = 0; i < n; i++) {
        size_t kl;
        const char *k = eb__json_key_at(vocab, i, &kl);
        if (!eb__json_int(eb__json_at(vocab, i), &v)) { st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: vocab id is not an integer"); goto fail; }
        if ((st = eb__tk_add_vocab(t, k, kl, v)) != EB_OK) goto fail;
    }
    unk = eb__json_get_str(model, "unk_token", &unk_len);
    if (!unk) { unk = "[UNK]"; unk_len = 5; }
    t->unk_id = eb__tk_lookup(t, unk, unk_len);
    if (t->unk_id < 0) { st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: unk_token \"%.*s\" is not in the vocab", (int)unk_len, unk); goto fail; }
    /* added tokens */
    t->added = (eb__tk_added *)eb__alloc_zero(a, (eb__json_len(added) ? eb__json_len(added) : 1) * sizeof(eb__tk_added), 16);
    if (!t->added) { st = eb__fail(EB_NOMEM, "tokenizer: out of memory"); goto fail; }
    v = t->n_keys;   /* the first new added-token id, as the reference assigns them */
    for (i = 0; i < eb__json_len(added); i++) {
        const eb__json *at = eb__json_at(added, i);
        size_t cl;
        const char *c = eb__json_get_str(at, "content", &cl);
        if (!c) { st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: bad added token"); goto fail; }
        if ((st = eb__tk_add_added(t, c, cl, &v, eb__tk_json_flag(at, "single_word", 0),
                                   eb__tk_json_flag(at, "normalized", !eb__tk_json_flag(at, "special", 0)))) != EB_OK)
            goto fail;
    }
    /* post-processor */
    s = eb__json_get_str(pp, "type", NULL);
    if (eb__json_kind(pp) == EB__JSON_NULL) {
        t->npre = t->nsuf = 0;
    } else if (s && strcmp(s, "TemplateProcessing") == 0) {
        if ((st = eb__tk_template(t, pp)) != EB_OK) goto fail;
    } else if (s && (strcmp(s, "BertProcessing") == 0 || strcmp(s, "RobertaProcessing") == 0)) {
        if ((st = eb__tk_pair_processing(t, pp)) != EB_OK) goto fail;
    } else {
        st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: post_processor %s is not supported", s ? s : "?");
        goto fail;
    }
    t->cls_id = eb__tk_lookup(t, "[CLS]", 5);
    t->sep_id = eb__tk_lookup(t, "[SEP]", 5);
    if (t->npre) t->cls_id = t->pre[0];
    if (t->nsuf) t->sep_id = t->suf[0];
    s = eb__json_get_str(eb__json_get(root, "padding"), "pad_token", &slen);
    t->pad_id = s ? eb__tk_lookup(t, s, slen) : eb__tk_lookup(t, "[PAD]", 5);
    if ((st = eb__tk_finish(t)) != EB_OK) goto fail;
    *out = t;
    return EB_OK;
fail:
    eb__tokenizer_free(t);
    return st;
}

EB__FN eb_status eb__tokenizer_load_json(const char *json, size_t len, const eb_allocator *a, eb__tokenizer **out) {
    eb__json_doc *doc;
    eb_status st;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "tokenizer: out is NULL");
    *out = NULL;
    if ((st = eb__json_parse(json, len, a, &doc)) != EB_OK) return st;
    st = eb__tk_from_json(eb__json_root(doc), a, NULL, out);
    eb__json_free(doc);
    return st;
}

/* A special token name from tokenizer_config.json: a string or {"content": ...}. */
EB__FN const char *eb__tk_config_token(const eb__json *cfg, const char *key, const char *dflt, char *buf, size_t cap) {
    const eb__json *v = eb__json_get(cfg, key);
    size_t n;
    const char *s = eb__json_str(v, &n);
    if (!s) s = eb__json_get_str(v, "content", &n);
    if (!s || n >= cap || memchr(s, 0, n)) return dflt;
    memcpy(buf, s, n);
    buf[n] = 0;
    return buf;
}

EB__FN int eb__tk_file_exists(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* Reads tokenizer_config.json (and config.json's model_type when it names no tokenizer class). */
EB__FN eb_status eb__tk_read_config(const char *dir, const eb_allocator *a, eb__tk_config *c) {
    static const char *const bert_family[] = {"Bert", "DistilBert", "ConvBert", "MobileBert", "SqueezeBert",
                                              "Electra", "MPNet", "Funnel"};
    static const char *const defaults[5] = {"[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"};
    static const char *const keys[5] = {"unk_token", "cls_token", "sep_token", "pad_token", "mask_token"};
    char path[4096];
    eb__json_doc *doc = NULL, *mdoc = NULL;
    const eb__json *cfg = NULL;
    const char *cls = NULL;
    size_t cls_len = 0, i;
    int b;
    eb_status st;
    memset(c, 0, sizeof *c);
    c->clean = c->cjk = c->lower = 1;
    c->strip = -1;
    snprintf(path, sizeof path, "%s/tokenizer_config.json", dir);
    if (eb__tk_file_exists(path)) {
        if ((st = eb__json_parse_file(path, a, &doc)) != EB_OK) return st;
        cfg = eb__json_root(doc);
        if (eb__json_get_bool(cfg, "do_lower_case", &b)) c->lower = b;
        if (eb__json_get_bool(cfg, "strip_accents", &b)) c->strip = b;
        if (eb__json_get_bool(cfg, "tokenize_chinese_chars", &b)) c->cjk = b;
        if (eb__json_get_bool(cfg, "clean_text", &b)) c->clean = b;   /* Funnel's extra knob */
        cls = eb__json_get_str(cfg, "tokenizer_class", &cls_len);
    }
    for (i = 0; i < 5; i++) c->special[i] = eb__tk_config_token(cfg, keys[i], defaults[i], c->names[i], sizeof c->names[i]);
    if (cls) {
        for (i = 0; i < sizeof bert_family / sizeof *bert_family; i++) {
            size_t n = strlen(bert_family[i]);
            if (cls_len >= n + 9 && memcmp(cls, bert_family[i], n) == 0 && memcmp(cls + n, "Tokenizer", 9) == 0 &&
                (cls_len == n + 9 || (cls_len == n + 13 && memcmp(cls + n + 9, "Fast", 4) == 0)))
                c->bert_class = 1;
        }
    } else {
        snprintf(path, sizeof path, "%s/config.json", dir);
        if (eb__tk_file_exists(path) && eb__json_parse_file(path, a, &mdoc) == EB_OK) {
            static const char *const types[] = {"bert", "distilbert", "convbert", "mobilebert", "squeezebert",
                                                "electra", "mpnet", "funnel"};
            const char *mt = eb__json_get_str(eb__json_root(mdoc), "model_type", NULL);
            for (i = 0; mt && i < sizeof types / sizeof *types; i++)
                if (strcmp(mt, types[i]) == 0) c->bert_class = 1;
            eb__json_free(mdoc);
        }
    }
    eb__json_free(doc);
    return EB_OK;
}

EB__FN eb_status eb__tokenizer_load_dir(const char *dir, const eb_allocator *a, eb__tokenizer **out) {
    char path[4096], *buf;
    size_t len;
    eb_status st;
    eb__tk_config cfg;
    if (!out || !dir) return eb__fail(EB_INVALID_ARGUMENT, "tokenizer: NULL dir or out");
    *out = NULL;
    if ((st = eb__tk_read_config(dir, a, &cfg)) != EB_OK) return st;
    snprintf(path, sizeof path, "%s/tokenizer.json", dir);
    if (eb__tk_file_exists(path)) {
        eb__json_doc *doc;
        if ((st = eb__json_parse_file(path, a, &doc)) != EB_OK) return st;
        st = eb__tk_from_json(eb__json_root(doc), a, &cfg, out);
        eb__json_free(doc);
        if (st == EB_FORMAT_ERROR) {
            char msg[sizeof eb__error_buf];
            memcpy(msg, eb__error_buf, sizeof msg);
            eb__fail(st, "%s: %s", path, msg);
        }
        return st;
    }
    snprintf(path, sizeof path, "%s/vocab.txt", dir);
    if ((st = eb__tk_read_file(path, a, &buf, &len)) != EB_OK)
        return eb__fail(EB_IO_ERROR, "%s has neither tokenizer.json nor vocab.txt", dir);
    st = eb__tk_load_vocab_ex(buf, len, cfg.clean, cfg.lower, cfg.strip, cfg.cjk, cfg.special, a, out);
    eb__free(a, buf, len + 1);
    return st;
}

/* ---- getters ---------------------------------------------------------------------------- */
EB__FN int eb__tokenizer_vocab_size(const eb__tokenizer *t) { return t ? t->vocab_size : 0; }
EB__FN int eb__tokenizer_cls_id(const eb__tokenizer *t) { return t ? t->cls_id : -1; }
EB__FN int eb__tokenizer_sep_id(const eb__tokenizer *t) { return t ? t->sep_id : -1; }
EB__FN int eb__tokenizer_unk_id(const eb__tokenizer *t) { return t ? t->unk_id : -1; }
EB__FN int eb__tokenizer_pad_id(const eb__tokenizer *t) { return t ? t->pad_id : -1; }
/* Ids the post-processor adds around every text ([CLS] and [SEP] for BERT: 2). */
EB__FN int eb__tokenizer_num_special(const eb__tokenizer *t) { return t ? t->npre + t->nsuf : 0; }
