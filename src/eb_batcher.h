/* =====================================================================================
 *  REQUEST + BATCHER
 *
 *  Submitters tokenize on their own thread, take an admission permit (FIFO-fair limiter:
 *  the bounded queue), and push into the lock-free lane of their priority. Worker threads
 *  (one per concurrent slot of each backend replica) take an in-flight permit, become the
 *  single "former" in turn, build a batch from the lane heads (priority + aging, FIFO within
 *  a lane, token and request caps), and run it. Completion is exactly-once: whoever wins
 *  the CAS on the request's state (worker, cancel, deadline) publishes the result.
 *
 *  Request states: QUEUED -> RUNNING (taken into a batch) -> CLAIMED -> DONE.
 *  cancel/timeout claim from QUEUED or RUNNING; the batch result is dropped if they won.
 *  References: a handle starts with two (caller + batcher); the batcher's is dropped when
 *  the request leaves its structures. Each live handle also holds the batcher's shell
 *  (stats, wait buckets), so handles stay valid after eb_batcher_destroy.
 * ===================================================================================== */
enum { EB__RQ_QUEUED = 0, EB__RQ_RUNNING = 1, EB__RQ_CLAIMED = 2, EB__RQ_DONE = 3 };

#define EB__WAIT_BUCKETS 64
#define EB__BATCHER_MAGIC 0x45424254u
#define EB__BATCHER_DEAD 0x44454144u

struct eb_request {
    eb_batcher *b;
    uint32_t state;             /* atomic */
    int refs;                   /* atomic */
    int waiting;                /* atomic: threads parked in eb_wait */
    eb_status status;           /* valid once state == DONE */
    int priority;
    int n_tokens;
    int dim;
    const char *text;
    size_t len;
    int32_t *ids;
    float *vec;
    int64_t submit_ns;
    int64_t deadline_ns;        /* -1: none */
    eb_done_fn on_done;
    void *user;
    size_t alloc_size;
};

typedef struct eb__wait_bucket {
    eb__mutex m;
    eb__cond c;
} eb__wait_bucket;

typedef struct eb__worker {
    eb_batcher *b;
    eb_backend *be;
    int slot;
    int started;
    eb__thread thread;
    eb_request **reqs;
    eb_batch_item *items;
    float *out;
    char error[256];
} eb__worker;

struct eb_batcher {
    uint32_t magic;
    eb_batcher_desc d;              /* defaults resolved */
    int dim;
    int model_max_tokens;           /* smallest per-text cap of the replicas; 0 = none */
    int token_cap;                  /* cap handed to tokenize at submit */
    int ragged;
    eb_backend **backends;
    int n_backends;
    int refs;                       /* atomic: owner + live request handles */
    int shutting_down;              /* atomic: submits are refused */
    int sealed;                     /* atomic: ... and no submitter is still inside eb_submit */
    int submitting;                 /* atomic: threads inside eb_submit */
    int64_t queued;                 /* atomic: admitted, not yet taken or purged */

    eb_limiter *admission;          /* queue_capacity permits */
    eb_limiter *inflight;           /* max_inflight_batches permits */
    eb_mpmc **lanes;                /* one per priority level */
    eb_request **stash;             /* popped lane heads, guarded by form_lock */

    eb__mutex form_lock;
    eb__cond form_cond;             /* the former waits here for requests or its window */
    eb__cond turn_cond;             /* other workers wait here for the former role */
    int former_active;              /* guarded by form_lock */
    int form_sleeping;              /* atomic: the former is parked on form_cond */

    eb__worker *workers;
    int n_workers;

    eb__wait_bucket buckets[EB__WAIT_BUCKETS];

    uint64_t st_submitted, st_resolved[EB_STATUS_COUNT], st_batches, st_batch_errors;
    uint64_t st_flush[EB_FLUSH_COUNT], st_purged, st_truncated;
    int64_t st_inflight;
    eb__hist h_batch_size, h_batch_tokens, h_queue_wait, h_backend, h_latency;
};

/* ---- references ----------------------------------------------------------------------- */
EB__FN void eb__batcher_free_shell(eb_batcher *b) {
    int i;
    eb_allocator a = b->d.allocator;
    for (i = 0; i < EB__WAIT_BUCKETS; i++) {
        eb__mutex_destroy(&b->buckets[i].m);
        eb__cond_destroy(&b->buckets[i].c);
    }
    eb__free(&a, b->backends, sizeof(eb_backend *) * (size_t)b->n_backends);
    eb__free(&a, b, sizeof *b);
}

EB__FN void eb__batcher_unref(eb_batcher *b) {
    if (eb__fetch_sub(&b->refs, 1, EB__ACQ_REL) == 1) eb__batcher_free_shell(b);
}

EB__FN void eb__request_unref(eb_request *r) {
    if (eb__fetch_sub(&r->refs, 1, EB__ACQ_REL) == 1) {
        eb_batcher *b = r->b;
        eb__free(&b->d.allocator, r, r->alloc_size);
        eb__batcher_unref(b);
    }
}

/* ---- exactly-once completion ------------------------------------------------------------ */
EB__INLINE int eb__request_claim(eb_request *r) {
    uint32_t s = eb__load(&r->state, EB__ACQUIRE);
    while (s < EB__RQ_CLAIMED)
        if (eb__cas_weak(&r->state, &s, (uint32_t)EB__RQ_CLAIMED, EB__ACQ_REL, EB__ACQUIRE)) return 1;
    return 0;
}

EB__INLINE eb__wait_bucket *eb__bucket_of(eb_request *r) {
    return &r->b->buckets[((uintptr_t)r >> 6) % EB__WAIT_BUCKETS];
}

