/* =====================================================================================
 *  LIMITER
 * ===================================================================================== */
/* One atomic word holds (free permits << 2) | WAITERS | CLOSED. Without waiters, acquire
 * and release are one CAS each. Once anyone queues, WAITERS is set (in the same CAS that
 * takes the last free permits for the new waiter) and every release goes through the mutex
 * and is handed to the head waiter directly, so the counter stays 0 while the queue is
 * non-empty: a newcomer's fast path sees WAITERS and cannot barge.
 *
 * Weighted waits: like tokio (not Go's x/sync), a release assigns permits to the head
 * waiter even when that is not yet enough for it; it keeps them while it waits and gives
 * them back if it times out. Both designs hold back later, smaller waiters behind a big
 * head (that is what prevents its starvation); assigning partially keeps the invariant
 * "waiters => counter == 0", which is what lets the lock-free fast path ignore the queue.
 * The visible cost: available() reads 0 while permits sit with a waiting head.
 *
 * A new waiter spins briefly (EMBEDBATCH_SPIN_COUNT) on its node's status before sleeping
 * on its condvar: with short holds, the handoff usually lands within the spin and costs no
 * futex sleep/wake. A granter therefore signals first and publishes the status last: once
 * the waiter sees it, nobody touches its node again, and it may leave without the lock. */

#define EB__LIM_WAITERS ((int64_t)1)
#define EB__LIM_CLOSED ((int64_t)2)
#define EB__LIM_SHIFT 2
#define EB__LIM_MAX_PERMITS ((int64_t)1 << 60)

typedef struct eb__lim_waiter {
    struct eb__lim_waiter *prev, *next;
    int64_t needed;     /* permits still missing */
    int64_t assigned;   /* permits already handed to this waiter */
    int status;         /* eb_status: EB_PENDING until granted (OK) or closed (CLOSED) */
    eb__cond cv;        /* one per waiter: a grant wakes exactly its owner */
} eb__lim_waiter;

struct eb_limiter {
    int64_t state EB__ALIGNED(EMBEDBATCH_CACHELINE);
    int64_t max;
    eb_allocator allocator;
    eb__mutex lock EB__ALIGNED(EMBEDBATCH_CACHELINE);
    eb__lim_waiter *head, *tail;   /* under lock: the FIFO of stack-allocated waiters */
    int64_t assigned;              /* under lock: permits held by queued waiters */
    size_t n_waiters;              /* written under lock, read by eb_limiter_waiters() */
};

EB__DEF eb_status eb_limiter_create(const eb_limiter_desc *desc, eb_limiter **out) {
    eb_limiter *l;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_limiter_create: out is NULL");
    *out = NULL;
    if (!desc) return eb__fail(EB_INVALID_ARGUMENT, "eb_limiter_create: desc is NULL (permits must be >= 1)");
    if (!eb__allocator_valid(&desc->allocator))
        return eb__fail(EB_INVALID_ARGUMENT, "eb_limiter_create: set both allocator.alloc and allocator.free, or neither");
    if (desc->permits < 1 || desc->permits > EB__LIM_MAX_PERMITS)
        return eb__fail(EB_INVALID_ARGUMENT, "eb_limiter_create: permits %lld not in [1, 2^60]",
                        (long long)desc->permits);
    l = (eb_limiter *)eb__alloc_zero(&desc->allocator, sizeof *l, EMBEDBATCH_CACHELINE);
    if (!l) return eb__fail(EB_NOMEM, "eb_limiter_create: out of memory");
    l->allocator = desc->allocator;
    l->max = desc->permits;
    l->state = desc->permits << EB__LIM_SHIFT;
    if (eb__mutex_init(&l->lock) != 0) {
        eb__free(&desc->allocator, l, sizeof *l);
        return eb__fail(EB_NOMEM, "eb_limiter_create: mutex init failed");
    }
    *out = l;
    return EB_OK;
}

EB__DEF void eb_limiter_destroy(eb_limiter *l) {
    eb_allocator a;
    if (!l) return;
    EB__ASSERT(l->head == NULL);   /* destroy must not race with waiters */
    a = l->allocator;
    eb__mutex_destroy(&l->lock);
    eb__free(&a, l, sizeof *l);
}

