/* =====================================================================================
 *  KERNELS (scalar + dispatch)
 *  A kernel set is a table of a few hot primitives (GEMM tile, fused epilogue, layer norm,
 *  softmax, L2 norm, exp, erf) for one ISA. The blocking loops around them (GEMM driver,
 *  attention) are shared here and call the table, so every ISA runs the same schedule.
 *  SIMD sets live in functions marked __attribute__((target)), so one x86-64 binary built
 *  without -mavx2 carries them all and picks one at run time from cpuid.
 * ===================================================================================== */
#if !defined(EMBEDBATCH_NO_SIMD) && defined(__x86_64__)
#  define EB__KERNELS_X86 1
#endif
#if !defined(EMBEDBATCH_NO_SIMD) && defined(__aarch64__) && defined(__ARM_NEON)
#  define EB__KERNELS_NEON 1
#endif

#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 8)
#  define EB__UNROLL _Pragma("GCC unroll 16")
#else
#  define EB__UNROLL
#endif

#define EB__MR_MAX 12   /* largest tile height of any set */
#define EB__NR_MAX 32   /* largest tile width (= packed panel width) of any set */

/* Polynomials shared by every SIMD set (least-squares fits on Chebyshev nodes, mpmath),
   highest degree first, for Horner loops. */
/* e^r on |r| <= ln2/2, degree 6: rel. error 1.9e-9 before float rounding. */
static const float eb__exp_poly[7] = {
    0.00138294205957f, 0.00837477152011f, 0.041668358033f, 0.166664208321f, 0.49999991493f,
    1.00000003613f, 1.00000000059f
};
/* erf(x) = x * S(x^2) for |x| < 1, degree 6 in x^2: rel. error 1.3e-9. */
static const float eb__erf_poly[7] = {
    7.84725912697e-5f, -0.000800818932317f, 0.0051880988894f, -0.0268536910997f, 0.11283582248f,
    -0.376126255674f, 1.12837916569f
};
/* erfc(z) = exp(-z^2) * R(z - 2.5) for 1 <= z < 3.93; R fits erfcx, degree 12: rel. error
   4.8e-9. Past 3.93, erfc(z) < 3e-8 and erf rounds to 1 in float. */
static const float eb__erfc_poly[13] = {
    1.0567285662e-7f, -4.18467459429e-7f, 9.63715940449e-7f, -3.79154679271e-6f, 1.61343476187e-5f,
    -5.94345280054e-5f, 0.000210906457013f, -0.000733230139806f, 0.00246706635794f,
    -0.00800166666863f, 0.0249379955038f, -0.0743473394011f, 0.210806364017f
};
#define EB__LOG2E 1.44269504089f
#define EB__LN2_HI 0.693147182464599609375f  /* float(ln 2) */
#define EB__LN2_LO -1.904654299957768e-09f   /* ln 2 - EB__LN2_HI */
#define EB__EXP_MIN -87.33f                  /* keeps 2^n normal */
#define EB__EXP_MAX 88.37f                   /* keeps n <= 127 */
#define EB__ERF_SPLIT 1.0f
#define EB__ERF_CUT 3.93f
#define EB__SQRT1_2 0.70710678118654752f

typedef struct eb__kernels {
    eb_isa isa;
    const char *name;
    int mr, nr;   /* tile height and width; nr is also the packed panel width */
    int mc, kc;   /* GEMM cache blocking: rows per L2 block, depth per L1 panel sliver */
    /* C[mr x nr] = (accumulate ? C : 0) + A[mr x kc] * B[kc x nr]; 1 <= mr <= this->mr.
       A rows at stride lda, B rows (nr floats each) at stride ldb, C rows at stride ldc. */
    void (*tile)(int mr, int kc, const float *a, size_t lda, const float *b, size_t ldb,
                 float *c, size_t ldc, int accumulate);
    /* y[0..n) = gelu?(y + bias) + res; bias and res may be NULL. */
    void (*epilogue)(float *y, int n, const float *bias, const float *res, int gelu);
    void (*layernorm)(float *x, int n, const float *g, const float *b, float eps); /* in place */
    void (*softmax)(float *x, int n, float scale);  /* x = softmax(scale * x), in place */
    void (*l2norm)(float *x, int n);                /* x /= max(|x|, 1e-12) */
    void (*exp)(float *x, size_t n);                /* in place; exposed for tests */
    void (*erf)(float *x, size_t n);
} eb__kernels;

