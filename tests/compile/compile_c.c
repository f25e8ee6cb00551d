/* Compile-only check: the whole implementation in one C translation unit. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "embedbatch.h" /* a second include must be harmless */

int eb_compile_probe_c(void);
int eb_compile_probe_c(void) {
    eb_batcher_desc d;
    memset(&d, 0, sizeof d);
    return (int)sizeof d + (int)eb_status_str(EB_OK)[0];
}
