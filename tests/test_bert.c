/* BERT forward: small random models against a plain float64 forward written here (one
 * sequence at a time, no padding), for several batch compositions, both parallel modes,
 * 1 and 3 threads, every kernel set this CPU runs. Also: bitwise determinism across
 * modes/threads/batching, input validation, loader errors, no leaks, no steady-state
 * allocation. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"

/* Stated bound: max |out - ref| over the outputs, relative to max |ref| (for L2-normalised
   outputs that is the absolute error), and cosine to the reference per sequence. */
#define BOUND_REL 2e-6
#define BOUND_COS 0.9999999

/* ---- a deterministic random model, served by name ---------------------------------- */
typedef struct model_src {
    eb__bert_config cfg;
    int calls, fail_at;     /* fail the fail_at-th call (1-based; 0: never) */
    int bad_shape;          /* report a wrong shape for the intermediate weight */
} model_src;

static float tensor_value(const char *name, size_t i) {
    uint64_t st = eb__fnv1a64(name, strlen(name)) ^ (i * 0x9E3779B97F4A7C15ull);
    const double u = (double)(eb__splitmix64(&st) >> 11) * (1.0 / 9007199254740992.0) * 2.0 - 1.0;  /* [-1, 1) */
    if (strstr(name, "LayerNorm.weight")) return (float)(1.0 + 0.2 * u);
    if (strstr(name, "LayerNorm.bias") || strstr(name, ".bias")) return (float)(0.1 * u);
    if (strstr(name, "embeddings.")) return (float)u;
    return (float)(1.7 * u / sqrt(strstr(name, "output.dense") && !strstr(name, "attention") ? 128.0 : 64.0));
}

/* The shape the source holds for name, or 0 if it has no such tensor. */
static int source_shape(const model_src *src, const char *name, int64_t *shape) {
    const eb__bert_config *c = &src->cfg;
    const int64_t H = c->hidden, F = src->bad_shape ? c->ffn + 1 : c->ffn;
    int layer = -1;
    if (!strcmp(name, "embeddings.word_embeddings.weight")) { shape[0] = c->vocab; shape[1] = H; return 2; }
    if (!strcmp(name, "embeddings.position_embeddings.weight")) { shape[0] = c->max_pos; shape[1] = H; return 2; }
    if (!strcmp(name, "embeddings.token_type_embeddings.weight")) { shape[0] = c->type_vocab; shape[1] = H; return 2; }
    if (!strncmp(name, "embeddings.LayerNorm.", 21)) { shape[0] = H; return 1; }
    if (sscanf(name, "encoder.layer.%d.", &layer) != 1 || layer < 0 || layer >= c->n_layers) return 0;
    if (strstr(name, ".bias") || strstr(name, "LayerNorm")) {
        shape[0] = strstr(name, "intermediate") ? F : H;
        return 1;
    }
    shape[0] = strstr(name, "intermediate") ? F : H;
    shape[1] = strstr(name, "output.dense") && !strstr(name, "attention") ? F : H;
    return 2;
}

static eb_status get_tensor(void *user, const char *name, const int64_t *shape, int ndim, float *out) {
    model_src *src = (model_src *)user;
    int64_t have[2] = { 0, 0 };
    int nd = source_shape(src, name, have), i;
    size_t n = 1, k;
    if (++src->calls == src->fail_at) return eb__fail(EB_IO_ERROR, "test source: injected failure at %s", name);
    if (!nd) return eb__fail(EB_FORMAT_ERROR, "test source: no tensor %s", name);
    if (nd != ndim) return eb__fail(EB_FORMAT_ERROR, "test source: %s has rank %d", name, nd);
    for (i = 0; i < nd; i++) {
        if (have[i] != shape[i]) return eb__fail(EB_FORMAT_ERROR, "test source: %s dim %d is %lld", name, i, (long long)have[i]);
        n *= (size_t)have[i];
    }
    for (k = 0; k < n; k++) out[k] = tensor_value(name, k);
    return EB_OK;
}

/* ---- float64 reference ------------------------------------------------------------- */
static double *ref_tensor(const char *fmt, int layer, size_t n) {
    char name[160];
    double *t = (double *)malloc(n * sizeof(double));
    size_t i;
    snprintf(name, sizeof name, fmt, layer);
    for (i = 0; i < n; i++) t[i] = tensor_value(name, i);
    return t;
}

