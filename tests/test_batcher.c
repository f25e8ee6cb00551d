/* Batcher unit tests: admission, batching limits, priorities, deadlines, cancellation,
 * shutdown, replicas, failures, stats. Uses the echo backend and a "gate" test backend
 * whose embed() blocks until the test opens it, so queue states can be set up exactly. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"

/* ---- a controllable user backend ---------------------------------------------------------- */
typedef struct gate_backend {
    pthread_mutex_t m;
    pthread_cond_t c;
    int open;              /* embed() waits while 0 */
    int entered;           /* embed() calls that have started */
    int calls, concurrent, max_concurrent;
    int max_n;             /* largest batch seen */
    int64_t max_cost;      /* largest sum / padded cost seen */
    int thread_safe, max_concurrency, padded, max_tokens;
    char order[256][32];   /* texts in the order they ran */
    int n_order;
    int fail_next;
} gate_backend;

static void gate_info(void *self, eb_backend_info *out) {
    gate_backend *g = (gate_backend *)self;
    memset(out, 0, sizeof *out);
    out->name = "gate";
    out->flags = (g->padded ? 0u : (unsigned)EB_BACKEND_RAGGED) | (g->thread_safe ? (unsigned)EB_BACKEND_THREAD_SAFE : 0u);
    out->dim = 8;
    out->max_tokens = g->max_tokens;
    out->max_concurrency = g->max_concurrency;
}

/* one token per byte plus two specials: lets tests pick exact token counts */
static int gate_tokenize(void *self, const char *text, size_t len, int32_t *ids, int max_ids) {
    int n = (int)len + 2, i;
    (void)self;
    if (!text) return -1;
    if (n > max_ids) n = max_ids;
    if (ids) for (i = 0; i < n; i++) ids[i] = i;
    return n;
}

static eb_status gate_embed(void *self, const eb_batch *batch, float *out) {
    gate_backend *g = (gate_backend *)self;
    int i, max_len = 0;
    int64_t sum = 0, cost;
    eb_status s = EB_OK;
    pthread_mutex_lock(&g->m);
    g->entered++;
    pthread_cond_broadcast(&g->c);
    while (!g->open) pthread_cond_wait(&g->c, &g->m);
    g->calls++;
    g->concurrent++;
    if (g->concurrent > g->max_concurrent) g->max_concurrent = g->concurrent;
    if (batch->n > g->max_n) g->max_n = batch->n;
    for (i = 0; i < batch->n; i++) {
        sum += batch->items[i].n_tokens;
        if (batch->items[i].n_tokens > max_len) max_len = batch->items[i].n_tokens;
        if (g->n_order < 256) {
            snprintf(g->order[g->n_order], sizeof g->order[0], "%.*s", (int)EB__MIN(batch->items[i].len, (size_t)31),
                     batch->items[i].text);
            g->n_order++;
        }
    }
    cost = g->padded ? (int64_t)max_len * batch->n : sum;
    if (cost > g->max_cost) g->max_cost = cost;
    if (g->fail_next) { g->fail_next = 0; s = EB_BACKEND_ERROR; snprintf(batch->error, batch->error_cap, "gate: told to fail"); }
    pthread_mutex_unlock(&g->m);
    if (s == EB_OK)
        for (i = 0; i < batch->n; i++) eb_echo_vector(batch->items[i].text, batch->items[i].len, out + i * batch->dim, batch->dim);
    pthread_mutex_lock(&g->m);
    g->concurrent--;
    pthread_mutex_unlock(&g->m);
    return s;
}

static void gate_destroy(void *self) { (void)self; }

static const eb_backend_vt gate_vt = { gate_info, gate_tokenize, gate_embed, gate_destroy };

static void gate_init(gate_backend *g) {
    memset(g, 0, sizeof *g);
    pthread_mutex_init(&g->m, NULL);
    pthread_cond_init(&g->c, NULL);
    g->max_tokens = 64;
}
static void gate_set(gate_backend *g, int open) {
    pthread_mutex_lock(&g->m);
    g->open = open;
    pthread_cond_broadcast(&g->c);
    pthread_mutex_unlock(&g->m);
}
/* Blocks until `n` embed() calls have started (so the worker is known to be busy). */
static void gate_wait_entered(gate_backend *g, int n) {
    pthread_mutex_lock(&g->m);
    while (g->entered < n) pthread_cond_wait(&g->c, &g->m);
    pthread_mutex_unlock(&g->m);
}
static void gate_fini(gate_backend *g) {
    pthread_mutex_destroy(&g->m);
    pthread_cond_destroy(&g->c);
}

static eb_backend *make_gate(gate_backend *g) {
    eb_backend *be = NULL;
    EB_CHECK_STATUS(eb_backend_create(&gate_vt, g, &be), EB_OK);
    return be;
}

static eb_backend *make_echo(int dim) {
    eb_echo_desc ed;
    eb_backend *be = NULL;
    memset(&ed, 0, sizeof ed);
    ed.dim = dim;
    EB_CHECK_STATUS(eb_backend_echo(&ed, &be), EB_OK);
    return be;
}

static int vec_equal_echo(const float *v, const char *text, int dim) {
    float want[512];
    eb_echo_vector(text, strlen(text), want, dim);
    return memcmp(v, want, sizeof(float) * (size_t)dim) == 0;
}

static eb_request *submit_text(eb_batcher *b, const char *text, int priority, int64_t timeout_us) {
    eb_request_desc rd;
    memset(&rd, 0, sizeof rd);
    rd.text = text;
    rd.priority = priority;
    rd.timeout_us = timeout_us;
    return eb_submit(b, &rd);
}

static void count_free_stub(void *p, size_t size, void *user) { (void)size; (void)user; free(p); }

