/* CUDA backend benchmark (GPU host; scripts/gpu-test.sh runs it). Markdown tables on stdout,
 * one "RESULT key value" line per number for scripts.
 *
 *   bench_cuda --gen DIR                      write DIR/t32.txt and DIR/t128.txt: deterministic
 *                                             sentences of about 32 and 128 tokens
 *   bench_cuda --model DIR --texts F [--label L] [--seconds S] [--peak-tflops P]
 *              [--threads N] [--streams S] [--batches 32,256,1024,4096] [--submitters 64]
 *
 * Per text set: tokenizer throughput on all cores; device time of one pass per token bucket
 * (events) with TFLOP/s and the fraction of the measured fp16 peak; a per-kernel breakdown;
 * sentences/s at fixed batch sizes end to end (tokenizing on N threads while `streams`
 * batches run on the GPU) and GPU-only (pre-tokenized); p50/p99 latency of one text; the
 * batcher with 64 concurrent submitters. */
#define EMBEDBATCH_CUDA
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "bench_common.h"

#define MAXB 16
static const char *g_model = "models/all-MiniLM-L6-v2-f16";
static const char *g_label = "texts";
static double g_seconds = 2.0, g_peak = 0;
static int g_threads, g_streams = 4, g_submitters = 64;
static int g_batches[MAXB] = {32, 256, 1024, 4096}, g_nb = 4;

/* ---- texts ---------------------------------------------------------------------------- */
static const char *const g_words[] = {
    "the", "a", "small", "large", "old", "new", "good", "long", "little", "great", "other", "same", "early",
    "young", "important", "public", "bad", "able", "city", "house", "river", "garden", "market", "school",
    "window", "road", "train", "station", "bridge", "village", "country", "water", "light", "music", "story",
    "book", "letter", "paper", "table", "door", "morning", "evening", "night", "week", "year", "family",
    "friend", "teacher", "doctor", "student", "child", "woman", "man", "people", "group", "company", "system",
    "program", "question", "answer", "problem", "reason", "idea", "plan", "price", "money", "change", "power",
    "voice", "level", "office", "party", "game", "team", "place", "point", "side", "part", "line", "end",
    "walked", "opened", "closed", "found", "made", "took", "gave", "saw", "heard", "kept", "left", "brought",
    "began", "wrote", "read", "played", "moved", "lived", "believed", "held", "turned", "started", "showed",
    "asked", "called", "needed", "wanted", "looked", "used", "worked", "tried", "felt", "became", "seemed",
    "quickly", "slowly", "never", "always", "often", "almost", "again", "together", "already", "still",
    "with", "from", "into", "over", "under", "after", "before", "during", "without", "about", "near", "across",
    "and", "but", "because", "while", "when", "where", "that", "which", "who", "this", "their", "his", "her",
    "our", "your", "its", "every", "some", "many", "few", "more", "most", "two", "three", "four", "five",
    "first", "last", "next", "green", "red", "blue", "white", "black", "warm", "cold", "quiet", "busy",
    "bread", "coffee", "dinner", "street", "car", "bus", "ship", "field", "forest", "mountain", "sea", "sky",
    "rain", "snow", "wind", "sun", "tree", "flower", "bird", "dog", "horse", "table", "chair", "phone",
    "computer", "server", "network", "file", "data", "report", "meeting", "project", "budget", "client"
};

static uint64_t g_rng = 20260101;
static unsigned rnd(unsigned n) { return (unsigned)(eb__splitmix64(&g_rng) % n); }

/* Sentences of about `tokens` tokens ([CLS] and [SEP] included): words from a list of
   single-token words, a comma now and then, a period at the end. */
static void gen_file(const char *path, int tokens, int count) {
    FILE *f = fopen(path, "w");
    int i, w, nw = (int)(sizeof g_words / sizeof g_words[0]);
    if (!f) { fprintf(stderr, "cannot write %s\n", path); exit(1); }
    for (i = 0; i < count; i++) {
        int target = tokens - 2, jitter = target / 5, len = target - jitter + (int)rnd((unsigned)(2 * jitter + 1)), used = 0;
        for (w = 0; used < len - 1; w++) {
            const char *word = g_words[rnd((unsigned)nw)];
            if (w == 0) fprintf(f, "%c%s", word[0] - 32, word + 1);
            else fprintf(f, " %s", word);
            used++;
            if (used < len - 2 && rnd(9) == 0) { fputc(',', f); used++; }
        }
        fputs(".\n", f);
    }
    fclose(f);
}

