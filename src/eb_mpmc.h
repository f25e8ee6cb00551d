/* =====================================================================================
 *  MPMC QUEUE
 * ===================================================================================== */
/* Vyukov's bounded queue. Cell i of lap L has seq == L*cap + i while free for the push
 * at that position and seq == pos + 1 once it holds that push's item; the pop at pos frees
 * it for the next lap with seq = pos + cap. One CAS on a position counter claims a cell;
 * the seq store publishes it. Positions are 64-bit and only ever compared by signed
 * difference, so they never need to wrap. Bit 63 of enq_pos is the closed flag: setting it
 * with an RMW makes "closed" and "no further push can claim a cell" one atomic event.
 *
 * Parking: a blocked caller links a node (its own condvar) into the push or pop wait list,
 * bumps that side's `waiting` count, re-checks, then sleeps. Whoever publishes/frees a cell
 * reads the opposite count and only if it is non-zero takes the mutex, unlinks the oldest
 * node, marks it woken, decrements the count and signals that one condvar. So the count
 * means "parked and not yet woken": once every sleeper has been woken, ops stop touching
 * the mutex even before the sleepers run, and a woken flag (not a shared condvar) tells a
 * sleeper it was woken, so a timeout cannot swallow a wakeup meant for another.
 * No lost wakeup: a store-load (Dekker) pattern, all seq_cst: the cell's seq store then the
 * count load on the waker side, the count increment then the seq load (the re-check) on
 * the sleeper side. In the single total order either the re-check sees the store (no
 * sleep) or the waker sees the increment (and signals under the mutex, which the sleeper
 * holds from the increment until cond_wait releases it). On x86 this makes the seq store an
 * xchg/mfence; a seq_cst load is a plain mov. */

#define EB__MPMC_CLOSED ((uint64_t)1 << 63)
#define EB__MPMC_DEFAULT_CAPACITY 1024
/* Largest capacity: positions stay far below bit 63 and cap * cell size cannot overflow. */
#define EB__MPMC_MAX_CAPACITY ((size_t)1 << (sizeof(size_t) * 8 - 6))

typedef struct eb__mpmc_cell {
    uint64_t seq;
    void *data;
} eb__mpmc_cell;

/* A parked caller, on its stack; linked under q->lock. */
typedef struct eb__mpmc_waiter {
    struct eb__mpmc_waiter *prev, *next;
    int woken;
    eb__cond cv;
} eb__mpmc_waiter;

typedef struct eb__mpmc_waitq {
    eb__mpmc_waiter *head, *tail;   /* under q->lock */
    uint32_t *waiting;              /* the count wakers read without the lock */
} eb__mpmc_waitq;

struct eb_mpmc {
    /* read-only after create */
    eb__mpmc_cell *cells;
    uint64_t mask;
    int spin_count;
    eb_allocator allocator;
    /* Each hot counter on its own line; the struct is cache-line aligned, so the last
       aligned member also pads its end. */
    uint64_t enq_pos EB__ALIGNED(EMBEDBATCH_CACHELINE);   /* bit 63: closed */
    uint64_t deq_pos EB__ALIGNED(EMBEDBATCH_CACHELINE);
    /* read by every push/pop, written only around parking */
    uint32_t push_waiting EB__ALIGNED(EMBEDBATCH_CACHELINE);
    uint32_t pop_waiting;
    eb__mutex lock EB__ALIGNED(EMBEDBATCH_CACHELINE);
    eb__mpmc_waitq pushers, poppers;
};

EB__FN void eb__mpmc_link(eb__mpmc_waitq *wq, eb__mpmc_waiter *w, int front) {
    w->woken = 0;
    w->prev = front ? NULL : wq->tail;
    w->next = front ? wq->head : NULL;
    if (w->prev) w->prev->next = w;
    else wq->head = w;
    if (w->next) w->next->prev = w;
    else wq->tail = w;
    eb__fetch_add(wq->waiting, 1, EB__SEQ_CST);
}

EB__FN void eb__mpmc_unlink(eb__mpmc_waitq *wq, eb__mpmc_waiter *w) {
    if (w->prev) w->prev->next = w->next;
    else wq->head = w->next;
    if (w->next) w->next->prev = w->prev;
    else wq->tail = w->prev;
    w->prev = w->next = NULL;
    eb__fetch_sub(wq->waiting, 1, EB__SEQ_CST);
}

