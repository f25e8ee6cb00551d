/* =====================================================================================
 *  BACKEND
 *  The wrapper every backend lives in (user backends included), and the echo TEST
 *  backend. A backend without EB_BACKEND_THREAD_SAFE runs one batch at a time behind
 *  run_lock: one lock acquisition per batch, never per request.
 * ===================================================================================== */
struct eb_backend {
    const eb_backend_vt *vt;
    void *self;
    eb_backend_info info;          /* read once at creation */
    eb__mutex run_lock;            /* serialises embed() for non-thread-safe backends */
    eb__mutex err_lock;
    char error[256];
};

static EB__THREAD_LOCAL char eb__backend_err_copy[256];

EB__DEF eb_status eb_backend_create(const eb_backend_vt *vt, void *self, eb_backend **out) {
    eb_backend *be;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_create: out is NULL");
    *out = NULL;
    if (!vt || !vt->info || !vt->embed)
        return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_create: vt needs info and embed");
    be = (eb_backend *)calloc(1, sizeof *be);
    if (!be) return eb__fail(EB_NOMEM, "eb_backend_create: out of memory");
    be->vt = vt;
    be->self = self;
    vt->info(self, &be->info);
    if (!be->info.name) be->info.name = "unnamed";
    if (be->info.dim <= 0) {
        int dim = be->info.dim;
        free(be);
        return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_create: backend reports dim %d", dim);
    }
    if (be->info.max_concurrency <= 0 || !(be->info.flags & EB_BACKEND_THREAD_SAFE))
        be->info.max_concurrency = 1;
    if (be->info.max_tokens < 0) be->info.max_tokens = 0;
    eb__mutex_init(&be->run_lock);
    eb__mutex_init(&be->err_lock);
    *out = be;
    return EB_OK;
}

EB__DEF void eb_backend_destroy(eb_backend *be) {
    if (!be) return;
    if (be->vt->destroy) be->vt->destroy(be->self);
    eb__mutex_destroy(&be->run_lock);
    eb__mutex_destroy(&be->err_lock);
    free(be);
}

EB__DEF void eb_backend_get_info(const eb_backend *be, eb_backend_info *out) {
    if (!out) return;
    if (!be) { memset(out, 0, sizeof *out); return; }
    *out = be->info;
}

/* Copied into a thread-local buffer so a concurrent failure cannot tear the string. */
EB__DEF const char *eb_backend_error(const eb_backend *be) {
    eb_backend *m = (eb_backend *)be;
    if (!be) return "";
    eb__mutex_lock(&m->err_lock);
    memcpy(eb__backend_err_copy, m->error, sizeof eb__backend_err_copy);
    eb__mutex_unlock(&m->err_lock);
    return eb__backend_err_copy;
}

EB__FN void eb__backend_set_error(eb_backend *be, const char *msg) {
    eb__mutex_lock(&be->err_lock);
    snprintf(be->error, sizeof be->error, "%s", msg);
    eb__mutex_unlock(&be->err_lock);
}

/* Token count (and ids) for a text, capped at max_ids. Backends without a tokenizer are
   charged the echo estimate, 2 + ceil(len / 4). */
EB__FN int eb__backend_tokenize(eb_backend *be, const char *text, size_t len, int32_t *ids, int max_ids) {
    if (be->vt->tokenize) return be->vt->tokenize(be->self, text, len, ids, max_ids);
    {
        size_t n = 2 + (len + 3) / 4;
        return (int)(n > (size_t)max_ids ? (size_t)max_ids : n);
    }
}

/* One call into the backend: the lock is taken once for the whole batch. */
EB__FN eb_status eb__backend_run(eb_backend *be, const eb_batch *batch, float *out) {
    eb_status s;
    int locked = !(be->info.flags & EB_BACKEND_THREAD_SAFE);
    if (locked) eb__mutex_lock(&be->run_lock);
    s = be->vt->embed(be->self, batch, out);
    if (locked) eb__mutex_unlock(&be->run_lock);
    if (s != EB_OK) eb__backend_set_error(be, batch->error && batch->error[0] ? batch->error : eb_status_str(s));
    return s;
}

