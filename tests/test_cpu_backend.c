/* CPU backend against sentence-transformers: golden embeddings for every kernel set this CPU
 * has, F16-stored weights, a second model (3 layers, no Normalize), modes/threads/batch
 * composition giving identical vectors, the batcher on top, and hostile model folders.
 * The models come from `make models` (scripts/get-model.sh); a missing model is a failure. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"
#include "eb_golden.h"
#include <sys/stat.h>

#define DIM 384

/* Under sanitizers (EB_TEST_SCALE < 1) the forward passes run 5-20x slower: check a spread
   subset of the golden texts there, all of them otherwise. */
static int golden_limit(const eb_golden *g, int full) {
    if (full && eb_test_scale() >= 1.0) return (int)g->n;
    return (int)g->n < 24 ? (int)g->n : 24;
}
static int golden_pick(const eb_golden *g, int i, int limit) {
    return limit == (int)g->n ? i : (int)((long)i * (long)g->n / limit);
}

static eb_backend *open_cpu(const char *dir, eb_isa isa, int threads, eb_cpu_mode mode, int conc, eb_status *st) {
    eb_cpu_desc d;
    eb_backend *be = NULL;
    memset(&d, 0, sizeof d);
    d.model_dir = dir;
    d.isa = isa;
    d.threads = threads;
    d.mode = mode;
    d.max_concurrency = conc;
    *st = eb_backend_cpu(&d, &be);
    return be;
}

/* Embeds the chosen golden texts in one batch; returns min cosine vs the reference and
   writes the mean. Also checks token ids against the reference. */
static double golden_run(eb_backend *be, const eb_golden *g, int limit, int dim, double *mean, int *id_mismatch) {
    const char **texts = (const char **)calloc((size_t)limit, sizeof(char *));
    size_t *lens = (size_t *)calloc((size_t)limit, sizeof(size_t));
    float *out = (float *)calloc((size_t)limit * (size_t)dim, sizeof(float));
    int32_t ids[1024];
    double mn = 2, sum = 0;
    int i, worst = -1;
    eb_status s;
    *id_mismatch = 0;
    for (i = 0; i < limit; i++) {
        int k = golden_pick(g, i, limit), n;
        texts[i] = g->text[k];
        lens[i] = g->len[k];
        n = be->vt->tokenize(be->self, g->text[k], g->len[k], ids, 1024);
        if (n != (int)g->nids[k] || memcmp(ids, g->ids[k], sizeof(int32_t) * (size_t)(n > 0 ? n : 0)) != 0) (*id_mismatch)++;
    }
    s = eb_backend_embed(be, texts, lens, limit, out, dim);
    EB_CHECK_STATUS(s, EB_OK);
    for (i = 0; i < limit && s == EB_OK; i++) {
        double c = eb_golden_cosine(out + (size_t)i * (size_t)dim, g->emb + (size_t)golden_pick(g, i, limit) * (size_t)dim, dim);
        sum += c;
        if (c < mn) { mn = c; worst = golden_pick(g, i, limit); }
    }
    if (worst >= 0 && mn < 0.99999) fprintf(stderr, "    worst text #%d (%u bytes): cosine %.7f\n", worst, g->len[worst], mn);
    *mean = limit ? sum / limit : 0;
    free(texts); free(lens); free(out);
    return s == EB_OK ? mn : 0;
}

/* The MiniLM golden set through the model in `folder` with each kernel set in isas that this
   CPU and build have (the others are skipped, AUTO never is). */
static void golden_each_isa(const char *folder, const eb_isa *isas, size_t n_isas, double min_cosine) {
    char dir[4096];
    eb_golden g;
    size_t i;
    eb_golden_model_dir(dir, sizeof dir, folder);
    if (eb_golden_load(&g, "all-MiniLM-L6-v2", 0, DIM)) { EB_CHECK(0); return; }
    for (i = 0; i < n_isas; i++) {
        eb_status st;
        eb_backend *be = open_cpu(dir, isas[i], 2, EB_CPU_AUTO, 1, &st);
        double mn, mean;
        int idm, limit;
        if (st == EB_UNAVAILABLE && isas[i] != EB_ISA_AUTO) {
            fprintf(stderr, "  %s: not on this CPU/build, skipped (%s)\n", eb__isa_name(isas[i]), eb_last_error());
            continue;
        }
        EB_CHECK_STATUS(st, EB_OK);
        if (!be) { fprintf(stderr, "  %s\n", eb_last_error()); continue; }
        limit = golden_limit(&g, isas[i] != EB_ISA_SCALAR);   /* scalar: subset, it is slow */
        mn = golden_run(be, &g, limit, DIM, &mean, &idm);
        fprintf(stderr, "  %-6s %s, %3d texts: cosine min %.7f mean %.7f, token-id mismatches %d\n",
                eb__isa_name(isas[i]), folder, limit, mn, mean, idm);
        EB_CHECK(mn >= min_cosine);
        EB_CHECK_EQ_INT(idm, 0);
        {
            eb_backend_info info;
            eb_backend_get_info(be, &info);
            EB_CHECK_EQ_INT(info.dim, DIM);
            EB_CHECK_EQ_INT(info.max_tokens, 256);
            EB_CHECK(info.flags & EB_BACKEND_RAGGED);
            EB_CHECK(strstr(info.name, "cpu") != NULL);
        }
        eb_backend_destroy(be);
    }
    eb_golden_free(&g);
}