/* Only the claimer calls this. Stats first, so whoever sees DONE also sees them counted. */
EB__FN void eb__request_publish(eb_request *r, eb_status status) {
    eb_batcher *b = r->b;
    int64_t now = eb__now_ns();
    r->status = status;
    eb__fetch_add(&b->st_resolved[status], 1, EB__RELAXED);
    eb__hist_add(&b->h_latency, (uint64_t)((now - r->submit_ns) / 1000));
    eb__store(&r->state, (uint32_t)EB__RQ_DONE, EB__SEQ_CST);
    if (eb__load(&r->waiting, EB__SEQ_CST) > 0) {
        eb__wait_bucket *wb = eb__bucket_of(r);
        eb__mutex_lock(&wb->m);
        eb__cond_broadcast(&wb->c);
        eb__mutex_unlock(&wb->m);
    }
    if (r->on_done) r->on_done(r, status, status == EB_OK ? r->vec : NULL, r->dim, r->user);
}

EB__FN int eb__request_resolve(eb_request *r, eb_status status) {
    if (!eb__request_claim(r)) return 0;
    eb__request_publish(r, status);
    return 1;
}

/* A request that never entered the queue: resolve it and drop the batcher's reference. */
EB__FN eb_request *eb__request_reject(eb_request *r, eb_status status) {
    eb__request_resolve(r, status);
    eb__request_unref(r);
    return r;
}

/* ---- submit ------------------------------------------------------------------------------ */
EB__FN int64_t eb__effective_timeout_us(const eb_batcher *b, int64_t req) {
    int64_t def = b->d.default_timeout_us;   /* > 0, or EB_FOREVER */
    if (req <= 0) return def;
    return def > 0 && def < req ? def : req;
}

EB__INLINE void eb__wake_former(eb_batcher *b) {
    if (eb__load(&b->form_sleeping, EB__SEQ_CST)) {
        eb__mutex_lock(&b->form_lock);
        eb__cond_signal(&b->form_cond);
        eb__mutex_unlock(&b->form_lock);
    }
}

/* Tokenized ids land here first, so the request can be allocated at its exact size. */
#define EB__SUBMIT_STACK_IDS 512

EB__DEF eb_request *eb_submit(eb_batcher *b, const eb_request_desc *desc) {
    eb_request *r;
    int32_t stack_ids[EB__SUBMIT_STACK_IDS], *ids = NULL;
    size_t len = 0, size, ids_off, text_off, vec_off, n_ids = 0;
    int n = 0, ids_cap = 0;
    int64_t timeout, now;
    eb_status s = EB_OK;
    if (!b || !desc) { eb__fail(EB_INVALID_ARGUMENT, "eb_submit: NULL batcher or desc"); return NULL; }
    if (b->magic != EB__BATCHER_MAGIC && b->magic != EB__BATCHER_DEAD) {
        eb__fail(EB_INVALID_ARGUMENT, "eb_submit: not a live batcher (use after free?)");
        return NULL;
    }
    eb__fetch_add(&b->submitting, 1, EB__SEQ_CST);
    now = eb__now_ns();

    /* validate and tokenize before allocating, on the caller's thread */
    if (eb__load(&b->shutting_down, EB__SEQ_CST) || b->magic != EB__BATCHER_MAGIC) {
        s = eb__fail(EB_SHUTDOWN, "eb_submit: the batcher is shutting down");
    } else if (!desc->text) {
        s = eb__fail(EB_INVALID_INPUT, "eb_submit: text is NULL");
    } else if ((len = desc->len ? desc->len : strlen(desc->text)) > b->d.max_text_bytes) {
        s = eb__fail(EB_INVALID_INPUT, "eb_submit: %zu bytes exceed max_text_bytes (%zu)", len, b->d.max_text_bytes);
    } else if (desc->priority < 0 || desc->priority >= b->d.priority_levels) {
        s = eb__fail(EB_INVALID_ARGUMENT, "eb_submit: priority %d outside 0..%d", desc->priority, b->d.priority_levels - 1);
    } else if (desc->out && desc->out_dim < b->dim) {
        s = eb__fail(EB_INVALID_ARGUMENT, "eb_submit: out_dim %d < dim %d", desc->out_dim, b->dim);
    } else {
        if (b->backends[0]->vt->tokenize) {
            ids_cap = b->token_cap;
            ids = ids_cap <= EB__SUBMIT_STACK_IDS ? stack_ids
                                                 : (int32_t *)malloc(sizeof(int32_t) * (size_t)ids_cap);
            if (!ids) s = eb__fail(EB_NOMEM, "eb_submit: out of memory");
        }
        if (s == EB_OK) {
            n = eb__backend_tokenize(b->backends[0], desc->text, len, ids, b->token_cap);
            if (n < 0)
                s = eb__fail(EB_INVALID_INPUT, "eb_submit: the backend's tokenizer rejected the text");
            else if (n > b->d.max_batch_tokens)   /* only reachable with EB_OVERSIZE_REJECT */
                s = eb__fail(EB_INVALID_INPUT, "eb_submit: %d tokens exceed max_batch_tokens %d", n, b->d.max_batch_tokens);
            if (ids) n_ids = (size_t)(n > 0 ? n : 0);
        }
    }
    if (s != EB_OK) { len = 0; n_ids = 0; }

    ids_off = (sizeof(eb_request) + 15) & ~(size_t)15;
    vec_off = (ids_off + n_ids * sizeof(int32_t) + 15) & ~(size_t)15;
    text_off = vec_off + (desc->out || s != EB_OK ? 0 : (size_t)b->dim * sizeof(float));
    size = text_off + len + 1;
    r = (eb_request *)eb__alloc(&b->d.allocator, size, 16);
    if (!r) {
        if (ids && ids != stack_ids) free(ids);
        eb__fetch_sub(&b->submitting, 1, EB__SEQ_CST);
        eb__fail(EB_NOMEM, "eb_submit: out of memory");
        return NULL;
    }
    memset(r, 0, sizeof *r);
    r->b = b;
    r->alloc_size = size;
    r->refs = 2;
    r->dim = b->dim;
    r->priority = desc->priority;
    r->on_done = desc->on_done;
    r->user = desc->user;
    r->submit_ns = now;
    r->deadline_ns = -1;
    r->n_tokens = n;
    r->text = (char *)r + text_off;
    r->len = len;
    r->vec = desc->out ? desc->out : (float *)((char *)r + vec_off);
    if (n_ids) {
        r->ids = (int32_t *)((char *)r + ids_off);
        memcpy(r->ids, ids, n_ids * sizeof(int32_t));
    }
    if (ids && ids != stack_ids) free(ids);
    if (len) memcpy((char *)r->text, desc->text, len);
    ((char *)r->text)[len] = 0;
    eb__fetch_add(&b->refs, 1, EB__RELAXED);
    eb__fetch_add(&b->st_submitted, 1, EB__RELAXED);
    if (s != EB_OK) {
        r = eb__request_reject(r, s);
        goto out;
    }
    if (b->d.oversize == EB_OVERSIZE_TRUNCATE && n == b->token_cap &&
        (b->model_max_tokens == 0 || b->token_cap < b->model_max_tokens))
        eb__fetch_add(&b->st_truncated, 1, EB__RELAXED);
    timeout = eb__effective_timeout_us(b, desc->timeout_us);
    r->deadline_ns = timeout >= 0 ? now + timeout * 1000 : -1;

    if (b->d.on_full == EB_ON_FULL_REJECT) {
        s = eb_limiter_try_acquire(b->admission, 1);
        if (s == EB_BUSY) s = EB_FULL;
    } else {
        int64_t wait = b->d.full_timeout_us, left;
        int deadline_bound = 0;
        if (r->deadline_ns >= 0) {
            left = (r->deadline_ns - eb__now_ns()) / 1000;
            if (left < 0) left = 0;
            if (wait < 0 || left < wait) { wait = left; deadline_bound = 1; }
        }
        s = eb_limiter_acquire(b->admission, 1, wait);
        if (s == EB_TIMEOUT) s = deadline_bound ? EB_TIMEOUT : EB_FULL;
    }
    if (s != EB_OK) {
        if (s == EB_CLOSED) s = EB_SHUTDOWN;
        eb__fail(s, "eb_submit: not admitted (%s)", eb_status_str(s));
        r = eb__request_reject(r, s);
        goto out;
    }
    if (eb_mpmc_try_push(b->lanes[r->priority], r) != EB_OK) {
        /* cannot happen: each lane holds at least queue_capacity entries */
        eb_limiter_release(b->admission, 1);
        r = eb__request_reject(r, EB_FULL);
        goto out;
    }
    eb__fetch_add(&b->queued, 1, EB__SEQ_CST);
    eb__wake_former(b);
out:
    eb__fetch_sub(&b->submitting, 1, EB__SEQ_CST);
    return r;
}