EB__FN eb_status eb__lim_check_n(const eb_limiter *l, int64_t n, const char *fn) {
    if (!l) return eb__fail(EB_INVALID_ARGUMENT, "%s: limiter is NULL", fn);
    if (n < 1 || n > l->max)
        return eb__fail(EB_INVALID_ARGUMENT, "%s: n = %lld not in [1, %lld]", fn, (long long)n, (long long)l->max);
    return EB_OK;
}

/* The lock-free path: succeeds only with enough free permits and nobody queued. */
EB__FN eb_status eb__lim_try(eb_limiter *l, int64_t n) {
    int64_t s = eb__load(&l->state, EB__RELAXED);
    for (;;) {
        if (s & EB__LIM_CLOSED) return EB_CLOSED;
        if ((s & EB__LIM_WAITERS) || (s >> EB__LIM_SHIFT) < n) return EB_BUSY;
        if (eb__cas_weak(&l->state, &s, s - (n << EB__LIM_SHIFT), EB__ACQUIRE, EB__RELAXED)) return EB_OK;
    }
}

EB__FN void eb__lim_unlink(eb_limiter *l, eb__lim_waiter *w) {
    if (w->prev) w->prev->next = w->next;
    else l->head = w->next;
    if (w->next) w->next->prev = w->prev;
    else l->tail = w->prev;
    w->prev = w->next = NULL;
    eb__store(&l->n_waiters, l->n_waiters - 1, EB__RELAXED);
}

/* Under the lock: hands k free permits to the queue head first (FIFO, partial for a
   weighted head); what no waiter needs goes back to the counter, and WAITERS is cleared
   once the queue is empty. A granted node is signalled first and its status published
   last: the node lives on the waiter's stack and is gone once the waiter sees the status
   (spinning, or on re-taking the lock). */
EB__FN void eb__lim_give(eb_limiter *l, int64_t k) {
    int64_t s = eb__load(&l->state, EB__RELAXED), ns;
    int64_t free_now = (s >> EB__LIM_SHIFT) + l->assigned;
    if (k > l->max - free_now) {
        EB__ASSERT(!"eb_limiter_release: more permits released than acquired");
        k = l->max - free_now;
    }
    while (k > 0 && l->head) {
        eb__lim_waiter *w = l->head;
        int64_t a = EB__MIN(k, w->needed);
        w->needed -= a;
        w->assigned += a;
        l->assigned += a;
        k -= a;
        if (w->needed == 0) {
            eb__lim_unlink(l, w);
            l->assigned -= w->assigned;
            eb__cond_signal(&w->cv);
            eb__store(&w->status, (int)EB_OK, EB__RELEASE);   /* last touch of *w */
        }
    }
    do {
        ns = s + (k << EB__LIM_SHIFT);
        if (!l->head) ns &= ~EB__LIM_WAITERS;
    } while (ns != s && !eb__cas_weak(&l->state, &s, ns, EB__RELEASE, EB__RELAXED));
}