static void ref_ln(double *x, int n, const double *g, const double *b, double eps) {
    double mean = 0, var = 0;
    int i;
    for (i = 0; i < n; i++) mean += x[i];
    mean /= n;
    for (i = 0; i < n; i++) var += (x[i] - mean) * (x[i] - mean);
    var /= n;
    for (i = 0; i < n; i++) x[i] = (x[i] - mean) / sqrt(var + eps) * g[i] + b[i];
}

/* y[L, N] = x[L, K] W^T + b */
static void ref_linear(const double *x, int L, int K, const double *w, const double *b, int N, double *y) {
    int t, n, k;
    for (t = 0; t < L; t++)
        for (n = 0; n < N; n++) {
            double acc = b[n];
            for (k = 0; k < K; k++) acc += x[(size_t)t * K + k] * w[(size_t)n * K + k];
            y[(size_t)t * N + n] = acc;
        }
}

#define LN_PARAMS(dst_g, dst_b, prefix, layer) \
    dst_g = ref_tensor(prefix ".weight", layer, (size_t)H); dst_b = ref_tensor(prefix ".bias", layer, (size_t)H)

static void ref_forward(const eb__bert_config *c, const int32_t *ids, int L, double *out) {
    const int H = c->hidden, F = c->ffn, nh = c->n_heads, dh = H / nh;
    double *x = (double *)calloc((size_t)L * H, sizeof(double)), *q = (double *)calloc((size_t)L * H, sizeof(double));
    double *k = (double *)calloc((size_t)L * H, sizeof(double)), *v = (double *)calloc((size_t)L * H, sizeof(double));
    double *ctx = (double *)calloc((size_t)L * H, sizeof(double)), *a = (double *)calloc((size_t)L * H, sizeof(double));
    double *f = (double *)calloc((size_t)L * F, sizeof(double)), *p = (double *)calloc((size_t)L, sizeof(double));
    double *word = ref_tensor("embeddings.word_embeddings.weight", 0, (size_t)c->vocab * H);
    double *pos = ref_tensor("embeddings.position_embeddings.weight", 0, (size_t)c->max_pos * H);
    double *type = ref_tensor("embeddings.token_type_embeddings.weight", 0, (size_t)c->type_vocab * H);
    double *g, *b, nrm = 0;
    int t, d, l, h, i, j;
    LN_PARAMS(g, b, "embeddings.LayerNorm", 0);
    for (t = 0; t < L; t++) {
        for (d = 0; d < H; d++) x[t * H + d] = word[(size_t)ids[t] * H + d] + pos[t * H + d] + type[d];
        ref_ln(x + t * H, H, g, b, c->ln_eps);
    }
    free(g); free(b);
    for (l = 0; l < c->n_layers; l++) {
        double *wq = ref_tensor("encoder.layer.%d.attention.self.query.weight", l, (size_t)H * H);
        double *bq = ref_tensor("encoder.layer.%d.attention.self.query.bias", l, (size_t)H);
        double *wk = ref_tensor("encoder.layer.%d.attention.self.key.weight", l, (size_t)H * H);
        double *bk = ref_tensor("encoder.layer.%d.attention.self.key.bias", l, (size_t)H);
        double *wv = ref_tensor("encoder.layer.%d.attention.self.value.weight", l, (size_t)H * H);
        double *bv = ref_tensor("encoder.layer.%d.attention.self.value.bias", l, (size_t)H);
        double *wo = ref_tensor("encoder.layer.%d.attention.output.dense.weight", l, (size_t)H * H);
        double *bo = ref_tensor("encoder.layer.%d.attention.output.dense.bias", l, (size_t)H);
        double *wi = ref_tensor("encoder.layer.%d.intermediate.dense.weight", l, (size_t)F * H);
        double *bi = ref_tensor("encoder.layer.%d.intermediate.dense.bias", l, (size_t)F);
        double *w2 = ref_tensor("encoder.layer.%d.output.dense.weight", l, (size_t)H * F);
        double *b2 = ref_tensor("encoder.layer.%d.output.dense.bias", l, (size_t)H);
        ref_linear(x, L, H, wq, bq, H, q);
        ref_linear(x, L, H, wk, bk, H, k);
        ref_linear(x, L, H, wv, bv, H, v);
        for (h = 0; h < nh; h++)
            for (i = 0; i < L; i++) {
                double mx = -1e300, sum = 0;
                for (j = 0; j < L; j++) {
                    double s = 0;
                    for (d = 0; d < dh; d++) s += q[i * H + h * dh + d] * k[j * H + h * dh + d];
                    p[j] = s / sqrt((double)dh);
                    if (p[j] > mx) mx = p[j];
                }
                for (j = 0; j < L; j++) { p[j] = exp(p[j] - mx); sum += p[j]; }
                for (d = 0; d < dh; d++) {
                    double acc = 0;
                    for (j = 0; j < L; j++) acc += p[j] / sum * v[j * H + h * dh + d];
                    ctx[i * H + h * dh + d] = acc;
                }
            }
        ref_linear(ctx, L, H, wo, bo, H, a);
        LN_PARAMS(g, b, "encoder.layer.%d.attention.output.LayerNorm", l);
        for (t = 0; t < L; t++) {
            for (d = 0; d < H; d++) a[t * H + d] += x[t * H + d];
            ref_ln(a + t * H, H, g, b, c->ln_eps);
        }
        free(g); free(b);
        ref_linear(a, L, H, wi, bi, F, f);
        for (i = 0; i < L * F; i++) f[i] = 0.5 * f[i] * (1.0 + erf(f[i] / sqrt(2.0)));
        ref_linear(f, L, F, w2, b2, H, x);
        LN_PARAMS(g, b, "encoder.layer.%d.output.LayerNorm", l);
        for (t = 0; t < L; t++) {
            for (d = 0; d < H; d++) x[t * H + d] += a[t * H + d];
            ref_ln(x + t * H, H, g, b, c->ln_eps);
        }
        free(g); free(b);
        free(wq); free(bq); free(wk); free(bk); free(wv); free(bv); free(wo); free(bo);
        free(wi); free(bi); free(w2); free(b2);
    }
    for (d = 0; d < H; d++) {
        double acc = 0;
        if (c->pooling == EB__POOLING_CLS) acc = x[d];
        else { for (t = 0; t < L; t++) acc += x[t * H + d]; acc /= L; }
        out[d] = acc;
        nrm += acc * acc;
    }
    if (c->normalize)
        for (d = 0; d < H; d++) out[d] /= EB__MAX(sqrt(nrm), 1e-12);
    free(x); free(q); free(k); free(v); free(ctx); free(a); free(f); free(p);
    free(word); free(pos); free(type);
}