/* ---- waiting ------------------------------------------------------------------------------ */
EB__DEF eb_status eb_wait(eb_request *r, int64_t timeout_us) {
    int64_t wait_deadline;
    eb__wait_bucket *wb;
    if (!r) return eb__fail(EB_INVALID_ARGUMENT, "eb_wait: NULL request");
    if (eb__load(&r->state, EB__ACQUIRE) == EB__RQ_DONE) return r->status;
    wait_deadline = eb__deadline_ns(timeout_us);
    wb = eb__bucket_of(r);
    for (;;) {
        int expired = 0;
        eb_status result = EB_PENDING;
        eb__fetch_add(&r->waiting, 1, EB__SEQ_CST);
        eb__mutex_lock(&wb->m);
        for (;;) {
            uint32_t st = eb__load(&r->state, EB__SEQ_CST);
            int64_t now, dl = wait_deadline;
            if (st == EB__RQ_DONE) { result = r->status; break; }
            now = eb__now_ns();
            /* a deadline only applies while queued: a running batch is not aborted */
            if (st == EB__RQ_QUEUED && r->deadline_ns >= 0) {
                if (now >= r->deadline_ns) { expired = 1; break; }
                if (dl < 0 || r->deadline_ns < dl) dl = r->deadline_ns;
            }
            if (wait_deadline >= 0 && now >= wait_deadline) { result = EB_TIMEOUT; break; }
            eb__cond_wait_until(&wb->c, &wb->m, dl);
        }
        eb__mutex_unlock(&wb->m);
        eb__fetch_sub(&r->waiting, 1, EB__SEQ_CST);
        if (!expired) return result;
        if (eb__request_resolve(r, EB_TIMEOUT)) return EB_TIMEOUT;
        /* lost the race to a worker or canceller: wait for their result */
    }
}

EB__DEF eb_status eb_request_status(const eb_request *r) {
    if (!r) return EB_INVALID_ARGUMENT;
    return eb__load(&r->state, EB__ACQUIRE) == EB__RQ_DONE ? r->status : EB_PENDING;
}

EB__DEF const float *eb_request_vector(const eb_request *r, int *dim) {
    if (dim) *dim = 0;
    if (!r || eb__load(&r->state, EB__ACQUIRE) != EB__RQ_DONE || r->status != EB_OK) return NULL;
    if (dim) *dim = r->dim;
    return r->vec;
}

EB__DEF int eb_request_tokens(const eb_request *r) { return r ? r->n_tokens : 0; }

EB__DEF eb_status eb_cancel(eb_request *r) {
    if (!r) return eb__fail(EB_INVALID_ARGUMENT, "eb_cancel: NULL request");
    return eb__request_resolve(r, EB_CANCELLED) ? EB_OK : EB_CLOSED;
}

EB__DEF void eb_request_free(eb_request *r) {
    if (r) eb__request_unref(r);
}

/* ---- batch formation (the former holds form_lock) ----------------------------------------- */

/* Drops a queue entry that will not run: the permit goes back, the batcher's ref is released. */
EB__FN void eb__batcher_drop_entry(eb_batcher *b, eb_request *r) {
    eb__fetch_sub(&b->queued, 1, EB__SEQ_CST);
    eb_limiter_release(b->admission, 1);
    eb__request_unref(r);
}

