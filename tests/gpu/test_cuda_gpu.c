/* CUDA backend on a real GPU (run by scripts/gpu-test.sh on the GPU host; not part of `make
 * test`, which has no GPU): kernel checks against float64 references, the golden set vs
 * sentence-transformers (cosine >= 0.9995 per text in fp16), batch-composition and
 * graph/no-graph agreement, multi-pass batches, a stress run through the batcher with two
 * replicas and many submitters, and the error paths (bad ids, a timed-out pass).
 *   test_cuda_gpu [--short] [--model DIR]     --short: the compute-sanitizer subset
 * Prints "N passed, N failed" last, like every test. */
#define EMBEDBATCH_CUDA
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"
#include "eb_golden.h"

#define DIM 384
static int g_short;
static const char *g_model = "models/all-MiniLM-L6-v2-f16";
static eb_golden g_gold;
static int g_n;              /* golden texts in use (fewer with --short) */
static float *g_ref;          /* each golden text embedded alone through the ids path */

/* ---- helpers ------------------------------------------------------------------------------ */
static uint16_t f2h(float f) {  /* fp32 -> fp16, round to nearest even */
    uint32_t x, sign, m, h, rem, half;
    int e, shift;
    memcpy(&x, &f, 4);
    sign = (x >> 16) & 0x8000u;
    e = (int)((x >> 23) & 0xff) - 127 + 15;
    m = x & 0x7fffffu;
    if (((x >> 23) & 0xff) == 0xff) return (uint16_t)(sign | 0x7c00u | (m ? 0x200u : 0));
    if (e >= 31) return (uint16_t)(sign | 0x7c00u);
    if (e <= 0) {                      /* subnormal: units of 2^-24 */
        if (e < -10) return (uint16_t)sign;
        m |= 0x800000u;
        shift = 14 - e;
        h = m >> shift;
        rem = m & ((1u << shift) - 1);
        half = 1u << (shift - 1);
        if (rem > half || (rem == half && (h & 1))) h++;
        return (uint16_t)(sign | h);
    }
    h = sign | ((uint32_t)e << 10) | (m >> 13);
    rem = m & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1))) h++;
    return (uint16_t)h;
}
static float h2f(uint16_t h) { return eb__f16_to_f32(h); }

static uint64_t g_rng = 0x1234567ull;
static float frand(float lo, float hi) {
    return lo + (hi - lo) * (float)((double)(eb__splitmix64(&g_rng) >> 11) / 9007199254740992.0);
}

static eb__cuda *cuda_of(eb_backend *be) { return (eb__cuda *)be->self; }

static eb_backend *open_cuda(int streams, int tokens, int no_graphs, eb_status *st) {
    eb_cuda_desc d;
    eb_backend *be = NULL;
    memset(&d, 0, sizeof d);
    d.model_dir = g_model;
    d.streams = streams;
    d.max_batch_tokens = tokens;
    d.no_graphs = no_graphs;
    d.no_autotune = g_short;   /* under compute-sanitizer every timing launch is slow */
    *st = eb_backend_cuda(&d, &be);
    if (*st != EB_OK) fprintf(stderr, "  eb_backend_cuda: %s: %s\n", eb_status_str(*st), eb_last_error());
    return be;
}

/* synchronous copies on slot 0's stream (the context must be current) */
static int sync_slot0(eb__cuda *c) {
    eb__cu_result r = c->cu.EventRecord(c->slots[0].done[0], c->slots[0].stream);
    if (!r) r = eb__cuda_wait(c, c->slots[0].done[0]);
    if (r) fprintf(stderr, "  sync failed: %d\n", r);
    return r == 0;
}
static int h2d(eb__cuda *c, eb__cu_ptr d, const void *h, size_t n) {
    return c->cu.MemcpyHtoDAsync(d, h, n, c->slots[0].stream) == 0 && sync_slot0(c);
}
static int d2h(eb__cuda *c, void *h, eb__cu_ptr d, size_t n) {
    return c->cu.MemcpyDtoHAsync(h, d, n, c->slots[0].stream) == 0 && sync_slot0(c);
}

