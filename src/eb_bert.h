/* =====================================================================================
 *  BERT
 *  Post-LN BERT encoder over packed (ragged) batches: the linear layers run over the
 *  concatenated tokens of all sequences, attention runs per sequence and head, positions
 *  restart at 0 in each sequence, token type is 0. Then mean or CLS pooling and optional L2
 *  normalisation. Weights come through a callback by Hugging Face name, so this section does
 *  not depend on any file format; they are packed for the chosen kernel set at load.
 *
 *  eb__bert (weights) is immutable after load and may be shared; an eb__bert_ctx holds the
 *  scratch (grown on demand, reused across calls) and an optional thread pool, and serves one
 *  forward at a time. Results are bitwise identical across modes, thread counts and batch
 *  compositions for a given kernel set (see eb__gemm_run).
 * ===================================================================================== */
typedef enum eb__pooling { EB__POOLING_MEAN = 0, EB__POOLING_CLS = 1 } eb__pooling;

typedef struct eb__bert_config {
    int n_layers, hidden, n_heads, ffn, vocab, max_pos, type_vocab;
    float ln_eps;          /* 0 means 1e-12 */
    eb__pooling pooling;
    int normalize;         /* L2-normalise the pooled vector */
} eb__bert_config;

/* Fills out (fp32, row-major) with the tensor called name, which must have the given shape;
   returns EB_OK or an error status (with eb__fail detail). */
typedef eb_status (*eb__tensor_fn)(void *user, const char *name, const int64_t *shape, int ndim, float *out);

typedef struct eb__bert_layer {
    eb__pw qkv, attn_out, up, down;   /* [3H, H], [H, H], [F, H], [H, F] */
    float *ln1_g, *ln1_b, *ln2_g, *ln2_b;
} eb__bert_layer;

typedef struct eb__bert {
    eb__bert_config cfg;
    const eb__kernels *k;
    eb_allocator alloc;
    float *word, *pos, *type;   /* [vocab, H], [max_pos, H], [type_vocab, H] */
    float *emb_g, *emb_b;
    eb__bert_layer *layers;
} eb__bert;

EB__FN eb_status eb__bert_check_config(const eb__bert_config *c) {
    if (c->n_layers < 1 || c->n_layers > 256) return eb__fail(EB_FORMAT_ERROR, "bert: %d layers is out of range", c->n_layers);
    if (c->hidden < 1 || c->hidden > 16384 || c->n_heads < 1 || c->hidden % c->n_heads)
        return eb__fail(EB_FORMAT_ERROR, "bert: hidden %d with %d heads is not supported", c->hidden, c->n_heads);
    if (c->ffn < 1 || c->ffn > 65536) return eb__fail(EB_FORMAT_ERROR, "bert: intermediate size %d is out of range", c->ffn);
    if (c->vocab < 1 || c->vocab > 4000000) return eb__fail(EB_FORMAT_ERROR, "bert: vocab size %d is out of range", c->vocab);
    if (c->max_pos < 1 || c->max_pos > 65536) return eb__fail(EB_FORMAT_ERROR, "bert: max positions %d is out of range", c->max_pos);
    if (c->type_vocab < 1 || c->type_vocab > 1024) return eb__fail(EB_FORMAT_ERROR, "bert: type vocab %d is out of range", c->type_vocab);
    if (!(c->ln_eps >= 0.0f && c->ln_eps < 1.0f)) return eb__fail(EB_FORMAT_ERROR, "bert: layer norm eps is out of range");
    if (c->pooling != EB__POOLING_MEAN && c->pooling != EB__POOLING_CLS) return eb__fail(EB_FORMAT_ERROR, "bert: unknown pooling");
    return EB_OK;
}