/* ---- shared state ----------------------------------------------------------------------- */
static eb_backend *g_be;
static eb__cuda *g_c;
static bench_texts g_ts;
static int32_t **g_ids;      /* pre-tokenized, for GPU-only runs */
static int *g_nids;
static double g_flop_tok;    /* linear-layer FLOP per token */
static double g_attn_coef;   /* attention FLOP per (sequence length)^2 */

static double batch_flop(long tokens, double sum_l2) { return g_flop_tok * (double)tokens + g_attn_coef * sum_l2; }

static void result(const char *key, double v) { printf("RESULT %s.%s %.6g\n", g_label, key, v); }

/* ---- tokenizer alone ------------------------------------------------------------------ */
typedef struct tok_arg { int id; long texts, tokens; double until; } tok_arg;
static void *tok_main(void *p) {
    tok_arg *a = (tok_arg *)p;
    int32_t ids[1024];
    long i = a->id;
    while (bench_now_s() < a->until) {
        int k;
        for (k = 0; k < 64; k++, i += g_threads) {
            int n = g_be->vt->tokenize(g_be->self, g_ts.s[i % g_ts.n], g_ts.len[i % g_ts.n], ids, 1024);
            a->texts++;
            a->tokens += n;
        }
    }
    return NULL;
}

static void bench_tokenizer(void) {
    tok_arg a[256];
    eb__thread th[256];
    double t0 = bench_now_s();
    long texts = 0, tokens = 0;
    int i;
    for (i = 0; i < g_threads; i++) { a[i].id = i; a[i].texts = a[i].tokens = 0; a[i].until = t0 + 1.0; eb__thread_start(&th[i], tok_main, &a[i]); }
    for (i = 0; i < g_threads; i++) { eb__thread_join(&th[i]); texts += a[i].texts; tokens += a[i].tokens; }
    t0 = bench_now_s() - t0;
    printf("| tokenizer, %d threads | %.0f texts/s | %.1f M tokens/s |\n", g_threads, texts / t0, tokens / t0 / 1e6);
    result("tokenizer_texts_per_s", texts / t0);
    result("tokenizer_tokens_per_s", tokens / t0);
}

/* ---- device time of one pass ------------------------------------------------------------ */
/* Packs texts from `first` into slot 0's buffer 0 until `tokens` are reached (with the
   attention tasks, as eb__cuda_pack does); returns T, the sequences in *n_out and the ints to
   upload in *ints. */
static int pack_pass(int first, int tokens, int *n_out, double *sum_l2, size_t *ints) {
    eb__cuda_slot *s = &g_c->slots[0];
    int32_t *h = s->h_in[0], *ids = h + EB__CUDA_IN_HEAD;
    int T = 0, n = 0;
    *sum_l2 = 0;
    while (n < g_c->n_cap) {
        int i = (first + n) % g_ts.n, L = g_nids[i];
        if (T + L > tokens) break;
        memcpy(ids + T, g_ids[i], (size_t)L * 4);
        s->lens[n++] = L;
        T += L;
        *sum_l2 += (double)L * L;
    }
    eb__cuda_seal(g_c, h, T, s->lens, n);
    *n_out = n;
    *ints = eb__cuda_in_ints(h);
    return T;
}