/* ---- kernels vs float64 ------------------------------------------------------------------ */
static double gelu(double x) { return 0.5 * x * (1.0 + erf(x / sqrt(2.0))); }

static void gemm_case(eb__cuda *c, int M, int N, int K, int big, int flags) {
    size_t na = (size_t)M * K, nb = (size_t)N * K, nc = (size_t)(M + 64) * N, i;
    uint16_t *A = (uint16_t *)malloc(na * 2), *B = (uint16_t *)malloc(nb * 2), *R = (uint16_t *)malloc(nc * 2);
    uint16_t *C = (uint16_t *)malloc(nc * 2);
    float *bias = (float *)malloc((size_t)N * 4);
    int32_t in[4];
    eb__cu_ptr dA = 0, dB = 0, dR = 0, dC = 0, dbias = 0, din = 0;
    double err = 0, ref2 = 0;
    int m, n, canary_ok = 1, written = 1;
    for (i = 0; i < na; i++) A[i] = f2h(frand(-1, 1));
    for (i = 0; i < nb; i++) B[i] = f2h(frand(-1, 1) / (float)sqrt((double)K));
    for (i = 0; i < nc; i++) { R[i] = f2h(frand(-1, 1)); C[i] = 0x7e00; /* NaN canary */ }
    for (i = 0; i < (size_t)N; i++) bias[i] = frand(-0.5f, 0.5f);
    in[0] = M; in[1] = 1; in[2] = in[3] = 0;
    if (c->cu.MemAlloc(&dA, na * 2) || c->cu.MemAlloc(&dB, nb * 2) || c->cu.MemAlloc(&dR, nc * 2) ||
        c->cu.MemAlloc(&dC, nc * 2) || c->cu.MemAlloc(&dbias, (size_t)N * 4) || c->cu.MemAlloc(&din, 16)) {
        EB_CHECK_MSG(0, "cuMemAlloc failed");
    } else if (h2d(c, dA, A, na * 2) && h2d(c, dB, B, nb * 2) && h2d(c, dR, R, nc * 2) && h2d(c, dC, C, nc * 2) &&
               h2d(c, dbias, bias, (size_t)N * 4) && h2d(c, din, in, 16)) {
        void *args[9];
        eb__cu_result r;
        eb__cu_ptr res = (flags & 2) ? dR : 0;
        args[0] = &din; args[1] = &dA; args[2] = &dB; args[3] = &dbias; args[4] = &res; args[5] = &dC;
        args[6] = &N; args[7] = &K; args[8] = &flags;
        if (big == 3 || big == 4) {
            int v = big == 3 ? EB__GV_BIG64 : EB__GV_SMALL64;
            r = eb__cuda_launch(c, v, (unsigned)(N / eb__cuda_gv[v][1]), (unsigned)((M + eb__cuda_gv[v][0] - 1) / eb__cuda_gv[v][0]),
                                (unsigned)eb__cuda_gv[v][2], (unsigned)eb__cuda_gv[v][3], c->slots[0].stream, args);
        } else if (big == 2) {
            eb__cu_ptr dg = dbias, db = dbias;   /* gamma = beta = bias: any values do */
            void *la[10];
            la[0] = &din; la[1] = &dA; la[2] = &dB; la[3] = &dbias; la[4] = &dR; la[5] = &dC; la[6] = &K;
            la[7] = &dg; la[8] = &db; la[9] = &c->eps;
            r = eb__cuda_launch(c, EB__CK_GEMM_LN, 1, (unsigned)((M + 63) / 64), 256, EB__CUDA_GEMM_LN_SMEM, c->slots[0].stream, la);
        } else if (big) r = eb__cuda_launch(c, EB__CK_GEMM_BIG, (unsigned)(N / 128), (unsigned)((M + 127) / 128), 256, EB__CUDA_GEMM_BIG_SMEM, c->slots[0].stream, args);
        else r = eb__cuda_launch(c, EB__CK_GEMM_SMALL, (unsigned)(N / 64), (unsigned)((M + 63) / 64), 128, EB__CUDA_GEMM_SMALL_SMEM, c->slots[0].stream, args);
        EB_CHECK_MSG(r == 0, "launch %d", r);
        EB_CHECK(sync_slot0(c) && d2h(c, C, dC, nc * 2));
        for (m = 0; m < M; m++) {
            double row[2048], mean = 0, var = 0;
            for (n = 0; n < N; n++) {
                double acc = bias[n];
                int k;
                for (k = 0; k < K; k++) acc += (double)h2f(A[(size_t)m * K + k]) * h2f(B[(size_t)n * K + k]);
                if (flags & 1) acc = gelu(acc);
                if (flags & 2) acc += h2f(R[(size_t)m * N + n]);
                row[n] = acc;
                mean += acc / N;
            }
            if (big == 3 || big == 4) {
            int v = big == 3 ? EB__GV_BIG64 : EB__GV_SMALL64;
            r = eb__cuda_launch(c, v, (unsigned)(N / eb__cuda_gv[v][1]), (unsigned)((M + eb__cuda_gv[v][0] - 1) / eb__cuda_gv[v][0]),
                                (unsigned)eb__cuda_gv[v][2], (unsigned)eb__cuda_gv[v][3], c->slots[0].stream, args);
        } else if (big == 2) {   /* layer norm with gamma = beta = bias */
                for (n = 0; n < N; n++) var += (row[n] - mean) * (row[n] - mean) / N;
                for (n = 0; n < N; n++) row[n] = (row[n] - mean) / sqrt(var + c->eps) * bias[n] + bias[n];
            }
            for (n = 0; n < N; n++) {
                double got = h2f(C[(size_t)m * N + n]);
                if (got != got) written = 0;
                err += (got - row[n]) * (got - row[n]);
                ref2 += row[n] * row[n];
            }
        }
        for (i = (size_t)M * N; i < nc; i++) canary_ok &= C[i] == 0x7e00;
        err = sqrt(err / (ref2 > 0 ? ref2 : 1));
        fprintf(stderr, "  gemm %-5s M=%-5d N=%-4d K=%-4d flags=%d: rel err %.2e%s%s\n", big == 2 ? "ln" : big == 3 ? "big64" : big == 4 ? "sml64" : big ? "big" : "small", M, N, K, flags, err,
                written ? "" : " UNWRITTEN", canary_ok ? "" : " OUT-OF-BOUNDS WRITE");
        EB_CHECK(written);
        EB_CHECK(canary_ok);
        EB_CHECK(err < 2e-3);
    }
    c->cu.MemFree(dA); c->cu.MemFree(dB); c->cu.MemFree(dR); c->cu.MemFree(dC); c->cu.MemFree(dbias); c->cu.MemFree(din);
    free(A); free(B); free(R); free(C); free(bias);
}