/* ---- harness ------------------------------------------------------------------------- */
static eb__bert_config small_config(int variant) {
    eb__bert_config c;
    memset(&c, 0, sizeof c);
    c.n_layers = 2; c.hidden = 64; c.n_heads = 4; c.ffn = 128; c.vocab = 100; c.max_pos = 64;
    c.type_vocab = 2; c.ln_eps = 1e-12f; c.pooling = EB__POOLING_MEAN; c.normalize = 1;
    if (variant == 1) { c.n_heads = 2; c.pooling = EB__POOLING_CLS; c.normalize = 0; }           /* head_dim 32 */
    if (variant == 2) { c.hidden = 48; c.n_heads = 3; c.ffn = 100; c.n_layers = 3; }          /* partial panels */
    return c;
}

typedef struct batch {
    int n;
    int *lens;
    int32_t **ids;
} batch;

static uint64_t g_rng = 99;

static batch make_batch(int n, const int *lens, int vocab) {
    batch b;
    int i, t;
    b.n = n;
    b.lens = (int *)malloc(sizeof(int) * (size_t)n);
    b.ids = (int32_t **)malloc(sizeof(int32_t *) * (size_t)n);
    for (i = 0; i < n; i++) {
        b.lens[i] = lens[i];
        b.ids[i] = (int32_t *)malloc(sizeof(int32_t) * (size_t)lens[i]);
        for (t = 0; t < lens[i]; t++) b.ids[i][t] = (int32_t)(eb__splitmix64(&g_rng) % (uint64_t)vocab);
        b.ids[i][0] = 1;                          /* a "[CLS]" */
        if (lens[i] > 1) b.ids[i][lens[i] - 1] = 2; /* a "[SEP]" */
    }
    return b;
}

static void free_batch(batch *b) {
    int i;
    for (i = 0; i < b->n; i++) free(b->ids[i]);
    free(b->ids); free(b->lens);
}

