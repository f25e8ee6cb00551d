/* Batcher stress: 16 submitter threads (more than cores) x 100k requests each (scaled by
 * EB_TEST_SCALE), random priorities, random deadlines (some impossibly short), random
 * cancellation, and an echo backend that fails at random. Checks: every request resolved
 * exactly once, every OK vector equals the echo vector of its own text, and the counters
 * add up (submitted == sum of final statuses == what the callbacks saw). */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"

#define THREADS 16
#define DIM 32
#define WINDOW 48

static long per_thread;
static unsigned char *calls;        /* callback count per request */
static unsigned char *final_status; /* status the callback saw */
static unsigned char *wait_status;  /* status eb_wait returned (compared after all joins:
                                       eb_wait may return before on_done has finished) */
static long bad_vectors;

static void make_text(char *buf, size_t cap, long idx) {
    snprintf(buf, cap, "stress text %ld of thread %ld", idx % per_thread, idx / per_thread);
}

static void on_done(eb_request *r, eb_status s, const float *vec, int dim, void *user) {
    long idx = (long)(uintptr_t)user;
    (void)r;
    __atomic_fetch_add(&calls[idx], 1, __ATOMIC_RELAXED);
    final_status[idx] = (unsigned char)s;
    if (s == EB_OK) {
        char text[64];
        float want[DIM];
        make_text(text, sizeof text, idx);
        eb_echo_vector(text, strlen(text), want, DIM);
        if (dim != DIM || !vec || memcmp(vec, want, sizeof want) != 0)
            __atomic_fetch_add(&bad_vectors, 1, __ATOMIC_RELAXED);
    } else if (vec) {
        __atomic_fetch_add(&bad_vectors, 1, __ATOMIC_RELAXED);
    }
}

typedef struct submitter {
    eb_batcher *b;
    int id;
    long mismatched_wait;   /* eb_wait result differs from the callback's status */
    long null_handles;
} submitter;

static void *submitter_main(void *arg) {
    submitter *s = (submitter *)arg;
    eb_request *ring[WINDOW];
    long ring_idx[WINDOW];
    int head = 0, count = 0;
    uint64_t rng = 0x1234567ull + (uint64_t)s->id * 7919;
    long i;
    for (i = 0; i < per_thread; i++) {
        long idx = (long)s->id * per_thread + i;
        char text[64];
        eb_request_desc rd;
        eb_request *r;
        uint64_t dice = eb__splitmix64(&rng);
        memset(&rd, 0, sizeof rd);
        make_text(text, sizeof text, idx);
        rd.text = text;
        rd.priority = (int)(dice % 4);
        dice >>= 2;
        if (dice % 100 < 3) rd.timeout_us = 1;                       /* expires at once */
        else if (dice % 100 < 10) rd.timeout_us = 50 + (int64_t)(dice % 500);
        dice >>= 7;
        rd.on_done = on_done;
        rd.user = (void *)(uintptr_t)idx;
        r = eb_submit(s->b, &rd);
        if (!r) { s->null_handles++; continue; }
        if (dice % 100 < 5) eb_cancel(r);
        if (count == WINDOW) {       /* wait for the oldest, compare with its callback */
            eb_request *old = ring[head];
            long oidx = ring_idx[head];
            eb_status ws = eb_wait(old, EB_FOREVER);
            wait_status[oidx] = (unsigned char)ws;
            if (ws != eb_request_status(old)) s->mismatched_wait++;
            if (ws == EB_OK) {
                char t2[64];
                float want[DIM];
                int dim = 0;
                const float *v = eb_request_vector(old, &dim);
                make_text(t2, sizeof t2, oidx);
                eb_echo_vector(t2, strlen(t2), want, DIM);
                if (!v || dim != DIM || memcmp(v, want, sizeof want) != 0) s->mismatched_wait++;
            }
            eb_request_free(old);
            head = (head + 1) % WINDOW;
            count--;
        }
        if ((dice >> 8) % 100 < 2) eb_cancel(r);  /* late cancel: may race the batch */
        ring[(head + count) % WINDOW] = r;
        ring_idx[(head + count) % WINDOW] = idx;
        count++;
    }
    while (count > 0) {
        eb_status ws = eb_wait(ring[head], EB_FOREVER);
        wait_status[ring_idx[head]] = (unsigned char)ws;
        eb_request_free(ring[head]);
        head = (head + 1) % WINDOW;
        count--;
    }
    return NULL;
}

