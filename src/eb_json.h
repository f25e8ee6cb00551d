/* =====================================================================================
 *  JSON
 *  Small read-only DOM for config.json, tokenizer.json and safetensors headers.
 *  Input is untrusted. Decisions (RFC 8259 strict unless said):
 *  - strings must be valid UTF-8 (overlongs, UTF-8-encoded surrogates, > U+10FFFF and
 *    truncated sequences are rejected); unescaped bytes < 0x20 are rejected;
 *  - \u escapes: surrogate pairs combine; a lone surrogate escape is rejected (as
 *    serde_json does, which HF tokenizers use: what they load, we load); \u0000 is kept,
 *    so decoded strings may hold NUL (use the length);
 *  - one leading UTF-8 BOM is skipped; whitespace is space, tab, LF, CR only;
 *  - numbers outside the double range (1e400) are rejected; underflow rounds to 0;
 *  - nesting deeper than EB__JSON_MAX_DEPTH (256) and documents >= 4 GiB are rejected;
 *  - duplicate object keys are kept in order; eb__json_get returns the LAST one (serde_json
 *    and Python agree); eb__json_has_duplicate_keys reports them for strict formats.
 *  Two passes, no recursion: pass 1 validates and counts, pass 2 builds into one block
 *  (doc + nodes + strings). Members of an object are a contiguous array: O(1) per index.
 * ===================================================================================== */
#include <langinfo.h>
#include <fcntl.h>
#include <sys/stat.h>

#define EB__JSON_MAX_DEPTH 256

typedef enum eb__json_type {
    EB__JSON_NULL, EB__JSON_FALSE, EB__JSON_TRUE, EB__JSON_NUMBER,
    EB__JSON_STRING, EB__JSON_ARRAY, EB__JSON_OBJECT
} eb__json_type;

enum { EB__JSON_F_INT = 1, EB__JSON_F_DUP = 2 };

typedef struct eb__json eb__json;
struct eb__json {
    const char *key;                                  /* member key in an object, else NULL */
    union { double num; const char *str; eb__json *kids; } u;
    union { int64_t i; size_t n; } v;                 /* exact int / string bytes / children */
    uint32_t key_len;
    uint8_t kind;                                     /* eb__json_type */
    uint8_t flags;                                    /* EB__JSON_F_* */
};

typedef struct eb__json_doc {
    eb_allocator alloc;
    size_t bytes;                                     /* size of this block, for eb__free */
    eb__json *root;
} eb__json_doc;

typedef struct eb__json_frame {
    const char *key;                                  /* this container's key in its parent */
    size_t base;                                      /* first child's index on the stack */
    size_t members;                                   /* pass 1: member count */
    uint32_t key_len;
    uint8_t kind;
} eb__json_frame;

typedef struct eb__json_parser {
    const unsigned char *s;
    size_t n;
    const eb_allocator *a;
    int build;                                        /* 0: validate and count, 1: build */
    size_t n_vals, n_str_bytes, max_members;          /* pass-1 totals */
    eb__json *stack;                                  /* finished values awaiting a parent */
    size_t top;
    eb__json *out;                                    /* final node storage */
    size_t n_out;
    char *str;                                        /* decoded string storage */
    size_t n_str;
    uint32_t *hash;                                   /* duplicate-key scratch */
    size_t hash_cap;
} eb__json_parser;

EB__FN eb_status eb__json_err(const eb__json_parser *p, size_t pos, const char *what) {
    if (pos < p->n) {
        unsigned c = p->s[pos];
        if (c >= 0x20 && c < 0x7f)
            return eb__fail(EB_FORMAT_ERROR, "json: %s at byte %zu ('%c')", what, pos, (char)c);
        return eb__fail(EB_FORMAT_ERROR, "json: %s at byte %zu (0x%02x)", what, pos, c);
    }
    return eb__fail(EB_FORMAT_ERROR, "json: %s at byte %zu (end of input)", what, pos);
}

EB__INLINE size_t eb__json_ws(const unsigned char *s, size_t n, size_t i) {
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
    return i;
}

