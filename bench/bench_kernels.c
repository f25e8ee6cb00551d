/* Kernel benchmarks: peak FP32 FMA throughput per core, GEMM GFLOP/s for the MiniLM shapes
 * per kernel set (1 and 2 threads, % of that set's measured peak), and a whole
 * MiniLM-shaped forward (random weights) in tokens/s. Prints markdown tables.
 *
 *   build/bench/bench_kernels [--quick] [--isa scalar|avx2|avx512|neon] [--threads N]
 *   build/bench/bench_kernels --peak [--threads N]   (one JSON line for bench/run-cpu.sh)
 *
 * Every number is the median of several timed repetitions after a warm-up. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include <sys/utsname.h>

static int g_quick;
static int g_threads = 2;

static double now_s(void) { return (double)eb__now_ns() * 1e-9; }

/* Single-thread runs are timed with the thread's CPU clock: this machine may be shared, and
   CPU time leaves out the time the OS gave to other work. Multi-thread runs use wall time. */
static double thread_cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double clock_s(int n_threads) { return n_threads > 1 ? now_s() : thread_cpu_s(); }

static int cmp_double(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* ---- peak: independent FMA chains held in registers ---------------------------------- */
/* Enough chains to cover FMA latency x pipes (4 x 2 on current cores); the loads of the
   constants are hoisted, so the loop body is FMAs and a counter only. Returns a value
   derived from every chain so nothing is dead. */
static volatile float g_sink;

#ifdef EB__KERNELS_X86
#define CH8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
#define DECL256(i) __m256 a##i = _mm256_set1_ps(1.0f + (float)i * 1e-3f);
#define FMA256(i) a##i = _mm256_fmadd_ps(a##i, m, c);
#define SUM256(i) s = _mm256_add_ps(s, a##i);
__attribute__((target("avx2,fma"))) static long peak_avx2(long iters) {
    const __m256 m = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-6f);
    __m256 s = _mm256_setzero_ps();
    long i;
    float out[8];
    CH8(DECL256)
    /* distinct starts: chains equal to a0..a3 would be merged by the compiler (it did,
       and the peak read 1.5x too high) */
    __m256 b0 = _mm256_set1_ps(1.1f), b1 = _mm256_set1_ps(1.2f), b2 = _mm256_set1_ps(1.3f),
           b3 = _mm256_set1_ps(1.4f);
    for (i = 0; i < iters; i++) {
        CH8(FMA256)
        b0 = _mm256_fmadd_ps(b0, m, c); b1 = _mm256_fmadd_ps(b1, m, c);
        b2 = _mm256_fmadd_ps(b2, m, c); b3 = _mm256_fmadd_ps(b3, m, c);
    }
    CH8(SUM256)
    s = _mm256_add_ps(s, _mm256_add_ps(_mm256_add_ps(b0, b1), _mm256_add_ps(b2, b3)));
    _mm256_storeu_ps(out, s);
    g_sink = out[0];
    return iters * 12 * 8 * 2;   /* FLOPs: 12 chains x 8 lanes x (mul + add) */
}

#define CH16(X) CH8(X) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
#define DECL512(i) __m512 a##i = _mm512_set1_ps(1.0f + (float)i * 1e-3f);
#define FMA512(i) a##i = _mm512_fmadd_ps(a##i, m, c);
#define SUM512(i) s = _mm512_add_ps(s, a##i);
__attribute__((target("avx512f,avx512dq,avx2,fma"))) static long peak_avx512(long iters) {
    const __m512 m = _mm512_set1_ps(0.999999f), c = _mm512_set1_ps(1e-6f);
    __m512 s = _mm512_setzero_ps();
    long i;
    float out[16];
    CH16(DECL512)
    for (i = 0; i < iters; i++) { CH16(FMA512) }
    CH16(SUM512)
    _mm512_storeu_ps(out, s);
    g_sink = out[0] + out[15];
    return iters * 16 * 16 * 2;
}
#endif

#ifdef EB__KERNELS_NEON
#define CH8N(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
#define DECLN(i) float32x4_t a##i = vdupq_n_f32(1.0f + (float)i * 1e-3f);
#define FMAN(i) a##i = vfmaq_f32(c, a##i, m);
#define SUMN(i) s = vaddq_f32(s, a##i);
static long peak_neon(long iters) {
    const float32x4_t m = vdupq_n_f32(0.999999f), c = vdupq_n_f32(1e-6f);
    float32x4_t s = vdupq_n_f32(0.0f);
    long i;
    CH8N(DECLN)
    for (i = 0; i < iters; i++) { CH8N(FMAN) }
    CH8N(SUMN)
    g_sink = vaddvq_f32(s);
    return iters * 16 * 4 * 2;
}
#endif

