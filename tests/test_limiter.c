/* Limiter: argument checks, FIFO handoff order, no barging, weighted heads, timeouts
 * (including the head-timeout re-notify and timeout-vs-grant races), close. */
static void test_assert_hook(int ok);
#define EMBEDBATCH_ASSERT(c) test_assert_hook(!!(c))   /* count asserts instead of aborting */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"

static int assert_hits;
static void test_assert_hook(int ok) {
    if (!ok) eb__fetch_add(&assert_hits, 1, EB__RELAXED);
}

static eb_limiter *make_limiter(int64_t permits) {
    eb_limiter_desc d;
    eb_limiter *l = NULL;
    memset(&d, 0, sizeof d);
    d.permits = permits;
    EB_CHECK_STATUS(eb_limiter_create(&d, &l), EB_OK);
    return l;
}

static void sleep_ms(int ms) { eb__sleep_us((int64_t)ms * 1000); }

/* A thread blocked in eb_limiter_acquire. */
typedef struct waiter {
    eb_limiter *l;
    int64_t n, timeout_us;
    eb_status status;
    int done;
    eb__thread t;
} waiter;

static void *waiter_main(void *arg) {
    waiter *w = (waiter *)arg;
    w->status = eb_limiter_acquire(w->l, w->n, w->timeout_us);
    eb__store(&w->done, 1, EB__RELEASE);
    return NULL;
}

static void waiter_start(waiter *w, eb_limiter *l, int64_t n, int64_t timeout_us) {
    memset(w, 0, sizeof *w);
    w->l = l;
    w->n = n;
    w->timeout_us = timeout_us;
    EB_CHECK(eb__thread_start(&w->t, waiter_main, w) == 0);
}

/* Bounded waits on observable state (liveness checks; the callers' timeouts are longer). */
static int wait_waiters(eb_limiter *l, size_t n) {
    int i;
    for (i = 0; i < 20000 && eb_limiter_waiters(l) != n; i++) sleep_ms(1);
    return eb_limiter_waiters(l) == n;
}

static int wait_done(waiter *w) {
    int i;
    for (i = 0; i < 20000 && !eb__load(&w->done, EB__ACQUIRE); i++) sleep_ms(1);
    return eb__load(&w->done, EB__ACQUIRE);
}

static void finish(waiter *w, eb_status want) {
    EB_CHECK(wait_done(w));
    eb__thread_join(&w->t);
    EB_CHECK_STATUS(w->status, want);
}

/* ---- arguments and the uncontended paths -------------------------------------------- */

static void *never_alloc(size_t size, size_t align, void *user) {
    (void)size; (void)align; (void)user;
    return NULL;
}

static void test_create_invalid(void) {
    eb_limiter_desc d;
    eb_limiter *l = (eb_limiter *)&d;
    memset(&d, 0, sizeof d);
    d.permits = 1;
    EB_CHECK_STATUS(eb_limiter_create(&d, NULL), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_limiter_create(NULL, &l), EB_INVALID_ARGUMENT);
    EB_CHECK(l == NULL);
    d.permits = 0;
    EB_CHECK_STATUS(eb_limiter_create(&d, &l), EB_INVALID_ARGUMENT);
    EB_CHECK(strstr(eb_last_error(), "permits") != NULL);
    d.permits = -3;
    EB_CHECK_STATUS(eb_limiter_create(&d, &l), EB_INVALID_ARGUMENT);
    d.permits = EB__LIM_MAX_PERMITS + 1;
    EB_CHECK_STATUS(eb_limiter_create(&d, &l), EB_INVALID_ARGUMENT);
    d.permits = 2;
    d.allocator.alloc = never_alloc;   /* only one of the pair */
    EB_CHECK_STATUS(eb_limiter_create(&d, &l), EB_INVALID_ARGUMENT);
    l = make_limiter(EB__LIM_MAX_PERMITS);
    EB_CHECK(eb_limiter_available(l) == EB__LIM_MAX_PERMITS);
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, EB__LIM_MAX_PERMITS), EB_OK);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 0);
    eb_limiter_release(l, EB__LIM_MAX_PERMITS);
    EB_CHECK(eb_limiter_available(l) == EB__LIM_MAX_PERMITS);
    eb_limiter_destroy(l);
}

