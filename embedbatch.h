/* embedbatch.h - v0.1.0 - MIT or public domain - batched, fair, in-process text embeddings
 *
 * GENERATED FILE: edit src/ and run tools/amalgamate.
 *
 * Many threads each want one text embedding; embedbatch turns that into fast, batched,
 * fairly scheduled model calls. One header, libc + pthreads.
 *
 * DO THIS in *one* C or C++ file:
 *
 *     #define EMBEDBATCH_IMPLEMENTATION
 *     #include "embedbatch.h"
 *
 * and include it without the define everywhere else. Link with -lpthread (and -lm).
 * With strict -std=c99/c11 (not gnu99/gnu11) define _GNU_SOURCE (or _POSIX_C_SOURCE=200809L)
 * before your first #include, or include embedbatch.h first: the implementation needs POSIX.
 *
 * QUICK START
 *
 *     eb_backend *be; eb_batcher *b;
 *     eb_cpu_desc cd = {0}; cd.model_dir = "models/all-MiniLM-L6-v2";
 *     if (eb_backend_cpu(&cd, &be) != EB_OK) { puts(eb_last_error()); return 1; }
 *     eb_batcher_desc bd = {0}; bd.backend = be;
 *     eb_batcher_create(&bd, &b);
 *     float v[384];
 *     eb_status s = eb_embed(b, "hello world", v, 384, 1000000);  // 1 s timeout
 *     eb_batcher_destroy(b); eb_backend_destroy(be);
 *
 * COMPILE-TIME SWITCHES (define before including the implementation)
 *
 *     EMBEDBATCH_IMPLEMENTATION   emit the implementation in this translation unit
 *     EMBEDBATCH_STATIC           make every function static (private copy per file)
 *     EMBEDBATCH_API              override the linkage of public functions
 *     EMBEDBATCH_ASSERT(c)        your assert (default: assert.h)
 *     EMBEDBATCH_CACHELINE        false-sharing unit in bytes (default 64; try 128)
 *     EMBEDBATCH_SPIN_COUNT       default spins before parking (default 64)
 *     EMBEDBATCH_NO_SIMD          scalar kernels only
 *     EMBEDBATCH_CUDA             compile the CUDA backend (no GPU needed at build or run time)
 *     EMBEDBATCH_REMOTE           compile the OpenAI-compatible remote backend
 *
 * TABLE OF CONTENTS (each section has a banner: search for "=====  NAME")
 *
 *     PUBLIC API ........ statuses, allocator, MPMC queue, limiter, backends, batcher, stats
 *     PLATFORM .......... atomics, threads, monotonic waits, clock, cpu features, errors
 *     MPMC QUEUE ........ bounded Vyukov queue + parking layer
 *     LIMITER ........... FIFO-fair semaphore with direct handoff
 *     HISTOGRAM ......... atomic log-bucket histograms, Prometheus text
 *     BACKEND ........... vtable wrapper, echo test backend
 *     REQUEST ........... handles, exactly-once completion, waiting
 *     BATCHER ........... admission, priority lanes with aging, batch formation, workers
 *     JSON .............. small DOM reader for config/tokenizer/safetensors headers
 *     SAFETENSORS ....... mmap, validation, tensor lookup
 *     UNICODE ........... generated tables (categories, decomposition, case)
 *     TOKENIZER ......... BERT normalizer + pre-tokenizer + WordPiece
 *     KERNELS ........... GEMM, layer norm, softmax, GELU: scalar / AVX2 / AVX-512 / NEON
 *     THREAD POOL ....... spin-then-park fork/join pool
 *     BERT .............. encoder forward pass, pooling, normalisation
 *     CPU BACKEND ....... model folder loading, backend vtable
 *
 * THREAD SAFETY: every eb_batcher / eb_request / eb_mpmc / eb_limiter call is thread-safe.
 * Backends are called by the batcher one batch at a time unless they declare
 * EB_BACKEND_THREAD_SAFE. eb_*_destroy must not race with other calls on the same object.
 *
 * See README.md for the design, the benchmarks and the licence (end of this file).
 */