EB__FN void eb__bert_free(eb__bert *m) {
    const size_t H = m ? (size_t)m->cfg.hidden : 0;
    int l;
    if (!m) return;
    if (m->layers) {
        for (l = 0; l < m->cfg.n_layers; l++) {
            eb__bert_layer *L = &m->layers[l];
            eb__pw_free(&L->qkv, &m->alloc); eb__pw_free(&L->attn_out, &m->alloc);
            eb__pw_free(&L->up, &m->alloc); eb__pw_free(&L->down, &m->alloc);
            eb__free(&m->alloc, L->ln1_g, 4 * H * sizeof(float));  /* one block for all four */
        }
        eb__free(&m->alloc, m->layers, sizeof(eb__bert_layer) * (size_t)m->cfg.n_layers);
    }
    eb__free(&m->alloc, m->word, (size_t)m->cfg.vocab * H * sizeof(float));
    eb__free(&m->alloc, m->pos, (size_t)m->cfg.max_pos * H * sizeof(float));
    eb__free(&m->alloc, m->type, (size_t)m->cfg.type_vocab * H * sizeof(float));
    eb__free(&m->alloc, m->emb_g, 2 * H * sizeof(float));
    {
        eb_allocator a = m->alloc;
        eb__free(&a, m, sizeof *m);
    }
}

typedef struct eb__bert_loader {
    eb__tensor_fn get;
    void *user;
    char name[160];
} eb__bert_loader;

/* Fetches a tensor of shape [d0] (d1 == 0) or [d0, d1]; fmt may hold one %d (the layer). */
EB__FN eb_status eb__bert_fetch(eb__bert_loader *ld, float *out, const char *fmt, int layer, int64_t d0, int64_t d1) {
    int64_t shape[2];
    eb_status s;
    shape[0] = d0; shape[1] = d1;
    snprintf(ld->name, sizeof ld->name, fmt, layer);
    eb__error_buf[0] = '\0';
    s = ld->get(ld->user, ld->name, shape, d1 ? 2 : 1, out);
    if (s != EB_OK && !eb__error_buf[0]) return eb__fail(s, "bert: cannot read tensor %s", ld->name);
    return s;
}

EB__FN eb_status eb__bert_load_layer(eb__bert *m, eb__bert_loader *ld, int l, float *tmp, float *tmpb) {
    const int H = m->cfg.hidden, F = m->cfg.ffn, nr = m->k->nr;
    const size_t HH = (size_t)H * H;
    eb__bert_layer *L = &m->layers[l];
    eb_status s;
    float *ln = (float *)eb__alloc(&m->alloc, 4 * (size_t)H * sizeof(float), 64);
    if (!ln) return eb__fail(EB_NOMEM, "bert: out of memory");
    L->ln1_g = ln; L->ln1_b = ln + H; L->ln2_g = ln + 2 * H; L->ln2_b = ln + 3 * H;
#define EB__GET(dst, fmt, d0, d1) if ((s = eb__bert_fetch(ld, (dst), (fmt), l, (d0), (d1))) != EB_OK) return s
    /* Q, K and V stacked into one [3H, H] weight: one GEMM instead of three. */
    EB__GET(tmp, "encoder.layer.%d.attention.self.query.weight", H, H);
    EB__GET(tmp + HH, "encoder.layer.%d.attention.self.key.weight", H, H);
    EB__GET(tmp + 2 * HH, "encoder.layer.%d.attention.self.value.weight", H, H);
    EB__GET(tmpb, "encoder.layer.%d.attention.self.query.bias", H, 0);
    EB__GET(tmpb + H, "encoder.layer.%d.attention.self.key.bias", H, 0);
    EB__GET(tmpb + 2 * H, "encoder.layer.%d.attention.self.value.bias", H, 0);
    if ((s = eb__pw_pack(&L->qkv, tmp, tmpb, 3 * H, H, nr, &m->alloc)) != EB_OK) return s;
    EB__GET(tmp, "encoder.layer.%d.attention.output.dense.weight", H, H);
    EB__GET(tmpb, "encoder.layer.%d.attention.output.dense.bias", H, 0);
    if ((s = eb__pw_pack(&L->attn_out, tmp, tmpb, H, H, nr, &m->alloc)) != EB_OK) return s;
    EB__GET(L->ln1_g, "encoder.layer.%d.attention.output.LayerNorm.weight", H, 0);
    EB__GET(L->ln1_b, "encoder.layer.%d.attention.output.LayerNorm.bias", H, 0);
    EB__GET(tmp, "encoder.layer.%d.intermediate.dense.weight", F, H);
    EB__GET(tmpb, "encoder.layer.%d.intermediate.dense.bias", F, 0);
    if ((s = eb__pw_pack(&L->up, tmp, tmpb, F, H, nr, &m->alloc)) != EB_OK) return s;
    EB__GET(tmp, "encoder.layer.%d.output.dense.weight", H, F);
    EB__GET(tmpb, "encoder.layer.%d.output.dense.bias", H, 0);
    if ((s = eb__pw_pack(&L->down, tmp, tmpb, H, F, nr, &m->alloc)) != EB_OK) return s;
    EB__GET(L->ln2_g, "encoder.layer.%d.output.LayerNorm.weight", H, 0);
    EB__GET(L->ln2_b, "encoder.layer.%d.output.LayerNorm.bias", H, 0);
#undef EB__GET
    return EB_OK;
}

