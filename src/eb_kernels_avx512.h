/* =====================================================================================
 *  KERNELS: AVX-512
 *  Tile 12 x 32: 24 zmm accumulators, two B loads and twelve broadcasts per k step. Tails
 *  use opmask loads and stores. Needs AVX512F/BW/VL/DQ (Skylake-SP, Ice Lake, Zen 4 on).
 * ===================================================================================== */
#ifdef EB__KERNELS_X86
/* GCC 12's avx512fintrin.h self-initialises _mm512_undefined_ps(), which -Wuninitialized
   flags in C++ (GCC bug 105593); the warning is about the system header, not this code. */
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wuninitialized"
#  pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#define EB__Z_TARGET "avx512f,avx512bw,avx512vl,avx512dq,avx2,fma"
#define EB__Z_FN static __attribute__((unused, target(EB__Z_TARGET)))
#define EB__Z_INLINE static inline __attribute__((unused, always_inline, target(EB__Z_TARGET)))
#define EB__Z_MR 12
#define EB__Z_NR 32

EB__Z_INLINE __mmask16 eb__z_mask(size_t r) {
    return (__mmask16)(r >= 16 ? 0xFFFFu : ((1u << r) - 1u));
}

EB__Z_INLINE __m512 eb__z_poly(__m512 x, const float *c, int n) {
    __m512 p = _mm512_set1_ps(c[0]);
    int i;
    EB__UNROLL
    for (i = 1; i < n; i++) p = _mm512_fmadd_ps(p, x, _mm512_set1_ps(c[i]));
    return p;
}

EB__Z_INLINE __m512 eb__z_exp(__m512 x) {
    __m512 n, r, p;
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(EB__EXP_MIN)), _mm512_set1_ps(EB__EXP_MAX));
    n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(EB__LOG2E)),
                             _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(EB__LN2_HI), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(EB__LN2_LO), r);
    p = eb__z_poly(r, eb__exp_poly, 7);
    return _mm512_scalef_ps(p, n);   /* p * 2^n */
}

EB__Z_INLINE __m512 eb__z_erf_small(__m512 x) {
    const __m512 t = _mm512_mul_ps(x, x);
    return _mm512_mul_ps(x, eb__z_poly(t, eb__erf_poly, 7));
}

EB__Z_INLINE __m512 eb__z_erfc_big(__m512 z) {
    const __m512 zc = _mm512_min_ps(z, _mm512_set1_ps(EB__ERF_CUT));
    const __m512 u = _mm512_sub_ps(zc, _mm512_set1_ps(2.5f));
    const __m512 e = eb__z_exp(_mm512_mul_ps(zc, _mm512_sub_ps(_mm512_setzero_ps(), zc)));
    const __m512 p = _mm512_mul_ps(eb__z_poly(u, eb__erfc_poly, 13), e);
    return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(z, _mm512_set1_ps(EB__ERF_CUT), _CMP_LT_OQ), p);
}

EB__Z_INLINE __m512 eb__z_erf(__m512 x) {
    const __m512 sign = _mm512_set1_ps(-0.0f);
    const __m512 ax = _mm512_andnot_ps(sign, x);
    const __m512 big = _mm512_or_ps(_mm512_sub_ps(_mm512_set1_ps(1.0f), eb__z_erfc_big(ax)),
                                    _mm512_and_ps(sign, x));
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(ax, _mm512_set1_ps(EB__ERF_SPLIT), _CMP_LT_OQ),
                                big, eb__z_erf_small(x));
}

EB__Z_INLINE __m512 eb__z_gelu(__m512 x) {
    const __m512 u = _mm512_mul_ps(x, _mm512_set1_ps(EB__SQRT1_2));
    const __m512 au = _mm512_andnot_ps(_mm512_set1_ps(-0.0f), u);
    const __m512 q = eb__z_erfc_big(au);
    const __m512 big = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(u, _mm512_setzero_ps(), _CMP_GE_OQ),
                                            q, _mm512_sub_ps(_mm512_set1_ps(2.0f), q));
    const __m512 small = _mm512_add_ps(_mm512_set1_ps(1.0f), eb__z_erf_small(u));
    const __m512 s = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(au, _mm512_set1_ps(EB__ERF_SPLIT), _CMP_LT_OQ),
                                          big, small);
    return _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), x), s);
}