static void test_against_reference(void) {
    static const int one[] = { 9 };
    static const int two[] = { 2 };
    static const int mixed[] = { 2, 17, 5, 64, 1, 33, 8, 3, 40, 2, 12, 7 };
    static const int isas[] = { EB_ISA_SCALAR, EB_ISA_AVX2, EB_ISA_AVX512, EB_ISA_NEON };
    int variant, ii;
    for (variant = 0; variant < 3; variant++) {
        const eb__bert_config cfg = small_config(variant);
        const int H = cfg.hidden;
        batch bs[3];
        double *ref[3];
        int bi, i;
        bs[0] = make_batch(1, one, cfg.vocab);
        bs[1] = make_batch(1, two, cfg.vocab);
        bs[2] = make_batch((int)(sizeof mixed / sizeof mixed[0]), mixed, cfg.vocab);
        for (bi = 0; bi < 3; bi++) {
            ref[bi] = (double *)calloc((size_t)bs[bi].n * H, sizeof(double));
            for (i = 0; i < bs[bi].n; i++) ref_forward(&cfg, bs[bi].ids[i], bs[bi].lens[i], ref[bi] + (size_t)i * H);
        }
        for (ii = 0; ii < 4; ii++) {
            const eb__kernels *k = eb__kernels_for((eb_isa)isas[ii]);
            model_src src;
            eb__bert *m = NULL;
            double worst = 0, worst_cos = 1;
            float *gold[3];
            int threads;
            if (!k) continue;
            memset(&src, 0, sizeof src);
            src.cfg = cfg;
            EB_CHECK_STATUS(eb__bert_load(&cfg, k, get_tensor, &src, NULL, &m), EB_OK);
            if (!m) continue;
            for (bi = 0; bi < 3; bi++) gold[bi] = (float *)calloc((size_t)bs[bi].n * H, sizeof(float));
            for (threads = 1; threads <= 3; threads += 2) {
                eb__pool *pool = NULL;
                eb__bert_ctx *c = NULL;
                int mode;
                if (threads > 1) EB_CHECK_STATUS(eb__pool_create(threads, NULL, &pool), EB_OK);
                EB_CHECK_STATUS(eb__bert_ctx_create(m, pool, 0, &c), EB_OK);
                for (mode = EB_CPU_AUTO; mode <= EB_CPU_THROUGHPUT; mode++)
                    for (bi = 0; bi < 3; bi++) {
                        const batch *b = &bs[bi];
                        float *out = (float *)calloc((size_t)b->n * H, sizeof(float));
                        EB_CHECK_STATUS(eb__bert_forward(c, (const int32_t *const *)b->ids, b->lens, b->n,
                                                         (eb_cpu_mode)mode, out), EB_OK);
                        for (i = 0; i < b->n; i++) {
                            const double *r = ref[bi] + (size_t)i * H;
                            const float *o = out + (size_t)i * H;
                            double mx = 0, err = 0, dot = 0, n1 = 0, n2 = 0;
                            int d;
                            for (d = 0; d < H; d++) {
                                mx = EB__MAX(mx, fabs(r[d]));
                                err = EB__MAX(err, fabs(o[d] - r[d]));
                                dot += o[d] * r[d]; n1 += (double)o[d] * o[d]; n2 += r[d] * r[d];
                            }
                            worst = EB__MAX(worst, err / mx);
                            worst_cos = EB__MIN(worst_cos, dot / sqrt(n1 * n2));
                        }
                        /* bitwise: every mode and thread count gives the same bits */
                        if (threads == 1 && mode == EB_CPU_AUTO) memcpy(gold[bi], out, (size_t)b->n * H * sizeof(float));
                        else EB_CHECK_MSG(!memcmp(gold[bi], out, (size_t)b->n * H * sizeof(float)),
                                          "%s variant %d batch %d threads %d mode %d", k->name, variant, bi, threads, mode);
                        free(out);
                    }
                eb__bert_ctx_destroy(c);
                eb__pool_destroy(pool);
            }
            /* batching: the 9-token sequence alone equals itself inside a batch */
            {
                eb__bert_ctx *c = NULL;
                batch mix = make_batch(3, mixed, cfg.vocab);
                float *out = (float *)calloc((size_t)4 * H, sizeof(float));
                const int32_t *ids4[4];
                int lens4[4];
                ids4[0] = mix.ids[0]; ids4[1] = bs[0].ids[0]; ids4[2] = mix.ids[1]; ids4[3] = mix.ids[2];
                lens4[0] = mix.lens[0]; lens4[1] = bs[0].lens[0]; lens4[2] = mix.lens[1]; lens4[3] = mix.lens[2];
                EB_CHECK_STATUS(eb__bert_ctx_create(m, NULL, 8, &c), EB_OK);
                EB_CHECK_STATUS(eb__bert_forward(c, ids4, lens4, 4, EB_CPU_LATENCY, out), EB_OK);
                EB_CHECK(!memcmp(out + H, gold[0], (size_t)H * sizeof(float)));
                eb__bert_ctx_destroy(c);
                free(out);
                free_batch(&mix);
            }
            printf("  %-7s variant %d (H=%d heads=%d F=%d %s%s): max err/max|ref| %.3g (bound %.3g), min cosine %.9f\n",
                   k->name, variant, cfg.hidden, cfg.n_heads, cfg.ffn, cfg.pooling == EB__POOLING_CLS ? "cls" : "mean",
                   cfg.normalize ? "+l2" : "", worst, BOUND_REL, worst_cos);
            EB_CHECK(worst <= BOUND_REL);
            EB_CHECK(worst_cos >= BOUND_COS);
            for (bi = 0; bi < 3; bi++) free(gold[bi]);
            eb__bert_free(m);
        }
        for (bi = 0; bi < 3; bi++) { free_batch(&bs[bi]); free(ref[bi]); }
    }
}