static long peak_run(eb_isa isa, long iters) {
    switch (isa) {
#ifdef EB__KERNELS_X86
    case EB_ISA_AVX2: return peak_avx2(iters);
    case EB_ISA_AVX512: return peak_avx512(iters);
#endif
#ifdef EB__KERNELS_NEON
    case EB_ISA_NEON: return peak_neon(iters);
#endif
    default: return 0;
    }
}

typedef struct peak_arg { eb_isa isa; long iters; long flops; double gflops; } peak_arg;
static void *peak_thread(void *p) {
    peak_arg *a = (peak_arg *)p;
    const double t0 = thread_cpu_s();
    a->flops = peak_run(a->isa, a->iters);
    a->gflops = (double)a->flops / (thread_cpu_s() - t0) * 1e-9;
    return NULL;
}

/* A short peak sample (~5 ms per thread) taken next to each GEMM repetition: the clock of a
   shared or boosting CPU drifts, so each repetition is compared with the peak of its moment.
   With a pool of n threads, n peak loops run as pool tasks and the sample is their total
   over wall time: the FMA throughput the machine gives us right now. */
static void peak_task(void *ctx, int task, int thread) {
    peak_arg *a = (peak_arg *)ctx;
    (void)thread;
    a[task].flops = peak_run(a[task].isa, a[task].iters);
}

static double peak_sample(eb_isa isa, eb__pool *pool) {
    peak_arg a[64];
    const int nt = eb__pool_threads(pool);
    double t0, fl = 0;
    int t;
    if (nt == 1) {
        a[0].isa = isa; a[0].iters = 2000000; a[0].gflops = 0;
        peak_thread(&a[0]);
        return a[0].gflops;
    }
    for (t = 0; t < nt; t++) { a[t].isa = isa; a[t].iters = 2000000; }
    t0 = now_s();
    eb__pool_run(pool, peak_task, a, nt);
    t0 = now_s() - t0;
    for (t = 0; t < nt; t++) fl += (double)a[t].flops;
    return fl / t0 * 1e-9;
}

/* Median GFLOP/s of one thread (thread CPU time), and with n threads running at once the
   total over wall time (what the machine delivers while shared). */
static double peak_gflops(eb_isa isa, int n_threads, double *sum_all) {
    const long iters = g_quick ? 20000000 : 60000000;
    double v[7], tot[7];
    int r, t;
    for (r = 0; r < 7; r++) {
        peak_arg args[64];
        eb__thread th[64];
        double t0;
        for (t = 0; t < n_threads; t++) { args[t].isa = isa; args[t].iters = iters; }
        t0 = now_s();
        for (t = 1; t < n_threads; t++) eb__thread_start(&th[t], peak_thread, &args[t]);
        peak_thread(&args[0]);
        for (t = 1; t < n_threads; t++) eb__thread_join(&th[t]);
        t0 = now_s() - t0;
        tot[r] = 0;
        for (t = 0; t < n_threads; t++) tot[r] += (double)args[t].flops / t0 * 1e-9;
        v[r] = args[0].gflops;
    }
    if (sum_all) *sum_all = median(tot, 7);
    return median(v, 7);
}

/* ---- GEMM ---------------------------------------------------------------------------- */
static float *rand_floats(size_t n, uint64_t seed, float scale) {
    float *p = (float *)eb__alloc(NULL, n * sizeof(float), 64);
    size_t i;
    for (i = 0; i < n; i++) p[i] = scale * ((float)(eb__splitmix64(&seed) >> 40) * (1.0f / 16777216.0f) * 2.0f - 1.0f);
    return p;
}

/* y = x W^T + b for one shape: median GFLOP/s over reps (each >= ~40 ms), and the median
   ratio to the per-thread peak sampled next to each rep (peak_isa: which peak loop). */
