/* Kernel sets: every set this CPU runs is checked against float64 references (and the
 * SIMD sets against the scalar set) on random inputs, with the error bounds below. Sets the
 * CPU or build lacks are listed as skipped. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"

/* Stated bounds (float32 ulp is 6e-8 relative). */
#define BOUND_EXP_REL 3e-7      /* exp vs libm exp, x in [-87, 88] */
#define BOUND_ERF_REL 2.5e-7    /* erf vs libm erf, relative (absolute 1e-44 when subnormal) */
#define BOUND_GELU 3e-7         /* |gelu - ref| / max(|x|, 1) */
#define BOUND_GEMM 4e-7         /* |y - ref| / (sum_k |x w| + |b| + |res|), scaled by sqrt(K) */
#define BOUND_LN 1e-6           /* layer norm output, absolute (outputs are O(1), mean 3) */
#define BOUND_SOFTMAX 4e-6      /* relative per element; scaled scores span up to 20, and
                                   float rounding of (x - max) * scale alone gives 2.4e-6 */
#define BOUND_L2 1e-6           /* absolute on unit-norm output */
#define BOUND_ATTN 2e-6         /* |ctx - ref| / max |v| */

static const eb__kernels *g_sets[4];
static int g_nsets;
static uint64_t g_rng = 12345;

static float frand(float lo, float hi) {
    return lo + (hi - lo) * (float)((eb__splitmix64(&g_rng) >> 11) * (1.0 / 9007199254740992.0));
}

static void fill(float *p, size_t n, float lo, float hi) {
    size_t i;
    for (i = 0; i < n; i++) p[i] = frand(lo, hi);
}

static float *falloc(size_t n) { return (float *)calloc(n ? n : 1, sizeof(float)); }

static double gelu_d(double x) { return 0.5 * x * (1.0 + erf(x / sqrt(2.0))); }

static void test_dispatch(void) {
    static const eb_isa isas[] = { EB_ISA_SCALAR, EB_ISA_AVX2, EB_ISA_AVX512, EB_ISA_NEON };
    const eb__kernels *k = NULL;
    size_t i;
    unsigned f = eb__cpu_features();
    printf("cpu features: %s%s%s%s%s\n", (f & EB__CPU_AVX2) ? "avx2 " : "", (f & EB__CPU_FMA) ? "fma " : "",
           (f & EB__CPU_AVX512F) ? "avx512f " : "", (f & EB__CPU_AVX512BW) ? "avx512bw " : "",
           (f & EB__CPU_NEON) ? "neon " : "");
    for (i = 0; i < sizeof isas / sizeof isas[0]; i++) {
        const eb__kernels *s = eb__kernels_for(isas[i]);
        if (s) {
            EB_CHECK(s->isa == isas[i]);
            EB_CHECK(s->mr >= 1 && s->mr <= EB__MR_MAX && s->nr >= 1 && s->nr <= EB__NR_MAX);
            EB_CHECK(s->mc % s->mr == 0);
            g_sets[g_nsets++] = s;
            EB_CHECK_STATUS(eb__kernels_select(isas[i], &k), EB_OK);
            EB_CHECK(k == s);
            printf("isa %-7s RUN     (tile %dx%d)\n", eb__isa_name(isas[i]), s->mr, s->nr);
        } else {
            EB_CHECK_STATUS(eb__kernels_select(isas[i], &k), EB_UNAVAILABLE);
            EB_CHECK(k == eb__kernels_best());
            EB_CHECK(strstr(eb_last_error(), eb__isa_name(isas[i])) != NULL);
            printf("isa %-7s SKIPPED (%s)\n", eb__isa_name(isas[i]), eb_last_error());
        }
    }
    EB_CHECK_STATUS(eb__kernels_select(EB_ISA_AUTO, &k), EB_OK);
    EB_CHECK(k == eb__kernels_best());
    printf("auto picks: %s\n", k->name);
    EB_CHECK_STATUS(eb__kernels_select((eb_isa)77, &k), EB_INVALID_ARGUMENT);
    EB_CHECK(k != NULL);
#if defined(__x86_64__) && !defined(EMBEDBATCH_NO_SIMD)
    if ((f & (EB__CPU_AVX2 | EB__CPU_FMA)) == (EB__CPU_AVX2 | EB__CPU_FMA)) EB_CHECK(eb__kernels_for(EB_ISA_AVX2) != NULL);
#endif
    EB_CHECK(g_nsets >= 1 && g_sets[0]->isa == EB_ISA_SCALAR);
}

