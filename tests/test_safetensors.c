/* safetensors reader: valid files built in memory, a table of hostile headers, exact
   half/bfloat16 conversion, unaligned data, mmap from disk, and the real MiniLM file. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"

/* ---- a tiny writer ------------------------------------------------------------------- */
typedef struct st_spec {
    const char *name;      /* JSON-escaped already */
    const char *dtype;
    int ndim;
    int64_t shape[4];
    const void *data;
    size_t nbytes;
} st_spec;

/* Builds a file from specs (data laid out in spec order) and optional metadata JSON. The
   caller frees the result. pad_to: header length padded with spaces to a multiple of it. */
static unsigned char *st_write(const st_spec *t, int n, const char *meta, size_t pad_to, size_t *len) {
    char hdr[8192];
    size_t h = 0, off = 0, data = 0, total;
    int i, k;
    unsigned char *buf;
    h += (size_t)snprintf(hdr + h, sizeof hdr - h, "{");
    if (meta) h += (size_t)snprintf(hdr + h, sizeof hdr - h, "\"__metadata__\":%s%s", meta, n ? "," : "");
    for (i = 0; i < n; i++) {
        h += (size_t)snprintf(hdr + h, sizeof hdr - h, "%s\"%s\":{\"dtype\":\"%s\",\"shape\":[", i ? "," : "",
                              t[i].name, t[i].dtype);
        for (k = 0; k < t[i].ndim; k++)
            h += (size_t)snprintf(hdr + h, sizeof hdr - h, "%s%lld", k ? "," : "", (long long)t[i].shape[k]);
        h += (size_t)snprintf(hdr + h, sizeof hdr - h, "],\"data_offsets\":[%zu,%zu]}", off, off + t[i].nbytes);
        off += t[i].nbytes;
    }
    h += (size_t)snprintf(hdr + h, sizeof hdr - h, "}");
    while (pad_to > 1 && h % pad_to) hdr[h++] = ' ';
    data = off;
    total = 8 + h + data;
    buf = (unsigned char *)malloc(total);
    for (k = 0; k < 8; k++) buf[k] = (unsigned char)((uint64_t)h >> (8 * k));
    memcpy(buf + 8, hdr, h);
    off = 8 + h;
    for (i = 0; i < n; i++) {
        if (t[i].nbytes) memcpy(buf + off, t[i].data, t[i].nbytes);
        off += t[i].nbytes;
    }
    *len = total;
    return buf;
}

/* A 1-D spec. */
static void set1d(st_spec *t, const char *name, const char *dtype, int64_t n, const void *data, size_t nbytes) {
    memset(t, 0, sizeof *t);
    t->name = name; t->dtype = dtype; t->ndim = 1; t->shape[0] = n; t->data = data; t->nbytes = nbytes;
}

/* A file from a raw header string plus data_len bytes of 0x3f. */
static unsigned char *st_raw(const char *header, size_t hlen, size_t data_len, size_t *len) {
    unsigned char *buf = (unsigned char *)malloc(8 + hlen + data_len + 1);
    int k;
    for (k = 0; k < 8; k++) buf[k] = (unsigned char)((uint64_t)hlen >> (8 * k));
    memcpy(buf + 8, header, hlen);
    memset(buf + 8 + hlen, 0x3f, data_len);
    *len = 8 + hlen + data_len;
    return buf;
}