/* Lane whose head has the highest effective priority (level + age / aging), or -1. */
EB__FN int eb__batcher_best_lane(eb_batcher *b, int64_t now) {
    int lane, best = -1;
    double best_eff = 0;
    for (lane = 0; lane < b->d.priority_levels; lane++) {
        eb_request *r = b->stash[lane];
        double eff;
        if (!r) {
            void *p;
            if (eb_mpmc_try_pop(b->lanes[lane], &p) != EB_OK) continue;
            r = b->stash[lane] = (eb_request *)p;
        }
        eff = (double)lane;
        if (b->d.aging_us > 0) eff += (double)(now - r->submit_ns) / ((double)b->d.aging_us * 1000.0);
        if (best < 0 || eff > best_eff ||
            (eff == best_eff && r->submit_ns < b->stash[best]->submit_ns)) {
            best = lane;
            best_eff = eff;
        }
    }
    return best;
}

/* Fills w->reqs. Returns the count (> 0), or 0 when shutting down with nothing left. */
EB__FN int eb__batcher_form(eb_batcher *b, eb__worker *w, eb_flush_reason *reason, int64_t *cost_out) {
    int n = 0, max_len = 0;
    int64_t cost = 0, oldest = -1, form_start = eb__now_ns();
    for (;;) {
        int64_t now = eb__now_ns();
        int progress = 0;
        while (n < b->d.max_batch_size) {
            int lane = eb__batcher_best_lane(b, now);
            eb_request *r;
            int64_t next_cost;
            uint32_t expect = EB__RQ_QUEUED;
            if (lane < 0) break;
            progress = 1;
            r = b->stash[lane];
            if (eb__load(&r->state, EB__ACQUIRE) != EB__RQ_QUEUED) {     /* cancelled or timed out */
                b->stash[lane] = NULL;
                eb__fetch_add(&b->st_purged, 1, EB__RELAXED);
                eb__batcher_drop_entry(b, r);
                continue;
            }
            if (r->deadline_ns >= 0 && now >= r->deadline_ns) {
                b->stash[lane] = NULL;
                eb__request_resolve(r, EB_TIMEOUT);
                eb__fetch_add(&b->st_purged, 1, EB__RELAXED);
                eb__batcher_drop_entry(b, r);
                continue;
            }
            next_cost = b->ragged ? cost + r->n_tokens
                                  : (int64_t)EB__MAX(max_len, r->n_tokens) * (n + 1);
            if (n > 0 && next_cost > b->d.max_batch_tokens) {
                *reason = EB_FLUSH_FULL_TOKENS;    /* r stays at the front of its lane */
                *cost_out = cost;
                return n;
            }
            b->stash[lane] = NULL;
            if (!eb__cas(&r->state, &expect, (uint32_t)EB__RQ_RUNNING, EB__ACQ_REL, EB__ACQUIRE)) {
                eb__fetch_add(&b->st_purged, 1, EB__RELAXED);  /* lost to cancel/timeout just now */
                eb__batcher_drop_entry(b, r);
                continue;
            }
            eb__fetch_sub(&b->queued, 1, EB__SEQ_CST);
            eb_limiter_release(b->admission, 1);
            if (oldest < 0 || r->submit_ns < oldest) oldest = r->submit_ns;
            w->reqs[n++] = r;
            cost = next_cost;
            if (r->n_tokens > max_len) max_len = r->n_tokens;
        }
        *cost_out = cost;
        if (n == b->d.max_batch_size) { *reason = EB_FLUSH_FULL_REQUESTS; return n; }
        if (n > 0 && eb__load(&b->shutting_down, EB__SEQ_CST)) { *reason = EB_FLUSH_SHUTDOWN; return n; }
        if (n > 0 && b->d.max_wait_us == 0) { *reason = EB_FLUSH_BACKEND_IDLE; return n; }
        /* sealed: no submitter can push any more, so an empty queue stays empty */
        if (n == 0 && eb__load(&b->sealed, EB__SEQ_CST) && eb__load(&b->queued, EB__SEQ_CST) == 0) return 0;
        {
            int64_t dl = -1;
            if (n > 0) {
                /* The window bounds how long a runnable batch is held back to fill: it starts
                   when the backend is free and a request is there, whichever is later. */
                dl = (oldest > form_start ? oldest : form_start) + b->d.max_wait_us * 1000;
                if (eb__now_ns() >= dl) { *reason = EB_FLUSH_WINDOW_EXPIRED; return n; }
            }
            /* The lanes were empty when we looked. Park unless a request was counted since:
               a Dekker pair with eb__wake_former (both sides seq_cst). */
            eb__store(&b->form_sleeping, 1, EB__SEQ_CST);
            if (!eb__load(&b->sealed, EB__SEQ_CST)) {
                if (eb__load(&b->queued, EB__SEQ_CST) == 0) {
                    eb__cond_wait_until(&b->form_cond, &b->form_lock, dl);
                } else if (!progress) {
                    /* counted but not poppable: a producer was preempted mid-push on an
                       earlier cell (the queue's documented stall). Nap, don't spin. */
                    int64_t nap = eb__now_ns() + 50000;
                    eb__cond_wait_until(&b->form_cond, &b->form_lock, dl >= 0 && dl < nap ? dl : nap);
                }
            }
            eb__store(&b->form_sleeping, 0, EB__SEQ_CST);
        }
    }
}