static void bench_device(void) {
    eb__cuda_slot *s = &g_c->slots[0];
    eb__cu_event e0, e1;
    eb__cu_context popped;
    static const int sizes[] = {40, 160, 512, 2048, 8192, 16384};
    size_t si;
    if (g_c->cu.CtxPushCurrent(g_c->ctx)) return;
    g_c->cu.EventCreate(&e0, 0);
    g_c->cu.EventCreate(&e1, 0);
    printf("\n| pass (device time, events) | tokens | texts | ms | M tokens/s | texts/s | TFLOP/s | of fp16 peak |\n|---|---|---|---|---|---|---|---|\n");
    for (si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        int n, T, rep, b;
        double l2, ms_v[20];
        size_t ints;
        float ms;
        if (sizes[si] > g_c->t_cap) continue;
        T = pack_pass(0, sizes[si], &n, &l2, &ints);
        b = eb__cuda_bucket_of(g_c, T);
        g_c->cu.MemcpyHtoDAsync(s->d_in, s->h_in[0], ints * 4, s->stream);
        for (rep = 0; rep < 23; rep++) {
            g_c->cu.EventRecord(e0, s->stream);
            if (g_c->graphs) g_c->cu.GraphLaunch(s->graph[b], s->stream);
            else eb__cuda_forward(g_c, s, T);
            g_c->cu.EventRecord(e1, s->stream);
            eb__cuda_wait(g_c, e1);
            g_c->cu.EventElapsedTime(&ms, e0, e1);
            if (rep >= 3) ms_v[rep - 3] = ms;
        }
        {
            double med = bench_median(ms_v, 20), fl = batch_flop(T, l2), tf = fl / (med * 1e-3) / 1e12;
            char key[64];
            printf("| graph, bucket %d | %d | %d | %.3f | %.1f | %.0f | %.1f | %s%.1f%% |\n", g_c->bucket[b], T, n, med,
                   T / (med * 1e-3) / 1e6, n / (med * 1e-3), tf, g_peak > 0 ? "" : "? ", g_peak > 0 ? 100 * tf / g_peak : 0.0);
            snprintf(key, sizeof key, "pass%d_ms", sizes[si]);
            result(key, med);
            snprintf(key, sizeof key, "pass%d_tflops", sizes[si]);
            result(key, tf);
        }
    }
    g_c->cu.EventDestroy(e0);
    g_c->cu.EventDestroy(e1);
    g_c->cu.CtxPopCurrent(&popped);
}

/* Where a pass's time goes: events after every launch of a plain (non-graph) pass. */
static void bench_breakdown(int tokens) {
    static const char *const names[EB__STEP_COUNT] = {"embed+LN", "QKV GEMM", "attention", "out GEMM+res(+LN)", "layer norms",
                                                      "up GEMM+GELU", "down GEMM+res(+LN)", "pool+L2"};
    eb__cuda_slot *s = &g_c->slots[0];
    eb__cu_context popped;
    int nmax = 2 + 7 * g_c->layers, nm = 0, i, rep, n, T;
    eb__cu_event *ev = (eb__cu_event *)calloc((size_t)nmax + 1, sizeof *ev);
    int *kinds = (int *)calloc((size_t)nmax, sizeof(int));
    double tot[EB__STEP_COUNT] = {0}, gflop[EB__STEP_COUNT] = {0}, all = 0, l2, H = g_c->H, F = g_c->F;
    if (tokens > g_c->t_cap) tokens = g_c->t_cap;
    if (g_c->cu.CtxPushCurrent(g_c->ctx)) { free(ev); free(kinds); return; }
    for (i = 0; i <= nmax; i++) g_c->cu.EventCreate(&ev[i], 0);
    {
        size_t ints;
        T = pack_pass(0, tokens, &n, &l2, &ints);
        g_c->cu.MemcpyHtoDAsync(s->d_in, s->h_in[0], ints * 4, s->stream);
    }
    for (rep = 0; rep < 13; rep++) {
        float ms;
        g_c->cu.EventRecord(ev[0], s->stream);
        if (eb__cuda_forward_ex(g_c, s, T, ev + 1, kinds, &nm)) break;
        eb__cuda_wait(g_c, ev[nm]);
        if (rep < 3) continue;
        for (i = 0; i < nm; i++) {
            g_c->cu.EventElapsedTime(&ms, ev[i], ev[i + 1]);
            tot[kinds[i]] += ms / 10;
            all += ms / 10;
        }
    }
    gflop[EB__STEP_QKV] = 2.0 * T * H * 3 * H * g_c->layers / 1e9;
    gflop[EB__STEP_ATTN] = g_attn_coef * l2 / 1e9;
    gflop[EB__STEP_OUT] = 2.0 * T * H * H * g_c->layers / 1e9;
    gflop[EB__STEP_UP] = gflop[EB__STEP_DOWN] = 2.0 * T * H * F * g_c->layers / 1e9;
    printf("\n| kernel (all layers, %d tokens, %d texts, plain launches, LN fused: %s) | ms | share | TFLOP/s |\n|---|---|---|---|\n",
           T, n, g_c->fuse_ln ? "yes" : "no");
    for (i = 0; i < EB__STEP_COUNT; i++) {
        char key[64];
        if (tot[i] == 0) continue;
        printf("| %s | %.3f | %.0f%% | %s |\n", names[i], tot[i], 100 * tot[i] / all,
               gflop[i] > 0 ? (snprintf(key, sizeof key, "%.1f", gflop[i] / tot[i]), key) : "-");
        snprintf(key, sizeof key, "kernel_%d_ms", i);
        result(key, tot[i]);
    }
    printf("| total | %.3f | | %.1f |\n", all, batch_flop(T, l2) / (all * 1e-3) / 1e12);
    for (i = 0; i <= nmax; i++) g_c->cu.EventDestroy(ev[i]);
    free(ev); free(kinds);
    g_c->cu.CtxPopCurrent(&popped);
}

