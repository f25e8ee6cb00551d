/* MPMC queue: unit tests of every call and edge, then multi-thread stress that checks
 * every item arrives exactly once and each producer's items arrive in order. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"

#define ITEM(v) ((void *)(uintptr_t)(v))
#define VAL(p) ((uintptr_t)(p))

static eb_mpmc *make_queue(size_t cap, int spin) {
    eb_mpmc_desc d;
    eb_mpmc *q = NULL;
    memset(&d, 0, sizeof d);
    d.capacity = cap;
    d.spin_count = spin;
    EB_CHECK_STATUS(eb_mpmc_create(&d, &q), EB_OK);
    return q;
}

static void sleep_ms(int ms) { eb__sleep_us((int64_t)ms * 1000); }

/* ---- single-thread unit tests ---------------------------------------------------------- */

static void test_capacity_rounding(void) {
    static const size_t asked[] = {0, 1, 2, 3, 4, 5, 1000, 1024, 1025, 65536};
    static const size_t want[] = {1024, 2, 2, 4, 4, 8, 1024, 1024, 2048, 65536};
    size_t i;
    for (i = 0; i < sizeof asked / sizeof asked[0]; i++) {
        eb_mpmc *q = make_queue(asked[i], 0);
        EB_CHECK_EQ_INT(eb_mpmc_capacity(q), want[i]);
        EB_CHECK_EQ_INT(eb_mpmc_size_approx(q), 0);
        eb_mpmc_destroy(q);
    }
    {   /* NULL desc means all defaults */
        eb_mpmc *q = NULL;
        EB_CHECK_STATUS(eb_mpmc_create(NULL, &q), EB_OK);
        EB_CHECK_EQ_INT(eb_mpmc_capacity(q), 1024);
        EB_CHECK_EQ_INT(q->spin_count, EMBEDBATCH_SPIN_COUNT);
        eb_mpmc_destroy(q);
    }
    {   /* negative spin_count: park without spinning */
        eb_mpmc *q = make_queue(4, -5);
        EB_CHECK_EQ_INT(q->spin_count, 0);
        eb_mpmc_destroy(q);
    }
}

static void *never_alloc(size_t size, size_t align, void *user) {
    (void)size; (void)align; (void)user;
    return NULL;
}

static void test_invalid_args(void) {
    eb_mpmc_desc d;
    eb_mpmc *q = (eb_mpmc *)ITEM(1);
    void *item = NULL, *items[4];
    memset(&d, 0, sizeof d);
    EB_CHECK_STATUS(eb_mpmc_create(&d, NULL), EB_INVALID_ARGUMENT);
    d.capacity = (size_t)-1;
    EB_CHECK_STATUS(eb_mpmc_create(&d, &q), EB_INVALID_ARGUMENT);
    EB_CHECK(q == NULL);
    EB_CHECK(strstr(eb_last_error(), "capacity") != NULL);
    d.capacity = EB__MPMC_MAX_CAPACITY + 1;
    EB_CHECK_STATUS(eb_mpmc_create(&d, &q), EB_INVALID_ARGUMENT);
    d.capacity = 8;
    d.allocator.alloc = never_alloc;   /* only one of the pair */
    EB_CHECK_STATUS(eb_mpmc_create(&d, &q), EB_INVALID_ARGUMENT);

    EB_CHECK_STATUS(eb_mpmc_try_push(NULL, ITEM(1)), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_mpmc_try_pop(NULL, &item), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_mpmc_push(NULL, ITEM(1), 0), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_mpmc_pop(NULL, &item, 0), EB_INVALID_ARGUMENT);
    EB_CHECK_EQ_INT(eb_mpmc_try_pop_bulk(NULL, items, 4), 0);
    EB_CHECK_EQ_INT(eb_mpmc_size_approx(NULL), 0);
    EB_CHECK_EQ_INT(eb_mpmc_capacity(NULL), 0);
    eb_mpmc_close(NULL);
    eb_mpmc_destroy(NULL);

    q = make_queue(4, 0);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(7)), EB_OK);
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, NULL), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_mpmc_pop(q, NULL, EB_FOREVER), EB_INVALID_ARGUMENT);
    EB_CHECK_EQ_INT(eb_mpmc_try_pop_bulk(q, NULL, 4), 0);
    EB_CHECK_EQ_INT(eb_mpmc_try_pop_bulk(q, items, 0), 0);
    EB_CHECK_EQ_INT(eb_mpmc_size_approx(q), 1);   /* the misuse above took nothing */
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);
    EB_CHECK_EQ_INT(VAL(item), 7);
    eb_mpmc_destroy(q);
}