static void test_stress(void) {
    eb_echo_desc ed;
    eb_backend *be = NULL;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    pthread_t t[THREADS];
    submitter subs[THREADS];
    eb_stats st;
    long total, i, seen[EB_STATUS_COUNT], not_once = 0, mism = 0, nulls = 0;
    uint64_t sum_resolved = 0;
    int k;
    int64_t t0;
    per_thread = eb_test_scaled(100000);
    total = per_thread * THREADS;
    calls = (unsigned char *)calloc((size_t)total, 1);
    final_status = (unsigned char *)calloc((size_t)total, 1);
    wait_status = (unsigned char *)calloc((size_t)total, 1);
    memset(&ed, 0, sizeof ed);
    ed.dim = DIM;
    ed.fail_probability = 0.02;
    ed.seed = 42;
    ed.thread_safe = 1;
    ed.max_concurrency = 2;
    EB_CHECK_STATUS(eb_backend_echo(&ed, &be), EB_OK);
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.max_batch_size = 64;
    d.queue_capacity = 1024;
    d.priority_levels = 4;
    d.aging_us = 2000;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    t0 = eb_now_us();
    for (k = 0; k < THREADS; k++) {
        subs[k].b = b; subs[k].id = k; subs[k].mismatched_wait = 0; subs[k].null_handles = 0;
        pthread_create(&t[k], NULL, submitter_main, &subs[k]);
    }
    for (k = 0; k < THREADS; k++) {
        pthread_join(t[k], NULL);
        mism += subs[k].mismatched_wait;
        nulls += subs[k].null_handles;
    }
    eb_batcher_stats(b, &st);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    memset(seen, 0, sizeof seen);
    for (i = 0; i < total; i++) {
        if (calls[i] != 1) not_once++;
        if (wait_status[i] != final_status[i]) mism++;
        seen[final_status[i] < EB_STATUS_COUNT ? final_status[i] : 0]++;
    }
    for (k = 0; k < EB_STATUS_COUNT; k++) sum_resolved += st.resolved[k];
    fprintf(stderr, "  %ld requests in %.2f s: ok %ld, backend_error %ld, cancelled %ld, timeout %ld; "
                    "%llu batches, mean batch %.1f, p99 latency %.0f us\n",
            total, (double)(eb_now_us() - t0) / 1e6, seen[EB_OK], seen[EB_BACKEND_ERROR], seen[EB_CANCELLED],
            seen[EB_TIMEOUT], (unsigned long long)st.batches, st.batch_size.mean, st.latency_us.p99);
    EB_CHECK_EQ_INT(nulls, 0);
    EB_CHECK_EQ_INT(not_once, 0);
    EB_CHECK_EQ_INT(bad_vectors, 0);
    EB_CHECK_EQ_INT(mism, 0);
    EB_CHECK_EQ_INT(st.submitted, total);
    EB_CHECK_EQ_INT(sum_resolved, total);
    for (k = 0; k < EB_STATUS_COUNT; k++) EB_CHECK_EQ_INT(st.resolved[k], seen[k]);
    EB_CHECK(seen[EB_OK] > 0 && seen[EB_BACKEND_ERROR] > 0 && seen[EB_CANCELLED] > 0 && seen[EB_TIMEOUT] > 0);
    EB_CHECK_EQ_INT(seen[EB_OK] + seen[EB_BACKEND_ERROR] + seen[EB_CANCELLED] + seen[EB_TIMEOUT], total);
    EB_CHECK_EQ_INT(st.queue_depth, 0);
    free(calls);
    free(final_status);
    free(wait_status);
}

int main(void) {
    EB_RUN(test_stress);
    return eb_test_summary();
}