/* Each GEMM shape of a layer with each kernel variant (inputs: whatever the last pass left
   in the slot's buffers, real activations). */
static void bench_gemms(void) {
    eb__cuda_slot *s = &g_c->slots[0];
    const eb__cuda_layer *L = &g_c->layer[0];
    eb__cu_context popped;
    eb__cu_event e0, e1;
    static const int Ms[] = {16384, 2048, 256};
    size_t mi;
    int H = g_c->H, F = g_c->F;
    if (g_c->cu.CtxPushCurrent(g_c->ctx)) return;
    g_c->cu.EventCreate(&e0, 0);
    g_c->cu.EventCreate(&e1, 0);
    printf("\n| GEMM (layer 0 weights; + LN: the separate LN kernel included) | M | variant | ms | TFLOP/s |\n|---|---|---|---|---|\n");
    for (mi = 0; mi < sizeof Ms / sizeof Ms[0]; mi++) {
        int M = Ms[mi], sh, v;
        int32_t *h = s->h_in[1];
        if (M > g_c->t_cap) continue;
        h[0] = M; h[1] = 1; h[2] = h[3] = 0;
        g_c->cu.MemcpyHtoDAsync(s->d_in, h, 16, s->stream);
        for (sh = 0; sh < 4; sh++) {
            static const char *const nm[4] = {"QKV", "out+res", "up+GELU", "down+res"};
            int N = sh == 0 ? 3 * H : sh == 2 ? F : H, K = sh == 3 ? F : H, flags = sh == 2 ? 1 : sh == 0 ? 0 : 2;
            eb__cu_ptr A = sh == 3 ? s->d_ffn : s->d_x, W = sh == 0 ? L->wqkv : sh == 1 ? L->wo : sh == 2 ? L->wi : L->w2;
            eb__cu_ptr bias = sh == 0 ? L->bqkv : sh == 1 ? L->bo : sh == 2 ? L->bi : L->b2;
            eb__cu_ptr C = sh == 2 ? s->d_ffn : s->d_qkv;
            for (v = 0; v < EB__GV_COUNT; v++) {
                double ms_v[20];
                int rep;
                float ms;
                int res = sh == 1 || sh == 3;
                if (!(g_c->gv_ok >> v & 1) || (v == EB__GV_FUSED && !res)) continue;
                for (rep = 0; rep < 23; rep++) {
                    eb__cu_result r;
                    g_c->cu.EventRecord(e0, s->stream);
                    if (res) r = eb__cuda_gemm_res_ln(g_c, s, v, M, A, W, bias, s->d_a, L->ln1g, L->ln1b, s->d_ctx, K, NULL);
                    else r = eb__cuda_gemm(g_c, s, v, M, A, W, bias, 0, C, N, K, flags);
                    if (r) { fprintf(stderr, "gemm launch failed: %d\n", r); break; }
                    g_c->cu.EventRecord(e1, s->stream);
                    eb__cuda_wait(g_c, e1);
                    g_c->cu.EventElapsedTime(&ms, e0, e1);
                    if (rep >= 3) ms_v[rep - 3] = ms;
                }
                {
                    double med = bench_median(ms_v, 20);
                    printf("| %s %dx%d | %d | %s%s | %.4f | %.1f |\n", nm[sh], N, K, M, eb__cuda_gv_names[v],
                           res && v != EB__GV_FUSED ? " + LN" : "", med, 2.0 * M * N * K / (med * 1e-3) / 1e12);
                }
            }
        }
    }
    if (g_c->tuned) {
        int b, sh;
        printf("\nautotuned GEMM variant per token bucket (QKV / out / up / down):");
        for (b = 0; b < g_c->n_buckets; b++) {
            printf("%s %d:", b ? "," : "", g_c->bucket[b]);
            for (sh = 0; sh < EB__SH_COUNT; sh++) printf(" %s", eb__cuda_gv_names[g_c->tune[sh][b]]);
        }
        printf("\n");
    }
    g_c->cu.EventDestroy(e0);
    g_c->cu.EventDestroy(e1);
    g_c->cu.CtxPopCurrent(&popped);
}

