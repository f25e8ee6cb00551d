/* demo: the example benchmark. Many threads each want one text embedding.
 *
 *   build/examples/demo --model models/all-MiniLM-L6-v2 [--callers 16] [--seconds 3]
 *   build/examples/demo --echo            (the echo TEST backend: no model, no meaning)
 *
 * 1. loads the model with the bundled CPU backend and checks that similar sentences land
 *    close together;
 * 2. runs N caller threads that each embed one sentence at a time, two ways:
 *      naive:      every caller locks the model and runs its own forward pass
 *      embedbatch: every caller calls eb_embed(); the batcher merges what queues up
 *    and prints sentences/s and latency percentiles for both;
 * 3. prints the batcher's statistics and a few lines of its Prometheus output. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *sentences[] = {
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "The girl is carrying a baby.",
    "A man is riding a horse.",
    "A woman is playing violin.",
    "Two men pushed carts through the woods.",
    "A man is riding a white horse on an enclosed ground.",
    "A monkey is playing drums.",
    "Someone in a gorilla costume is playing a set of drums.",
    "The new movie is awesome and the cast was brilliant.",
    "The cat sits outside waiting for the rain to stop.",
    "Do you know a good restaurant near the central station?",
    "Quarterly revenue grew by twelve percent, beating analyst expectations.",
    "Install the package, then restart the server to apply the configuration.",
    "How many calories are in a cup of cooked rice?",
    "The committee postponed the vote until more evidence could be reviewed.",
};
#define N_SENTENCES (int)(sizeof sentences / sizeof sentences[0])

typedef struct caller {
    int id, naive;
    eb_batcher *b;
    eb_backend *be;
    pthread_mutex_t *lock;
    int64_t stop_us;
    long done, errors;
    double *lat_us;
    long n_lat, cap;
    int dim;
} caller;

static void *caller_main(void *arg) {
    caller *c = (caller *)arg;
    float *v = (float *)malloc(sizeof(float) * (size_t)c->dim);
    long i = c->id;
    while (eb_now_us() < c->stop_us) {
        const char *text = sentences[i++ % N_SENTENCES];
        int64_t t0 = eb_now_us();
        eb_status s;
        if (c->naive) {
            pthread_mutex_lock(c->lock);
            s = eb_backend_embed(c->be, &text, NULL, 1, v, c->dim);
            pthread_mutex_unlock(c->lock);
        } else {
            s = eb_embed(c->b, text, v, c->dim, 30000000);
        }
        if (s != EB_OK) { c->errors++; continue; }
        c->done++;
        if (c->n_lat == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 1024;
            c->lat_us = (double *)realloc(c->lat_us, sizeof(double) * (size_t)c->cap);
        }
        c->lat_us[c->n_lat++] = (double)(eb_now_us() - t0);
    }
    free(v);
    return NULL;
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct run_result { double per_s, p50, p99; long errors; } run_result;

static run_result run(int naive, eb_backend *be, eb_batcher *b, int callers, double seconds, int dim) {
    caller *cs = (caller *)calloc((size_t)callers, sizeof *cs);
    pthread_t *ts = (pthread_t *)calloc((size_t)callers, sizeof *ts);
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    double *all;
    long total = 0, k = 0, i;
    int64_t start = eb_now_us();
    run_result r;
    memset(&r, 0, sizeof r);
    for (i = 0; i < callers; i++) {
        cs[i].id = (int)i; cs[i].naive = naive; cs[i].b = b; cs[i].be = be; cs[i].lock = &lock;
        cs[i].stop_us = start + (int64_t)(seconds * 1e6); cs[i].dim = dim;
        pthread_create(&ts[i], NULL, caller_main, &cs[i]);
    }
    for (i = 0; i < callers; i++) { pthread_join(ts[i], NULL); total += cs[i].n_lat; r.errors += cs[i].errors; }
    r.per_s = (double)total / ((double)(eb_now_us() - start) / 1e6);
    all = (double *)malloc(sizeof(double) * (size_t)(total ? total : 1));
    for (i = 0; i < callers; i++) {
        memcpy(all + k, cs[i].lat_us, sizeof(double) * (size_t)cs[i].n_lat);
        k += cs[i].n_lat;
        free(cs[i].lat_us);
    }
    qsort(all, (size_t)total, sizeof(double), cmp_d);
    if (total) { r.p50 = all[total / 2] / 1000.0; r.p99 = all[(long)((double)(total - 1) * 0.99)] / 1000.0; }
    free(all); free(cs); free(ts);
    return r;
}

static double cosine(const float *a, const float *b, int n) {
    double d = 0, na = 0, nb = 0;
    int i;
    for (i = 0; i < n; i++) { d += (double)a[i] * b[i]; na += (double)a[i] * a[i]; nb += (double)b[i] * b[i]; }
    return d / (sqrt(na) * sqrt(nb) + 1e-30);
}

int main(int argc, char **argv) {
    const char *model = "models/all-MiniLM-L6-v2";
    int callers = 16, echo = 0, threads = 0, i;
    double seconds = 3;
    eb_backend *be = NULL;
    eb_batcher *b = NULL;
    eb_backend_info info;
    eb_batcher_desc bd;
    eb_stats st;
    run_result naive, batched;
    float *v;
    char *prom;
    size_t prom_len;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--model") && i + 1 < argc) model = argv[++i];
        else if (!strcmp(argv[i], "--callers") && i + 1 < argc) callers = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--echo")) echo = 1;
        else { fprintf(stderr, "usage: %s [--model DIR] [--callers N] [--seconds S] [--threads T] [--echo]\n", argv[0]); return 2; }
    }
    if (callers < 1) callers = 1;
    if (echo) {
        eb_echo_desc ed;
        memset(&ed, 0, sizeof ed);
        ed.call_latency_us = 2000;
        ed.item_latency_us = 100;
        if (eb_backend_echo(&ed, &be) != EB_OK) { fprintf(stderr, "echo: %s\n", eb_last_error()); return 1; }
        printf("backend: echo TEST backend (2 ms per call + 0.1 ms per item; vectors carry no meaning)\n");
    } else {
        eb_cpu_desc cd;
        int64_t t0 = eb_now_us();
        memset(&cd, 0, sizeof cd);
        cd.model_dir = model;
        cd.threads = threads;
        if (eb_backend_cpu(&cd, &be) != EB_OK) {
            fprintf(stderr, "cannot load %s: %s\n(get it with: scripts/get-model.sh all-MiniLM-L6-v2)\n", model, eb_last_error());
            return 1;
        }
        eb_backend_get_info(be, &info);
        printf("backend: %s, model %s, dim %d, max %d tokens, loaded in %.0f ms\n", info.name, model, info.dim,
               info.max_tokens, (double)(eb_now_us() - t0) / 1000.0);
    }
    eb_backend_get_info(be, &info);
    memset(&bd, 0, sizeof bd);
    bd.backend = be;
    bd.max_batch_size = 64;
    if (eb_batcher_create(&bd, &b) != EB_OK) { fprintf(stderr, "batcher: %s\n", eb_last_error()); return 1; }

    v = (float *)malloc(sizeof(float) * (size_t)info.dim * 3);
    if (eb_embed(b, sentences[0], v, info.dim, 30000000) == EB_OK &&
        eb_embed(b, sentences[1], v + info.dim, info.dim, 30000000) == EB_OK &&
        eb_embed(b, sentences[2], v + 2 * info.dim, info.dim, 30000000) == EB_OK) {
        printf("\ncosine(\"%s\", \"%s\") = %.3f\n", sentences[0], sentences[1], cosine(v, v + info.dim, info.dim));
        printf("cosine(\"%s\", \"%s\") = %.3f\n", sentences[0], sentences[2], cosine(v, v + 2 * info.dim, info.dim));
    }
    free(v);

    printf("\n%d caller threads, %.1f s each way, one sentence per call:\n", callers, seconds);
    naive = run(1, be, NULL, callers, seconds, info.dim);
    batched = run(0, be, b, callers, seconds, info.dim);
    printf("| way | sentences/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|\n");
    printf("| naive: lock + one forward per request | %.0f | %.2f | %.2f | %ld |\n", naive.per_s, naive.p50, naive.p99, naive.errors);
    printf("| embedbatch: eb_embed() from every thread | %.0f | %.2f | %.2f | %ld |\n", batched.per_s, batched.p50, batched.p99, batched.errors);
    printf("speed-up: %.2fx\n", naive.per_s > 0 ? batched.per_s / naive.per_s : 0);

    eb_batcher_stats(b, &st);
    printf("\nbatcher: %llu requests in %llu batches (mean %.1f, max %.0f); queue wait p50 %.0f us; backend p50 %.0f us\n",
           (unsigned long long)st.submitted, (unsigned long long)st.batches, st.batch_size.mean, st.batch_size.max,
           st.queue_wait_us.p50, st.backend_us.p50);
    printf("flush reasons: full_requests %llu, full_tokens %llu, window %llu, backend_idle %llu\n",
           (unsigned long long)st.flushes[EB_FLUSH_FULL_REQUESTS], (unsigned long long)st.flushes[EB_FLUSH_FULL_TOKENS],
           (unsigned long long)st.flushes[EB_FLUSH_WINDOW_EXPIRED], (unsigned long long)st.flushes[EB_FLUSH_BACKEND_IDLE]);
    prom_len = eb_batcher_prometheus(b, NULL, 0);
    prom = (char *)malloc(prom_len + 1);
    eb_batcher_prometheus(b, prom, prom_len + 1);
    printf("\nPrometheus (first lines of %zu bytes):\n%.*s...\n", prom_len, 420, prom);
    free(prom);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    return naive.errors + batched.errors ? 1 : 0;
}