static void test_full_empty_fifo(void) {
    eb_mpmc *q = make_queue(4, 0);
    void *item = ITEM(99);
    uintptr_t i;
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_EMPTY);
    EB_CHECK_EQ_INT(VAL(item), 99);   /* untouched on failure */
    for (i = 0; i < 4; i++) {
        EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(i)), EB_OK);   /* ITEM(0) is NULL: allowed */
        EB_CHECK_EQ_INT(eb_mpmc_size_approx(q), i + 1);
    }
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(4)), EB_FULL);
    EB_CHECK_STATUS(eb_mpmc_push(q, ITEM(4), 0), EB_TIMEOUT);
    EB_CHECK_EQ_INT(eb_mpmc_size_approx(q), 4);
    for (i = 0; i < 4; i++) {
        EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);
        EB_CHECK_EQ_INT(VAL(item), i);
        EB_CHECK_EQ_INT(eb_mpmc_size_approx(q), 3 - i);
    }
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_EMPTY);
    EB_CHECK_STATUS(eb_mpmc_pop(q, &item, 0), EB_TIMEOUT);
    /* the blocking calls succeed at once when they can */
    EB_CHECK_STATUS(eb_mpmc_push(q, ITEM(5), EB_FOREVER), EB_OK);
    EB_CHECK_STATUS(eb_mpmc_pop(q, &item, EB_FOREVER), EB_OK);
    EB_CHECK_EQ_INT(VAL(item), 5);
    eb_mpmc_destroy(q);
}

static void test_capacity_two(void) {
    eb_mpmc *q = make_queue(2, 0);
    void *item;
    int lap;
    EB_CHECK_EQ_INT(eb_mpmc_capacity(q), 2);
    for (lap = 0; lap < 5; lap++) {
        EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(10 * lap + 1)), EB_OK);
        EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(10 * lap + 2)), EB_OK);
        EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(10 * lap + 3)), EB_FULL);
        EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);
        EB_CHECK_EQ_INT(VAL(item), 10 * lap + 1);
        EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(10 * lap + 3)), EB_OK);
        EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);
        EB_CHECK_EQ_INT(VAL(item), 10 * lap + 2);
        EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);
        EB_CHECK_EQ_INT(VAL(item), 10 * lap + 3);
        EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_EMPTY);
    }
    eb_mpmc_destroy(q);
}

/* Many laps around small rings, with fill levels that vary so every cell is seen at
   every fill offset. */
static void test_wraparound_laps(void) {
    static const size_t caps[] = {2, 8, 64};
    long laps = eb_test_scaled(200000), k;
    size_t c;
    for (c = 0; c < 3; c++) {
        eb_mpmc *q = make_queue(caps[c], 0);
        uintptr_t next_in = 1, next_out = 1;
        int bad = 0;
        for (k = 0; k < laps && !bad; k++) {
            size_t fill = 1 + (size_t)k % caps[c], i;
            void *item;
            for (i = 0; i < fill; i++)
                if (eb_mpmc_try_push(q, ITEM(next_in++)) != EB_OK) bad = 1;
            for (i = 0; i < fill; i++)
                if (eb_mpmc_try_pop(q, &item) != EB_OK || VAL(item) != next_out++) bad = 1;
            if (eb_mpmc_size_approx(q) != 0) bad = 1;
        }
        EB_CHECK_MSG(!bad, "capacity %zu broke at lap %ld", caps[c], k);
        EB_CHECK(q->enq_pos > (uint64_t)laps);   /* went around many times */
        eb_mpmc_destroy(q);
    }
}

/* Start the positions just below 2^32 and 2^62 (as if that many items had passed) to
   check nothing truncates them or compares them unsigned. */