/* A PyTorch Linear weight W[n, k] (row-major) packed once at load for y = x * W^T + b:
   ceil(n / nr) panels, each k rows of nr consecutive output columns, zero-padded. */
typedef struct eb__pw {
    float *data;  /* np * k * nr floats, 64-byte aligned */
    float *bias;  /* np * nr floats (zero-padded), or NULL */
    int n, k, nr, np;
} eb__pw;

/* y[m, n] = x[m, k] * W^T, then bias, then GELU (if gelu), then + res (if res).
   res must not alias y (y holds partial sums while later K chunks run). */
typedef struct eb__gemm {
    const float *x; size_t ldx;
    const eb__pw *w;
    float *y; size_t ldy;
    const float *res; size_t ldr;
    int m;
    int gelu;
} eb__gemm;

/* ---- scalar set ---------------------------------------------------------------------- */
#define EB__SCALAR_MR 4
#define EB__SCALAR_NR 16

EB__FN void eb__scalar_tile(int mr, int kc, const float *a, size_t lda, const float *b,
                            size_t ldb, float *c, size_t ldc, int accumulate) {
    float acc[EB__SCALAR_MR][EB__SCALAR_NR];
    int r, j, k;
    for (r = 0; r < mr; r++)
        for (j = 0; j < EB__SCALAR_NR; j++) acc[r][j] = accumulate ? c[r * ldc + j] : 0.0f;
    for (k = 0; k < kc; k++, b += ldb)
        for (r = 0; r < mr; r++) {
            const float av = a[r * lda + k];
            for (j = 0; j < EB__SCALAR_NR; j++) acc[r][j] += av * b[j];
        }
    for (r = 0; r < mr; r++)
        for (j = 0; j < EB__SCALAR_NR; j++) c[r * ldc + j] = acc[r][j];
}

/* The reference definition every SIMD GELU is checked against (PyTorch's exact form). */
EB__INLINE float eb__gelu_ref(float x) { return 0.5f * x * (1.0f + erff(x * EB__SQRT1_2)); }

EB__FN void eb__scalar_epilogue(float *y, int n, const float *bias, const float *res, int gelu) {
    int j;
    for (j = 0; j < n; j++) {
        float v = y[j];
        if (bias) v += bias[j];
        if (gelu) v = eb__gelu_ref(v);
        if (res) v += res[j];
        y[j] = v;
    }
}

/* Corrected two-pass moments: the second pass also sums d = x - mean, and the output uses
   (x - mean) - c, which removes the rounding error of the first mean (it matters when
   |mean| >> std). */
EB__FN void eb__scalar_layernorm(float *x, int n, const float *g, const float *b, float eps) {
    float a0[8] = { 0 }, a1[8] = { 0 }, a2[8] = { 0 }, mean = 0.0f, s1 = 0.0f, s2 = 0.0f, c, rstd;
    int j;
    for (j = 0; j < n; j++) a0[j & 7] += x[j];   /* 8 partial sums: shorter rounding chains */
    for (j = 0; j < 8; j++) mean += a0[j];
    mean /= (float)n;
    for (j = 0; j < n; j++) { const float d = x[j] - mean; a1[j & 7] += d; a2[j & 7] += d * d; }
    for (j = 0; j < 8; j++) { s1 += a1[j]; s2 += a2[j]; }
    c = s1 / (float)n;
    rstd = 1.0f / sqrtf(EB__MAX(s2 / (float)n - c * c, 0.0f) + eps);
    for (j = 0; j < n; j++) x[j] = ((x[j] - mean) - c) * rstd * g[j] + b[j];
}

EB__FN void eb__scalar_softmax(float *x, int n, float scale) {
    float mx = x[0], sum = 0.0f, inv;
    int j;
    for (j = 1; j < n; j++) mx = x[j] > mx ? x[j] : mx;
    for (j = 0; j < n; j++) { x[j] = expf((x[j] - mx) * scale); sum += x[j]; }
    inv = 1.0f / sum;
    for (j = 0; j < n; j++) x[j] *= inv;
}

EB__FN void eb__scalar_l2norm(float *x, int n) {
    float s = 0.0f, inv;
    int j;
    for (j = 0; j < n; j++) s += x[j] * x[j];
    inv = 1.0f / EB__MAX(sqrtf(s), 1e-12f);
    for (j = 0; j < n; j++) x[j] *= inv;
}

EB__FN void eb__scalar_exp(float *x, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) x[i] = expf(x[i]);
}

