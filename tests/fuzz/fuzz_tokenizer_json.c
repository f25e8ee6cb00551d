/* libFuzzer harness for eb__tokenizer_load_json on arbitrary bytes: a load either fails with
 * a status and leaves *out NULL, or gives a tokenizer whose ids stay inside its vocabulary on
 * a few texts that touch every stage. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"

static const char *const texts[] = {
    "", "Hello, World! [CLS] [SEP][MASK]x caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac \xea\xb0\x80 \xc4\xb0",
    "unaffable ##a a##b \xcc\x81\xcc\x81 \xf0\x9f\x98\x80 \xff\xfe ab bc abc",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    eb__tokenizer *t = (eb__tokenizer *)&t;
    int32_t ids[64];
    size_t i;
    eb_status st = eb__tokenizer_load_json((const char *)data, size, NULL, &t);
    if (st != EB_OK) {
        if (t != NULL || eb_last_error()[0] == 0) __builtin_trap();
        return 0;
    }
    for (i = 0; i < sizeof texts / sizeof *texts; i++) {
        int max = 2 + (int)(i * 20), n, k;
        if (max < eb__tokenizer_num_special(t)) continue;
        n = eb__tokenizer_encode(t, texts[i], strlen(texts[i]), ids, max);
        if (n < eb__tokenizer_num_special(t) || n > max) __builtin_trap();
        for (k = 0; k < n; k++)
            if (ids[k] < 0 || ids[k] >= eb__tokenizer_vocab_size(t)) __builtin_trap();
    }
    eb__tokenizer_free(t);
    return 0;
}