/* ---- tests -------------------------------------------------------------------------------- */
static void test_invalid_desc(void) {
    eb_batcher_desc d;
    eb_batcher *b = (eb_batcher *)1;
    eb_backend *be = make_echo(16);
    eb_backend *list[2];
    list[0] = be; list[1] = NULL;
    memset(&d, 0, sizeof d);
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_INVALID_ARGUMENT);   /* no backend */
    EB_CHECK(b == NULL);
    EB_CHECK_STATUS(eb_batcher_create(NULL, &b), EB_INVALID_ARGUMENT);
    d.backend = be;
    EB_CHECK_STATUS(eb_batcher_create(&d, NULL), EB_INVALID_ARGUMENT);
    d.backends = list; d.n_backends = 1;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_INVALID_ARGUMENT);   /* both */
    d.backend = NULL; d.n_backends = 2;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_INVALID_ARGUMENT);   /* NULL replica */
    memset(&d, 0, sizeof d); d.backend = be; d.max_batch_size = -1;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_INVALID_ARGUMENT);
    memset(&d, 0, sizeof d); d.backend = be; d.max_wait_us = -5;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_INVALID_ARGUMENT);
    memset(&d, 0, sizeof d); d.backend = be; d.queue_capacity = -1;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_INVALID_ARGUMENT);
    memset(&d, 0, sizeof d); d.backend = be; d.priority_levels = 65;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_INVALID_ARGUMENT);
    memset(&d, 0, sizeof d); d.backend = be; d.on_full = (eb_on_full)7;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_INVALID_ARGUMENT);
    memset(&d, 0, sizeof d); d.backend = be; d.default_timeout_us = -7;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_INVALID_ARGUMENT);
    memset(&d, 0, sizeof d); d.backend = be; d.max_batch_tokens = 1;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_INVALID_ARGUMENT);
    memset(&d, 0, sizeof d); d.backend = be;
    d.allocator.free = count_free_stub;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_INVALID_ARGUMENT);   /* free without alloc */
    EB_CHECK(strlen(eb_last_error()) > 0);
    eb_backend_destroy(be);
}

static void test_basic_roundtrip(void) {
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_backend *be = make_echo(32);
    eb_request *r;
    float v[32], big[64];
    const float *rv;
    int dim = 0;
    memset(&d, 0, sizeof d);
    d.backend = be;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    EB_CHECK_EQ_INT(eb_batcher_dim(b), 32);
    r = submit_text(b, "hello world", 0, 0);
    EB_CHECK(r != NULL);
    EB_CHECK_STATUS(eb_wait(r, EB_FOREVER), EB_OK);
    EB_CHECK_STATUS(eb_request_status(r), EB_OK);
    rv = eb_request_vector(r, &dim);
    EB_CHECK(rv != NULL && dim == 32);
    EB_CHECK(rv && vec_equal_echo(rv, "hello world", 32));
    EB_CHECK_EQ_INT(eb_request_tokens(r), 2 + 3);   /* echo: 2 + ceil(11/4) */
    eb_request_free(r);

    EB_CHECK_STATUS(eb_embed(b, "sync call", v, 32, 1000000), EB_OK);
    EB_CHECK(vec_equal_echo(v, "sync call", 32));
    EB_CHECK_STATUS(eb_embed(b, "", v, 32, 1000000), EB_OK);       /* the empty text is valid */
    EB_CHECK(vec_equal_echo(v, "", 32));
    EB_CHECK_STATUS(eb_embed(b, "wide row", big, 64, 1000000), EB_OK);
    EB_CHECK(vec_equal_echo(big, "wide row", 32));
    EB_CHECK_STATUS(eb_embed(b, NULL, v, 32, 1000000), EB_INVALID_INPUT);
    EB_CHECK_STATUS(eb_embed(b, "x", v, 31, 1000000), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_embed(b, "x", NULL, 32, 1000000), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_embed(NULL, "x", v, 32, 1000000), EB_INVALID_ARGUMENT);
    EB_CHECK(eb_submit(NULL, NULL) == NULL);
    EB_CHECK(eb_submit(b, NULL) == NULL);
    EB_CHECK_STATUS(eb_wait(NULL, 0), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_cancel(NULL), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_request_status(NULL), EB_INVALID_ARGUMENT);
    EB_CHECK(eb_request_vector(NULL, &dim) == NULL && dim == 0);
    eb_request_free(NULL);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
}

static void test_bad_requests(void) {
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_backend *be = make_echo(16);
    eb_request *r;
    eb_request_desc rd;
    float small[4];
    char *huge;
    eb_stats st;
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.max_text_bytes = 1000;
    d.priority_levels = 2;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    r = submit_text(b, NULL, 0, 0);
    EB_CHECK(r && eb_request_status(r) == EB_INVALID_INPUT);
    eb_request_free(r);
    huge = (char *)malloc(2001);
    memset(huge, 'a', 2000);
    huge[2000] = 0;
    r = submit_text(b, huge, 0, 0);
    EB_CHECK(r && eb_request_status(r) == EB_INVALID_INPUT);
    EB_CHECK(strstr(eb_last_error(), "max_text_bytes") != NULL);
    eb_request_free(r);
    free(huge);
    r = submit_text(b, "p", 2, 0);
    EB_CHECK(r && eb_request_status(r) == EB_INVALID_ARGUMENT);
    eb_request_free(r);
    r = submit_text(b, "p", -1, 0);
    EB_CHECK(r && eb_request_status(r) == EB_INVALID_ARGUMENT);
    eb_request_free(r);
    memset(&rd, 0, sizeof rd);
    rd.text = "row too small";
    rd.out = small;
    rd.out_dim = 4;
    r = eb_submit(b, &rd);
    EB_CHECK(r && eb_request_status(r) == EB_INVALID_ARGUMENT);
    EB_CHECK(eb_request_vector(r, NULL) == NULL);
    eb_request_free(r);
    eb_batcher_stats(b, &st);
    EB_CHECK_EQ_INT(st.submitted, 5);
    EB_CHECK_EQ_INT(st.resolved[EB_INVALID_INPUT], 2);
    EB_CHECK_EQ_INT(st.resolved[EB_INVALID_ARGUMENT], 3);
    EB_CHECK_EQ_INT(st.batches, 0);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
}

