/* The seed scenario: N concurrent callers each want one embedding from a backend that costs
 * 5 ms per call + 0.1 ms per item (the echo test backend sleeping, standing in for a model on
 * an accelerator). Three ways to share it:
 *   (a) try_lock: a caller that finds the model busy gets an error (the pattern we replace)
 *   (b) lock:     callers queue on a mutex, one forward pass per request
 *   (c) embedbatch: requests that queue while the backend is busy become one batch
 * Prints throughput, error rate and latency percentiles per mode, and (c)/(b).
 * Usage: bench_seed [--seconds S] [--callers 1,10,64,256] */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "bench_common.h"

enum { MODE_TRYLOCK, MODE_LOCK, MODE_BATCHER, MODE_BATCHER_WINDOW, MODE_COUNT };
static const char *mode_names[] = {"(a) try_lock", "(b) blocking lock", "(c) embedbatch, continuous (default)",
                                   "(c') embedbatch, max_wait_us=500"};

typedef struct client {
    int mode;
    eb_backend *be;
    eb_batcher *b;
    pthread_mutex_t *model_lock;
    int64_t stop_us;
    long ok, errors;
    double *lat_ms;
    long n_lat, cap_lat;
} client;

static void record(client *c, double ms) {
    if (c->n_lat == c->cap_lat) {
        c->cap_lat = c->cap_lat ? c->cap_lat * 2 : 4096;
        c->lat_ms = (double *)realloc(c->lat_ms, sizeof(double) * (size_t)c->cap_lat);
    }
    c->lat_ms[c->n_lat++] = ms;
}

static void *client_main(void *arg) {
    client *c = (client *)arg;
    const char *text = "the quick brown fox jumps over the lazy dog";
    float v[384];
    while (eb_now_us() < c->stop_us) {
        int64_t t0 = eb_now_us();
        if (c->mode >= MODE_BATCHER) {
            if (eb_embed(c->b, text, v, 384, 10000000) == EB_OK) { c->ok++; record(c, (double)(eb_now_us() - t0) / 1000.0); }
            else c->errors++;
        } else if (c->mode == MODE_LOCK) {
            pthread_mutex_lock(c->model_lock);
            eb_backend_embed(c->be, &text, NULL, 1, v, 384);
            pthread_mutex_unlock(c->model_lock);
            c->ok++;
            record(c, (double)(eb_now_us() - t0) / 1000.0);
        } else {
            if (pthread_mutex_trylock(c->model_lock) == 0) {
                eb_backend_embed(c->be, &text, NULL, 1, v, 384);
                pthread_mutex_unlock(c->model_lock);
                c->ok++;
                record(c, (double)(eb_now_us() - t0) / 1000.0);
            } else {
                c->errors++;        /* "model busy": the caller gets an error */
            }
        }
    }
    return NULL;
}

typedef struct result { double rps, err_rate, p50, p95, p99; long ok, errors; } result;

static result run_cell(int mode, int callers, double seconds) {
    eb_echo_desc ed;
    eb_backend *be = NULL;
    eb_batcher *b = NULL;
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    client *cs = (client *)calloc((size_t)callers, sizeof *cs);
    pthread_t *ts = (pthread_t *)calloc((size_t)callers, sizeof *ts);
    bench_samples all;
    result r;
    int64_t start;
    int i;
    memset(&ed, 0, sizeof ed);
    ed.dim = 384;
    ed.call_latency_us = 5000;
    ed.item_latency_us = 100;
    ed.thread_safe = 1;           /* (a) and (b) bring their own lock */
    eb_backend_echo(&ed, &be);
    if (mode >= MODE_BATCHER) {
        eb_batcher_desc d;
        memset(&d, 0, sizeof d);
        d.backend = be;
        d.max_batch_size = 256;
        d.max_batch_tokens = 1 << 20;
        d.max_inflight_batches = 1;
        d.max_wait_us = mode == MODE_BATCHER_WINDOW ? 500 : 0;
        eb_batcher_create(&d, &b);
    }
    start = eb_now_us();
    for (i = 0; i < callers; i++) {
        cs[i].mode = mode;
        cs[i].be = be;
        cs[i].b = b;
        cs[i].model_lock = &lock;
        cs[i].stop_us = start + (int64_t)(seconds * 1e6);
        pthread_create(&ts[i], NULL, client_main, &cs[i]);
    }
    memset(&r, 0, sizeof r);
    bench_samples_init(&all);
    for (i = 0; i < callers; i++) {
        long k;
        pthread_join(ts[i], NULL);
        r.ok += cs[i].ok;
        r.errors += cs[i].errors;
        for (k = 0; k < cs[i].n_lat; k++) bench_samples_add(&all, cs[i].lat_ms[k]);
        free(cs[i].lat_ms);
    }
    r.rps = (double)r.ok / ((double)(eb_now_us() - start) / 1e6);
    r.err_rate = r.ok + r.errors ? (double)r.errors / (double)(r.ok + r.errors) : 0;
    r.p50 = bench_samples_quantile(&all, 0.50);
    r.p95 = bench_samples_quantile(&all, 0.95);
    r.p99 = bench_samples_quantile(&all, 0.99);
    bench_samples_free(&all);
    if (b) eb_batcher_destroy(b);
    eb_backend_destroy(be);
    free(cs);
    free(ts);
    return r;
}

int main(int argc, char **argv) {
    double seconds = 2.0;
    int callers[8] = {1, 10, 64, 256}, n_callers = 4, i, m;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "--callers") && i + 1 < argc) n_callers = bench_parse_ints(argv[++i], callers, 8);
    }
    bench_print_machine("seed scenario: backend 5 ms/call + 0.1 ms/item, closed-loop callers");
    printf("| callers | mode | throughput (req/s) | error rate | p50 ms | p95 ms | p99 ms | vs (b) |\n");
    printf("|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (i = 0; i < n_callers; i++) {
        result res[MODE_COUNT];
        for (m = 0; m < MODE_COUNT; m++) res[m] = run_cell(m, callers[i], seconds);
        for (m = 0; m < MODE_COUNT; m++)
            printf("| %d | %s | %.0f | %.4f%% | %.2f | %.2f | %.2f | %.2fx |\n", callers[i], mode_names[m],
                   res[m].rps, 100.0 * res[m].err_rate, res[m].p50, res[m].p95, res[m].p99,
                   res[1].rps > 0 ? res[m].rps / res[1].rps : 0);
        fflush(stdout);
    }
    return 0;
}