/* ---- GEMM tile ----------------------------------------------------------------------- */
#define EB__Z_LD(r) if (MR > r) { c##r##_0 = _mm512_loadu_ps(c + r * ldc); c##r##_1 = _mm512_loadu_ps(c + r * ldc + 16); }
#define EB__Z_ST(r) if (MR > r) { _mm512_storeu_ps(c + r * ldc, c##r##_0); _mm512_storeu_ps(c + r * ldc + 16, c##r##_1); }
#define EB__Z_FMA(r) if (MR > r) { t = _mm512_set1_ps(a##r[k]); \
    c##r##_0 = _mm512_fmadd_ps(t, b0, c##r##_0); c##r##_1 = _mm512_fmadd_ps(t, b1, c##r##_1); }
#define EB__Z_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

EB__Z_INLINE void eb__z_tile_rows(const int MR, int kc, const float *a, size_t lda, const float *b,
                                  size_t ldb, float *c, size_t ldc, int accumulate) {
    __m512 c0_0 = _mm512_setzero_ps(), c0_1 = c0_0, c1_0 = c0_0, c1_1 = c0_0, c2_0 = c0_0, c2_1 = c0_0;
    __m512 c3_0 = c0_0, c3_1 = c0_0, c4_0 = c0_0, c4_1 = c0_0, c5_0 = c0_0, c5_1 = c0_0;
    __m512 c6_0 = c0_0, c6_1 = c0_0, c7_0 = c0_0, c7_1 = c0_0, c8_0 = c0_0, c8_1 = c0_0;
    __m512 c9_0 = c0_0, c9_1 = c0_0, c10_0 = c0_0, c10_1 = c0_0, c11_0 = c0_0, c11_1 = c0_0;
    const float *a0 = a, *a1 = a + lda * (MR > 1), *a2 = a + 2 * lda * (MR > 2);
    const float *a3 = a + 3 * lda * (MR > 3), *a4 = a + 4 * lda * (MR > 4), *a5 = a + 5 * lda * (MR > 5);
    const float *a6 = a + 6 * lda * (MR > 6), *a7 = a + 7 * lda * (MR > 7), *a8 = a + 8 * lda * (MR > 8);
    const float *a9 = a + 9 * lda * (MR > 9), *a10 = a + 10 * lda * (MR > 10), *a11 = a + 11 * lda * (MR > 11);
    int k;
    if (accumulate) { EB__Z_ROWS(EB__Z_LD) }
    for (k = 0; k < kc; k++, b += ldb) {
        const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
        __m512 t;
        EB__Z_ROWS(EB__Z_FMA)
    }
    EB__Z_ROWS(EB__Z_ST)
}

