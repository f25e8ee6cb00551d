/* =====================================================================================
 *  PLATFORM
 *  Atomics (GCC/Clang __atomic builtins: they work on plain objects in C and C++ alike),
 *  pthreads, condvars on CLOCK_MONOTONIC, clock, cpu features, errors, allocation.
 * ===================================================================================== */
#include <pthread.h>
#include <time.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <stdarg.h>
#include <math.h>
#include <unistd.h>
#include <sched.h>

#ifndef EMBEDBATCH_ASSERT
#  include <assert.h>
#  define EMBEDBATCH_ASSERT(c) assert(c)
#endif
#ifndef EMBEDBATCH_CACHELINE
#  define EMBEDBATCH_CACHELINE 64
#endif
#ifndef EMBEDBATCH_SPIN_COUNT
#  define EMBEDBATCH_SPIN_COUNT 64
#endif
#define EB__ASSERT(c) EMBEDBATCH_ASSERT(c)

#if !defined(__GNUC__) && !defined(__clang__)
#  error "embedbatch.h: this version needs GCC or Clang (__atomic builtins); MSVC support is planned"
#endif

/* Internal functions: static, and unused ones stay silent under -Wall. */
#define EB__FN static __attribute__((unused))
#define EB__INLINE static inline __attribute__((unused))
#define EB__LIKELY(x) __builtin_expect(!!(x), 1)
#define EB__UNLIKELY(x) __builtin_expect(!!(x), 0)
#define EB__MIN(a, b) ((a) < (b) ? (a) : (b))
#define EB__MAX(a, b) ((a) > (b) ? (a) : (b))
#define EB__ALIGNED(n) __attribute__((aligned(n)))

#ifdef EMBEDBATCH_STATIC
#  define EB__DEF static __attribute__((unused))
#else
#  define EB__DEF
#endif

/* ---- atomics ------------------------------------------------------------------------- */
#define EB__RELAXED __ATOMIC_RELAXED
#define EB__ACQUIRE __ATOMIC_ACQUIRE
#define EB__RELEASE __ATOMIC_RELEASE
#define EB__ACQ_REL __ATOMIC_ACQ_REL
#define EB__SEQ_CST __ATOMIC_SEQ_CST
#define eb__load(p, mo)              __atomic_load_n((p), (mo))
#define eb__store(p, v, mo)          __atomic_store_n((p), (v), (mo))
#define eb__fetch_add(p, v, mo)      __atomic_fetch_add((p), (v), (mo))
#define eb__fetch_sub(p, v, mo)      __atomic_fetch_sub((p), (v), (mo))
#define eb__fetch_or(p, v, mo)       __atomic_fetch_or((p), (v), (mo))
#define eb__exchange(p, v, mo)       __atomic_exchange_n((p), (v), (mo))
#define eb__cas_weak(p, e, d, s, f)  __atomic_compare_exchange_n((p), (e), (d), 1, (s), (f))
#define eb__cas(p, e, d, s, f)       __atomic_compare_exchange_n((p), (e), (d), 0, (s), (f))

EB__INLINE void eb__cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield" ::: "memory");
#endif
}

/* ---- errors (thread-local detail string, stb style) ------------------------------------ */
#if defined(__cplusplus)
#  define EB__THREAD_LOCAL thread_local
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__STDC_NO_THREADS__)
#  define EB__THREAD_LOCAL _Thread_local
#else
#  define EB__THREAD_LOCAL __thread
#endif

static EB__THREAD_LOCAL char eb__error_buf[512];

EB__DEF const char *eb_last_error(void) { return eb__error_buf; }

/* Records a detail message for eb_last_error() and returns s, so callers write
   `return eb__fail(EB_FORMAT_ERROR, "bad header length %llu", n);` */
