/* =====================================================================================
 *  SAFETENSORS
 *  Reader for Hugging Face safetensors files: mmap (read-only) or caller memory, strict
 *  validation, tensor lookup, conversion of float tensors to f32. Layout: u64 LE header
 *  length N | N bytes of JSON {name: {dtype, shape, data_offsets}, "__metadata__": {..}} |
 *  data buffer. Rules enforced (upstream's, plus C-string names):
 *  - 2 <= N <= 100,000,000 and N <= file size - 8; the header is one JSON object without
 *    duplicate keys;
 *  - each entry is an object with a known "dtype", "shape" (0..8 non-negative integer
 *    dims; rank 0 = scalar) and "data_offsets" [begin, end] relative to the data buffer;
 *    end - begin == numel * dtype size (overflow-checked; sub-byte dtypes need whole bytes);
 *    unknown extra fields are ignored (as upstream's serde reader does);
 *  - sorted by offset, tensors tile the data buffer exactly: no gap, no overlap, last end ==
 *    file size - 8 - N; zero-size tensors are allowed;
 *  - names hold no NUL; "__metadata__" is an object of string -> string.
 *  Tensor data may be unaligned: read it with memcpy (eb__st_tensor_to_f32 does).
 * ===================================================================================== */
#include <sys/mman.h>

#define EB__ST_MAX_HEADER 100000000ull
#define EB__ST_MAX_DIMS 8

typedef enum eb__dtype {
    EB__DT_F32, EB__DT_F16, EB__DT_BF16, EB__DT_F64,
    EB__DT_I64, EB__DT_I32, EB__DT_I16, EB__DT_I8,
    EB__DT_U64, EB__DT_U32, EB__DT_U16, EB__DT_U8, EB__DT_BOOL,
    EB__DT_F8_E5M2, EB__DT_F8_E4M3, EB__DT_F8_E8M0, EB__DT_F8_E4M3FNUZ, EB__DT_F8_E5M2FNUZ,
    EB__DT_F6_E2M3, EB__DT_F6_E3M2, EB__DT_F4, EB__DT_C64,
    EB__DT_COUNT
} eb__dtype;

typedef struct eb__st_tensor {
    const char *name;                 /* NUL-terminated, no embedded NUL */
    size_t name_len;
    eb__dtype dtype;
    int ndim;                         /* 0 = scalar */
    int64_t shape[EB__ST_MAX_DIMS];
    int64_t numel;                    /* product of shape (1 for a scalar) */
    const void *data;                 /* inside the file; may be unaligned */
    size_t nbytes;
    uint64_t offset;                  /* of data from the start of the file */
} eb__st_tensor;

typedef struct eb__st_file {
    eb_allocator alloc;
    size_t bytes;                     /* this block: file | tensors | by_name | path */
    const unsigned char *base;        /* the whole file */
    size_t size;
    int mapped;                       /* 1: munmap(base, size) on close */
    uint64_t header_len;              /* N */
    eb__json_doc *header;             /* owns names and metadata strings */
    const eb__json *metadata;         /* "__metadata__" object or NULL */
    eb__st_tensor *tensors;           /* header order */
    uint32_t *by_name;                /* indices sorted by name, for binary search */
    size_t count;
    const char *path;                 /* for messages ("<memory>" for memory files) */
} eb__st_file;

static const struct { const char *name; int bits; } eb__dtype_info[EB__DT_COUNT] = {
    {"F32", 32}, {"F16", 16}, {"BF16", 16}, {"F64", 64},
    {"I64", 64}, {"I32", 32}, {"I16", 16}, {"I8", 8},
    {"U64", 64}, {"U32", 32}, {"U16", 16}, {"U8", 8}, {"BOOL", 8},
    {"F8_E5M2", 8}, {"F8_E4M3", 8}, {"F8_E8M0", 8}, {"F8_E4M3FNUZ", 8}, {"F8_E5M2FNUZ", 8},
    {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"F4", 4}, {"C64", 64},
};