static void test_basic_and_invalid_n(void) {
    eb_limiter *l = make_limiter(5);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 5);
    EB_CHECK_EQ_INT(eb_limiter_waiters(l), 0);
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 2), EB_OK);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 3);
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 4), EB_BUSY);
    EB_CHECK_STATUS(eb_limiter_acquire(l, 3, EB_FOREVER), EB_OK);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 0);
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 1), EB_BUSY);
    EB_CHECK_STATUS(eb_limiter_acquire(l, 1, 0), EB_TIMEOUT);
    eb_limiter_release(l, 2);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 2);
    EB_CHECK_STATUS(eb_limiter_acquire(l, 2, 0), EB_OK);
    eb_limiter_release(l, 5);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 5);
    /* n outside [1, permits] fails at once, without waiting */
    EB_CHECK_STATUS(eb_limiter_acquire(l, 0, EB_FOREVER), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_limiter_acquire(l, -1, EB_FOREVER), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_limiter_acquire(l, 6, EB_FOREVER), EB_INVALID_ARGUMENT);
    EB_CHECK(strstr(eb_last_error(), "n = 6") != NULL);
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 0), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 6), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_limiter_acquire(NULL, 1, 0), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_limiter_try_acquire(NULL, 1), EB_INVALID_ARGUMENT);
    eb_limiter_release(NULL, 1);
    eb_limiter_release(l, 0);
    eb_limiter_close(NULL);
    eb_limiter_destroy(NULL);
    EB_CHECK_EQ_INT(eb_limiter_available(NULL), 0);
    EB_CHECK_EQ_INT(eb_limiter_waiters(NULL), 0);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 5);
    EB_CHECK_EQ_INT(assert_hits, 0);
    eb_limiter_destroy(l);
}

static void test_over_release(void) {
    eb_limiter *l = make_limiter(3);
    waiter w;
    assert_hits = 0;
    eb_limiter_release(l, 1);                       /* nothing was acquired */
    EB_CHECK_EQ_INT(assert_hits, 1);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 3);     /* clamped */
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 2), EB_OK);
    eb_limiter_release(l, 5);
    EB_CHECK_EQ_INT(assert_hits, 2);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 3);
    eb_limiter_release(l, -1);
    EB_CHECK_EQ_INT(assert_hits, 3);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 3);
    /* the slow path (someone queued) clamps too, counting permits parked with the head */
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 3), EB_OK);
    waiter_start(&w, l, 2, 60000000);
    EB_CHECK(wait_waiters(l, 1));
    eb_limiter_release(l, 1);                        /* to the head, partially */
    EB_CHECK_EQ_INT(assert_hits, 3);
    eb_limiter_release(l, 5);                        /* 2 were still out: clamp to 2 */
    EB_CHECK_EQ_INT(assert_hits, 4);
    finish(&w, EB_OK);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 1);
    eb_limiter_release(l, 2);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 3);
    EB_CHECK_EQ_INT(assert_hits, 4);
    assert_hits = 0;
    eb_limiter_destroy(l);
}

static void test_timeout(void) {
    eb_limiter *l = make_limiter(3);
    int64_t t0, t1;
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 3), EB_OK);
    t0 = eb_now_us();
    EB_CHECK_STATUS(eb_limiter_acquire(l, 1, 30000), EB_TIMEOUT);
    t1 = eb_now_us();
    EB_CHECK_MSG(t1 - t0 >= 30000, "TIMEOUT after %lld us, before its 30000 us", (long long)(t1 - t0));
    EB_CHECK_EQ_INT(eb_limiter_waiters(l), 0);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 0);
    eb_limiter_release(l, 2);
    /* a weighted waiter holds the free permits while it waits and returns them on timeout */
    {
        waiter w;
        waiter_start(&w, l, 3, 30000);
        EB_CHECK(wait_waiters(l, 1) || eb__load(&w.done, EB__ACQUIRE));
        finish(&w, EB_TIMEOUT);
    }
    EB_CHECK_EQ_INT(eb_limiter_waiters(l), 0);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 2);
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 2), EB_OK);   /* the fast path works again */
    eb_limiter_release(l, 3);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 3);
    eb_limiter_destroy(l);
}

/* ---- fairness ----------------------------------------------------------------------- */

typedef struct fifo_ctx {
    eb_limiter *l;
    int id;
    int *order, *next;
    eb__thread t;
} fifo_ctx;

static void *fifo_main(void *arg) {
    fifo_ctx *c = (fifo_ctx *)arg;
    if (eb_limiter_acquire(c->l, 1, 60000000) == EB_OK)
        eb__store(&c->order[eb__fetch_add(c->next, 1, EB__RELAXED)], c->id, EB__RELEASE);
    return NULL;
}

/* Waiters queue in a known order (each starts once the previous is visibly parked);
   single releases must grant them in exactly that order. */
