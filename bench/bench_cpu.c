/* CPU backend benchmark, to the protocol of bench/peers/README.md (the same texts, batches,
 * warm-up, timer and JSON lines as the ONNX Runtime / sentence-transformers / llama.cpp
 * harness, so bench/run-cpu.sh can put them side by side):
 *
 *   bench_cpu --model DIR --texts FILE [--threads N] [--batches 1,8,32,128] [--json]
 *             [--min-time S] [--min-batches K] [--warmup S] [--isa auto|scalar|avx2|avx512|neon]
 *             [--mode auto|latency|throughput] [--engine NAME]
 *   bench_cpu --model DIR --texts FILE [--threads N] --dump OUT.f32
 *
 * Each batch is timed from the list of strings to the L2-normalised vectors: tokenisation,
 * packing, forward, pooling and normalisation included, on the calling thread plus the
 * backend's pool (N threads in all). */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "bench_common.h"

static const char *base_name(const char *path, char *buf, size_t cap) {
    const char *b = strrchr(path, '/');
    size_t n;
    b = b ? b + 1 : path;
    n = strcspn(b, ".");
    if (n >= cap) n = cap - 1;
    memcpy(buf, b, n);
    buf[n] = 0;
    return buf;
}

static eb_isa parse_isa(const char *s) {
    if (!strcmp(s, "scalar")) return EB_ISA_SCALAR;
    if (!strcmp(s, "avx2")) return EB_ISA_AVX2;
    if (!strcmp(s, "avx512")) return EB_ISA_AVX512;
    if (!strcmp(s, "neon")) return EB_ISA_NEON;
    return EB_ISA_AUTO;
}

static double load1(void) {
    double l = -1;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) { if (fscanf(f, "%lf", &l) != 1) l = -1; fclose(f); }
    return l;
}