static void attention_case(eb__cuda *c, const int *lens, int n, unsigned grid) {
    const int heads = c->heads, D = c->head_dim, H = heads * D;
    int T = 0, s, h, i, j, d, written = 1;
    int32_t *in;
    uint16_t *qkv, *ctx;
    eb__cu_ptr din = 0, dqkv = 0, dctx = 0;
    double err = 0, ref2 = 0;
    for (s = 0; s < n; s++) T += lens[s];
    in = (int32_t *)calloc((size_t)(4 + T + n + 1 + 2 * c->task_cap), 4);
    qkv = (uint16_t *)malloc((size_t)T * 3 * H * 2);
    ctx = (uint16_t *)malloc((size_t)T * H * 2);
    in[0] = T; in[1] = n;
    for (s = 0, i = 0; s < n; s++) { in[4 + T + s] = i; i += lens[s]; }
    in[4 + T + n] = T;
    in[2] = eb__cuda_attn_tasks(c, in + 4 + T, n, in + 4 + T + n + 1);
    for (i = 0; i < T * 3 * H; i++) qkv[i] = f2h(frand(-2, 2));
    for (i = 0; i < T * H; i++) ctx[i] = 0x7e00;
    if (c->cu.MemAlloc(&din, (size_t)(4 + T + n + 1 + 2 * in[2]) * 4) || c->cu.MemAlloc(&dqkv, (size_t)T * 3 * H * 2) ||
        c->cu.MemAlloc(&dctx, (size_t)T * H * 2)) {
        EB_CHECK_MSG(0, "cuMemAlloc failed");
    } else if (h2d(c, din, in, (size_t)(4 + T + n + 1 + 2 * in[2]) * 4) && h2d(c, dqkv, qkv, (size_t)T * 3 * H * 2) &&
               h2d(c, dctx, ctx, (size_t)T * H * 2)) {
        void *args[5];
        eb__cu_result r;
        args[0] = &din; args[1] = &dqkv; args[2] = &dctx; args[3] = (void *)&c->heads; args[4] = &c->scale_log2;
        r = eb__cuda_launch(c, EB__CK_ATTN, grid, 1, (unsigned)c->attn_block, 0, c->slots[0].stream, args);
        EB_CHECK_MSG(r == 0, "launch %d", r);
        EB_CHECK(sync_slot0(c) && d2h(c, ctx, dctx, (size_t)T * H * 2));
        for (s = 0; s < n; s++) {
            int b0 = in[4 + T + s], L = lens[s];
            for (h = 0; h < heads; h++)
                for (i = 0; i < L; i++) {
                    double *p = (double *)malloc((size_t)L * sizeof(double)), mx = -1e300, sum = 0;
                    for (j = 0; j < L; j++) {
                        double dot = 0;
                        for (d = 0; d < D; d++)
                            dot += (double)h2f(qkv[(size_t)(b0 + i) * 3 * H + h * D + d]) * h2f(qkv[(size_t)(b0 + j) * 3 * H + H + h * D + d]);
                        p[j] = dot / sqrt((double)D);
                        if (p[j] > mx) mx = p[j];
                    }
                    for (j = 0; j < L; j++) { p[j] = exp(p[j] - mx); sum += p[j]; }
                    for (d = 0; d < D; d++) {
                        double o = 0, got = h2f(ctx[(size_t)(b0 + i) * H + h * D + d]);
                        for (j = 0; j < L; j++) o += p[j] / sum * h2f(qkv[(size_t)(b0 + j) * 3 * H + 2 * H + h * D + d]);
                        if (got != got) written = 0;
                        err += (got - o) * (got - o);
                        ref2 += o * o;
                    }
                    free(p);
                }
        }
        err = sqrt(err / (ref2 > 0 ? ref2 : 1));
        fprintf(stderr, "  attention n=%d T=%d tasks=%d grid=%u: rel err %.2e%s\n", n, T, in[2], grid, err, written ? "" : " UNWRITTEN");
        EB_CHECK(written);
        EB_CHECK(err < 3e-3);
    }
    c->cu.MemFree(din); c->cu.MemFree(dqkv); c->cu.MemFree(dctx);
    free(in); free(qkv); free(ctx);
}