/* Requests that queue while the backend is busy become one batch. */
static void test_batches_form_while_busy(void) {
    gate_backend g;
    eb_backend *be;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request *first, *rs[20];
    char text[20][16];
    eb_stats st;
    int i;
    gate_init(&g);
    be = make_gate(&g);
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.max_batch_size = 8;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    first = submit_text(b, "first", 0, 0);
    gate_wait_entered(&g, 1);                 /* the worker is inside embed() */
    for (i = 0; i < 20; i++) {
        snprintf(text[i], sizeof text[i], "req-%d", i);
        rs[i] = submit_text(b, text[i], 0, 0);
    }
    gate_set(&g, 1);
    EB_CHECK_STATUS(eb_wait(first, EB_FOREVER), EB_OK);
    for (i = 0; i < 20; i++) {
        const float *v;
        EB_CHECK_STATUS(eb_wait(rs[i], EB_FOREVER), EB_OK);
        v = eb_request_vector(rs[i], NULL);
        EB_CHECK(v && vec_equal_echo(v, text[i], 8));
        eb_request_free(rs[i]);
    }
    eb_request_free(first);
    eb_batcher_stats(b, &st);
    /* 1 + 20 requests with max 8 per batch: first alone, then 8, 8, 4 */
    EB_CHECK_EQ_INT(st.batches, 4);
    EB_CHECK_EQ_INT(g.max_n, 8);
    EB_CHECK_EQ_INT(st.flushes[EB_FLUSH_FULL_REQUESTS], 2);
    EB_CHECK_EQ_INT(st.flushes[EB_FLUSH_BACKEND_IDLE], 2);
    EB_CHECK(st.batch_size.max == 8);
    /* FIFO: the batch after "first" starts with req-0 */
    EB_CHECK(strcmp(g.order[0], "first") == 0 && strcmp(g.order[1], "req-0") == 0 && strcmp(g.order[20], "req-19") == 0);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    gate_fini(&g);
}

/* Token budget: ragged sums and padded max*n never exceed max_batch_tokens; the misfit
   goes first into the next batch (FIFO kept). */
static void token_budget_case(int padded) {
    gate_backend g;
    eb_backend *be;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request *first, *rs[40];
    char text[40][40];
    eb_stats st;
    int i;
    gate_init(&g);
    g.padded = padded;
    be = make_gate(&g);
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.max_batch_size = 64;
    d.max_batch_tokens = 40;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    first = submit_text(b, "x", 0, 0);
    gate_wait_entered(&g, 1);
    for (i = 0; i < 40; i++) {
        int len = 1 + (i * 7) % 20, k;            /* 3..22 tokens */
        for (k = 0; k < len; k++) text[i][k] = (char)('a' + (i + k) % 26);
        text[i][len] = 0;
        rs[i] = submit_text(b, text[i], 0, 0);
    }
    gate_set(&g, 1);
    for (i = 0; i < 40; i++) {
        EB_CHECK_STATUS(eb_wait(rs[i], EB_FOREVER), EB_OK);
        eb_request_free(rs[i]);
    }
    eb_wait(first, EB_FOREVER);
    eb_request_free(first);
    eb_batcher_stats(b, &st);
    EB_CHECK(g.max_cost <= 40);
    EB_CHECK(st.flushes[EB_FLUSH_FULL_TOKENS] > 0);
    EB_CHECK(st.batch_tokens.max <= 40);
    for (i = 0; i < 40; i++) EB_CHECK(strncmp(g.order[i + 1], text[i], 31) == 0);   /* FIFO order */
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    gate_fini(&g);
}
static void test_token_budget_ragged(void) { token_budget_case(0); }
static void test_token_budget_padded(void) { token_budget_case(1); }

static void test_oversize(void) {
    gate_backend g;
    eb_backend *be;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request *r;
    eb_stats st;
    char text[101];
    gate_init(&g);
    g.open = 1;
    g.max_tokens = 512;
    be = make_gate(&g);
    memset(text, 'z', 100);
    text[100] = 0;                           /* 102 tokens */
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.max_batch_tokens = 50;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    r = submit_text(b, text, 0, 0);
    EB_CHECK_STATUS(eb_wait(r, EB_FOREVER), EB_OK);
    EB_CHECK_EQ_INT(eb_request_tokens(r), 50);     /* truncated to the budget, and it ran */
    eb_request_free(r);
    eb_batcher_stats(b, &st);
    EB_CHECK_EQ_INT(st.truncated, 1);
    eb_batcher_destroy(b);

    d.oversize = EB_OVERSIZE_REJECT;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    r = submit_text(b, text, 0, 0);
    EB_CHECK_STATUS(eb_request_status(r), EB_INVALID_INPUT);
    eb_request_free(r);
    r = submit_text(b, "short", 0, 0);
    EB_CHECK_STATUS(eb_wait(r, EB_FOREVER), EB_OK);
    eb_request_free(r);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    gate_fini(&g);
}