/* Slow path: under the lock, take permits if nobody is queued, else join the FIFO. */
EB__FN eb_status eb__lim_wait(eb_limiter *l, int64_t n, int64_t timeout_us) {
    eb__lim_waiter w;
    int64_t deadline = eb__deadline_ns(timeout_us), s, take;
    int i;
    memset(&w, 0, sizeof w);
    if (eb__cond_init(&w.cv) != 0) return eb__fail(EB_NOMEM, "eb_limiter_acquire: condvar init failed");
    eb__mutex_lock(&l->lock);
    s = eb__load(&l->state, EB__RELAXED);
    for (;;) {
        if (s & EB__LIM_CLOSED) {
            w.status = EB_CLOSED;
            goto out;
        }
        take = (s & EB__LIM_WAITERS) ? 0 : s >> EB__LIM_SHIFT;
        if (take >= n) {
            if (eb__cas_weak(&l->state, &s, s - (n << EB__LIM_SHIFT), EB__ACQUIRE, EB__RELAXED)) {
                w.status = EB_OK;
                goto out;
            }
        } else if (eb__cas_weak(&l->state, &s, (s - (take << EB__LIM_SHIFT)) | EB__LIM_WAITERS,
                                EB__ACQUIRE, EB__RELAXED)) {
            break;
        }
    }
    w.needed = n - take;
    w.assigned = take;
    w.status = EB_PENDING;
    l->assigned += take;
    w.prev = l->tail;
    if (l->tail) l->tail->next = &w;
    else l->head = &w;
    l->tail = &w;
    eb__store(&l->n_waiters, l->n_waiters + 1, EB__RELAXED);
    eb__mutex_unlock(&l->lock);
    for (i = 0; i < EMBEDBATCH_SPIN_COUNT; i++) {
        if (eb__load(&w.status, EB__ACQUIRE) != EB_PENDING) goto granted;
        eb__cpu_relax();
    }
    eb__mutex_lock(&l->lock);
    while (eb__load(&w.status, EB__ACQUIRE) == EB_PENDING) {
        if (eb__cond_wait_until(&w.cv, &l->lock, deadline) == ETIMEDOUT &&
            eb__load(&w.status, EB__ACQUIRE) == EB_PENDING) {
            /* Not granted: leave, and pass on what we were assigned. If we were the head,
               this re-runs the handoff for the waiters behind us (golang/go#37852). */
            int64_t back = w.assigned;
            eb__lim_unlink(l, &w);
            l->assigned -= back;
            w.status = EB_TIMEOUT;
            eb__lim_give(l, back);
        }
    }
out:
    eb__mutex_unlock(&l->lock);
granted:
    eb__cond_destroy(&w.cv);
    return (eb_status)w.status;
}

EB__DEF eb_status eb_limiter_try_acquire(eb_limiter *l, int64_t n) {
    eb_status s = eb__lim_check_n(l, n, "eb_limiter_try_acquire");
    return s != EB_OK ? s : eb__lim_try(l, n);
}

EB__DEF eb_status eb_limiter_acquire(eb_limiter *l, int64_t n, int64_t timeout_us) {
    eb_status s = eb__lim_check_n(l, n, "eb_limiter_acquire");
    if (s != EB_OK) return s;
    s = eb__lim_try(l, n);
    if (s != EB_BUSY) return s;
    if (timeout_us == 0) return EB_TIMEOUT;
    return eb__lim_wait(l, n, timeout_us);
}

EB__DEF void eb_limiter_release(eb_limiter *l, int64_t n) {
    int64_t s;
    if (!l || n == 0) return;
    if (n < 0) {
        EB__ASSERT(!"eb_limiter_release: negative n");
        return;
    }
    s = eb__load(&l->state, EB__RELAXED);
    while (!(s & EB__LIM_WAITERS)) {
        int64_t add = n, avail = s >> EB__LIM_SHIFT;
        if (add > l->max - avail) {
            EB__ASSERT(!"eb_limiter_release: more permits released than acquired");
            add = l->max - avail;
        }
        if (eb__cas_weak(&l->state, &s, s + (add << EB__LIM_SHIFT), EB__RELEASE, EB__RELAXED)) return;
    }
    eb__mutex_lock(&l->lock);
    eb__lim_give(l, n);
    eb__mutex_unlock(&l->lock);
}

EB__DEF void eb_limiter_close(eb_limiter *l) {
    eb__lim_waiter *w;
    int64_t back = 0;
    if (!l) return;
    eb__mutex_lock(&l->lock);
    eb__fetch_or(&l->state, EB__LIM_CLOSED, EB__ACQ_REL);
    while ((w = l->head) != NULL) {
        back += w->assigned;
        eb__lim_unlink(l, w);
        eb__cond_signal(&w->cv);
        eb__store(&w->status, (int)EB_CLOSED, EB__RELEASE);   /* last touch of *w */
    }
    l->assigned = 0;
    eb__lim_give(l, back);   /* queue empty: returns them to the counter, clears WAITERS */
    eb__mutex_unlock(&l->lock);
}

EB__DEF int64_t eb_limiter_available(const eb_limiter *l) {
    return l ? eb__load(&l->state, EB__RELAXED) >> EB__LIM_SHIFT : 0;
}

EB__DEF size_t eb_limiter_waiters(const eb_limiter *l) {
    return l ? eb__load(&l->n_waiters, EB__RELAXED) : 0;
}