#ifndef EMBEDBATCH_H_INCLUDED
#define EMBEDBATCH_H_INCLUDED
/* The implementation needs POSIX (clock_gettime, pthread_condattr_setclock, mmap); the
   feature macro must come before the first system header to take effect. */
#if defined(EMBEDBATCH_IMPLEMENTATION) && !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#  define _GNU_SOURCE 1
#endif
/* =====================================================================================
 *  PUBLIC API
 *  Everything a user calls. Durations are int64_t microseconds (suffix _us) everywhere;
 *  EB_FOREVER (-1) means no limit. Desc structs are zero-initialised: zero means default.
 * ===================================================================================== */
#include <stddef.h>
#include <stdint.h>

#ifndef EMBEDBATCH_API
#  ifdef EMBEDBATCH_STATIC
#    define EMBEDBATCH_API static
#  else
#    define EMBEDBATCH_API extern
#  endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define EMBEDBATCH_VERSION_MAJOR 0
#define EMBEDBATCH_VERSION_MINOR 1
#define EMBEDBATCH_VERSION_PATCH 0
#define EMBEDBATCH_VERSION_STRING "0.1.0"

#define EB_FOREVER ((int64_t)-1)

/* ---- status codes ------------------------------------------------------------------ */
typedef enum eb_status {
    EB_OK = 0,
    EB_TIMEOUT,          /* a deadline or wait timeout passed */
    EB_CANCELLED,        /* eb_cancel() won the race */
    EB_SHUTDOWN,         /* the batcher is shutting down / was shut down */
    EB_FULL,             /* bounded queue full (reject mode, or block timed out) */
    EB_EMPTY,            /* nothing to pop */
    EB_CLOSED,           /* the queue / limiter was closed */
    EB_BUSY,             /* try_acquire found no permits (or waiters ahead) */
    EB_BACKEND_ERROR,    /* the backend failed this request's batch */
    EB_INVALID_INPUT,    /* bad text (NULL, too many bytes, too many tokens in reject mode) */
    EB_INVALID_ARGUMENT, /* bad desc value or API misuse (NULL handle, out-of-range priority) */
    EB_NOMEM,            /* allocation failed */
    EB_UNAVAILABLE,      /* the backend cannot run here (no GPU, no driver, ...) */
    EB_IO_ERROR,         /* a file could not be opened/read/mapped */
    EB_FORMAT_ERROR,     /* a model/tokenizer/config file is malformed or hostile */
    EB_PENDING,          /* the request has not completed yet */
    EB_STATUS_COUNT,
    EB_STATUS_FORCE_U32 = 0x7FFFFFFF
} eb_status;

EMBEDBATCH_API const char *eb_status_str(eb_status s);
/* The detailed message of the last failed call on this thread ("" if none). Thread-local. */
EMBEDBATCH_API const char *eb_last_error(void);
/* Monotonic clock (CLOCK_MONOTONIC), microseconds. */
EMBEDBATCH_API int64_t eb_now_us(void);

/* ---- allocator and logger (both or neither of alloc/free) ----------------------------- */
typedef struct eb_allocator {
    void *(*alloc)(size_t size, size_t align, void *user); /* align is a power of two */
    void (*free)(void *ptr, size_t size, void *user);       /* size as passed to alloc */
    void *user;
} eb_allocator;

typedef enum eb_log_level { EB_LOG_ERROR = 0, EB_LOG_WARN, EB_LOG_INFO, EB_LOG_DEBUG,
                            EB_LOG_FORCE_U32 = 0x7FFFFFFF } eb_log_level;
typedef struct eb_logger {
    void (*func)(eb_log_level level, const char *msg, void *user); /* must be reentrant */
    void *user;
} eb_logger;

/* =====================================================================================
 *  MPMC QUEUE — bounded, lock-free fast path (Vyukov per-cell sequence numbers).
 *  Items are pointers. Progress: try_push/try_pop are lock-free *except* that a thread
 *  preempted between claiming a cell and publishing it stalls whoever wraps onto that
 *  cell (not lock-free in the strict sense). They never report FULL/EMPTY merely because
 *  of contention. Blocking variants spin briefly, then park on a condvar.
 * ===================================================================================== */