static void test_fifo_order(void) {
    enum { K = 8 };
    eb_limiter *l = make_limiter(K);
    fifo_ctx c[K];
    int order[K], next = 0, i;
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, K), EB_OK);
    for (i = 0; i < K; i++) {
        c[i].l = l;
        c[i].id = i;
        c[i].order = order;
        c[i].next = &next;
        order[i] = -1;
        EB_CHECK(eb__thread_start(&c[i].t, fifo_main, &c[i]) == 0);
        EB_CHECK(wait_waiters(l, (size_t)i + 1));
    }
    for (i = 0; i < K; i++) {
        int j;
        eb_limiter_release(l, 1);
        EB_CHECK_EQ_INT(eb_limiter_waiters(l), K - 1 - i);   /* handed over inside release */
        for (j = 0; j < 20000 && eb__load(&order[i], EB__ACQUIRE) < 0; j++) sleep_ms(1);
        EB_CHECK_EQ_INT(eb__load(&order[i], EB__ACQUIRE), i);
        EB_CHECK_EQ_INT(eb__load(&next, EB__RELAXED), i + 1);
        EB_CHECK_EQ_INT(eb_limiter_available(l), 0);
    }
    for (i = 0; i < K; i++) eb__thread_join(&c[i].t);
    eb_limiter_release(l, K);   /* what the threads were granted */
    EB_CHECK_EQ_INT(eb_limiter_available(l), K);
    EB_CHECK_EQ_INT(assert_hits, 0);
    eb_limiter_destroy(l);
}

/* While anyone waits, released permits go to the head and a newcomer cannot take them. */
static void test_no_barging(void) {
    eb_limiter *l = make_limiter(1);
    waiter w;
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 1), EB_OK);
    waiter_start(&w, l, 1, 60000000);
    EB_CHECK(wait_waiters(l, 1));
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 1), EB_BUSY);
    eb_limiter_release(l, 1);                             /* straight to the waiter */
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 1), EB_BUSY);  /* even if it has not run yet */
    EB_CHECK_STATUS(eb_limiter_acquire(l, 1, 0), EB_TIMEOUT);
    finish(&w, EB_OK);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 0);
    eb_limiter_release(l, 1);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 1);
    eb_limiter_destroy(l);

    /* a weighted head: permits released to it are its, not the newcomer's */
    l = make_limiter(3);
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 3), EB_OK);
    waiter_start(&w, l, 2, 60000000);
    EB_CHECK(wait_waiters(l, 1));
    eb_limiter_release(l, 1);
    EB_CHECK_EQ_INT(eb_limiter_waiters(l), 1);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 0);
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 1), EB_BUSY);
    EB_CHECK_STATUS(eb_limiter_acquire(l, 1, 1000), EB_TIMEOUT);   /* queued behind, gave up */
    EB_CHECK_EQ_INT(eb_limiter_waiters(l), 1);
    eb_limiter_release(l, 1);
    finish(&w, EB_OK);
    EB_CHECK_EQ_INT(eb_limiter_waiters(l), 0);
    eb_limiter_release(l, 3);   /* 1 from main, 2 from the waiter */
    EB_CHECK_EQ_INT(eb_limiter_available(l), 3);
    eb_limiter_destroy(l);
}

/* A big waiter at the head holds back a smaller one behind it until it is satisfied. */
static void test_weighted_head_blocks(void) {
    eb_limiter *l = make_limiter(4);
    waiter big, small;
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 4), EB_OK);
    waiter_start(&big, l, 3, 60000000);
    EB_CHECK(wait_waiters(l, 1));
    waiter_start(&small, l, 1, 60000000);
    EB_CHECK(wait_waiters(l, 2));
    eb_limiter_release(l, 1);
    EB_CHECK_EQ_INT(eb_limiter_waiters(l), 2);   /* small could run, but is behind big */
    eb_limiter_release(l, 1);
    EB_CHECK_EQ_INT(eb_limiter_waiters(l), 2);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 0);
    eb_limiter_release(l, 1);                     /* big is satisfied */
    EB_CHECK_EQ_INT(eb_limiter_waiters(l), 1);
    finish(&big, EB_OK);
    EB_CHECK_EQ_INT(eb__load(&small.done, EB__ACQUIRE), 0);
    eb_limiter_release(l, 1);                     /* main's last permit: small's turn */
    finish(&small, EB_OK);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 0);
    eb_limiter_release(l, 3);
    eb_limiter_release(l, 1);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 4);
    eb_limiter_destroy(l);
}

/* golang/go#37852: the head (wants 3) holds the one free permit and times out; the
   waiter behind it (wants 1) must get that permit instead of sleeping on. */
