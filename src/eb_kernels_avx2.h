/* =====================================================================================
 *  KERNELS: AVX2 + FMA
 *  Tile 6 x 16: twelve ymm accumulators, two B loads and six broadcasts per k step, so the
 *  two FMA pipes stay busy. Built with target attributes: no -mavx2 needed.
 * ===================================================================================== */
#ifdef EB__KERNELS_X86
#include <immintrin.h>

#define EB__AVX2_FN static __attribute__((unused, target("avx2,fma")))
#define EB__AVX2_INLINE static inline __attribute__((unused, always_inline, target("avx2,fma")))
#define EB__AVX2_MR 6
#define EB__AVX2_NR 16

/* Lane masks for tails: loadu(eb__avx2_tail + 8 - r) enables the first r lanes. */
static const int32_t eb__avx2_tail[16] = { -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0 };

EB__AVX2_INLINE __m256i eb__avx2_mask(int r) {
    return _mm256_loadu_si256((const __m256i *)(const void *)(eb__avx2_tail + 8 - r));
}

EB__AVX2_INLINE float eb__avx2_hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

EB__AVX2_INLINE float eb__avx2_hmax(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/* Horner over a coefficient table (n is a constant at every call: the loop unrolls). */
EB__AVX2_INLINE __m256 eb__avx2_poly(__m256 x, const float *c, int n) {
    __m256 p = _mm256_set1_ps(c[0]);
    int i;
    EB__UNROLL
    for (i = 1; i < n; i++) p = _mm256_fmadd_ps(p, x, _mm256_set1_ps(c[i]));
    return p;
}

/* e^x: x = n ln2 + r (Cody-Waite, two FMAs), e^r by polynomial, 2^n through the exponent. */
EB__AVX2_INLINE __m256 eb__avx2_exp(__m256 x) {
    __m256 n, r, p;
    __m256i e;
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(EB__EXP_MIN)), _mm256_set1_ps(EB__EXP_MAX));
    n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(EB__LOG2E)),
                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(EB__LN2_HI), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(EB__LN2_LO), r);
    p = eb__avx2_poly(r, eb__exp_poly, 7);
    e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}

/* erf(x) for |x| < EB__ERF_SPLIT. */
EB__AVX2_INLINE __m256 eb__avx2_erf_small(__m256 x) {
    const __m256 t = _mm256_mul_ps(x, x);
    return _mm256_mul_ps(x, eb__avx2_poly(t, eb__erf_poly, 7));
}

/* erfc(z) for z >= EB__ERF_SPLIT (0 from EB__ERF_CUT on). */
EB__AVX2_INLINE __m256 eb__avx2_erfc_big(__m256 z) {
    const __m256 zc = _mm256_min_ps(z, _mm256_set1_ps(EB__ERF_CUT));
    const __m256 u = _mm256_sub_ps(zc, _mm256_set1_ps(2.5f));
    const __m256 e = eb__avx2_exp(_mm256_mul_ps(zc, _mm256_sub_ps(_mm256_setzero_ps(), zc)));
    const __m256 p = _mm256_mul_ps(eb__avx2_poly(u, eb__erfc_poly, 13), e);
    return _mm256_and_ps(p, _mm256_cmp_ps(z, _mm256_set1_ps(EB__ERF_CUT), _CMP_LT_OQ));
}

EB__AVX2_INLINE __m256 eb__avx2_erf(__m256 x) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    const __m256 ax = _mm256_andnot_ps(sign, x);
    const __m256 big = _mm256_or_ps(_mm256_sub_ps(_mm256_set1_ps(1.0f), eb__avx2_erfc_big(ax)),
                                    _mm256_and_ps(sign, x));
    return _mm256_blendv_ps(big, eb__avx2_erf_small(x),
                            _mm256_cmp_ps(ax, _mm256_set1_ps(EB__ERF_SPLIT), _CMP_LT_OQ));
}

/* 0.5 x (1 + erf(x / sqrt 2)); for |u| >= 1, 1 + erf(u) is 2 - erfc(u) or erfc(-u), which
   keeps the negative tail accurate. */
EB__AVX2_INLINE __m256 eb__avx2_gelu(__m256 x) {
    const __m256 u = _mm256_mul_ps(x, _mm256_set1_ps(EB__SQRT1_2));
    const __m256 au = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), u);
    const __m256 q = eb__avx2_erfc_big(au);
    const __m256 big = _mm256_blendv_ps(q, _mm256_sub_ps(_mm256_set1_ps(2.0f), q),
                                        _mm256_cmp_ps(u, _mm256_setzero_ps(), _CMP_GE_OQ));
    const __m256 small = _mm256_add_ps(_mm256_set1_ps(1.0f), eb__avx2_erf_small(u));
    const __m256 s = _mm256_blendv_ps(big, small, _mm256_cmp_ps(au, _mm256_set1_ps(EB__ERF_SPLIT), _CMP_LT_OQ));
    return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), x), s);
}