/* Under q->lock: wakes the n oldest sleepers, or all of them once the queue is closed (a
   push claimed before close() and published after it must wake every popper: those that
   then find the queue drained return CLOSED instead of waiting for nothing). */
EB__FN void eb__mpmc_wake_locked(eb_mpmc *q, eb__mpmc_waitq *wq, size_t n) {
    int all = (eb__load(&q->enq_pos, EB__RELAXED) & EB__MPMC_CLOSED) != 0;
    while (wq->head && (all || n-- > 0)) {
        eb__mpmc_waiter *w = wq->head;
        eb__mpmc_unlink(wq, w);
        w->woken = 1;
        eb__cond_signal(&w->cv);
    }
}

EB__FN void eb__mpmc_wake(eb_mpmc *q, eb__mpmc_waitq *wq, size_t n) {
    eb__mutex_lock(&q->lock);
    eb__mpmc_wake_locked(q, wq, n);
    eb__mutex_unlock(&q->lock);
}

/* Claims and fills one cell. Never FULL unless enq_pos stood still while the cell at it
   was still occupied (a real full queue, or a pop preempted mid-operation). */
EB__FN eb_status eb__mpmc_push_raw(eb_mpmc *q, void *item) {
    uint64_t pos = eb__load(&q->enq_pos, EB__RELAXED);
    for (;;) {
        eb__mpmc_cell *c;
        int64_t dif;
        if (pos & EB__MPMC_CLOSED) return EB_CLOSED;
        c = &q->cells[pos & q->mask];
        dif = (int64_t)(eb__load(&c->seq, EB__SEQ_CST) - pos);
        if (dif == 0) {
            if (eb__cas_weak(&q->enq_pos, &pos, pos + 1, EB__RELAXED, EB__RELAXED)) {
                c->data = item;
                eb__store(&c->seq, pos + 1, EB__SEQ_CST);
                return EB_OK;
            }
        } else if (dif < 0) {
            uint64_t now = eb__load(&q->enq_pos, EB__RELAXED);
            if (now == pos) return EB_FULL;
            pos = now;
        } else {
            pos = eb__load(&q->enq_pos, EB__RELAXED);
        }
    }
}

/* EMPTY (or CLOSED once closed and drained) only if deq_pos stood still while the cell at
   it held nothing. Pushes claimed before close but not yet published keep it EMPTY. */
EB__FN eb_status eb__mpmc_empty_status(eb_mpmc *q, uint64_t pos) {
    uint64_t e = eb__load(&q->enq_pos, EB__SEQ_CST);
    return (e & EB__MPMC_CLOSED) && (e & ~EB__MPMC_CLOSED) <= pos ? EB_CLOSED : EB_EMPTY;
}

/* Claims up to max consecutive published cells with one CAS; returns how many (0: see
   *why). A published cell stays published until its claimer frees it, so checking a run
   and then claiming it with one CAS is safe. */
EB__FN size_t eb__mpmc_pop_raw(eb_mpmc *q, void **items, size_t max, eb_status *why) {
    uint64_t pos = eb__load(&q->deq_pos, EB__RELAXED);
    for (;;) {
        int64_t dif = (int64_t)(eb__load(&q->cells[pos & q->mask].seq, EB__SEQ_CST) - (pos + 1));
        if (dif == 0) {
            size_t n = 1, i;
            while (n < max && eb__load(&q->cells[(pos + n) & q->mask].seq, EB__SEQ_CST) == pos + n + 1)
                n++;
            if (eb__cas_weak(&q->deq_pos, &pos, pos + n, EB__RELAXED, EB__RELAXED)) {
                for (i = 0; i < n; i++) {
                    eb__mpmc_cell *c = &q->cells[(pos + i) & q->mask];
                    items[i] = c->data;
                    eb__store(&c->seq, pos + i + q->mask + 1, EB__SEQ_CST);
                }
                *why = EB_OK;
                return n;
            }
        } else if (dif < 0) {
            uint64_t now = eb__load(&q->deq_pos, EB__RELAXED);
            if (now == pos) {
                *why = eb__mpmc_empty_status(q, pos);
                return 0;
            }
            pos = now;
        } else {
            pos = eb__load(&q->deq_pos, EB__RELAXED);
        }
    }
}

