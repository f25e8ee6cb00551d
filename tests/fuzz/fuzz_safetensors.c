/* libFuzzer harness for the safetensors reader: validate the bytes in place, then look up
   every tensor by name and convert every float tensor into a bounded f32 buffer. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"

#define FUZZ_MAX_FLOATS (1 << 20)
static float fuzz_out[FUZZ_MAX_FLOATS];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    eb__st_file *f = NULL;
    size_t i, len;
    eb_status s = eb__st_open_memory(data, size, NULL, &f);
    if (s != EB_OK) {
        if (s != EB_FORMAT_ERROR || f != NULL) __builtin_trap();
        return 0;
    }
    for (i = 0; i < eb__st_metadata_count(f); i++) {
        if (!eb__st_metadata_key(f, i, &len) || !eb__st_metadata_value(f, i, &len)) __builtin_trap();
    }
    for (i = 0; i < eb__st_count(f); i++) {
        const eb__st_tensor *t = eb__st_at(f, i);
        /* data lies inside the input */
        if (t->offset + t->nbytes > size || (const uint8_t *)t->data != data + t->offset) __builtin_trap();
        if (eb__st_find(f, t->name) != t) __builtin_trap();
        if (!eb__st_find_alias(f, t->name)) __builtin_trap();
        if (eb__dtype_is_float(t->dtype) && t->numel <= FUZZ_MAX_FLOATS) {
            if (eb__st_read_f32(f, t->name, t->shape, t->ndim, fuzz_out) != EB_OK) {
                /* only an alias could pick another tensor; exact names always resolve first */
                __builtin_trap();
            }
            if (eb__st_tensor_to_f32(t, fuzz_out) != EB_OK) __builtin_trap();
        } else if (!eb__dtype_is_float(t->dtype)) {
            if (eb__st_tensor_to_f32(t, fuzz_out) != EB_FORMAT_ERROR) __builtin_trap();
        }
    }
    eb__st_close(f);
    return 0;
}
