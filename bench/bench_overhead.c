/* Batcher overhead: nanoseconds per request end to end through eb_submit/eb_wait with a
 * zero-cost echo backend (dim 384), at max batch 1/8/32/128, against calling the same
 * backend directly with whole batches (the work the batcher cannot avoid). The difference is
 * what the batcher costs per request: tokenize call, allocation, admission, queue, batch
 * formation, completion, wakeup.
 * Usage: bench_overhead [--requests N] [--submitters P] [--reps R] */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "bench_common.h"

typedef struct sub { eb_batcher *b; long n; int window; } sub;

static void *submit_main(void *arg) {
    sub *s = (sub *)arg;
    eb_request **ring = (eb_request **)calloc((size_t)s->window, sizeof *ring);
    long i, head = 0, count = 0;
    char text[48];
    for (i = 0; i < s->n; i++) {
        eb_request_desc rd;
        memset(&rd, 0, sizeof rd);
        snprintf(text, sizeof text, "request number %ld", i);
        rd.text = text;
        if (count == s->window) {
            eb_wait(ring[head], EB_FOREVER);
            eb_request_free(ring[head]);
            head = (head + 1) % s->window;
            count--;
        }
        ring[(head + count) % s->window] = eb_submit(s->b, &rd);
        count++;
    }
    while (count--) {
        eb_wait(ring[head], EB_FOREVER);
        eb_request_free(ring[head]);
        head = (head + 1) % s->window;
    }
    free(ring);
    return NULL;
}

/* ns per request through the batcher; *mean_batch gets the achieved batch size */
static double through_batcher(eb_backend *be, int max_batch, int submitters, long total, double *mean_batch) {
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    pthread_t t[64];
    sub s[64];
    eb_stats st;
    double t0, t1;
    int i;
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.max_batch_size = max_batch;
    d.queue_capacity = 8192;
    eb_batcher_create(&d, &b);
    t0 = bench_now_s();
    for (i = 0; i < submitters; i++) {
        s[i].b = b;
        s[i].n = total / submitters;
        s[i].window = max_batch * 4 > 16 ? max_batch * 4 : 16;
        pthread_create(&t[i], NULL, submit_main, &s[i]);
    }
    for (i = 0; i < submitters; i++) pthread_join(t[i], NULL);
    t1 = bench_now_s();
    eb_batcher_stats(b, &st);
    *mean_batch = st.batch_size.mean;
    eb_batcher_destroy(b);
    return (t1 - t0) * 1e9 / (double)(total / submitters * submitters);
}

/* ns per request calling eb_backend_embed directly with batches of max_batch */
static double direct(eb_backend *be, int max_batch, long total) {
    const char **texts = (const char **)calloc((size_t)max_batch, sizeof *texts);
    char (*store)[48] = (char (*)[48])calloc((size_t)max_batch, 48);
    float *out = (float *)malloc(sizeof(float) * 384 * (size_t)max_batch);
    long done = 0;
    double t0, t1;
    int i;
    t0 = bench_now_s();
    while (done < total) {
        for (i = 0; i < max_batch; i++) { snprintf(store[i], 48, "request number %ld", done + i); texts[i] = store[i]; }
        eb_backend_embed(be, texts, NULL, max_batch, out, 384);
        done += max_batch;
    }
    t1 = bench_now_s();
    free(texts); free(store); free(out);
    return (t1 - t0) * 1e9 / (double)done;
}

int main(int argc, char **argv) {
    long total = 200000;
    int submitters = 2, reps = 5, batches[4] = {1, 8, 32, 128}, i, k;
    eb_backend *be = NULL;
    eb_echo_desc ed;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--requests") && i + 1 < argc) total = atol(argv[++i]);
        else if (!strcmp(argv[i], "--submitters") && i + 1 < argc) submitters = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
    }
    if (submitters < 1) submitters = 1;
    if (submitters > 64) submitters = 64;
    memset(&ed, 0, sizeof ed);
    ed.dim = 384;
    eb_backend_echo(&ed, &be);
    bench_print_machine("batcher overhead: zero-cost echo backend (dim 384), async submitters");
    printf("%ld requests per run, %d submitter threads, median of %d runs\n\n", total, submitters, reps);
    printf("| max batch | mean batch | ns/request via batcher | ns/request direct | batcher overhead ns/request |\n");
    printf("|---:|---:|---:|---:|---:|\n");
    for (k = 0; k < 4; k++) {
        double via[32], dir[32], mb[32], mean_batch = 0;
        if (reps > 32) reps = 32;
        for (i = 0; i < reps; i++) {
            via[i] = through_batcher(be, batches[k], submitters, total, &mb[i]);
            dir[i] = direct(be, batches[k], total);
        }
        mean_batch = bench_median(mb, (size_t)reps);
        printf("| %d | %.1f | %.0f | %.0f | %.0f |\n", batches[k], mean_batch, bench_median(via, (size_t)reps),
               bench_median(dir, (size_t)reps), bench_median(via, (size_t)reps) - bench_median(dir, (size_t)reps));
        fflush(stdout);
    }
    eb_backend_destroy(be);
    return 0;
}