static void test_exp(void) {
    const size_t n = (size_t)eb_test_scaled(400000);
    float *x = falloc(n), *y = falloc(n);
    int s;
    size_t i;
    for (i = 0; i < n; i++) x[i] = -87.0f + 175.0f * (float)i / (float)(n - 1);
    x[0] = 0.0f; x[1] = -0.0f; x[2] = 1e-30f; x[3] = -1e-7f;
    for (s = 0; s < g_nsets; s++) {
        double worst = 0;
        memcpy(y, x, n * sizeof(float));
        g_sets[s]->exp(y, n);
        for (i = 0; i < n; i++) {
            const double ref = exp((double)x[i]), e = fabs(y[i] - ref) / ref;
            if (e > worst) worst = e;
        }
        printf("  %-7s exp max rel err %.3g (bound %.3g)\n", g_sets[s]->name, worst, BOUND_EXP_REL);
        EB_CHECK(worst <= BOUND_EXP_REL);
    }
    free(x); free(y);
}

static void test_erf(void) {
    const size_t n = (size_t)eb_test_scaled(600000) + 8;
    float *x = falloc(n), *y = falloc(n);
    int s;
    size_t i;
    for (i = 0; i < n / 2; i++) x[i] = -6.0f + 12.0f * (float)i / (float)(n / 2 - 1);
    for (; i < n; i++) x[i] = frand(-1.2f, 1.2f) * powf(10.0f, frand(-30.0f, 0.0f));
    x[0] = 0.0f; x[1] = -0.0f; x[2] = 1.0f; x[3] = -1.0f; x[4] = 3.93f; x[5] = -3.93f; x[6] = 100.0f; x[7] = -1e20f;
    for (s = 0; s < g_nsets; s++) {
        double worst = 0;
        memcpy(y, x, n * sizeof(float));
        g_sets[s]->erf(y, n);
        for (i = 0; i < n; i++) {
            const double ref = erf((double)x[i]);
            if (fabs(ref) > 1e-37) {
                const double e = fabs(y[i] - ref) / fabs(ref);
                if (e > worst) worst = e;
            } else if (fabs(y[i] - ref) > 1e-44) {
                worst = 1;   /* subnormal results: absolute error only */
            }
        }
        printf("  %-7s erf max rel err %.3g (bound %.3g)\n", g_sets[s]->name, worst, BOUND_ERF_REL);
        EB_CHECK(worst <= BOUND_ERF_REL);
    }
    free(x); free(y);
}

/* Epilogue: GELU against float64, bias/residual bitwise against the scalar set. */
static void test_epilogue(void) {
    const int n = 200000;
    float *x = falloc((size_t)n), *y = falloc((size_t)n), *b = falloc(64), *r = falloc(64), *y0 = falloc(64), *y1 = falloc(64);
    int s, i, len, gelu;
    for (i = 0; i < n; i++) x[i] = -12.0f + 24.0f * (float)i / (float)(n - 1);
    for (s = 0; s < g_nsets; s++) {
        double worst = 0;
        memcpy(y, x, (size_t)n * sizeof(float));
        g_sets[s]->epilogue(y, n, NULL, NULL, 1);
        for (i = 0; i < n; i++) {
            const double e = fabs(y[i] - gelu_d(x[i])) / EB__MAX(fabs((double)x[i]), 1.0);
            if (e > worst) worst = e;
        }
        printf("  %-7s gelu max err/max(|x|,1) %.3g (bound %.3g)\n", g_sets[s]->name, worst, BOUND_GELU);
        EB_CHECK(worst <= BOUND_GELU);
        for (gelu = 0; gelu < 2; gelu++)
            for (len = 1; len <= 40; len++) {
                fill(y0, 64, -3, 3); fill(b, 64, -1, 1); fill(r, 64, -1, 1);
                y0[len] = 1234.0f;            /* past the end: must stay */
                memcpy(y1, y0, 64 * sizeof(float));
                g_sets[0]->epilogue(y0, len, b, r, gelu);
                g_sets[s]->epilogue(y1, len, b, r, gelu);
                EB_CHECK(y1[len] == 1234.0f);
                for (i = 0; i < len; i++) {
                    if (!gelu) EB_CHECK(y0[i] == y1[i]);
                    else EB_CHECK(fabs(y0[i] - y1[i]) <= 2 * BOUND_GELU * EB__MAX(fabs(y0[i]), 1.0));
                }
            }
    }
    free(x); free(y); free(b); free(r); free(y0); free(y1);
}