EB__INLINE const char *eb__dtype_name(eb__dtype t) {
    return (unsigned)t < EB__DT_COUNT ? eb__dtype_info[t].name : "?";
}
EB__INLINE int eb__dtype_bits(eb__dtype t) {
    return (unsigned)t < EB__DT_COUNT ? eb__dtype_info[t].bits : 0;
}
/* Float types eb__st_tensor_to_f32 converts. */
EB__INLINE int eb__dtype_is_float(eb__dtype t) {
    return t == EB__DT_F32 || t == EB__DT_F16 || t == EB__DT_BF16 || t == EB__DT_F64;
}
EB__FN int eb__dtype_parse(const char *s, size_t len, eb__dtype *out) {
    int i;
    for (i = 0; i < EB__DT_COUNT; i++)
        if (strlen(eb__dtype_info[i].name) == len && memcmp(eb__dtype_info[i].name, s, len) == 0) {
            *out = (eb__dtype)i;
            return 1;
        }
    return 0;
}

/* ---- exact scalar conversions -------------------------------------------------------- */
EB__INLINE float eb__st_f32_bits(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

/* IEEE binary16 -> binary32, exact for every input (subnormals, inf, NaN payloads). */
EB__INLINE float eb__f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1Fu, man = h & 0x3FFu;
    if (exp == 0x1F) return eb__st_f32_bits(sign | 0x7F800000u | (man << 13));
    if (exp == 0) {
        if (man == 0) return eb__st_f32_bits(sign);
        exp = 113;                                   /* 127 - 15 + 1: renormalise */
        while (!(man & 0x400u)) { man <<= 1; exp--; }
        return eb__st_f32_bits(sign | (exp << 23) | ((man & 0x3FFu) << 13));
    }
    return eb__st_f32_bits(sign | ((exp + 112) << 23) | (man << 13));
}

/* bfloat16 is the upper half of a binary32. */
EB__INLINE float eb__bf16_to_f32(uint16_t b) { return eb__st_f32_bits((uint32_t)b << 16); }

/* double -> float, rounded to nearest; out-of-range values become +-inf (a plain cast of
   those is undefined behaviour in ISO C). */
EB__INLINE float eb__f64_to_f32(double d) {
    if (d != d) return (float)d;
    if (d >= 340282356779733661637539395458142568448.0) return eb__st_f32_bits(0x7F800000u);
    if (d <= -340282356779733661637539395458142568448.0) return eb__st_f32_bits(0xFF800000u);
    return (float)d;
}