typedef struct eb_mpmc eb_mpmc;
typedef struct eb_mpmc_desc {
    size_t capacity;     /* rounded up to a power of two; default 1024; min 2 */
    int spin_count;      /* spins before parking in blocking calls; default 64 */
    eb_allocator allocator;
} eb_mpmc_desc;

EMBEDBATCH_API eb_status eb_mpmc_create(const eb_mpmc_desc *desc, eb_mpmc **out);
EMBEDBATCH_API void      eb_mpmc_destroy(eb_mpmc *q);
EMBEDBATCH_API eb_status eb_mpmc_try_push(eb_mpmc *q, void *item);   /* OK, FULL, CLOSED */
EMBEDBATCH_API eb_status eb_mpmc_try_pop(eb_mpmc *q, void **item);   /* OK, EMPTY, CLOSED (closed and drained) */
EMBEDBATCH_API eb_status eb_mpmc_push(eb_mpmc *q, void *item, int64_t timeout_us); /* OK, TIMEOUT, CLOSED */
EMBEDBATCH_API eb_status eb_mpmc_pop(eb_mpmc *q, void **item, int64_t timeout_us);  /* OK, TIMEOUT, CLOSED */
/* Pops up to max items without blocking; returns how many. */
EMBEDBATCH_API size_t    eb_mpmc_try_pop_bulk(eb_mpmc *q, void **items, size_t max);
/* After close: pushes fail with CLOSED, pops drain what is left then return CLOSED; waiters wake. */
EMBEDBATCH_API void      eb_mpmc_close(eb_mpmc *q);
EMBEDBATCH_API size_t    eb_mpmc_size_approx(const eb_mpmc *q);
EMBEDBATCH_API size_t    eb_mpmc_capacity(const eb_mpmc *q);

/* =====================================================================================
 *  LIMITER — FIFO-fair counting semaphore by direct handoff. A release goes to the head
 *  waiter first; try_acquire never barges past waiters; weighted acquires hold back later
 *  smaller ones (no starvation of big requests). close() wakes every waiter with CLOSED.
 * ===================================================================================== */
typedef struct eb_limiter eb_limiter;
typedef struct eb_limiter_desc {
    int64_t permits;     /* initial and maximum permits; must be >= 1 */
    eb_allocator allocator;
} eb_limiter_desc;

EMBEDBATCH_API eb_status eb_limiter_create(const eb_limiter_desc *desc, eb_limiter **out);
EMBEDBATCH_API void      eb_limiter_destroy(eb_limiter *l);
/* n in [1, permits]; else EB_INVALID_ARGUMENT. Returns OK, TIMEOUT, CLOSED. */
EMBEDBATCH_API eb_status eb_limiter_acquire(eb_limiter *l, int64_t n, int64_t timeout_us);
EMBEDBATCH_API eb_status eb_limiter_try_acquire(eb_limiter *l, int64_t n); /* OK, BUSY, CLOSED */
EMBEDBATCH_API void      eb_limiter_release(eb_limiter *l, int64_t n);
EMBEDBATCH_API void      eb_limiter_close(eb_limiter *l);
EMBEDBATCH_API int64_t   eb_limiter_available(const eb_limiter *l);
EMBEDBATCH_API size_t    eb_limiter_waiters(const eb_limiter *l);

/* =====================================================================================
 *  BACKENDS — a vtable. A backend turns a batch of texts into rows of floats.
 * ===================================================================================== */
enum {
    EB_BACKEND_THREAD_SAFE = 1u << 0, /* embed() may run concurrently (up to max_concurrency) */
    EB_BACKEND_RAGGED      = 1u << 1  /* cost = sum of lengths; else padded: max_len * n */
};

typedef struct eb_batch_item {
    const char *text;      /* UTF-8, not necessarily NUL-terminated */
    size_t len;            /* bytes */
    const int32_t *ids;    /* token ids from vt->tokenize (NULL if the backend gave none) */
    int n_tokens;          /* tokens as counted/truncated at submit */
} eb_batch_item;

typedef struct eb_batch {
    int n;                       /* number of items (>= 1) */
    const eb_batch_item *items;
    int dim;                     /* row length of out */
    int slot;                    /* which concurrent slot runs this batch: [0, max_concurrency) */
    char *error;                 /* on failure, the backend may write a message here */
    size_t error_cap;
} eb_batch;