EB__DEF eb_status eb_mpmc_create(const eb_mpmc_desc *desc, eb_mpmc **out) {
    eb_mpmc_desc d;
    eb_mpmc *q;
    size_t cap, i;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_create: out is NULL");
    *out = NULL;
    if (desc) d = *desc;
    else memset(&d, 0, sizeof d);
    if (!eb__allocator_valid(&d.allocator))
        return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_create: set both allocator.alloc and allocator.free, or neither");
    if (d.capacity > EB__MPMC_MAX_CAPACITY)
        return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_create: capacity %zu is over the maximum %zu",
                        d.capacity, EB__MPMC_MAX_CAPACITY);
    cap = d.capacity ? eb__next_pow2(EB__MAX(d.capacity, (size_t)2)) : EB__MPMC_DEFAULT_CAPACITY;
    q = (eb_mpmc *)eb__alloc_zero(&d.allocator, sizeof *q, EMBEDBATCH_CACHELINE);
    if (!q) return eb__fail(EB_NOMEM, "eb_mpmc_create: out of memory");
    q->allocator = d.allocator;
    q->mask = cap - 1;
    q->spin_count = d.spin_count == 0 ? EMBEDBATCH_SPIN_COUNT : EB__MAX(d.spin_count, 0);
    q->cells = (eb__mpmc_cell *)eb__alloc(&d.allocator, cap * sizeof(eb__mpmc_cell), EMBEDBATCH_CACHELINE);
    if (!q->cells) {
        eb__free(&d.allocator, q, sizeof *q);
        return eb__fail(EB_NOMEM, "eb_mpmc_create: out of memory for %zu cells", cap);
    }
    for (i = 0; i < cap; i++) {
        q->cells[i].seq = i;
        q->cells[i].data = NULL;
    }
    q->pushers.waiting = &q->push_waiting;
    q->poppers.waiting = &q->pop_waiting;
    if (eb__mutex_init(&q->lock) != 0) {
        eb__free(&d.allocator, q->cells, cap * sizeof(eb__mpmc_cell));
        eb__free(&d.allocator, q, sizeof *q);
        return eb__fail(EB_NOMEM, "eb_mpmc_create: mutex init failed");
    }
    *out = q;
    return EB_OK;
}

EB__DEF void eb_mpmc_destroy(eb_mpmc *q) {
    eb_allocator a;
    if (!q) return;
    a = q->allocator;
    eb__mutex_destroy(&q->lock);
    eb__free(&a, q->cells, (size_t)(q->mask + 1) * sizeof(eb__mpmc_cell));
    eb__free(&a, q, sizeof *q);
}

EB__DEF eb_status eb_mpmc_try_push(eb_mpmc *q, void *item) {
    eb_status s;
    if (!q) return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_try_push: queue is NULL");
    s = eb__mpmc_push_raw(q, item);
    if (s == EB_OK && eb__load(&q->pop_waiting, EB__SEQ_CST)) eb__mpmc_wake(q, &q->poppers, 1);
    return s;
}

EB__DEF size_t eb_mpmc_try_pop_bulk(eb_mpmc *q, void **items, size_t max) {
    eb_status why;
    size_t n;
    if (!q || !items || max == 0) return 0;
    n = eb__mpmc_pop_raw(q, items, max, &why);
    if (n && eb__load(&q->push_waiting, EB__SEQ_CST)) eb__mpmc_wake(q, &q->pushers, n);
    return n;
}

EB__DEF eb_status eb_mpmc_try_pop(eb_mpmc *q, void **item) {
    eb_status why;
    if (!q || !item) return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_try_pop: %s is NULL", q ? "item" : "queue");
    if (eb__mpmc_pop_raw(q, item, 1, &why) && eb__load(&q->push_waiting, EB__SEQ_CST))
        eb__mpmc_wake(q, &q->pushers, 1);
    return why;
}

/* One attempt by a caller that holds q->lock (so it wakes the other side directly). */
EB__FN eb_status eb__mpmc_try_locked(eb_mpmc *q, int is_push, void *item, void **out) {
    eb_status s;
    if (is_push) {
        s = eb__mpmc_push_raw(q, item);
        if (s == EB_OK && eb__load(&q->pop_waiting, EB__SEQ_CST)) eb__mpmc_wake_locked(q, &q->poppers, 1);
    } else {
        eb__mpmc_pop_raw(q, out, 1, &s);
        if (s == EB_OK && eb__load(&q->push_waiting, EB__SEQ_CST)) eb__mpmc_wake_locked(q, &q->pushers, 1);
    }
    return s;
}