static void test_positions_far_along(void) {
    static const uint64_t starts[] = {((uint64_t)1 << 32) - 5, ((uint64_t)1 << 62) - 5};
    int s;
    for (s = 0; s < 2; s++) {
        eb_mpmc *q = make_queue(4, 0);
        uint64_t i;
        uintptr_t v = 1, w = 1;
        void *item;
        int j;
        q->enq_pos = q->deq_pos = starts[s];
        for (i = 0; i < 4; i++) q->cells[(starts[s] + i) & q->mask].seq = starts[s] + i;
        for (j = 0; j < 20; j++) {
            EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(v++)), EB_OK);
            EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(v++)), EB_OK);
            EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(v++)), EB_OK);
            EB_CHECK_EQ_INT(eb_mpmc_size_approx(q), 3);
            EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);
            EB_CHECK_EQ_INT(VAL(item), w++);
            EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);
            EB_CHECK_EQ_INT(VAL(item), w++);
            EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);
            EB_CHECK_EQ_INT(VAL(item), w++);
        }
        EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_EMPTY);
        for (j = 0; j < 4; j++) EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(1)), EB_OK);
        EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(1)), EB_FULL);
        EB_CHECK(q->enq_pos - starts[s] == 64);
        eb_mpmc_destroy(q);
    }
}

static void test_timeouts(void) {
    eb_mpmc *q = make_queue(2, 0);
    void *item = ITEM(5);
    int64_t t0, t1;
    t0 = eb_now_us();
    EB_CHECK_STATUS(eb_mpmc_pop(q, &item, 30000), EB_TIMEOUT);
    t1 = eb_now_us();
    EB_CHECK_MSG(t1 - t0 >= 30000, "pop returned TIMEOUT after %lld us, before its 30000 us", (long long)(t1 - t0));
    EB_CHECK_EQ_INT(VAL(item), 5);
    EB_CHECK_EQ_INT(q->pop_waiting, 0);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(1)), EB_OK);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(2)), EB_OK);
    t0 = eb_now_us();
    EB_CHECK_STATUS(eb_mpmc_push(q, ITEM(3), 30000), EB_TIMEOUT);
    t1 = eb_now_us();
    EB_CHECK_MSG(t1 - t0 >= 30000, "push returned TIMEOUT after %lld us", (long long)(t1 - t0));
    EB_CHECK_EQ_INT(q->push_waiting, 0);
    EB_CHECK_EQ_INT(eb_mpmc_size_approx(q), 2);   /* the timed-out item was not added */
    eb_mpmc_destroy(q);
}

/* ---- helpers for tests with threads ---------------------------------------------------- */

typedef struct blocker {
    eb_mpmc *q;
    int is_push;
    void *item;
    int64_t timeout_us;
    eb_status status;
    int done;
    eb__thread t;
} blocker;

static void *blocker_main(void *arg) {
    blocker *b = (blocker *)arg;
    eb_status s = b->is_push ? eb_mpmc_push(b->q, b->item, b->timeout_us) : eb_mpmc_pop(b->q, &b->item, b->timeout_us);
    b->status = s;
    eb__store(&b->done, 1, EB__RELEASE);
    return NULL;
}

static void blocker_start(blocker *b, eb_mpmc *q, int is_push, void *item, int64_t timeout_us) {
    memset(b, 0, sizeof *b);
    b->q = q;
    b->is_push = is_push;
    b->item = item;
    b->timeout_us = timeout_us;
    EB_CHECK(eb__thread_start(&b->t, blocker_main, b) == 0);
}

/* Waits (bounded) until n callers are parked on the queue's push or pop side. */
static int wait_parked(eb_mpmc *q, int is_push, uint32_t n) {
    int i;
    for (i = 0; i < 5000; i++) {
        uint32_t s = eb__load(is_push ? &q->push_waiting : &q->pop_waiting, EB__SEQ_CST);
        if (s >= n) return 1;
        sleep_ms(1);
    }
    return 0;
}

/* Liveness, not speed: a caller that should have been woken is done well before its own
   (much longer) timeout would have ended the wait. */
static int wait_done(blocker *b, int ms) {
    int i;
    for (i = 0; i < ms && !eb__load(&b->done, EB__ACQUIRE); i++) sleep_ms(1);
    return eb__load(&b->done, EB__ACQUIRE);
}