/* Loads and packs a model for kernel set k (NULL: the best this CPU has). */
EB__FN eb_status eb__bert_load(const eb__bert_config *cfg, const eb__kernels *k, eb__tensor_fn get, void *user,
                               const eb_allocator *alloc, eb__bert **out) {
    eb__bert *m;
    eb__bert_loader ld;
    eb_allocator a;
    eb_status s;
    size_t H, big, tmp_floats;
    float *tmp = NULL, *tmpb = NULL;
    int l;
    *out = NULL;
    memset(&a, 0, sizeof a);
    if (alloc) a = *alloc;
    if (!cfg || !get) return eb__fail(EB_INVALID_ARGUMENT, "bert: config and tensor callback are required");
    if (!eb__allocator_valid(&a)) return eb__fail(EB_INVALID_ARGUMENT, "allocator needs both alloc and free");
    if ((s = eb__bert_check_config(cfg)) != EB_OK) return s;
    m = (eb__bert *)eb__alloc_zero(&a, sizeof *m, 64);
    if (!m) return eb__fail(EB_NOMEM, "bert: out of memory");
    m->cfg = *cfg;
    if (m->cfg.ln_eps == 0.0f) m->cfg.ln_eps = 1e-12f;
    m->k = k ? k : eb__kernels_best();
    m->alloc = a;
    ld.get = get; ld.user = user;
    H = (size_t)cfg->hidden;
    big = EB__MAX((size_t)3 * H * H, (size_t)cfg->ffn * H);
    tmp_floats = big + EB__MAX((size_t)3 * H, (size_t)cfg->ffn);
    m->word = (float *)eb__alloc(&a, (size_t)cfg->vocab * H * sizeof(float), 64);
    m->pos = (float *)eb__alloc(&a, (size_t)cfg->max_pos * H * sizeof(float), 64);
    m->type = (float *)eb__alloc(&a, (size_t)cfg->type_vocab * H * sizeof(float), 64);
    m->emb_g = (float *)eb__alloc(&a, 2 * H * sizeof(float), 64);
    m->layers = (eb__bert_layer *)eb__alloc_zero(&a, sizeof(eb__bert_layer) * (size_t)cfg->n_layers, 64);
    tmp = (float *)eb__alloc(&a, tmp_floats * sizeof(float), 64);
    if (!m->word || !m->pos || !m->type || !m->emb_g || !m->layers || !tmp) {
        s = eb__fail(EB_NOMEM, "bert: out of memory for weights");
        goto fail;
    }
    m->emb_b = m->emb_g + H;
    tmpb = tmp + big;
    if ((s = eb__bert_fetch(&ld, m->word, "embeddings.word_embeddings.weight", 0, cfg->vocab, cfg->hidden)) != EB_OK ||
        (s = eb__bert_fetch(&ld, m->pos, "embeddings.position_embeddings.weight", 0, cfg->max_pos, cfg->hidden)) != EB_OK ||
        (s = eb__bert_fetch(&ld, m->type, "embeddings.token_type_embeddings.weight", 0, cfg->type_vocab, cfg->hidden)) != EB_OK ||
        (s = eb__bert_fetch(&ld, m->emb_g, "embeddings.LayerNorm.weight", 0, cfg->hidden, 0)) != EB_OK ||
        (s = eb__bert_fetch(&ld, m->emb_b, "embeddings.LayerNorm.bias", 0, cfg->hidden, 0)) != EB_OK)
        goto fail;
    for (l = 0; l < cfg->n_layers; l++)
        if ((s = eb__bert_load_layer(m, &ld, l, tmp, tmpb)) != EB_OK) goto fail;
    eb__free(&a, tmp, tmp_floats * sizeof(float));
    *out = m;
    return EB_OK;
fail:
    if (tmp) eb__free(&a, tmp, tmp_floats * sizeof(float));
    eb__bert_free(m);
    return s;
}