static void test_head_timeout_renotify(void) {
    eb_limiter *l = make_limiter(3);
    waiter head, second;
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 2), EB_OK);
    waiter_start(&head, l, 3, 300000);
    EB_CHECK(wait_waiters(l, 1));
    EB_CHECK_EQ_INT(eb_limiter_available(l), 0);   /* the free permit went to the head */
    waiter_start(&second, l, 1, 60000000);
    EB_CHECK(wait_waiters(l, 2) || eb__load(&head.done, EB__ACQUIRE));
    finish(&head, EB_TIMEOUT);
    finish(&second, EB_OK);
    EB_CHECK_EQ_INT(eb_limiter_waiters(l), 0);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 0);
    eb_limiter_release(l, 2);
    eb_limiter_release(l, 1);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 3);
    eb_limiter_destroy(l);
}

static void test_close_wakes_all(void) {
    enum { N = 5 };
    eb_limiter *l = make_limiter(3);
    waiter w[N];
    int i;
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 2), EB_OK);   /* one free: goes to the head */
    for (i = 0; i < N; i++) {
        waiter_start(&w[i], l, 1 + i % 3 + (i == 0 ? 1 : 0), 60000000);
        EB_CHECK(wait_waiters(l, (size_t)i + 1));
    }
    EB_CHECK_EQ_INT(eb_limiter_available(l), 0);
    eb_limiter_close(l);
    for (i = 0; i < N; i++) finish(&w[i], EB_CLOSED);
    EB_CHECK_EQ_INT(eb_limiter_waiters(l), 0);
    EB_CHECK_EQ_INT(eb_limiter_available(l), 1);   /* the head's permit came back */
    EB_CHECK_STATUS(eb_limiter_acquire(l, 1, EB_FOREVER), EB_CLOSED);
    EB_CHECK_STATUS(eb_limiter_acquire(l, 1, 0), EB_CLOSED);
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 1), EB_CLOSED);
    eb_limiter_close(l);   /* idempotent */
    eb_limiter_release(l, 2);   /* holders still give back after close */
    EB_CHECK_EQ_INT(eb_limiter_available(l), 3);
    EB_CHECK_STATUS(eb_limiter_try_acquire(l, 1), EB_CLOSED);
    EB_CHECK_EQ_INT(assert_hits, 0);
    eb_limiter_destroy(l);
}

/* ---- races ---------------------------------------------------------------------------- */

/* A release racing a short timeout, many times: whichever wins, the permit is owned by
   exactly one side, so after everyone gives back what they hold, all permits are there. */
static void test_timeout_vs_grant_race(void) {
    long iters = eb_test_scaled(3000), i, ok = 0, timeouts = 0;
    eb_limiter *l = make_limiter(1);
    uint64_t rng = 12345;
    for (i = 0; i < iters; i++) {
        waiter w;
        int64_t t = (int64_t)(eb__splitmix64(&rng) % 150);
        EB_CHECK_STATUS(eb_limiter_try_acquire(l, 1), EB_OK);
        waiter_start(&w, l, 1, t + 1);
        eb__sleep_us((int64_t)(eb__splitmix64(&rng) % 150));
        eb_limiter_release(l, 1);
        eb__thread_join(&w.t);
        if (w.status == EB_OK) {
            ok++;
            EB_CHECK_EQ_INT(eb_limiter_available(l), 0);
            eb_limiter_release(l, 1);
        } else {
            timeouts++;
            EB_CHECK_STATUS(w.status, EB_TIMEOUT);
        }
        if (eb_limiter_available(l) != 1 || eb_limiter_waiters(l) != 0) {
            EB_CHECK_EQ_INT(eb_limiter_available(l), 1);
            EB_CHECK_EQ_INT(eb_limiter_waiters(l), 0);
            break;
        }
    }
    fprintf(stderr, "  %ld iterations: %ld granted, %ld timed out\n", i, ok, timeouts);
    EB_CHECK_EQ_INT(assert_hits, 0);
    eb_limiter_destroy(l);
}

typedef struct hammer {
    eb_limiter *l;
    int64_t permits;
    long iters;
    int64_t in_use, max_in_use;
    long ok, timeouts, busy, bad;
} hammer;

typedef struct hammer_thread {
    hammer *h;
    uint64_t rng;
    eb__thread t;
} hammer_thread;