static void test_rows(void) {
    static const int sizes[] = { 1, 2, 3, 7, 8, 9, 16, 17, 31, 40, 64, 100, 257, 384, 385 };
    float x[400], y[400], g[400], b[400];
    double ref[400];
    int s, si, j, rep;
    for (s = 0; s < g_nsets; s++) {
        double wl = 0, ws = 0, w2 = 0;
        for (si = 0; si < (int)(sizeof sizes / sizeof sizes[0]); si++)
            for (rep = 0; rep < 20; rep++) {
                const int n = sizes[si];
                double mean = 0, var = 0, mx = -1e300, sum = 0, ss = 0;
                const float scale = frand(0.05f, 1.0f);
                /* layer norm: offset inputs exercise the mean subtraction */
                fill(x, 400, -2.0f, 2.0f); fill(g, 400, 0.5f, 1.5f); fill(b, 400, -0.5f, 0.5f);
                for (j = 0; j < n; j++) x[j] += 3.0f;
                memcpy(y, x, sizeof x);
                y[n] = 777.0f;
                g_sets[s]->layernorm(y, n, g, b, 1e-12f);
                EB_CHECK(y[n] == 777.0f);
                for (j = 0; j < n; j++) mean += x[j];
                mean /= n;
                for (j = 0; j < n; j++) var += (x[j] - mean) * (x[j] - mean);
                var /= n;
                for (j = 0; j < n; j++) {
                    const double e = fabs(y[j] - ((x[j] - mean) / sqrt(var + 1e-12) * g[j] + b[j]));
                    if (e > wl) wl = e;
                }
                /* softmax */
                fill(x, 400, -10.0f, 10.0f);
                memcpy(y, x, sizeof x);
                y[n] = 777.0f;
                g_sets[s]->softmax(y, n, scale);
                EB_CHECK(y[n] == 777.0f);
                for (j = 0; j < n; j++) mx = EB__MAX(mx, (double)x[j]);
                for (j = 0; j < n; j++) { ref[j] = exp((x[j] - mx) * scale); sum += ref[j]; }
                for (j = 0; j < n; j++) {
                    const double e = fabs(y[j] - ref[j] / sum) / (ref[j] / sum);
                    if (e > ws) ws = e;
                }
                /* L2 norm */
                fill(x, 400, -5.0f, 5.0f);
                memcpy(y, x, sizeof x);
                y[n] = 777.0f;
                g_sets[s]->l2norm(y, n);
                EB_CHECK(y[n] == 777.0f);
                for (j = 0; j < n; j++) ss += (double)x[j] * x[j];
                for (j = 0; j < n; j++) {
                    const double e = fabs(y[j] - x[j] / sqrt(ss));
                    if (e > w2) w2 = e;
                }
            }
        printf("  %-7s layernorm max abs err %.3g (bound %.3g), softmax max rel err %.3g (bound %.3g), "
               "l2 max abs err %.3g (bound %.3g)\n", g_sets[s]->name, wl, BOUND_LN, ws, BOUND_SOFTMAX, w2, BOUND_L2);
        EB_CHECK(wl <= BOUND_LN);
        EB_CHECK(ws <= BOUND_SOFTMAX);
        EB_CHECK(w2 <= BOUND_L2);
        /* zero vector stays zero; constant row normalises to the bias */
        memset(y, 0, sizeof y);
        g_sets[s]->l2norm(y, 33);
        for (j = 0; j < 33; j++) EB_CHECK(y[j] == 0.0f);
        for (j = 0; j < 33; j++) y[j] = 2.5f;
        g_sets[s]->layernorm(y, 33, g, b, 1e-12f);
        for (j = 0; j < 33; j++) EB_CHECK(fabs(y[j] - b[j]) < 1e-6);
    }
}

