/* libFuzzer harness for the tokenizer's encode path. Tokenizers are loaded once: the model in
 * $EB_MODEL_DIR (else a built-in vocab, so the fuzzer always runs) plus two built-in configs
 * that reach the slow paths (normalized and single_word added tokens, no clean_text, words up
 * to 300 chars on the heap). The first input byte picks the tokenizer and max_ids.
 * Invariants: 2 <= n <= max_ids, [CLS] first, [SEP] last, ids < vocab size, count-only
 * agrees, and a shorter max_ids gives a prefix of the longer result. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"

static const char builtin_vocab[] =
    "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n!\n\"\n#\n$\n%\n&\n'\n(\n)\n*\n+\n,\n-\n.\n/\n0\n1\n2\n3\n"
    ":\n;\n<\n=\n>\n?\n@\n[\n\\\n]\n^\n_\n`\n{\n|\n}\n~\na\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
    "n\no\np\nq\nr\ns\nt\nu\nv\nw\nx\ny\nz\n##a\n##b\n##c\n##d\n##e\n##s\n##ing\n##ed\nthe\nhello\n"
    "world\nun\n##aff\n##able\ncafe\n\xe6\x9d\xb1\n\xe4\xba\xac\n\xce\xb1\n\xd0\xb0\n\xe1\x84\x80\n"
    "##\xe1\x85\xa1\n\xc3\xa9\ni\n##\xcc\x87\n";

static const char tiny_json_fmt[] =
    "{\"added_tokens\":[{\"id\":0,\"content\":\"[UNK]\",\"special\":true,\"normalized\":false},"
    "{\"id\":1,\"content\":\"[CLS]\",\"special\":true,\"normalized\":false},"
    "{\"id\":2,\"content\":\"[SEP]\",\"special\":true,\"normalized\":false},"
    "{\"id\":9,\"content\":\"Hello\",\"single_word\":true,\"normalized\":true},"
    "{\"id\":9,\"content\":\"ab\",\"single_word\":true,\"normalized\":false},"
    "{\"id\":9,\"content\":\"\xc3\xa9\",\"normalized\":true},{\"id\":9,\"content\":\"bc\",\"normalized\":false}],"
    "\"normalizer\":{\"type\":\"BertNormalizer\",\"clean_text\":%s,\"handle_chinese_chars\":true,"
    "\"strip_accents\":%s,\"lowercase\":%s},\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},"
    "\"post_processor\":{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",2],\"cls\":[\"[CLS]\",1]},"
    "\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\","
    "\"max_input_chars_per_word\":%d,\"vocab\":{\"[UNK]\":0,\"[CLS]\":1,\"[SEP]\":2,\"a\":3,\"##a\":4,"
    "\"hello\":5,\"e\":6,\"##e\":7,\"b\":8,\"##b\":9}}}";

static eb__tokenizer *toks[3];

static void load_all(void) {
    const char *dir = getenv("EB_MODEL_DIR");
    char json[2048];
    if (!dir || eb__tokenizer_load_dir(dir, NULL, &toks[0]) != EB_OK)
        if (eb__tokenizer_load_vocab(builtin_vocab, sizeof builtin_vocab - 1, 1, NULL, &toks[0]) != EB_OK) __builtin_trap();
    snprintf(json, sizeof json, tiny_json_fmt, "false", "null", "true", 300);
    if (eb__tokenizer_load_json(json, strlen(json), NULL, &toks[1]) != EB_OK) __builtin_trap();
    snprintf(json, sizeof json, tiny_json_fmt, "true", "true", "false", 3);
    if (eb__tokenizer_load_json(json, strlen(json), NULL, &toks[2]) != EB_OK) __builtin_trap();
}

static void check(const eb__tokenizer *t, const char *s, size_t len, int max_ids) {
    static int32_t ids[600], ids2[600];
    int n = eb__tokenizer_encode(t, s, len, ids, max_ids), i, m;
    if (n < 2 || n > max_ids) __builtin_trap();
    if (ids[0] != eb__tokenizer_cls_id(t) || ids[n - 1] != eb__tokenizer_sep_id(t)) __builtin_trap();
    for (i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= eb__tokenizer_vocab_size(t)) __builtin_trap();
    if (eb__tokenizer_encode(t, s, len, NULL, max_ids) != n) __builtin_trap();
    m = eb__tokenizer_encode(t, s, len, ids2, n > 2 ? n - 1 : 2);
    if (m != (n > 2 ? n - 1 : 2)) __builtin_trap();
    for (i = 1; i < m - 1; i++)
        if (ids2[i] != ids[i]) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const int maxes[8] = {2, 3, 4, 8, 32, 256, 512, 600};
    const eb__tokenizer *t;
    if (!toks[0]) load_all();
    if (size == 0) {
        check(toks[0], "", 0, 256);
        return 0;
    }
    t = toks[data[0] % 3];
    check(t, (const char *)data + 1, size - 1, maxes[(data[0] >> 2) & 7]);
    if (eb__tokenizer_encode(t, NULL, 0, NULL, 8) != -1 || eb__tokenizer_encode(t, "x", 1, NULL, 1) != -1) __builtin_trap();
    return 0;
}
