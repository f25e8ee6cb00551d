// Compile-only check: the whole implementation in one C++17 translation unit.
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "embedbatch.h"

int eb_compile_probe_cpp();
int eb_compile_probe_cpp() {
    eb_batcher_desc d{};
    return static_cast<int>(sizeof d) + eb_status_str(EB_OK)[0];
}