/* ---- workers ------------------------------------------------------------------------------- */
EB__FN void eb__batcher_run(eb_batcher *b, eb__worker *w, int n, int64_t cost, eb_flush_reason reason) {
    eb_batch batch;
    eb_status s;
    int64_t t0, t1;
    int i;
    for (i = 0; i < n; i++) {
        eb_request *r = w->reqs[i];
        w->items[i].text = r->text;
        w->items[i].len = r->len;
        w->items[i].ids = r->ids;
        w->items[i].n_tokens = r->n_tokens;
    }
    w->error[0] = 0;
    t0 = eb__now_ns();
    for (i = 0; i < n; i++) eb__hist_add(&b->h_queue_wait, (uint64_t)((t0 - w->reqs[i]->submit_ns) / 1000));
    batch.n = n;
    batch.items = w->items;
    batch.dim = b->dim;
    batch.slot = w->slot;
    batch.error = w->error;
    batch.error_cap = sizeof w->error;
    eb__fetch_add(&b->st_flush[reason], 1, EB__RELAXED);
    eb__fetch_add(&b->st_inflight, 1, EB__RELAXED);
    s = eb__backend_run(w->be, &batch, w->out);
    t1 = eb__now_ns();
    eb__fetch_sub(&b->st_inflight, 1, EB__RELAXED);
    eb__fetch_add(&b->st_batches, 1, EB__RELAXED);
    eb__hist_add(&b->h_backend, (uint64_t)((t1 - t0) / 1000));
    eb__hist_add(&b->h_batch_size, (uint64_t)n);
    eb__hist_add(&b->h_batch_tokens, (uint64_t)cost);
    if (s != EB_OK) {
        eb__fetch_add(&b->st_batch_errors, 1, EB__RELAXED);
        eb__log(&b->d.logger, EB_LOG_WARN, "backend '%s' failed a batch of %d: %s", w->be->info.name, n,
                w->error[0] ? w->error : eb_status_str(s));
    }
    for (i = 0; i < n; i++) {
        eb_request *r = w->reqs[i];
        if (eb__request_claim(r)) {       /* else cancelled while running: result dropped */
            if (s == EB_OK)
                memcpy(r->vec, w->out + (size_t)i * (size_t)b->dim, (size_t)b->dim * sizeof(float));
            eb__request_publish(r, s == EB_OK ? EB_OK : EB_BACKEND_ERROR);
        }
        eb__request_unref(r);
    }
}

EB__FN void *eb__batcher_worker_main(void *arg) {
    eb__worker *w = (eb__worker *)arg;
    eb_batcher *b = w->b;
    for (;;) {
        eb_flush_reason reason = EB_FLUSH_BACKEND_IDLE;
        int64_t cost = 0;
        int n;
        if (eb_limiter_acquire(b->inflight, 1, EB_FOREVER) != EB_OK) break;
        eb__mutex_lock(&b->form_lock);
        while (b->former_active) eb__cond_wait_until(&b->turn_cond, &b->form_lock, -1);
        b->former_active = 1;
        n = eb__batcher_form(b, w, &reason, &cost);
        b->former_active = 0;
        eb__cond_signal(&b->turn_cond);
        eb__mutex_unlock(&b->form_lock);
        if (n > 0) eb__batcher_run(b, w, n, cost, reason);
        eb_limiter_release(b->inflight, 1);
        if (n == 0) break;                 /* sealed and drained */
    }
    return NULL;
}

/* ---- create / shutdown / destroy ----------------------------------------------------------- */
EB__FN eb_status eb__batcher_resolve_desc(const eb_batcher_desc *in, eb_batcher_desc *d) {
    *d = *in;
    if (!eb__allocator_valid(&d->allocator))
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: allocator needs both alloc and free, or neither");
    if (d->backend && d->backends) return eb__fail(EB_INVALID_ARGUMENT, "batcher: set backend or backends, not both");
    if (!d->backend && (!d->backends || d->n_backends <= 0))
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: no backend");
    if (d->max_batch_size < 0 || d->max_batch_size > (1 << 20))
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: max_batch_size %d out of range", d->max_batch_size);
    if (d->max_batch_tokens < 0) return eb__fail(EB_INVALID_ARGUMENT, "batcher: max_batch_tokens < 0");
    if (d->max_wait_us < 0) return eb__fail(EB_INVALID_ARGUMENT, "batcher: max_wait_us < 0");
    if (d->queue_capacity < 0 || d->queue_capacity > (1 << 24))
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: queue_capacity %d out of range", d->queue_capacity);
    if (d->max_inflight_batches < 0) return eb__fail(EB_INVALID_ARGUMENT, "batcher: max_inflight_batches < 0");
    if ((unsigned)d->on_full > (unsigned)EB_ON_FULL_REJECT) return eb__fail(EB_INVALID_ARGUMENT, "batcher: bad on_full");
    if ((unsigned)d->oversize > (unsigned)EB_OVERSIZE_REJECT) return eb__fail(EB_INVALID_ARGUMENT, "batcher: bad oversize");
    if ((unsigned)d->drain > (unsigned)EB_DRAIN_CANCEL) return eb__fail(EB_INVALID_ARGUMENT, "batcher: bad drain");
    if (d->default_timeout_us < 0 && d->default_timeout_us != EB_FOREVER)
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: default_timeout_us must be > 0, 0 or EB_FOREVER");
    if (d->priority_levels < 0 || d->priority_levels > 64)
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: priority_levels %d outside 1..64", d->priority_levels);
    if (!d->max_batch_size) d->max_batch_size = 32;
    if (!d->max_batch_tokens) d->max_batch_tokens = 16384;
    if (!d->queue_capacity) d->queue_capacity = 4096;
    if (!d->full_timeout_us || d->full_timeout_us < 0) d->full_timeout_us = EB_FOREVER;
    if (!d->default_timeout_us) d->default_timeout_us = EB_FOREVER;
    if (!d->priority_levels) d->priority_levels = 3;
    if (!d->aging_us) d->aging_us = 100000;
    if (d->aging_us < 0) d->aging_us = EB_FOREVER;
    if (!d->max_text_bytes) d->max_text_bytes = (size_t)1 << 20;
    return EB_OK;
}

/* Frees what only the batcher itself uses (the shell lives on while handles exist). */
EB__FN void eb__batcher_free_parts(eb_batcher *b) {
    const eb_allocator *a = &b->d.allocator;
    int i;
    if (b->workers) {
        for (i = 0; i < b->n_workers; i++) {
            eb__worker *w = &b->workers[i];
            eb__free(a, w->reqs, sizeof(eb_request *) * (size_t)b->d.max_batch_size);
            eb__free(a, w->items, sizeof(eb_batch_item) * (size_t)b->d.max_batch_size);
            eb__free(a, w->out, sizeof(float) * (size_t)b->d.max_batch_size * (size_t)b->dim);
        }
        eb__free(a, b->workers, sizeof(eb__worker) * (size_t)b->n_workers);
        b->workers = NULL;
    }
    if (b->lanes) {
        for (i = 0; i < b->d.priority_levels; i++) eb_mpmc_destroy(b->lanes[i]);
        eb__free(a, b->lanes, sizeof(eb_mpmc *) * (size_t)b->d.priority_levels);
        b->lanes = NULL;
    }
    eb__free(a, b->stash, sizeof(eb_request *) * (size_t)b->d.priority_levels);
    b->stash = NULL;
    eb_limiter_destroy(b->admission);
    eb_limiter_destroy(b->inflight);
    b->admission = b->inflight = NULL;
    eb__mutex_destroy(&b->form_lock);
    eb__cond_destroy(&b->form_cond);
    eb__cond_destroy(&b->turn_cond);
}