static double gemm_gflops(const eb__kernels *k, eb__pool *pool, int M, int N, int K, eb_isa peak_isa, double *frac) {
    float *x = rand_floats((size_t)M * K, 1, 1.0f), *w = rand_floats((size_t)N * K, 2, 0.05f);
    float *b = rand_floats((size_t)N, 3, 0.1f), *y = (float *)eb__alloc(NULL, (size_t)M * N * sizeof(float), 64);
    const double flop = 2.0 * M * N * K;
    const int nt = eb__pool_threads(pool);
    double v[9], f[9], t0, dt;
    int reps = g_quick ? 3 : 9, inner = 1, r, i;
    eb__pw pw;
    eb__gemm g;
    eb__pw_pack(&pw, w, b, N, K, k->nr, NULL);
    g.x = x; g.ldx = (size_t)K; g.w = &pw; g.y = y; g.ldy = (size_t)N; g.res = NULL; g.ldr = 0; g.m = M; g.gelu = 0;
    eb__gemm_parallel(k, pool, &g);              /* warm-up, and calibrate the inner count */
    t0 = now_s();
    eb__gemm_parallel(k, pool, &g);
    dt = now_s() - t0;
    if (dt < 0.04) inner = (int)(0.04 / (dt > 1e-6 ? dt : 1e-6)) + 1;
    for (r = 0; r < reps; r++) {
        const double pk = peak_isa != EB_ISA_AUTO ? peak_sample(peak_isa, pool) : 0;
        t0 = clock_s(nt);
        for (i = 0; i < inner; i++) eb__gemm_parallel(k, pool, &g);
        v[r] = flop * inner / (clock_s(nt) - t0) * 1e-9;
        f[r] = pk > 0 ? v[r] / pk : 0;
    }
    eb__pw_free(&pw, NULL);
    eb__free(NULL, x, (size_t)M * K * sizeof(float)); eb__free(NULL, w, (size_t)N * K * sizeof(float));
    eb__free(NULL, b, (size_t)N * sizeof(float)); eb__free(NULL, y, (size_t)M * N * sizeof(float));
    *frac = median(f, reps);
    return median(v, reps);
}

/* ---- forward ------------------------------------------------------------------------- */
static eb_status random_tensor(void *user, const char *name, const int64_t *shape, int ndim, float *out) {
    uint64_t seed = eb__fnv1a64(name, strlen(name));
    size_t n = 1, i;
    int d;
    const int is_ln_w = strstr(name, "LayerNorm.weight") != NULL;
    (void)user;
    for (d = 0; d < ndim; d++) n *= (size_t)shape[d];
    for (i = 0; i < n; i++) {
        const float u = (float)(eb__splitmix64(&seed) >> 40) * (1.0f / 16777216.0f) * 2.0f - 1.0f;
        out[i] = is_ln_w ? 1.0f + 0.1f * u : (ndim == 2 ? 0.05f * u : 0.02f * u);
    }
    return EB_OK;
}

typedef struct fwd_result { double ms, tok_s; eb_cpu_mode picked; } fwd_result;

static fwd_result forward_bench(const eb__bert *m, eb__pool *pool, int n, const int *lens, eb_cpu_mode mode) {
    eb__bert_ctx *c = NULL;
    int32_t **ids = (int32_t **)malloc(sizeof(int32_t *) * (size_t)n);
    float *out = (float *)malloc(sizeof(float) * (size_t)n * (size_t)m->cfg.hidden);
    uint64_t seed = 7;
    double v[15], t0;
    long T = 0;
    int reps = g_quick ? 5 : 15, i, t, inner = 1, r;
    fwd_result res;
    for (i = 0; i < n; i++) {
        ids[i] = (int32_t *)malloc(sizeof(int32_t) * (size_t)lens[i]);
        for (t = 0; t < lens[i]; t++) ids[i][t] = (int32_t)(1000 + eb__splitmix64(&seed) % 20000);
        ids[i][0] = 101; ids[i][lens[i] - 1] = 102;
        T += lens[i];
    }
    eb__bert_ctx_create(m, pool, (int)T, &c);
    res.picked = mode == EB_CPU_AUTO ? eb__bert_pick_mode(c, n, (size_t)T) : mode;
    eb__bert_forward(c, (const int32_t *const *)ids, lens, n, mode, out);   /* warm-up */
    t0 = now_s();
    eb__bert_forward(c, (const int32_t *const *)ids, lens, n, mode, out);
    t0 = now_s() - t0;
    if (t0 < 0.02) inner = (int)(0.02 / (t0 + 1e-9)) + 1;
    else if (t0 * reps > 4.0) reps = EB__MAX(3, (int)(4.0 / t0));   /* slow (scalar) runs: ~4 s */
    for (r = 0; r < reps; r++) {
        t0 = clock_s(eb__pool_threads(pool));
        for (i = 0; i < inner; i++) eb__bert_forward(c, (const int32_t *const *)ids, lens, n, mode, out);
        v[r] = (clock_s(eb__pool_threads(pool)) - t0) / inner;
    }
    res.ms = median(v, reps) * 1e3;
    res.tok_s = (double)T / (res.ms * 1e-3);
    eb__bert_ctx_destroy(c);
    for (i = 0; i < n; i++) free(ids[i]);
    free(ids); free(out);
    return res;
}