static void test_queue_full(void) {
    gate_backend g;
    eb_backend *be;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request *first, *rs[8];
    int i, full = 0, ok = 0;
    int64_t t0;
    gate_init(&g);
    be = make_gate(&g);
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.queue_capacity = 4;
    d.on_full = EB_ON_FULL_REJECT;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    first = submit_text(b, "busy", 0, 0);
    gate_wait_entered(&g, 1);
    for (i = 0; i < 8; i++) {
        rs[i] = submit_text(b, "q", 0, 0);
        if (eb_request_status(rs[i]) == EB_FULL) full++;
    }
    EB_CHECK_EQ_INT(full, 4);                 /* capacity 4, the rest rejected at once */
    gate_set(&g, 1);
    for (i = 0; i < 8; i++) {
        if (eb_wait(rs[i], EB_FOREVER) == EB_OK) ok++;
        eb_request_free(rs[i]);
    }
    EB_CHECK_EQ_INT(ok, 4);
    eb_wait(first, EB_FOREVER);
    eb_request_free(first);
    eb_batcher_destroy(b);

    /* block mode with a bounded wait: the 5th waits ~20 ms, then FULL */
    gate_set(&g, 0);
    g.entered = 0;
    d.on_full = EB_ON_FULL_BLOCK;
    d.full_timeout_us = 20000;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    first = submit_text(b, "busy", 0, 0);
    gate_wait_entered(&g, 1);
    for (i = 0; i < 4; i++) rs[i] = submit_text(b, "q", 0, 0);
    t0 = eb_now_us();
    rs[4] = submit_text(b, "blocked", 0, 0);
    EB_CHECK_STATUS(eb_request_status(rs[4]), EB_FULL);
    EB_CHECK(eb_now_us() - t0 >= 15000);
    gate_set(&g, 1);
    for (i = 0; i < 5; i++) { eb_wait(rs[i], EB_FOREVER); eb_request_free(rs[i]); }
    eb_wait(first, EB_FOREVER);
    eb_request_free(first);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    gate_fini(&g);
}

typedef struct blocked_submit { eb_batcher *b; eb_status status; } blocked_submit;
static void *blocked_submitter(void *arg) {
    blocked_submit *bs = (blocked_submit *)arg;
    eb_request *r = submit_text(bs->b, "waits for room", 0, 0);
    bs->status = eb_wait(r, EB_FOREVER);
    eb_request_free(r);
    return NULL;
}

/* BLOCK mode without a timeout: a submitter waits for room and then succeeds. */
static void test_block_until_room(void) {
    gate_backend g;
    eb_backend *be;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request *first, *rs[2];
    pthread_t t;
    blocked_submit bs;
    gate_init(&g);
    be = make_gate(&g);
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.queue_capacity = 2;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    first = submit_text(b, "busy", 0, 0);
    gate_wait_entered(&g, 1);
    rs[0] = submit_text(b, "a", 0, 0);
    rs[1] = submit_text(b, "b", 0, 0);
    bs.b = b;
    bs.status = EB_PENDING;
    pthread_create(&t, NULL, blocked_submitter, &bs);
    while (eb_limiter_waiters(b->admission) == 0) eb__sleep_us(100);   /* it is parked */
    gate_set(&g, 1);
    pthread_join(t, NULL);
    EB_CHECK_STATUS(bs.status, EB_OK);
    eb_wait(rs[0], EB_FOREVER); eb_wait(rs[1], EB_FOREVER); eb_wait(first, EB_FOREVER);
    eb_request_free(rs[0]); eb_request_free(rs[1]); eb_request_free(first);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    gate_fini(&g);
}

/* Expired and cancelled requests are resolved and never reach the backend. */
static void test_deadline_and_cancel(void) {
    gate_backend g;
    eb_backend *be;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request *first, *expiring, *cancelled, *fine, *pending;
    eb_stats st;
    int i;
    gate_init(&g);
    be = make_gate(&g);
    memset(&d, 0, sizeof d);
    d.backend = be;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    first = submit_text(b, "busy", 0, 0);
    gate_wait_entered(&g, 1);
    expiring = submit_text(b, "expiring", 0, 5000);
    cancelled = submit_text(b, "cancelled", 0, 0);
    fine = submit_text(b, "fine", 0, 0);
    pending = submit_text(b, "pending", 0, 0);
    EB_CHECK_STATUS(eb_wait(pending, 1000), EB_TIMEOUT);     /* the wait timed out ... */
    EB_CHECK_STATUS(eb_request_status(pending), EB_PENDING); /* ... the request did not */
    EB_CHECK_STATUS(eb_wait(expiring, EB_FOREVER), EB_TIMEOUT);
    EB_CHECK_STATUS(eb_cancel(cancelled), EB_OK);
    EB_CHECK_STATUS(eb_cancel(cancelled), EB_CLOSED);        /* exactly once */
    EB_CHECK_STATUS(eb_request_status(cancelled), EB_CANCELLED);
    EB_CHECK_STATUS(eb_wait(cancelled, 0), EB_CANCELLED);
    gate_set(&g, 1);
    EB_CHECK_STATUS(eb_wait(fine, EB_FOREVER), EB_OK);
    EB_CHECK_STATUS(eb_wait(pending, EB_FOREVER), EB_OK);
    EB_CHECK_STATUS(eb_wait(first, EB_FOREVER), EB_OK);
    EB_CHECK_STATUS(eb_cancel(fine), EB_CLOSED);
    for (i = 0; i < g.n_order; i++)
        EB_CHECK(strcmp(g.order[i], "expiring") != 0 && strcmp(g.order[i], "cancelled") != 0);
    EB_CHECK_EQ_INT(g.n_order, 3);
    eb_request_free(first); eb_request_free(expiring); eb_request_free(cancelled);
    eb_request_free(fine); eb_request_free(pending);
    eb_batcher_stats(b, &st);
    EB_CHECK_EQ_INT(st.purged, 2);
    EB_CHECK_EQ_INT(st.resolved[EB_TIMEOUT], 1);
    EB_CHECK_EQ_INT(st.resolved[EB_CANCELLED], 1);
    EB_CHECK_EQ_INT(st.queue_depth, 0);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    gate_fini(&g);
}