/* ---- forward ------------------------------------------------------------------------- */
typedef struct eb__bert_ctx {
    const eb__bert *m;
    eb__pool *pool;               /* NULL: single-threaded */
    int n_threads;
    eb_allocator alloc;
    /* activations for cap packed tokens */
    float *arena;
    size_t arena_floats, cap;
    float *x, *qkv, *ctx, *a, *f;
    /* per-thread attention scratch */
    float *attn;
    size_t attn_stride;
    /* per call: sequence offsets and throughput groups */
    int *off, *grp;
    size_t seq_cap;
    const int32_t *const *ids;
    const int *lens;
    float *out;
} eb__bert_ctx;

EB__FN void eb__bert_ctx_destroy(eb__bert_ctx *c) {
    if (!c) return;
    eb__free(&c->alloc, c->arena, c->arena_floats * sizeof(float));
    eb__free(&c->alloc, c->attn, c->attn_stride * (size_t)c->n_threads * sizeof(float));
    eb__free(&c->alloc, c->off, 2 * (c->seq_cap + 1) * sizeof(int));
    {
        eb_allocator a = c->alloc;
        eb__free(&a, c, sizeof *c);
    }
}

#define EB__ROUND16(n) (((n) + 15) & ~(size_t)15)

/* Makes room for T packed tokens in n sequences; allocates only when it grows. */
EB__FN eb_status eb__bert_reserve(eb__bert_ctx *c, size_t T, size_t n) {
    const eb__bert_config *cf = &c->m->cfg;
    const size_t H = (size_t)cf->hidden;
    if (T > c->cap) {
        const size_t per = 6 * H + (size_t)cf->ffn;
        size_t floats = eb__mul_size(EB__ROUND16(T), per);
        float *ar;
        if (!floats || floats > ((size_t)1 << 40) / sizeof(float))
            return eb__fail(EB_NOMEM, "bert: %zu tokens need too much scratch", T);
        ar = (float *)eb__alloc(&c->alloc, floats * sizeof(float), 64);
        if (!ar) return eb__fail(EB_NOMEM, "bert: out of memory for %zu tokens of scratch", T);
        eb__free(&c->alloc, c->arena, c->arena_floats * sizeof(float));
        T = EB__ROUND16(T);
        c->arena = ar; c->arena_floats = floats; c->cap = T;
        c->x = ar; c->qkv = c->x + T * H; c->ctx = c->qkv + 3 * T * H;
        c->a = c->ctx + T * H; c->f = c->a + T * H;
    }
    if (n > c->seq_cap) {
        const size_t cap = EB__MAX(n, 2 * c->seq_cap);
        int *p = (int *)eb__alloc(&c->alloc, 2 * (cap + 1) * sizeof(int), 64);
        if (!p) return eb__fail(EB_NOMEM, "bert: out of memory for %zu sequences", n);
        eb__free(&c->alloc, c->off, 2 * (c->seq_cap + 1) * sizeof(int));
        c->off = p; c->grp = p + cap + 1; c->seq_cap = cap;
    }
    return EB_OK;
}

/* pool may be NULL (single thread); max_tokens preallocates scratch (0: grow on first use). */
EB__FN eb_status eb__bert_ctx_create(const eb__bert *m, eb__pool *pool, int max_tokens, eb__bert_ctx **out) {
    eb__bert_ctx *c;
    eb_status s;
    const int dh = m->cfg.hidden / m->cfg.n_heads;
    *out = NULL;
    c = (eb__bert_ctx *)eb__alloc_zero(&m->alloc, sizeof *c, 64);
    if (!c) return eb__fail(EB_NOMEM, "bert: out of memory");
    c->m = m;
    c->pool = pool;
    c->n_threads = eb__pool_threads(pool);
    c->alloc = m->alloc;
    c->attn_stride = EB__ROUND16(eb__attention_scratch(m->k, m->cfg.max_pos, dh));
    c->attn = (float *)eb__alloc(&c->alloc, c->attn_stride * (size_t)c->n_threads * sizeof(float), 64);
    if (!c->attn) { eb__bert_ctx_destroy(c); return eb__fail(EB_NOMEM, "bert: out of memory"); }
    if (max_tokens > 0 && (s = eb__bert_reserve(c, (size_t)max_tokens, 64)) != EB_OK) {
        eb__bert_ctx_destroy(c);
        return s;
    }
    *out = c;
    return EB_OK;
}

