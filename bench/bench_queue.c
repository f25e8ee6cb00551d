/* Queue and limiter micro-benchmarks.
 *
 *   build/bench/bench_queue [--msgs N] [--reps R] [--cap C] [--secs S] [PxC ...]
 *
 * Queue: N messages in total go from P producer to C consumer threads; messages/s from the
 * moment all threads are released to the last pop. Three queues in the same run, each
 * repetition in rotated order: eb_mpmc with try_* plus a spin-then-yield backoff, eb_mpmc's
 * blocking push/pop, and a plain mutex + two condvars bounded ring (below) of the same
 * capacity. Median of R repetitions, [min-max] beside it. Consumers check a checksum.
 * Limiter: uncontended acquire+release ns/op, and 4 threads sharing 2 permits (ops/s),
 * next to a plain mutex+condvar counting semaphore (barging, not FIFO). */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "bench_common.h"

/* ---- the baseline: a bounded ring under one mutex ------------------------------------- */
typedef struct mutex_ring {
    pthread_mutex_t m;
    pthread_cond_t not_full, not_empty;
    void **buf;
    size_t cap, head, count;
    int closed;
} mutex_ring;

static mutex_ring *ring_create(size_t cap) {
    mutex_ring *r = (mutex_ring *)calloc(1, sizeof *r);
    r->buf = (void **)calloc(cap, sizeof(void *));
    r->cap = cap;
    pthread_mutex_init(&r->m, NULL);
    pthread_cond_init(&r->not_full, NULL);
    pthread_cond_init(&r->not_empty, NULL);
    return r;
}

static void ring_destroy(mutex_ring *r) {
    pthread_cond_destroy(&r->not_empty);
    pthread_cond_destroy(&r->not_full);
    pthread_mutex_destroy(&r->m);
    free(r->buf);
    free(r);
}

static void ring_push(mutex_ring *r, void *item) {
    pthread_mutex_lock(&r->m);
    while (r->count == r->cap) pthread_cond_wait(&r->not_full, &r->m);
    r->buf[(r->head + r->count++) % r->cap] = item;
    pthread_cond_signal(&r->not_empty);
    pthread_mutex_unlock(&r->m);
}

static int ring_pop(mutex_ring *r, void **item) {
    pthread_mutex_lock(&r->m);
    while (r->count == 0 && !r->closed) pthread_cond_wait(&r->not_empty, &r->m);
    if (r->count == 0) {
        pthread_mutex_unlock(&r->m);
        return 0;
    }
    *item = r->buf[r->head];
    r->head = (r->head + 1) % r->cap;
    r->count--;
    pthread_cond_signal(&r->not_full);
    pthread_mutex_unlock(&r->m);
    return 1;
}

static void ring_close(mutex_ring *r) {
    pthread_mutex_lock(&r->m);
    r->closed = 1;
    pthread_cond_broadcast(&r->not_empty);
    pthread_mutex_unlock(&r->m);
}

/* ---- the three contenders behind one interface ----------------------------------------- */
enum { Q_TRY, Q_BLOCKING, Q_MUTEX, Q_KINDS };
static const char *const q_names[Q_KINDS] = {"eb_mpmc try_* + backoff", "eb_mpmc blocking", "mutex+condvar ring"};

typedef struct run {
    int kind;
    eb_mpmc *q;
    mutex_ring *r;
    long per_producer;
    bench_gate gate;
    uint64_t popped_sum;
} run;

static void backoff(int *spins) {
    if (++*spins < 32) eb__cpu_relax();
    else sched_yield();
}

static void put(run *rn, void *item) {
    int spins = 0;
    switch (rn->kind) {
    case Q_TRY: while (eb_mpmc_try_push(rn->q, item) == EB_FULL) backoff(&spins); break;
    case Q_BLOCKING: eb_mpmc_push(rn->q, item, EB_FOREVER); break;
    default: ring_push(rn->r, item); break;
    }
}

static int get(run *rn, void **item) {
    int spins = 0;
    eb_status s;
    switch (rn->kind) {
    case Q_TRY:
        while ((s = eb_mpmc_try_pop(rn->q, item)) == EB_EMPTY) backoff(&spins);
        return s == EB_OK;
    case Q_BLOCKING: return eb_mpmc_pop(rn->q, item, EB_FOREVER) == EB_OK;
    default: return ring_pop(rn->r, item);
    }
}

static void *producer(void *arg) {
    run *rn = (run *)arg;
    long i;
    bench_gate_wait(&rn->gate);
    for (i = 1; i <= rn->per_producer; i++) put(rn, (void *)(uintptr_t)i);
    return NULL;
}

static void *consumer(void *arg) {
    run *rn = (run *)arg;
    uint64_t sum = 0;
    void *item;
    bench_gate_wait(&rn->gate);
    while (get(rn, &item)) sum += (uintptr_t)item;
    eb__fetch_add(&rn->popped_sum, sum, EB__RELAXED);
    return NULL;
}