static void test_kernels(void) {
    eb_status st;
    eb_backend *be = open_cuda(1, 2048, 1, &st);
    eb__cuda *c;
    eb__cu_context popped;
    static const int lens_a[] = {1, 2, 5, 16, 17, 31, 64, 65, 100, 128, 129, 256};
    static const int lens_b[] = {33, 7, 250};
    EB_CHECK_STATUS(st, EB_OK);
    if (!be) return;
    c = cuda_of(be);
    if (c->cu.CtxPushCurrent(c->ctx)) { EB_CHECK(0); eb_backend_destroy(be); return; }
    gemm_case(c, 300, 1152, 384, 1, 0);
    gemm_case(c, 300, 1152, 384, 0, 0);
    gemm_case(c, 77, 384, 1536, 1, 2);
    gemm_case(c, 77, 384, 1536, 0, 2);
    gemm_case(c, 129, 1536, 384, 1, 1);
    gemm_case(c, 129, 1536, 384, 0, 1);
    gemm_case(c, 1, 384, 384, 0, 2);
    if (c->gv_ok >> EB__GV_BIG64 & 1) { gemm_case(c, 300, 1152, 384, 3, 0); gemm_case(c, 129, 384, 1536, 3, 2); }
    if (c->gv_ok >> EB__GV_SMALL64 & 1) { gemm_case(c, 129, 1536, 384, 4, 1); gemm_case(c, 1, 384, 1536, 4, 2); }
    if (c->fuse_ln) {
        gemm_case(c, 77, 384, 1536, 2, 2);
        gemm_case(c, 200, 384, 384, 2, 2);
        gemm_case(c, 1, 384, 384, 2, 2);
    }
    if (!g_short) {
        attention_case(c, lens_a, (int)(sizeof lens_a / sizeof lens_a[0]), 7);
        attention_case(c, lens_a, (int)(sizeof lens_a / sizeof lens_a[0]), 2112);
    }
    attention_case(c, lens_b, 3, 36);
    {   /* enough short sequences for the warp-per-head mode, a few long ones mixed in */
        int lens_c[120], i;
        for (i = 0; i < 120; i++) lens_c[i] = i % 17 == 5 ? 65 + i : 1 + (int)((i * 37u) % 64u);
        attention_case(c, lens_c, g_short ? 100 : 120, 2112);
    }
    c->cu.CtxPopCurrent(&popped);
    eb_backend_destroy(be);
}