EB__DEF eb_status eb_batcher_create(const eb_batcher_desc *desc, eb_batcher **out) {
    eb_batcher_desc d;
    eb_batcher *b;
    eb_status s;
    const eb_allocator *a;
    int i, j, slots = 0, started = 0;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_batcher_create: out is NULL");
    *out = NULL;
    if (!desc) return eb__fail(EB_INVALID_ARGUMENT, "eb_batcher_create: desc is NULL");
    if ((s = eb__batcher_resolve_desc(desc, &d)) != EB_OK) return s;
    b = (eb_batcher *)eb__alloc_zero(&d.allocator, sizeof *b, EMBEDBATCH_CACHELINE);
    if (!b) return eb__fail(EB_NOMEM, "eb_batcher_create: out of memory");
    b->d = d;
    a = &b->d.allocator;
    b->refs = 1;
    b->n_backends = d.backend ? 1 : d.n_backends;
    b->backends = (eb_backend **)eb__alloc(a, sizeof(eb_backend *) * (size_t)b->n_backends, sizeof(void *));
    for (i = 0; i < EB__WAIT_BUCKETS; i++) {
        eb__mutex_init(&b->buckets[i].m);
        eb__cond_init(&b->buckets[i].c);
    }
    eb__mutex_init(&b->form_lock);
    eb__cond_init(&b->form_cond);
    eb__cond_init(&b->turn_cond);
    if (!b->backends) { s = eb__fail(EB_NOMEM, "eb_batcher_create: out of memory"); goto fail; }
    b->ragged = 1;
    for (i = 0; i < b->n_backends; i++) {
        eb_backend *be = d.backend ? d.backend : d.backends[i];
        if (!be) { s = eb__fail(EB_INVALID_ARGUMENT, "batcher: backends[%d] is NULL", i); goto fail; }
        if (i > 0 && be->info.dim != b->dim) {
            s = eb__fail(EB_INVALID_ARGUMENT, "batcher: replica %d has dim %d, replica 0 has %d", i, be->info.dim, b->dim);
            goto fail;
        }
        b->backends[i] = be;
        b->dim = be->info.dim;
        if (!(be->info.flags & EB_BACKEND_RAGGED)) b->ragged = 0;
        if (be->info.max_tokens > 0 && (b->model_max_tokens == 0 || be->info.max_tokens < b->model_max_tokens))
            b->model_max_tokens = be->info.max_tokens;
        slots += be->info.max_concurrency;
    }
    if (b->d.oversize == EB_OVERSIZE_TRUNCATE)
        b->token_cap = b->model_max_tokens ? EB__MIN(b->model_max_tokens, b->d.max_batch_tokens) : b->d.max_batch_tokens;
    else
        b->token_cap = b->model_max_tokens ? b->model_max_tokens : (1 << 30);
    if (b->token_cap < 2) { s = eb__fail(EB_INVALID_ARGUMENT, "batcher: max_batch_tokens %d < 2", b->d.max_batch_tokens); goto fail; }
    if (b->backends[0]->vt->tokenize && b->d.oversize == EB_OVERSIZE_REJECT && !b->model_max_tokens) {
        s = eb__fail(EB_INVALID_ARGUMENT, "batcher: EB_OVERSIZE_REJECT needs a backend with max_tokens");
        goto fail;
    }
    if (!b->d.max_inflight_batches || b->d.max_inflight_batches > slots) b->d.max_inflight_batches = slots;

    {
        eb_limiter_desc ld;
        memset(&ld, 0, sizeof ld);
        ld.allocator = d.allocator;
        ld.permits = b->d.queue_capacity;
        if ((s = eb_limiter_create(&ld, &b->admission)) != EB_OK) goto fail;
        ld.permits = b->d.max_inflight_batches;
        if ((s = eb_limiter_create(&ld, &b->inflight)) != EB_OK) goto fail;
    }
    b->lanes = (eb_mpmc **)eb__alloc_zero(a, sizeof(eb_mpmc *) * (size_t)b->d.priority_levels, sizeof(void *));
    b->stash = (eb_request **)eb__alloc_zero(a, sizeof(eb_request *) * (size_t)b->d.priority_levels, sizeof(void *));
    if (!b->lanes || !b->stash) { s = eb__fail(EB_NOMEM, "eb_batcher_create: out of memory"); goto fail; }
    for (i = 0; i < b->d.priority_levels; i++) {
        eb_mpmc_desc qd;
        memset(&qd, 0, sizeof qd);
        qd.capacity = (size_t)b->d.queue_capacity;
        qd.allocator = d.allocator;
        if ((s = eb_mpmc_create(&qd, &b->lanes[i])) != EB_OK) goto fail;
    }
    b->n_workers = slots;
    b->workers = (eb__worker *)eb__alloc_zero(a, sizeof(eb__worker) * (size_t)slots, EMBEDBATCH_CACHELINE);
    if (!b->workers) { s = eb__fail(EB_NOMEM, "eb_batcher_create: out of memory"); goto fail; }
    for (i = 0, slots = 0; i < b->n_backends; i++) {
        for (j = 0; j < b->backends[i]->info.max_concurrency; j++, slots++) {
            eb__worker *w = &b->workers[slots];
            w->b = b;
            w->be = b->backends[i];
            w->slot = j;
            w->reqs = (eb_request **)eb__alloc(a, sizeof(eb_request *) * (size_t)b->d.max_batch_size, sizeof(void *));
            w->items = (eb_batch_item *)eb__alloc(a, sizeof(eb_batch_item) * (size_t)b->d.max_batch_size, sizeof(void *));
            w->out = (float *)eb__alloc(a, sizeof(float) * (size_t)b->d.max_batch_size * (size_t)b->dim, 64);
            if (!w->reqs || !w->items || !w->out) { s = eb__fail(EB_NOMEM, "eb_batcher_create: out of memory"); goto fail; }
        }
    }
    b->magic = EB__BATCHER_MAGIC;
    for (i = 0; i < b->n_workers; i++) {
        if (eb__thread_start(&b->workers[i].thread, eb__batcher_worker_main, &b->workers[i]) != 0) {
            s = eb__fail(EB_NOMEM, "eb_batcher_create: cannot start worker thread %d", i);
            break;
        }
        b->workers[i].started = 1;
        started++;
    }
    if (started < b->n_workers) {
        eb_batcher_shutdown(b);   /* joins the ones that started */
        goto fail;
    }
    *out = b;
    return EB_OK;
fail:
    b->magic = 0;
    eb__batcher_free_parts(b);
    eb__batcher_free_shell(b);
    return s;
}

