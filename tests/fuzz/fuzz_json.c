/* libFuzzer harness for the JSON reader: parse, walk every node through the accessors
   (iteratively, like the parser), check invariants, free. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"

static void walk(const eb__json *root) {
    const eb__json *stack[EB__JSON_MAX_DEPTH + 2];
    size_t next[EB__JSON_MAX_DEPTH + 2], sp = 0;
    stack[0] = root;
    next[0] = 0;
    sp = 1;
    while (sp) {
        const eb__json *v = stack[sp - 1];
        size_t i = next[sp - 1]++, len;
        double d;
        int64_t n;
        int b;
        const char *s;
        if (i == 0) {                                  /* first visit: touch the scalar */
            switch (eb__json_kind(v)) {
            case EB__JSON_STRING:
                s = eb__json_str(v, &len);
                if (!s || s[len] != 0) __builtin_trap();
                break;
            case EB__JSON_NUMBER:
                if (!eb__json_num(v, &d) || isinf(d)) __builtin_trap();
                if (eb__json_int(v, &n) && n <= (1LL << 53) && n >= -(1LL << 53) && (double)n != d)
                    __builtin_trap();                  /* small exact ints agree with the double */
                break;
            case EB__JSON_TRUE: case EB__JSON_FALSE:
                if (!eb__json_bool(v, &b)) __builtin_trap();
                break;
            default: break;
            }
        }
        if (i >= eb__json_len(v)) { sp--; continue; }
        if (eb__json_kind(v) == EB__JSON_OBJECT) {
            s = eb__json_key_at(v, i, &len);
            if (!s || s[len] != 0) __builtin_trap();
            /* get by this key finds a member with that key (the last duplicate); lookups are
               linear, so only on small objects to keep the harness fast */
            if (eb__json_len(v) <= 64) {
                const eb__json *g = eb__json_getn(v, s, len);
                if (!g) __builtin_trap();
                if (!eb__json_has_duplicate_keys(v) && g != eb__json_at(v, i)) __builtin_trap();
            }
        }
        if (sp > EB__JSON_MAX_DEPTH) __builtin_trap();
        stack[sp] = eb__json_at(v, i);
        next[sp] = 0;
        sp++;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    eb__json_doc *doc = NULL;
    eb_status s = eb__json_parse((const char *)data, size, NULL, &doc);
    if (s == EB_OK) {
        walk(eb__json_root(doc));
        eb__json_free(doc);
    } else if (s != EB_FORMAT_ERROR || doc != NULL) {
        __builtin_trap();
    }
    return 0;
}