/* ---- the model vs sentence-transformers ----------------------------------------------------- */
static void make_items(eb_batch_item *items, const int *pick, int n) {
    int i;
    for (i = 0; i < n; i++) {
        int k = pick ? pick[i] : i;
        items[i].text = g_gold.text[k];
        items[i].len = g_gold.len[k];
        items[i].ids = g_gold.ids[k];
        items[i].n_tokens = (int)g_gold.nids[k];
    }
}

static eb_status run_batch(eb_backend *be, const eb_batch_item *items, int n, int slot, float *out, char *err, size_t cap) {
    eb_batch b;
    b.n = n; b.items = items; b.dim = DIM; b.slot = slot; b.error = err; b.error_cap = cap;
    err[0] = 0;
    return be->vt->embed(be->self, &b, out);
}

static void cos_stats(const float *a, const float *b, int n, double *mn, double *mean, int *worst) {
    int i;
    *mn = 2; *mean = 0; *worst = -1;
    for (i = 0; i < n; i++) {
        double c = eb_golden_cosine(a + (size_t)i * DIM, b + (size_t)i * DIM, DIM);
        *mean += c / n;
        if (c < *mn) { *mn = c; *worst = i; }
    }
}

static void test_golden(void) {
    eb_status st;
    eb_backend *be = open_cuda(2, 16384, 0, &st);
    int n = g_n, i, worst, mism = 0;
    eb_batch_item *items = (eb_batch_item *)calloc((size_t)n, sizeof *items);
    float *out = (float *)malloc((size_t)n * DIM * 4);
    const char **texts = (const char **)calloc((size_t)n, sizeof(char *));
    size_t *lens = (size_t *)calloc((size_t)n, sizeof(size_t));
    double mn, mean;
    char err[256];
    EB_CHECK_STATUS(st, EB_OK);
    if (be) {
        eb__cuda *c = cuda_of(be);
        fprintf(stderr, "  %s: created in %.0f ms (PTX JIT %.0f ms), graphs %s, GEMMs tuned %s, %.0f MiB device\n", c->name,
                c->create_ms, c->jit_ms, c->graphs ? "on" : "off", c->tuned ? "yes" : "no", (double)c->device_bytes / 1048576.0);
        make_items(items, NULL, n);
        EB_CHECK_STATUS(run_batch(be, items, n, 0, out, err, sizeof err), EB_OK);
        cos_stats(out, g_gold.emb, n, &mn, &mean, &worst);
        printf("GOLDEN ids  %d texts: cosine min %.6f mean %.6f (worst #%d)\n", n, mn, mean, worst);
        fprintf(stderr, "  golden (ids): min %.6f mean %.6f worst #%d\n", mn, mean, worst);
        EB_CHECK(mn >= 0.9995);
        /* the tokenizer path: text -> ids -> vectors */
        for (i = 0; i < n; i++) {
            int32_t ids[600];
            int k = be->vt->tokenize(be->self, g_gold.text[i], g_gold.len[i], ids, 600);
            texts[i] = g_gold.text[i];
            lens[i] = g_gold.len[i];
            if (k != (int)g_gold.nids[i] || memcmp(ids, g_gold.ids[i], (size_t)(k > 0 ? k : 0) * 4)) mism++;
        }
        EB_CHECK_STATUS(eb_backend_embed(be, texts, lens, n, out, DIM), EB_OK);
        cos_stats(out, g_gold.emb, n, &mn, &mean, &worst);
        printf("GOLDEN text %d texts: cosine min %.6f mean %.6f (worst #%d), %d tokenizations differ\n", n, mn, mean, worst, mism);
        fprintf(stderr, "  golden (text): min %.6f mean %.6f, %d tokenizations differ from the reference\n", mn, mean, mism);
        EB_CHECK(mn >= 0.9995);
        EB_CHECK_EQ_INT(mism, 0);
        /* each text alone: the reference for everything below */
        for (i = 0; i < n; i++) EB_CHECK_STATUS(run_batch(be, items + i, 1, i & 1, g_ref + (size_t)i * DIM, err, sizeof err), EB_OK);
        {
            double md = 0;
            make_items(items, NULL, n);
            run_batch(be, items, n, 1, out, err, sizeof err);
            for (i = 0; i < n * DIM; i++) md = EB__MAX(md, fabs((double)out[i] - g_ref[i]));
            fprintf(stderr, "  alone vs in one batch: max |diff| %.3g\n", md);
            EB_CHECK(md < 2e-3);
        }
        eb_backend_destroy(be);
    }
    free(items); free(out); free(texts); free(lens);
}