EB__DEF void eb_batcher_shutdown(eb_batcher *b) {
    int i, zero = 0;
    if (!b) return;
    if (!eb__cas(&b->shutting_down, &zero, 1, EB__SEQ_CST, EB__SEQ_CST)) return;
    eb_limiter_close(b->admission);     /* blocked submitters leave with EB_SHUTDOWN */
    while (eb__load(&b->submitting, EB__SEQ_CST) > 0) eb__sleep_us(50);
    eb__mutex_lock(&b->form_lock);
    eb__store(&b->sealed, 1, EB__SEQ_CST);
    if (b->d.drain == EB_DRAIN_CANCEL) {
        /* resolve everything still queued; the former, if any, is parked and holds none of it */
        for (i = 0; i < b->d.priority_levels; i++) {
            void *p;
            if (b->stash[i]) {
                eb_request *r = b->stash[i];
                b->stash[i] = NULL;
                eb__request_resolve(r, EB_SHUTDOWN);
                eb__batcher_drop_entry(b, r);
            }
            while (eb_mpmc_try_pop(b->lanes[i], &p) == EB_OK) {
                eb__request_resolve((eb_request *)p, EB_SHUTDOWN);
                eb__batcher_drop_entry(b, (eb_request *)p);
            }
        }
    }
    eb__cond_broadcast(&b->form_cond);
    eb__mutex_unlock(&b->form_lock);
    for (i = 0; i < b->n_workers; i++)
        if (b->workers[i].started) { eb__thread_join(&b->workers[i].thread); b->workers[i].started = 0; }
}

EB__DEF void eb_batcher_destroy(eb_batcher *b) {
    if (!b || b->magic != EB__BATCHER_MAGIC) return;
    eb_batcher_shutdown(b);
    b->magic = EB__BATCHER_DEAD;
    eb__batcher_free_parts(b);
    eb__batcher_unref(b);
}

EB__DEF int eb_batcher_dim(const eb_batcher *b) { return b ? b->dim : 0; }

EB__DEF void eb_batcher_query_desc(const eb_batcher *b, eb_batcher_desc *out) {
    if (!out) return;
    if (!b) { memset(out, 0, sizeof *out); return; }
    *out = b->d;
}

/* ---- convenience calls ---------------------------------------------------------------------- */
EB__DEF eb_status eb_embed(eb_batcher *b, const char *text, float *out, int out_dim, int64_t timeout_us) {
    eb_request_desc rd;
    eb_request *r;
    eb_status s;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_embed: out is NULL");
    memset(&rd, 0, sizeof rd);
    rd.text = text;
    rd.out = out;
    rd.out_dim = out_dim;
    rd.timeout_us = timeout_us > 0 ? timeout_us : 0;
    r = eb_submit(b, &rd);
    if (!r) return b ? EB_NOMEM : EB_INVALID_ARGUMENT;
    s = eb_wait(r, timeout_us);
    if (s == EB_TIMEOUT && eb_request_status(r) == EB_PENDING) {
        /* out is the caller's: nothing may write to it after we return */
        if (!eb__request_resolve(r, EB_TIMEOUT)) s = eb_wait(r, EB_FOREVER);
    }
    if (s == EB_BACKEND_ERROR) eb__fail(s, "backend: %s", eb_backend_error(b->backends[0]));
    eb_request_free(r);
    return s;
}

EB__DEF eb_status eb_embed_many(eb_batcher *b, const char *const *texts, size_t n,
                                float *out, int out_dim, const eb_many_desc *desc) {
    eb_request **ring;
    size_t window, next = 0, done = 0;
    eb_status first = EB_OK;
    if (!b || (!texts && n) || (!out && n)) return eb__fail(EB_INVALID_ARGUMENT, "eb_embed_many: NULL argument");
    if (out_dim < b->dim) return eb__fail(EB_INVALID_ARGUMENT, "eb_embed_many: out_dim %d < dim %d", out_dim, b->dim);
    if (n == 0) return EB_OK;
    /* a window keeps memory bounded for huge inputs and leaves room for other callers */
    window = (size_t)(b->d.queue_capacity > 1 ? b->d.queue_capacity / 2 : 1);
    if (window > n) window = n;
    ring = (eb_request **)eb__alloc(&b->d.allocator, sizeof(eb_request *) * window, sizeof(void *));
    if (!ring) return eb__fail(EB_NOMEM, "eb_embed_many: out of memory");
    while (done < n) {
        eb_request *r;
        eb_status s;
        while (next < n && next - done < window) {
            eb_request_desc rd;
            memset(&rd, 0, sizeof rd);
            rd.text = texts[next];
            rd.len = desc && desc->lens ? desc->lens[next] : 0;
            rd.priority = desc ? desc->priority : 0;
            rd.timeout_us = desc ? desc->timeout_us : 0;
            rd.out = out + next * (size_t)out_dim;
            rd.out_dim = out_dim;
            if (rd.text && rd.len == 0 && desc && desc->lens) rd.text = "";  /* explicit empty */
            ring[next % window] = eb_submit(b, &rd);
            next++;
        }
        r = ring[done % window];
        s = r ? eb_wait(r, EB_FOREVER) : EB_NOMEM;
        if (r) eb_request_free(r);
        if (desc && desc->statuses) desc->statuses[done] = s;
        if (s != EB_OK && first == EB_OK) first = s;
        done++;
        if (desc && desc->on_progress) desc->on_progress(done, n, desc->user);
    }
    eb__free(&b->d.allocator, ring, sizeof(eb_request *) * window);
    return first;
}