EB__INLINE uint64_t eb__st_load_le(const unsigned char *p, int bytes) {
    uint64_t v = 0;
    int i;
    for (i = bytes - 1; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

/* ---- open / validate ----------------------------------------------------------------- */
typedef struct eb__st_span { uint64_t begin, end; uint32_t idx; } eb__st_span;

EB__FN int eb__st_span_cmp(const void *x, const void *y) {
    const eb__st_span *a = (const eb__st_span *)x, *b = (const eb__st_span *)y;
    if (a->begin != b->begin) return a->begin < b->begin ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    return 0;
}

EB__INLINE int eb__st_name_cmp(const char *a, size_t al, const char *b, size_t bl) {
    int c = memcmp(a, b, EB__MIN(al, bl));
    if (c) return c;
    return al < bl ? -1 : al > bl ? 1 : 0;
}

/* Sort context for by_name: qsort has no user pointer, so sort (name, len, idx) triples. */
typedef struct eb__st_name_ref { const char *name; size_t len; uint32_t idx; } eb__st_name_ref;
EB__FN int eb__st_name_ref_cmp(const void *x, const void *y) {
    const eb__st_name_ref *a = (const eb__st_name_ref *)x, *b = (const eb__st_name_ref *)y;
    return eb__st_name_cmp(a->name, a->len, b->name, b->len);
}

EB__FN void eb__st_close(eb__st_file *f) {
    eb_allocator a;
    if (!f) return;
    a = f->alloc;
    eb__json_free(f->header);
    if (f->mapped) munmap((void *)f->base, f->size);
    eb__free(&a, f, f->bytes);
}

/* Reads one tensor entry of the header into t; 'name' is for messages. */
EB__FN eb_status eb__st_entry(const eb__st_file *f, const eb__json *e, const char *name,
                              uint64_t data_len, eb__st_tensor *t, eb__st_span *span) {
    const eb__json *dt = eb__json_get(e, "dtype"), *sh = eb__json_get(e, "shape");
    const eb__json *off = eb__json_get(e, "data_offsets");
    const char *ds;
    size_t dl, k;
    int64_t b, en;
    uint64_t numel = 1, bits;
    if (eb__json_kind(e) != EB__JSON_OBJECT)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': entry is not an object", f->path, name);
    if (eb__json_has_duplicate_keys(e))
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': duplicate fields", f->path, name);
    if (!(ds = eb__json_str(dt, &dl)))
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': missing or non-string \"dtype\"", f->path, name);
    if (!eb__dtype_parse(ds, dl, &t->dtype))
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': unknown dtype \"%.32s\"", f->path, name, ds);
    if (eb__json_kind(sh) != EB__JSON_ARRAY)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': missing or non-array \"shape\"", f->path, name);
    if (eb__json_len(sh) > EB__ST_MAX_DIMS)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': rank %zu exceeds the supported %d",
                        f->path, name, eb__json_len(sh), EB__ST_MAX_DIMS);
    t->ndim = (int)eb__json_len(sh);
    for (k = 0; k < eb__json_len(sh); k++) {
        int64_t d;
        if (!eb__json_int(eb__json_at(sh, k), &d) || d < 0)
            return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': shape[%zu] is not a non-negative integer",
                            f->path, name, k);
        t->shape[k] = d;
        if (__builtin_mul_overflow(numel, (uint64_t)d, &numel) || numel > (uint64_t)INT64_MAX)
            return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': element count overflows", f->path, name);
    }
    t->numel = (int64_t)numel;
    bits = (uint64_t)eb__dtype_bits(t->dtype);
    if (__builtin_mul_overflow(numel, bits, &bits))
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': byte size overflows", f->path, name);
    if (bits % 8)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': %llu elements of %s are not whole bytes",
                        f->path, name, (unsigned long long)numel, eb__dtype_name(t->dtype));
    if (eb__json_kind(off) != EB__JSON_ARRAY || eb__json_len(off) != 2 ||
        !eb__json_int(eb__json_at(off, 0), &b) || !eb__json_int(eb__json_at(off, 1), &en) ||
        b < 0 || en < 0)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': \"data_offsets\" must be [begin, end] "
                        "of non-negative integers", f->path, name);
    if (b > en)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': data_offsets begin %lld > end %lld",
                        f->path, name, (long long)b, (long long)en);
    if ((uint64_t)en > data_len)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': data_offsets end %lld is past the data "
                        "buffer (%llu bytes)", f->path, name, (long long)en, (unsigned long long)data_len);
    if ((uint64_t)(en - b) != bits / 8)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': data_offsets span %lld bytes but %s x %llu "
                        "needs %llu", f->path, name, (long long)(en - b), eb__dtype_name(t->dtype),
                        (unsigned long long)numel, (unsigned long long)(bits / 8));
    t->nbytes = (size_t)(bits / 8);
    t->offset = 8 + f->header_len + (uint64_t)b;
    t->data = f->base + t->offset;
    span->begin = (uint64_t)b;
    span->end = (uint64_t)en;
    return EB_OK;
}