int main(int argc, char **argv) {
    const char *model = "models/all-MiniLM-L6-v2", *texts_path = "bench/texts/short.txt", *dump = NULL;
    const char *engine = "embedbatch";
    int threads = 2, json = 0, min_batches = 3, batches[16] = {1, 8, 32, 128}, n_batches = 4, i, b;
    double min_time = 3, warmup = 1;
    eb_cpu_desc cd;
    eb_backend *be = NULL;
    eb_backend_info info;
    bench_texts t;
    int *tok;
    float *out;
    char tname[64];
    double t_load;
    memset(&cd, 0, sizeof cd);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--model") && i + 1 < argc) model = argv[++i];
        else if (!strcmp(argv[i], "--texts") && i + 1 < argc) texts_path = argv[++i];
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--batches") && i + 1 < argc) n_batches = bench_parse_ints(argv[++i], batches, 16);
        else if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "--min-time") && i + 1 < argc) min_time = atof(argv[++i]);
        else if (!strcmp(argv[i], "--min-batches") && i + 1 < argc) min_batches = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--warmup") && i + 1 < argc) warmup = atof(argv[++i]);
        else if (!strcmp(argv[i], "--dump") && i + 1 < argc) dump = argv[++i];
        else if (!strcmp(argv[i], "--isa") && i + 1 < argc) cd.isa = parse_isa(argv[++i]);
        else if (!strcmp(argv[i], "--engine") && i + 1 < argc) engine = argv[++i];
        else if (!strcmp(argv[i], "--mode") && i + 1 < argc) {
            const char *m = argv[++i];
            cd.mode = !strcmp(m, "latency") ? EB_CPU_LATENCY : !strcmp(m, "throughput") ? EB_CPU_THROUGHPUT : EB_CPU_AUTO;
        } else { fprintf(stderr, "unknown argument %s (see the comment at the top of bench/bench_cpu.c)\n", argv[i]); return 2; }
    }
    if (!bench_load_texts(texts_path, &t)) { fprintf(stderr, "cannot read texts from %s\n", texts_path); return 1; }
    cd.model_dir = model;
    cd.threads = threads;
    t_load = bench_now_s();
    if (eb_backend_cpu(&cd, &be) != EB_OK) { fprintf(stderr, "cannot load %s: %s\n", model, eb_last_error()); return 1; }
    t_load = bench_now_s() - t_load;
    eb_backend_get_info(be, &info);
    fprintf(stderr, "bench_cpu: %s, %s, %d texts from %s, loaded in %.0f ms\n", info.name, model, t.n, texts_path, t_load * 1e3);
    tok = (int *)malloc(sizeof(int) * (size_t)t.n);
    for (i = 0; i < t.n; i++) {
        int32_t ids[1024];
        tok[i] = be->vt->tokenize(be->self, t.s[i], t.len[i], ids, 1024);
    }

    if (dump) {
        FILE *f = fopen(dump, "wb");
        int chunk = 64;
        out = (float *)malloc(sizeof(float) * (size_t)info.dim * (size_t)chunk);
        if (!f) { fprintf(stderr, "cannot write %s\n", dump); return 1; }
        for (i = 0; i < t.n; i += chunk) {
            int n = t.n - i < chunk ? t.n - i : chunk;
            if (eb_backend_embed(be, (const char *const *)t.s + i, t.len + i, n, out, info.dim) != EB_OK) {
                fprintf(stderr, "embed failed: %s\n", eb_last_error());
                return 1;
            }
            fwrite(out, sizeof(float), (size_t)n * (size_t)info.dim, f);
        }
        fclose(f);
        free(out);
        eb_backend_destroy(be);
        return 0;
    }

    for (b = 0; b < n_batches; b++) {
        int B = batches[b], k, nb = 0;
        const char **bt = (const char **)malloc(sizeof(char *) * (size_t)B);
        size_t *bl = (size_t *)malloc(sizeof(size_t) * (size_t)B);
        double start, total_s = 0, tokens = 0, flop = 0;
        bench_samples lat;
        long sent = 0;
        out = (float *)malloc(sizeof(float) * (size_t)info.dim * (size_t)B);
        bench_samples_init(&lat);
        /* warm-up from batch 0, then restart at batch 0 for the measurement */
        start = bench_now_s();
        for (k = 0; k == 0 || bench_now_s() - start < warmup; k++) {
            int j;
            for (j = 0; j < B; j++) { int idx = (int)(((long)k * B + j) % t.n); bt[j] = t.s[idx]; bl[j] = t.len[idx]; }
            eb_backend_embed(be, bt, bl, B, out, info.dim);
        }
        for (k = 0;; k++) {
            int j;
            double t0, dt;
            for (j = 0; j < B; j++) {
                int idx = (int)(((long)k * B + j) % t.n);
                double L = tok[idx];
                bt[j] = t.s[idx];
                bl[j] = t.len[idx];
                tokens += L;
                flop += 6.0 * (3538944.0 * L + 1536.0 * L * L);   /* MiniLM-L6, as bench/peers/README.md */
            }
            t0 = bench_now_s();
            if (eb_backend_embed(be, bt, bl, B, out, info.dim) != EB_OK) { fprintf(stderr, "embed failed: %s\n", eb_last_error()); return 1; }
            dt = bench_now_s() - t0;
            total_s += dt;
            bench_samples_add(&lat, dt * 1e3);
            sent += B;
            nb++;
            if (total_s >= min_time && nb >= min_batches) break;
        }
        if (json)
            printf("{\"engine\":\"%s\",\"texts\":\"%s\",\"batch\":%d,\"threads\":%d,\"n_batches\":%d,\"sentences\":%ld,"
                   "\"seconds\":%.4f,\"sentences_per_s\":%.3f,\"tokens_per_s\":%.1f,\"gflop_per_s\":%.2f,"
                   "\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"version\":\"%s\",\"kernels\":\"%s\",\"load1\":%.2f}\n",
                   engine, base_name(texts_path, tname, sizeof tname), B, threads, nb, sent, total_s,
                   (double)sent / total_s, tokens / total_s, flop / total_s / 1e9,
                   bench_samples_quantile(&lat, 0.5), bench_samples_quantile(&lat, 0.9), EMBEDBATCH_VERSION_STRING,
                   info.name, load1());
        else
            printf("batch %4d: %8.1f sentences/s, %9.0f tokens/s, %6.1f GFLOP/s, p50 %.2f ms, p90 %.2f ms (%d batches)\n",
                   B, (double)sent / total_s, tokens / total_s, flop / total_s / 1e9, bench_samples_quantile(&lat, 0.5),
                   bench_samples_quantile(&lat, 0.9), nb);
        fflush(stdout);
        bench_samples_free(&lat);
        free(bt); free(bl); free(out);
    }
    eb_backend_destroy(be);
    for (i = 0; i < t.n; i++) free(t.s[i]);
    free(t.s); free(t.len); free(tok);
    return 0;
}
