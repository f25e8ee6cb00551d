/* Minimal test harness shared by tests/test_*.c. Valid C99/C11 and C++17.
 * Each EB_TEST function runs in order; EB_CHECK records a failure and goes on.
 * main() prints "N passed, N failed" as its last line; tests/run.sh adds them up. */
#ifndef EB_TEST_H
#define EB_TEST_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

static int eb_test_failed_checks;
static int eb_test_passed, eb_test_failed;

#define EB_CHECK(cond) do { if (!(cond)) { eb_test_failed_checks++; \
    fprintf(stderr, "  FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define EB_CHECK_MSG(cond, ...) do { if (!(cond)) { eb_test_failed_checks++; \
    fprintf(stderr, "  FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)
#define EB_CHECK_EQ_INT(a, b) do { long long eb_a_ = (long long)(a), eb_b_ = (long long)(b); \
    if (eb_a_ != eb_b_) { eb_test_failed_checks++; \
    fprintf(stderr, "  FAIL %s:%d: %s == %s (%lld vs %lld)\n", __FILE__, __LINE__, #a, #b, eb_a_, eb_b_); } } while (0)
#define EB_CHECK_STATUS(expr, want) do { eb_status eb_s_ = (expr); if (eb_s_ != (want)) { \
    eb_test_failed_checks++; fprintf(stderr, "  FAIL %s:%d: %s -> %s, want %s (%s)\n", __FILE__, __LINE__, \
    #expr, eb_status_str(eb_s_), eb_status_str(want), eb_last_error()); } } while (0)

/* EB_TEST_FILTER=substr runs only the tests whose name contains it (e.g. on a host that has
   only some of the models). */
#define EB_RUN(fn) do { int eb_before_ = eb_test_failed_checks; \
    const char *eb_filter_ = getenv("EB_TEST_FILTER"); \
    if (eb_filter_ && *eb_filter_ && !strstr(#fn, eb_filter_)) break; \
    fprintf(stderr, "- %s\n", #fn); fn(); \
    if (eb_test_failed_checks == eb_before_) eb_test_passed++; else eb_test_failed++; } while (0)

static int eb_test_summary(void) {
    printf("%d passed, %d failed\n", eb_test_passed, eb_test_failed);
    return eb_test_failed ? 1 : 0;
}

/* Work scale for stress tests: 1.0 normally; sanitizer runs set EB_TEST_SCALE (e.g. 0.1). */
static __attribute__((unused)) double eb_test_scale(void) {
    const char *s = getenv("EB_TEST_SCALE");
    double v = s ? atof(s) : 1.0;
    return v > 0 ? v : 1.0;
}
static __attribute__((unused)) long eb_test_scaled(long n) {
    long v = (long)((double)n * eb_test_scale());
    return v < 1 ? 1 : v;
}

/* A counting eb_allocator for allocator-override tests (include embedbatch.h first).
   fail_at = N makes the Nth allocation (1-based) fail once; misaligned counts results that
   break the requested alignment. Counters are atomic: batcher workers free concurrently. */
#ifdef EMBEDBATCH_H_INCLUDED
typedef struct eb_test_alloc { long allocs, frees, live_bytes, fail_at; int misaligned; } eb_test_alloc;

static __attribute__((unused)) void *eb_test_alloc_fn(size_t size, size_t align, void *user) {
    eb_test_alloc *c = (eb_test_alloc *)user;
    void *p = NULL;
    if (c->fail_at && __atomic_load_n(&c->allocs, __ATOMIC_RELAXED) + 1 == c->fail_at) {
        c->fail_at = 0;
        return NULL;
    }
    if (posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align, size) != 0) return NULL;
    __atomic_fetch_add(&c->allocs, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&c->live_bytes, (long)size, __ATOMIC_RELAXED);
    if ((size_t)p % align) __atomic_fetch_add(&c->misaligned, 1, __ATOMIC_RELAXED);
    return p;
}

static __attribute__((unused)) void eb_test_free_fn(void *p, size_t size, void *user) {
    eb_test_alloc *c = (eb_test_alloc *)user;
    __atomic_fetch_add(&c->frees, 1, __ATOMIC_RELAXED);
    __atomic_fetch_sub(&c->live_bytes, (long)size, __ATOMIC_RELAXED);
    free(p);
}

/* Zeroes *c and returns an allocator that counts into it. */
static __attribute__((unused)) eb_allocator eb_test_allocator(eb_test_alloc *c) {
    eb_allocator a;
    memset(c, 0, sizeof *c);
    a.alloc = eb_test_alloc_fn;
    a.free = eb_test_free_fn;
    a.user = c;
    return a;
}
#endif
#endif