EB__INLINE int eb__json_hex(unsigned c) {
    if (c >= '0' && c <= '9') return (int)(c - '0');
    c |= 0x20;
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    return -1;
}

/* Length of the well-formed UTF-8 sequence at s[i..n) (Unicode Table 3-7), 0 if invalid. */
EB__FN size_t eb__json_utf8_len(const unsigned char *s, size_t n, size_t i) {
    unsigned c = s[i], lo = 0x80, hi = 0xBF;
    size_t len, k;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;                     /* no encoded surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;                     /* <= U+10FFFF */
    } else return 0;
    if (n - i < len) return 0;
    if (s[i + 1] < lo || s[i + 1] > hi) return 0;
    for (k = 2; k < len; k++)
        if (s[i + k] < 0x80 || s[i + k] > 0xBF) return 0;
    return len;
}

EB__INLINE size_t eb__json_utf8_put(char *dst, unsigned cp) {
    unsigned char *d = (unsigned char *)dst;
    if (cp < 0x80) { d[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { d[0] = (unsigned char)(0xC0 | (cp >> 6)); d[1] = (unsigned char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (cp >> 12)); d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (unsigned char)(0xF0 | (cp >> 18)); d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); d[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Reads 4 hex digits at s[i..i+4); -1 if missing or not hex. */
EB__FN long eb__json_hex4(const unsigned char *s, size_t n, size_t i) {
    long v = 0;
    size_t k;
    if (i > n || n - i < 4) return -1;
    for (k = 0; k < 4; k++) {
        int h = eb__json_hex(s[i + k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

/* The string whose opening quote is at *pos. Validates; writes the decoded bytes and a NUL
   to dst when dst is non-NULL. Sets *len (decoded bytes) and *pos past the closing quote. */
EB__FN eb_status eb__json_string(const eb__json_parser *p, size_t *pos, char *dst, size_t *len) {
    const unsigned char *s = p->s;
    size_t n = p->n, i = *pos + 1, o = 0;
    for (;;) {
        size_t run = i;
        unsigned c;
        while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\') i++;
        if (dst) memcpy(dst + o, s + run, i - run);
        o += i - run;
        if (i >= n) return eb__json_err(p, *pos, "unterminated string");
        c = s[i];
        if (c == '"') { i++; break; }
        if (c == '\\') {
            unsigned e;
            char ch = 0;
            if (i + 1 >= n) return eb__json_err(p, *pos, "unterminated string");
            e = s[i + 1];
            switch (e) {
            case '"': ch = '"'; break;
            case '\\': ch = '\\'; break;
            case '/': ch = '/'; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'n': ch = '\n'; break;
            case 'r': ch = '\r'; break;
            case 't': ch = '\t'; break;
            case 'u': {
                long cp = eb__json_hex4(s, n, i + 2), lo;
                if (cp < 0) return eb__json_err(p, i, "bad \\u escape");
                i += 6;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return eb__json_err(p, i - 6, "lone low surrogate escape");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (n - i < 2 || s[i] != '\\' || s[i + 1] != 'u' ||
                        (lo = eb__json_hex4(s, n, i + 2)) < 0xDC00 || lo > 0xDFFF)
                        return eb__json_err(p, i - 6, "lone high surrogate escape");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
                if (dst) o += eb__json_utf8_put(dst + o, (unsigned)cp);
                else o += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                continue;
            }
            default: return eb__json_err(p, i, "invalid escape");
            }
            if (dst) dst[o] = ch;
            o++;
            i += 2;
        } else if (c < 0x20) {
            return eb__json_err(p, i, "unescaped control character in string");
        } else {
            size_t k = eb__json_utf8_len(s, n, i);
            if (!k) return eb__json_err(p, i, "invalid UTF-8 in string");
            if (dst) memcpy(dst + o, s + i, k);
            o += k;
            i += k;
        }
    }
    if (dst) dst[o] = 0;
    *len = o;
    *pos = i;
    return EB_OK;
}

/* Locale-independent text -> double: exact fast path (Clinger: <= 19 digits, |exp| <= 22,
   mantissa <= 2^53), else strtod on a copy spelled with the thread locale's radix char. */
EB__FN eb_status eb__json_to_double(const eb__json_parser *p, size_t b, size_t e, double *out) {
    static const double p10[23] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
        1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    const unsigned char *s = p->s;
    uint64_t m = 0;
    int digits = 0, neg = 0, frac = 0, in_frac = 0, zero = 1;
    long ex = 0, exs = 1;
    size_t i = b;
    if (s[i] == '-') { neg = 1; i++; }
    for (; i < e && s[i] != 'e' && s[i] != 'E'; i++) {
        if (s[i] == '.') { in_frac = 1; continue; }
        if (s[i] != '0') zero = 0;
        if (zero) { if (in_frac) frac++; continue; }  /* leading zeros: position only */
        digits++;
        if (digits <= 19) { m = m * 10 + (uint64_t)(s[i] - '0'); if (in_frac) frac++; }
        else if (!in_frac) frac--;                    /* dropped integer digit: x10 */
    }
    if (i < e) {
        i++;
        if (s[i] == '-') { exs = -1; i++; } else if (s[i] == '+') i++;
        for (; i < e; i++) if (ex < 100000) ex = ex * 10 + (s[i] - '0');
    }
    if (zero) { *out = neg ? -0.0 : 0.0; return EB_OK; }
    ex = ex * exs - frac;
    if (digits <= 19 && m <= ((uint64_t)1 << 53) && ex >= -22 && ex <= 22) {
        double d = (double)m;
        d = ex < 0 ? d / p10[-ex] : d * p10[ex];
        *out = neg ? -d : d;
        return EB_OK;
    }
    {
        char sbuf[128], *buf = sbuf, *end = NULL;
        const char *dp = nl_langinfo(RADIXCHAR);        /* MT-safe, unlike localeconv */
        size_t dpl = (dp && dp[0]) ? strlen(dp) : 1, need = (e - b) + dpl + 1, o = 0, k;
        double d;
        if (!dp || !dp[0]) dp = ".";
        if (need > sizeof sbuf) {
            buf = (char *)eb__alloc(p->a, need, 1);
            if (!buf) return eb__fail(EB_NOMEM, "json: out of memory for a %zu-byte number", e - b);
        }
        for (k = b; k < e; k++) {
            if (s[k] == '.') { memcpy(buf + o, dp, dpl); o += dpl; }
            else buf[o++] = (char)s[k];
        }
        buf[o] = 0;
        d = strtod(buf, &end);
        k = (size_t)(end - buf);
        if (buf != sbuf) eb__free(p->a, buf, need);
        if (k != o) return eb__json_err(p, b, "unconvertible number");
        if (isinf(d)) return eb__json_err(p, b, "number out of double range");
        *out = d;
        return EB_OK;
    }
}

/* The number starting at *pos: validates the RFC grammar; in build mode fills v. */
EB__FN eb_status eb__json_number(const eb__json_parser *p, size_t *pos, eb__json *v) {
    const unsigned char *s = p->s;
    size_t n = p->n, b = *pos, i = b;
    int is_int = 1;
    if (s[i] == '-') i++;
    if (i < n && s[i] == '0') i++;
    else if (i < n && s[i] >= '1' && s[i] <= '9') { while (i < n && s[i] >= '0' && s[i] <= '9') i++; }
    else return eb__json_err(p, i, "invalid number");
    if (i < n && s[i] == '.') {
        is_int = 0;
        if (++i >= n || s[i] < '0' || s[i] > '9') return eb__json_err(p, i, "digit expected after '.'");
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        is_int = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= n || s[i] < '0' || s[i] > '9') return eb__json_err(p, i, "digit expected in exponent");
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    }
    *pos = i;
    if (v) {
        v->kind = EB__JSON_NUMBER;
        if (is_int) {                                 /* exact int64 from the digits */
            uint64_t acc = 0, lim;
            size_t k = b;
            int neg = s[k] == '-', ok = 1;
            if (neg) k++;
            lim = neg ? (uint64_t)1 << 63 : (uint64_t)INT64_MAX;
            for (; k < i; k++) {
                uint64_t d = (uint64_t)(s[k] - '0');
                if (acc > (lim - d) / 10) { ok = 0; break; }
                acc = acc * 10 + d;
            }
            if (ok) {
                v->flags |= EB__JSON_F_INT;
                v->v.i = neg ? (acc == ((uint64_t)1 << 63) ? INT64_MIN : -(int64_t)acc) : (int64_t)acc;
                if (acc <= ((uint64_t)1 << 53)) {    /* exactly representable */
                    v->u.num = neg ? -(double)acc : (double)acc;
                    return EB_OK;
                }
            }
        }
        return eb__json_to_double(p, b, i, &v->u.num);
    }
    return EB_OK;
}

EB__FN int eb__json_key_eq(const eb__json *x, const eb__json *y) {
    return x->key_len == y->key_len && memcmp(x->key, y->key, x->key_len) == 0;
}

/* Flags the object whose members are kids[0..k) if two keys are equal. */
EB__FN int eb__json_find_dup(eb__json_parser *p, const eb__json *kids, size_t k) {
    size_t i, j, cap, mask;
    if (k < 2) return 0;
    if (k <= 8) {
        for (i = 1; i < k; i++)
            for (j = 0; j < i; j++)
                if (eb__json_key_eq(&kids[i], &kids[j])) return 1;
        return 0;
    }
    cap = eb__next_pow2(k * 2);
    if (cap > p->hash_cap) cap = p->hash_cap;         /* cannot happen: sized in pass 1 */
    mask = cap - 1;
    memset(p->hash, 0xff, cap * sizeof(uint32_t));
    for (i = 0; i < k; i++) {
        size_t h = (size_t)eb__fnv1a64(kids[i].key, kids[i].key_len) & mask;
        while (p->hash[h] != 0xffffffffu) {
            if (eb__json_key_eq(&kids[p->hash[h]], &kids[i])) return 1;
            h = (h + 1) & mask;
        }
        p->hash[h] = (uint32_t)i;
    }
    return 0;
}

/* Pushes a finished value (build mode) or counts it (pass 1). */
EB__INLINE void eb__json_push(eb__json_parser *p, const eb__json *v) {
    if (p->build) p->stack[p->top++] = *v;
    else p->n_vals++;
}

/* One pass over the document (see p->build). Iterative: frames[] is the container stack. */
EB__FN eb_status eb__json_walk(eb__json_parser *p) {
    eb__json_frame frames[EB__JSON_MAX_DEPTH];
    const unsigned char *s = p->s;
    size_t n = p->n, i = 0, depth = 0;
    const char *key = NULL;
    uint32_t key_len = 0;
    eb_status st;
    eb__json v;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) i = 3;
    for (;;) {
        /* ---- a value is expected at s[i] (after whitespace) */
        i = eb__json_ws(s, n, i);
        if (i >= n) return eb__json_err(p, i, "value expected");
        memset(&v, 0, sizeof v);
        v.key = key;
        v.key_len = key_len;
        key = NULL;
        key_len = 0;
        if (s[i] == '{' || s[i] == '[') {
            eb__json_frame *f;
            if (depth >= EB__JSON_MAX_DEPTH) return eb__json_err(p, i, "nesting deeper than 256");
            f = &frames[depth];
            f->kind = (uint8_t)(s[i] == '{' ? EB__JSON_OBJECT : EB__JSON_ARRAY);
            f->key = v.key;
            f->key_len = v.key_len;
            f->base = p->top;
            f->members = 0;
            depth++;
            i = eb__json_ws(s, n, i + 1);
            if (i < n && s[i] == (f->kind == EB__JSON_OBJECT ? '}' : ']')) goto close;
            if (f->kind == EB__JSON_ARRAY) continue;
            goto key;
        }
        switch (s[i]) {
        case '"': {
            size_t len;
            char *dst = p->build ? p->str + p->n_str : NULL;
            if ((st = eb__json_string(p, &i, dst, &len)) != EB_OK) return st;
            if (p->build) {
                v.kind = EB__JSON_STRING;
                v.u.str = dst;
                v.v.n = len;
                p->n_str += len + 1;
            } else p->n_str_bytes += len + 1;
            break;
        }
        case 't':
            if (n - i < 4 || memcmp(s + i, "true", 4) != 0) return eb__json_err(p, i, "invalid literal");
            v.kind = EB__JSON_TRUE; i += 4;
            break;
        case 'f':
            if (n - i < 5 || memcmp(s + i, "false", 5) != 0) return eb__json_err(p, i, "invalid literal");
            v.kind = EB__JSON_FALSE; i += 5;
            break;
        case 'n':
            if (n - i < 4 || memcmp(s + i, "null", 4) != 0) return eb__json_err(p, i, "invalid literal");
            v.kind = EB__JSON_NULL; i += 4;
            break;
        default:
            if (s[i] != '-' && (s[i] < '0' || s[i] > '9')) return eb__json_err(p, i, "value expected");
            if ((st = eb__json_number(p, &i, p->build ? &v : NULL)) != EB_OK) return st;
            break;
        }
        eb__json_push(p, &v);
    after:
        /* ---- a value just ended: ',' or the container's close bracket follows */
        if (depth == 0) break;
        i = eb__json_ws(s, n, i);
        if (i < n && s[i] == ',') {
            i++;
            if (frames[depth - 1].kind == EB__JSON_ARRAY) continue;
            goto key;
        }
        if (i < n && s[i] == (frames[depth - 1].kind == EB__JSON_OBJECT ? '}' : ']')) goto close;
        return eb__json_err(p, i, frames[depth - 1].kind == EB__JSON_OBJECT ? "',' or '}' expected"
                                                                           : "',' or ']' expected");
    key:
        /* ---- an object member's key and ':' */
        {
            size_t len;
            char *dst = p->build ? p->str + p->n_str : NULL;
            i = eb__json_ws(s, n, i);
            if (i >= n || s[i] != '"') return eb__json_err(p, i, "string key expected");
            if ((st = eb__json_string(p, &i, dst, &len)) != EB_OK) return st;
            if (p->build) { key = dst; key_len = (uint32_t)len; p->n_str += len + 1; }
            else p->n_str_bytes += len + 1;
            frames[depth - 1].members++;
            i = eb__json_ws(s, n, i);
            if (i >= n || s[i] != ':') return eb__json_err(p, i, "':' expected");
            i++;
            continue;
        }
    close:
        /* ---- s[i] closes frames[depth-1] */
        {
            eb__json_frame *f = &frames[--depth];
            i++;
            memset(&v, 0, sizeof v);
            v.kind = f->kind;
            v.key = f->key;
            v.key_len = f->key_len;
            if (p->build) {
                size_t k = p->top - f->base;
                v.u.kids = p->out + p->n_out;
                v.v.n = k;
                memcpy(v.u.kids, p->stack + f->base, k * sizeof(eb__json));
                p->n_out += k;
                p->top = f->base;
                if (f->kind == EB__JSON_OBJECT && eb__json_find_dup(p, v.u.kids, k))
                    v.flags |= EB__JSON_F_DUP;
            } else if (f->members > p->max_members) {
                p->max_members = f->members;
            }
            eb__json_push(p, &v);
            goto after;
        }
    }
    i = eb__json_ws(s, n, i);
    if (i != n) return eb__json_err(p, i, "trailing characters after the document");
    return EB_OK;
}

EB__FN void eb__json_free(eb__json_doc *doc) {
    eb_allocator a;
    if (!doc) return;
    a = doc->alloc;
    eb__free(&a, doc, doc->bytes);
}

EB__FN eb_status eb__json_parse(const char *text, size_t len, const eb_allocator *a, eb__json_doc **out) {
    eb__json_parser p;
    eb__json_doc *doc;
    eb_status st;
    size_t nodes_off, str_off, total, tmp_bytes = 0, stack_bytes;
    void *tmp = NULL;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "json: out is NULL");
    *out = NULL;
    if (!text && len) return eb__fail(EB_INVALID_ARGUMENT, "json: text is NULL");
    if (len >= 0xFFFFFFFFu) return eb__fail(EB_FORMAT_ERROR, "json: document of %zu bytes is too large (max 4 GiB)", len);
    memset(&p, 0, sizeof p);
    p.s = (const unsigned char *)(text ? text : "");
    p.n = len;
    p.a = a;
    if ((st = eb__json_walk(&p)) != EB_OK) return st;

    /* One block: doc | nodes | strings. Temporary: stack | hash. */
    nodes_off = (sizeof(eb__json_doc) + 15) & ~(size_t)15;
    stack_bytes = eb__mul_size(p.n_vals, sizeof(eb__json));
    p.hash_cap = p.max_members > 8 ? eb__next_pow2(p.max_members * 2) : 0;
    str_off = nodes_off + stack_bytes;
    total = str_off + p.n_str_bytes;
    tmp_bytes = stack_bytes + p.hash_cap * sizeof(uint32_t);
    if (!stack_bytes || total < str_off || str_off < stack_bytes || tmp_bytes < stack_bytes)
        return eb__fail(EB_NOMEM, "json: document too large for this address space");
    doc = (eb__json_doc *)eb__alloc(a, total, 16);
    tmp = eb__alloc(a, tmp_bytes, 16);
    if (!doc || !tmp) {
        if (doc) eb__free(a, doc, total);
        if (tmp) eb__free(a, tmp, tmp_bytes);
        return eb__fail(EB_NOMEM, "json: out of memory (%zu + %zu bytes)", total, tmp_bytes);
    }
    memset(doc, 0, sizeof *doc);
    if (a) doc->alloc = *a;
    doc->bytes = total;
    p.build = 1;
    p.out = (eb__json *)((char *)doc + nodes_off);
    p.str = (char *)doc + str_off;
    p.stack = (eb__json *)tmp;
    p.hash = (uint32_t *)((char *)tmp + stack_bytes);
    st = eb__json_walk(&p);
    if (st == EB_OK) {
        p.out[p.n_out] = p.stack[0];                  /* the root */
        doc->root = &p.out[p.n_out];
        *out = doc;
    } else {
        eb__json_free(doc);
    }
    eb__free(a, tmp, tmp_bytes);
    return st;
}

/* Reads a whole file and parses it. EB_IO_ERROR names the path. */
EB__FN eb_status eb__json_parse_file(const char *path, const eb_allocator *a, eb__json_doc **out) {
    int fd;
    struct stat sb;
    char *buf;
    size_t size, got = 0;
    eb_status st;
    if (!out || !path) return eb__fail(EB_INVALID_ARGUMENT, "json: NULL path or out");
    *out = NULL;
    fd = open(path, O_RDONLY);
    if (fd < 0) return eb__fail(EB_IO_ERROR, "cannot open %s: %s", path, strerror(errno));
    if (fstat(fd, &sb) != 0) {
        int e = errno;
        close(fd);
        return eb__fail(EB_IO_ERROR, "cannot stat %s: %s", path, strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) { close(fd); return eb__fail(EB_IO_ERROR, "%s is not a regular file", path); }
    if ((uint64_t)sb.st_size >= 0xFFFFFFFFu) { close(fd); return eb__fail(EB_FORMAT_ERROR, "%s: too large for JSON", path); }
    size = (size_t)sb.st_size;
    buf = (char *)eb__alloc(a, size, 1);
    if (!buf) { close(fd); return eb__fail(EB_NOMEM, "out of memory reading %s (%zu bytes)", path, size); }
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            int e = errno;
            close(fd);
            eb__free(a, buf, size);
            if (r == 0) return eb__fail(EB_IO_ERROR, "%s: file shrank while reading", path);
            return eb__fail(EB_IO_ERROR, "cannot read %s: %s", path, strerror(e));
        }
        got += (size_t)r;
    }
    close(fd);
    st = eb__json_parse(buf, size, a, out);
    eb__free(a, buf, size);
    if (st == EB_FORMAT_ERROR) {                      /* prefix the path to the detail */
        char msg[sizeof eb__error_buf];
        memcpy(msg, eb__error_buf, sizeof msg);
        eb__fail(st, "%s: %s", path, msg);
    }
    return st;
}

/* ---- accessors: every one accepts NULL and wrong kinds ---------------------------------- */
EB__INLINE const eb__json *eb__json_root(const eb__json_doc *doc) { return doc ? doc->root : NULL; }
EB__INLINE eb__json_type eb__json_kind(const eb__json *v) { return v ? (eb__json_type)v->kind : EB__JSON_NULL; }

EB__INLINE size_t eb__json_len(const eb__json *v) {
    return (v && (v->kind == EB__JSON_ARRAY || v->kind == EB__JSON_OBJECT)) ? v->v.n : 0;
}

/* i-th array element or i-th object member's value; NULL if out of range. */
EB__INLINE const eb__json *eb__json_at(const eb__json *v, size_t i) {
    return i < eb__json_len(v) ? &v->u.kids[i] : NULL;
}

/* i-th member's decoded key (NUL-terminated; may hold NUL: use *len); NULL if none. */
EB__INLINE const char *eb__json_key_at(const eb__json *obj, size_t i, size_t *len) {
    if (!obj || obj->kind != EB__JSON_OBJECT || i >= obj->v.n) { if (len) *len = 0; return NULL; }
    if (len) *len = obj->u.kids[i].key_len;
    return obj->u.kids[i].key;
}

/* Member value by key of klen bytes; the last duplicate wins. Linear. */
EB__FN const eb__json *eb__json_getn(const eb__json *obj, const char *key, size_t klen) {
    size_t i;
    if (!obj || obj->kind != EB__JSON_OBJECT || !key) return NULL;
    for (i = obj->v.n; i-- > 0;) {
        const eb__json *m = &obj->u.kids[i];
        if (m->key_len == klen && memcmp(m->key, key, klen) == 0) return m;
    }
    return NULL;
}
EB__FN const eb__json *eb__json_get(const eb__json *obj, const char *key) {
    return key ? eb__json_getn(obj, key, strlen(key)) : NULL;
}

EB__INLINE const char *eb__json_str(const eb__json *v, size_t *len) {
    if (!v || v->kind != EB__JSON_STRING) { if (len) *len = 0; return NULL; }
    if (len) *len = v->v.n;
    return v->u.str;
}

EB__INLINE int eb__json_num(const eb__json *v, double *out) {
    if (!v || v->kind != EB__JSON_NUMBER) return 0;
    if (out) *out = v->u.num;
    return 1;
}

/* 1 only for an integer literal (no fraction, no exponent) that fits int64 exactly. */
EB__INLINE int eb__json_int(const eb__json *v, int64_t *out) {
    if (!v || v->kind != EB__JSON_NUMBER || !(v->flags & EB__JSON_F_INT)) return 0;
    if (out) *out = v->v.i;
    return 1;
}

EB__INLINE int eb__json_bool(const eb__json *v, int *out) {
    if (!v || (v->kind != EB__JSON_TRUE && v->kind != EB__JSON_FALSE)) return 0;
    if (out) *out = v->kind == EB__JSON_TRUE;
    return 1;
}

/* 1 if obj is an object with two members of the same key (computed at parse time). */
EB__INLINE int eb__json_has_duplicate_keys(const eb__json *obj) {
    return obj && obj->kind == EB__JSON_OBJECT && (obj->flags & EB__JSON_F_DUP) != 0;
}

/* Convenience for config files: value of obj[key] when it has the wanted kind. */
EB__FN int eb__json_get_int(const eb__json *obj, const char *key, int64_t *out) {
    return eb__json_int(eb__json_get(obj, key), out);
}
EB__FN int eb__json_get_num(const eb__json *obj, const char *key, double *out) {
    return eb__json_num(eb__json_get(obj, key), out);
}
EB__FN int eb__json_get_bool(const eb__json *obj, const char *key, int *out) {
    return eb__json_bool(eb__json_get(obj, key), out);
}
EB__FN const char *eb__json_get_str(const eb__json *obj, const char *key, size_t *len) {
    return eb__json_str(eb__json_get(obj, key), len);
}
