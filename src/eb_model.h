/* =====================================================================================
 *  MODEL FOLDER
 *  Reads a Hugging Face sentence-transformers folder as it is, shared by the CPU and CUDA
 *  backends: config.json (architecture), sentence_bert_config.json (max_seq_length: the
 *  truncation that counts; tokenizer.json's baked truncation is ignored), modules.json
 *  (is there a Normalize module), 1_Pooling/config.json (mean or CLS), tokenizer.json or
 *  vocab.txt, model.safetensors (F32/F16/BF16, mmapped, validated).
 * ===================================================================================== */
typedef struct eb__model {
    eb__bert_config cfg;
    int max_seq_len;          /* tokens per text, [CLS] and [SEP] included */
    eb__tokenizer *tok;
    eb__st_file *st;
    eb_allocator alloc;
} eb__model;

/* dir/name into buf; fails if it does not fit */
EB__FN eb_status eb__path_join(char *buf, size_t cap, const char *dir, const char *name) {
    int n = snprintf(buf, cap, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= cap) return eb__fail(EB_INVALID_ARGUMENT, "model: path too long: %s/%s", dir, name);
    return EB_OK;
}

EB__FN int eb__file_exists(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    fclose(f);
    return 1;
}

/* Reads an optional JSON file: *doc stays NULL if the file is absent. */
EB__FN eb_status eb__model_json(const char *dir, const char *name, const eb_allocator *a, eb__json_doc **doc) {
    char path[4096];
    eb_status s;
    *doc = NULL;
    if ((s = eb__path_join(path, sizeof path, dir, name)) != EB_OK) return s;
    if (!eb__file_exists(path)) return EB_OK;
    if ((s = eb__json_parse_file(path, a, doc)) != EB_OK) return eb__fail_prefix(s, "model: ");
    if (eb__json_kind(eb__json_root(*doc)) != EB__JSON_OBJECT) {
        eb__json_free(*doc);
        *doc = NULL;
        return eb__fail(EB_FORMAT_ERROR, "model: %s is not a JSON object", path);
    }
    return EB_OK;
}

EB__FN eb_status eb__model_int(const eb__json *o, const char *key, int required, int lo, int hi, int *out) {
    int64_t v;
    const eb__json *j = eb__json_get(o, key);
    if (!j) {
        if (required) return eb__fail(EB_FORMAT_ERROR, "model: config.json lacks \"%s\"", key);
        return EB_OK;
    }
    if (!eb__json_int(j, &v) || v < lo || v > hi)
        return eb__fail(EB_FORMAT_ERROR, "model: config.json \"%s\" must be an integer in %d..%d", key, lo, hi);
    *out = (int)v;
    return EB_OK;
}

EB__FN eb_status eb__model_read_config(const char *dir, const eb_allocator *a, eb__model *m) {
    eb__json_doc *doc = NULL;
    const eb__json *o;
    eb_status s;
    size_t n;
    const char *str;
    double eps = 1e-12;
    eb__bert_config *c = &m->cfg;
    if ((s = eb__model_json(dir, "config.json", a, &doc)) != EB_OK) return s;
    if (!doc) return eb__fail(EB_IO_ERROR, "model: %s/config.json not found", dir);
    o = eb__json_root(doc);
    str = eb__json_get_str(o, "model_type", &n);
    if (str && !(n == 4 && !memcmp(str, "bert", 4))) {
        eb__json_free(doc);
        return eb__fail(EB_FORMAT_ERROR, "model: model_type \"%.*s\" is not supported (only BERT encoders)", (int)EB__MIN(n, (size_t)40), str);
    }
    str = eb__json_get_str(o, "hidden_act", &n);
    if (str && !(n == 4 && !memcmp(str, "gelu", 4))) {
        eb__json_free(doc);
        return eb__fail(EB_FORMAT_ERROR, "model: hidden_act \"%.*s\" is not supported (exact-erf \"gelu\" only)", (int)EB__MIN(n, (size_t)40), str);
    }
    str = eb__json_get_str(o, "position_embedding_type", &n);
    if (str && !(n == 8 && !memcmp(str, "absolute", 8))) {
        eb__json_free(doc);
        return eb__fail(EB_FORMAT_ERROR, "model: position_embedding_type \"%.*s\" is not supported", (int)EB__MIN(n, (size_t)40), str);
    }
    c->type_vocab = 2;
    if ((s = eb__model_int(o, "num_hidden_layers", 1, 1, 256, &c->n_layers)) != EB_OK ||
        (s = eb__model_int(o, "hidden_size", 1, 1, 16384, &c->hidden)) != EB_OK ||
        (s = eb__model_int(o, "num_attention_heads", 1, 1, 1024, &c->n_heads)) != EB_OK ||
        (s = eb__model_int(o, "intermediate_size", 1, 1, 65536, &c->ffn)) != EB_OK ||
        (s = eb__model_int(o, "vocab_size", 1, 1, 1 << 22, &c->vocab)) != EB_OK ||
        (s = eb__model_int(o, "max_position_embeddings", 1, 2, 1 << 16, &c->max_pos)) != EB_OK ||
        (s = eb__model_int(o, "type_vocab_size", 0, 1, 1024, &c->type_vocab)) != EB_OK) {
        eb__json_free(doc);
        return s;
    }
    if (eb__json_get(o, "layer_norm_eps") && (!eb__json_get_num(o, "layer_norm_eps", &eps) || !(eps > 0 && eps < 1))) {
        eb__json_free(doc);
        return eb__fail(EB_FORMAT_ERROR, "model: layer_norm_eps must be a number in (0, 1)");
    }
    c->ln_eps = (float)eps;
    eb__json_free(doc);
    if (c->hidden % c->n_heads)
        return eb__fail(EB_FORMAT_ERROR, "model: hidden_size %d is not a multiple of num_attention_heads %d", c->hidden, c->n_heads);
    return EB_OK;
}