/* Parks until the op succeeds, the queue closes or the deadline passes. */
EB__FN eb_status eb__mpmc_park(eb_mpmc *q, int is_push, void *item, void **out, int64_t deadline) {
    eb_status busy = is_push ? EB_FULL : EB_EMPTY, s;
    eb__mpmc_waitq *wq = is_push ? &q->pushers : &q->poppers;
    eb__mpmc_waiter w;
    int front = 0;
    memset(&w, 0, sizeof w);
    if (eb__cond_init(&w.cv) != 0) return eb__fail(EB_NOMEM, "eb_mpmc: condvar init failed");
    eb__mutex_lock(&q->lock);
    for (;;) {
        eb__mpmc_link(wq, &w, front);
        s = eb__mpmc_try_locked(q, is_push, item, out);
        if (s != busy) {
            eb__mpmc_unlink(wq, &w);   /* nobody can have woken us: we held the lock */
            break;
        }
        while (!w.woken && eb__cond_wait_until(&w.cv, &q->lock, deadline) != ETIMEDOUT) {}
        if (!w.woken) {
            eb__mpmc_unlink(wq, &w);
            s = eb__mpmc_try_locked(q, is_push, item, out);
            if (s == busy) s = EB_TIMEOUT;
            break;
        }
        front = 1;   /* woken but beaten to it: first in line next time */
    }
    eb__mutex_unlock(&q->lock);
    eb__cond_destroy(&w.cv);
    return s;
}

/* The blocking layer shared by push and pop: one try, a bounded spin, then park. */
EB__FN eb_status eb__mpmc_wait(eb_mpmc *q, int is_push, void *item, void **out, int64_t timeout_us) {
    eb_status busy = is_push ? EB_FULL : EB_EMPTY, s;
    int64_t deadline;
    int i;
    s = is_push ? eb_mpmc_try_push(q, item) : eb_mpmc_try_pop(q, out);
    if (s != busy) return s;
    if (timeout_us == 0) return EB_TIMEOUT;
    deadline = eb__deadline_ns(timeout_us);
    for (i = 0; i < q->spin_count; i++) {
        eb__cpu_relax();
        s = is_push ? eb_mpmc_try_push(q, item) : eb_mpmc_try_pop(q, out);
        if (s != busy) return s;
    }
    return eb__mpmc_park(q, is_push, item, out, deadline);
}

EB__DEF eb_status eb_mpmc_push(eb_mpmc *q, void *item, int64_t timeout_us) {
    if (!q) return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_push: queue is NULL");
    return eb__mpmc_wait(q, 1, item, NULL, timeout_us);
}

EB__DEF eb_status eb_mpmc_pop(eb_mpmc *q, void **item, int64_t timeout_us) {
    if (!q || !item) return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_pop: %s is NULL", q ? "item" : "queue");
    return eb__mpmc_wait(q, 0, NULL, item, timeout_us);
}

EB__DEF void eb_mpmc_close(eb_mpmc *q) {
    if (!q) return;
    eb__fetch_or(&q->enq_pos, EB__MPMC_CLOSED, EB__SEQ_CST);
    eb__mutex_lock(&q->lock);
    eb__mpmc_wake_locked(q, &q->pushers, 0);   /* closed: wakes all */
    eb__mpmc_wake_locked(q, &q->poppers, 0);
    eb__mutex_unlock(&q->lock);
}

EB__DEF size_t eb_mpmc_size_approx(const eb_mpmc *q) {
    uint64_t d, e;
    if (!q) return 0;
    /* deq first: enq only grows and never trails deq, so e >= d */
    d = eb__load(&q->deq_pos, EB__ACQUIRE);
    e = eb__load(&q->enq_pos, EB__ACQUIRE) & ~EB__MPMC_CLOSED;
    return (size_t)EB__MIN(e - d, q->mask + 1);
}

EB__DEF size_t eb_mpmc_capacity(const eb_mpmc *q) { return q ? (size_t)(q->mask + 1) : 0; }
