/* =====================================================================================
 *  KERNELS: NEON
 *  AArch64 only (NEON is baseline there). Tile 6 x 16: 24 q-register accumulators, FMLA by
 *  scalar. Tails go through a small padded buffer.
 * ===================================================================================== */
#ifdef EB__KERNELS_NEON
#include <arm_neon.h>

#define EB__NEON_INLINE static inline __attribute__((unused, always_inline))
#define EB__NEON_MR 6
#define EB__NEON_NR 16

EB__NEON_INLINE float32x4_t eb__neon_poly(float32x4_t x, const float *c, int n) {
    float32x4_t p = vdupq_n_f32(c[0]);
    int i;
    EB__UNROLL
    for (i = 1; i < n; i++) p = vfmaq_f32(vdupq_n_f32(c[i]), p, x);
    return p;
}

EB__NEON_INLINE float32x4_t eb__neon_exp(float32x4_t x) {
    float32x4_t n, r, p;
    int32x4_t e;
    x = vminq_f32(vmaxq_f32(x, vdupq_n_f32(EB__EXP_MIN)), vdupq_n_f32(EB__EXP_MAX));
    n = vrndnq_f32(vmulq_n_f32(x, EB__LOG2E));
    r = vfmsq_f32(x, n, vdupq_n_f32(EB__LN2_HI));
    r = vfmsq_f32(r, n, vdupq_n_f32(EB__LN2_LO));
    p = eb__neon_poly(r, eb__exp_poly, 7);
    e = vshlq_n_s32(vaddq_s32(vcvtq_s32_f32(n), vdupq_n_s32(127)), 23);
    return vmulq_f32(p, vreinterpretq_f32_s32(e));
}

EB__NEON_INLINE float32x4_t eb__neon_erf_small(float32x4_t x) {
    const float32x4_t t = vmulq_f32(x, x);
    return vmulq_f32(x, eb__neon_poly(t, eb__erf_poly, 7));
}

EB__NEON_INLINE float32x4_t eb__neon_erfc_big(float32x4_t z) {
    const float32x4_t zc = vminq_f32(z, vdupq_n_f32(EB__ERF_CUT));
    const float32x4_t u = vsubq_f32(zc, vdupq_n_f32(2.5f));
    const float32x4_t e = eb__neon_exp(vnegq_f32(vmulq_f32(zc, zc)));
    const float32x4_t p = vmulq_f32(eb__neon_poly(u, eb__erfc_poly, 13), e);
    return vreinterpretq_f32_u32(vandq_u32(vreinterpretq_u32_f32(p), vcltq_f32(z, vdupq_n_f32(EB__ERF_CUT))));
}

EB__NEON_INLINE float32x4_t eb__neon_erf(float32x4_t x) {
    const float32x4_t ax = vabsq_f32(x);
    const uint32x4_t sign = vandq_u32(vreinterpretq_u32_f32(x), vdupq_n_u32(0x80000000u));
    const float32x4_t big = vreinterpretq_f32_u32(vorrq_u32(
        vreinterpretq_u32_f32(vsubq_f32(vdupq_n_f32(1.0f), eb__neon_erfc_big(ax))), sign));
    return vbslq_f32(vcltq_f32(ax, vdupq_n_f32(EB__ERF_SPLIT)), eb__neon_erf_small(x), big);
}

EB__NEON_INLINE float32x4_t eb__neon_gelu(float32x4_t x) {
    const float32x4_t u = vmulq_n_f32(x, EB__SQRT1_2);
    const float32x4_t au = vabsq_f32(u);
    const float32x4_t q = eb__neon_erfc_big(au);
    const float32x4_t big = vbslq_f32(vcgeq_f32(u, vdupq_n_f32(0.0f)), vsubq_f32(vdupq_n_f32(2.0f), q), q);
    const float32x4_t small = vaddq_f32(vdupq_n_f32(1.0f), eb__neon_erf_small(u));
    const float32x4_t s = vbslq_f32(vcltq_f32(au, vdupq_n_f32(EB__ERF_SPLIT)), small, big);
    return vmulq_f32(vmulq_n_f32(x, 0.5f), s);
}

/* ---- GEMM tile ----------------------------------------------------------------------- */
#define EB__NEON_LD(r) if (MR > r) { c##r##0 = vld1q_f32(c + r * ldc); c##r##1 = vld1q_f32(c + r * ldc + 4); \
    c##r##2 = vld1q_f32(c + r * ldc + 8); c##r##3 = vld1q_f32(c + r * ldc + 12); }