EB__FN void eb__scalar_erf(float *x, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) x[i] = erff(x[i]);
}

static const eb__kernels eb__kernels_scalar_set = {
    EB_ISA_SCALAR, "scalar", EB__SCALAR_MR, EB__SCALAR_NR, 64, 256,
    eb__scalar_tile, eb__scalar_epilogue, eb__scalar_layernorm, eb__scalar_softmax,
    eb__scalar_l2norm, eb__scalar_exp, eb__scalar_erf
};

/* ---- dispatch ------------------------------------------------------------------------ */
/* Defined by the SIMD sections that follow. */
#ifdef EB__KERNELS_X86
EB__FN const eb__kernels *eb__kernels_avx2(void);
EB__FN const eb__kernels *eb__kernels_avx512(void);
#endif
#ifdef EB__KERNELS_NEON
EB__FN const eb__kernels *eb__kernels_neon(void);
#endif

EB__FN const char *eb__isa_name(eb_isa isa) {
    switch (isa) {
    case EB_ISA_AUTO: return "auto";
    case EB_ISA_SCALAR: return "scalar";
    case EB_ISA_AVX2: return "avx2";
    case EB_ISA_AVX512: return "avx512";
    case EB_ISA_NEON: return "neon";
    default: return "unknown";
    }
}

/* The set for isa if this build has it and this CPU runs it, else NULL. */
EB__FN const eb__kernels *eb__kernels_for(eb_isa isa) {
#if defined(EB__KERNELS_X86) || defined(EB__KERNELS_NEON)
    const unsigned f = eb__cpu_features();
#endif
    switch (isa) {
    case EB_ISA_SCALAR: return &eb__kernels_scalar_set;
#ifdef EB__KERNELS_X86
    case EB_ISA_AVX2: {
        const unsigned need = EB__CPU_AVX2 | EB__CPU_FMA;
        return (f & need) == need ? eb__kernels_avx2() : NULL;
    }
    case EB_ISA_AVX512: {
        const unsigned need = EB__CPU_AVX2 | EB__CPU_FMA | EB__CPU_AVX512F | EB__CPU_AVX512BW |
                              EB__CPU_AVX512VL | EB__CPU_AVX512DQ;
        return (f & need) == need ? eb__kernels_avx512() : NULL;
    }
#endif
#ifdef EB__KERNELS_NEON
    case EB_ISA_NEON: return (f & EB__CPU_NEON) ? eb__kernels_neon() : NULL;
#endif
    default: return NULL;
    }
}

/* Best set first. */
EB__FN const eb__kernels *eb__kernels_best(void) {
    static const eb_isa order[] = { EB_ISA_AVX512, EB_ISA_AVX2, EB_ISA_NEON };
    size_t i;
    for (i = 0; i < sizeof order / sizeof order[0]; i++) {
        const eb__kernels *k = eb__kernels_for(order[i]);
        if (k) return k;
    }
    return &eb__kernels_scalar_set;
}

/* AUTO picks the best set. An explicit isa this build or CPU lacks returns EB_UNAVAILABLE
   with a message, and still sets *out to the best set so the caller may fall back. */
EB__FN eb_status eb__kernels_select(eb_isa want, const eb__kernels **out) {
    const eb__kernels *k = want == EB_ISA_AUTO ? eb__kernels_best() : eb__kernels_for(want);
    if (k) { *out = k; return EB_OK; }
    *out = eb__kernels_best();
    if (want != EB_ISA_SCALAR && want != EB_ISA_AVX2 && want != EB_ISA_AVX512 && want != EB_ISA_NEON)
        return eb__fail(EB_INVALID_ARGUMENT, "unknown eb_isa value %d", (int)want);
#ifdef EMBEDBATCH_NO_SIMD
    return eb__fail(EB_UNAVAILABLE, "%s kernels requested, but this build defines "
                    "EMBEDBATCH_NO_SIMD; best available: %s", eb__isa_name(want), (*out)->name);
#else
    return eb__fail(EB_UNAVAILABLE, "%s kernels requested, but this CPU or build lacks them; "
                    "best available: %s", eb__isa_name(want), (*out)->name);
#endif
}

/* ---- packed weights -------------------------------------------------------------------- */
EB__FN void eb__pw_free(eb__pw *pw, const eb_allocator *al) {
    if (pw->data) eb__free(al, pw->data, (size_t)pw->np * pw->nr * pw->k * sizeof(float));
    if (pw->bias) eb__free(al, pw->bias, (size_t)pw->np * pw->nr * sizeof(float));
    memset(pw, 0, sizeof *pw);
}