typedef struct eb_backend_info {
    const char *name;
    unsigned flags;              /* EB_BACKEND_* */
    int dim;                     /* embedding dimension */
    int max_tokens;              /* per text, specials included; 0 = no limit */
    int max_concurrency;         /* batches at once when THREAD_SAFE; 0 = 1 */
} eb_backend_info;

typedef struct eb_backend_vt {
    void (*info)(void *self, eb_backend_info *out);
    /* Called on the submitting thread. Writes at most max_ids ids into ids (ids may be NULL
       to only count) and returns the token count after the model's own truncation to
       max_ids, or -1 on bad input. */
    int (*tokenize)(void *self, const char *text, size_t len, int32_t *ids, int max_ids);
    /* out: batch->n rows of batch->dim floats. Fails the whole batch with a status. */
    eb_status (*embed)(void *self, const eb_batch *batch, float *out);
    void (*destroy)(void *self);
} eb_backend_vt;

typedef struct eb_backend eb_backend;

/* Wraps a user backend. vt must outlive the backend. */
EMBEDBATCH_API eb_status eb_backend_create(const eb_backend_vt *vt, void *self, eb_backend **out);
EMBEDBATCH_API void      eb_backend_destroy(eb_backend *be);      /* calls vt->destroy */
EMBEDBATCH_API void      eb_backend_get_info(const eb_backend *be, eb_backend_info *out);
EMBEDBATCH_API const char *eb_backend_error(const eb_backend *be); /* last detailed error */
/* Direct, unbatched call: tokenizes and embeds n texts on the calling thread (out: n x dim). */
EMBEDBATCH_API eb_status eb_backend_embed(eb_backend *be, const char *const *texts, const size_t *lens,
                                          int n, float *out, int out_dim);

/* ---- echo: a TEST backend, not a model ------------------------------------------------
 * Derives a deterministic unit vector from each text's bytes (same text => same vector).
 * For tests, demos and overhead benchmarks; it knows nothing about language. */
typedef struct eb_echo_desc {
    int dim;                   /* default 384 */
    int64_t call_latency_us;   /* fixed cost per embed() call */
    int64_t item_latency_us;   /* plus this per item */
    int fail_every_n;          /* every Nth embed() call fails (0 = never) */
    double fail_probability;   /* each call fails with this probability (0 = never) */
    uint64_t seed;             /* seed for fail_probability */
    int thread_safe;           /* report EB_BACKEND_THREAD_SAFE */
    int max_concurrency;       /* with thread_safe; default 1 */
    int padded;                /* report a padded cost model instead of ragged */
    int max_tokens;            /* per-text token cap; default 512 */
    int spin;                  /* burn CPU for latencies instead of sleeping */
    eb_allocator allocator;
} eb_echo_desc;

EMBEDBATCH_API eb_status eb_backend_echo(const eb_echo_desc *desc, eb_backend **out);
/* The vector the echo backend returns for a text (for checking results in tests). */
EMBEDBATCH_API void      eb_echo_vector(const char *text, size_t len, float *out, int dim);
/* echo token count: 2 + ceil(len / 4), capped at max_tokens. */

/* ---- CPU backend: real BERT sentence-embedding models ---------------------------------- */
typedef enum eb_cpu_mode {
    EB_CPU_AUTO = 0,        /* picks per batch */
    EB_CPU_LATENCY,         /* split each batch's work across all threads */
    EB_CPU_THROUGHPUT,      /* whole sequences per thread */
    EB_CPU_MODE_FORCE_U32 = 0x7FFFFFFF
} eb_cpu_mode;

typedef enum eb_isa {
    EB_ISA_AUTO = 0, EB_ISA_SCALAR, EB_ISA_AVX2, EB_ISA_AVX512, EB_ISA_NEON,
    EB_ISA_FORCE_U32 = 0x7FFFFFFF
} eb_isa;