/* Reference y = epi(x W^T) in float64 and the error scale per element. */
static void gemm_ref(const float *x, const float *w, const float *bias, const float *res, int gelu, int M, int N,
                     int K, double *ref, double *scale) {
    int i, n, k;
    for (i = 0; i < M; i++)
        for (n = 0; n < N; n++) {
            double acc = 0, mag = 0;
            for (k = 0; k < K; k++) {
                acc += (double)x[(size_t)i * K + k] * w[(size_t)n * K + k];
                mag += fabs((double)x[(size_t)i * K + k] * w[(size_t)n * K + k]);
            }
            if (bias) { acc += bias[n]; mag += fabs(bias[n]); }
            if (gelu) acc = gelu_d(acc);
            if (res) { acc += res[(size_t)i * N + n]; mag += fabs(res[(size_t)i * N + n]); }
            ref[(size_t)i * N + n] = acc;
            scale[(size_t)i * N + n] = (mag + 1e-30) * sqrt((double)K);
        }
}

static void test_gemm(void) {
    /* M, N, K: tails in every dimension, several row blocks, several K chunks */
    static const int shapes[][3] = {
        { 1, 16, 1 }, { 1, 1, 5 }, { 3, 13, 7 }, { 7, 32, 33 }, { 13, 45, 64 }, { 25, 100, 129 },
        { 40, 96, 384 }, { 77, 61, 400 }, { 100, 33, 777 }, { 150, 64, 97 }, { 6, 1152, 384 }
    };
    int s, si, epi;
    double worst_all[4] = { 0, 0, 0, 0 };
    for (si = 0; si < (int)(sizeof shapes / sizeof shapes[0]); si++) {
        const int M = shapes[si][0], N = shapes[si][1], K = shapes[si][2];
        float *x = falloc((size_t)M * K), *w = falloc((size_t)N * K), *bias = falloc((size_t)N);
        float *res = falloc((size_t)M * N), *y = falloc((size_t)M * N + 1), *y0 = falloc((size_t)M * N), *yp = falloc((size_t)M * N);
        double *ref = (double *)calloc((size_t)M * N, sizeof(double)), *sc = (double *)calloc((size_t)M * N, sizeof(double));
        fill(x, (size_t)M * K, -1, 1); fill(w, (size_t)N * K, -1, 1); fill(bias, (size_t)N, -1, 1);
        fill(res, (size_t)M * N, -2, 2);
        for (epi = 0; epi < 5; epi++) {
            /* 0 plain, 1 bias, 2 bias+gelu, 3 bias+res, 4 gelu without bias */
            const float *b = (epi == 1 || epi == 2 || epi == 3) ? bias : NULL;
            const float *r = epi == 3 ? res : NULL;
            const int gl = epi == 2 || epi == 4;
            gemm_ref(x, w, b, r, gl, M, N, K, ref, sc);
            for (s = 0; s < g_nsets; s++) {
                const eb__kernels *k = g_sets[s];
                eb__pw pw;
                eb__gemm g;
                double worst = 0;
                size_t i;
                int m0, p0;
                EB_CHECK_STATUS(eb__pw_pack(&pw, w, b, N, K, k->nr, NULL), EB_OK);
                g.x = x; g.ldx = (size_t)K; g.w = &pw; g.y = y; g.ldy = (size_t)N; g.res = r; g.ldr = (size_t)N;
                g.m = M; g.gelu = gl;
                y[(size_t)M * N] = 4321.0f;
                eb__gemm_run(k, &g, 0, M, 0, pw.np);
                EB_CHECK(y[(size_t)M * N] == 4321.0f);
                for (i = 0; i < (size_t)M * N; i++) {
                    const double e = fabs(y[i] - ref[i]) / sc[i];
                    if (e > worst) worst = e;
                }
                if (worst > worst_all[s]) worst_all[s] = worst;
                EB_CHECK_MSG(worst <= BOUND_GEMM, "%s M=%d N=%d K=%d epi=%d err %.3g", k->name, M, N, K, epi, worst);
                if (s == 0) memcpy(y0, y, (size_t)M * N * sizeof(float));
                else
                    for (i = 0; i < (size_t)M * N; i++)
                        EB_CHECK(fabs(y[i] - y0[i]) <= 2 * BOUND_GEMM * sc[i]);
                /* the same product cut into odd row ranges and single panels: bitwise equal */
                memset(yp, 0, (size_t)M * N * sizeof(float));
                g.y = yp;
                for (m0 = 0; m0 < M; m0 += 5)
                    for (p0 = 0; p0 < pw.np; p0++) eb__gemm_run(k, &g, m0, EB__MIN(m0 + 5, M), p0, p0 + 1);
                EB_CHECK(memcmp(yp, y, (size_t)M * N * sizeof(float)) == 0);
                eb__pw_free(&pw, NULL);
            }
        }
        free(x); free(w); free(bias); free(res); free(y); free(y0); free(yp); free(ref); free(sc);
    }
    for (s = 0; s < g_nsets; s++)
        printf("  %-7s gemm max err / (sum|xw| sqrt(K)) %.3g (bound %.3g)\n", g_sets[s]->name, worst_all[s], BOUND_GEMM);
}