/* Validates the bytes of a whole file and builds the tensor table. */
EB__FN eb_status eb__st_load(const void *data, size_t len, int mapped, const char *path,
                             const eb_allocator *a, eb__st_file **out) {
    const unsigned char *p = (const unsigned char *)data;
    eb__json_doc *doc = NULL;
    const eb__json *root, *meta = NULL;
    eb__st_file *f = NULL;
    eb__st_span *spans = NULL;
    eb__st_name_ref *refs = NULL;
    uint64_t n, data_len, expect;
    size_t count, i, j, plen = strlen(path), off_tens, off_n, off_p, total = 0, tmp_bytes = 0;
    eb_status st;

    if (len < 8) { st = eb__fail(EB_FORMAT_ERROR, "%s: %zu bytes is too small for a safetensors file", path, len); goto fail; }
    n = eb__st_load_le(p, 8);
    if (n < 2 || n > EB__ST_MAX_HEADER || n > (uint64_t)len - 8) {
        st = eb__fail(EB_FORMAT_ERROR, "%s: header length %llu is invalid (file has %zu bytes; limit %llu)",
                      path, (unsigned long long)n, len, EB__ST_MAX_HEADER);
        goto fail;
    }
    data_len = (uint64_t)len - 8 - n;
    if ((st = eb__json_parse((const char *)p + 8, (size_t)n, a, &doc)) != EB_OK) {
        char msg[sizeof eb__error_buf];
        memcpy(msg, eb__error_buf, sizeof msg);
        if (st == EB_FORMAT_ERROR) eb__fail(st, "%s: header: %s", path, msg);
        goto fail;
    }
    root = eb__json_root(doc);
    if (eb__json_kind(root) != EB__JSON_OBJECT) { st = eb__fail(EB_FORMAT_ERROR, "%s: header is not a JSON object", path); goto fail; }
    count = eb__json_len(root);
    meta = eb__json_get(root, "__metadata__");
    if (meta) {
        count--;
        if (eb__json_kind(meta) != EB__JSON_OBJECT) {
            st = eb__fail(EB_FORMAT_ERROR, "%s: __metadata__ is not an object", path);
            goto fail;
        }
        for (i = 0; i < eb__json_len(meta); i++)
            if (eb__json_kind(eb__json_at(meta, i)) != EB__JSON_STRING) {
                st = eb__fail(EB_FORMAT_ERROR, "%s: __metadata__ value of \"%.64s\" is not a string",
                              path, eb__json_key_at(meta, i, NULL));
                goto fail;
            }
    }
    if (count > 0xFFFFFFFEu) { st = eb__fail(EB_FORMAT_ERROR, "%s: too many tensors", path); goto fail; }

    /* one block: file | tensors | by_name | path */
    off_tens = (sizeof(eb__st_file) + 15) & ~(size_t)15;
    off_n = off_tens + eb__mul_size(count, sizeof(eb__st_tensor));
    off_p = off_n + eb__mul_size(count, sizeof(uint32_t));
    total = off_p + plen + 1;
    tmp_bytes = eb__mul_size(count, sizeof(eb__st_span) > sizeof(eb__st_name_ref) ? sizeof(eb__st_span)
                                                                                 : sizeof(eb__st_name_ref));
    if (count > SIZE_MAX / 64 || total < off_p) {    /* 32-bit hosts only */
        total = 0;
        st = eb__fail(EB_NOMEM, "%s: %zu tensors do not fit in memory", path, count);
        goto fail;
    }
    f = (eb__st_file *)eb__alloc_zero(a, total, 16);
    spans = (eb__st_span *)eb__alloc(a, tmp_bytes, 16);
    if (!f || !spans) { st = eb__fail(EB_NOMEM, "%s: out of memory for %zu tensors", path, count); goto fail; }
    refs = (eb__st_name_ref *)(void *)spans;         /* reused after the span check */
    if (eb__json_has_duplicate_keys(root)) {          /* name the first duplicate */
        const char *dup = "__metadata__";
        size_t m = 0;
        for (i = 0; i < eb__json_len(root) && m < count; i++) {
            refs[m].name = eb__json_key_at(root, i, &refs[m].len);
            if (strcmp(refs[m].name, "__metadata__") != 0) m++;
        }
        qsort(refs, m, sizeof *refs, eb__st_name_ref_cmp);
        for (i = 1; i < m; i++)
            if (eb__st_name_cmp(refs[i - 1].name, refs[i - 1].len, refs[i].name, refs[i].len) == 0) {
                dup = refs[i].name;
                break;
            }
        st = eb__fail(EB_FORMAT_ERROR, "%s: duplicate tensor name '%s' in the header", path, dup);
        goto fail;
    }
    if (a) f->alloc = *a;
    f->bytes = total;
    f->base = p;
    f->size = len;
    f->header_len = n;
    f->tensors = (eb__st_tensor *)((char *)f + off_tens);
    f->by_name = (uint32_t *)((char *)f + off_n);
    memcpy((char *)f + off_p, path, plen + 1);
    f->path = (char *)f + off_p;
    f->count = count;
    f->metadata = meta;

    for (i = 0, j = 0; i < eb__json_len(root); i++) {
        size_t klen;
        const char *key = eb__json_key_at(root, i, &klen);
        eb__st_tensor *t;
        if (eb__json_at(root, i) == meta) continue;
        t = &f->tensors[j];
        if (memchr(key, 0, klen)) {
            st = eb__fail(EB_FORMAT_ERROR, "%s: tensor name with a NUL byte", path);
            goto fail;
        }
        t->name = key;
        t->name_len = klen;
        if ((st = eb__st_entry(f, eb__json_at(root, i), key, data_len, t, &spans[j])) != EB_OK) goto fail;
        spans[j].idx = (uint32_t)j;
        j++;
    }

    /* tensors must tile [0, data_len) exactly */
    qsort(spans, count, sizeof *spans, eb__st_span_cmp);
    expect = 0;
    for (i = 0; i < count; i++) {
        if (spans[i].begin != expect) {
            st = eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s' starts at data offset %llu, expected %llu (%s)",
                          path, f->tensors[spans[i].idx].name, (unsigned long long)spans[i].begin,
                          (unsigned long long)expect, spans[i].begin > expect ? "gap" : "overlap");
            goto fail;
        }
        expect = spans[i].end;
    }
    if (expect != data_len) {
        st = eb__fail(EB_FORMAT_ERROR, "%s: tensors cover %llu of the %llu data bytes",
                      path, (unsigned long long)expect, (unsigned long long)data_len);
        goto fail;
    }

    for (i = 0; i < count; i++) {
        refs[i].name = f->tensors[i].name;
        refs[i].len = f->tensors[i].name_len;
        refs[i].idx = (uint32_t)i;
    }
    qsort(refs, count, sizeof *refs, eb__st_name_ref_cmp);
    for (i = 0; i < count; i++) f->by_name[i] = refs[i].idx;

    eb__free(a, spans, tmp_bytes);
    f->header = doc;
    f->mapped = mapped;
    *out = f;
    return EB_OK;