/* ---- fixed batch sizes: end to end (tokenize + embed) or GPU-only ---------------------- */
typedef struct tp_arg { int id, B, pretok; long done, tokens; double l2, until; eb_batch_item *items; int32_t *ids; float *out; } tp_arg;
static long g_next_batch;

static void *tp_main(void *p) {
    tp_arg *a = (tp_arg *)p;
    char err[256];
    eb_batch b;
    while (bench_now_s() < a->until) {
        long bi = eb__fetch_add(&g_next_batch, 1, EB__RELAXED);
        int i, off = 0;
        for (i = 0; i < a->B; i++) {
            int k = (int)((bi * a->B + i) % g_ts.n);
            eb_batch_item *it = &a->items[i];
            it->text = g_ts.s[k];
            it->len = g_ts.len[k];
            if (a->pretok) {
                it->ids = g_ids[k];
                it->n_tokens = g_nids[k];
            } else {
                it->n_tokens = g_be->vt->tokenize(g_be->self, g_ts.s[k], g_ts.len[k], a->ids + off, g_c->max_seq);
                it->ids = a->ids + off;
                off += it->n_tokens;
            }
            a->tokens += it->n_tokens;
            a->l2 += (double)it->n_tokens * it->n_tokens;
        }
        b.n = a->B; b.items = a->items; b.dim = g_c->dim; b.slot = a->id % g_c->n_slots;
        b.error = err; b.error_cap = sizeof err;
        if (g_be->vt->embed(g_be->self, &b, a->out) != EB_OK) { fprintf(stderr, "embed failed: %s\n", err); break; }
        a->done += a->B;
    }
    return NULL;
}

static void bench_batches(int pretok) {
    int bi;
    printf("\n| %s, batch | threads | texts/s | M tokens/s | TFLOP/s | of fp16 peak |\n|---|---|---|---|---|---|\n",
           pretok ? "GPU only (pre-tokenized)" : "end to end (tokenize + embed)");
    for (bi = 0; bi < g_nb; bi++) {
        int B = g_batches[bi], nt = pretok ? g_c->n_slots : g_threads, i;
        tp_arg *a = (tp_arg *)calloc((size_t)nt, sizeof *a);
        eb__thread *th = (eb__thread *)calloc((size_t)nt, sizeof *th);
        long done = 0, tokens = 0;
        double l2 = 0, t0, dt, tf;
        char key[64];
        g_next_batch = 0;
        /* warm-up: one batch of this size on every slot */
        t0 = bench_now_s();
        for (i = 0; i < nt; i++) {
            a[i].id = i; a[i].B = B; a[i].pretok = pretok;
            a[i].items = (eb_batch_item *)calloc((size_t)B, sizeof(eb_batch_item));
            a[i].ids = (int32_t *)malloc((size_t)B * (size_t)g_c->max_seq * 4);
            a[i].out = (float *)malloc((size_t)B * (size_t)g_c->dim * 4);
            a[i].until = t0 + g_seconds;
        }
        for (i = 0; i < nt; i++) eb__thread_start(&th[i], tp_main, &a[i]);
        for (i = 0; i < nt; i++) { eb__thread_join(&th[i]); done += a[i].done; tokens += a[i].tokens; l2 += a[i].l2; }
        dt = bench_now_s() - t0;
        tf = batch_flop(tokens, l2) / dt / 1e12;
        printf("| %d | %d | %.0f | %.2f | %.1f | %s%.1f%% |\n", B, nt, done / dt, tokens / dt / 1e6, tf,
               g_peak > 0 ? "" : "? ", g_peak > 0 ? 100 * tf / g_peak : 0.0);
        snprintf(key, sizeof key, "%s_b%d_texts_per_s", pretok ? "gpu" : "e2e", B);
        result(key, done / dt);
        for (i = 0; i < nt; i++) { free(a[i].items); free(a[i].ids); free(a[i].out); }
        free(a); free(th);
    }
}