/* ---- GEMM tile ----------------------------------------------------------------------- */
#define EB__AVX2_LD(r) if (MR > r) { c##r##0 = _mm256_loadu_ps(c + r * ldc); c##r##1 = _mm256_loadu_ps(c + r * ldc + 8); }
#define EB__AVX2_ST(r) if (MR > r) { _mm256_storeu_ps(c + r * ldc, c##r##0); _mm256_storeu_ps(c + r * ldc + 8, c##r##1); }
#define EB__AVX2_FMA(r) if (MR > r) { t = _mm256_broadcast_ss(a##r + k); \
    c##r##0 = _mm256_fmadd_ps(t, b0, c##r##0); c##r##1 = _mm256_fmadd_ps(t, b1, c##r##1); }

/* MR is a constant at every call site, so the dead rows fold away. */
EB__AVX2_INLINE void eb__avx2_tile_rows(const int MR, int kc, const float *a, size_t lda, const float *b,
                                        size_t ldb, float *c, size_t ldc, int accumulate) {
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    const float *a0 = a, *a1 = a + lda * (MR > 1), *a2 = a + 2 * lda * (MR > 2);
    const float *a3 = a + 3 * lda * (MR > 3), *a4 = a + 4 * lda * (MR > 4), *a5 = a + 5 * lda * (MR > 5);
    int k;
    if (accumulate) { EB__AVX2_LD(0) EB__AVX2_LD(1) EB__AVX2_LD(2) EB__AVX2_LD(3) EB__AVX2_LD(4) EB__AVX2_LD(5) }
    for (k = 0; k < kc; k++, b += ldb) {
        const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
        __m256 t;
        EB__AVX2_FMA(0) EB__AVX2_FMA(1) EB__AVX2_FMA(2) EB__AVX2_FMA(3) EB__AVX2_FMA(4) EB__AVX2_FMA(5)
    }
    EB__AVX2_ST(0) EB__AVX2_ST(1) EB__AVX2_ST(2) EB__AVX2_ST(3) EB__AVX2_ST(4) EB__AVX2_ST(5)
}

