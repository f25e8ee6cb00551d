/* Thread pool: every task runs exactly once per run, on a valid thread index, results are
 * visible to the caller after run returns (plain memory: TSAN checks the ordering), parked
 * workers wake, and create/destroy are clean (allocator balance). */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"

typedef struct job {
    int n_threads;
    int *hits;           /* per task, atomic: catches double execution */
    int *thread_of;      /* per task, plain: written by the task, read by the caller */
    const int *input;    /* plain: written by the caller before run */
    long *output;        /* plain */
    int sleep_us;
    int bad_thread;
} job;

static void task_fn(void *ctx, int task, int thread) {
    job *j = (job *)ctx;
    eb__fetch_add(&j->hits[task], 1, EB__RELAXED);
    if (thread < 0 || thread >= j->n_threads) eb__store(&j->bad_thread, 1, EB__RELAXED);
    j->thread_of[task] = thread;
    j->output[task] = (long)j->input[task] * 3 + task;
    if (j->sleep_us) eb__sleep_us(j->sleep_us);
}

/* Runs n tasks and checks the outcome; returns the number of distinct threads used. */
static int run_and_check(eb__pool *p, int n_threads, int n, int sleep_us) {
    job j;
    int i, distinct = 0, seen[64];
    memset(&j, 0, sizeof j);
    memset(seen, 0, sizeof seen);
    j.n_threads = n_threads;
    j.sleep_us = sleep_us;
    j.hits = (int *)calloc((size_t)n + 1, sizeof(int));
    j.thread_of = (int *)calloc((size_t)n + 1, sizeof(int));
    j.input = (int *)calloc((size_t)n + 1, sizeof(int));
    j.output = (long *)calloc((size_t)n + 1, sizeof(long));
    for (i = 0; i < n; i++) ((int *)j.input)[i] = i * 7 + 1;
    eb__pool_run(p, task_fn, &j, n);
    for (i = 0; i < n; i++) {
        EB_CHECK_EQ_INT(j.hits[i], 1);
        EB_CHECK(j.output[i] == (long)(i * 7 + 1) * 3 + i);
        if (j.thread_of[i] >= 0 && j.thread_of[i] < 64 && !seen[j.thread_of[i]]++) distinct++;
    }
    EB_CHECK_EQ_INT(j.hits[n], 0);
    EB_CHECK(!j.bad_thread);
    free(j.hits); free(j.thread_of); free((void *)j.input); free(j.output);
    return distinct;
}

static void test_basic(void) {
    static const int sizes[] = { 0, 1, 2, 3, 4, 5, 7, 64, 1000 };
    eb__pool *p;
    size_t i;
    EB_CHECK_STATUS(eb__pool_create(4, NULL, &p), EB_OK);
    EB_CHECK_EQ_INT(eb__pool_threads(p), 4);
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) run_and_check(p, 4, sizes[i], 0);
    eb__pool_destroy(p);
}

static void test_single_and_null(void) {
    eb__pool *p;
    EB_CHECK_STATUS(eb__pool_create(1, NULL, &p), EB_OK);
    EB_CHECK_EQ_INT(eb__pool_threads(p), 1);
    EB_CHECK_EQ_INT(run_and_check(p, 1, 50, 0), 1);
    eb__pool_destroy(p);
    EB_CHECK_EQ_INT(eb__pool_threads(NULL), 1);
    EB_CHECK_EQ_INT(run_and_check(NULL, 1, 20, 0), 1);
    eb__pool_destroy(NULL);
}

static void test_many_runs(void) {
    const long runs = eb_test_scaled(3000);
    eb__pool *p;
    long r;
    EB_CHECK_STATUS(eb__pool_create(3, NULL, &p), EB_OK);
    for (r = 0; r < runs; r++) run_and_check(p, 3, 1 + (int)(r % 9), 0);
    eb__pool_destroy(p);
}

/* Spin 0: workers park at once; every run must wake them (or finish without them). */
static void test_parked(void) {
    const long runs = eb_test_scaled(300);
    eb__pool *p;
    long r;
    EB_CHECK_STATUS(eb__pool_create(4, NULL, &p), EB_OK);
    eb__pool_set_spin(p, 0);
    for (r = 0; r < runs; r++) {
        run_and_check(p, 4, 1 + (int)(r % 11), 0);
        if (r % 50 == 0) eb__sleep_us(2000);
    }
    /* tasks that block long enough that parked workers must have joined in */
    EB_CHECK(run_and_check(p, 4, 16, 2000) >= 2);
    eb__pool_destroy(p);
}

static void test_workers_help(void) {
    eb__pool *p;
    EB_CHECK_STATUS(eb__pool_create(4, NULL, &p), EB_OK);
    EB_CHECK(run_and_check(p, 4, 24, 1000) >= 2);
    eb__pool_destroy(p);
}

static void test_create_destroy(void) {
    const long rounds = eb_test_scaled(100);
    eb_test_alloc ca;
    eb_allocator a;
    eb__pool *p = NULL;
    long r;
    a = eb_test_allocator(&ca);
    for (r = 0; r < rounds; r++) {
        EB_CHECK_STATUS(eb__pool_create(1 + (int)(r % 5), &a, &p), EB_OK);
        if (r % 3 == 0) run_and_check(p, 1 + (int)(r % 5), 9, 0);
        if (r % 4 == 0) eb__pool_set_spin(p, 0);
        eb__pool_destroy(p);   /* workers may be spinning, parked, or not started yet */
    }
    EB_CHECK(ca.allocs >= rounds);
    EB_CHECK_EQ_INT(ca.live_bytes, 0);
    EB_CHECK_STATUS(eb__pool_create(0, NULL, &p), EB_OK);   /* 0: one per CPU */
    EB_CHECK_EQ_INT(eb__pool_threads(p), eb__num_cpus());
    eb__pool_destroy(p);
    EB_CHECK_STATUS(eb__pool_create(5000, NULL, &p), EB_INVALID_ARGUMENT);
    EB_CHECK(p == NULL);
    a.free = NULL;
    EB_CHECK_STATUS(eb__pool_create(2, &a, &p), EB_INVALID_ARGUMENT);
}

/* Two pools used from two threads at once: pools share nothing. */
static void *second_user(void *arg) {
    eb__pool *p = (eb__pool *)arg;
    long r;
    for (r = 0; r < eb_test_scaled(500); r++) run_and_check(p, 2, 1 + (int)(r % 6), 0);
    return NULL;
}

static void test_two_pools(void) {
    eb__pool *a, *b;
    eb__thread t;
    long r;
    EB_CHECK_STATUS(eb__pool_create(2, NULL, &a), EB_OK);
    EB_CHECK_STATUS(eb__pool_create(2, NULL, &b), EB_OK);
    EB_CHECK(eb__thread_start(&t, second_user, b) == 0);
    for (r = 0; r < eb_test_scaled(500); r++) run_and_check(a, 2, 1 + (int)(r % 5), 0);
    eb__thread_join(&t);
    eb__pool_destroy(a);
    eb__pool_destroy(b);
}

int main(void) {
    EB_RUN(test_basic);
    EB_RUN(test_single_and_null);
    EB_RUN(test_many_runs);
    EB_RUN(test_parked);
    EB_RUN(test_workers_help);
    EB_RUN(test_create_destroy);
    EB_RUN(test_two_pools);
    return eb_test_summary();
}