EB__DEF eb_status eb_backend_embed(eb_backend *be, const char *const *texts, const size_t *lens,
                                   int n, float *out, int out_dim) {
    eb_batch_item *items;
    int32_t *ids;
    float *tmp;
    char err[256];
    eb_batch batch;
    eb_status s = EB_OK;
    int i, cap, dim;
    if (!be || !texts || !out || n < 0) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_embed: NULL argument");
    dim = be->info.dim;
    if (out_dim < dim) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_embed: out_dim %d < dim %d", out_dim, dim);
    if (n == 0) return EB_OK;
    cap = be->info.max_tokens > 0 ? be->info.max_tokens : 1 << 20;
    items = (eb_batch_item *)calloc((size_t)n, sizeof *items);
    ids = be->vt->tokenize && be->info.max_tokens > 0
              ? (int32_t *)malloc(eb__mul_size((size_t)n, (size_t)cap * sizeof(int32_t))) : NULL;
    tmp = (float *)malloc(eb__mul_size((size_t)n, (size_t)dim * sizeof(float)));
    if (!items || !tmp || (be->vt->tokenize && be->info.max_tokens > 0 && !ids)) {
        free(items); free(ids); free(tmp);
        return eb__fail(EB_NOMEM, "eb_backend_embed: out of memory");
    }
    for (i = 0; i < n && s == EB_OK; i++) {
        size_t len;
        if (!texts[i]) { s = eb__fail(EB_INVALID_INPUT, "eb_backend_embed: text %d is NULL", i); break; }
        len = lens ? lens[i] : strlen(texts[i]);
        items[i].text = texts[i];
        items[i].len = len;
        items[i].ids = ids ? ids + (size_t)i * (size_t)cap : NULL;
        items[i].n_tokens = eb__backend_tokenize(be, texts[i], len, ids ? ids + (size_t)i * (size_t)cap : NULL, cap);
        if (items[i].n_tokens < 0) s = eb__fail(EB_INVALID_INPUT, "eb_backend_embed: text %d rejected by the tokenizer", i);
    }
    if (s == EB_OK) {
        err[0] = 0;
        batch.n = n; batch.items = items; batch.dim = dim; batch.slot = 0;
        batch.error = err; batch.error_cap = sizeof err;
        s = eb__backend_run(be, &batch, tmp);
        if (s == EB_OK) {
            for (i = 0; i < n; i++) memcpy(out + (size_t)i * (size_t)out_dim, tmp + (size_t)i * (size_t)dim, (size_t)dim * sizeof(float));
        } else {
            s = eb__fail(s, "%s", err[0] ? err : eb_status_str(s));
        }
    }
    free(items); free(ids); free(tmp);
    return s;
}

/* ---- echo: deterministic unit vectors from text bytes (a TEST backend) ---------------- */
typedef struct eb__echo {
    eb_echo_desc d;
    uint64_t calls;                 /* atomic */
} eb__echo;

EB__DEF void eb_echo_vector(const char *text, size_t len, float *out, int dim) {
    uint64_t st = eb__fnv1a64(text ? text : "", text ? len : 0);
    double norm = 0;
    int i;
    for (i = 0; i < dim; i++) {
        /* top 24 bits -> uniform in [-1, 1): exact in float, same on every platform */
        float v = (float)((int32_t)(eb__splitmix64(&st) >> 40) - (1 << 23)) / (float)(1 << 23);
        out[i] = v;
        norm += (double)v * v;
    }
    norm = sqrt(norm);
    if (norm > 0)
        for (i = 0; i < dim; i++) out[i] = (float)(out[i] / norm);
}

EB__FN void eb__echo_info(void *self, eb_backend_info *out) {
    eb__echo *e = (eb__echo *)self;
    memset(out, 0, sizeof *out);
    out->name = "echo (test backend)";
    out->flags = (e->d.padded ? 0u : (unsigned)EB_BACKEND_RAGGED) | (e->d.thread_safe ? (unsigned)EB_BACKEND_THREAD_SAFE : 0u);
    out->dim = e->d.dim;
    out->max_tokens = e->d.max_tokens;
    out->max_concurrency = e->d.max_concurrency;
}