fail:
    if (spans) eb__free(a, spans, tmp_bytes);
    if (f) eb__free(a, f, total);
    eb__json_free(doc);
    return st;
}

/* Validates caller memory in place (no copy); data must outlive the file. */
EB__FN eb_status eb__st_open_memory(const void *data, size_t len, const eb_allocator *a, eb__st_file **out) {
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "safetensors: out is NULL");
    *out = NULL;
    if (!data && len) return eb__fail(EB_INVALID_ARGUMENT, "safetensors: data is NULL");
    return eb__st_load(data ? data : "", len, 0, "<memory>", a, out);
}

/* Maps path read-only and validates it. */
EB__FN eb_status eb__st_open(const char *path, const eb_allocator *a, eb__st_file **out) {
    struct stat sb;
    void *m;
    int fd, e;
    eb_status st;
    if (!out || !path) return eb__fail(EB_INVALID_ARGUMENT, "safetensors: NULL path or out");
    *out = NULL;
    fd = open(path, O_RDONLY);
    if (fd < 0) return eb__fail(EB_IO_ERROR, "cannot open %s: %s", path, strerror(errno));
    if (fstat(fd, &sb) != 0) {
        e = errno;
        close(fd);
        return eb__fail(EB_IO_ERROR, "cannot stat %s: %s", path, strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) { close(fd); return eb__fail(EB_IO_ERROR, "%s is not a regular file", path); }
    if (sb.st_size < 8) {
        close(fd);
        return eb__fail(EB_FORMAT_ERROR, "%s: %lld bytes is too small for a safetensors file",
                        path, (long long)sb.st_size);
    }
    if ((uint64_t)sb.st_size > (uint64_t)SIZE_MAX) { close(fd); return eb__fail(EB_IO_ERROR, "%s: too large to map", path); }
    m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    e = errno;
    close(fd);                                         /* the mapping keeps the file */
    if (m == MAP_FAILED) return eb__fail(EB_IO_ERROR, "cannot mmap %s: %s", path, strerror(e));
    st = eb__st_load(m, (size_t)sb.st_size, 1, path, a, out);
    if (st != EB_OK) munmap(m, (size_t)sb.st_size);
    return st;
}

/* ---- lookup -------------------------------------------------------------------------- */
EB__INLINE size_t eb__st_count(const eb__st_file *f) { return f ? f->count : 0; }
EB__INLINE const eb__st_tensor *eb__st_at(const eb__st_file *f, size_t i) {
    return (f && i < f->count) ? &f->tensors[i] : NULL;
}
EB__INLINE uint64_t eb__st_header_len(const eb__st_file *f) { return f ? f->header_len : 0; }

EB__FN const eb__st_tensor *eb__st_findn(const eb__st_file *f, const char *name, size_t len) {
    size_t lo = 0, hi;
    if (!f || !name) return NULL;
    hi = f->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const eb__st_tensor *t = &f->tensors[f->by_name[mid]];
        int c = eb__st_name_cmp(t->name, t->name_len, name, len);
        if (c == 0) return t;
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return NULL;
}
/* Exact name. O(log n). */
EB__FN const eb__st_tensor *eb__st_find(const eb__st_file *f, const char *name) {
    return name ? eb__st_findn(f, name, strlen(name)) : NULL;
}

/* BERT naming variants: name as given, with/without a "bert." prefix, and LayerNorm
   ".weight"/".bias" spelled ".gamma"/".beta" (older checkpoints). Exact match first. */
EB__FN const eb__st_tensor *eb__st_find_alias(const eb__st_file *f, const char *name) {
    static const char *const suffix[2][2] = { { "LayerNorm.weight", "LayerNorm.gamma" },
                                              { "LayerNorm.bias", "LayerNorm.beta" } };
    char buf[512];
    const eb__st_tensor *t0;
    const char *base;
    size_t blen, k;
    int pre, alt;
    if (!f || !name) return NULL;
    if ((t0 = eb__st_find(f, name)) != NULL) return t0;
    base = strncmp(name, "bert.", 5) == 0 ? name + 5 : name;
    blen = strlen(base);
    if (blen + 5 >= sizeof buf) return eb__st_find(f, name);
    for (alt = 0; alt < 2; alt++) {
        const char *stem = base;
        size_t slen = blen;
        const char *tail = "";
        if (alt) {                                     /* swap a LayerNorm suffix, if any */
            for (k = 0; k < 2; k++) {
                size_t sl = strlen(suffix[k][0]);
                if (blen >= sl && strcmp(base + blen - sl, suffix[k][0]) == 0) {
                    slen = blen - sl;
                    tail = suffix[k][1];
                    break;
                }
            }
            if (k == 2) break;
        }
        for (pre = 0; pre < 2; pre++) {
            const eb__st_tensor *t;
            size_t o = 0;
            if (pre) { memcpy(buf, "bert.", 5); o = 5; }
            memcpy(buf + o, stem, slen);
            o += slen;
            memcpy(buf + o, tail, strlen(tail) + 1);
            if ((t = eb__st_find(f, buf)) != NULL) return t;
        }
    }
    return NULL;
}

/* ---- metadata ------------------------------------------------------------------------ */
EB__INLINE size_t eb__st_metadata_count(const eb__st_file *f) { return f ? eb__json_len(f->metadata) : 0; }
EB__INLINE const char *eb__st_metadata_key(const eb__st_file *f, size_t i, size_t *len) {
    return eb__json_key_at(f ? f->metadata : NULL, i, len);
}
EB__INLINE const char *eb__st_metadata_value(const eb__st_file *f, size_t i, size_t *len) {
    return eb__json_str(eb__json_at(f ? f->metadata : NULL, i), len);
}
EB__FN const char *eb__st_metadata_get(const eb__st_file *f, const char *key, size_t *len) {
    return eb__json_str(eb__json_get(f ? f->metadata : NULL, key), len);
}

/* ---- conversion ---------------------------------------------------------------------- */
/* Writes t->numel floats to out. F32/F16/BF16/F64 only (else EB_FORMAT_ERROR). */
EB__FN eb_status eb__st_tensor_to_f32(const eb__st_tensor *t, float *out) {
    const unsigned char *s;
    size_t n, i;
    if (!t || (!out && t->numel)) return eb__fail(EB_INVALID_ARGUMENT, "safetensors: NULL tensor or out");
    s = (const unsigned char *)t->data;
    n = (size_t)t->numel;
    switch (t->dtype) {
    case EB__DT_F32:
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        for (i = 0; i < n; i++) out[i] = eb__st_f32_bits((uint32_t)eb__st_load_le(s + 4 * i, 4));
#else
        if (n) memcpy(out, s, n * 4);                  /* alignment-agnostic */
#endif
        return EB_OK;
    case EB__DT_F16:
        for (i = 0; i < n; i++) out[i] = eb__f16_to_f32((uint16_t)(s[2 * i] | (s[2 * i + 1] << 8)));
        return EB_OK;
    case EB__DT_BF16:
        for (i = 0; i < n; i++) out[i] = eb__bf16_to_f32((uint16_t)(s[2 * i] | (s[2 * i + 1] << 8)));
        return EB_OK;
    case EB__DT_F64:
        for (i = 0; i < n; i++) {
            uint64_t u = eb__st_load_le(s + 8 * i, 8);
            double d;
            memcpy(&d, &u, 8);
            out[i] = eb__f64_to_f32(d);
        }
        return EB_OK;
    default:
        return eb__fail(EB_FORMAT_ERROR, "tensor '%s' has dtype %s, not a float type",
                        t->name, eb__dtype_name(t->dtype));
    }
}

EB__FN void eb__st_shape_str(char *buf, size_t cap, const int64_t *shape, int ndim) {
    size_t o = 0;
    int k;
    o += (size_t)snprintf(buf, cap, "[");
    for (k = 0; k < ndim && o < cap; k++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%lld", k ? "," : "", (long long)shape[k]);
    if (o < cap) snprintf(buf + o, cap - o, "]");
}

/* Finds name (with eb__st_find_alias), checks it is a float tensor of exactly the expected
   shape (expect_ndim < 0 skips the check), converts it into out (numel floats). */
EB__FN eb_status eb__st_read_f32(const eb__st_file *f, const char *name, const int64_t *expect_shape,
                                 int expect_ndim, float *out) {
    const eb__st_tensor *t;
    int k, same;
    if (!f || !name) return eb__fail(EB_INVALID_ARGUMENT, "safetensors: NULL file or name");
    t = eb__st_find_alias(f, name);
    if (!t) return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s' not found", f->path, name);
    if (!eb__dtype_is_float(t->dtype))
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s' has dtype %s, not a float type",
                        f->path, t->name, eb__dtype_name(t->dtype));
    if (expect_ndim >= 0) {
        same = expect_ndim == t->ndim && (expect_shape || expect_ndim == 0);
        for (k = 0; same && k < expect_ndim; k++) same = expect_shape[k] == t->shape[k];
        if (!same) {
            char have[160], want[160];
            eb__st_shape_str(have, sizeof have, t->shape, t->ndim);
            if (expect_shape) eb__st_shape_str(want, sizeof want, expect_shape, EB__MIN(expect_ndim, 16));
            else snprintf(want, sizeof want, "(rank %d)", expect_ndim);
            return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s' has shape %s, expected %s",
                            f->path, t->name, have, want);
        }
    }
    return eb__st_tensor_to_f32(t, out);
}