/* The tile alone: every height, strided B, accumulate. */
static void test_tile(void) {
    int s, mr, kc, acc;
    for (s = 0; s < g_nsets; s++) {
        const eb__kernels *k = g_sets[s];
        const size_t lda = 41, ldb = (size_t)k->nr + 3, ldc = (size_t)k->nr + 5;
        float a[EB__MR_MAX * 41], b[40 * (EB__NR_MAX + 3)], c[EB__MR_MAX * (EB__NR_MAX + 5)], c0[EB__MR_MAX * (EB__NR_MAX + 5)];
        for (mr = 1; mr <= k->mr; mr++)
            for (kc = 0; kc <= 40; kc += 13)
                for (acc = 0; acc < 2; acc++) {
                    int r, j, kk, ok = 1;
                    fill(a, sizeof a / sizeof a[0], -1, 1); fill(b, sizeof b / sizeof b[0], -1, 1);
                    fill(c0, sizeof c0 / sizeof c0[0], -1, 1);
                    memcpy(c, c0, sizeof c);
                    k->tile(mr, kc, a, lda, b, ldb, c, ldc, acc);
                    for (r = 0; r < k->mr; r++)
                        for (j = 0; j < (int)ldc; j++) {
                            double ref = acc ? c0[r * ldc + j] : 0;
                            if (r >= mr || j >= k->nr) { ok &= c[r * ldc + j] == c0[r * ldc + j]; continue; }
                            for (kk = 0; kk < kc; kk++) ref += (double)a[r * lda + kk] * b[kk * ldb + j];
                            ok &= fabs(c[r * ldc + j] - ref) <= 1e-5;
                        }
                    EB_CHECK_MSG(ok, "%s tile mr=%d kc=%d acc=%d", k->name, mr, kc, acc);
                }
    }
}