#define EB__NEON_ST(r) if (MR > r) { vst1q_f32(c + r * ldc, c##r##0); vst1q_f32(c + r * ldc + 4, c##r##1); \
    vst1q_f32(c + r * ldc + 8, c##r##2); vst1q_f32(c + r * ldc + 12, c##r##3); }
#define EB__NEON_FMA(r) if (MR > r) { const float t = a##r[k]; \
    c##r##0 = vfmaq_n_f32(c##r##0, b0, t); c##r##1 = vfmaq_n_f32(c##r##1, b1, t); \
    c##r##2 = vfmaq_n_f32(c##r##2, b2, t); c##r##3 = vfmaq_n_f32(c##r##3, b3, t); }
#define EB__NEON_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5)

EB__NEON_INLINE void eb__neon_tile_rows(const int MR, int kc, const float *a, size_t lda, const float *b,
                                        size_t ldb, float *c, size_t ldc, int accumulate) {
    float32x4_t c00 = vdupq_n_f32(0.0f), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    float32x4_t c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    float32x4_t c40 = c00, c41 = c00, c42 = c00, c43 = c00, c50 = c00, c51 = c00, c52 = c00, c53 = c00;
    const float *a0 = a, *a1 = a + lda * (MR > 1), *a2 = a + 2 * lda * (MR > 2);
    const float *a3 = a + 3 * lda * (MR > 3), *a4 = a + 4 * lda * (MR > 4), *a5 = a + 5 * lda * (MR > 5);
    int k;
    if (accumulate) { EB__NEON_ROWS(EB__NEON_LD) }
    for (k = 0; k < kc; k++, b += ldb) {
        const float32x4_t b0 = vld1q_f32(b), b1 = vld1q_f32(b + 4), b2 = vld1q_f32(b + 8), b3 = vld1q_f32(b + 12);
        EB__NEON_ROWS(EB__NEON_FMA)
    }
    EB__NEON_ROWS(EB__NEON_ST)
}

static void eb__neon_tile(int mr, int kc, const float *a, size_t lda, const float *b, size_t ldb,
                          float *c, size_t ldc, int accumulate) {
    switch (mr) {
    case 6: eb__neon_tile_rows(6, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 5: eb__neon_tile_rows(5, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 4: eb__neon_tile_rows(4, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 3: eb__neon_tile_rows(3, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 2: eb__neon_tile_rows(2, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    default: eb__neon_tile_rows(1, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    }
}

/* ---- row kernels: full vectors in place, a tail of 1..3 through a padded buffer ------- */
EB__NEON_INLINE float32x4_t eb__neon_load_tail(const float *x, int r, float pad) {
    float buf[4];
    int i;
    for (i = 0; i < 4; i++) buf[i] = i < r ? x[i] : pad;
    return vld1q_f32(buf);
}

EB__NEON_INLINE void eb__neon_store_tail(float *x, int r, float32x4_t v) {
    float buf[4];
    int i;
    vst1q_f32(buf, v);
    for (i = 0; i < r; i++) x[i] = buf[i];
}

EB__NEON_INLINE float32x4_t eb__neon_ld(const float *x, int r, float pad) {
    return r >= 4 ? vld1q_f32(x) : eb__neon_load_tail(x, r, pad);
}

EB__NEON_INLINE void eb__neon_st(float *x, int r, float32x4_t v) {
    if (r >= 4) vst1q_f32(x, v); else eb__neon_store_tail(x, r, v);
}

static void eb__neon_epilogue(float *y, int n, const float *bias, const float *res, int gelu) {
    int j;
    for (j = 0; j < n; j += 4) {
        const int r = n - j;
        float32x4_t v = eb__neon_ld(y + j, r, 0.0f);
        if (bias) v = vaddq_f32(v, eb__neon_ld(bias + j, r, 0.0f));
        if (gelu) v = eb__neon_gelu(v);
        if (res) v = vaddq_f32(v, eb__neon_ld(res + j, r, 0.0f));
        eb__neon_st(y + j, r, v);
    }
}

static void eb__neon_layernorm(float *x, int n, const float *g, const float *b, float eps) {
    float32x4_t s = vdupq_n_f32(0.0f), s2 = s, mean, rstd;
    float mu, c;
    int j;
    for (j = 0; j < n; j += 4) s = vaddq_f32(s, eb__neon_ld(x + j, n - j, 0.0f));
    mu = vaddvq_f32(s) / (float)n;
    mean = vdupq_n_f32(mu);
    s = vdupq_n_f32(0.0f);
    for (j = 0; j < n; j += 4) {   /* corrected two-pass; pad = mean gives d = 0 */
        const float32x4_t d = vsubq_f32(eb__neon_ld(x + j, n - j, mu), mean);
        s = vaddq_f32(s, d);
        s2 = vfmaq_f32(s2, d, d);
    }
    c = vaddvq_f32(s) / (float)n;
    rstd = vdupq_n_f32(1.0f / sqrtf(EB__MAX(vaddvq_f32(s2) / (float)n - c * c, 0.0f) + eps));
    for (j = 0; j < n; j += 4) {
        const float32x4_t d = vmulq_f32(vsubq_f32(vsubq_f32(eb__neon_ld(x + j, n - j, 0.0f), mean), vdupq_n_f32(c)), rstd);
        eb__neon_st(x + j, n - j, vfmaq_f32(eb__neon_ld(b + j, n - j, 0.0f), d, eb__neon_ld(g + j, n - j, 0.0f)));
    }
}

static void eb__neon_softmax(float *x, int n, float scale) {
    float32x4_t mx = vdupq_n_f32(-INFINITY), s = vdupq_n_f32(0.0f), mxv, inv;
    int j;
    for (j = 0; j < n; j += 4) mx = vmaxq_f32(mx, eb__neon_ld(x + j, n - j, -INFINITY));
    mxv = vdupq_n_f32(vmaxvq_f32(mx));
    for (j = 0; j < n; j += 4) {
        const int r = n - j;
        float32x4_t e = eb__neon_exp(vmulq_n_f32(vsubq_f32(eb__neon_ld(x + j, r, 0.0f), mxv), scale));
        if (r < 4) e = vsetq_lane_f32(0.0f, e, 3);               /* r <= 3: lane 3 is padding */
        if (r < 3) e = vsetq_lane_f32(0.0f, e, 2);
        if (r < 2) e = vsetq_lane_f32(0.0f, e, 1);
        eb__neon_st(x + j, r, e);
        s = vaddq_f32(s, e);
    }
    inv = vdupq_n_f32(1.0f / vaddvq_f32(s));
    for (j = 0; j < n; j += 4) eb__neon_st(x + j, n - j, vmulq_f32(eb__neon_ld(x + j, n - j, 0.0f), inv));
}

static void eb__neon_l2norm(float *x, int n) {
    float32x4_t s = vdupq_n_f32(0.0f), inv;
    int j;
    for (j = 0; j < n; j += 4) {
        const float32x4_t v = eb__neon_ld(x + j, n - j, 0.0f);
        s = vfmaq_f32(s, v, v);
    }
    inv = vdupq_n_f32(1.0f / EB__MAX(sqrtf(vaddvq_f32(s)), 1e-12f));
    for (j = 0; j < n; j += 4) eb__neon_st(x + j, n - j, vmulq_f32(eb__neon_ld(x + j, n - j, 0.0f), inv));
}

static void eb__neon_exp_n(float *x, size_t n) {
    size_t i;
    for (i = 0; i < n; i += 4) {
        const int r = (int)EB__MIN((size_t)4, n - i);
        eb__neon_st(x + i, r, eb__neon_exp(eb__neon_ld(x + i, r, 0.0f)));
    }
}

static void eb__neon_erf_n(float *x, size_t n) {
    size_t i;
    for (i = 0; i < n; i += 4) {
        const int r = (int)EB__MIN((size_t)4, n - i);
        eb__neon_st(x + i, r, eb__neon_erf(eb__neon_ld(x + i, r, 0.0f)));
    }
}

static const eb__kernels eb__kernels_neon_set = {
    EB_ISA_NEON, "neon", EB__NEON_MR, EB__NEON_NR, 72, 384,
    eb__neon_tile, eb__neon_epilogue, eb__neon_layernorm, eb__neon_softmax, eb__neon_l2norm,
    eb__neon_exp_n, eb__neon_erf_n
};

EB__FN const eb__kernels *eb__kernels_neon(void) { return &eb__kernels_neon_set; }
#endif /* EB__KERNELS_NEON */