static void test_blocking_handoff(void) {
    eb_mpmc *q = make_queue(2, 0);
    blocker b;
    void *item;
    /* a parked popper gets the next push */
    blocker_start(&b, q, 0, NULL, 5000000);
    EB_CHECK(wait_parked(q, 0, 1));
    EB_CHECK_EQ_INT(eb__load(&b.done, EB__ACQUIRE), 0);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(42)), EB_OK);
    eb__thread_join(&b.t);
    EB_CHECK_STATUS(b.status, EB_OK);
    EB_CHECK_EQ_INT(VAL(b.item), 42);
    /* a parked pusher gets the slot freed by the next pop */
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(1)), EB_OK);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(2)), EB_OK);
    blocker_start(&b, q, 1, ITEM(3), 5000000);
    EB_CHECK(wait_parked(q, 1, 1));
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);
    EB_CHECK_EQ_INT(VAL(item), 1);
    eb__thread_join(&b.t);
    EB_CHECK_STATUS(b.status, EB_OK);
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);
    EB_CHECK_EQ_INT(VAL(item), 2);
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);
    EB_CHECK_EQ_INT(VAL(item), 3);
    EB_CHECK_EQ_INT(q->push_waiting + q->pop_waiting, 0);
    eb_mpmc_destroy(q);
}

static void test_close_semantics(void) {
    eb_mpmc *q = make_queue(4, 0);
    void *item, *items[4];
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(1)), EB_OK);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(2)), EB_OK);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(3)), EB_OK);
    eb_mpmc_close(q);
    eb_mpmc_close(q);   /* idempotent */
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(4)), EB_CLOSED);
    EB_CHECK_STATUS(eb_mpmc_push(q, ITEM(4), EB_FOREVER), EB_CLOSED);
    EB_CHECK_STATUS(eb_mpmc_push(q, ITEM(4), 0), EB_CLOSED);
    EB_CHECK_EQ_INT(eb_mpmc_size_approx(q), 3);
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_OK);    /* drains what is left */
    EB_CHECK_EQ_INT(VAL(item), 1);
    EB_CHECK_STATUS(eb_mpmc_pop(q, &item, EB_FOREVER), EB_OK);
    EB_CHECK_EQ_INT(VAL(item), 2);
    EB_CHECK_EQ_INT(eb_mpmc_try_pop_bulk(q, items, 4), 1);
    EB_CHECK_EQ_INT(VAL(items[0]), 3);
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_CLOSED);
    EB_CHECK_STATUS(eb_mpmc_pop(q, &item, EB_FOREVER), EB_CLOSED);
    EB_CHECK_STATUS(eb_mpmc_pop(q, &item, 0), EB_CLOSED);
    EB_CHECK_EQ_INT(eb_mpmc_try_pop_bulk(q, items, 4), 0);
    EB_CHECK_EQ_INT(eb_mpmc_size_approx(q), 0);
    eb_mpmc_destroy(q);
    /* a full queue closed: pushes fail, the items still come out */
    q = make_queue(2, 0);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(1)), EB_OK);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(2)), EB_OK);
    eb_mpmc_close(q);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(3)), EB_CLOSED);
    EB_CHECK_EQ_INT(eb_mpmc_try_pop_bulk(q, items, 4), 2);
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_CLOSED);
    eb_mpmc_destroy(q);
}

static void test_close_wakes_blocked(void) {
    enum { N = 4 };
    eb_mpmc *full = make_queue(2, 0), *empty = make_queue(2, 0);
    blocker pushers[N], poppers[N];
    int i;
    EB_CHECK_STATUS(eb_mpmc_try_push(full, ITEM(1)), EB_OK);
    EB_CHECK_STATUS(eb_mpmc_try_push(full, ITEM(2)), EB_OK);
    for (i = 0; i < N; i++) {
        blocker_start(&pushers[i], full, 1, ITEM(10 + i), 60000000);
        blocker_start(&poppers[i], empty, 0, NULL, 60000000);
    }
    EB_CHECK(wait_parked(full, 1, N));
    EB_CHECK(wait_parked(empty, 0, N));
    eb_mpmc_close(full);
    eb_mpmc_close(empty);
    for (i = 0; i < N; i++) {
        EB_CHECK(wait_done(&pushers[i], 20000) && wait_done(&poppers[i], 20000));
        eb__thread_join(&pushers[i].t);
        eb__thread_join(&poppers[i].t);
        EB_CHECK_STATUS(pushers[i].status, EB_CLOSED);
        EB_CHECK_STATUS(poppers[i].status, EB_CLOSED);
    }
    EB_CHECK_EQ_INT(eb_mpmc_size_approx(full), 2);
    eb_mpmc_destroy(full);
    eb_mpmc_destroy(empty);
}

/* A push that claimed its cell before close() and publishes after it: poppers must not
   report CLOSED before taking its item, and the ones left over must not hang. The claim
   and the publication are done by hand, as a push preempted between them would. */