/* Packs w[n, k] (and bias[n], may be NULL) into panels of nr columns. */
EB__FN eb_status eb__pw_pack(eb__pw *pw, const float *w, const float *bias, int n, int k, int nr,
                             const eb_allocator *al) {
    size_t floats, i;
    int r, kk;
    memset(pw, 0, sizeof *pw);
    if (n <= 0 || k <= 0 || nr <= 0 || nr > EB__NR_MAX)
        return eb__fail(EB_INVALID_ARGUMENT, "bad weight shape [%d, %d] for panels of %d", n, k, nr);
    pw->n = n; pw->k = k; pw->nr = nr; pw->np = (n + nr - 1) / nr;
    floats = eb__mul_size(eb__mul_size((size_t)pw->np, (size_t)nr), (size_t)k);
    if (!floats || floats > ((size_t)1 << 40))
        return eb__fail(EB_NOMEM, "weight [%d, %d] too large to pack", n, k);
    pw->data = (float *)eb__alloc_zero(al, floats * sizeof(float), 64);
    if (!pw->data) return eb__fail(EB_NOMEM, "packing weight [%d, %d]: out of memory", n, k);
    for (r = 0; r < n; r++) {
        float *dst = pw->data + (size_t)(r / nr) * k * nr + (r % nr);
        const float *src = w + (size_t)r * k;
        for (kk = 0; kk < k; kk++) dst[(size_t)kk * nr] = src[kk];
    }
    if (bias) {
        pw->bias = (float *)eb__alloc_zero(al, (size_t)pw->np * nr * sizeof(float), 64);
        if (!pw->bias) { eb__pw_free(pw, al); return eb__fail(EB_NOMEM, "packing bias: out of memory"); }
        for (i = 0; i < (size_t)n; i++) pw->bias[i] = bias[i];
    }
    return EB_OK;
}

/* ---- GEMM driver --------------------------------------------------------------------- */
/* Computes rows [m0, m1) and panels [p0, p1) of g. Each output element always sees the same
   K chunks in the same order, whatever the row/panel split, so results are bitwise identical
   across thread counts and batch compositions. */
EB__FN void eb__gemm_run(const eb__kernels *kn, const eb__gemm *g, int m0, int m1, int p0, int p1) {
    const eb__pw *w = g->w;
    const int mr = kn->mr, nr = w->nr, K = w->k;
    const int nch = (K + kn->kc - 1) / kn->kc, kc = (K + nch - 1) / nch;
    const int epi = w->bias || g->gelu || g->res;
    float tmp[EB__MR_MAX * EB__NR_MAX] EB__ALIGNED(64);
    int i0, ch, p, i, r, nb, mc;
    EB__ASSERT(nr == kn->nr);
    if (m1 <= m0 || p1 <= p0) return;
    /* equal row blocks of at most mc rows: no thin last block that reuses panels poorly */
    nb = (m1 - m0 + kn->mc - 1) / kn->mc;
    mc = ((m1 - m0 + nb - 1) / nb + mr - 1) / mr * mr;
    for (i0 = m0; i0 < m1; i0 += mc) {
        const int i1 = EB__MIN(i0 + mc, m1);
        for (ch = 0; ch < nch; ch++) {
            const int k0 = ch * kc, kn_ = EB__MIN(kc, K - k0);
            for (p = p0; p < p1; p++) {
                const float *b = w->data + ((size_t)p * K + k0) * nr;
                const int ncol = EB__MIN(nr, w->n - p * nr);
                for (i = i0; i < i1; i += mr) {
                    const int rows = EB__MIN(mr, i1 - i);
                    const float *a = g->x + (size_t)i * g->ldx + k0;
                    float *y = g->y + (size_t)i * g->ldy + (size_t)p * nr;
                    if (ncol == nr) {
                        kn->tile(rows, kn_, a, g->ldx, b, nr, y, g->ldy, ch > 0);
                    } else {  /* last, partial panel: go through a full-width tile */
                        if (ch > 0)
                            for (r = 0; r < rows; r++)
                                memcpy(tmp + r * nr, y + (size_t)r * g->ldy, (size_t)ncol * sizeof(float));
                        kn->tile(rows, kn_, a, g->ldx, b, nr, tmp, nr, ch > 0);
                        for (r = 0; r < rows; r++)
                            memcpy(y + (size_t)r * g->ldy, tmp + r * nr, (size_t)ncol * sizeof(float));
                    }
                }
            }
        }
        if (epi) {  /* once per row over all panels: long vector loops, block still in L2 */
            const size_t c0 = (size_t)p0 * nr, nc = (size_t)EB__MIN(p1 * nr, w->n) - c0;
            for (i = i0; i < i1; i++)
                kn->epilogue(g->y + (size_t)i * g->ldy + c0, (int)nc, w->bias ? w->bias + c0 : NULL,
                             g->res ? g->res + (size_t)i * g->ldr + c0 : NULL, g->gelu);
        }
    }
}