/* ---- latency of one text ----------------------------------------------------------------- */
static void bench_latency1(void) {
    bench_samples s;
    eb_batch_item it;
    eb_batch b;
    int32_t ids[1024];
    float out[1024];
    char err[256];
    int i, iters = 3000;
    bench_samples_init(&s);
    for (i = 0; i < iters + 100; i++) {
        int k = i % g_ts.n;
        double t0 = bench_now_s();
        it.text = g_ts.s[k]; it.len = g_ts.len[k];
        it.n_tokens = g_be->vt->tokenize(g_be->self, it.text, it.len, ids, g_c->max_seq);
        it.ids = ids;
        b.n = 1; b.items = &it; b.dim = g_c->dim; b.slot = 0; b.error = err; b.error_cap = sizeof err;
        if (g_be->vt->embed(g_be->self, &b, out) != EB_OK) { fprintf(stderr, "embed failed: %s\n", err); break; }
        if (i >= 100) bench_samples_add(&s, (bench_now_s() - t0) * 1e3);
    }
    printf("\n| latency, batch 1 (tokenize + embed, one thread) | p50 ms | p99 ms |\n|---|---|---|\n| %s | %.3f | %.3f |\n",
           g_label, bench_samples_quantile(&s, 0.5), bench_samples_quantile(&s, 0.99));
    result("b1_p50_ms", bench_samples_quantile(&s, 0.5));
    result("b1_p99_ms", bench_samples_quantile(&s, 0.99));
    bench_samples_free(&s);
}

/* ---- the batcher with many concurrent submitters ------------------------------------------ */
typedef struct sub_arg { eb_batcher *b; int id; double until; bench_samples lat; long fail; } sub_arg;
static void *sub_main(void *p) {
    sub_arg *a = (sub_arg *)p;
    float v[1024];
    long i = a->id * 7919L;
    while (bench_now_s() < a->until) {
        int k = (int)(i++ % g_ts.n);
        double t0 = bench_now_s();
        if (eb_embed(a->b, g_ts.s[k], v, 1024, 10 * 1000000LL) != EB_OK) a->fail++;
        else bench_samples_add(&a->lat, (bench_now_s() - t0) * 1e3);
    }
    return NULL;
}

static void bench_batcher(int submitters, int max_batch) {
    eb_batcher *b = NULL;
    eb_batcher_desc d;
    sub_arg *a = (sub_arg *)calloc((size_t)submitters, sizeof *a);
    eb__thread *th = (eb__thread *)calloc((size_t)submitters, sizeof *th);
    bench_samples all;
    eb_stats st;
    double t0, dt;
    long fail = 0;
    int i;
    size_t j;
    char key[64];
    memset(&d, 0, sizeof d);
    d.backend = g_be;
    d.max_batch_size = max_batch;
    d.max_batch_tokens = g_c->t_cap;
    d.queue_capacity = 8192;
    if (eb_batcher_create(&d, &b) != EB_OK) { fprintf(stderr, "batcher: %s\n", eb_last_error()); return; }
    bench_samples_init(&all);
    t0 = bench_now_s();
    for (i = 0; i < submitters; i++) {
        a[i].b = b; a[i].id = i; a[i].until = t0 + g_seconds; bench_samples_init(&a[i].lat);
        eb__thread_start(&th[i], sub_main, &a[i]);
    }
    for (i = 0; i < submitters; i++) {
        eb__thread_join(&th[i]);
        for (j = 0; j < a[i].lat.n; j++) bench_samples_add(&all, a[i].lat.v[j]);
        fail += a[i].fail;
        bench_samples_free(&a[i].lat);
    }
    dt = bench_now_s() - t0;
    eb_batcher_stats(b, &st);
    printf("| %d submitters, max batch %d | %.0f | %.3f | %.3f | %.1f | %ld |\n", submitters, max_batch, all.n / dt,
           bench_samples_quantile(&all, 0.5), bench_samples_quantile(&all, 0.99), st.batch_size.mean, fail);
    snprintf(key, sizeof key, "batcher%d_texts_per_s", submitters);
    result(key, all.n / dt);
    snprintf(key, sizeof key, "batcher%d_p50_ms", submitters);
    result(key, bench_samples_quantile(&all, 0.5));
    snprintf(key, sizeof key, "batcher%d_p99_ms", submitters);
    result(key, bench_samples_quantile(&all, 0.99));
    bench_samples_free(&all);
    eb_batcher_destroy(b);
    free(a); free(th);
}