typedef struct eb_cpu_desc {
    const char *model_dir;  /* a Hugging Face sentence-transformers folder */
    int threads;            /* default: online cores */
    eb_cpu_mode mode;
    eb_isa isa;             /* kernel set; AUTO = best the CPU has (EMBEDBATCH_NO_SIMD: scalar) */
    int max_seq_len;        /* 0 = from sentence_bert_config.json; may only lower it */
    int max_concurrency;    /* batches at once (each gets threads/max_concurrency); default 1 */
    eb_allocator allocator;
} eb_cpu_desc;

EMBEDBATCH_API eb_status eb_backend_cpu(const eb_cpu_desc *desc, eb_backend **out);

/* =====================================================================================
 *  BATCHER — many threads submit single texts; a scheduler forms batches for backends.
 * ===================================================================================== */
typedef struct eb_batcher eb_batcher;
typedef struct eb_request eb_request;

typedef enum eb_on_full {
    EB_ON_FULL_BLOCK = 0,   /* wait (FIFO-fair) up to full_timeout_us for room */
    EB_ON_FULL_REJECT,      /* resolve EB_FULL at once */
    EB_ON_FULL_FORCE_U32 = 0x7FFFFFFF
} eb_on_full;

typedef enum eb_oversize {
    EB_OVERSIZE_TRUNCATE = 0, /* a text over max_batch_tokens is cut to fit */
    EB_OVERSIZE_REJECT,       /* ... or resolved EB_INVALID_INPUT */
    EB_OVERSIZE_FORCE_U32 = 0x7FFFFFFF
} eb_oversize;

typedef enum eb_drain_mode {
    EB_DRAIN = 0,           /* destroy runs every queued request first */
    EB_DRAIN_CANCEL,        /* destroy resolves queued requests with EB_SHUTDOWN */
    EB_DRAIN_FORCE_U32 = 0x7FFFFFFF
} eb_drain_mode;

typedef enum eb_flush_reason {
    EB_FLUSH_FULL_REQUESTS = 0, /* hit max_batch_size */
    EB_FLUSH_FULL_TOKENS,       /* the next request would exceed max_batch_tokens */
    EB_FLUSH_WINDOW_EXPIRED,    /* max_wait_us passed */
    EB_FLUSH_BACKEND_IDLE,      /* backend free, took what was queued */
    EB_FLUSH_SHUTDOWN,          /* draining on destroy */
    EB_FLUSH_COUNT,
    EB_FLUSH_FORCE_U32 = 0x7FFFFFFF
} eb_flush_reason;

typedef struct eb_batcher_desc {
    eb_backend *backend;              /* one backend ... */
    eb_backend *const *backends;      /* ... or n_backends replicas sharing one queue */
    int n_backends;
    int max_batch_size;               /* requests per batch; default 32 */
    int max_batch_tokens;             /* tokens per batch (ragged: sum; padded: max*n); default 16384 */
    int64_t max_wait_us;              /* opt-in window to wait for a fuller batch; default 0 */
    int queue_capacity;               /* queued requests; default 4096 */
    int max_inflight_batches;         /* default: sum of the backends' concurrency */
    eb_on_full on_full;
    int64_t full_timeout_us;          /* BLOCK mode wait; default EB_FOREVER (0 = default) */
    int64_t default_timeout_us;       /* request deadline; 0 = none; a request may only lower it */
    int priority_levels;              /* default 3: priorities 0 (lowest) .. levels-1 (highest) */
    int64_t aging_us;                 /* a queued request gains one level per aging_us; default 100000; EB_FOREVER = off */
    eb_oversize oversize;
    eb_drain_mode drain;
    size_t max_text_bytes;            /* default 1 MiB; longer => EB_INVALID_INPUT */
    eb_allocator allocator;
    eb_logger logger;
} eb_batcher_desc;

EMBEDBATCH_API eb_status eb_batcher_create(const eb_batcher_desc *desc, eb_batcher **out);
/* Stops accepting (new submits resolve EB_SHUTDOWN), drains or cancels per desc.drain,
   waits for running batches, joins the workers. Idempotent. */
EMBEDBATCH_API void      eb_batcher_shutdown(eb_batcher *b);
/* shutdown + free. Request handles the caller still holds stay valid until eb_request_free. */
EMBEDBATCH_API void      eb_batcher_destroy(eb_batcher *b);
EMBEDBATCH_API int       eb_batcher_dim(const eb_batcher *b);
/* The desc with every default filled in. */
EMBEDBATCH_API void      eb_batcher_query_desc(const eb_batcher *b, eb_batcher_desc *out);