static void test_close_with_push_in_flight(void) {
    eb_mpmc *q = make_queue(4, 0);
    blocker a, b;
    void *item;
    uint64_t pos = q->enq_pos;
    eb__store(&q->enq_pos, pos + 1, EB__SEQ_CST);   /* claimed, not published */
    eb_mpmc_close(q);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(1)), EB_CLOSED);
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_EMPTY);   /* not drained yet */
    blocker_start(&a, q, 0, NULL, 60000000);
    blocker_start(&b, q, 0, NULL, 60000000);
    EB_CHECK(wait_parked(q, 0, 2));
    q->cells[pos & q->mask].data = ITEM(77);            /* publish, as push_raw does */
    eb__store(&q->cells[pos & q->mask].seq, pos + 1, EB__SEQ_CST);
    if (eb__load(&q->pop_waiting, EB__SEQ_CST)) eb__mpmc_wake(q, &q->poppers, 1);
    EB_CHECK(wait_done(&a, 20000) && wait_done(&b, 20000));
    eb__thread_join(&a.t);
    eb__thread_join(&b.t);
    EB_CHECK((a.status == EB_OK && b.status == EB_CLOSED) || (a.status == EB_CLOSED && b.status == EB_OK));
    EB_CHECK_EQ_INT(VAL(a.status == EB_OK ? a.item : b.item), 77);
    EB_CHECK_STATUS(eb_mpmc_try_pop(q, &item), EB_CLOSED);
    eb_mpmc_destroy(q);
}

static void test_bulk_pop(void) {
    eb_mpmc *q = make_queue(16, 0);
    void *items[32];
    blocker b;
    uintptr_t i;
    size_t n;
    for (i = 0; i < 10; i++) EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(i + 1)), EB_OK);
    n = eb_mpmc_try_pop_bulk(q, items, 4);
    EB_CHECK_EQ_INT(n, 4);
    for (i = 0; i < n; i++) EB_CHECK_EQ_INT(VAL(items[i]), i + 1);
    n = eb_mpmc_try_pop_bulk(q, items, 32);
    EB_CHECK_EQ_INT(n, 6);
    for (i = 0; i < n; i++) EB_CHECK_EQ_INT(VAL(items[i]), i + 5);
    EB_CHECK_EQ_INT(eb_mpmc_try_pop_bulk(q, items, 32), 0);
    /* across the wrap point, and a full ring in one call */
    for (i = 0; i < 16; i++) EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(100 + i)), EB_OK);
    EB_CHECK_EQ_INT(eb_mpmc_try_pop_bulk(q, items, 32), 16);
    for (i = 0; i < 16; i++) EB_CHECK_EQ_INT(VAL(items[i]), 100 + i);
    /* a bulk pop frees room for a parked pusher */
    for (i = 0; i < 16; i++) EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(200 + i)), EB_OK);
    blocker_start(&b, q, 1, ITEM(999), 5000000);
    EB_CHECK(wait_parked(q, 1, 1));
    EB_CHECK_EQ_INT(eb_mpmc_try_pop_bulk(q, items, 3), 3);
    eb__thread_join(&b.t);
    EB_CHECK_STATUS(b.status, EB_OK);
    EB_CHECK_EQ_INT(eb_mpmc_size_approx(q), 14);
    EB_CHECK_EQ_INT(eb_mpmc_try_pop_bulk(q, items, 32), 14);
    EB_CHECK_EQ_INT(VAL(items[13]), 999);
    eb_mpmc_destroy(q);
}

/* ---- allocator override ----------------------------------------------------------------- */

static void test_allocator_override(void) {
    eb_test_alloc c;
    eb_mpmc_desc d;
    eb_mpmc *q = NULL;
    long fail;
    memset(&d, 0, sizeof d);
    d.capacity = 100;
    d.allocator = eb_test_allocator(&c);
    EB_CHECK_STATUS(eb_mpmc_create(&d, &q), EB_OK);
    EB_CHECK(c.allocs >= 1);
    EB_CHECK(c.live_bytes >= (long)(128 * sizeof(void *)));
    EB_CHECK_EQ_INT(c.misaligned, 0);
    EB_CHECK_EQ_INT((uintptr_t)q % EMBEDBATCH_CACHELINE, 0);
    EB_CHECK_STATUS(eb_mpmc_try_push(q, ITEM(1)), EB_OK);
    eb_mpmc_destroy(q);
    EB_CHECK_EQ_INT(c.allocs, c.frees);
    EB_CHECK_EQ_INT(c.live_bytes, 0);
    /* every allocation failing in turn: NOMEM and nothing leaked */
    for (fail = 1; fail <= 2; fail++) {
        d.allocator = eb_test_allocator(&c);
        c.fail_at = fail;
        q = (eb_mpmc *)ITEM(1);
        EB_CHECK_STATUS(eb_mpmc_create(&d, &q), EB_NOMEM);
        EB_CHECK(q == NULL);
        EB_CHECK_EQ_INT(c.allocs, c.frees);
        EB_CHECK_EQ_INT(c.live_bytes, 0);
    }
}