static void test_golden_minilm_every_isa(void) {
    static const eb_isa isas[] = {EB_ISA_AUTO, EB_ISA_SCALAR, EB_ISA_AVX2, EB_ISA_AVX512, EB_ISA_NEON};
    golden_each_isa("all-MiniLM-L6-v2", isas, sizeof isas / sizeof isas[0], 0.99999);
}

/* F16-stored weights, every kernel set this CPU has (the run on an AVX-512 host uses this). */
static void test_golden_f16_weights(void) {
    static const eb_isa isas[] = {EB_ISA_AUTO, EB_ISA_AVX2, EB_ISA_AVX512, EB_ISA_NEON};
    golden_each_isa("all-MiniLM-L6-v2-f16", isas, sizeof isas / sizeof isas[0], 0.9999);
}

/* paraphrase-MiniLM-L3-v2: 3 layers, max_seq_length 128, mean pooling, no Normalize. */
static void test_golden_second_model(void) {
    char dir[4096];
    eb_golden g;
    eb_status st;
    eb_backend *be;
    double mn, mean;
    int idm;
    eb_golden_model_dir(dir, sizeof dir, "paraphrase-MiniLM-L3-v2");
    if (eb_golden_load(&g, "paraphrase-MiniLM-L3-v2", 0, DIM)) { EB_CHECK(0); return; }
    be = open_cpu(dir, EB_ISA_AUTO, 2, EB_CPU_AUTO, 1, &st);
    EB_CHECK_STATUS(st, EB_OK);
    if (be) {
        eb_backend_info info;
        eb_backend_get_info(be, &info);
        EB_CHECK_EQ_INT(info.max_tokens, 128);
        mn = golden_run(be, &g, golden_limit(&g, 1), DIM, &mean, &idm);
        fprintf(stderr, "  paraphrase-MiniLM-L3-v2: cosine min %.7f mean %.7f, id mismatches %d\n", mn, mean, idm);
        EB_CHECK(mn >= 0.99999);
        EB_CHECK_EQ_INT(idm, 0);
        {   /* no Normalize module: the vectors are not unit length */
            float v[DIM];
            const char *t = "an unnormalised sentence embedding";
            double norm = 0;
            int i;
            EB_CHECK_STATUS(eb_backend_embed(be, &t, NULL, 1, v, DIM), EB_OK);
            for (i = 0; i < DIM; i++) norm += (double)v[i] * v[i];
            EB_CHECK(fabs(sqrt(norm) - 1.0) > 0.01);
        }
        eb_backend_destroy(be);
    }
    eb_golden_free(&g);
}