/* Same vectors without graphs, and with a pass size that splits the batch many times. */
static void check_against_ref(eb_backend *be, int reps, const char *what) {
    int n = (int)g_n * reps, i, worst;
    int *pick = (int *)calloc((size_t)n, sizeof(int));
    eb_batch_item *items = (eb_batch_item *)calloc((size_t)n, sizeof *items);
    float *out = (float *)calloc((size_t)n * DIM, 4), *ref = (float *)calloc((size_t)n * DIM, 4);
    double mn, mean, md = 0;
    char err[256];
    for (i = 0; i < n; i++) {
        pick[i] = (int)((i * 37u) % (unsigned)g_n);
        memcpy(ref + (size_t)i * DIM, g_ref + (size_t)pick[i] * DIM, DIM * 4);
    }
    make_items(items, pick, n);
    EB_CHECK_STATUS(run_batch(be, items, n, 0, out, err, sizeof err), EB_OK);
    cos_stats(out, ref, n, &mn, &mean, &worst);
    for (i = 0; i < n * DIM; i++) md = EB__MAX(md, fabs((double)out[i] - ref[i]));
    fprintf(stderr, "  %s: %d texts, cosine vs alone min %.7f, max |diff| %.3g\n", what, n, mn, md);
    printf("VARIANT %s: cosine vs alone min %.7f, max |diff| %.3g\n", what, mn, md);
    EB_CHECK(mn >= 0.99999);
    free(pick); free(items); free(out); free(ref);
}