static void *hammer_main(void *arg) {
    hammer_thread *ht = (hammer_thread *)arg;
    hammer *h = ht->h;
    long i;
    for (i = 0; i < h->iters; i++) {
        uint64_t r = eb__splitmix64(&ht->rng);
        int64_t n = 1 + (int64_t)(r % (uint64_t)h->permits), u, m;
        eb_status s;
        if ((r >> 8) % 8 == 0) s = eb_limiter_try_acquire(h->l, n);
        else s = eb_limiter_acquire(h->l, n, (int64_t)((r >> 16) % 200));
        if (s == EB_TIMEOUT) { eb__fetch_add(&h->timeouts, 1, EB__RELAXED); continue; }
        if (s == EB_BUSY) { eb__fetch_add(&h->busy, 1, EB__RELAXED); continue; }
        if (s != EB_OK) { eb__fetch_add(&h->bad, 1, EB__RELAXED); continue; }
        u = eb__fetch_add(&h->in_use, n, EB__ACQ_REL) + n;
        m = eb__load(&h->max_in_use, EB__RELAXED);
        while (u > m && !eb__cas_weak(&h->max_in_use, &m, u, EB__RELAXED, EB__RELAXED)) {}
        if ((r >> 24) % 4 == 0) sched_yield();
        eb__fetch_sub(&h->in_use, n, EB__ACQ_REL);
        eb__fetch_add(&h->ok, 1, EB__RELAXED);
        eb_limiter_release(h->l, n);
    }
    return NULL;
}

/* Many threads, weighted acquires with tiny timeouts and try_acquires: never more than
   `permits` in use at once, only OK/TIMEOUT/BUSY, and every permit back at the end. */
static void test_weighted_hammer(void) {
    enum { T = 6 };
    hammer h;
    hammer_thread th[T];
    int i;
    memset(&h, 0, sizeof h);
    h.permits = 3;
    h.l = make_limiter(h.permits);
    h.iters = eb_test_scaled(20000);
    for (i = 0; i < T; i++) {
        th[i].h = &h;
        th[i].rng = (uint64_t)i * 7919 + 1;
        EB_CHECK(eb__thread_start(&th[i].t, hammer_main, &th[i]) == 0);
    }
    for (i = 0; i < T; i++) eb__thread_join(&th[i].t);
    fprintf(stderr, "  ok %ld, timeouts %ld, busy %ld, max in use %lld\n", h.ok, h.timeouts, h.busy,
            (long long)h.max_in_use);
    EB_CHECK_EQ_INT(h.bad, 0);
    EB_CHECK(h.ok > 0);
    EB_CHECK(h.max_in_use <= h.permits);
    EB_CHECK_EQ_INT(h.ok + h.timeouts + h.busy, h.iters * T);
    EB_CHECK_EQ_INT(eb_limiter_available(h.l), h.permits);
    EB_CHECK_EQ_INT(eb_limiter_waiters(h.l), 0);
    EB_CHECK_EQ_INT(assert_hits, 0);
    eb_limiter_destroy(h.l);
}

/* ---- allocator override ---------------------------------------------------------------- */

static void test_allocator_override(void) {
    eb_test_alloc c;
    eb_limiter_desc d;
    eb_limiter *l = NULL;
    memset(&d, 0, sizeof d);
    d.permits = 2;
    d.allocator = eb_test_allocator(&c);
    EB_CHECK_STATUS(eb_limiter_create(&d, &l), EB_OK);
    EB_CHECK_EQ_INT(c.allocs, 1);
    EB_CHECK_EQ_INT((uintptr_t)l % EMBEDBATCH_CACHELINE, 0);
    EB_CHECK_STATUS(eb_limiter_acquire(l, 2, 0), EB_OK);
    EB_CHECK_STATUS(eb_limiter_acquire(l, 1, 1000), EB_TIMEOUT);   /* waiting allocates nothing */
    EB_CHECK_EQ_INT(c.allocs, 1);
    eb_limiter_release(l, 2);
    eb_limiter_destroy(l);
    EB_CHECK_EQ_INT(c.frees, 1);
    EB_CHECK_EQ_INT(c.live_bytes, 0);
    c.fail_at = c.allocs + 1;
    EB_CHECK_STATUS(eb_limiter_create(&d, &l), EB_NOMEM);
    EB_CHECK_EQ_INT(c.allocs, c.frees);
    EB_CHECK(l == NULL);
}

int main(void) {
    EB_RUN(test_create_invalid);
    EB_RUN(test_basic_and_invalid_n);
    EB_RUN(test_over_release);
    EB_RUN(test_timeout);
    EB_RUN(test_fifo_order);
    EB_RUN(test_no_barging);
    EB_RUN(test_weighted_head_blocks);
    EB_RUN(test_head_timeout_renotify);
    EB_RUN(test_close_wakes_all);
    EB_RUN(test_timeout_vs_grant_race);
    EB_RUN(test_weighted_hammer);
    EB_RUN(test_allocator_override);
    return eb_test_summary();
}