/* One stage of the forward pass, as tasks: in parallel through the pool, or in order on
   the calling thread (throughput mode, where each thread owns whole sequences). */
typedef struct eb__bert_run {
    eb__bert_ctx *c;
    int par, thread;
    int s0, s1;          /* sequences of this run */
    int t0, M;           /* their first token and token count */
} eb__bert_run;

EB__FN void eb__bert_each(const eb__bert_run *r, eb__pool_fn fn, void *job, int n) {
    int i;
    if (r->par) eb__pool_run(r->c->pool, fn, job, n);
    else for (i = 0; i < n; i++) fn(job, i, r->thread);
}

typedef struct eb__gemm_job {
    const eb__kernels *k;
    const eb__gemm *g;
    int mb, pb, tp;      /* rows per task, panels per task, tasks across panels */
} eb__gemm_job;

static void eb__gemm_task(void *ctx, int task, int thread) {
    const eb__gemm_job *j = (const eb__gemm_job *)ctx;
    const int m0 = (task / j->tp) * j->mb, p0 = (task % j->tp) * j->pb;
    (void)thread;
    eb__gemm_run(j->k, j->g, m0, EB__MIN(m0 + j->mb, j->g->m), p0, EB__MIN(p0 + j->pb, j->g->w->np));
}

/* Runs g over the pool: rows and panels cut into about 4 tasks per thread (row blocks
   first: each task then streams fewer weight panels). */
EB__FN void eb__gemm_parallel(const eb__kernels *k, eb__pool *pool, const eb__gemm *g) {
    const int want = 4 * eb__pool_threads(pool), np = g->w->np;
    int tm = EB__MIN((g->m + k->mc - 1) / k->mc, want), tp;
    eb__gemm_job j;
    if (g->m <= 0) return;
    if (eb__pool_threads(pool) == 1) { eb__gemm_run(k, g, 0, g->m, 0, np); return; }
    tp = EB__MIN(np, (want + tm - 1) / tm);
    j.k = k; j.g = g;
    j.mb = ((g->m + tm - 1) / tm + k->mr - 1) / k->mr * k->mr;
    j.pb = (np + tp - 1) / tp;
    j.tp = (np + j.pb - 1) / j.pb;
    tm = (g->m + j.mb - 1) / j.mb;
    eb__pool_run(pool, eb__gemm_task, &j, tm * j.tp);
}

/* y = x W^T (+ bias, GELU, res) over this run's rows. */
EB__FN void eb__bert_gemm(const eb__bert_run *r, const float *x, size_t ldx, const eb__pw *w, float *y,
                          size_t ldy, const float *res, int gelu) {
    const eb__kernels *k = r->c->m->k;
    eb__gemm g;
    g.x = x; g.ldx = ldx; g.w = w; g.y = y; g.ldy = ldy;
    g.res = res; g.ldr = ldy; g.m = r->M; g.gelu = gelu;
    if (r->par) eb__gemm_parallel(k, r->c->pool, &g);
    else eb__gemm_run(k, &g, 0, g.m, 0, w->np);
}

typedef struct eb__bert_job {
    const eb__bert_run *r;
    float *ln_x;                 /* layer norm stage: rows to normalise, and its params */
    const float *ln_g, *ln_b;
} eb__bert_job;

/* Embedding sum + layer norm, one sequence per task. */
static void eb__bert_embed_task(void *ctx, int task, int thread) {
    const eb__bert_job *j = (const eb__bert_job *)ctx;
    eb__bert_ctx *c = j->r->c;
    const eb__bert *m = c->m;
    const size_t H = (size_t)m->cfg.hidden;
    const int s = j->r->s0 + task, len = c->lens[s];
    const int32_t *ids = c->ids[s];
    int t;
    size_t d;
    (void)thread;
    for (t = 0; t < len; t++) {
        float *x = c->x + (size_t)(c->off[s] + t) * H;
        const float *we = m->word + (size_t)ids[t] * H, *pe = m->pos + (size_t)t * H;
        for (d = 0; d < H; d++) x[d] = we[d] + pe[d] + m->type[d];
        m->k->layernorm(x, (int)H, m->emb_g, m->emb_b, m->cfg.ln_eps);
    }
}