static void test_variants(void) {
    eb_status st;
    eb_backend *be = open_cuda(1, 4096, 1, &st);
    EB_CHECK_STATUS(st, EB_OK);
    if (be) { check_against_ref(be, 3, "no graphs, 4096-token passes"); eb_backend_destroy(be); }
    be = open_cuda(1, 512, 0, &st);
    EB_CHECK_STATUS(st, EB_OK);
    if (be) { check_against_ref(be, 5, "graphs, 512-token passes (double-buffered)"); eb_backend_destroy(be); }
    if (g_short) return;
    be = open_cuda(2, 16384, 0, &st);
    EB_CHECK_STATUS(st, EB_OK);
    if (be) {
        fprintf(stderr, "  GEMM+LN fused for full passes: %s\n", cuda_of(be)->fuse_ln ? "yes" : "no");
        check_against_ref(be, 6, "graphs, 16384-token passes (fused GEMM+LN when available)");
        eb_backend_destroy(be);
    }
}

/* ---- many submitters, two replicas, one batcher ---------------------------------------- */
typedef struct stress_arg { eb_batcher *b; int id, iters, bad, fail; } stress_arg;

static void *stress_main(void *p) {
    stress_arg *a = (stress_arg *)p;
    float v[DIM];
    int i;
    for (i = 0; i < a->iters; i++) {
        int k = (int)(((unsigned)a->id * 7919u + (unsigned)i * 104729u) % (unsigned)g_n);
        eb_request_desc rd;
        eb_request *r;
        eb_status s;
        memset(&rd, 0, sizeof rd);
        rd.text = g_gold.text[k];
        rd.len = g_gold.len[k];   /* exact bytes: some golden texts hold NUL bytes */
        rd.out = v;
        rd.out_dim = DIM;
        rd.priority = i % 3;
        r = eb_submit(a->b, &rd);
        s = r ? eb_wait(r, 30 * 1000000LL) : EB_NOMEM;
        if (r) eb_request_free(r);
        if (s != EB_OK) { a->fail++; continue; }
        if (eb_golden_cosine(v, g_ref + (size_t)k * DIM, DIM) < 0.99999) a->bad++;
    }
    return NULL;
}

static void test_stress(void) {
    eb_status st;
    eb_backend *be[2];
    eb_batcher *b = NULL;
    eb_batcher_desc d;
    stress_arg args[48];
    eb__thread th[48];
    eb_stats stats;
    int nt = g_short ? 8 : 48, iters = g_short ? 20 : 400, i, bad = 0, fail = 0;
    double t0, t1;
    be[0] = open_cuda(2, 4096, 0, &st);
    EB_CHECK_STATUS(st, EB_OK);
    be[1] = open_cuda(2, 4096, 0, &st);
    EB_CHECK_STATUS(st, EB_OK);
    if (!be[0] || !be[1]) { if (be[0]) eb_backend_destroy(be[0]); if (be[1]) eb_backend_destroy(be[1]); return; }
    memset(&d, 0, sizeof d);
    d.backends = be;
    d.n_backends = 2;
    d.max_batch_size = 64;
    d.max_batch_tokens = 4096;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    if (!b) { eb_backend_destroy(be[0]); eb_backend_destroy(be[1]); return; }
    t0 = (double)eb_now_us();
    for (i = 0; i < nt; i++) {
        args[i].b = b; args[i].id = i; args[i].iters = iters; args[i].bad = args[i].fail = 0;
        eb__thread_start(&th[i], stress_main, &args[i]);
    }
    for (i = 0; i < nt; i++) { eb__thread_join(&th[i]); bad += args[i].bad; fail += args[i].fail; }
    t1 = (double)eb_now_us();
    eb_batcher_stats(b, &stats);
    fprintf(stderr, "  stress: %d threads x %d requests over 2 replicas in %.2f s: %d failed, %d wrong; %llu batches, mean size %.1f\n",
            nt, iters, (t1 - t0) / 1e6, fail, bad, (unsigned long long)stats.batches, stats.batch_size.mean);
    printf("STRESS %d requests, %d threads, 2 replicas: %d failed, %d wrong, %.0f req/s\n", nt * iters, nt, fail, bad,
           nt * iters / ((t1 - t0) / 1e6));
    EB_CHECK_EQ_INT(fail, 0);
    EB_CHECK_EQ_INT(bad, 0);
    EB_CHECK_EQ_INT((long long)stats.resolved[EB_OK], (long long)nt * iters);
    eb_batcher_destroy(b);
    eb_backend_destroy(be[0]);
    eb_backend_destroy(be[1]);
}

