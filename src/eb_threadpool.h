/* =====================================================================================
 *  THREAD POOL
 *  Persistent fork/join pool for the compute kernels. eb__pool_run(fn, ctx, n) runs
 *  fn(ctx, task, thread) for task in [0, n) on the caller (thread 0) and the workers
 *  (1..n_threads-1), handing out tasks from one atomic counter, and returns when all are
 *  done. Idle workers spin for a bounded time, then park on a condvar.
 *
 *  Protocol: `epoch` is odd while a job is open. A worker enters by incrementing `inside`
 *  and re-reading epoch (seq_cst on both sides, so the caller's close and the worker's entry
 *  cannot miss each other); only a worker inside an open epoch reads the job or claims
 *  tasks. The caller closes the epoch once no task is left to claim and waits for
 *  inside == 0, so it never waits for a worker that slept through the whole job.
 *  Not reentrant: one run at a time, never from inside a task.
 * ===================================================================================== */
typedef void (*eb__pool_fn)(void *ctx, int task, int thread);

typedef struct eb__pool eb__pool;

typedef struct eb__pool_worker {
    eb__thread thread;
    eb__pool *pool;
    int index;
} eb__pool_worker;

struct eb__pool {
    unsigned epoch EB__ALIGNED(EMBEDBATCH_CACHELINE); /* odd: a job is open */
    int next EB__ALIGNED(EMBEDBATCH_CACHELINE);       /* next task index of the open job */
    int inside EB__ALIGNED(EMBEDBATCH_CACHELINE);     /* workers inside the open job */
    int parked EB__ALIGNED(EMBEDBATCH_CACHELINE);     /* workers waiting on work_cv */
    int caller_parked;                                /* caller waiting on done_cv */
    int shutdown;
    /* The job: written by the caller only while the epoch is closed and no worker is inside. */
    eb__pool_fn fn;
    void *ctx;
    int n_tasks;
    int n_threads;
    int64_t spin_ns;
    eb__mutex mu;
    eb__cond work_cv, done_cv;
    eb__pool_worker *workers;
    int n_started;
    eb_allocator alloc;
};

#define EB__POOL_SPIN_NS 50000   /* 50 us: covers the gaps between a forward pass's stages */

/* Spins up to spin_ns (checking the clock every 64 polls) for cond(p) to hold. */
#define EB__POOL_SPIN(p, cond) do { int64_t eb_t0_ = 0; unsigned eb_i_ = 0; \
    while (!(cond)) { \
        if ((++eb_i_ & 63u) == 0) { int64_t eb_now_ = eb__now_ns(); \
            if (!eb_t0_) eb_t0_ = eb_now_; else if (eb_now_ - eb_t0_ > eb__load(&(p)->spin_ns, EB__RELAXED)) break; } \
        eb__cpu_relax(); } } while (0)

EB__INLINE int eb__pool_has_work(eb__pool *p, unsigned seen) {
    const unsigned e = eb__load(&p->epoch, EB__ACQUIRE);
    return ((e & 1u) && e != seen) || eb__load(&p->shutdown, EB__ACQUIRE);
}

static void *eb__pool_main(void *arg) {
    eb__pool_worker *w = (eb__pool_worker *)arg;
    eb__pool *p = w->pool;
    unsigned seen = 0;
    for (;;) {
        unsigned e;
        EB__POOL_SPIN(p, eb__pool_has_work(p, seen));
        if (!eb__pool_has_work(p, seen)) {
            eb__mutex_lock(&p->mu);
            eb__fetch_add(&p->parked, 1, EB__SEQ_CST);
            while (!eb__pool_has_work(p, seen)) eb__cond_wait_until(&p->work_cv, &p->mu, -1);
            eb__fetch_sub(&p->parked, 1, EB__SEQ_CST);
            eb__mutex_unlock(&p->mu);
        }
        if (eb__load(&p->shutdown, EB__ACQUIRE)) break;
        eb__fetch_add(&p->inside, 1, EB__SEQ_CST);
        e = eb__load(&p->epoch, EB__SEQ_CST);
        if (e & 1u) {   /* still open: the job is stable until we leave */
            const eb__pool_fn fn = p->fn;
            void *const ctx = p->ctx;
            const int n = p->n_tasks;
            for (;;) {
                const int t = eb__fetch_add(&p->next, 1, EB__RELAXED);
                if (t >= n) break;
                fn(ctx, t, w->index);
            }
            seen = e;
        }
        if (eb__fetch_sub(&p->inside, 1, EB__SEQ_CST) == 1 && eb__load(&p->caller_parked, EB__SEQ_CST)) {
            eb__mutex_lock(&p->mu);
            eb__cond_signal(&p->done_cv);
            eb__mutex_unlock(&p->mu);
        }
    }
    return NULL;
}

EB__FN void eb__pool_destroy(eb__pool *p) {
    int i;
    if (!p) return;
    eb__mutex_lock(&p->mu);
    eb__store(&p->shutdown, 1, EB__SEQ_CST);
    eb__cond_broadcast(&p->work_cv);
    eb__mutex_unlock(&p->mu);
    for (i = 0; i < p->n_started; i++) eb__thread_join(&p->workers[i].thread);
    if (p->workers) eb__free(&p->alloc, p->workers, sizeof(eb__pool_worker) * (size_t)(p->n_threads - 1));
    eb__cond_destroy(&p->done_cv);
    eb__cond_destroy(&p->work_cv);
    eb__mutex_destroy(&p->mu);
    {
        eb_allocator a = p->alloc;
        eb__free(&a, p, sizeof *p);
    }
}