/* ---- requests ------------------------------------------------------------------------- */
typedef void (*eb_done_fn)(eb_request *r, eb_status status, const float *vec, int dim, void *user);

typedef struct eb_request_desc {
    const char *text;       /* UTF-8; copied at submit */
    size_t len;             /* bytes; 0 means strlen(text) (so "" is the empty text) */
    int priority;           /* 0 .. priority_levels-1, higher runs first */
    int64_t timeout_us;     /* deadline = submit + timeout_us; 0 = batcher default; only lowers it */
    eb_done_fn on_done;     /* called exactly once, from whichever thread resolves the request */
    void *user;
    float *out;             /* optional caller-owned row of out_dim floats to write the vector into */
    int out_dim;
} eb_request_desc;

/* Always returns a handle (NULL only if b/desc is NULL or memory ran out). A request that
   cannot be admitted is already resolved (EB_FULL, EB_INVALID_INPUT, EB_SHUTDOWN, ...). */
EMBEDBATCH_API eb_request *eb_submit(eb_batcher *b, const eb_request_desc *desc);
/* Waits for the request (timeout_us; EB_FOREVER). Returns its final status, or EB_TIMEOUT if
   the wait timed out while the request is still pending (the request stays pending). */
EMBEDBATCH_API eb_status  eb_wait(eb_request *r, int64_t timeout_us);
EMBEDBATCH_API eb_status  eb_request_status(const eb_request *r);   /* EB_PENDING until resolved */
EMBEDBATCH_API const float *eb_request_vector(const eb_request *r, int *dim); /* NULL unless EB_OK */
EMBEDBATCH_API int        eb_request_tokens(const eb_request *r);
/* Resolves a pending request with EB_CANCELLED. Returns EB_OK if this call resolved it. */
EMBEDBATCH_API eb_status  eb_cancel(eb_request *r);
/* Drops the caller's reference. Does not cancel: a pending request still runs and calls on_done. */
EMBEDBATCH_API void       eb_request_free(eb_request *r);

/* Sync convenience: submit + wait. out must hold out_dim >= dim floats. */
EMBEDBATCH_API eb_status  eb_embed(eb_batcher *b, const char *text, float *out, int out_dim, int64_t timeout_us);

typedef struct eb_many_desc {
    int priority;
    int64_t timeout_us;                                /* per request deadline */
    void (*on_progress)(size_t done, size_t total, void *user);
    void *user;
    eb_status *statuses;                               /* optional: per-text final status */
    const size_t *lens;                                /* optional: byte lengths */
} eb_many_desc;
/* Submits n texts (blocking on a full queue as configured) and waits for all; out is n x out_dim.
   Returns EB_OK if every text succeeded, else the first failure's status. */
EMBEDBATCH_API eb_status  eb_embed_many(eb_batcher *b, const char *const *texts, size_t n,
                                        float *out, int out_dim, const eb_many_desc *desc);

/* ---- stats ------------------------------------------------------------------------------ */
typedef struct eb_hist_summary {
    uint64_t count;
    double sum, mean, p50, p95, p99, max;   /* estimated from log buckets (about +-6%) */
} eb_hist_summary;

typedef struct eb_stats {
    uint64_t submitted;
    uint64_t resolved[EB_STATUS_COUNT];     /* by final status; sum == submitted once idle */
    uint64_t batches;
    uint64_t batch_errors;                  /* batches the backend failed */
    uint64_t flushes[EB_FLUSH_COUNT];       /* why each batch was closed */
    uint64_t purged;                        /* expired/cancelled requests dropped at batch build */
    uint64_t truncated;                     /* texts cut to the token budget */
    int64_t queue_depth;                    /* gauge */
    int64_t inflight_batches;               /* gauge */
    eb_hist_summary batch_size;             /* requests per batch */
    eb_hist_summary batch_tokens;           /* cost units per batch */
    eb_hist_summary queue_wait_us;          /* submit -> taken into a batch */
    eb_hist_summary backend_us;             /* embed() call duration */
    eb_hist_summary latency_us;             /* submit -> resolved, all statuses */
} eb_stats;