/* Threads, modes, slots and batch composition change nothing in the output. */
static void test_deterministic_across_modes(void) {
    char dir[4096];
    eb_golden g;
    eb_status st;
    int limit, i, c;
    float *ref, *out;
    const char **texts;
    size_t *lens;
    struct { int threads; eb_cpu_mode mode; int conc; } cfg[4] = {
        {1, EB_CPU_LATENCY, 1}, {2, EB_CPU_LATENCY, 1}, {2, EB_CPU_THROUGHPUT, 1}, {2, EB_CPU_AUTO, 2}};
    eb_golden_model_dir(dir, sizeof dir, "all-MiniLM-L6-v2");
    if (eb_golden_load(&g, "all-MiniLM-L6-v2", 0, 0)) { EB_CHECK(0); return; }
    limit = golden_limit(&g, 0);
    ref = (float *)calloc((size_t)limit * DIM, sizeof(float));
    out = (float *)calloc((size_t)limit * DIM, sizeof(float));
    texts = (const char **)calloc((size_t)limit, sizeof(char *));
    lens = (size_t *)calloc((size_t)limit, sizeof(size_t));
    for (i = 0; i < limit; i++) { texts[i] = g.text[golden_pick(&g, i, limit)]; lens[i] = g.len[golden_pick(&g, i, limit)]; }
    for (c = 0; c < 4; c++) {
        eb_backend *be = open_cpu(dir, EB_ISA_AUTO, cfg[c].threads, cfg[c].mode, cfg[c].conc, &st);
        EB_CHECK_STATUS(st, EB_OK);
        if (!be) continue;
        EB_CHECK_STATUS(eb_backend_embed(be, texts, lens, limit, c ? out : ref, DIM), EB_OK);
        if (c) EB_CHECK_MSG(memcmp(ref, out, sizeof(float) * (size_t)limit * DIM) == 0, "config %d differs", c);
        if (c == 1) {           /* one text per call equals the same text inside a batch */
            int same = 1;
            for (i = 0; i < limit; i += 5) {
                float v[DIM];
                EB_CHECK_STATUS(eb_backend_embed(be, texts + i, lens + i, 1, v, DIM), EB_OK);
                if (memcmp(v, ref + (size_t)i * DIM, sizeof v) != 0) same = 0;
            }
            EB_CHECK(same);
        }
        eb_backend_destroy(be);
    }
    free(ref); free(out); free(texts); free(lens);
    eb_golden_free(&g);
}

typedef struct bat_thread { eb_batcher *b; const eb_golden *g; int start, step, limit, bad; } bat_thread;
static void *bat_main(void *arg) {
    bat_thread *t = (bat_thread *)arg;
    int i;
    float v[DIM];
    for (i = t->start; i < t->limit; i += t->step) {
        int k = golden_pick(t->g, i, t->limit);
        eb_request_desc rd;
        eb_request *r;
        memset(&rd, 0, sizeof rd);
        rd.text = t->g->text[k];
        rd.len = t->g->len[k];      /* one golden text holds a NUL: strlen would cut it */
        rd.out = v;
        rd.out_dim = DIM;
        r = eb_submit(t->b, &rd);
        if (eb_wait(r, EB_FOREVER) != EB_OK || eb_golden_cosine(v, t->g->emb + (size_t)k * DIM, DIM) < 0.99999) t->bad++;
        eb_request_free(r);
    }
    return NULL;
}

static void test_through_batcher(void) {
    char dir[4096];
    eb_golden g;
    eb_status st;
    eb_backend *be;
    eb_batcher *b = NULL;
    eb_batcher_desc bd;
    bat_thread th[4];
    pthread_t t[4];
    eb_stats s;
    int i, limit;
    eb_golden_model_dir(dir, sizeof dir, "all-MiniLM-L6-v2");
    if (eb_golden_load(&g, "all-MiniLM-L6-v2", 0, DIM)) { EB_CHECK(0); return; }
    be = open_cpu(dir, EB_ISA_AUTO, 2, EB_CPU_AUTO, 1, &st);
    EB_CHECK_STATUS(st, EB_OK);
    if (!be) { eb_golden_free(&g); return; }
    memset(&bd, 0, sizeof bd);
    bd.backend = be;
    bd.max_batch_size = 16;
    EB_CHECK_STATUS(eb_batcher_create(&bd, &b), EB_OK);
    limit = golden_limit(&g, 1);
    for (i = 0; i < 4; i++) {
        th[i].b = b; th[i].g = &g; th[i].start = i; th[i].step = 4; th[i].limit = limit; th[i].bad = 0;
        pthread_create(&t[i], NULL, bat_main, &th[i]);
    }
    for (i = 0; i < 4; i++) { pthread_join(t[i], NULL); EB_CHECK_EQ_INT(th[i].bad, 0); }
    eb_batcher_stats(b, &s);
    EB_CHECK_EQ_INT(s.resolved[EB_OK], limit);
    fprintf(stderr, "  %d texts from 4 threads in %llu batches (mean %.1f)\n", limit, (unsigned long long)s.batches, s.batch_size.mean);
    eb_batcher_destroy(b);
    eb_backend_destroy(be);
    eb_golden_free(&g);
}

/* ---- hostile model folders ---------------------------------------------------------------- */
static void write_file(const char *dir, const char *name, const char *data, size_t len) {
    char p[4096];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    f = fopen(p, "wb");
    if (!f) return;
    fwrite(data, 1, len, f);
    fclose(f);
}