/* n_threads counts the caller; <= 0 means one per online CPU. */
EB__FN eb_status eb__pool_create(int n_threads, const eb_allocator *alloc, eb__pool **out) {
    eb__pool *p;
    eb_allocator a;
    int i;
    *out = NULL;
    memset(&a, 0, sizeof a);
    if (alloc) a = *alloc;
    if (!eb__allocator_valid(&a)) return eb__fail(EB_INVALID_ARGUMENT, "allocator needs both alloc and free");
    if (n_threads <= 0) n_threads = eb__num_cpus();
    if (n_threads > 1024) return eb__fail(EB_INVALID_ARGUMENT, "%d pool threads is too many (max 1024)", n_threads);
    p = (eb__pool *)eb__alloc_zero(&a, sizeof *p, EMBEDBATCH_CACHELINE);
    if (!p) return eb__fail(EB_NOMEM, "thread pool: out of memory");
    p->alloc = a;
    p->n_threads = n_threads;
    p->spin_ns = EB__POOL_SPIN_NS;
    if (eb__mutex_init(&p->mu) != 0) { eb__free(&a, p, sizeof *p); return eb__fail(EB_NOMEM, "thread pool: mutex init failed"); }
    if (eb__cond_init(&p->work_cv) != 0) {
        eb__mutex_destroy(&p->mu); eb__free(&a, p, sizeof *p);
        return eb__fail(EB_NOMEM, "thread pool: condvar init failed");
    }
    if (eb__cond_init(&p->done_cv) != 0) {
        eb__cond_destroy(&p->work_cv); eb__mutex_destroy(&p->mu); eb__free(&a, p, sizeof *p);
        return eb__fail(EB_NOMEM, "thread pool: condvar init failed");
    }
    if (n_threads > 1) {
        p->workers = (eb__pool_worker *)eb__alloc_zero(&a, sizeof(eb__pool_worker) * (size_t)(n_threads - 1), 64);
        if (!p->workers) { eb__pool_destroy(p); return eb__fail(EB_NOMEM, "thread pool: out of memory"); }
        for (i = 0; i < n_threads - 1; i++) {
            p->workers[i].pool = p;
            p->workers[i].index = i + 1;
            if (eb__thread_start(&p->workers[i].thread, eb__pool_main, &p->workers[i]) != 0) {
                eb__pool_destroy(p);
                return eb__fail(EB_NOMEM, "thread pool: could not start thread %d of %d", i + 1, n_threads);
            }
            p->n_started = i + 1;
        }
    }
    *out = p;
    return EB_OK;
}

EB__FN int eb__pool_threads(const eb__pool *p) { return p ? p->n_threads : 1; }

/* How long idle workers (and a waiting caller) spin before parking. */
EB__FN void eb__pool_set_spin(eb__pool *p, int64_t spin_ns) {
    if (p) eb__store(&p->spin_ns, spin_ns < 0 ? 0 : spin_ns, EB__RELAXED);
}

/* Runs fn(ctx, task, thread) for every task in [0, n_tasks); returns when all are done.
   A NULL pool runs everything on the caller as thread 0. */
EB__FN void eb__pool_run(eb__pool *p, eb__pool_fn fn, void *ctx, int n_tasks) {
    int t, parked;
    if (n_tasks <= 0) return;
    if (!p || p->n_threads == 1 || n_tasks == 1) {
        for (t = 0; t < n_tasks; t++) fn(ctx, t, 0);
        return;
    }
    p->fn = fn;
    p->ctx = ctx;
    p->n_tasks = n_tasks;
    eb__store(&p->next, 0, EB__RELAXED);
    eb__fetch_add(&p->epoch, 1u, EB__SEQ_CST);                  /* open */
    parked = eb__load(&p->parked, EB__SEQ_CST);
    if (parked > 0) {
        eb__mutex_lock(&p->mu);
        if (n_tasks - 1 >= parked) eb__cond_broadcast(&p->work_cv);
        else for (t = 0; t < n_tasks - 1; t++) eb__cond_signal(&p->work_cv);
        eb__mutex_unlock(&p->mu);
    }
    for (;;) {
        t = eb__fetch_add(&p->next, 1, EB__RELAXED);
        if (t >= n_tasks) break;
        fn(ctx, t, 0);
    }
    eb__fetch_add(&p->epoch, 1u, EB__SEQ_CST);                  /* close: late workers stay out */
    EB__POOL_SPIN(p, eb__load(&p->inside, EB__ACQUIRE) == 0);
    if (eb__load(&p->inside, EB__SEQ_CST) != 0) {
        eb__mutex_lock(&p->mu);
        eb__store(&p->caller_parked, 1, EB__SEQ_CST);
        while (eb__load(&p->inside, EB__SEQ_CST) != 0) eb__cond_wait_until(&p->done_cv, &p->mu, -1);
        eb__store(&p->caller_parked, 0, EB__RELAXED);
        eb__mutex_unlock(&p->mu);
    }
}