EB__Z_FN void eb__z_tile(int mr, int kc, const float *a, size_t lda, const float *b, size_t ldb,
                         float *c, size_t ldc, int accumulate) {
    switch (mr) {
    case 12: eb__z_tile_rows(12, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 11: eb__z_tile_rows(11, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 10: eb__z_tile_rows(10, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 9: eb__z_tile_rows(9, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 8: eb__z_tile_rows(8, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 7: eb__z_tile_rows(7, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 6: eb__z_tile_rows(6, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 5: eb__z_tile_rows(5, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 4: eb__z_tile_rows(4, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 3: eb__z_tile_rows(3, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    case 2: eb__z_tile_rows(2, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    default: eb__z_tile_rows(1, kc, a, lda, b, ldb, c, ldc, accumulate); break;
    }
}

/* ---- row kernels --------------------------------------------------------------------- */
EB__Z_FN void eb__z_epilogue(float *y, int n, const float *bias, const float *res, int gelu) {
    int j;
    for (j = 0; j < n; j += 16) {
        const __mmask16 m = eb__z_mask((size_t)(n - j));
        __m512 v = _mm512_maskz_loadu_ps(m, y + j);
        if (bias) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, bias + j));
        if (gelu) v = eb__z_gelu(v);
        if (res) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, res + j));
        _mm512_mask_storeu_ps(y + j, m, v);
    }
}

EB__Z_FN void eb__z_layernorm(float *x, int n, const float *g, const float *b, float eps) {
    __m512 s = _mm512_setzero_ps(), s2 = s, mean, rstd;
    float mu, c;
    int j;
    for (j = 0; j < n; j += 16) s = _mm512_add_ps(s, _mm512_maskz_loadu_ps(eb__z_mask((size_t)(n - j)), x + j));
    mu = _mm512_reduce_add_ps(s) / (float)n;
    mean = _mm512_set1_ps(mu);
    s = _mm512_setzero_ps();
    for (j = 0; j < n; j += 16) {   /* corrected two-pass, as in the scalar set */
        const __mmask16 m = eb__z_mask((size_t)(n - j));
        const __m512 d = _mm512_maskz_sub_ps(m, _mm512_maskz_loadu_ps(m, x + j), mean);
        s = _mm512_add_ps(s, d);
        s2 = _mm512_fmadd_ps(d, d, s2);
    }
    c = _mm512_reduce_add_ps(s) / (float)n;
    rstd = _mm512_set1_ps(1.0f / sqrtf(EB__MAX(_mm512_reduce_add_ps(s2) / (float)n - c * c, 0.0f) + eps));
    for (j = 0; j < n; j += 16) {
        const __mmask16 m = eb__z_mask((size_t)(n - j));
        const __m512 d = _mm512_mul_ps(_mm512_sub_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, x + j), mean),
                                                     _mm512_set1_ps(c)), rstd);
        _mm512_mask_storeu_ps(x + j, m, _mm512_fmadd_ps(d, _mm512_maskz_loadu_ps(m, g + j), _mm512_maskz_loadu_ps(m, b + j)));
    }
}

EB__Z_FN void eb__z_softmax(float *x, int n, float scale) {
    const __m512 sc = _mm512_set1_ps(scale);
    __m512 mx = _mm512_set1_ps(-INFINITY), s = _mm512_setzero_ps(), inv;
    int j;
    for (j = 0; j < n; j += 16)
        mx = _mm512_mask_max_ps(mx, eb__z_mask((size_t)(n - j)), mx, _mm512_maskz_loadu_ps(eb__z_mask((size_t)(n - j)), x + j));
    mx = _mm512_set1_ps(_mm512_reduce_max_ps(mx));
    for (j = 0; j < n; j += 16) {
        const __mmask16 m = eb__z_mask((size_t)(n - j));
        const __m512 e = _mm512_maskz_mov_ps(m, eb__z_exp(_mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, x + j), mx), sc)));
        _mm512_mask_storeu_ps(x + j, m, e);
        s = _mm512_add_ps(s, e);
    }
    inv = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(s));
    for (j = 0; j < n; j += 16) {
        const __mmask16 m = eb__z_mask((size_t)(n - j));
        _mm512_mask_storeu_ps(x + j, m, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + j), inv));
    }
}

EB__Z_FN void eb__z_l2norm(float *x, int n) {
    __m512 s = _mm512_setzero_ps(), inv;
    int j;
    for (j = 0; j < n; j += 16) {
        const __m512 v = _mm512_maskz_loadu_ps(eb__z_mask((size_t)(n - j)), x + j);
        s = _mm512_fmadd_ps(v, v, s);
    }
    inv = _mm512_set1_ps(1.0f / EB__MAX(sqrtf(_mm512_reduce_add_ps(s)), 1e-12f));
    for (j = 0; j < n; j += 16) {
        const __mmask16 m = eb__z_mask((size_t)(n - j));
        _mm512_mask_storeu_ps(x + j, m, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + j), inv));
    }
}

EB__Z_FN void eb__z_exp_n(float *x, size_t n) {
    size_t i;
    for (i = 0; i < n; i += 16) {
        const __mmask16 m = eb__z_mask(n - i);
        _mm512_mask_storeu_ps(x + i, m, eb__z_exp(_mm512_maskz_loadu_ps(m, x + i)));
    }
}

EB__Z_FN void eb__z_erf_n(float *x, size_t n) {
    size_t i;
    for (i = 0; i < n; i += 16) {
        const __mmask16 m = eb__z_mask(n - i);
        _mm512_mask_storeu_ps(x + i, m, eb__z_erf(_mm512_maskz_loadu_ps(m, x + i)));
    }
}

static const eb__kernels eb__kernels_avx512_set = {
    EB_ISA_AVX512, "avx512", EB__Z_MR, EB__Z_NR, 96, 256,
    eb__z_tile, eb__z_epilogue, eb__z_layernorm, eb__z_softmax, eb__z_l2norm,
    eb__z_exp_n, eb__z_erf_n
};

EB__FN const eb__kernels *eb__kernels_avx512(void) { return &eb__kernels_avx512_set; }
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic pop
#endif
#endif /* EB__KERNELS_X86 */