/* One timed run; returns messages/s (0 if the checksum failed). */
static double queue_run(int kind, int np, int nc, long msgs, size_t cap) {
    run rn;
    pthread_t *t = (pthread_t *)calloc((size_t)(np + nc), sizeof(pthread_t));
    eb_mpmc_desc d;
    int64_t t0, t1;
    uint64_t want;
    int i;
    memset(&rn, 0, sizeof rn);
    memset(&d, 0, sizeof d);
    rn.kind = kind;
    rn.per_producer = msgs / np;
    d.capacity = cap;
    if (kind == Q_MUTEX) rn.r = ring_create(cap);
    else if (eb_mpmc_create(&d, &rn.q) != EB_OK) abort();
    for (i = 0; i < np + nc; i++) pthread_create(&t[i], NULL, i < np ? producer : consumer, &rn);
    t0 = bench_gate_open(&rn.gate, np + nc);
    for (i = 0; i < np; i++) pthread_join(t[i], NULL);
    if (kind == Q_MUTEX) ring_close(rn.r);
    else eb_mpmc_close(rn.q);
    for (i = np; i < np + nc; i++) pthread_join(t[i], NULL);
    t1 = bench_now_ns();
    want = (uint64_t)np * (uint64_t)rn.per_producer * (uint64_t)(rn.per_producer + 1) / 2;
    if (kind == Q_MUTEX) ring_destroy(rn.r);
    else eb_mpmc_destroy(rn.q);
    free(t);
    if (rn.popped_sum != want) {
        fprintf(stderr, "checksum mismatch in %s %dx%d\n", q_names[kind], np, nc);
        return 0;
    }
    return (double)(np * rn.per_producer) / ((double)(t1 - t0) * 1e-9);
}

/* "median [min-max]" of a sample set, for a table cell. */
static const char *cell(bench_samples *s, char *buf, size_t cap) {
    char a[24], b[24], c[24];
    snprintf(buf, cap, "%s [%s-%s]", bench_si(bench_samples_quantile(s, 0.5), a, sizeof a),
             bench_si(bench_samples_quantile(s, 0), b, sizeof b), bench_si(bench_samples_quantile(s, 1), c, sizeof c));
    return buf;
}

static void queue_table(int nconf, const int *np, const int *nc, long msgs, int reps, size_t cap) {
    int c, k, r;
    printf("### MPMC queue, messages/s (median of %d runs [min-max], %ld messages per run, capacity %zu)\n\n",
           reps, msgs, cap);
    printf("| producers x consumers | %s | %s | %s | try / mutex | blocking / mutex |\n", q_names[0], q_names[1],
           q_names[2]);
    printf("|---|---|---|---|---|---|\n");
    for (c = 0; c < nconf; c++) {
        bench_samples s[Q_KINDS];
        double med[Q_KINDS];
        char buf[128];
        for (k = 0; k < Q_KINDS; k++) bench_samples_init(&s[k]);
        for (r = 0; r < reps; r++)
            for (k = 0; k < Q_KINDS; k++) {
                int kind = (k + r) % Q_KINDS;   /* rotate who runs first */
                bench_samples_add(&s[kind], queue_run(kind, np[c], nc[c], msgs, cap));
            }
        printf("| %dx%d |", np[c], nc[c]);
        for (k = 0; k < Q_KINDS; k++) {
            med[k] = bench_samples_quantile(&s[k], 0.5);
            printf(" %s |", cell(&s[k], buf, sizeof buf));
            bench_samples_free(&s[k]);
        }
        printf(" %.2f | %.2f |\n", med[Q_TRY] / med[Q_MUTEX], med[Q_BLOCKING] / med[Q_MUTEX]);
        fflush(stdout);
    }
}

/* ---- limiter ---------------------------------------------------------------------------- */
typedef struct mutex_sem {
    pthread_mutex_t m;
    pthread_cond_t cv;
    long count;
} mutex_sem;

static void sem_acquire(mutex_sem *s) {
    pthread_mutex_lock(&s->m);
    while (s->count == 0) pthread_cond_wait(&s->cv, &s->m);
    s->count--;
    pthread_mutex_unlock(&s->m);
}

static void sem_release(mutex_sem *s) {
    pthread_mutex_lock(&s->m);
    s->count++;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->m);
}

typedef struct lim_run {
    int use_ours;
    eb_limiter *l;
    mutex_sem s;
    double secs;
    long ops;
    bench_gate gate;
    int stop;
} lim_run;

static void *lim_worker(void *arg) {
    lim_run *lr = (lim_run *)arg;
    long n = 0;
    bench_gate_wait(&lr->gate);
    while (!eb__load(&lr->stop, EB__RELAXED)) {
        if (lr->use_ours) {
            if (eb_limiter_acquire(lr->l, 1, EB_FOREVER) != EB_OK) abort();
            eb_limiter_release(lr->l, 1);
        } else {
            sem_acquire(&lr->s);
            sem_release(&lr->s);
        }
        n++;
    }
    eb__fetch_add(&lr->ops, n, EB__RELAXED);
    return NULL;
}

