/* GEMM tile ceiling: GFLOP/s of the AVX2 micro-kernel with A and B hot in L1/L2 (no
 * driver, no cache misses), next to two other register shapes, and the per-core FMA peak.
 * It answers "how much of the gap between the whole GEMM and the peak is the tile itself".
 * Usage: build/bench/bench_tile   (x86-64 with AVX2+FMA; elsewhere it says so and exits) */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "bench_common.h"

#ifdef EB__KERNELS_X86
#define TF static __attribute__((noinline, target("avx2,fma")))
#define BC(r) _mm256_broadcast_ss(a + (r) * lda + k)
#define FM(acc, t, bv) acc = _mm256_fmadd_ps(t, bv, acc)

/* 4 rows x 24 columns: 12 accumulators, 3 B vectors, 4 broadcasts per k (6x16 needs 6). */
TF void tile_4x24(int kc, const float *a, size_t lda, const float *b, float *c) {
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
    __m256 c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
    int k;
    for (k = 0; k < kc; k++, b += 24) {
        const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8), b2 = _mm256_loadu_ps(b + 16);
        __m256 t = BC(0); FM(c00, t, b0); FM(c01, t, b1); FM(c02, t, b2);
        t = BC(1); FM(c10, t, b0); FM(c11, t, b1); FM(c12, t, b2);
        t = BC(2); FM(c20, t, b0); FM(c21, t, b1); FM(c22, t, b2);
        t = BC(3); FM(c30, t, b0); FM(c31, t, b1); FM(c32, t, b2);
    }
    _mm256_storeu_ps(c, _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c00, c01), _mm256_add_ps(c02, c10)),
                     _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c11, c12), _mm256_add_ps(c20, c21)),
                     _mm256_add_ps(_mm256_add_ps(c22, c30), _mm256_add_ps(c31, c32)))));
}

/* 3 rows x 32 columns: the fourth B vector is an FMA memory operand (16 registers only). */
TF void tile_3x32(int kc, const float *a, size_t lda, const float *b, float *c) {
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00;
    __m256 c12 = c00, c13 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    int k;
    for (k = 0; k < kc; k++, b += 32) {
        const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8), b2 = _mm256_loadu_ps(b + 16);
        __m256 t = BC(0); FM(c00, t, b0); FM(c01, t, b1); FM(c02, t, b2); FM(c03, t, _mm256_loadu_ps(b + 24));
        t = BC(1); FM(c10, t, b0); FM(c11, t, b1); FM(c12, t, b2); FM(c13, t, _mm256_loadu_ps(b + 24));
        t = BC(2); FM(c20, t, b0); FM(c21, t, b1); FM(c22, t, b2); FM(c23, t, _mm256_loadu_ps(b + 24));
    }
    _mm256_storeu_ps(c, _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c00, c01), _mm256_add_ps(c02, c03)),
                     _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c10, c11), _mm256_add_ps(c12, c13)),
                     _mm256_add_ps(_mm256_add_ps(c20, c21), _mm256_add_ps(c22, c23)))));
}

/* 12 independent FMA chains: the per-core peak the tiles are compared with. */
#define CH12(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define PK_DECL(j) __m256 v##j = _mm256_set1_ps(1.0f + (float)(j) * 1e-3f);
#define PK_FMA(j) v##j = _mm256_fmadd_ps(v##j, m, c);
#define PK_SUM(j) s = _mm256_add_ps(s, v##j);
TF long peak_loop(long iters, float *sink) {
    const __m256 m = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-6f);
    __m256 s = _mm256_setzero_ps();
    long i;
    CH12(PK_DECL)
    for (i = 0; i < iters; i++) { CH12(PK_FMA) }
    CH12(PK_SUM)
    _mm256_storeu_ps(sink, s);
    return iters * 12 * 8 * 2;
}

enum { KC = 384, LDA = 384, M = 48, PANELS = 4 };

/* Best of 5 runs of 0.3 s: GFLOP/s of one shape over M rows x PANELS panels of K = KC. */
static double run_shape(int shape, const eb__kernels *kn, const float *a, const float *b, float *c) {
    static const int mr[3] = { 6, 4, 3 }, nr[3] = { 16, 24, 32 };
    double best = 0;
    int rep, p, i;
    for (rep = 0; rep < 5; rep++) {
        long calls = 0;
        const double t0 = bench_now_s();
        double t;
        while (bench_now_s() - t0 < 0.3) {
            for (p = 0; p < PANELS; p++)
                for (i = 0; i + mr[shape] <= M; i += mr[shape]) {
                    const float *ap = a + (size_t)i * LDA, *bp = b + (size_t)p * KC * nr[shape];
                    if (shape == 0) kn->tile(6, KC, ap, LDA, bp, 16, c + (size_t)i * 16, 16, 0);
                    else if (shape == 1) tile_4x24(KC, ap, LDA, bp, c);
                    else tile_3x32(KC, ap, LDA, bp, c);
                    calls++;
                }
        }
        t = bench_now_s() - t0;
        if (2.0 * KC * mr[shape] * nr[shape] * (double)calls / t * 1e-9 > best)
            best = 2.0 * KC * mr[shape] * nr[shape] * (double)calls / t * 1e-9;
    }
    return best;
}

int main(void) {
    static const char *names[3] = { "6x16 (the library's AVX2 tile)", "4x24", "3x32 (B vector 4 from memory)" };
    const eb__kernels *kn = eb__kernels_for(EB_ISA_AVX2);
    float *a, *b, *c, sink[8];
    double peak = 0, t0;
    int i, s;
    if (!kn) { printf("bench_tile: needs AVX2+FMA on x86-64\n"); return 0; }
    a = (float *)eb__alloc(NULL, sizeof(float) * M * LDA, 64);
    b = (float *)eb__alloc(NULL, sizeof(float) * KC * 32 * PANELS, 64);
    c = (float *)eb__alloc(NULL, sizeof(float) * M * 32, 64);
    for (i = 0; i < M * LDA; i++) a[i] = 1e-3f * (float)(i % 7);
    for (i = 0; i < KC * 32 * PANELS; i++) b[i] = 1e-3f * (float)(i % 5);
    for (i = 0; i < 5; i++) {
        double g;
        t0 = bench_now_s();
        g = (double)peak_loop(20000000, sink) / (bench_now_s() - t0) * 1e-9;
        if (g > peak) peak = g;
    }
    printf("# bench_tile: GEMM tiles with operands hot in L1/L2, 1 thread, K = %d, best of 5\n\n", KC);
    printf("FMA peak (12 chains in registers): %.1f GFLOP/s\n\n| tile | GFLOP/s | %% of peak |\n|---|---:|---:|\n", peak);
    for (s = 0; s < 3; s++) {
        const double g = run_shape(s, kn, a, b, c);
        printf("| %s | %.1f | %.0f%% |\n", names[s], g, 100.0 * g / peak);
    }
    eb__free(NULL, a, sizeof(float) * M * LDA);
    eb__free(NULL, b, sizeof(float) * KC * 32 * PANELS);
    eb__free(NULL, c, sizeof(float) * M * 32);
    return sink[0] == 12345.0f;   /* keeps the peak loop's result live */
}
#else
int main(void) { printf("bench_tile: x86-64 only\n"); return 0; }
#endif