static void copy_file(const char *from_dir, const char *to_dir, const char *name) {
    char p[4096];
    size_t len = 0;
    unsigned char *b;
    snprintf(p, sizeof p, "%s/%s", from_dir, name);
    b = eb_golden_slurp(p, &len);
    if (b) { write_file(to_dir, name, (const char *)b, len); free(b); }
}

static const char *good_config =
    "{\"model_type\":\"bert\",\"hidden_act\":\"gelu\",\"hidden_size\":384,\"num_attention_heads\":12,"
    "\"num_hidden_layers\":6,\"intermediate_size\":1536,\"vocab_size\":30522,\"max_position_embeddings\":512,"
    "\"type_vocab_size\":2,\"layer_norm_eps\":1e-12}";

/* Builds tmp/<case> with the real tokenizer/weights and the given config overrides. */
static eb_status try_folder(const char *src, const char *tmp, const char *name, const char *config,
                            const char *pooling, int weights_bytes, int with_tokenizer) {
    char d[2048], p[4096];
    eb_backend *be = NULL;
    eb_cpu_desc cd;
    eb_status s;
    snprintf(d, sizeof d, "%s/%s", tmp, name);
    mkdir(d, 0700);
    snprintf(p, sizeof p, "%s/1_Pooling", d);
    mkdir(p, 0700);
    if (config) write_file(d, "config.json", config, strlen(config));
    if (pooling) write_file(d, "1_Pooling/config.json", pooling, strlen(pooling));
    copy_file(src, d, "sentence_bert_config.json");
    copy_file(src, d, "modules.json");
    if (with_tokenizer) copy_file(src, d, "vocab.txt");
    if (weights_bytes) {
        char w[4096];
        size_t len = 0;
        unsigned char *b;
        snprintf(w, sizeof w, "%s/model.safetensors", src);
        b = eb_golden_slurp(w, &len);
        if (b) {
            write_file(d, "model.safetensors", (const char *)b, weights_bytes < 0 ? len : (size_t)weights_bytes);
            free(b);
        }
    }
    memset(&cd, 0, sizeof cd);
    cd.model_dir = d;
    cd.threads = 1;
    s = eb_backend_cpu(&cd, &be);
    if (s != EB_OK) EB_CHECK_MSG(strlen(eb_last_error()) > 0, "%s: no error message", name);
    fprintf(stderr, "    %-16s -> %-15s %s\n", name, eb_status_str(s), s == EB_OK ? "" : eb_last_error());
    if (be) eb_backend_destroy(be);
    return s;
}

