/* =====================================================================================
 *  CPU BACKEND
 *  A model folder + the BERT encoder + a thread pool behind the backend vtable. Each
 *  concurrent slot owns a pool and a forward context (scratch), so max_concurrency slots
 *  run batches side by side without sharing mutable state; the weights are shared.
 * ===================================================================================== */
typedef struct eb__cpu_slot {
    eb__pool *pool;
    eb__bert_ctx *ctx;
    const int32_t **ids;      /* per-batch views into the batch items */
    int *lens;
    int32_t *own_ids;         /* for items that arrive without ids */
    size_t cap;
} eb__cpu_slot;

typedef struct eb__cpu {
    eb__model model;
    eb__bert *bert;
    const eb__kernels *k;
    eb_cpu_mode mode;
    int n_slots;
    eb__cpu_slot *slots;
    eb_allocator alloc;
    char name[48];
} eb__cpu;

EB__FN void eb__cpu_destroy(void *self) {
    eb__cpu *c = (eb__cpu *)self;
    int i;
    if (!c) return;
    if (c->slots) {
        for (i = 0; i < c->n_slots; i++) {
            eb__cpu_slot *sl = &c->slots[i];
            if (sl->ctx) eb__bert_ctx_destroy(sl->ctx);
            if (sl->pool) eb__pool_destroy(sl->pool);
            eb__free(&c->alloc, (void *)sl->ids, sl->cap * sizeof(*sl->ids));
            eb__free(&c->alloc, sl->lens, sl->cap * sizeof(int));
            eb__free(&c->alloc, sl->own_ids, sl->cap * (size_t)c->model.max_seq_len * sizeof(int32_t));
        }
        eb__free(&c->alloc, c->slots, sizeof(eb__cpu_slot) * (size_t)c->n_slots);
    }
    if (c->bert) eb__bert_free(c->bert);
    eb__model_close(&c->model);
    {
        eb_allocator a = c->alloc;
        eb__free(&a, c, sizeof *c);
    }
}

EB__FN void eb__cpu_info(void *self, eb_backend_info *out) {
    eb__cpu *c = (eb__cpu *)self;
    memset(out, 0, sizeof *out);
    out->name = c->name;
    out->flags = (unsigned)EB_BACKEND_RAGGED | (c->n_slots > 1 ? (unsigned)EB_BACKEND_THREAD_SAFE : 0u);
    out->dim = c->model.cfg.hidden;
    out->max_tokens = c->model.max_seq_len;
    out->max_concurrency = c->n_slots;
}

EB__FN int eb__cpu_tokenize(void *self, const char *text, size_t len, int32_t *ids, int max_ids) {
    eb__cpu *c = (eb__cpu *)self;
    if (max_ids > c->model.max_seq_len) max_ids = c->model.max_seq_len;
    return eb__tokenizer_encode(c->model.tok, text, len, ids, max_ids);
}

EB__FN eb_status eb__cpu_slot_reserve(eb__cpu *c, eb__cpu_slot *sl, size_t n) {
    const int32_t **ids;
    int *lens;
    int32_t *own;
    size_t cap;
    if (n <= sl->cap) return EB_OK;
    cap = EB__MAX(n, 2 * sl->cap);
    ids = (const int32_t **)eb__alloc(&c->alloc, cap * sizeof(*ids), sizeof(void *));
    lens = (int *)eb__alloc(&c->alloc, cap * sizeof(int), sizeof(int));
    own = (int32_t *)eb__alloc(&c->alloc, cap * (size_t)c->model.max_seq_len * sizeof(int32_t), 64);
    if (!ids || !lens || !own) {
        eb__free(&c->alloc, (void *)ids, cap * sizeof(*ids));
        eb__free(&c->alloc, lens, cap * sizeof(int));
        eb__free(&c->alloc, own, cap * (size_t)c->model.max_seq_len * sizeof(int32_t));
        return eb__fail(EB_NOMEM, "cpu backend: out of memory for a batch of %zu", n);
    }
    eb__free(&c->alloc, (void *)sl->ids, sl->cap * sizeof(*sl->ids));
    eb__free(&c->alloc, sl->lens, sl->cap * sizeof(int));
    eb__free(&c->alloc, sl->own_ids, sl->cap * (size_t)c->model.max_seq_len * sizeof(int32_t));
    sl->ids = ids;
    sl->lens = lens;
    sl->own_ids = own;
    sl->cap = cap;
    return EB_OK;
}