static void test_invalid_input(void) {
    const eb__bert_config cfg = small_config(0);
    model_src src;
    eb__bert *m = NULL;
    eb__bert_ctx *c = NULL;
    int32_t ids[70];
    const int32_t *pids[2];
    int lens[2], i;
    float out[2 * 64];
    memset(&src, 0, sizeof src);
    src.cfg = cfg;
    for (i = 0; i < 70; i++) ids[i] = i % cfg.vocab;
    EB_CHECK_STATUS(eb__bert_load(&cfg, NULL, get_tensor, &src, NULL, &m), EB_OK);
    if (!m) return;
    EB_CHECK_STATUS(eb__bert_ctx_create(m, NULL, 0, &c), EB_OK);
    pids[0] = ids; pids[1] = ids;
    lens[0] = 5; lens[1] = 0;
    EB_CHECK_STATUS(eb__bert_forward(c, pids, lens, 2, EB_CPU_AUTO, out), EB_INVALID_INPUT);
    lens[1] = 65;
    EB_CHECK_STATUS(eb__bert_forward(c, pids, lens, 2, EB_CPU_AUTO, out), EB_INVALID_INPUT);
    lens[1] = 64;
    EB_CHECK_STATUS(eb__bert_forward(c, pids, lens, 2, EB_CPU_AUTO, out), EB_OK);
    ids[3] = cfg.vocab;
    EB_CHECK_STATUS(eb__bert_forward(c, pids, lens, 2, EB_CPU_AUTO, out), EB_INVALID_INPUT);
    EB_CHECK(strstr(eb_last_error(), "token id") != NULL);
    ids[3] = -1;
    EB_CHECK_STATUS(eb__bert_forward(c, pids, lens, 2, EB_CPU_AUTO, out), EB_INVALID_INPUT);
    ids[3] = 3;
    pids[1] = NULL;
    EB_CHECK_STATUS(eb__bert_forward(c, pids, lens, 2, EB_CPU_AUTO, out), EB_INVALID_INPUT);
    EB_CHECK_STATUS(eb__bert_forward(c, pids, lens, 0, EB_CPU_AUTO, out), EB_OK);
    EB_CHECK_STATUS(eb__bert_forward(c, pids, lens, -1, EB_CPU_AUTO, out), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb__bert_forward(c, NULL, lens, 1, EB_CPU_AUTO, out), EB_INVALID_ARGUMENT);
    eb__bert_ctx_destroy(c);
    eb__bert_free(m);
}