/* A deadline nobody waits on is enforced at batch formation; the batcher default only lowers. */
static void test_default_deadline(void) {
    gate_backend g;
    eb_backend *be;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request *first, *a, *c;
    gate_init(&g);
    be = make_gate(&g);
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.default_timeout_us = 3000;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    first = submit_text(b, "busy", 0, EB_FOREVER);        /* cannot raise the default */
    gate_wait_entered(&g, 1);
    a = submit_text(b, "a", 0, 60000000);                 /* asks for 60 s: gets 3 ms */
    c = submit_text(b, "c", 0, 0);
    eb__sleep_us(10000);
    gate_set(&g, 1);
    EB_CHECK_STATUS(eb_wait(first, EB_FOREVER), EB_OK);   /* was running: not aborted */
    EB_CHECK_STATUS(eb_wait(a, EB_FOREVER), EB_TIMEOUT);
    EB_CHECK_STATUS(eb_wait(c, EB_FOREVER), EB_TIMEOUT);
    eb_request_free(first); eb_request_free(a); eb_request_free(c);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    gate_fini(&g);
}

static void test_priorities_and_aging(void) {
    gate_backend g;
    eb_backend *be;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request *first, *rs[6];
    const char *names[6] = {"low-0", "low-1", "mid-0", "high-0", "high-1", "mid-1"};
    int prio[6] = {0, 0, 1, 2, 2, 1}, i;
    gate_init(&g);
    be = make_gate(&g);
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.max_batch_size = 1;
    d.aging_us = EB_FOREVER;             /* strict priorities */
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    first = submit_text(b, "busy", 0, 0);
    gate_wait_entered(&g, 1);
    for (i = 0; i < 6; i++) rs[i] = submit_text(b, names[i], prio[i], 0);
    gate_set(&g, 1);
    for (i = 0; i < 6; i++) { eb_wait(rs[i], EB_FOREVER); eb_request_free(rs[i]); }
    eb_wait(first, EB_FOREVER);
    eb_request_free(first);
    EB_CHECK(strcmp(g.order[1], "high-0") == 0 && strcmp(g.order[2], "high-1") == 0);
    EB_CHECK(strcmp(g.order[3], "mid-0") == 0 && strcmp(g.order[4], "mid-1") == 0);
    EB_CHECK(strcmp(g.order[5], "low-0") == 0 && strcmp(g.order[6], "low-1") == 0);
    eb_batcher_destroy(b);

    /* aging: an old low-priority request beats a fresh high-priority one */
    g.n_order = 0; g.entered = 0; gate_set(&g, 0);
    d.aging_us = 1000;                   /* one level per ms of waiting */
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    first = submit_text(b, "busy", 0, 0);
    gate_wait_entered(&g, 1);
    rs[0] = submit_text(b, "old-low", 0, 0);
    eb__sleep_us(20000);                 /* 20 levels of age */
    rs[1] = submit_text(b, "new-high", 2, 0);
    gate_set(&g, 1);
    eb_wait(rs[0], EB_FOREVER); eb_wait(rs[1], EB_FOREVER); eb_wait(first, EB_FOREVER);
    EB_CHECK(strcmp(g.order[1], "old-low") == 0 && strcmp(g.order[2], "new-high") == 0);
    eb_request_free(rs[0]); eb_request_free(rs[1]); eb_request_free(first);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    gate_fini(&g);
}

/* Opt-in window: a lone request waits up to max_wait_us for company. */
static void test_window(void) {
    eb_backend *be = make_echo(8);
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request *rs[3];
    eb_stats st;
    int i;
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.max_wait_us = 200000;
    d.max_batch_size = 3;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    for (i = 0; i < 3; i++) { rs[i] = submit_text(b, "w", 0, 0); eb__sleep_us(2000); }
    for (i = 0; i < 3; i++) { EB_CHECK_STATUS(eb_wait(rs[i], EB_FOREVER), EB_OK); eb_request_free(rs[i]); }
    eb_batcher_stats(b, &st);
    EB_CHECK_EQ_INT(st.batches, 1);
    EB_CHECK_EQ_INT(st.flushes[EB_FLUSH_FULL_REQUESTS], 1);
    rs[0] = submit_text(b, "alone", 0, 0);
    EB_CHECK_STATUS(eb_wait(rs[0], EB_FOREVER), EB_OK);
    eb_request_free(rs[0]);
    eb_batcher_stats(b, &st);
    EB_CHECK_EQ_INT(st.flushes[EB_FLUSH_WINDOW_EXPIRED], 1);
    EB_CHECK(st.queue_wait_us.max >= 150000);    /* it waited for the window */
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
}

typedef struct hammer { eb_batcher *b; int n; int ok; } hammer;
static void *hammer_main(void *arg) {
    hammer *h = (hammer *)arg;
    int i;
    float v[8];
    char t[32];
    for (i = 0; i < h->n; i++) {
        snprintf(t, sizeof t, "h%d", i);
        if (eb_embed(h->b, t, v, 8, EB_FOREVER) == EB_OK && vec_equal_echo(v, t, 8)) h->ok++;
    }
    return NULL;
}

/* A non-thread-safe backend never runs two batches at once; a thread-safe one runs up to
   min(max_concurrency, max_inflight_batches). Replicas all get work. */