static void test_valid_small(void) {
    float a[6] = { 1, -2, 3.5f, 0, 1e-30f, 65504 };
    float scalar = 42.5f;
    int64_t ids[3] = { 7, -1, 1LL << 40 };
    unsigned short h16[2] = { 0x3C00, 0xC000 };   /* 1, -2 */
    st_spec t[5];
    unsigned char *buf;
    size_t len;
    eb__st_file *f = NULL;
    const eb__st_tensor *x;
    float out[8];
    int64_t shp[2] = { 2, 3 };
    memset(t, 0, sizeof t);
    t[0].name = "a"; t[0].dtype = "F32"; t[0].ndim = 2; t[0].shape[0] = 2; t[0].shape[1] = 3; t[0].data = a; t[0].nbytes = 24;
    set1d(&t[1], "ids", "I64", 3, ids, 24);
    t[2].name = "s"; t[2].dtype = "F32"; t[2].ndim = 0; t[2].data = &scalar; t[2].nbytes = 4;
    t[3].name = "empty"; t[3].dtype = "F16"; t[3].ndim = 2; t[3].shape[0] = 0; t[3].shape[1] = 5; t[3].nbytes = 0;
    set1d(&t[4], "h", "F16", 2, h16, 4);
    buf = st_write(t, 5, "{\"format\":\"pt\",\"note\":\"x\\u00e9\"}", 8, &len);
    EB_CHECK_STATUS(eb__st_open_memory(buf, len, NULL, &f), EB_OK);
    if (!f) { free(buf); return; }
    EB_CHECK_EQ_INT(eb__st_count(f), 5);
    EB_CHECK_EQ_INT(eb__st_header_len(f) % 8, 0);
    EB_CHECK(strcmp(eb__st_at(f, 0)->name, "a") == 0 && strcmp(eb__st_at(f, 4)->name, "h") == 0);
    EB_CHECK(eb__st_at(f, 5) == NULL);
    x = eb__st_find(f, "a");
    EB_CHECK(x && x->dtype == EB__DT_F32 && x->ndim == 2 && x->shape[0] == 2 && x->shape[1] == 3 &&
             x->numel == 6 && x->nbytes == 24 && x->offset == 8 + eb__st_header_len(f));
    EB_CHECK(x && x->data == buf + x->offset);
    EB_CHECK(eb__st_find(f, "nope") == NULL && eb__st_find(f, "") == NULL && eb__st_find(f, NULL) == NULL);
    EB_CHECK_STATUS(eb__st_read_f32(f, "a", shp, 2, out), EB_OK);
    EB_CHECK(memcmp(out, a, sizeof a) == 0);
    x = eb__st_find(f, "s");
    EB_CHECK(x && x->ndim == 0 && x->numel == 1);
    EB_CHECK_STATUS(eb__st_read_f32(f, "s", NULL, 0, out), EB_OK);
    EB_CHECK(out[0] == 42.5f);
    x = eb__st_find(f, "empty");
    EB_CHECK(x && x->numel == 0 && x->nbytes == 0);
    EB_CHECK_STATUS(eb__st_read_f32(f, "empty", NULL, -1, out), EB_OK);
    EB_CHECK_STATUS(eb__st_read_f32(f, "h", NULL, -1, out), EB_OK);
    EB_CHECK(out[0] == 1.0f && out[1] == -2.0f);
    x = eb__st_find(f, "ids");
    EB_CHECK(x && x->dtype == EB__DT_I64 && !eb__dtype_is_float(x->dtype));
    if (x) {
        int64_t v;
        memcpy(&v, (const char *)x->data + 16, 8);
        EB_CHECK(v == (1LL << 40));
    }
    /* wrong dtype, wrong shape, missing: clear messages */
    EB_CHECK_STATUS(eb__st_read_f32(f, "ids", NULL, -1, out), EB_FORMAT_ERROR);
    EB_CHECK(strstr(eb_last_error(), "ids") && strstr(eb_last_error(), "I64"));
    shp[1] = 4;
    EB_CHECK_STATUS(eb__st_read_f32(f, "a", shp, 2, out), EB_FORMAT_ERROR);
    EB_CHECK(strstr(eb_last_error(), "'a'") && strstr(eb_last_error(), "[2,3]") && strstr(eb_last_error(), "[2,4]"));
    EB_CHECK_STATUS(eb__st_read_f32(f, "a", shp, 1, out), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(eb__st_read_f32(f, "s", shp, 1, out), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(eb__st_read_f32(f, "zzz", NULL, -1, out), EB_FORMAT_ERROR);
    EB_CHECK(strstr(eb_last_error(), "zzz") != NULL);
    /* metadata */
    EB_CHECK_EQ_INT(eb__st_metadata_count(f), 2);
    EB_CHECK(strcmp(eb__st_metadata_get(f, "format", NULL), "pt") == 0);
    {
        size_t l = 0;
        EB_CHECK(strcmp(eb__st_metadata_key(f, 1, &l), "note") == 0 && l == 4);
        EB_CHECK(strcmp(eb__st_metadata_value(f, 1, &l), "x\xC3\xA9") == 0 && l == 3);
    }
    EB_CHECK(eb__st_metadata_get(f, "missing", NULL) == NULL);
    eb__st_close(f);
    free(buf);

    /* no metadata, no padding, no tensors */
    buf = st_write(t, 0, NULL, 1, &len);
    EB_CHECK_STATUS(eb__st_open_memory(buf, len, NULL, &f), EB_OK);
    EB_CHECK(f && eb__st_count(f) == 0 && eb__st_metadata_count(f) == 0 && eb__st_metadata_get(f, "format", NULL) == NULL);
    eb__st_close(f);
    free(buf);
    eb__st_close(NULL);
}

/* F32 data at an odd offset: read_f32 must copy, never dereference a misaligned float*. */
static void test_unaligned(void) {
    unsigned char one = 9;
    float a[3] = { 1.25f, -7, 3e38f };
    unsigned char ab[12];
    double d[2] = { 0.1, -1e300 };
    unsigned short bf[3] = { 0x3F80, 0x4049, 0xFF80 };   /* 1, 3.140625, -inf */
    st_spec t[4];
    unsigned char *buf;
    size_t len;
    eb__st_file *f = NULL;
    float out[4];
    memcpy(ab, a, 12);
    set1d(&t[0], "byte", "U8", 1, &one, 1);
    set1d(&t[1], "f", "F32", 3, ab, 12);
    set1d(&t[2], "d", "F64", 2, d, 16);
    set1d(&t[3], "b", "BF16", 3, bf, 6);
    buf = st_write(t, 4, NULL, 8, &len);
    EB_CHECK_STATUS(eb__st_open_memory(buf, len, NULL, &f), EB_OK);
    if (f) {
        EB_CHECK(((uintptr_t)eb__st_find(f, "f")->data & 3) != 0);
        EB_CHECK_STATUS(eb__st_read_f32(f, "f", NULL, -1, out), EB_OK);
        EB_CHECK(out[0] == 1.25f && out[1] == -7.0f && out[2] == 3e38f);
        EB_CHECK_STATUS(eb__st_read_f32(f, "d", NULL, -1, out), EB_OK);
        EB_CHECK(out[0] == 0.1f && isinf(out[1]) && out[1] < 0);
        EB_CHECK_STATUS(eb__st_read_f32(f, "b", NULL, -1, out), EB_OK);
        EB_CHECK(out[0] == 1.0f && out[1] == 3.140625f && isinf(out[2]) && out[2] < 0);
        EB_CHECK_STATUS(eb__st_read_f32(f, "byte", NULL, -1, out), EB_FORMAT_ERROR);
    }
    eb__st_close(f);
    free(buf);
}

static uint32_t bits_of(float x) { uint32_t u; memcpy(&u, &x, 4); return u; }

static void test_half_exact(void) {
    /* hand-computed binary16 values */
    EB_CHECK(eb__f16_to_f32(0x3C00) == 1.0f);
    EB_CHECK(eb__f16_to_f32(0xC000) == -2.0f);
    EB_CHECK(eb__f16_to_f32(0x7BFF) == 65504.0f);
    EB_CHECK(eb__f16_to_f32(0x3555) == 0.333251953125f);
    EB_CHECK(eb__f16_to_f32(0x3BFF) == 0.99951171875f);
    EB_CHECK(eb__f16_to_f32(0x0400) == ldexpf(1, -14));             /* min normal */
    EB_CHECK(eb__f16_to_f32(0x0001) == ldexpf(1, -24));             /* min subnormal */
    EB_CHECK(eb__f16_to_f32(0x03FF) == ldexpf(1023, -24));          /* max subnormal */
    EB_CHECK(eb__f16_to_f32(0x0200) == ldexpf(1, -15));
    EB_CHECK(eb__f16_to_f32(0x8001) == -ldexpf(1, -24));
    EB_CHECK(bits_of(eb__f16_to_f32(0x0000)) == 0x00000000u);
    EB_CHECK(bits_of(eb__f16_to_f32(0x8000)) == 0x80000000u);      /* -0 */
    EB_CHECK(bits_of(eb__f16_to_f32(0x7C00)) == 0x7F800000u);      /* inf */
    EB_CHECK(bits_of(eb__f16_to_f32(0xFC00)) == 0xFF800000u);
    EB_CHECK(bits_of(eb__f16_to_f32(0x7E00)) == 0x7FC00000u);      /* quiet NaN */
    EB_CHECK(bits_of(eb__f16_to_f32(0x7C01)) == 0x7F802000u);      /* NaN payload kept */
    EB_CHECK(isnan(eb__f16_to_f32(0xFE00)));
    /* every finite half: the float converts back exactly (x * 2^24 is an integer < 2^41) */
    {
        unsigned h;
        int bad = 0;
        for (h = 0; h < 0x10000; h++) {
            unsigned e = (h >> 10) & 31, m = h & 1023;
            double want, got = (double)eb__f16_to_f32((uint16_t)h);
            if (e == 31) continue;
            want = e ? ldexp(1024 + m, (int)e - 25) : ldexp(m, -24);
            if (h & 0x8000) want = -want;
            if (got != want) bad++;
        }
        EB_CHECK_EQ_INT(bad, 0);
    }
    /* bfloat16: the upper 16 bits */
    EB_CHECK(eb__bf16_to_f32(0x3F80) == 1.0f);
    EB_CHECK(eb__bf16_to_f32(0xC2F7) == -123.5f);
    EB_CHECK(eb__bf16_to_f32(0x4049) == 3.140625f);
    EB_CHECK(eb__bf16_to_f32(0x0001) == ldexpf(1, -133));           /* float subnormal */
    EB_CHECK(bits_of(eb__bf16_to_f32(0x7F80)) == 0x7F800000u);
    EB_CHECK(bits_of(eb__bf16_to_f32(0x8000)) == 0x80000000u);
    EB_CHECK(bits_of(eb__bf16_to_f32(0x7FC1)) == 0x7FC10000u);
    /* double -> float: rounding and range */
    EB_CHECK(eb__f64_to_f32(0.1) == 0.1f);
    EB_CHECK(eb__f64_to_f32(1e-320) == 0.0f);
    EB_CHECK(eb__f64_to_f32(3.4028235677973362e38) == 3.4028234663852886e38f);   /* < half ulp over: FLT_MAX */
    EB_CHECK(isinf(eb__f64_to_f32(3.4028235677973366e38)));                      /* the tie: to even = inf */
    EB_CHECK(isinf(eb__f64_to_f32(1e300)) && isinf(eb__f64_to_f32(-1e300)) && eb__f64_to_f32(-1e300) < 0);
    EB_CHECK(isnan(eb__f64_to_f32(nan(""))));
}

typedef struct hostile { const char *what; const char *hdr; size_t data; } hostile;

static void test_hostile_table(void) {
    static const hostile H[] = {
        { "not an object (array)", "[]", 0 },
        { "not an object (string)", "\"x\"", 0 },
        { "not an object (number)", "12", 0 },
        { "truncated JSON", "{\"a\":{\"dtype\":\"F32\"", 0 },
        { "trailing garbage", "{}x", 0 },
        { "NUL padding", "{}\0\0\0\0\0\0", 0 },
        { "entry not an object", "{\"a\":[1]}", 0 },
        { "bad dtype", "{\"a\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4 },
        { "lowercase dtype", "{\"a\":{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4 },
        { "dtype not a string", "{\"a\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4 },
        { "missing dtype", "{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4 },
        { "missing shape", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4 },
        { "missing offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4 },
        { "old 'offsets' key", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"offsets\":[0,4]}}", 4 },
        { "shape not an array", "{\"a\":{\"dtype\":\"F32\",\"shape\":1,\"data_offsets\":[0,4]}}", 4 },
        { "negative dim", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4 },
        { "fractional dim", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", 4 },
        { "dim as string", "{\"a\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}", 4 },
        { "dim beyond int64", "{\"a\":{\"dtype\":\"F32\",\"shape\":[18446744073709551616],\"data_offsets\":[0,4]}}", 4 },
        { "numel overflow", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4],\"data_offsets\":[0,4]}}", 4 },
        { "bytes overflow", "{\"a\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904],\"data_offsets\":[0,4]}}", 4 },
        { "zero dim hides overflow? no: mismatch", "{\"a\":{\"dtype\":\"F32\",\"shape\":[0,4294967296],\"data_offsets\":[0,4]}}", 4 },
        { "rank 9", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1,1,1,1,1,1,1,1,1],\"data_offsets\":[0,1]}}", 1 },
        { "size mismatch", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4 },
        { "begin > end", "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4 },
        { "one offset", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}}", 4 },
        { "three offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,4]}}", 4 },
        { "negative offset", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[-1,0]}}", 4 },
        { "fractional offset", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.0]}}", 4 },
        { "offset past end", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 3 },
        { "huge offsets", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[9223372036854775806,9223372036854775807]}}", 4 },
        { "gap", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                 "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12 },
        { "leading gap", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8 },
        { "overlap", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                     "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12 },
        { "same span twice", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                             "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4 },
        { "buffer not covered", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8 },
        { "data but no tensors", "{}", 4 },
        { "duplicate names", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                             "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8 },
        { "duplicate metadata", "{\"__metadata__\":{},\"__metadata__\":{}}", 0 },
        { "duplicate field", "{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4 },
        { "metadata not an object", "{\"__metadata__\":[]}", 0 },
        { "metadata number value", "{\"__metadata__\":{\"format\":1}}", 0 },
        { "metadata null value", "{\"__metadata__\":{\"format\":null}}", 0 },
        { "metadata nested object", "{\"__metadata__\":{\"x\":{}}}", 0 },
        { "NUL in name", "{\"a\\u0000b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1 },
        { "sub-byte not whole bytes", "{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,1]}}", 1 },
        { "invalid UTF-8 name", "{\"\xC3\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1 },
        { "deep nesting", "{\"__metadata__\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]}", 0 },
    };
    size_t i;
    for (i = 0; i < sizeof H / sizeof H[0]; i++) {
        size_t hlen = strlen(H[i].hdr), len;
        unsigned char *buf;
        eb__st_file *f = (eb__st_file *)1;
        eb_status s;
        if (strcmp(H[i].what, "NUL padding") == 0) hlen = 8;
        buf = st_raw(H[i].hdr, hlen, H[i].data, &len);
        s = eb__st_open_memory(buf, len, NULL, &f);
        EB_CHECK_MSG(s == EB_FORMAT_ERROR && f == NULL, "%s: got %s", H[i].what, eb_status_str(s));
        EB_CHECK_MSG(strstr(eb_last_error(), "<memory>") != NULL, "%s: message '%s'", H[i].what, eb_last_error());
        if (s == EB_OK) eb__st_close(f);
        free(buf);
    }
    /* sanity: the same shapes with correct numbers are accepted */
    {
        static const char *ok[] = {
            "{\"a\":{\"dtype\":\"F4\",\"shape\":[4],\"data_offsets\":[0,2]}}",
            "{\"a\":{\"dtype\":\"F6_E2M3\",\"shape\":[4],\"data_offsets\":[0,3]}}",
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[1,1,1,1,1,1,1,1],\"data_offsets\":[0,1],\"extra\":1}}",
            ("{\"a\":{\"dtype\":\"F32\",\"shape\":[0,4294967296],\"data_offsets\":[0,0]},"
             "\"b\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]},\"c\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[0,1]}}"),
            "  {\"__metadata__\":{}}  ",
        };
        size_t dl[] = { 2, 3, 1, 1, 0 };
        for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
            size_t len;
            unsigned char *buf = st_raw(ok[i], strlen(ok[i]), dl[i], &len);
            eb__st_file *f = NULL;
            EB_CHECK_STATUS(eb__st_open_memory(buf, len, NULL, &f), EB_OK);
            eb__st_close(f);
            free(buf);
        }
    }
}

static void put_u64(unsigned char *p, uint64_t v) {
    int k;
    for (k = 0; k < 8; k++) p[k] = (unsigned char)(v >> (8 * k));
}

static void test_header_length(void) {
    unsigned char buf[64];
    eb__st_file *f = NULL;
    size_t len;
    unsigned char *v;
    memset(buf, ' ', sizeof buf);
    memcpy(buf + 8, "{}", 2);
    EB_CHECK_STATUS(eb__st_open_memory(buf, 7, NULL, &f), EB_FORMAT_ERROR);       /* < 8 bytes */
    EB_CHECK_STATUS(eb__st_open_memory(NULL, 0, NULL, &f), EB_FORMAT_ERROR);
    put_u64(buf, 0);
    EB_CHECK_STATUS(eb__st_open_memory(buf, 10, NULL, &f), EB_FORMAT_ERROR);      /* zero */
    put_u64(buf, 1);
    EB_CHECK_STATUS(eb__st_open_memory(buf, 10, NULL, &f), EB_FORMAT_ERROR);      /* cuts "{}" */
    put_u64(buf, 3);
    EB_CHECK_STATUS(eb__st_open_memory(buf, 10, NULL, &f), EB_FORMAT_ERROR);      /* past the end */
    put_u64(buf, ~(uint64_t)0);
    EB_CHECK_STATUS(eb__st_open_memory(buf, 10, NULL, &f), EB_FORMAT_ERROR);      /* 2^64-1 */
    put_u64(buf, (uint64_t)1 << 63);
    EB_CHECK_STATUS(eb__st_open_memory(buf, 10, NULL, &f), EB_FORMAT_ERROR);
    put_u64(buf, 2);
    EB_CHECK_STATUS(eb__st_open_memory(buf, 10, NULL, &f), EB_OK);                /* minimal valid file */
    EB_CHECK(f && eb__st_count(f) == 0);
    eb__st_close(f);
    put_u64(buf, 5);                                                              /* odd, space padded */
    EB_CHECK_STATUS(eb__st_open_memory(buf, 13, NULL, &f), EB_OK);
    eb__st_close(f);
    EB_CHECK_STATUS(eb__st_open_memory(buf, 14, NULL, &f), EB_FORMAT_ERROR);      /* 1 stray data byte */
    /* the 100,000,000-byte limit, checked before the header is read (lazy zero pages) */
    {
        size_t big = 100000016;
        unsigned char *m = (unsigned char *)mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        EB_CHECK(m != MAP_FAILED);
        if (m != MAP_FAILED) {
            put_u64(m, 100000001);
            EB_CHECK_STATUS(eb__st_open_memory(m, big, NULL, &f), EB_FORMAT_ERROR);
            EB_CHECK(strstr(eb_last_error(), "100000001") != NULL);
            munmap(m, big);
        }
    }
    /* every prefix of a valid file fails cleanly */
    {
        float a[2] = { 1, 2 };
        st_spec t;
        size_t k;
            set1d(&t, "w", "F32", 2, a, 8);
        v = st_write(&t, 1, "{\"format\":\"pt\"}", 8, &len);
        for (k = 0; k < len; k++) {
            unsigned char *p = (unsigned char *)malloc(k ? k : 1);
            memcpy(p, v, k);
            EB_CHECK_MSG(eb__st_open_memory(p, k, NULL, &f) == EB_FORMAT_ERROR && f == NULL, "prefix %zu", k);
            free(p);
        }
        /* and every single-byte change either fails cleanly or still yields a valid table */
        for (k = 0; k < len; k++) {
            static const unsigned char flips[] = { 0x00, 0xff, '"', '{', '9', '-', 0x80 };
            size_t m;
            for (m = 0; m < sizeof flips; m++) {
                unsigned char *p = (unsigned char *)malloc(len);
                eb_status s;
                memcpy(p, v, len);
                p[k] = flips[m];
                s = eb__st_open_memory(p, len, NULL, &f);
                EB_CHECK(s == EB_OK || s == EB_FORMAT_ERROR);
                if (s == EB_OK) {
                    size_t i;
                    for (i = 0; i < eb__st_count(f); i++) {
                        const eb__st_tensor *x = eb__st_at(f, i);
                        EB_CHECK((const unsigned char *)x->data >= p && x->offset + x->nbytes <= len);
                    }
                    eb__st_close(f);
                }
                free(p);
            }
        }
        free(v);
    }
}

static void test_alias(void) {
    float w[2] = { 1, 2 }, b[2] = { 3, 4 }, e[2] = { 5, 6 };
    st_spec t[3];
    unsigned char *buf;
    size_t len;
    eb__st_file *f = NULL;
    float out[2];
    set1d(&t[0], "bert.encoder.layer.0.output.LayerNorm.gamma", "F32", 2, w, 8);
    set1d(&t[1], "bert.encoder.layer.0.output.LayerNorm.beta", "F32", 2, b, 8);
    set1d(&t[2], "bert.embeddings.word_embeddings.weight", "F32", 2, e, 8);
    buf = st_write(t, 3, NULL, 8, &len);
    EB_CHECK_STATUS(eb__st_open_memory(buf, len, NULL, &f), EB_OK);
    if (f) {
        int64_t shp[1] = { 2 };
        EB_CHECK(eb__st_find(f, "embeddings.word_embeddings.weight") == NULL);
        EB_CHECK(eb__st_find_alias(f, "embeddings.word_embeddings.weight") == eb__st_at(f, 2));
        EB_CHECK(eb__st_find_alias(f, "bert.embeddings.word_embeddings.weight") == eb__st_at(f, 2));
        EB_CHECK(eb__st_find_alias(f, "encoder.layer.0.output.LayerNorm.weight") == eb__st_at(f, 0));
        EB_CHECK(eb__st_find_alias(f, "encoder.layer.0.output.LayerNorm.bias") == eb__st_at(f, 1));
        EB_CHECK(eb__st_find_alias(f, "encoder.layer.0.output.LayerNorm.gamma") == eb__st_at(f, 0));
        EB_CHECK(eb__st_find_alias(f, "encoder.layer.1.output.LayerNorm.weight") == NULL);
        EB_CHECK(eb__st_find_alias(f, "output.dense.weight") == NULL);
        EB_CHECK_STATUS(eb__st_read_f32(f, "encoder.layer.0.output.LayerNorm.bias", shp, 1, out), EB_OK);
        EB_CHECK(out[0] == 3 && out[1] == 4);
    }
    eb__st_close(f);
    free(buf);
}

static void test_open_file(void) {
    char path[] = "/tmp/eb_test_st_XXXXXX";
    int fd = mkstemp(path);
    float a[3] = { 1, 2, 3 };
    st_spec t;
    unsigned char *buf;
    size_t len;
    eb__st_file *f = NULL;
    float out[3];
    set1d(&t, "x", "F32", 3, a, 12);
    buf = st_write(&t, 1, NULL, 8, &len);
    EB_CHECK(fd >= 0);
    if (fd < 0) { free(buf); return; }
    EB_CHECK(write(fd, buf, len) == (ssize_t)len);
    close(fd);
    EB_CHECK_STATUS(eb__st_open(path, NULL, &f), EB_OK);
    if (f) {
        EB_CHECK_STATUS(eb__st_read_f32(f, "x", NULL, -1, out), EB_OK);
        EB_CHECK(out[0] == 1 && out[2] == 3);
        EB_CHECK_STATUS(eb__st_read_f32(f, "y", NULL, -1, out), EB_FORMAT_ERROR);
        EB_CHECK(strstr(eb_last_error(), path) != NULL);   /* messages name the file */
    }
    eb__st_close(f);
    /* truncate: format error naming the path */
    EB_CHECK(truncate(path, (off_t)len - 1) == 0);
    EB_CHECK_STATUS(eb__st_open(path, NULL, &f), EB_FORMAT_ERROR);
    EB_CHECK(f == NULL && strstr(eb_last_error(), path) != NULL);
    EB_CHECK(truncate(path, 3) == 0);
    EB_CHECK_STATUS(eb__st_open(path, NULL, &f), EB_FORMAT_ERROR);
    EB_CHECK(truncate(path, 0) == 0);
    EB_CHECK_STATUS(eb__st_open(path, NULL, &f), EB_FORMAT_ERROR);
    unlink(path);
    EB_CHECK_STATUS(eb__st_open(path, NULL, &f), EB_IO_ERROR);
    EB_CHECK(strstr(eb_last_error(), path) != NULL && strstr(eb_last_error(), strerror(ENOENT)) != NULL);
    EB_CHECK_STATUS(eb__st_open("/tmp", NULL, &f), EB_IO_ERROR);
    EB_CHECK_STATUS(eb__st_open(NULL, NULL, &f), EB_INVALID_ARGUMENT);
    free(buf);
}

/* Allocator that tracks live allocations and fails the n-th call. */
typedef struct counting { long live; long calls; long fail_at; } counting;
static void *c_alloc(size_t size, size_t align, void *user) {
    counting *c = (counting *)user;
    void *p = NULL;
    if (c->calls++ == c->fail_at) return NULL;
    if (posix_memalign(&p, align, size) != 0) return NULL;
    c->live++;
    return p;
}
static void c_free(void *p, size_t size, void *user) {
    (void)size;
    ((counting *)user)->live--;
    free(p);
}

static void test_allocator(void) {
    float a[2] = { 1, 2 };
    st_spec t;
    unsigned char *buf;
    size_t len;
    eb__st_file *f = NULL;
    counting c;
    eb_allocator al;
    long k, total;
    set1d(&t, "x", "F32", 2, a, 8);
    buf = st_write(&t, 1, "{\"k\":\"v\"}", 8, &len);
    memset(&c, 0, sizeof c);
    c.fail_at = -1;
    al.alloc = c_alloc; al.free = c_free; al.user = &c;
    EB_CHECK_STATUS(eb__st_open_memory(buf, len, &al, &f), EB_OK);
    EB_CHECK(c.live == 2);                       /* file block + JSON doc */
    eb__st_close(f);
    EB_CHECK(c.live == 0);
    total = c.calls;
    for (k = 0; k < total; k++) {
        memset(&c, 0, sizeof c);
        c.fail_at = k;
        f = (eb__st_file *)1;
        EB_CHECK_STATUS(eb__st_open_memory(buf, len, &al, &f), EB_NOMEM);
        EB_CHECK(f == NULL && c.live == 0);
    }
    free(buf);
}

/* The real model. EB_MODEL_DIR set but file missing is a failure, not a skip. */
static void test_real_model(void) {
    const char *dir = getenv("EB_MODEL_DIR");
    char path[1024];
    eb__st_file *f = NULL;
    size_t i, nfloat = 0;
    const eb__st_tensor *t;
    if (!dir) {
        fprintf(stderr, "  SKIPPED LOUDLY: EB_MODEL_DIR is not set (run through make)\n");
        return;
    }
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    EB_CHECK_STATUS(eb__st_open(path, NULL, &f), EB_OK);
    if (!f) { fprintf(stderr, "  EB_MODEL_DIR=%s but %s did not open: run make models\n", dir, path); return; }
    EB_CHECK_EQ_INT(eb__st_count(f), 104);
    EB_CHECK_EQ_INT(eb__st_header_len(f), 11408);
    for (i = 0; i < eb__st_count(f); i++) nfloat += eb__dtype_is_float(eb__st_at(f, i)->dtype) != 0;
    EB_CHECK_EQ_INT(nfloat, 103);
    t = eb__st_find(f, "embeddings.word_embeddings.weight");
    EB_CHECK(t && t->dtype == EB__DT_F32 && t->ndim == 2 && t->shape[0] == 30522 && t->shape[1] == 384);
    t = eb__st_find(f, "embeddings.position_ids");
    EB_CHECK(t && t->dtype == EB__DT_I64 && t->ndim == 2 && t->shape[0] == 1 && t->shape[1] == 512);
    if (t) {
        int64_t v;
        memcpy(&v, (const char *)t->data + 8 * 511, 8);
        EB_CHECK(v == 511);
    }
    EB_CHECK(strcmp(eb__st_metadata_get(f, "format", NULL) ? eb__st_metadata_get(f, "format", NULL) : "", "pt") == 0);
    {
        int64_t shp[1] = { 384 };
        int64_t shq[2] = { 384, 384 };
        float *ln = (float *)malloc(384 * sizeof(float)), *q = (float *)malloc(384 * 384 * sizeof(float));
        double sum = 0;
        int k;
        EB_CHECK_STATUS(eb__st_read_f32(f, "embeddings.LayerNorm.weight", shp, 1, ln), EB_OK);
        for (k = 0; k < 384; k++) sum += ln[k];
        EB_CHECK(sum > 10 && sum < 1000 && isfinite(sum));   /* LN gains are around 1 */
        EB_CHECK_STATUS(eb__st_read_f32(f, "encoder.layer.5.attention.self.query.weight", shq, 2, q), EB_OK);
        EB_CHECK_STATUS(eb__st_read_f32(f, "encoder.layer.6.attention.self.query.weight", shq, 2, q), EB_FORMAT_ERROR);
        shq[1] = 1536;
        EB_CHECK_STATUS(eb__st_read_f32(f, "encoder.layer.0.attention.self.query.weight", shq, 2, q), EB_FORMAT_ERROR);
        EB_CHECK(strstr(eb_last_error(), "[384,384]") && strstr(eb_last_error(), "[384,1536]"));
        free(ln);
        free(q);
    }
    for (i = 0; i < 6; i++) {
        char name[128];
        snprintf(name, sizeof name, "encoder.layer.%zu.output.LayerNorm.bias", i);
        EB_CHECK(eb__st_find_alias(f, name) != NULL);
    }
    eb__st_close(f);
}

int main(void) {
    EB_RUN(test_valid_small);
    EB_RUN(test_unaligned);
    EB_RUN(test_half_exact);
    EB_RUN(test_hostile_table);
    EB_RUN(test_header_length);
    EB_RUN(test_alias);
    EB_RUN(test_open_file);
    EB_RUN(test_allocator);
    EB_RUN(test_real_model);
    return eb_test_summary();
}