static void test_load_errors(void) {
    eb_test_alloc ca;
    eb_allocator a;
    eb__bert_config cfg = small_config(0);
    model_src src;
    eb__bert *m = NULL;
    const int n_tensors = 5 + 16 * cfg.n_layers, step = (int)(n_tensors / eb_test_scaled(n_tensors));
    int at;
    a = eb_test_allocator(&ca);
    /* a failure at every tensor in turn (every step-th under sanitizers): the status comes
       back, nothing leaks */
    for (at = 1; at <= n_tensors; at += step) {
        memset(&src, 0, sizeof src);
        src.cfg = cfg; src.fail_at = at;
        EB_CHECK_STATUS(eb__bert_load(&cfg, NULL, get_tensor, &src, &a, &m), EB_IO_ERROR);
        EB_CHECK(m == NULL);
        EB_CHECK(strstr(eb_last_error(), "injected failure") != NULL);
        EB_CHECK_EQ_INT(ca.live_bytes, 0);
    }
    memset(&src, 0, sizeof src);
    src.cfg = cfg; src.bad_shape = 1;
    EB_CHECK_STATUS(eb__bert_load(&cfg, NULL, get_tensor, &src, &a, &m), EB_FORMAT_ERROR);
    EB_CHECK(strstr(eb_last_error(), "intermediate") != NULL);
    EB_CHECK_EQ_INT(ca.live_bytes, 0);
    src.bad_shape = 0;
    cfg.n_heads = 5;
    EB_CHECK_STATUS(eb__bert_load(&cfg, NULL, get_tensor, &src, &a, &m), EB_FORMAT_ERROR);
    cfg = small_config(0);
    cfg.pooling = (eb__pooling)7;
    EB_CHECK_STATUS(eb__bert_load(&cfg, NULL, get_tensor, &src, &a, &m), EB_FORMAT_ERROR);
    cfg = small_config(0);
    cfg.max_pos = 0;
    EB_CHECK_STATUS(eb__bert_load(&cfg, NULL, get_tensor, &src, &a, &m), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(eb__bert_load(NULL, NULL, get_tensor, &src, &a, &m), EB_INVALID_ARGUMENT);
    EB_CHECK_EQ_INT(ca.live_bytes, 0);
    /* success: 5 + 16 per layer tensors requested, all memory back after free */
    cfg = small_config(0);
    memset(&src, 0, sizeof src);
    src.cfg = cfg;
    EB_CHECK_STATUS(eb__bert_load(&cfg, NULL, get_tensor, &src, &a, &m), EB_OK);
    EB_CHECK_EQ_INT(src.calls, 5 + 16 * cfg.n_layers);
    eb__bert_free(m);
    EB_CHECK_EQ_INT(ca.live_bytes, 0);
}

/* Scratch grows on demand and is reused: no allocation once the largest call has run. */
static void test_scratch_reuse(void) {
    static const int small[] = { 3, 9 };
    static const int big[] = { 64, 64, 64, 30, 2, 17, 64, 64, 5 };
    eb_test_alloc ca;
    eb_allocator a;
    const eb__bert_config cfg = small_config(0);
    model_src src;
    eb__bert *m = NULL;
    eb__bert_ctx *c = NULL;
    eb__pool *pool = NULL;
    batch b1, b2;
    float *o1, *o1b, *o2;
    long allocs;
    a = eb_test_allocator(&ca);
    memset(&src, 0, sizeof src);
    src.cfg = cfg;
    EB_CHECK_STATUS(eb__bert_load(&cfg, NULL, get_tensor, &src, &a, &m), EB_OK);
    if (!m) return;
    EB_CHECK_STATUS(eb__pool_create(2, &a, &pool), EB_OK);
    EB_CHECK_STATUS(eb__bert_ctx_create(m, pool, 4, &c), EB_OK);
    b1 = make_batch(2, small, cfg.vocab);
    b2 = make_batch(9, big, cfg.vocab);
    o1 = (float *)calloc(2 * 64, sizeof(float)); o1b = (float *)calloc(2 * 64, sizeof(float));
    o2 = (float *)calloc(9 * 64, sizeof(float));
    EB_CHECK_STATUS(eb__bert_forward(c, (const int32_t *const *)b1.ids, b1.lens, 2, EB_CPU_AUTO, o1), EB_OK);
    EB_CHECK_STATUS(eb__bert_forward(c, (const int32_t *const *)b2.ids, b2.lens, 9, EB_CPU_AUTO, o2), EB_OK);
    allocs = ca.allocs;
    EB_CHECK_STATUS(eb__bert_forward(c, (const int32_t *const *)b1.ids, b1.lens, 2, EB_CPU_THROUGHPUT, o1b), EB_OK);
    EB_CHECK_STATUS(eb__bert_forward(c, (const int32_t *const *)b2.ids, b2.lens, 9, EB_CPU_LATENCY, o2), EB_OK);
    EB_CHECK_EQ_INT(ca.allocs, allocs);
    EB_CHECK(!memcmp(o1, o1b, 2 * 64 * sizeof(float)));
    eb__bert_ctx_destroy(c);
    eb__pool_destroy(pool);
    eb__bert_free(m);
    EB_CHECK_EQ_INT(ca.live_bytes, 0);
    free_batch(&b1); free_batch(&b2); free(o1); free(o1b); free(o2);
}

int main(void) {
    EB_RUN(test_against_reference);
    EB_RUN(test_invalid_input);
    EB_RUN(test_load_errors);
    EB_RUN(test_scratch_reuse);
    return eb_test_summary();
}