EB__AVX2_FN void eb__avx2_tile(int mr, int kc, const float *a, size_t lda, const float *b, size_t ldb,
                               float *c, size_t ldc, int accumulate) {
    switch (mr) {
    case 6: eb__avx2_tile_rows(6, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 5: eb__avx2_tile_rows(5, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 4: eb__avx2_tile_rows(4, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 3: eb__avx2_tile_rows(3, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 2: eb__avx2_tile_rows(2, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    default: eb__avx2_tile_rows(1, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    }
}

/* ---- row kernels --------------------------------------------------------------------- */
/* Plain loads and stores for whole vectors, masked ones only for the tail: vmaskmovps
   stores are microcoded on AMD Zen (one per ~10 cycles), which made softmax 10% of a
   long-text forward pass. left = elements from p to the end of the row. */
EB__AVX2_INLINE __m256 eb__avx2_ld(const float *p, int left) {
    return left >= 8 ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, eb__avx2_mask(left));
}

EB__AVX2_INLINE void eb__avx2_st(float *p, int left, __m256 v) {
    if (left >= 8) _mm256_storeu_ps(p, v);
    else _mm256_maskstore_ps(p, eb__avx2_mask(left), v);
}

/* v with the lanes past the row's end zeroed (a masked load leaves them 0, but f(0) may not be). */
EB__AVX2_INLINE __m256 eb__avx2_keep(__m256 v, int left) {
    return left >= 8 ? v : _mm256_and_ps(v, _mm256_castsi256_ps(eb__avx2_mask(left)));
}

EB__AVX2_FN void eb__avx2_epilogue(float *y, int n, const float *bias, const float *res, int gelu) {
    int j;
    for (j = 0; j < n; j += 8) {
        __m256 v = eb__avx2_ld(y + j, n - j);
        if (bias) v = _mm256_add_ps(v, eb__avx2_ld(bias + j, n - j));
        if (gelu) v = eb__avx2_gelu(v);
        if (res) v = _mm256_add_ps(v, eb__avx2_ld(res + j, n - j));
        eb__avx2_st(y + j, n - j, v);
    }
}

EB__AVX2_FN void eb__avx2_layernorm(float *x, int n, const float *g, const float *b, float eps) {
    __m256 s = _mm256_setzero_ps(), s2 = s, mean, rstd;
    float mu, c;
    int j;
    for (j = 0; j < n; j += 8) s = _mm256_add_ps(s, eb__avx2_ld(x + j, n - j));
    mu = eb__avx2_hsum(s) / (float)n;
    mean = _mm256_set1_ps(mu);
    s = _mm256_setzero_ps();
    for (j = 0; j < n; j += 8) {   /* corrected two-pass, as in the scalar set */
        const __m256 d = eb__avx2_keep(_mm256_sub_ps(eb__avx2_ld(x + j, n - j), mean), n - j);
        s = _mm256_add_ps(s, d);
        s2 = _mm256_fmadd_ps(d, d, s2);
    }
    c = eb__avx2_hsum(s) / (float)n;
    rstd = _mm256_set1_ps(1.0f / sqrtf(EB__MAX(eb__avx2_hsum(s2) / (float)n - c * c, 0.0f) + eps));
    for (j = 0; j < n; j += 8) {
        const __m256 d = _mm256_mul_ps(_mm256_sub_ps(_mm256_sub_ps(eb__avx2_ld(x + j, n - j), mean),
                                                     _mm256_set1_ps(c)), rstd);
        eb__avx2_st(x + j, n - j, _mm256_fmadd_ps(d, eb__avx2_ld(g + j, n - j), eb__avx2_ld(b + j, n - j)));
    }
}

EB__AVX2_FN void eb__avx2_softmax(float *x, int n, float scale) {
    const __m256 ninf = _mm256_set1_ps(-INFINITY), sc = _mm256_set1_ps(scale);
    __m256 mx = ninf, s = _mm256_setzero_ps(), mxv, inv;
    int j;
    for (j = 0; j + 8 <= n; j += 8) mx = _mm256_max_ps(mx, _mm256_loadu_ps(x + j));
    if (j < n) {
        const __m256i m = eb__avx2_mask(n - j);
        mx = _mm256_max_ps(mx, _mm256_blendv_ps(ninf, _mm256_maskload_ps(x + j, m), _mm256_castsi256_ps(m)));
    }
    mxv = _mm256_set1_ps(eb__avx2_hmax(mx));
    for (j = 0; j < n; j += 8) {
        const __m256 e = eb__avx2_keep(eb__avx2_exp(_mm256_mul_ps(_mm256_sub_ps(eb__avx2_ld(x + j, n - j), mxv), sc)), n - j);
        eb__avx2_st(x + j, n - j, e);
        s = _mm256_add_ps(s, e);
    }
    inv = _mm256_set1_ps(1.0f / eb__avx2_hsum(s));
    for (j = 0; j < n; j += 8) eb__avx2_st(x + j, n - j, _mm256_mul_ps(eb__avx2_ld(x + j, n - j), inv));
}

EB__AVX2_FN void eb__avx2_l2norm(float *x, int n) {
    __m256 s = _mm256_setzero_ps(), inv;
    int j;
    for (j = 0; j < n; j += 8) {
        const __m256 v = eb__avx2_ld(x + j, n - j);
        s = _mm256_fmadd_ps(v, v, s);
    }
    inv = _mm256_set1_ps(1.0f / EB__MAX(sqrtf(eb__avx2_hsum(s)), 1e-12f));
    for (j = 0; j < n; j += 8) eb__avx2_st(x + j, n - j, _mm256_mul_ps(eb__avx2_ld(x + j, n - j), inv));
}

EB__AVX2_FN void eb__avx2_exp_n(float *x, size_t n) {
    size_t i;
    for (i = 0; i < n; i += 8) {
        const int left = (int)EB__MIN((size_t)8, n - i);
        eb__avx2_st(x + i, left, eb__avx2_exp(eb__avx2_ld(x + i, left)));
    }
}

EB__AVX2_FN void eb__avx2_erf_n(float *x, size_t n) {
    size_t i;
    for (i = 0; i < n; i += 8) {
        const int left = (int)EB__MIN((size_t)8, n - i);
        eb__avx2_st(x + i, left, eb__avx2_erf(eb__avx2_ld(x + i, left)));
    }
}

static const eb__kernels eb__kernels_avx2_set = {
    EB_ISA_AVX2, "avx2", EB__AVX2_MR, EB__AVX2_NR, 72, 384,
    eb__avx2_tile, eb__avx2_epilogue, eb__avx2_layernorm, eb__avx2_softmax, eb__avx2_l2norm,
    eb__avx2_exp_n, eb__avx2_erf_n
};

EB__FN const eb__kernels *eb__kernels_avx2(void) { return &eb__kernels_avx2_set; }
#endif /* EB__KERNELS_X86 */