/* ---- attention --------------------------------------------------------------------------- */
/* Scratch floats one eb__attention call needs for sequences up to max_len tokens. */
EB__FN size_t eb__attention_scratch(const eb__kernels *kn, int max_len, int head_dim) {
    const size_t lp = (size_t)(max_len + kn->nr - 1) / kn->nr * kn->nr;
    size_t f = lp * (size_t)head_dim + (size_t)kn->mr * lp;
    if (head_dim % kn->nr) f += (size_t)(head_dim + kn->nr - 1) / kn->nr * kn->nr * (size_t)max_len;
    return f + 16;
}

/* One head of one sequence of len tokens. qkv rows (stride ldq) hold Q | K | V, each
   hidden wide; this head uses columns [head*dh, (head+1)*dh) of each. Writes the context
   into out (stride ldo) at the same columns. No mask: a packed sequence sees only itself. */
EB__FN void eb__attention(const eb__kernels *kn, const float *qkv, size_t ldq, int len, int hidden,
                          int head, int dh, float scale, float *out, size_t ldo, float *scratch) {
    const int nr = kn->nr, mr = kn->mr;
    const int nkp = (len + nr - 1) / nr, nvp = (dh + nr - 1) / nr, vdirect = dh % nr == 0;
    const size_t lp = (size_t)nkp * nr;
    const float *q = qkv + (size_t)head * dh, *k = q + hidden, *v = k + hidden;
    float *kt = scratch, *s = kt + lp * dh, *vp = s + (size_t)mr * lp;
    float tmp[EB__MR_MAX * EB__NR_MAX] EB__ALIGNED(64);
    int i0, j, d, p, r;
    /* K^T as panels of nr keys: kt[p][d][jj]; padded keys are zero and never read back. */
    memset(kt + (size_t)(nkp - 1) * dh * nr, 0, (size_t)dh * nr * sizeof(float));
    for (j = 0; j < len; j++) {
        float *dst = kt + (size_t)(j / nr) * dh * nr + (j % nr);
        const float *src = k + (size_t)j * ldq;
        for (d = 0; d < dh; d++) dst[(size_t)d * nr] = src[d];
    }
    if (!vdirect) {  /* V as zero-padded panels of nr columns: vp[p][j][jj] */
        memset(vp, 0, (size_t)nvp * len * nr * sizeof(float));
        for (p = 0; p < nvp; p++)
            for (j = 0; j < len; j++)
                for (d = p * nr; d < EB__MIN(dh, (p + 1) * nr); d++)
                    vp[((size_t)p * len + j) * nr + (d - p * nr)] = v[(size_t)j * ldq + d];
    }
    for (i0 = 0; i0 < len; i0 += mr) {
        const int rows = EB__MIN(mr, len - i0);
        for (p = 0; p < nkp; p++)
            kn->tile(rows, dh, q + (size_t)i0 * ldq, ldq, kt + (size_t)p * dh * nr, nr, s + (size_t)p * nr, lp, 0);
        for (r = 0; r < rows; r++) kn->softmax(s + (size_t)r * lp, len, scale);
        for (p = 0; p < nvp; p++) {
            float *o = out + (size_t)i0 * ldo + (size_t)head * dh + (size_t)p * nr;
            if (vdirect) {
                kn->tile(rows, len, s, lp, v + (size_t)p * nr, ldq, o, ldo, 0);
            } else {
                const int ncol = EB__MIN(nr, dh - p * nr);
                kn->tile(rows, len, s, lp, vp + (size_t)p * len * nr, nr, tmp, nr, 0);
                for (r = 0; r < rows; r++) memcpy(o + (size_t)r * ldo, tmp + r * nr, (size_t)ncol * sizeof(float));
            }
        }
    }
}