static void test_hostile_folders(void) {
    char src[4096], tmp[] = "/tmp/eb_cpu_test_XXXXXX";
    const char *mean_pool = "{\"word_embedding_dimension\":384,\"pooling_mode_mean_tokens\":true}";
    eb_cpu_desc cd;
    eb_backend *be = NULL;
    char cfg[1024];
    eb_golden_model_dir(src, sizeof src, "all-MiniLM-L6-v2");
    if (!mkdtemp(tmp)) { EB_CHECK(0); return; }
    memset(&cd, 0, sizeof cd);
    cd.model_dir = "/nonexistent/model";
    EB_CHECK_STATUS(eb_backend_cpu(&cd, &be), EB_IO_ERROR);
    cd.model_dir = NULL;
    EB_CHECK_STATUS(eb_backend_cpu(&cd, &be), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_backend_cpu(NULL, &be), EB_INVALID_ARGUMENT);
    cd.model_dir = src; cd.threads = -1;
    EB_CHECK_STATUS(eb_backend_cpu(&cd, &be), EB_INVALID_ARGUMENT);
    cd.threads = 1; cd.isa = (eb_isa)99;
    EB_CHECK_STATUS(eb_backend_cpu(&cd, &be), EB_INVALID_ARGUMENT);
    cd.isa = EB_ISA_AUTO; cd.max_seq_len = 1;
    EB_CHECK_STATUS(eb_backend_cpu(&cd, &be), EB_INVALID_ARGUMENT);
    EB_CHECK(be == NULL);

    /* the minimal valid folder works: config + pooling + vocab.txt + weights */
    EB_CHECK_STATUS(try_folder(src, tmp, "valid", good_config, mean_pool, -1, 1), EB_OK);
    EB_CHECK_STATUS(try_folder(src, tmp, "no-config", NULL, mean_pool, -1, 1), EB_IO_ERROR);
    EB_CHECK_STATUS(try_folder(src, tmp, "bad-json", "{\"hidden_size\": 384,", mean_pool, -1, 1), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(try_folder(src, tmp, "roberta", "{\"model_type\":\"xlm-roberta\"}", mean_pool, -1, 1), EB_FORMAT_ERROR);
    snprintf(cfg, sizeof cfg, "%.*s,\"hidden_act\":\"gelu_new\"}", (int)strlen(good_config) - 1, good_config);
    EB_CHECK_STATUS(try_folder(src, tmp, "tanh-gelu", cfg, mean_pool, -1, 1), EB_FORMAT_ERROR);
    snprintf(cfg, sizeof cfg, "%.*s,\"hidden_size\":768}", (int)strlen(good_config) - 1, good_config);
    EB_CHECK_STATUS(try_folder(src, tmp, "shape-mismatch", cfg, mean_pool, -1, 1), EB_FORMAT_ERROR);
    snprintf(cfg, sizeof cfg, "%.*s,\"num_attention_heads\":7}", (int)strlen(good_config) - 1, good_config);
    EB_CHECK_STATUS(try_folder(src, tmp, "heads", cfg, mean_pool, -1, 1), EB_FORMAT_ERROR);
    snprintf(cfg, sizeof cfg, "%.*s,\"num_hidden_layers\":-3}", (int)strlen(good_config) - 1, good_config);
    EB_CHECK_STATUS(try_folder(src, tmp, "neg-layers", cfg, mean_pool, -1, 1), EB_FORMAT_ERROR);
    snprintf(cfg, sizeof cfg, "%.*s,\"num_hidden_layers\":7}", (int)strlen(good_config) - 1, good_config);
    EB_CHECK_STATUS(try_folder(src, tmp, "missing-layer", cfg, mean_pool, -1, 1), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(try_folder(src, tmp, "two-poolings", good_config,
                               "{\"pooling_mode_mean_tokens\":true,\"pooling_mode_cls_token\":true}", -1, 1), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(try_folder(src, tmp, "max-pooling", good_config, "{\"pooling_mode_max_tokens\":true}", -1, 1), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(try_folder(src, tmp, "truncated-st", good_config, mean_pool, 5000, 1), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(try_folder(src, tmp, "tiny-st", good_config, mean_pool, 7, 1), EB_FORMAT_ERROR);
    EB_CHECK_STATUS(try_folder(src, tmp, "no-weights", good_config, mean_pool, 0, 1), EB_IO_ERROR);
    EB_CHECK(try_folder(src, tmp, "no-tokenizer", good_config, mean_pool, -1, 0) != EB_OK);
    {
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
        EB_CHECK(system(cmd) == 0);
    }
}

/* max_seq_len may only lower the model's limit; texts are cut to it. */
static void test_max_seq_override(void) {
    char dir[4096];
    eb_cpu_desc cd;
    eb_backend *be = NULL;
    eb_backend_info info;
    int32_t ids[300];
    const char *t = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen";
    eb_golden_model_dir(dir, sizeof dir, "all-MiniLM-L6-v2");
    memset(&cd, 0, sizeof cd);
    cd.model_dir = dir;
    cd.threads = 1;
    cd.max_seq_len = 16;
    EB_CHECK_STATUS(eb_backend_cpu(&cd, &be), EB_OK);
    if (!be) return;
    eb_backend_get_info(be, &info);
    EB_CHECK_EQ_INT(info.max_tokens, 16);
    EB_CHECK_EQ_INT(be->vt->tokenize(be->self, t, strlen(t), ids, 300), 16);
    EB_CHECK_EQ_INT(ids[0], 101);
    EB_CHECK_EQ_INT(ids[15], 102);
    eb_backend_destroy(be);
    cd.max_seq_len = 100000;             /* larger than the model's: keeps 256 */
    EB_CHECK_STATUS(eb_backend_cpu(&cd, &be), EB_OK);
    if (!be) return;
    eb_backend_get_info(be, &info);
    EB_CHECK_EQ_INT(info.max_tokens, 256);
    eb_backend_destroy(be);
}

int main(void) {
    EB_RUN(test_golden_minilm_every_isa);
    EB_RUN(test_golden_f16_weights);
    EB_RUN(test_golden_second_model);
    EB_RUN(test_deterministic_across_modes);
    EB_RUN(test_through_batcher);
    EB_RUN(test_hostile_folders);
    EB_RUN(test_max_seq_override);
    return eb_test_summary();
}