static void test_concurrency_limits(void) {
    gate_backend g1, g2;
    eb_backend *be1, *be2, *list[2];
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    hammer h[6];
    pthread_t t[6];
    int i;
    gate_init(&g1); gate_init(&g2);
    g1.open = g2.open = 1;
    be1 = make_gate(&g1);
    memset(&d, 0, sizeof d);
    d.backend = be1;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    for (i = 0; i < 6; i++) { h[i].b = b; h[i].n = (int)eb_test_scaled(300); h[i].ok = 0; pthread_create(&t[i], NULL, hammer_main, &h[i]); }
    for (i = 0; i < 6; i++) { pthread_join(t[i], NULL); EB_CHECK_EQ_INT(h[i].ok, h[i].n); }
    EB_CHECK_EQ_INT(g1.max_concurrent, 1);
    eb_batcher_destroy(b);
    eb_backend_destroy(be1);

    gate_init(&g1);
    g1.open = 1; g1.thread_safe = 1; g1.max_concurrency = 4;
    be1 = make_gate(&g1);
    d.backend = be1;
    d.max_inflight_batches = 2;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    for (i = 0; i < 6; i++) { h[i].b = b; h[i].ok = 0; pthread_create(&t[i], NULL, hammer_main, &h[i]); }
    for (i = 0; i < 6; i++) { pthread_join(t[i], NULL); EB_CHECK_EQ_INT(h[i].ok, h[i].n); }
    EB_CHECK(g1.max_concurrent <= 2);
    eb_batcher_destroy(b);
    eb_backend_destroy(be1);

    /* replicas share one queue: with both gates closed, two single-request batches end up
       inside the two replicas at the same time */
    gate_init(&g1);
    gate_init(&g2);
    be1 = make_gate(&g1);
    be2 = make_gate(&g2);
    list[0] = be1; list[1] = be2;
    memset(&d, 0, sizeof d);
    d.backends = list;
    d.n_backends = 2;
    d.max_batch_size = 1;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    {
        eb_request *r0 = submit_text(b, "r0", 0, 0), *r1 = submit_text(b, "r1", 0, 0);
        gate_wait_entered(&g1, 1);
        gate_wait_entered(&g2, 1);
        gate_set(&g1, 1);
        gate_set(&g2, 1);
        EB_CHECK_STATUS(eb_wait(r0, EB_FOREVER), EB_OK);
        EB_CHECK_STATUS(eb_wait(r1, EB_FOREVER), EB_OK);
        eb_request_free(r0); eb_request_free(r1);
    }
    EB_CHECK(g1.calls == 1);
    EB_CHECK(g2.calls >= 1);
    eb_batcher_destroy(b);
    eb_backend_destroy(be1);
    eb_backend_destroy(be2);
    gate_fini(&g1); gate_fini(&g2);
}

static void test_backend_failure(void) {
    eb_echo_desc ed;
    eb_backend *be = NULL;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    float v[16];
    int i, ok = 0, err = 0;
    eb_stats st;
    memset(&ed, 0, sizeof ed);
    ed.dim = 16;
    ed.fail_every_n = 2;
    EB_CHECK_STATUS(eb_backend_echo(&ed, &be), EB_OK);
    memset(&d, 0, sizeof d);
    d.backend = be;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    for (i = 0; i < 10; i++) {
        eb_status s = eb_embed(b, "f", v, 16, EB_FOREVER);
        if (s == EB_OK) ok++;
        if (s == EB_BACKEND_ERROR) { err++; EB_CHECK(strstr(eb_last_error(), "injected") != NULL); }
    }
    EB_CHECK_EQ_INT(ok, 5);
    EB_CHECK_EQ_INT(err, 5);
    EB_CHECK(strstr(eb_backend_error(be), "injected failure") != NULL);
    eb_batcher_stats(b, &st);
    EB_CHECK_EQ_INT(st.batch_errors, 5);
    EB_CHECK_EQ_INT(st.resolved[EB_BACKEND_ERROR], 5);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    memset(&ed, 0, sizeof ed);
    ed.fail_probability = 1.5;
    EB_CHECK_STATUS(eb_backend_echo(&ed, &be), EB_INVALID_ARGUMENT);
    ed.fail_probability = 0;
    ed.dim = -1;
    EB_CHECK_STATUS(eb_backend_echo(&ed, &be), EB_INVALID_ARGUMENT);
}

typedef struct delayed_open { gate_backend *g; int us; } delayed_open;
static void *open_later(void *arg) {
    delayed_open *o = (delayed_open *)arg;
    eb__sleep_us(o->us);
    gate_set(o->g, 1);
    return NULL;
}

static void shutdown_case(eb_drain_mode mode) {
    gate_backend g;
    eb_backend *be;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request *first, *rs[10], *late;
    pthread_t t;
    delayed_open o;
    int i, ok = 0, shut = 0;
    gate_init(&g);
    be = make_gate(&g);
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.drain = mode;
    d.max_batch_size = 4;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    first = submit_text(b, "busy", 0, 0);
    gate_wait_entered(&g, 1);
    for (i = 0; i < 10; i++) rs[i] = submit_text(b, "queued", 0, 0);
    o.g = &g; o.us = 20000;
    pthread_create(&t, NULL, open_later, &o);
    eb_batcher_shutdown(b);                  /* returns once everything is resolved */
    pthread_join(t, NULL);
    late = submit_text(b, "late", 0, 0);
    EB_CHECK_STATUS(eb_request_status(late), EB_SHUTDOWN);
    EB_CHECK_STATUS(eb_request_status(first), EB_OK);
    for (i = 0; i < 10; i++) {
        eb_status s = eb_request_status(rs[i]);
        if (s == EB_OK) ok++;
        if (s == EB_SHUTDOWN) shut++;
    }
    if (mode == EB_DRAIN) EB_CHECK_EQ_INT(ok, 10);
    else EB_CHECK_EQ_INT(shut, 10);
    eb_batcher_destroy(b);
    /* handles outlive the batcher */
    EB_CHECK_STATUS(eb_wait(rs[0], EB_FOREVER), mode == EB_DRAIN ? EB_OK : EB_SHUTDOWN);
    for (i = 0; i < 10; i++) eb_request_free(rs[i]);
    eb_request_free(first);
    eb_request_free(late);
    eb_backend_destroy(be);
    gate_fini(&g);
}
static void test_shutdown_drain(void) { shutdown_case(EB_DRAIN); }
static void test_shutdown_cancel(void) { shutdown_case(EB_DRAIN_CANCEL); }