EB__FN eb_status eb__fail(eb_status s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
EB__FN eb_status eb__fail(eb_status s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(eb__error_buf, sizeof eb__error_buf, fmt, ap);
    va_end(ap);
    return s;
}

/* Prefixes the current detail message (copied first: the buffer is both source and target). */
EB__FN eb_status eb__fail_prefix(eb_status s, const char *prefix) {
    char tmp[sizeof eb__error_buf];
    memcpy(tmp, eb__error_buf, sizeof tmp);
    return eb__fail(s, "%s%s", prefix, tmp);
}

EB__DEF const char *eb_status_str(eb_status s) {
    switch (s) {
    case EB_OK: return "ok";
    case EB_TIMEOUT: return "timed out";
    case EB_CANCELLED: return "cancelled";
    case EB_SHUTDOWN: return "shut down";
    case EB_FULL: return "queue full";
    case EB_EMPTY: return "empty";
    case EB_CLOSED: return "closed";
    case EB_BUSY: return "busy";
    case EB_BACKEND_ERROR: return "backend error";
    case EB_INVALID_INPUT: return "invalid input";
    case EB_INVALID_ARGUMENT: return "invalid argument";
    case EB_NOMEM: return "out of memory";
    case EB_UNAVAILABLE: return "unavailable";
    case EB_IO_ERROR: return "i/o error";
    case EB_FORMAT_ERROR: return "format error";
    case EB_PENDING: return "pending";
    default: return "unknown status";
    }
}

/* ---- logging ------------------------------------------------------------------------- */
EB__FN void eb__log(const eb_logger *lg, eb_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
EB__FN void eb__log(const eb_logger *lg, eb_log_level level, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    if (!lg || !lg->func) return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lg->func(level, msg, lg->user);
}

/* ---- allocation ---------------------------------------------------------------------- */
EB__FN int eb__allocator_valid(const eb_allocator *a) {
    return (a->alloc == NULL) == (a->free == NULL);
}

EB__FN void *eb__alloc(const eb_allocator *a, size_t size, size_t align) {
    void *p = NULL;
    if (size == 0) size = 1;
    if (align < sizeof(void *)) align = sizeof(void *);
    if (a && a->alloc) return a->alloc(size, align, a->user);
    if (posix_memalign(&p, align, size) != 0) return NULL;
    return p;
}

EB__FN void *eb__alloc_zero(const eb_allocator *a, size_t size, size_t align) {
    void *p = eb__alloc(a, size, align);
    if (p) memset(p, 0, size ? size : 1);
    return p;
}

EB__FN void eb__free(const eb_allocator *a, void *p, size_t size) {
    if (!p) return;
    if (size == 0) size = 1;
    if (a && a->free) a->free(p, size, a->user);
    else free(p);
}

/* Overflow-checked n * m for array sizes; 0 on overflow. */
EB__INLINE size_t eb__mul_size(size_t n, size_t m) {
    size_t r;
    if (__builtin_mul_overflow(n, m, &r)) return 0;
    return r;
}

/* ---- clock --------------------------------------------------------------------------- */
EB__INLINE int64_t eb__now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

EB__DEF int64_t eb_now_us(void) { return eb__now_ns() / 1000; }

/* Absolute monotonic deadline in ns for a relative timeout in us; -1 = forever. */
EB__INLINE int64_t eb__deadline_ns(int64_t timeout_us) {
    if (timeout_us < 0) return -1;
    if (timeout_us > INT64_MAX / 2000) return -1;   /* centuries: treat as forever */
    return eb__now_ns() + timeout_us * 1000;
}

EB__FN void eb__sleep_us(int64_t us) {
    struct timespec ts;
    if (us <= 0) return;
    ts.tv_sec = (time_t)(us / 1000000);
    ts.tv_nsec = (long)(us % 1000000) * 1000;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

/* ---- mutex / condvar on the monotonic clock ---------------------------------------------- */
typedef struct eb__mutex { pthread_mutex_t m; } eb__mutex;
typedef struct eb__cond { pthread_cond_t c; } eb__cond;

EB__FN int eb__mutex_init(eb__mutex *m) { return pthread_mutex_init(&m->m, NULL); }
EB__FN void eb__mutex_destroy(eb__mutex *m) { pthread_mutex_destroy(&m->m); }
EB__INLINE void eb__mutex_lock(eb__mutex *m) { pthread_mutex_lock(&m->m); }
EB__INLINE void eb__mutex_unlock(eb__mutex *m) { pthread_mutex_unlock(&m->m); }

EB__FN int eb__cond_init(eb__cond *c) {
#if defined(__APPLE__)
    return pthread_cond_init(&c->c, NULL);
#else
    pthread_condattr_t at;
    int rc;
    if ((rc = pthread_condattr_init(&at)) != 0) return rc;
    if ((rc = pthread_condattr_setclock(&at, CLOCK_MONOTONIC)) == 0)
        rc = pthread_cond_init(&c->c, &at);
    pthread_condattr_destroy(&at);
    return rc;
#endif
}
EB__FN void eb__cond_destroy(eb__cond *c) { pthread_cond_destroy(&c->c); }
EB__INLINE void eb__cond_signal(eb__cond *c) { pthread_cond_signal(&c->c); }
EB__INLINE void eb__cond_broadcast(eb__cond *c) { pthread_cond_broadcast(&c->c); }

/* Waits until signalled (spurious wakeups possible) or the monotonic deadline (ns, -1 =
   forever) passes. Returns 0, or ETIMEDOUT once the deadline has passed. */
EB__FN int eb__cond_wait_until(eb__cond *c, eb__mutex *m, int64_t deadline_ns) {
    struct timespec ts;
    int rc;
    if (deadline_ns < 0) return pthread_cond_wait(&c->c, &m->m);
#if defined(__APPLE__)
    {
        int64_t rel = deadline_ns - eb__now_ns();
        if (rel <= 0) return ETIMEDOUT;
        ts.tv_sec = (time_t)(rel / 1000000000);
        ts.tv_nsec = (long)(rel % 1000000000);
        rc = pthread_cond_timedwait_relative_np(&c->c, &m->m, &ts);
    }
#else
    ts.tv_sec = (time_t)(deadline_ns / 1000000000);
    ts.tv_nsec = (long)(deadline_ns % 1000000000);
    rc = pthread_cond_timedwait(&c->c, &m->m, &ts);
#endif
    if (rc == ETIMEDOUT || (deadline_ns >= 0 && eb__now_ns() >= deadline_ns)) return ETIMEDOUT;
    return 0;
}

/* ---- threads ------------------------------------------------------------------------- */
typedef struct eb__thread { pthread_t t; } eb__thread;

EB__FN int eb__thread_start(eb__thread *t, void *(*fn)(void *), void *arg) {
    return pthread_create(&t->t, NULL, fn, arg);
}
EB__FN void eb__thread_join(eb__thread *t) { pthread_join(t->t, NULL); }

EB__FN int eb__num_cpus(void) {
#if defined(__linux__) && defined(CPU_COUNT)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0) return n;
    }
#endif
    {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        return n > 0 ? (int)n : 1;
    }
}

/* ---- cpu features (the one documented global: a once-computed cache) ------------------- */
enum {
    EB__CPU_SSE42 = 1 << 0, EB__CPU_AVX2 = 1 << 1, EB__CPU_FMA = 1 << 2, EB__CPU_F16C = 1 << 3,
    EB__CPU_AVX512F = 1 << 4, EB__CPU_AVX512BW = 1 << 5, EB__CPU_AVX512VL = 1 << 6,
    EB__CPU_AVX512DQ = 1 << 7, EB__CPU_AVX512VNNI = 1 << 8, EB__CPU_AVX512BF16 = 1 << 9,
    EB__CPU_NEON = 1 << 10, EB__CPU_FP16ARITH = 1 << 11,
    EB__CPU_KNOWN = 1 << 30  /* set once detection ran */
};

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
EB__FN unsigned eb__xgetbv0(void) {
    unsigned lo, hi;
    __asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    return lo;
}
#endif

EB__FN unsigned eb__detect_cpu(void) {
    unsigned f = 0;
#if defined(__x86_64__) || defined(__i386__)
    unsigned a, b, c, d, xcr0 = 0;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        int osxsave = (c >> 27) & 1;
        if ((c >> 20) & 1) f |= EB__CPU_SSE42;
        if (osxsave) xcr0 = eb__xgetbv0();
        if ((xcr0 & 6) == 6) {               /* OS saves XMM and YMM state */
            if ((c >> 12) & 1) f |= EB__CPU_FMA;
            if ((c >> 29) & 1) f |= EB__CPU_F16C;
            if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
                if ((b >> 5) & 1) f |= EB__CPU_AVX2;
                if ((xcr0 & 0xe6) == 0xe6) { /* ... and opmask/ZMM state */
                    if ((b >> 16) & 1) f |= EB__CPU_AVX512F;
                    if ((b >> 17) & 1) f |= EB__CPU_AVX512DQ;
                    if ((b >> 30) & 1) f |= EB__CPU_AVX512BW;
                    if ((b >> 31) & 1) f |= EB__CPU_AVX512VL;
                    if ((c >> 11) & 1) f |= EB__CPU_AVX512VNNI;
                    if (__get_cpuid_count(7, 1, &a, &b, &c, &d) && ((a >> 5) & 1))
                        f |= EB__CPU_AVX512BF16;
                }
            }
        }
    }
#elif defined(__aarch64__)
    f |= EB__CPU_NEON;   /* mandatory on AArch64 */
#endif
    return f | EB__CPU_KNOWN;
}

static unsigned eb__cpu_cache;

/* Racing first calls compute the same value; the relaxed store makes that benign. */
EB__FN unsigned eb__cpu_features(void) {
    unsigned f = eb__load(&eb__cpu_cache, EB__RELAXED);
    if (EB__UNLIKELY(!f)) {
        f = eb__detect_cpu();
        eb__store(&eb__cpu_cache, f, EB__RELAXED);
    }
    return f;
}

/* ---- small helpers ------------------------------------------------------------------- */
EB__INLINE uint64_t eb__splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

EB__INLINE uint64_t eb__fnv1a64(const void *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i;
    for (i = 0; i < len; i++) { h ^= p[i]; h *= 0x100000001b3ull; }
    return h;
}

EB__INLINE size_t eb__next_pow2(size_t v) {
    size_t p = 1;
    while (p < v && p < ((size_t)1 << (sizeof(size_t) * 8 - 2))) p <<= 1;
    return p;
}