/* threads share permits for secs; returns acquire+release pairs per second. */
static double lim_contended(int use_ours, int threads, int permits, double secs) {
    lim_run lr;
    pthread_t t[64];
    eb_limiter_desc d;
    int64_t t0, t1;
    int i;
    memset(&lr, 0, sizeof lr);
    memset(&d, 0, sizeof d);
    lr.use_ours = use_ours;
    d.permits = permits;
    if (eb_limiter_create(&d, &lr.l) != EB_OK) abort();
    pthread_mutex_init(&lr.s.m, NULL);
    pthread_cond_init(&lr.s.cv, NULL);
    lr.s.count = permits;
    for (i = 0; i < threads; i++) pthread_create(&t[i], NULL, lim_worker, &lr);
    t0 = bench_gate_open(&lr.gate, threads);
    eb__sleep_us((int64_t)(secs * 1e6));
    eb__store(&lr.stop, 1, EB__RELAXED);
    for (i = 0; i < threads; i++) pthread_join(t[i], NULL);
    t1 = bench_now_ns();
    eb_limiter_destroy(lr.l);
    pthread_cond_destroy(&lr.s.cv);
    pthread_mutex_destroy(&lr.s.m);
    return (double)lr.ops / ((double)(t1 - t0) * 1e-9);
}

/* ns per acquire+release pair on one thread. which: 0 acquire, 1 try_acquire, 2 mutex sem */
static double lim_uncontended(int which, long iters) {
    eb_limiter *l;
    eb_limiter_desc d;
    mutex_sem s;
    int64_t t0, t1;
    long i;
    memset(&d, 0, sizeof d);
    d.permits = 4;
    if (eb_limiter_create(&d, &l) != EB_OK) abort();
    pthread_mutex_init(&s.m, NULL);
    pthread_cond_init(&s.cv, NULL);
    s.count = 4;
    t0 = bench_now_ns();
    for (i = 0; i < iters; i++) {
        if (which == 0) {
            if (eb_limiter_acquire(l, 1, EB_FOREVER) != EB_OK) abort();
            eb_limiter_release(l, 1);
        } else if (which == 1) {
            if (eb_limiter_try_acquire(l, 1) != EB_OK) abort();
            eb_limiter_release(l, 1);
        } else {
            sem_acquire(&s);
            sem_release(&s);
        }
    }
    t1 = bench_now_ns();
    eb_limiter_destroy(l);
    pthread_cond_destroy(&s.cv);
    pthread_mutex_destroy(&s.m);
    return (double)(t1 - t0) / (double)iters;
}

static void limiter_table(int reps, double secs) {
    static const char *const names[3] = {"eb_limiter acquire/release", "eb_limiter try_acquire/release",
                                         "mutex+condvar semaphore (barging)"};
    char buf[128];
    int k, r;
    printf("\n### Limiter (median of %d runs [min-max])\n\n", reps);
    printf("| | uncontended ns per acquire+release (1 thread) | contended pairs/s (4 threads, 2 permits, %.1f s) |\n",
           secs);
    printf("|---|---|---|\n");
    for (k = 0; k < 3; k++) {
        bench_samples unc, con;
        bench_samples_init(&unc);
        bench_samples_init(&con);
        for (r = 0; r < reps; r++) {
            bench_samples_add(&unc, lim_uncontended(k, 5000000));
            if (k != 1) bench_samples_add(&con, lim_contended(k == 0, 4, 2, secs));
        }
        printf("| %s | %.1f [%.1f-%.1f] | %s |\n", names[k], bench_samples_quantile(&unc, 0.5),
               bench_samples_quantile(&unc, 0), bench_samples_quantile(&unc, 1), k == 1 ? "-" : cell(&con, buf, sizeof buf));
        bench_samples_free(&unc);
        bench_samples_free(&con);
    }
}

int main(int argc, char **argv) {
    long msgs = bench_arg_long(argc, argv, "--msgs", 2000000);
    int reps = (int)bench_arg_long(argc, argv, "--reps", 5);
    size_t cap = (size_t)bench_arg_long(argc, argv, "--cap", 1024);
    double secs = (double)bench_arg_long(argc, argv, "--limiter-ms", 500) / 1000.0;
    int np[16], nc[16], nconf = 0, i;
    if (reps < 1) reps = 1;
    if (reps > 64) reps = 64;
    for (i = 1; i < argc && nconf < 16; i++) {
        int p, c;
        if (argv[i][0] == '-') {   /* skip an option, and its value when given apart */
            if (!strchr(argv[i], '=') && strcmp(argv[i], "--no-limiter") != 0) i++;
            continue;
        }
        if (sscanf(argv[i], "%dx%d", &p, &c) == 2 && p > 0 && c > 0 && p + c <= 1024) {
            np[nconf] = p;
            nc[nconf++] = c;
        }
    }
    if (nconf == 0) {
        static const int d[4] = {1, 2, 4, 8};
        for (i = 0; i < 4; i++) np[nconf] = nc[nconf] = d[i], nconf++;
    }
    bench_print_machine("## bench_queue");
    queue_table(nconf, np, nc, msgs, reps, cap);
    if (!bench_has_flag(argc, argv, "--no-limiter")) limiter_table(reps, secs);
    return 0;
}