/* ---- stats ------------------------------------------------------------------------------------ */
EB__DEF void eb_batcher_stats(const eb_batcher *b, eb_stats *out) {
    int i;
    if (!out) return;
    memset(out, 0, sizeof *out);
    if (!b) return;
    out->submitted = eb__load(&b->st_submitted, EB__RELAXED);
    for (i = 0; i < EB_STATUS_COUNT; i++) out->resolved[i] = eb__load(&b->st_resolved[i], EB__RELAXED);
    out->batches = eb__load(&b->st_batches, EB__RELAXED);
    out->batch_errors = eb__load(&b->st_batch_errors, EB__RELAXED);
    for (i = 0; i < EB_FLUSH_COUNT; i++) out->flushes[i] = eb__load(&b->st_flush[i], EB__RELAXED);
    out->purged = eb__load(&b->st_purged, EB__RELAXED);
    out->truncated = eb__load(&b->st_truncated, EB__RELAXED);
    out->queue_depth = eb__load(&b->queued, EB__RELAXED);
    out->inflight_batches = eb__load(&b->st_inflight, EB__RELAXED);
    eb__hist_summary(&b->h_batch_size, &out->batch_size);
    eb__hist_summary(&b->h_batch_tokens, &out->batch_tokens);
    eb__hist_summary(&b->h_queue_wait, &out->queue_wait_us);
    eb__hist_summary(&b->h_backend, &out->backend_us);
    eb__hist_summary(&b->h_latency, &out->latency_us);
}

EB__FN const char *eb__status_label(int s) {
    static const char *const names[EB_STATUS_COUNT] = {
        "ok", "timeout", "cancelled", "shutdown", "full", "empty", "closed", "busy", "backend_error",
        "invalid_input", "invalid_argument", "nomem", "unavailable", "io_error", "format_error", "pending"};
    return names[s];
}

EB__DEF size_t eb_batcher_prometheus(const eb_batcher *b, char *buf, size_t cap) {
    static const char *const reasons[EB_FLUSH_COUNT] = {
        "full_requests", "full_tokens", "window_expired", "backend_idle", "shutdown"};
    eb__textbuf t;
    int i;
    t.buf = buf;
    t.cap = buf ? cap : 0;
    t.len = 0;
    if (buf && cap) buf[0] = 0;
    if (!b) return 0;
    eb__tb_printf(&t, "# HELP eb_requests_submitted_total Requests handed to eb_submit.\n"
                      "# TYPE eb_requests_submitted_total counter\neb_requests_submitted_total %llu\n",
                  (unsigned long long)eb__load(&b->st_submitted, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_requests_total Resolved requests by final status.\n# TYPE eb_requests_total counter\n");
    for (i = 0; i < EB_STATUS_COUNT; i++)
        if (i != EB_PENDING)
            eb__tb_printf(&t, "eb_requests_total{status=\"%s\"} %llu\n", eb__status_label(i),
                          (unsigned long long)eb__load(&b->st_resolved[i], EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_batches_total Batches run by the backends.\n# TYPE eb_batches_total counter\n"
                      "eb_batches_total %llu\n", (unsigned long long)eb__load(&b->st_batches, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_batch_errors_total Batches the backend failed.\n# TYPE eb_batch_errors_total counter\n"
                      "eb_batch_errors_total %llu\n", (unsigned long long)eb__load(&b->st_batch_errors, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_batch_flush_total Why each batch was closed.\n# TYPE eb_batch_flush_total counter\n");
    for (i = 0; i < EB_FLUSH_COUNT; i++)
        eb__tb_printf(&t, "eb_batch_flush_total{reason=\"%s\"} %llu\n", reasons[i],
                      (unsigned long long)eb__load(&b->st_flush[i], EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_requests_purged_total Expired or cancelled requests dropped before running.\n"
                      "# TYPE eb_requests_purged_total counter\neb_requests_purged_total %llu\n",
                  (unsigned long long)eb__load(&b->st_purged, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_requests_truncated_total Texts cut to the batch token budget.\n"
                      "# TYPE eb_requests_truncated_total counter\neb_requests_truncated_total %llu\n",
                  (unsigned long long)eb__load(&b->st_truncated, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_queue_depth Requests waiting for a batch.\n# TYPE eb_queue_depth gauge\n"
                      "eb_queue_depth %lld\n", (long long)eb__load(&b->queued, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_inflight_batches Batches running in backends now.\n# TYPE eb_inflight_batches gauge\n"
                      "eb_inflight_batches %lld\n", (long long)eb__load(&b->st_inflight, EB__RELAXED));
    eb__hist_prometheus(&t, &b->h_batch_size, "eb_batch_size", "Requests per batch.", 1.0);
    eb__hist_prometheus(&t, &b->h_batch_tokens, "eb_batch_tokens", "Token cost per batch.", 1.0);
    eb__hist_prometheus(&t, &b->h_queue_wait, "eb_queue_wait_seconds", "Submit to batch start.", 1e-6);
    eb__hist_prometheus(&t, &b->h_backend, "eb_backend_duration_seconds", "Backend embed() call time.", 1e-6);
    eb__hist_prometheus(&t, &b->h_latency, "eb_request_duration_seconds", "Submit to final status.", 1e-6);
    return t.len;
}