int main(int argc, char **argv) {
    const char *texts = NULL;
    eb_cuda_desc d;
    eb_status s;
    int i;
    long tok_total = 0;
    double l2_total = 0;
    g_threads = eb__num_cpus();
    for (i = 1; i < argc; i += 2) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--gen") && v) {
            char p[4096];
            snprintf(p, sizeof p, "%s/t32.txt", v); gen_file(p, 32, 8192);
            snprintf(p, sizeof p, "%s/t128.txt", v); gen_file(p, 128, 4096);
            return 0;
        }
        if (!v) break;
        if (!strcmp(argv[i], "--model")) g_model = v;
        else if (!strcmp(argv[i], "--texts")) texts = v;
        else if (!strcmp(argv[i], "--label")) g_label = v;
        else if (!strcmp(argv[i], "--seconds")) g_seconds = atof(v);
        else if (!strcmp(argv[i], "--peak-tflops")) g_peak = atof(v);
        else if (!strcmp(argv[i], "--threads")) g_threads = atoi(v);
        else if (!strcmp(argv[i], "--streams")) g_streams = atoi(v);
        else if (!strcmp(argv[i], "--submitters")) g_submitters = atoi(v);
        else if (!strcmp(argv[i], "--batches")) g_nb = bench_parse_ints(v, g_batches, MAXB);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    if (g_threads < 1) g_threads = 1;
    if (g_threads > 256) g_threads = 256;
    if (!texts || !bench_load_texts(texts, &g_ts)) { fprintf(stderr, "need --texts FILE with one text per line\n"); return 2; }
    memset(&d, 0, sizeof d);
    d.model_dir = g_model;
    d.streams = g_streams;
    if ((s = eb_backend_cuda(&d, &g_be)) != EB_OK) { fprintf(stderr, "eb_backend_cuda: %s\n", eb_last_error()); return 1; }
    g_c = (eb__cuda *)g_be->self;
    g_flop_tok = 2.0 * g_c->layers * (4.0 * g_c->H * g_c->H + 2.0 * g_c->H * g_c->F);
    g_attn_coef = 4.0 * g_c->layers * g_c->H;
    g_ids = (int32_t **)calloc((size_t)g_ts.n, sizeof *g_ids);
    g_nids = (int *)calloc((size_t)g_ts.n, sizeof(int));
    for (i = 0; i < g_ts.n; i++) {
        g_ids[i] = (int32_t *)malloc((size_t)g_c->max_seq * 4);
        g_nids[i] = g_be->vt->tokenize(g_be->self, g_ts.s[i], g_ts.len[i], g_ids[i], g_c->max_seq);
        tok_total += g_nids[i];
        l2_total += (double)g_nids[i] * g_nids[i];
    }
    printf("## %s: %d texts, mean %.1f tokens ([CLS]/[SEP] included), %s\n\n", g_label, g_ts.n, (double)tok_total / g_ts.n, g_c->name);
    printf("backend: %d streams x %d tokens a pass, graphs %s, created in %.0f ms (PTX JIT %.0f ms); %.1f MFLOP a token; fp16 peak %.0f TFLOP/s (measured)\n\n",
           g_c->n_slots, g_c->t_cap, g_c->graphs ? "on" : "off", g_c->create_ms, g_c->jit_ms,
           batch_flop(tok_total, l2_total) / tok_total / 1e6, g_peak);
    result("mean_tokens", (double)tok_total / g_ts.n);
    printf("| host | rate | |\n|---|---|---|\n");
    bench_tokenizer();
    bench_device();
    bench_breakdown(16384);
    bench_gemms();
    bench_batches(1);
    bench_batches(0);
    bench_latency1();
    printf("\n| batcher (eb_embed, sync submitters) | texts/s | p50 ms | p99 ms | mean batch | failed |\n|---|---|---|---|---|---|\n");
    bench_batcher(1, 1);
    bench_batcher(g_submitters, 1024);
    bench_batcher(4 * g_submitters, 1024);
    eb_backend_destroy(g_be);
    return 0;
}