static void machine_line(void) {
    char model[256] = "unknown", date[64];
    FILE *f = fopen("/proc/cpuinfo", "r");
    struct utsname u;
    time_t now = time(NULL);
    if (f) {
        char line[512];
        while (fgets(line, sizeof line, f))
            if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
                snprintf(model, sizeof model, "%s", strchr(line, ':') + 2);
                model[strcspn(model, "\n")] = 0;
                break;
            }
        fclose(f);
    }
    uname(&u);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    printf("Machine: %s, %d online CPUs, %s %s; compiler: %s; date: %s\n\n", model, eb__num_cpus(), u.sysname,
           u.machine, __VERSION__, date);
}

int main(int argc, char **argv) {
    static const eb_isa isas[] = { EB_ISA_SCALAR, EB_ISA_AVX2, EB_ISA_AVX512, EB_ISA_NEON };
    static const int shapes[][2] = { { 1152, 384 }, { 384, 384 }, { 1536, 384 }, { 384, 1536 } };
    static const int Ms[] = { 32, 64, 128, 256, 512, 1024, 2048, 4096 };
    eb_isa only = EB_ISA_AUTO;
    double peak[5] = { 0, 0, 0, 0, 0 };
    eb__pool *pools[2] = { NULL, NULL };
    int i, s, mi, ti, peak_only = 0;
    size_t ii;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) g_quick = 1;
        else if (!strcmp(argv[i], "--peak")) peak_only = 1;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) g_threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--isa") && i + 1 < argc) {
            const char *n = argv[++i];
            for (ii = 0; ii < 4; ii++) if (!strcmp(n, eb__isa_name(isas[ii]))) only = isas[ii];
        } else { fprintf(stderr, "usage: %s [--quick] [--peak] [--isa NAME] [--threads N]\n", argv[0]); return 2; }
    }
    if (g_threads < 1) g_threads = 1;
    if (g_threads > 64) g_threads = 64;
    if (peak_only) {  /* the best kernel set's FMA peak with g_threads loops at once */
        const eb__kernels *best = eb__kernels_best();
        double all = 0;
        if (best->isa == EB_ISA_SCALAR) { fprintf(stderr, "bench_kernels: no SIMD set, no peak loop\n"); return 1; }
        peak_gflops(best->isa, g_threads, &all);
        printf("{\"peak_gflops\": %.1f, \"threads\": %d, \"method\": \"bench_kernels --peak: %s FMA chains "
               "in registers, %d threads at once, median of 7\"}\n", all, g_threads, best->name, g_threads);
        return 0;
    }
    printf("# bench_kernels\n\n");
    machine_line();

    /* peak */
    printf("## Peak FP32 FMA throughput (register-only FMA chains, median of 7)\n\n");
    printf("| ISA | 1 thread GFLOP/s | %d threads GFLOP/s (sum) |\n|---|---:|---:|\n", g_threads);
    for (ii = 1; ii < 4; ii++) {
        double all;
        if (!eb__kernels_for(isas[ii])) continue;
        peak[isas[ii]] = peak_gflops(isas[ii], 1, NULL);
        peak_gflops(isas[ii], g_threads, &all);
        printf("| %s | %.1f | %.1f |\n", eb__isa_name(isas[ii]), peak[isas[ii]], all);
    }
    printf("\nPeak: 12 (AVX2) or 16 (AVX-512, NEON) independent accumulator chains of a*m+c in registers, "
           "FLOPs = iterations x chains x lanes x 2, thread CPU time; the %d-thread column runs one loop per thread "
           "at once: total FLOPs over wall time, i.e. what this (shared) machine delivers.\n\n", g_threads);

    if (eb__pool_create(1, NULL, &pools[0]) != EB_OK || eb__pool_create(g_threads, NULL, &pools[1]) != EB_OK) {
        fprintf(stderr, "pool: %s\n", eb_last_error());
        return 1;
    }

    /* GEMM */
    for (ii = 0; ii < 4; ii++) {
        const eb__kernels *k = eb__kernels_for(isas[ii]);
        const eb_isa pisa = peak[isas[ii]] > 0 ? isas[ii] : peak[EB_ISA_AVX512] > 0 ? EB_ISA_AVX512
                          : peak[EB_ISA_AVX2] > 0 ? EB_ISA_AVX2 : peak[EB_ISA_NEON] > 0 ? EB_ISA_NEON : EB_ISA_AUTO;
        if (!k || (only != EB_ISA_AUTO && only != isas[ii])) continue;
        printf("## GEMM y = x W^T + b, %s kernels (tile %dx%d): GFLOP/s (%% of %s peak)\n\n", k->name,
               k->mr, k->nr, eb__isa_name(pisa));
        printf("| M |");
        for (s = 0; s < 4; s++) printf(" N=%d K=%d, 1T | %dT |", shapes[s][0], shapes[s][1], g_threads);
        printf("\n|---|");
        for (s = 0; s < 4; s++) printf("---:|---:|");
        printf("\n");
        for (mi = 0; mi < (int)(sizeof Ms / sizeof Ms[0]); mi++) {
            if (isas[ii] == EB_ISA_SCALAR && Ms[mi] > 128) continue;   /* slow, and not the point */
            if (g_quick && Ms[mi] != 32 && Ms[mi] != 256 && Ms[mi] != 2048) continue;
            printf("| %d |", Ms[mi]);
            for (s = 0; s < 4; s++)
                for (ti = 0; ti < 2; ti++) {
                    double frac;
                    const double gf = gemm_gflops(k, pools[ti], Ms[mi], shapes[s][0], shapes[s][1], pisa, &frac);
                    printf(" %.1f (%.0f%%) |", gf, 100.0 * frac);
                    fflush(stdout);
                }
            printf("\n");
        }
        printf("\n%% = median over reps of GFLOP/s / peak sampled just before the rep with the same threads (1T: "
               "thread CPU time; %dT: wall time, peak loops run as pool tasks, so %% is of the FMA throughput the "
               "machine gave at that moment).\n\n", g_threads);
    }

    /* forward */
    {
        static const int one[] = { 40 };
        int lens32[32];
        uint64_t seed = 11;
        eb__bert_config cfg;
        long T32 = 0;
        memset(&cfg, 0, sizeof cfg);
        cfg.n_layers = 6; cfg.hidden = 384; cfg.n_heads = 12; cfg.ffn = 1536; cfg.vocab = 30522;
        cfg.max_pos = 512; cfg.type_vocab = 2; cfg.ln_eps = 1e-12f; cfg.pooling = EB__POOLING_MEAN; cfg.normalize = 1;
        for (i = 0; i < 32; i++) { lens32[i] = 30 + (int)(eb__splitmix64(&seed) % 21); T32 += lens32[i]; }
        printf("## MiniLM-shaped forward (6 layers, H=384, 12 heads, F=1536; random weights), median ms per call\n\n");
        printf("1 thread: thread CPU time; more threads: wall time.\n\n");
        printf("Batch 32 has %ld tokens (lengths 30..50). ~21.2 MFLOP/token in the linear layers.\n\n", T32);
        printf("| kernels | threads | 1 x 40, latency | 32 x ~40, throughput | 32 x ~40, latency | 32 x ~40, auto |\n");
        printf("|---|---:|---:|---:|---:|---:|\n");
        for (ii = 0; ii < 4; ii++) {
            const eb__kernels *k = eb__kernels_for(isas[ii]);
            eb__bert *m = NULL;
            if (!k || (only != EB_ISA_AUTO && only != isas[ii])) continue;
            if (eb__bert_load(&cfg, k, random_tensor, NULL, NULL, &m) != EB_OK) {
                fprintf(stderr, "load: %s\n", eb_last_error());
                return 1;
            }
            for (ti = 0; ti < 2; ti++) {
                const fwd_result a = forward_bench(m, pools[ti], 1, one, EB_CPU_LATENCY);
                printf("| %s | %d | %.2f ms, %.0f tok/s |", k->name, ti ? g_threads : 1, a.ms, a.tok_s);
                if (isas[ii] == EB_ISA_SCALAR && g_quick) {
                    printf(" - | - | - |\n");   /* seconds per call: skipped in quick mode */
                } else {
                    const fwd_result b = forward_bench(m, pools[ti], 32, lens32, EB_CPU_THROUGHPUT);
                    const fwd_result c = forward_bench(m, pools[ti], 32, lens32, EB_CPU_LATENCY);
                    const fwd_result d = forward_bench(m, pools[ti], 32, lens32, EB_CPU_AUTO);
                    printf(" %.1f ms, %.0f tok/s | %.1f ms, %.0f tok/s | %.1f ms, %.0f tok/s (%s) |\n", b.ms, b.tok_s,
                           c.ms, c.tok_s, d.ms, d.tok_s, d.picked == EB_CPU_THROUGHPUT ? "throughput" : "latency");
                }
                fflush(stdout);
            }
            eb__bert_free(m);
        }
        printf("\n");
    }
    eb__pool_destroy(pools[0]);
    eb__pool_destroy(pools[1]);
    return 0;
}