/* ---- stress ------------------------------------------------------------------------------ */

enum { MODE_TRY, MODE_BLOCKING, MODE_BULK };

typedef struct stress {
    eb_mpmc *q;
    int mode;
    long per_producer;
    int producers;
    uint64_t pushed_sum, pushed_xor, popped_sum, popped_xor;
    long popped, errors, timeouts;
    unsigned char *seen;   /* one bit per item */
} stress;

typedef struct stress_thread {
    stress *s;
    int id;
    uint64_t sum, x;   /* of the items it pushed or popped */
    eb__thread t;
} stress_thread;

static void backoff(int *n) {
    if (++*n < 16) eb__cpu_relax();
    else sched_yield();
}

static void *stress_producer(void *arg) {
    stress_thread *th = (stress_thread *)arg;
    stress *s = th->s;
    uint64_t sum = 0, x = 0;
    long i;
    for (i = 0; i < s->per_producer; i++) {
        uint64_t v = (uint64_t)th->id * (uint64_t)s->per_producer + (uint64_t)i + 1;
        eb_status st;
        if (s->mode == MODE_TRY) {
            int spins = 0;
            while ((st = eb_mpmc_try_push(s->q, ITEM(v))) == EB_FULL) backoff(&spins);
        } else {
            st = eb_mpmc_push(s->q, ITEM(v), 20000000);
        }
        if (st != EB_OK) {
            eb__fetch_add(st == EB_TIMEOUT ? &s->timeouts : &s->errors, 1, EB__RELAXED);
            break;
        }
        sum += v;
        x ^= v;
    }
    th->sum = sum;
    th->x = x;
    return NULL;
}

/* Checks one popped item: first sighting, and in order for its producer. */
static int stress_take(stress *s, uintptr_t v, long *last, uint64_t *sum, uint64_t *x) {
    uint64_t idx = (uint64_t)v - 1;
    long p = (long)(idx / (uint64_t)s->per_producer), seq = (long)(idx % (uint64_t)s->per_producer);
    unsigned char bit = (unsigned char)(1u << (idx & 7)), old;
    if (v == 0 || p >= s->producers || seq <= last[p]) return 0;
    last[p] = seq;
    old = eb__fetch_or(&s->seen[idx >> 3], bit, EB__RELAXED);
    if (old & bit) return 0;
    *sum += (uint64_t)v;
    *x ^= (uint64_t)v;
    return 1;
}

static void *stress_consumer(void *arg) {
    stress_thread *th = (stress_thread *)arg;
    stress *s = th->s;
    long total = s->per_producer * s->producers, bad = 0, *last;
    uint64_t sum = 0, x = 0;
    int p;
    last = (long *)malloc(sizeof(long) * (size_t)s->producers);
    for (p = 0; p < s->producers; p++) last[p] = -1;
    for (;;) {
        void *items[16];
        size_t n = 0, i;
        if (s->mode == MODE_TRY) {
            int spins = 0;
            eb_status st;
            while ((st = eb_mpmc_try_pop(s->q, &items[0])) == EB_EMPTY) {
                if (eb__load(&s->popped, EB__ACQUIRE) >= total) break;
                backoff(&spins);
            }
            if (st != EB_OK) break;
            n = 1;
        } else {
            eb_status st = eb_mpmc_pop(s->q, &items[0], 20000000);
            if (st == EB_CLOSED) break;
            if (st != EB_OK) {
                eb__fetch_add(st == EB_TIMEOUT ? &s->timeouts : &s->errors, 1, EB__RELAXED);
                break;
            }
            n = 1;
            if (s->mode == MODE_BULK) n += eb_mpmc_try_pop_bulk(s->q, items + 1, 15);
        }
        for (i = 0; i < n; i++)
            if (!stress_take(s, VAL(items[i]), last, &sum, &x)) bad++;
        eb__fetch_add(&s->popped, (long)n, EB__RELEASE);
    }
    free(last);
    eb__fetch_add(&s->errors, bad, EB__RELAXED);
    th->sum = sum;
    th->x = x;
    return NULL;
}