EB__FN int eb__echo_tokenize(void *self, const char *text, size_t len, int32_t *ids, int max_ids) {
    size_t n, i;
    (void)self;
    if (!text || max_ids < 2) return -1;
    n = 2 + (len + 3) / 4;
    if (n > (size_t)max_ids) n = (size_t)max_ids;
    if (ids) {
        /* stand-in ids: 1 = start, 2 = end, chunk hashes between */
        ids[0] = 1;
        for (i = 1; i + 1 < n; i++) {
            size_t off = (i - 1) * 4;
            ids[i] = 3 + (int32_t)(eb__fnv1a64(text + off, EB__MIN((size_t)4, len - off)) % 30000);
        }
        ids[n - 1] = 2;
    }
    return (int)n;
}

EB__FN void eb__echo_delay(const eb__echo *e, int64_t us) {
    int64_t end;
    if (us <= 0) return;
    if (!e->d.spin) { eb__sleep_us(us); return; }
    end = eb__now_ns() + us * 1000;
    while (eb__now_ns() < end) eb__cpu_relax();
}

EB__FN eb_status eb__echo_embed(void *self, const eb_batch *batch, float *out) {
    eb__echo *e = (eb__echo *)self;
    uint64_t call = eb__fetch_add(&e->calls, 1, EB__RELAXED) + 1;
    int i, fail = 0;
    eb__echo_delay(e, e->d.call_latency_us + e->d.item_latency_us * batch->n);
    if (e->d.fail_every_n > 0 && call % (uint64_t)e->d.fail_every_n == 0) fail = 1;
    if (e->d.fail_probability > 0) {
        uint64_t st = e->d.seed ^ (call * 0x9E3779B97F4A7C15ull);
        double u = (double)(eb__splitmix64(&st) >> 11) / 9007199254740992.0;
        if (u < e->d.fail_probability) fail = 1;
    }
    if (fail) {
        if (batch->error && batch->error_cap)
            snprintf(batch->error, batch->error_cap, "echo: injected failure on call %llu", (unsigned long long)call);
        return EB_BACKEND_ERROR;
    }
    for (i = 0; i < batch->n; i++)
        eb_echo_vector(batch->items[i].text, batch->items[i].len, out + (size_t)i * (size_t)batch->dim, batch->dim);
    return EB_OK;
}

EB__FN void eb__echo_destroy(void *self) { free(self); }

static const eb_backend_vt eb__echo_vt = {
    eb__echo_info, eb__echo_tokenize, eb__echo_embed, eb__echo_destroy
};

EB__DEF eb_status eb_backend_echo(const eb_echo_desc *desc, eb_backend **out) {
    eb__echo *e;
    eb_status s;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_echo: out is NULL");
    *out = NULL;
    if (desc) {
        if (desc->dim < 0 || desc->dim > (1 << 16)) return eb__fail(EB_INVALID_ARGUMENT, "echo: dim %d out of range", desc->dim);
        if (desc->call_latency_us < 0 || desc->item_latency_us < 0 || desc->fail_every_n < 0 ||
            desc->max_concurrency < 0 || desc->max_tokens < 0 ||
            !(desc->fail_probability >= 0 && desc->fail_probability <= 1))
            return eb__fail(EB_INVALID_ARGUMENT, "echo: negative or out-of-range desc value");
        if (desc->max_tokens == 1) return eb__fail(EB_INVALID_ARGUMENT, "echo: max_tokens must be >= 2");
    }
    e = (eb__echo *)calloc(1, sizeof *e);
    if (!e) return eb__fail(EB_NOMEM, "echo: out of memory");
    if (desc) e->d = *desc;
    if (!e->d.dim) e->d.dim = 384;
    if (!e->d.max_tokens) e->d.max_tokens = 512;
    if (!e->d.max_concurrency) e->d.max_concurrency = 1;
    s = eb_backend_create(&eb__echo_vt, e, out);
    if (s != EB_OK) free(e);
    return s;
}