EMBEDBATCH_API void   eb_batcher_stats(const eb_batcher *b, eb_stats *out);
/* Prometheus text exposition format. Returns the bytes needed (excluding NUL); writes at most
   cap bytes, always NUL-terminated when cap > 0. */
EMBEDBATCH_API size_t eb_batcher_prometheus(const eb_batcher *b, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* EMBEDBATCH_H_INCLUDED */

#if defined(EMBEDBATCH_IMPLEMENTATION) && !defined(EMBEDBATCH_IMPL_INCLUDED)
#define EMBEDBATCH_IMPL_INCLUDED

/* ---- src/eb_platform.h ---- */
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

/* ---- src/eb_mpmc.h ---- */
/* =====================================================================================
 *  MPMC QUEUE
 * ===================================================================================== */

/* ---- src/eb_limiter.h ---- */
/* =====================================================================================
 *  LIMITER
 * ===================================================================================== */

/* ---- src/eb_hist.h ---- */
/* =====================================================================================
 *  HISTOGRAM
 * ===================================================================================== */

/* ---- src/eb_backend.h ---- */
/* =====================================================================================
 *  BACKEND
 * ===================================================================================== */

/* ---- src/eb_batcher.h ---- */
/* =====================================================================================
 *  REQUEST + BATCHER
 * ===================================================================================== */

/* ---- src/eb_json.h ---- */
/* =====================================================================================
 *  JSON
 * ===================================================================================== */

/* ---- src/eb_safetensors.h ---- */
/* =====================================================================================
 *  SAFETENSORS
 * ===================================================================================== */

/* ---- src/eb_unicode_tables.h ---- */
/* =====================================================================================
 *  UNICODE (generated by tools/gen_unicode.py)
 * ===================================================================================== */

/* ---- src/eb_tokenizer.h ---- */
/* =====================================================================================
 *  TOKENIZER
 * ===================================================================================== */

/* ---- src/eb_kernels.h ---- */
/* =====================================================================================
 *  KERNELS (scalar + dispatch)
 * ===================================================================================== */

/* ---- src/eb_kernels_avx2.h ---- */
/* =====================================================================================
 *  KERNELS: AVX2 + FMA
 * ===================================================================================== */

/* ---- src/eb_kernels_avx512.h ---- */
/* =====================================================================================
 *  KERNELS: AVX-512
 * ===================================================================================== */

/* ---- src/eb_kernels_neon.h ---- */
/* =====================================================================================
 *  KERNELS: NEON
 * ===================================================================================== */

/* ---- src/eb_threadpool.h ---- */
/* =====================================================================================
 *  THREAD POOL
 * ===================================================================================== */

/* ---- src/eb_bert.h ---- */
/* =====================================================================================
 *  BERT
 * ===================================================================================== */

/* ---- src/eb_backend_cpu.h ---- */
/* =====================================================================================
 *  CPU BACKEND
 * ===================================================================================== */

/* ---- src/eb_backend_cuda.h ---- */
/* =====================================================================================
 *  CUDA BACKEND (EMBEDBATCH_CUDA)
 * ===================================================================================== */
#endif /* EMBEDBATCH_IMPLEMENTATION */

/*
------------------------------------------------------------------------------
This software is available under 2 licenses -- choose whichever you prefer.
------------------------------------------------------------------------------
ALTERNATIVE A - MIT License
Copyright (c) 2026 the embedbatch.h authors
Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:
The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
------------------------------------------------------------------------------
ALTERNATIVE B - Public Domain (www.unlicense.org)
This is free and unencumbered software released into the public domain.
Anyone is free to copy, modify, publish, use, compile, sell, or distribute this
software, either in source code form or as a compiled binary, for any purpose,
commercial or non-commercial, and by any means.
In jurisdictions that recognize copyright laws, the author or authors of this
software dedicate any and all copyright interest in the software to the public
domain. We make this dedication for the benefit of the public at large and to
the detriment of our heirs and successors. We intend this dedication to be an
overt act of relinquishment in perpetuity of all present and future rights to
this software under copyright law.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN
ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
------------------------------------------------------------------------------
*/