static void run_stress(int producers, int consumers, size_t capacity, int mode, long total_items) {
    stress s;
    stress_thread *th;
    int i, n = producers + consumers;
    long total;
    memset(&s, 0, sizeof s);
    s.q = make_queue(capacity, 0);
    s.mode = mode;
    s.producers = producers;
    s.per_producer = EB__MAX(1, eb_test_scaled(total_items) / producers);
    total = s.per_producer * producers;
    s.seen = (unsigned char *)calloc((size_t)total / 8 + 1, 1);
    th = (stress_thread *)calloc((size_t)n, sizeof *th);
    for (i = 0; i < n; i++) {
        th[i].s = &s;
        th[i].id = i < producers ? i : i - producers;
        EB_CHECK(eb__thread_start(&th[i].t, i < producers ? stress_producer : stress_consumer, &th[i]) == 0);
    }
    for (i = 0; i < producers; i++) eb__thread_join(&th[i].t);
    if (mode != MODE_TRY) eb_mpmc_close(s.q);
    for (i = producers; i < n; i++) eb__thread_join(&th[i].t);
    for (i = 0; i < n; i++) {
        *(i < producers ? &s.pushed_sum : &s.popped_sum) += th[i].sum;
        *(i < producers ? &s.pushed_xor : &s.popped_xor) ^= th[i].x;
    }
    EB_CHECK_MSG(s.popped == total, "%dP%dC cap %zu mode %d: popped %ld of %ld", producers, consumers,
                 capacity, mode, s.popped, total);
    EB_CHECK_EQ_INT(s.errors, 0);
    EB_CHECK_EQ_INT(s.timeouts, 0);
    EB_CHECK(s.pushed_sum == s.popped_sum);
    EB_CHECK(s.pushed_xor == s.popped_xor);
    EB_CHECK(s.pushed_sum == (uint64_t)total * (uint64_t)(total + 1) / 2);
    EB_CHECK_EQ_INT(eb_mpmc_size_approx(s.q), 0);
    EB_CHECK_EQ_INT(s.q->push_waiting + s.q->pop_waiting, 0);
    eb_mpmc_destroy(s.q);
    free(s.seen);
    free(th);
}

static void test_stress_8p8c_try(void) { run_stress(8, 8, 1024, MODE_TRY, 2000000); }
static void test_stress_8p8c_blocking(void) { run_stress(8, 8, 1024, MODE_BLOCKING, 2000000); }
static void test_stress_16p4c_try(void) { run_stress(16, 4, 256, MODE_TRY, 2000000); }
static void test_stress_16p4c_blocking(void) { run_stress(16, 4, 256, MODE_BLOCKING, 2000000); }
static void test_stress_4p16c_bulk(void) { run_stress(4, 16, 64, MODE_BULK, 2000000); }
/* Tiny rings keep threads parking and waking: a lost wakeup shows as a timeout. */
static void test_stress_parking_cap2(void) { run_stress(8, 8, 2, MODE_BLOCKING, 200000); }
static void test_stress_parking_cap4_bulk(void) { run_stress(6, 3, 4, MODE_BULK, 200000); }

int main(void) {
    EB_RUN(test_capacity_rounding);
    EB_RUN(test_invalid_args);
    EB_RUN(test_full_empty_fifo);
    EB_RUN(test_capacity_two);
    EB_RUN(test_wraparound_laps);
    EB_RUN(test_positions_far_along);
    EB_RUN(test_timeouts);
    EB_RUN(test_blocking_handoff);
    EB_RUN(test_close_semantics);
    EB_RUN(test_close_wakes_blocked);
    EB_RUN(test_close_with_push_in_flight);
    EB_RUN(test_bulk_pop);
    EB_RUN(test_allocator_override);
    EB_RUN(test_stress_8p8c_try);
    EB_RUN(test_stress_8p8c_blocking);
    EB_RUN(test_stress_16p4c_try);
    EB_RUN(test_stress_16p4c_blocking);
    EB_RUN(test_stress_4p16c_bulk);
    EB_RUN(test_stress_parking_cap2);
    EB_RUN(test_stress_parking_cap4_bulk);
    return eb_test_summary();
}