/* Attention for one (sequence, head). */
static void eb__bert_attn_task(void *ctx, int task, int thread) {
    const eb__bert_job *j = (const eb__bert_job *)ctx;
    eb__bert_ctx *c = j->r->c;
    const eb__bert_config *cf = &c->m->cfg;
    const int s = j->r->s0 + task / cf->n_heads, head = task % cf->n_heads;
    const int H = cf->hidden, dh = H / cf->n_heads;
    eb__attention(c->m->k, c->qkv + (size_t)c->off[s] * 3 * H, 3 * (size_t)H, c->lens[s], H, head, dh,
                  1.0f / sqrtf((float)dh), c->ctx + (size_t)c->off[s] * H, (size_t)H,
                  c->attn + c->attn_stride * (size_t)thread);
}

/* Layer norm of up to EB__LN_ROWS rows. */
#define EB__LN_ROWS 32
static void eb__bert_ln_task(void *ctx, int task, int thread) {
    const eb__bert_job *j = (const eb__bert_job *)ctx;
    const eb__bert *m = j->r->c->m;
    const int H = m->cfg.hidden;
    const int r0 = j->r->t0 + task * EB__LN_ROWS, r1 = EB__MIN(r0 + EB__LN_ROWS, j->r->t0 + j->r->M);
    int t;
    (void)thread;
    for (t = r0; t < r1; t++) m->k->layernorm(j->ln_x + (size_t)t * H, H, j->ln_g, j->ln_b, m->cfg.ln_eps);
}

/* Pooling (+ L2) of one sequence into its output row. */
static void eb__bert_pool_task(void *ctx, int task, int thread) {
    const eb__bert_job *j = (const eb__bert_job *)ctx;
    eb__bert_ctx *c = j->r->c;
    const eb__bert *m = c->m;
    const size_t H = (size_t)m->cfg.hidden;
    const int s = j->r->s0 + task, len = c->lens[s];
    const float *x = c->x + (size_t)c->off[s] * H;
    float *o = c->out + (size_t)s * H;
    size_t d;
    int t;
    (void)thread;
    memcpy(o, x, H * sizeof(float));
    if (m->cfg.pooling == EB__POOLING_MEAN) {
        for (t = 1; t < len; t++)
            for (d = 0; d < H; d++) o[d] += x[(size_t)t * H + d];
        for (d = 0; d < H; d++) o[d] /= (float)len;
    }
    if (m->cfg.normalize) m->k->l2norm(o, (int)H);
}

/* The whole encoder over sequences [s0, s1): in parallel stage by stage (latency), or
   all on one thread (a throughput-mode group). */
EB__FN void eb__bert_range(eb__bert_ctx *c, int s0, int s1, int par, int thread) {
    const eb__bert *m = c->m;
    const size_t H = (size_t)m->cfg.hidden, F = (size_t)m->cfg.ffn;
    eb__bert_run r;
    eb__bert_job j;
    int l;
    size_t t0;
    r.c = c; r.par = par; r.thread = thread; r.s0 = s0; r.s1 = s1;
    r.t0 = c->off[s0]; r.M = c->off[s1] - c->off[s0];
    t0 = (size_t)r.t0;
    memset(&j, 0, sizeof j);
    j.r = &r;
    eb__bert_each(&r, eb__bert_embed_task, &j, s1 - s0);
    for (l = 0; l < m->cfg.n_layers; l++) {
        const eb__bert_layer *L = &m->layers[l];
        const int ln_tasks = (r.M + EB__LN_ROWS - 1) / EB__LN_ROWS;
        eb__bert_gemm(&r, c->x + t0 * H, H, &L->qkv, c->qkv + t0 * 3 * H, 3 * H, NULL, 0);
        eb__bert_each(&r, eb__bert_attn_task, &j, (s1 - s0) * m->cfg.n_heads);
        eb__bert_gemm(&r, c->ctx + t0 * H, H, &L->attn_out, c->a + t0 * H, H, c->x + t0 * H, 0);
        j.ln_x = c->a; j.ln_g = L->ln1_g; j.ln_b = L->ln1_b;
        eb__bert_each(&r, eb__bert_ln_task, &j, ln_tasks);
        eb__bert_gemm(&r, c->a + t0 * H, H, &L->up, c->f + t0 * F, F, NULL, 1);
        eb__bert_gemm(&r, c->f + t0 * F, F, &L->down, c->x + t0 * H, H, c->a + t0 * H, 0);
        j.ln_x = c->x; j.ln_g = L->ln2_g; j.ln_b = L->ln2_b;
        eb__bert_each(&r, eb__bert_ln_task, &j, ln_tasks);
    }
    eb__bert_each(&r, eb__bert_pool_task, &j, s1 - s0);
}