/* Pooling from 1_Pooling/config.json, normalisation from modules.json, max length from
   sentence_bert_config.json. A plain HF folder without them gets mean pooling, no L2. */
EB__FN eb_status eb__model_read_st(const char *dir, const eb_allocator *a, eb__model *m) {
    eb__json_doc *doc = NULL;
    const eb__json *o;
    eb_status s;
    int64_t v;
    int flag;
    size_t i;
    m->cfg.pooling = EB__POOLING_MEAN;
    m->cfg.normalize = 0;
    m->max_seq_len = EB__MIN(512, m->cfg.max_pos);
    if ((s = eb__model_json(dir, "sentence_bert_config.json", a, &doc)) != EB_OK) return s;
    if (doc) {
        const eb__json *j = eb__json_get(eb__json_root(doc), "max_seq_length");
        if (j) {
            if (!eb__json_int(j, &v) || v < 2) {
                eb__json_free(doc);
                return eb__fail(EB_FORMAT_ERROR, "model: sentence_bert_config.json max_seq_length must be an integer >= 2");
            }
            m->max_seq_len = (int)EB__MIN(v, (int64_t)m->cfg.max_pos);
        }
        eb__json_free(doc);
    }
    if ((s = eb__model_json(dir, "1_Pooling/config.json", a, &doc)) != EB_OK) return s;
    if (doc) {
        int mean = 0, cls = 0, other = 0;
        static const char *const unsupported[] = {"pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens",
                                                  "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"};
        o = eb__json_root(doc);
        eb__json_get_bool(o, "pooling_mode_mean_tokens", &mean);
        eb__json_get_bool(o, "pooling_mode_cls_token", &cls);
        for (i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++)
            if (eb__json_get_bool(o, unsupported[i], &flag) && flag) other = 1;
        eb__json_free(doc);
        if (other || mean + cls != 1)
            return eb__fail(EB_FORMAT_ERROR, "model: 1_Pooling/config.json must select exactly one of mean or CLS pooling");
        m->cfg.pooling = cls ? EB__POOLING_CLS : EB__POOLING_MEAN;
    }
    {
        /* modules.json is a JSON array, so it skips eb__model_json's object check */
        char path[4096];
        if ((s = eb__path_join(path, sizeof path, dir, "modules.json")) != EB_OK) return s;
        if (eb__file_exists(path)) {
            if ((s = eb__json_parse_file(path, a, &doc)) != EB_OK) return eb__fail_prefix(s, "model: ");
            o = eb__json_root(doc);
            if (eb__json_kind(o) != EB__JSON_ARRAY) {
                eb__json_free(doc);
                return eb__fail(EB_FORMAT_ERROR, "model: modules.json is not an array");
            }
            for (i = 0; i < eb__json_len(o); i++) {
                size_t n;
                const char *type = eb__json_get_str(eb__json_at(o, i), "type", &n);
                if (type && n >= 9 && !memcmp(type + n - 9, "Normalize", 9)) m->cfg.normalize = 1;
            }
            eb__json_free(doc);
        }
    }
    return EB_OK;
}

EB__FN void eb__model_close(eb__model *m) {
    if (m->tok) eb__tokenizer_free(m->tok);
    if (m->st) eb__st_close(m->st);
    m->tok = NULL;
    m->st = NULL;
}

/* eb__tensor_fn over the model's safetensors file (fp32 out, any float dtype in). */
EB__FN eb_status eb__model_tensor(void *model, const char *name, const int64_t *shape, int ndim, float *out) {
    eb__model *m = (eb__model *)model;
    return eb__st_read_f32(m->st, name, shape, ndim, out);
}

EB__FN eb_status eb__model_open(const char *dir, int max_seq_override, const eb_allocator *a, eb__model *out) {
    char path[4096];
    eb_status s;
    memset(out, 0, sizeof *out);
    if (a) out->alloc = *a;
    if (!dir || !dir[0]) return eb__fail(EB_INVALID_ARGUMENT, "model: model_dir is empty");
    if (max_seq_override < 0 || max_seq_override == 1)
        return eb__fail(EB_INVALID_ARGUMENT, "model: max_seq_len must be 0 (from the model) or >= 2");
    if ((s = eb__model_read_config(dir, a, out)) != EB_OK) return s;
    if ((s = eb__model_read_st(dir, a, out)) != EB_OK) return s;
    if (max_seq_override && max_seq_override < out->max_seq_len) out->max_seq_len = max_seq_override;
    if ((s = eb__tokenizer_load_dir(dir, a, &out->tok)) != EB_OK) { eb__model_close(out); return s; }
    if (eb__tokenizer_vocab_size(out->tok) > out->cfg.vocab) {
        s = eb__fail(EB_FORMAT_ERROR, "model: tokenizer has %d ids but the model only %d", eb__tokenizer_vocab_size(out->tok), out->cfg.vocab);
        eb__model_close(out);
        return s;
    }
    if ((s = eb__path_join(path, sizeof path, dir, "model.safetensors")) != EB_OK) { eb__model_close(out); return s; }
    if ((s = eb__st_open(path, a, &out->st)) != EB_OK) { eb__model_close(out); return s; }
    return EB_OK;
}