/* eb_embed with a timeout must not write into the caller's buffer after returning. */
static void test_embed_timeout_keeps_buffer(void) {
    gate_backend g;
    eb_backend *be;
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request *first;
    float v[8];
    int i, untouched = 1;
    gate_init(&g);
    be = make_gate(&g);
    memset(&d, 0, sizeof d);
    d.backend = be;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    first = submit_text(b, "busy", 0, 0);
    gate_wait_entered(&g, 1);
    for (i = 0; i < 8; i++) v[i] = 12345.0f;
    EB_CHECK_STATUS(eb_embed(b, "late", v, 8, 2000), EB_TIMEOUT);
    gate_set(&g, 1);
    eb_wait(first, EB_FOREVER);
    eb_batcher_shutdown(b);
    for (i = 0; i < 8; i++) if (v[i] != 12345.0f) untouched = 0;
    EB_CHECK(untouched);
    eb_request_free(first);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    gate_fini(&g);
}

typedef struct cb_log { int calls; eb_status last; int dim; int vec_ok; } cb_log;
static void on_done_cb(eb_request *r, eb_status s, const float *vec, int dim, void *user) {
    cb_log *l = (cb_log *)user;
    (void)r;
    l->calls++;
    l->last = s;
    l->dim = dim;
    l->vec_ok = vec ? vec_equal_echo(vec, "callback", dim) : -1;
}

static void test_callback_once(void) {
    eb_backend *be = make_echo(8);
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_request_desc rd;
    eb_request *r;
    cb_log log1, log2;
    memset(&d, 0, sizeof d);
    d.backend = be;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    memset(&log1, 0, sizeof log1);
    memset(&rd, 0, sizeof rd);
    rd.text = "callback";
    rd.on_done = on_done_cb;
    rd.user = &log1;
    r = eb_submit(b, &rd);
    EB_CHECK_STATUS(eb_wait(r, EB_FOREVER), EB_OK);
    eb_request_free(r);
    eb_batcher_shutdown(b);              /* the callback runs before the worker lets go */
    EB_CHECK_EQ_INT(log1.calls, 1);
    EB_CHECK_STATUS(log1.last, EB_OK);
    EB_CHECK_EQ_INT(log1.vec_ok, 1);
    memset(&log2, 0, sizeof log2);
    rd.user = &log2;
    r = eb_submit(b, &rd);               /* after shutdown: resolved in submit, callback once */
    EB_CHECK_EQ_INT(log2.calls, 1);
    EB_CHECK_STATUS(log2.last, EB_SHUTDOWN);
    EB_CHECK_EQ_INT(log2.vec_ok, -1);
    eb_request_free(r);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
}

typedef struct progress_log { size_t calls, last, total; int monotonic; } progress_log;
static void on_progress(size_t done, size_t total, void *user) {
    progress_log *p = (progress_log *)user;
    if (done != p->last + 1) p->monotonic = 0;
    p->last = done;
    p->total = total;
    p->calls++;
}

static void test_embed_many(void) {
    eb_backend *be = make_echo(8);
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    const char *texts[100];
    char store[100][16];
    float *out;
    eb_status st[100];
    eb_many_desc md;
    progress_log pl;
    int i, good = 1;
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.queue_capacity = 16;               /* smaller than n: exercises the window */
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    for (i = 0; i < 100; i++) { snprintf(store[i], sizeof store[i], "doc %d", i); texts[i] = store[i]; }
    texts[50] = NULL;
    out = (float *)malloc(sizeof(float) * 100 * 10);
    memset(&md, 0, sizeof md);
    memset(&pl, 0, sizeof pl);
    pl.monotonic = 1;
    md.on_progress = on_progress;
    md.user = &pl;
    md.statuses = st;
    EB_CHECK_STATUS(eb_embed_many(b, texts, 100, out, 10, &md), EB_INVALID_INPUT);
    for (i = 0; i < 100; i++) {
        if (i == 50) { EB_CHECK_STATUS(st[i], EB_INVALID_INPUT); continue; }
        if (st[i] != EB_OK || !vec_equal_echo(out + i * 10, texts[i], 8)) good = 0;
    }
    EB_CHECK(good);
    EB_CHECK(pl.calls == 100 && pl.last == 100 && pl.total == 100 && pl.monotonic);
    EB_CHECK_STATUS(eb_embed_many(b, texts, 0, out, 10, NULL), EB_OK);
    EB_CHECK_STATUS(eb_embed_many(b, texts, 10, out, 4, NULL), EB_INVALID_ARGUMENT);
    free(out);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
}

/* Counting allocator: everything the batcher allocates is freed once handles are gone. */
static void test_allocator(void) {
    eb_backend *be = make_echo(8);
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    eb_test_alloc c;
    eb_request *kept;
    float v[8];
    memset(&d, 0, sizeof d);
    d.backend = be;
    d.allocator = eb_test_allocator(&c);
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    EB_CHECK_STATUS(eb_embed(b, "counted", v, 8, EB_FOREVER), EB_OK);
    kept = submit_text(b, "kept past destroy", 0, 0);
    eb_wait(kept, EB_FOREVER);
    eb_batcher_destroy(b);
    EB_CHECK(c.allocs > c.frees);          /* the shell lives while a handle does */
    EB_CHECK_STATUS(eb_request_status(kept), EB_OK);
    eb_request_free(kept);
    EB_CHECK_EQ_INT(c.allocs, c.frees);
    EB_CHECK_EQ_INT(c.live_bytes, 0);
    EB_CHECK_EQ_INT(c.misaligned, 0);
    eb_backend_destroy(be);
}