/* ---- error paths ----------------------------------------------------------------------------- */
static void test_errors(void) {
    eb_status st;
    eb_backend *be = open_cuda(1, 2048, 0, &st);
    eb_batch_item items[3];
    int32_t bad_ids[3] = {101, 1 << 30, 102};
    float out[3 * DIM];
    char err[256];
    double t0;
    EB_CHECK_STATUS(st, EB_OK);
    if (!be) return;
    make_items(items, NULL, 3);
    items[1].ids = bad_ids;
    items[1].n_tokens = 3;
    EB_CHECK_STATUS(run_batch(be, items, 3, 0, out, err, sizeof err), EB_INVALID_INPUT);
    EB_CHECK_MSG(strstr(err, "vocabulary") != NULL, "%s", err);
    make_items(items, NULL, 3);
    EB_CHECK_STATUS(run_batch(be, items, 3, 0, out, err, sizeof err), EB_OK);
    EB_CHECK(eb_golden_cosine(out + DIM, g_ref + DIM, DIM) >= 0.99999);
    eb_backend_destroy(be);
    if (g_short) return;

    /* a pass that outlives timeout_us: that batch fails, the backend reports itself dead */
    be = open_cuda(1, 1024, 0, &st);
    EB_CHECK_STATUS(st, EB_OK);
    if (!be) return;
    {
        int n = g_n;
        eb_batch_item *all = (eb_batch_item *)calloc((size_t)n, sizeof *all);
        float *o = (float *)malloc((size_t)n * DIM * 4);
        make_items(all, NULL, n);
        cuda_of(be)->d.timeout_us = 1;
        cuda_of(be)->d.spin_us = 0;
        EB_CHECK_STATUS(run_batch(be, all, n, 0, o, err, sizeof err), EB_BACKEND_ERROR);
        EB_CHECK_MSG(strstr(err, "timed out") != NULL, "%s", err);
        t0 = (double)eb_now_us();
        EB_CHECK_STATUS(run_batch(be, all, 1, 0, o, err, sizeof err), EB_BACKEND_ERROR);
        EB_CHECK_MSG(strstr(err, "dead") != NULL, "%s", err);
        EB_CHECK((double)eb_now_us() - t0 < 100000);
        fprintf(stderr, "  after a timeout: %s\n", err);
        eb_backend_destroy(be);   /* leaks the device side by design; must not hang */
        free(all); free(o);
    }
}

int main(int argc, char **argv) {
    int i;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--short")) g_short = 1;
        else if (!strcmp(argv[i], "--model") && i + 1 < argc) g_model = argv[++i];
    }
    if (eb_golden_load(&g_gold, "all-MiniLM-L6-v2", 0, DIM)) { printf("0 passed, 1 failed\n"); return 1; }
    g_n = g_short && g_gold.n > 24 ? 24 : (int)g_gold.n;  /* sanitizer runs are slow */
    g_ref = (float *)calloc((size_t)g_n * DIM, 4);
    EB_RUN(test_kernels);
    EB_RUN(test_golden);
    EB_RUN(test_variants);
    EB_RUN(test_stress);
    EB_RUN(test_errors);
    free(g_ref);
    eb_golden_free(&g_gold);
    return eb_test_summary();
}