static void attn_ref(const float *qkv, size_t ldq, int len, int hidden, int head, int dh, double *out) {
    double *p = (double *)calloc((size_t)len, sizeof(double));
    int i, j, d;
    for (i = 0; i < len; i++) {
        double mx = -1e300, sum = 0;
        for (j = 0; j < len; j++) {
            double sdot = 0;
            for (d = 0; d < dh; d++)
                sdot += (double)qkv[i * ldq + head * dh + d] * qkv[j * ldq + hidden + head * dh + d];
            p[j] = sdot / sqrt((double)dh);
            if (p[j] > mx) mx = p[j];
        }
        for (j = 0; j < len; j++) { p[j] = exp(p[j] - mx); sum += p[j]; }
        for (d = 0; d < dh; d++) {
            double acc = 0;
            for (j = 0; j < len; j++) acc += p[j] / sum * qkv[j * ldq + 2 * hidden + head * dh + d];
            out[i * dh + d] = acc;
        }
    }
    free(p);
}

static void test_attention(void) {
    static const int lens[] = { 1, 2, 5, 17, 40, 77, 130 };
    static const int dims[][2] = { { 64, 2 }, { 48, 2 }, { 96, 3 }, { 384, 12 } };  /* hidden, heads */
    int s, li, di, h;
    for (s = 0; s < g_nsets; s++) {
        const eb__kernels *k = g_sets[s];
        double worst = 0;
        for (di = 0; di < 4; di++)
            for (li = 0; li < 7; li++) {
                const int H = dims[di][0], heads = dims[di][1], dh = H / heads, len = lens[li];
                const size_t ldq = 3 * (size_t)H + 7, ldo = (size_t)H + 3;
                float *qkv = falloc(ldq * len), *out = falloc(ldo * len);
                float *scr = falloc(eb__attention_scratch(k, len, dh));
                double *ref = (double *)calloc((size_t)len * dh, sizeof(double));
                int i, d;
                fill(qkv, ldq * len, -2, 2);
                for (i = 0; i < (int)(ldo * len); i++) out[i] = 999.0f;
                for (h = 0; h < heads; h++) {
                    eb__attention(k, qkv, ldq, len, H, h, dh, 1.0f / sqrtf((float)dh), out, ldo, scr);
                    attn_ref(qkv, ldq, len, H, h, dh, ref);
                    for (i = 0; i < len; i++)
                        for (d = 0; d < dh; d++) {
                            const double e = fabs(out[i * ldo + h * dh + d] - ref[i * dh + d]) / 2.0;
                            if (e > worst) worst = e;
                        }
                }
                for (i = 0; i < len; i++)
                    for (d = H; d < (int)ldo; d++) EB_CHECK(out[i * ldo + d] == 999.0f);
                free(qkv); free(out); free(scr); free(ref);
            }
        printf("  %-7s attention max err / max|v| %.3g (bound %.3g)\n", k->name, worst, BOUND_ATTN);
        EB_CHECK(worst <= BOUND_ATTN);
    }
}

static void test_pack(void) {
    float w[5 * 3] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 }, b[5] = { 1, 2, 3, 4, 5 };
    eb__pw pw;
    int j, kk;
    EB_CHECK_STATUS(eb__pw_pack(&pw, w, b, 5, 3, 4, NULL), EB_OK);
    EB_CHECK_EQ_INT(pw.np, 2);
    for (j = 0; j < 8; j++)
        for (kk = 0; kk < 3; kk++)
            EB_CHECK(pw.data[(j / 4) * 3 * 4 + kk * 4 + j % 4] == (j < 5 ? w[j * 3 + kk] : 0.0f));
    for (j = 0; j < 8; j++) EB_CHECK(pw.bias[j] == (j < 5 ? b[j] : 0.0f));
    eb__pw_free(&pw, NULL);
    EB_CHECK(pw.data == NULL);
    EB_CHECK_STATUS(eb__pw_pack(&pw, w, b, 0, 3, 4, NULL), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb__pw_pack(&pw, w, b, 5, 3, EB__NR_MAX + 1, NULL), EB_INVALID_ARGUMENT);
}

int main(void) {
    EB_RUN(test_dispatch);
    EB_RUN(test_pack);
    EB_RUN(test_exp);
    EB_RUN(test_erf);
    EB_RUN(test_epilogue);
    EB_RUN(test_rows);
    EB_RUN(test_tile);
    EB_RUN(test_gemm);
    EB_RUN(test_attention);
    return eb_test_summary();
}