EB__FN eb_status eb__cpu_embed(void *self, const eb_batch *batch, float *out) {
    eb__cpu *c = (eb__cpu *)self;
    eb__cpu_slot *sl;
    eb_status s;
    int i;
    if (batch->slot < 0 || batch->slot >= c->n_slots) {
        snprintf(batch->error, batch->error_cap, "cpu backend: slot %d outside 0..%d", batch->slot, c->n_slots - 1);
        return EB_BACKEND_ERROR;
    }
    if (batch->dim != c->model.cfg.hidden) {
        snprintf(batch->error, batch->error_cap, "cpu backend: batch dim %d, model dim %d", batch->dim, c->model.cfg.hidden);
        return EB_BACKEND_ERROR;
    }
    sl = &c->slots[batch->slot];
    if ((s = eb__cpu_slot_reserve(c, sl, (size_t)batch->n)) != EB_OK) {
        snprintf(batch->error, batch->error_cap, "%s", eb_last_error());
        return s;
    }
    for (i = 0; i < batch->n; i++) {
        const eb_batch_item *it = &batch->items[i];
        if (it->ids && it->n_tokens >= 2 && it->n_tokens <= c->model.max_seq_len) {
            sl->ids[i] = it->ids;
            sl->lens[i] = it->n_tokens;
        } else {   /* a caller that bypassed tokenize: do it here */
            int32_t *dst = sl->own_ids + (size_t)i * (size_t)c->model.max_seq_len;
            int n = eb__tokenizer_encode(c->model.tok, it->text ? it->text : "", it->text ? it->len : 0,
                                         dst, c->model.max_seq_len);
            if (n < 2) {
                snprintf(batch->error, batch->error_cap, "cpu backend: item %d could not be tokenized", i);
                return EB_BACKEND_ERROR;
            }
            sl->ids[i] = dst;
            sl->lens[i] = n;
        }
    }
    s = eb__bert_forward(sl->ctx, sl->ids, sl->lens, batch->n, c->mode, out);
    if (s != EB_OK) snprintf(batch->error, batch->error_cap, "%s", eb_last_error());
    return s;
}

static const eb_backend_vt eb__cpu_vt = { eb__cpu_info, eb__cpu_tokenize, eb__cpu_embed, eb__cpu_destroy };

EB__DEF eb_status eb_backend_cpu(const eb_cpu_desc *desc, eb_backend **out) {
    eb__cpu *c;
    eb_status s;
    int threads, i, per_slot;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_cpu: out is NULL");
    *out = NULL;
    if (!desc) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_cpu: desc is NULL");
    if (!eb__allocator_valid(&desc->allocator))
        return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_cpu: allocator needs both alloc and free, or neither");
    if (desc->threads < 0 || desc->threads > 4096) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_cpu: threads %d out of range", desc->threads);
    if (desc->max_concurrency < 0 || desc->max_concurrency > 256)
        return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_cpu: max_concurrency %d out of range", desc->max_concurrency);
    if ((unsigned)desc->mode > (unsigned)EB_CPU_THROUGHPUT) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_cpu: bad mode");
    c = (eb__cpu *)eb__alloc_zero(&desc->allocator, sizeof *c, 64);
    if (!c) return eb__fail(EB_NOMEM, "eb_backend_cpu: out of memory");
    c->alloc = desc->allocator;
    c->mode = desc->mode;
    if ((s = eb__kernels_select(desc->isa, &c->k)) != EB_OK) goto fail;
    if ((s = eb__model_open(desc->model_dir, desc->max_seq_len, &c->alloc, &c->model)) != EB_OK) goto fail;
    if ((s = eb__bert_load(&c->model.cfg, c->k, eb__model_tensor, &c->model, &c->alloc, &c->bert)) != EB_OK) goto fail;
    threads = desc->threads ? desc->threads : eb__num_cpus();
    c->n_slots = desc->max_concurrency ? desc->max_concurrency : 1;
    if (c->n_slots > threads) c->n_slots = threads;
    per_slot = threads / c->n_slots;
    c->slots = (eb__cpu_slot *)eb__alloc_zero(&c->alloc, sizeof(eb__cpu_slot) * (size_t)c->n_slots, 64);
    if (!c->slots) { s = eb__fail(EB_NOMEM, "eb_backend_cpu: out of memory"); goto fail; }
    for (i = 0; i < c->n_slots; i++) {
        eb__cpu_slot *sl = &c->slots[i];
        int n = per_slot + (i < threads % c->n_slots ? 1 : 0);
        if (n > 1 && (s = eb__pool_create(n, &c->alloc, &sl->pool)) != EB_OK) goto fail;
        if ((s = eb__bert_ctx_create(c->bert, sl->pool, 0, &sl->ctx)) != EB_OK) goto fail;
    }
    snprintf(c->name, sizeof c->name, "cpu (%s, %d threads)", c->k->name, threads);
    if ((s = eb_backend_create(&eb__cpu_vt, c, out)) != EB_OK) goto fail;
    return EB_OK;
fail:
    {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", eb_last_error());
        eb__cpu_destroy(c);
        return eb__fail(s, "%s", msg);
    }
}