/* Prometheus text: every sample line is `name{labels} value`, histograms are cumulative
   and end with +Inf == _count, and every family has HELP and TYPE. */
static void test_prometheus(void) {
    eb_backend *be = make_echo(8);
    eb_batcher_desc d;
    eb_batcher *b = NULL;
    float v[8];
    char *buf;
    size_t need, got;
    int i, lines = 0, bad = 0;
    unsigned long long prev = 0;
    char *line, *save = NULL;
    memset(&d, 0, sizeof d);
    d.backend = be;
    EB_CHECK_STATUS(eb_batcher_create(&d, &b), EB_OK);
    for (i = 0; i < 50; i++) eb_embed(b, "metrics", v, 8, EB_FOREVER);
    need = eb_batcher_prometheus(b, NULL, 0);
    EB_CHECK(need > 500);
    buf = (char *)malloc(need + 1);
    got = eb_batcher_prometheus(b, buf, need + 1);
    EB_CHECK_EQ_INT(got, need);
    EB_CHECK_EQ_INT(strlen(buf), need);
    EB_CHECK(strstr(buf, "eb_requests_total{status=\"ok\"} 50\n") != NULL);
    EB_CHECK(strstr(buf, "eb_request_duration_seconds_count 50\n") != NULL);
    EB_CHECK(strstr(buf, "# TYPE eb_batch_size histogram\n") != NULL);
    EB_CHECK(strstr(buf, "eb_batch_flush_total{reason=\"backend_idle\"}") != NULL);
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[128];
        double val;
        lines++;
        if (line[0] == '#') {
            if (strncmp(line, "# HELP ", 7) && strncmp(line, "# TYPE ", 7)) bad++;
            continue;
        }
        if (sscanf(line, "%127[a-zA-Z0-9_:{}=\".+e-] %lf", name, &val) != 2) { bad++; fprintf(stderr, "bad line: %s\n", line); continue; }
        if (strstr(name, "_bucket{")) {
            unsigned long long cnt = (unsigned long long)val;
            if (strstr(name, "le=\"1\"") == NULL && strstr(name, "le=\"1e-06\"") == NULL && cnt < prev) bad++;
            prev = cnt;
        }
    }
    EB_CHECK(lines > 40);
    EB_CHECK_EQ_INT(bad, 0);
    /* a tiny buffer is never overrun and still NUL-terminated */
    {
        char tiny[16];
        memset(tiny, 'x', sizeof tiny);
        EB_CHECK_EQ_INT(eb_batcher_prometheus(b, tiny, 8), need);
        EB_CHECK(tiny[7] == 0 && tiny[8] == 'x');
    }
    free(buf);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
}

static void test_histogram(void) {
    eb__hist *h = (eb__hist *)calloc(1, sizeof *h);
    eb_hist_summary s;
    uint64_t v;
    int i;
    for (v = 1; v < 100000; v = v * 3 + 1) {
        int idx = eb__hist_index(v - 1);
        EB_CHECK(eb__hist_lower(idx) < v && v <= eb__hist_upper(idx));
    }
    for (i = 0; i < 30; i++) {                           /* powers of two are exact edges */
        uint64_t p = (uint64_t)1 << i;
        EB_CHECK(eb__hist_upper(eb__hist_index(p - 1)) == p);
    }
    for (i = 1; i <= 1000; i++) eb__hist_add(h, (uint64_t)i);
    eb__hist_summary(h, &s);
    EB_CHECK_EQ_INT(s.count, 1000);
    EB_CHECK(fabs(s.mean - 500.5) < 1e-9);
    EB_CHECK(fabs(s.p50 - 500) / 500 < 0.07);
    EB_CHECK(fabs(s.p95 - 950) / 950 < 0.07);
    EB_CHECK(fabs(s.p99 - 990) / 990 < 0.07);
    EB_CHECK(s.max == 1000);
    eb__hist_add(h, 0);
    eb__hist_add(h, UINT64_MAX / 2);
    eb__hist_summary(h, &s);
    EB_CHECK_EQ_INT(s.count, 1002);
    free(h);
}

static void test_status_strings(void) {
    int i;
    for (i = 0; i < EB_STATUS_COUNT; i++) EB_CHECK(strcmp(eb_status_str((eb_status)i), "unknown status") != 0);
    EB_CHECK(strcmp(eb_status_str((eb_status)999), "unknown status") == 0);
}

int main(void) {
    EB_RUN(test_status_strings);
    EB_RUN(test_histogram);
    EB_RUN(test_invalid_desc);
    EB_RUN(test_basic_roundtrip);
    EB_RUN(test_bad_requests);
    EB_RUN(test_batches_form_while_busy);
    EB_RUN(test_token_budget_ragged);
    EB_RUN(test_token_budget_padded);
    EB_RUN(test_oversize);
    EB_RUN(test_queue_full);
    EB_RUN(test_block_until_room);
    EB_RUN(test_deadline_and_cancel);
    EB_RUN(test_default_deadline);
    EB_RUN(test_priorities_and_aging);
    EB_RUN(test_window);
    EB_RUN(test_concurrency_limits);
    EB_RUN(test_backend_failure);
    EB_RUN(test_shutdown_drain);
    EB_RUN(test_shutdown_cancel);
    EB_RUN(test_embed_timeout_keeps_buffer);
    EB_RUN(test_callback_once);
    EB_RUN(test_embed_many);
    EB_RUN(test_allocator);
    EB_RUN(test_prometheus);
    return eb_test_summary();
}