static void eb__bert_group_task(void *ctx, int task, int thread) {
    eb__bert_ctx *c = (eb__bert_ctx *)ctx;
    eb__bert_range(c, c->grp[task], c->grp[task + 1], 0, thread);
}

/* What AUTO runs for n sequences of T tokens in all: throughput once every thread gets at
   least one sequence and about 64 tokens (enough rows for efficient GEMM tiles), since it
   needs no synchronisation; otherwise latency. */
EB__FN eb_cpu_mode eb__bert_pick_mode(const eb__bert_ctx *c, int n, size_t T) {
    if (c->n_threads > 1 && n >= c->n_threads && T >= (size_t)c->n_threads * 64) return EB_CPU_THROUGHPUT;
    return EB_CPU_LATENCY;
}

/* Embeds n sequences of token ids (special tokens included) into out (n x hidden).
   mode: LATENCY splits every stage over the pool; THROUGHPUT gives each thread whole
   sequences (groups of about T / threads tokens); AUTO: eb__bert_pick_mode. */
EB__FN eb_status eb__bert_forward(eb__bert_ctx *c, const int32_t *const *ids, const int *lens, int n,
                                  eb_cpu_mode mode, float *out) {
    const eb__bert_config *cf = &c->m->cfg;
    size_t T = 0;
    eb_status s;
    int i, t;
    if (n <= 0) return n == 0 ? EB_OK : eb__fail(EB_INVALID_ARGUMENT, "bert: negative batch size");
    if (!ids || !lens || !out) return eb__fail(EB_INVALID_ARGUMENT, "bert: NULL input");
    for (i = 0; i < n; i++) {
        if (lens[i] < 1 || lens[i] > cf->max_pos)
            return eb__fail(EB_INVALID_INPUT, "bert: sequence %d has %d tokens (1..%d allowed)", i, lens[i], cf->max_pos);
        if (!ids[i]) return eb__fail(EB_INVALID_INPUT, "bert: sequence %d has no ids", i);
        for (t = 0; t < lens[i]; t++)
            if (ids[i][t] < 0 || ids[i][t] >= cf->vocab)
                return eb__fail(EB_INVALID_INPUT, "bert: token id %d out of range [0, %d)", (int)ids[i][t], cf->vocab);
        T += (size_t)lens[i];
    }
    if (T > (size_t)INT32_MAX / 4) return eb__fail(EB_INVALID_INPUT, "bert: %zu tokens in one call is too many", T);
    if ((s = eb__bert_reserve(c, T, (size_t)n)) != EB_OK) return s;
    c->ids = ids; c->lens = lens; c->out = out;
    c->off[0] = 0;
    for (i = 0; i < n; i++) c->off[i + 1] = c->off[i] + lens[i];
    if (mode == EB_CPU_AUTO) mode = eb__bert_pick_mode(c, n, T);
    if (mode == EB_CPU_THROUGHPUT && c->n_threads > 1 && n > 1) {
        /* contiguous groups of about T / threads tokens, handed out by the pool's counter */
        const size_t target = (T + (size_t)c->n_threads - 1) / (size_t)c->n_threads;
        int g = 0;
        size_t acc = 0;
        c->grp[0] = 0;
        for (i = 0; i < n; i++) {
            acc += (size_t)lens[i];
            if (acc >= target || i == n - 1) { c->grp[++g] = i + 1; acc = 0; }
        }
        eb__pool_run(c->pool, eb__bert_group_task, c, g);
    } else {
        eb__bert_range(c, 0, n, c->n_threads > 1, 0);
    }
    c->ids = NULL; c->lens = NULL; c->out = NULL;
    return EB_OK;
}
