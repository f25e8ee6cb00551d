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
 *  Items are pointers (NULL allowed); FIFO: items pushed by one thread are popped in that
 *  order. Progress: try_push/try_pop are lock-free *except* that a thread preempted between
 *  claiming a cell and publishing it stalls whoever wraps onto that cell (not lock-free in
 *  the strict sense): pops see EMPTY there, pushes FULL one lap later. They never report
 *  FULL/EMPTY merely because of contention. Blocking variants spin briefly, then park on a
 *  condvar; wakers only touch the mutex when someone is parked. FULL, EMPTY, TIMEOUT and
 *  CLOSED are outcomes, not errors: they leave eb_last_error() alone.
 * ===================================================================================== */
typedef struct eb_mpmc eb_mpmc;
typedef struct eb_mpmc_desc {
    size_t capacity;     /* rounded up to a power of two; default 1024; min 2 */
    int spin_count;      /* tries before parking in blocking calls; default 64
                            (EMBEDBATCH_SPIN_COUNT); negative: park at once */
    eb_allocator allocator;
} eb_mpmc_desc;

/* desc may be NULL (all defaults). INVALID_ARGUMENT, NOMEM. */
EMBEDBATCH_API eb_status eb_mpmc_create(const eb_mpmc_desc *desc, eb_mpmc **out);
/* Items still queued are not touched (they are the caller's pointers). */
EMBEDBATCH_API void      eb_mpmc_destroy(eb_mpmc *q);
EMBEDBATCH_API eb_status eb_mpmc_try_push(eb_mpmc *q, void *item);   /* OK, FULL, CLOSED */
EMBEDBATCH_API eb_status eb_mpmc_try_pop(eb_mpmc *q, void **item);   /* OK, EMPTY, CLOSED (closed and drained) */
EMBEDBATCH_API eb_status eb_mpmc_push(eb_mpmc *q, void *item, int64_t timeout_us); /* OK, TIMEOUT, CLOSED */
EMBEDBATCH_API eb_status eb_mpmc_pop(eb_mpmc *q, void **item, int64_t timeout_us);  /* OK, TIMEOUT, CLOSED */
/* Pops up to max items (oldest first, one CAS for the run) without blocking; returns how
   many: 0 when empty, closed and drained, or on bad arguments. */
EMBEDBATCH_API size_t    eb_mpmc_try_pop_bulk(eb_mpmc *q, void **items, size_t max);
/* After close: pushes fail with CLOSED, pops drain what is left then return CLOSED; waiters wake. */
EMBEDBATCH_API void      eb_mpmc_close(eb_mpmc *q);
/* Items queued, in [0, capacity]; exact when no push/pop runs concurrently. */
EMBEDBATCH_API size_t    eb_mpmc_size_approx(const eb_mpmc *q);
EMBEDBATCH_API size_t    eb_mpmc_capacity(const eb_mpmc *q);

/* =====================================================================================
 *  LIMITER — FIFO-fair counting semaphore by direct handoff. A release goes to the head
 *  waiter first; try_acquire never barges past waiters; weighted acquires hold back later
 *  smaller ones (no starvation of big requests). close() wakes every waiter with CLOSED.
 *  Uncontended acquire/release is one CAS; with waiters, a mutex-guarded FIFO in which each
 *  waiter spins briefly, then sleeps on its own condvar: a release wakes exactly the thread
 *  it serves. Strict FIFO costs throughput under contention (no barging by design).
 *  A release assigns permits to a weighted head even when not yet enough for it (tokio
 *  style); they are its while it waits (available() reads 0) and go to the next waiter if
 *  it times out. Releasing more than was acquired trips EMBEDBATCH_ASSERT, then clamps.
 * ===================================================================================== */
typedef struct eb_limiter eb_limiter;
typedef struct eb_limiter_desc {
    int64_t permits;     /* initial and maximum permits; must be >= 1 */
    eb_allocator allocator;
} eb_limiter_desc;

EMBEDBATCH_API eb_status eb_limiter_create(const eb_limiter_desc *desc, eb_limiter **out);
EMBEDBATCH_API void      eb_limiter_destroy(eb_limiter *l);
/* n in [1, permits]; else EB_INVALID_ARGUMENT. Returns OK, TIMEOUT, CLOSED. timeout_us 0:
   take the permits now or return TIMEOUT. A waiter granted as its timeout ends returns OK. */
EMBEDBATCH_API eb_status eb_limiter_acquire(eb_limiter *l, int64_t n, int64_t timeout_us);
EMBEDBATCH_API eb_status eb_limiter_try_acquire(eb_limiter *l, int64_t n); /* OK, BUSY, CLOSED */
EMBEDBATCH_API void      eb_limiter_release(eb_limiter *l, int64_t n);
EMBEDBATCH_API void      eb_limiter_close(eb_limiter *l);
/* Observers (racy snapshots): free permits not assigned to a waiter; queued waiters. */
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
    int64_t max_wait_us;              /* opt-in: hold a runnable, not-full batch up to this long
                                         (from when the backend is free and a request waits) for
                                         more requests; default 0 = continuous batching */
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
    eb_done_fn on_done;     /* called exactly once, from whichever thread resolves the request
                               (a worker, or the caller of eb_cancel/eb_wait/eb_submit); eb_wait
                               may return before on_done has returned. If on_done frees the
                               request, do not use the handle eb_submit returned. */
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
/* Vyukov's bounded queue. Cell i of lap L has seq == L*cap + i while free for the push
 * at that position and seq == pos + 1 once it holds that push's item; the pop at pos frees
 * it for the next lap with seq = pos + cap. One CAS on a position counter claims a cell;
 * the seq store publishes it. Positions are 64-bit and only ever compared by signed
 * difference, so they never need to wrap. Bit 63 of enq_pos is the closed flag: setting it
 * with an RMW makes "closed" and "no further push can claim a cell" one atomic event.
 *
 * Parking: a blocked caller links a node (its own condvar) into the push or pop wait list,
 * bumps that side's `waiting` count, re-checks, then sleeps. Whoever publishes/frees a cell
 * reads the opposite count and only if it is non-zero takes the mutex, unlinks the oldest
 * node, marks it woken, decrements the count and signals that one condvar. So the count
 * means "parked and not yet woken": once every sleeper has been woken, ops stop touching
 * the mutex even before the sleepers run, and a woken flag (not a shared condvar) tells a
 * sleeper it was woken, so a timeout cannot swallow a wakeup meant for another.
 * No lost wakeup: a store-load (Dekker) pattern, all seq_cst: the cell's seq store then the
 * count load on the waker side, the count increment then the seq load (the re-check) on
 * the sleeper side. In the single total order either the re-check sees the store (no
 * sleep) or the waker sees the increment (and signals under the mutex, which the sleeper
 * holds from the increment until cond_wait releases it). On x86 this makes the seq store an
 * xchg/mfence; a seq_cst load is a plain mov. */

#define EB__MPMC_CLOSED ((uint64_t)1 << 63)
#define EB__MPMC_DEFAULT_CAPACITY 1024
/* Largest capacity: positions stay far below bit 63 and cap * cell size cannot overflow. */
#define EB__MPMC_MAX_CAPACITY ((size_t)1 << (sizeof(size_t) * 8 - 6))

typedef struct eb__mpmc_cell {
    uint64_t seq;
    void *data;
} eb__mpmc_cell;

/* A parked caller, on its stack; linked under q->lock. */
typedef struct eb__mpmc_waiter {
    struct eb__mpmc_waiter *prev, *next;
    int woken;
    eb__cond cv;
} eb__mpmc_waiter;

typedef struct eb__mpmc_waitq {
    eb__mpmc_waiter *head, *tail;   /* under q->lock */
    uint32_t *waiting;              /* the count wakers read without the lock */
} eb__mpmc_waitq;

struct eb_mpmc {
    /* read-only after create */
    eb__mpmc_cell *cells;
    uint64_t mask;
    int spin_count;
    eb_allocator allocator;
    /* Each hot counter on its own line; the struct is cache-line aligned, so the last
       aligned member also pads its end. */
    uint64_t enq_pos EB__ALIGNED(EMBEDBATCH_CACHELINE);   /* bit 63: closed */
    uint64_t deq_pos EB__ALIGNED(EMBEDBATCH_CACHELINE);
    /* read by every push/pop, written only around parking */
    uint32_t push_waiting EB__ALIGNED(EMBEDBATCH_CACHELINE);
    uint32_t pop_waiting;
    eb__mutex lock EB__ALIGNED(EMBEDBATCH_CACHELINE);
    eb__mpmc_waitq pushers, poppers;
};

EB__FN void eb__mpmc_link(eb__mpmc_waitq *wq, eb__mpmc_waiter *w, int front) {
    w->woken = 0;
    w->prev = front ? NULL : wq->tail;
    w->next = front ? wq->head : NULL;
    if (w->prev) w->prev->next = w;
    else wq->head = w;
    if (w->next) w->next->prev = w;
    else wq->tail = w;
    eb__fetch_add(wq->waiting, 1, EB__SEQ_CST);
}

EB__FN void eb__mpmc_unlink(eb__mpmc_waitq *wq, eb__mpmc_waiter *w) {
    if (w->prev) w->prev->next = w->next;
    else wq->head = w->next;
    if (w->next) w->next->prev = w->prev;
    else wq->tail = w->prev;
    w->prev = w->next = NULL;
    eb__fetch_sub(wq->waiting, 1, EB__SEQ_CST);
}

/* Under q->lock: wakes the n oldest sleepers, or all of them once the queue is closed (a
   push claimed before close() and published after it must wake every popper: those that
   then find the queue drained return CLOSED instead of waiting for nothing). */
EB__FN void eb__mpmc_wake_locked(eb_mpmc *q, eb__mpmc_waitq *wq, size_t n) {
    int all = (eb__load(&q->enq_pos, EB__RELAXED) & EB__MPMC_CLOSED) != 0;
    while (wq->head && (all || n-- > 0)) {
        eb__mpmc_waiter *w = wq->head;
        eb__mpmc_unlink(wq, w);
        w->woken = 1;
        eb__cond_signal(&w->cv);
    }
}

EB__FN void eb__mpmc_wake(eb_mpmc *q, eb__mpmc_waitq *wq, size_t n) {
    eb__mutex_lock(&q->lock);
    eb__mpmc_wake_locked(q, wq, n);
    eb__mutex_unlock(&q->lock);
}

/* Claims and fills one cell. Never FULL unless enq_pos stood still while the cell at it
   was still occupied (a real full queue, or a pop preempted mid-operation). */
EB__FN eb_status eb__mpmc_push_raw(eb_mpmc *q, void *item) {
    uint64_t pos = eb__load(&q->enq_pos, EB__RELAXED);
    for (;;) {
        eb__mpmc_cell *c;
        int64_t dif;
        if (pos & EB__MPMC_CLOSED) return EB_CLOSED;
        c = &q->cells[pos & q->mask];
        dif = (int64_t)(eb__load(&c->seq, EB__SEQ_CST) - pos);
        if (dif == 0) {
            if (eb__cas_weak(&q->enq_pos, &pos, pos + 1, EB__RELAXED, EB__RELAXED)) {
                c->data = item;
                eb__store(&c->seq, pos + 1, EB__SEQ_CST);
                return EB_OK;
            }
        } else if (dif < 0) {
            uint64_t now = eb__load(&q->enq_pos, EB__RELAXED);
            if (now == pos) return EB_FULL;
            pos = now;
        } else {
            pos = eb__load(&q->enq_pos, EB__RELAXED);
        }
    }
}

/* EMPTY (or CLOSED once closed and drained) only if deq_pos stood still while the cell at
   it held nothing. Pushes claimed before close but not yet published keep it EMPTY. */
EB__FN eb_status eb__mpmc_empty_status(eb_mpmc *q, uint64_t pos) {
    uint64_t e = eb__load(&q->enq_pos, EB__SEQ_CST);
    return (e & EB__MPMC_CLOSED) && (e & ~EB__MPMC_CLOSED) <= pos ? EB_CLOSED : EB_EMPTY;
}

/* Claims up to max consecutive published cells with one CAS; returns how many (0: see
   *why). A published cell stays published until its claimer frees it, so checking a run
   and then claiming it with one CAS is safe. */
EB__FN size_t eb__mpmc_pop_raw(eb_mpmc *q, void **items, size_t max, eb_status *why) {
    uint64_t pos = eb__load(&q->deq_pos, EB__RELAXED);
    for (;;) {
        int64_t dif = (int64_t)(eb__load(&q->cells[pos & q->mask].seq, EB__SEQ_CST) - (pos + 1));
        if (dif == 0) {
            size_t n = 1, i;
            while (n < max && eb__load(&q->cells[(pos + n) & q->mask].seq, EB__SEQ_CST) == pos + n + 1)
                n++;
            if (eb__cas_weak(&q->deq_pos, &pos, pos + n, EB__RELAXED, EB__RELAXED)) {
                for (i = 0; i < n; i++) {
                    eb__mpmc_cell *c = &q->cells[(pos + i) & q->mask];
                    items[i] = c->data;
                    eb__store(&c->seq, pos + i + q->mask + 1, EB__SEQ_CST);
                }
                *why = EB_OK;
                return n;
            }
        } else if (dif < 0) {
            uint64_t now = eb__load(&q->deq_pos, EB__RELAXED);
            if (now == pos) {
                *why = eb__mpmc_empty_status(q, pos);
                return 0;
            }
            pos = now;
        } else {
            pos = eb__load(&q->deq_pos, EB__RELAXED);
        }
    }
}

EB__DEF eb_status eb_mpmc_create(const eb_mpmc_desc *desc, eb_mpmc **out) {
    eb_mpmc_desc d;
    eb_mpmc *q;
    size_t cap, i;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_create: out is NULL");
    *out = NULL;
    if (desc) d = *desc;
    else memset(&d, 0, sizeof d);
    if (!eb__allocator_valid(&d.allocator))
        return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_create: set both allocator.alloc and allocator.free, or neither");
    if (d.capacity > EB__MPMC_MAX_CAPACITY)
        return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_create: capacity %zu is over the maximum %zu",
                        d.capacity, EB__MPMC_MAX_CAPACITY);
    cap = d.capacity ? eb__next_pow2(EB__MAX(d.capacity, (size_t)2)) : EB__MPMC_DEFAULT_CAPACITY;
    q = (eb_mpmc *)eb__alloc_zero(&d.allocator, sizeof *q, EMBEDBATCH_CACHELINE);
    if (!q) return eb__fail(EB_NOMEM, "eb_mpmc_create: out of memory");
    q->allocator = d.allocator;
    q->mask = cap - 1;
    q->spin_count = d.spin_count == 0 ? EMBEDBATCH_SPIN_COUNT : EB__MAX(d.spin_count, 0);
    q->cells = (eb__mpmc_cell *)eb__alloc(&d.allocator, cap * sizeof(eb__mpmc_cell), EMBEDBATCH_CACHELINE);
    if (!q->cells) {
        eb__free(&d.allocator, q, sizeof *q);
        return eb__fail(EB_NOMEM, "eb_mpmc_create: out of memory for %zu cells", cap);
    }
    for (i = 0; i < cap; i++) {
        q->cells[i].seq = i;
        q->cells[i].data = NULL;
    }
    q->pushers.waiting = &q->push_waiting;
    q->poppers.waiting = &q->pop_waiting;
    if (eb__mutex_init(&q->lock) != 0) {
        eb__free(&d.allocator, q->cells, cap * sizeof(eb__mpmc_cell));
        eb__free(&d.allocator, q, sizeof *q);
        return eb__fail(EB_NOMEM, "eb_mpmc_create: mutex init failed");
    }
    *out = q;
    return EB_OK;
}

EB__DEF void eb_mpmc_destroy(eb_mpmc *q) {
    eb_allocator a;
    if (!q) return;
    a = q->allocator;
    eb__mutex_destroy(&q->lock);
    eb__free(&a, q->cells, (size_t)(q->mask + 1) * sizeof(eb__mpmc_cell));
    eb__free(&a, q, sizeof *q);
}

EB__DEF eb_status eb_mpmc_try_push(eb_mpmc *q, void *item) {
    eb_status s;
    if (!q) return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_try_push: queue is NULL");
    s = eb__mpmc_push_raw(q, item);
    if (s == EB_OK && eb__load(&q->pop_waiting, EB__SEQ_CST)) eb__mpmc_wake(q, &q->poppers, 1);
    return s;
}

EB__DEF size_t eb_mpmc_try_pop_bulk(eb_mpmc *q, void **items, size_t max) {
    eb_status why;
    size_t n;
    if (!q || !items || max == 0) return 0;
    n = eb__mpmc_pop_raw(q, items, max, &why);
    if (n && eb__load(&q->push_waiting, EB__SEQ_CST)) eb__mpmc_wake(q, &q->pushers, n);
    return n;
}

EB__DEF eb_status eb_mpmc_try_pop(eb_mpmc *q, void **item) {
    eb_status why;
    if (!q || !item) return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_try_pop: %s is NULL", q ? "item" : "queue");
    if (eb__mpmc_pop_raw(q, item, 1, &why) && eb__load(&q->push_waiting, EB__SEQ_CST))
        eb__mpmc_wake(q, &q->pushers, 1);
    return why;
}

/* One attempt by a caller that holds q->lock (so it wakes the other side directly). */
EB__FN eb_status eb__mpmc_try_locked(eb_mpmc *q, int is_push, void *item, void **out) {
    eb_status s;
    if (is_push) {
        s = eb__mpmc_push_raw(q, item);
        if (s == EB_OK && eb__load(&q->pop_waiting, EB__SEQ_CST)) eb__mpmc_wake_locked(q, &q->poppers, 1);
    } else {
        eb__mpmc_pop_raw(q, out, 1, &s);
        if (s == EB_OK && eb__load(&q->push_waiting, EB__SEQ_CST)) eb__mpmc_wake_locked(q, &q->pushers, 1);
    }
    return s;
}

/* Parks until the op succeeds, the queue closes or the deadline passes. */
EB__FN eb_status eb__mpmc_park(eb_mpmc *q, int is_push, void *item, void **out, int64_t deadline) {
    eb_status busy = is_push ? EB_FULL : EB_EMPTY, s;
    eb__mpmc_waitq *wq = is_push ? &q->pushers : &q->poppers;
    eb__mpmc_waiter w;
    int front = 0;
    memset(&w, 0, sizeof w);
    if (eb__cond_init(&w.cv) != 0) return eb__fail(EB_NOMEM, "eb_mpmc: condvar init failed");
    eb__mutex_lock(&q->lock);
    for (;;) {
        eb__mpmc_link(wq, &w, front);
        s = eb__mpmc_try_locked(q, is_push, item, out);
        if (s != busy) {
            eb__mpmc_unlink(wq, &w);   /* nobody can have woken us: we held the lock */
            break;
        }
        while (!w.woken && eb__cond_wait_until(&w.cv, &q->lock, deadline) != ETIMEDOUT) {}
        if (!w.woken) {
            eb__mpmc_unlink(wq, &w);
            s = eb__mpmc_try_locked(q, is_push, item, out);
            if (s == busy) s = EB_TIMEOUT;
            break;
        }
        front = 1;   /* woken but beaten to it: first in line next time */
    }
    eb__mutex_unlock(&q->lock);
    eb__cond_destroy(&w.cv);
    return s;
}

/* The blocking layer shared by push and pop: one try, a bounded spin, then park. */
EB__FN eb_status eb__mpmc_wait(eb_mpmc *q, int is_push, void *item, void **out, int64_t timeout_us) {
    eb_status busy = is_push ? EB_FULL : EB_EMPTY, s;
    int64_t deadline;
    int i;
    s = is_push ? eb_mpmc_try_push(q, item) : eb_mpmc_try_pop(q, out);
    if (s != busy) return s;
    if (timeout_us == 0) return EB_TIMEOUT;
    deadline = eb__deadline_ns(timeout_us);
    for (i = 0; i < q->spin_count; i++) {
        eb__cpu_relax();
        s = is_push ? eb_mpmc_try_push(q, item) : eb_mpmc_try_pop(q, out);
        if (s != busy) return s;
    }
    return eb__mpmc_park(q, is_push, item, out, deadline);
}

EB__DEF eb_status eb_mpmc_push(eb_mpmc *q, void *item, int64_t timeout_us) {
    if (!q) return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_push: queue is NULL");
    return eb__mpmc_wait(q, 1, item, NULL, timeout_us);
}

EB__DEF eb_status eb_mpmc_pop(eb_mpmc *q, void **item, int64_t timeout_us) {
    if (!q || !item) return eb__fail(EB_INVALID_ARGUMENT, "eb_mpmc_pop: %s is NULL", q ? "item" : "queue");
    return eb__mpmc_wait(q, 0, NULL, item, timeout_us);
}

EB__DEF void eb_mpmc_close(eb_mpmc *q) {
    if (!q) return;
    eb__fetch_or(&q->enq_pos, EB__MPMC_CLOSED, EB__SEQ_CST);
    eb__mutex_lock(&q->lock);
    eb__mpmc_wake_locked(q, &q->pushers, 0);   /* closed: wakes all */
    eb__mpmc_wake_locked(q, &q->poppers, 0);
    eb__mutex_unlock(&q->lock);
}

EB__DEF size_t eb_mpmc_size_approx(const eb_mpmc *q) {
    uint64_t d, e;
    if (!q) return 0;
    /* deq first: enq only grows and never trails deq, so e >= d */
    d = eb__load(&q->deq_pos, EB__ACQUIRE);
    e = eb__load(&q->enq_pos, EB__ACQUIRE) & ~EB__MPMC_CLOSED;
    return (size_t)EB__MIN(e - d, q->mask + 1);
}

EB__DEF size_t eb_mpmc_capacity(const eb_mpmc *q) { return q ? (size_t)(q->mask + 1) : 0; }

/* ---- src/eb_limiter.h ---- */
/* =====================================================================================
 *  LIMITER
 * ===================================================================================== */
/* One atomic word holds (free permits << 2) | WAITERS | CLOSED. Without waiters, acquire
 * and release are one CAS each. Once anyone queues, WAITERS is set (in the same CAS that
 * takes the last free permits for the new waiter) and every release goes through the mutex
 * and is handed to the head waiter directly, so the counter stays 0 while the queue is
 * non-empty: a newcomer's fast path sees WAITERS and cannot barge.
 *
 * Weighted waits: like tokio (not Go's x/sync), a release assigns permits to the head
 * waiter even when that is not yet enough for it; it keeps them while it waits and gives
 * them back if it times out. Both designs hold back later, smaller waiters behind a big
 * head (that is what prevents its starvation); assigning partially keeps the invariant
 * "waiters => counter == 0", which is what lets the lock-free fast path ignore the queue.
 * The visible cost: available() reads 0 while permits sit with a waiting head.
 *
 * A new waiter spins briefly (EMBEDBATCH_SPIN_COUNT) on its node's status before sleeping
 * on its condvar: with short holds, the handoff usually lands within the spin and costs no
 * futex sleep/wake. A granter therefore signals first and publishes the status last: once
 * the waiter sees it, nobody touches its node again, and it may leave without the lock. */

#define EB__LIM_WAITERS ((int64_t)1)
#define EB__LIM_CLOSED ((int64_t)2)
#define EB__LIM_SHIFT 2
#define EB__LIM_MAX_PERMITS ((int64_t)1 << 60)

typedef struct eb__lim_waiter {
    struct eb__lim_waiter *prev, *next;
    int64_t needed;     /* permits still missing */
    int64_t assigned;   /* permits already handed to this waiter */
    int status;         /* eb_status: EB_PENDING until granted (OK) or closed (CLOSED) */
    eb__cond cv;        /* one per waiter: a grant wakes exactly its owner */
} eb__lim_waiter;

struct eb_limiter {
    int64_t state EB__ALIGNED(EMBEDBATCH_CACHELINE);
    int64_t max;
    eb_allocator allocator;
    eb__mutex lock EB__ALIGNED(EMBEDBATCH_CACHELINE);
    eb__lim_waiter *head, *tail;   /* under lock: the FIFO of stack-allocated waiters */
    int64_t assigned;              /* under lock: permits held by queued waiters */
    size_t n_waiters;              /* written under lock, read by eb_limiter_waiters() */
};

EB__DEF eb_status eb_limiter_create(const eb_limiter_desc *desc, eb_limiter **out) {
    eb_limiter *l;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_limiter_create: out is NULL");
    *out = NULL;
    if (!desc) return eb__fail(EB_INVALID_ARGUMENT, "eb_limiter_create: desc is NULL (permits must be >= 1)");
    if (!eb__allocator_valid(&desc->allocator))
        return eb__fail(EB_INVALID_ARGUMENT, "eb_limiter_create: set both allocator.alloc and allocator.free, or neither");
    if (desc->permits < 1 || desc->permits > EB__LIM_MAX_PERMITS)
        return eb__fail(EB_INVALID_ARGUMENT, "eb_limiter_create: permits %lld not in [1, 2^60]",
                        (long long)desc->permits);
    l = (eb_limiter *)eb__alloc_zero(&desc->allocator, sizeof *l, EMBEDBATCH_CACHELINE);
    if (!l) return eb__fail(EB_NOMEM, "eb_limiter_create: out of memory");
    l->allocator = desc->allocator;
    l->max = desc->permits;
    l->state = desc->permits << EB__LIM_SHIFT;
    if (eb__mutex_init(&l->lock) != 0) {
        eb__free(&desc->allocator, l, sizeof *l);
        return eb__fail(EB_NOMEM, "eb_limiter_create: mutex init failed");
    }
    *out = l;
    return EB_OK;
}

EB__DEF void eb_limiter_destroy(eb_limiter *l) {
    eb_allocator a;
    if (!l) return;
    EB__ASSERT(l->head == NULL);   /* destroy must not race with waiters */
    a = l->allocator;
    eb__mutex_destroy(&l->lock);
    eb__free(&a, l, sizeof *l);
}

EB__FN eb_status eb__lim_check_n(const eb_limiter *l, int64_t n, const char *fn) {
    if (!l) return eb__fail(EB_INVALID_ARGUMENT, "%s: limiter is NULL", fn);
    if (n < 1 || n > l->max)
        return eb__fail(EB_INVALID_ARGUMENT, "%s: n = %lld not in [1, %lld]", fn, (long long)n, (long long)l->max);
    return EB_OK;
}

/* The lock-free path: succeeds only with enough free permits and nobody queued. */
EB__FN eb_status eb__lim_try(eb_limiter *l, int64_t n) {
    int64_t s = eb__load(&l->state, EB__RELAXED);
    for (;;) {
        if (s & EB__LIM_CLOSED) return EB_CLOSED;
        if ((s & EB__LIM_WAITERS) || (s >> EB__LIM_SHIFT) < n) return EB_BUSY;
        if (eb__cas_weak(&l->state, &s, s - (n << EB__LIM_SHIFT), EB__ACQUIRE, EB__RELAXED)) return EB_OK;
    }
}

EB__FN void eb__lim_unlink(eb_limiter *l, eb__lim_waiter *w) {
    if (w->prev) w->prev->next = w->next;
    else l->head = w->next;
    if (w->next) w->next->prev = w->prev;
    else l->tail = w->prev;
    w->prev = w->next = NULL;
    eb__store(&l->n_waiters, l->n_waiters - 1, EB__RELAXED);
}

/* Under the lock: hands k free permits to the queue head first (FIFO, partial for a
   weighted head); what no waiter needs goes back to the counter, and WAITERS is cleared
   once the queue is empty. A granted node is signalled first and its status published
   last: the node lives on the waiter's stack and is gone once the waiter sees the status
   (spinning, or on re-taking the lock). */
EB__FN void eb__lim_give(eb_limiter *l, int64_t k) {
    int64_t s = eb__load(&l->state, EB__RELAXED), ns;
    int64_t free_now = (s >> EB__LIM_SHIFT) + l->assigned;
    if (k > l->max - free_now) {
        EB__ASSERT(!"eb_limiter_release: more permits released than acquired");
        k = l->max - free_now;
    }
    while (k > 0 && l->head) {
        eb__lim_waiter *w = l->head;
        int64_t a = EB__MIN(k, w->needed);
        w->needed -= a;
        w->assigned += a;
        l->assigned += a;
        k -= a;
        if (w->needed == 0) {
            eb__lim_unlink(l, w);
            l->assigned -= w->assigned;
            eb__cond_signal(&w->cv);
            eb__store(&w->status, (int)EB_OK, EB__RELEASE);   /* last touch of *w */
        }
    }
    do {
        ns = s + (k << EB__LIM_SHIFT);
        if (!l->head) ns &= ~EB__LIM_WAITERS;
    } while (ns != s && !eb__cas_weak(&l->state, &s, ns, EB__RELEASE, EB__RELAXED));
}

/* Slow path: under the lock, take permits if nobody is queued, else join the FIFO. */
EB__FN eb_status eb__lim_wait(eb_limiter *l, int64_t n, int64_t timeout_us) {
    eb__lim_waiter w;
    int64_t deadline = eb__deadline_ns(timeout_us), s, take;
    int i;
    memset(&w, 0, sizeof w);
    if (eb__cond_init(&w.cv) != 0) return eb__fail(EB_NOMEM, "eb_limiter_acquire: condvar init failed");
    eb__mutex_lock(&l->lock);
    s = eb__load(&l->state, EB__RELAXED);
    for (;;) {
        if (s & EB__LIM_CLOSED) {
            w.status = EB_CLOSED;
            goto out;
        }
        take = (s & EB__LIM_WAITERS) ? 0 : s >> EB__LIM_SHIFT;
        if (take >= n) {
            if (eb__cas_weak(&l->state, &s, s - (n << EB__LIM_SHIFT), EB__ACQUIRE, EB__RELAXED)) {
                w.status = EB_OK;
                goto out;
            }
        } else if (eb__cas_weak(&l->state, &s, (s - (take << EB__LIM_SHIFT)) | EB__LIM_WAITERS,
                                EB__ACQUIRE, EB__RELAXED)) {
            break;
        }
    }
    w.needed = n - take;
    w.assigned = take;
    w.status = EB_PENDING;
    l->assigned += take;
    w.prev = l->tail;
    if (l->tail) l->tail->next = &w;
    else l->head = &w;
    l->tail = &w;
    eb__store(&l->n_waiters, l->n_waiters + 1, EB__RELAXED);
    eb__mutex_unlock(&l->lock);
    for (i = 0; i < EMBEDBATCH_SPIN_COUNT; i++) {
        if (eb__load(&w.status, EB__ACQUIRE) != EB_PENDING) goto granted;
        eb__cpu_relax();
    }
    eb__mutex_lock(&l->lock);
    while (eb__load(&w.status, EB__ACQUIRE) == EB_PENDING) {
        if (eb__cond_wait_until(&w.cv, &l->lock, deadline) == ETIMEDOUT &&
            eb__load(&w.status, EB__ACQUIRE) == EB_PENDING) {
            /* Not granted: leave, and pass on what we were assigned. If we were the head,
               this re-runs the handoff for the waiters behind us (golang/go#37852). */
            int64_t back = w.assigned;
            eb__lim_unlink(l, &w);
            l->assigned -= back;
            w.status = EB_TIMEOUT;
            eb__lim_give(l, back);
        }
    }
out:
    eb__mutex_unlock(&l->lock);
granted:
    eb__cond_destroy(&w.cv);
    return (eb_status)w.status;
}

EB__DEF eb_status eb_limiter_try_acquire(eb_limiter *l, int64_t n) {
    eb_status s = eb__lim_check_n(l, n, "eb_limiter_try_acquire");
    return s != EB_OK ? s : eb__lim_try(l, n);
}

EB__DEF eb_status eb_limiter_acquire(eb_limiter *l, int64_t n, int64_t timeout_us) {
    eb_status s = eb__lim_check_n(l, n, "eb_limiter_acquire");
    if (s != EB_OK) return s;
    s = eb__lim_try(l, n);
    if (s != EB_BUSY) return s;
    if (timeout_us == 0) return EB_TIMEOUT;
    return eb__lim_wait(l, n, timeout_us);
}

EB__DEF void eb_limiter_release(eb_limiter *l, int64_t n) {
    int64_t s;
    if (!l || n == 0) return;
    if (n < 0) {
        EB__ASSERT(!"eb_limiter_release: negative n");
        return;
    }
    s = eb__load(&l->state, EB__RELAXED);
    while (!(s & EB__LIM_WAITERS)) {
        int64_t add = n, avail = s >> EB__LIM_SHIFT;
        if (add > l->max - avail) {
            EB__ASSERT(!"eb_limiter_release: more permits released than acquired");
            add = l->max - avail;
        }
        if (eb__cas_weak(&l->state, &s, s + (add << EB__LIM_SHIFT), EB__RELEASE, EB__RELAXED)) return;
    }
    eb__mutex_lock(&l->lock);
    eb__lim_give(l, n);
    eb__mutex_unlock(&l->lock);
}

EB__DEF void eb_limiter_close(eb_limiter *l) {
    eb__lim_waiter *w;
    int64_t back = 0;
    if (!l) return;
    eb__mutex_lock(&l->lock);
    eb__fetch_or(&l->state, EB__LIM_CLOSED, EB__ACQ_REL);
    while ((w = l->head) != NULL) {
        back += w->assigned;
        eb__lim_unlink(l, w);
        eb__cond_signal(&w->cv);
        eb__store(&w->status, (int)EB_CLOSED, EB__RELEASE);   /* last touch of *w */
    }
    l->assigned = 0;
    eb__lim_give(l, back);   /* queue empty: returns them to the counter, clears WAITERS */
    eb__mutex_unlock(&l->lock);
}

EB__DEF int64_t eb_limiter_available(const eb_limiter *l) {
    return l ? eb__load(&l->state, EB__RELAXED) >> EB__LIM_SHIFT : 0;
}

EB__DEF size_t eb_limiter_waiters(const eb_limiter *l) {
    return l ? eb__load(&l->n_waiters, EB__RELAXED) : 0;
}

/* ---- src/eb_hist.h ---- */
/* =====================================================================================
 *  HISTOGRAM
 *  Fixed log-linear buckets, updated with relaxed atomics (no locks on the hot path).
 *  Values 1..16 have exact buckets; above that each power of two splits into 8 buckets
 *  (12.5% wide, so estimates are within about +-6%). A bucket holds (lo, hi]: a value v
 *  goes to index(v - 1), which makes every power of two an exact upper edge, so the
 *  Prometheus `le` bounds we print (powers of two) count exactly "<= le".
 * ===================================================================================== */
#define EB__HIST_SUB_BITS 3
#define EB__HIST_SUB (1 << EB__HIST_SUB_BITS)
#define EB__HIST_LINEAR 16                       /* exact buckets for v-1 in [0, 16) */
#define EB__HIST_BUCKETS (EB__HIST_LINEAR + (64 - 4) * EB__HIST_SUB)

typedef struct eb__hist {
    uint64_t buckets[EB__HIST_BUCKETS];
    uint64_t count, sum, max;
} eb__hist;

/* Index of x = v - 1 (x >= 0). */
EB__INLINE int eb__hist_index(uint64_t x) {
    int e, sub;
    if (x < EB__HIST_LINEAR) return (int)x;
    e = 63 - __builtin_clzll(x);                 /* e >= 4 */
    sub = (int)((x >> (e - EB__HIST_SUB_BITS)) & (EB__HIST_SUB - 1));
    return EB__HIST_LINEAR + (e - 4) * EB__HIST_SUB + sub;
}

/* Inclusive upper edge, in value space (v), of bucket i. */
EB__FN uint64_t eb__hist_upper(int i) {
    int e, sub;
    if (i < EB__HIST_LINEAR) return (uint64_t)i + 1;
    e = (i - EB__HIST_LINEAR) / EB__HIST_SUB + 4;
    sub = (i - EB__HIST_LINEAR) % EB__HIST_SUB;
    /* largest x in the bucket is ((8 + sub + 1) << (e - 3)) - 1, so v = that + 1 */
    if (e >= 63 && sub == EB__HIST_SUB - 1) return UINT64_MAX;
    return ((uint64_t)(EB__HIST_SUB + sub + 1)) << (e - EB__HIST_SUB_BITS);
}

EB__FN uint64_t eb__hist_lower(int i) {            /* exclusive lower edge */
    return i == 0 ? 0 : eb__hist_upper(i - 1);
}

EB__FN void eb__hist_add(eb__hist *h, uint64_t v) {
    uint64_t cur;
    int i = eb__hist_index(v ? v - 1 : 0);
    eb__fetch_add(&h->buckets[i], 1, EB__RELAXED);
    eb__fetch_add(&h->count, 1, EB__RELAXED);
    eb__fetch_add(&h->sum, v, EB__RELAXED);
    cur = eb__load(&h->max, EB__RELAXED);
    while (v > cur && !eb__cas_weak(&h->max, &cur, v, EB__RELAXED, EB__RELAXED)) {}
}

/* Snapshot of the buckets (each read atomically; the set is not one instant, which only
   matters while updates are in flight). Returns the total from the buckets. */
EB__FN uint64_t eb__hist_snapshot(const eb__hist *h, uint64_t *out) {
    uint64_t total = 0;
    int i;
    for (i = 0; i < EB__HIST_BUCKETS; i++) {
        out[i] = eb__load(&h->buckets[i], EB__RELAXED);
        total += out[i];
    }
    return total;
}

/* Quantile q in [0,1], interpolated linearly inside the bucket that holds it. */
EB__FN double eb__hist_quantile(const uint64_t *b, uint64_t total, double q, uint64_t max) {
    double rank, seen = 0, lo, hi, frac;
    int i;
    if (total == 0) return 0;
    rank = q * (double)total;
    if (rank < 1) rank = 1;
    for (i = 0; i < EB__HIST_BUCKETS; i++) {
        if (!b[i]) continue;
        if (seen + (double)b[i] >= rank) {
            lo = (double)eb__hist_lower(i);
            hi = (double)eb__hist_upper(i);
            if (max && hi > (double)max) hi = (double)max;
            if (hi < lo) hi = lo;
            frac = (rank - seen) / (double)b[i];
            return lo + (hi - lo) * frac;
        }
        seen += (double)b[i];
    }
    return (double)max;
}

EB__FN void eb__hist_summary(const eb__hist *h, eb_hist_summary *out) {
    uint64_t snap[EB__HIST_BUCKETS];
    uint64_t total = eb__hist_snapshot(h, snap);
    uint64_t max = eb__load(&h->max, EB__RELAXED);
    memset(out, 0, sizeof *out);
    out->count = total;
    out->sum = (double)eb__load(&h->sum, EB__RELAXED);
    out->max = (double)max;
    if (!total) return;
    out->mean = out->sum / (double)total;
    out->p50 = eb__hist_quantile(snap, total, 0.50, max);
    out->p95 = eb__hist_quantile(snap, total, 0.95, max);
    out->p99 = eb__hist_quantile(snap, total, 0.99, max);
}

/* ---- Prometheus text writer (bounded, never overflows; counts the bytes it needed) ---- */
typedef struct eb__textbuf { char *buf; size_t cap, len; } eb__textbuf;

EB__FN void eb__tb_printf(eb__textbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
EB__FN void eb__tb_printf(eb__textbuf *t, const char *fmt, ...) {
    va_list ap;
    int n;
    size_t room = t->len < t->cap ? t->cap - t->len : 0;
    va_start(ap, fmt);
    n = vsnprintf(room ? t->buf + t->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0) t->len += (size_t)n;
}

/* Writes one histogram family with power-of-two `le` edges from 1 up to the largest
   observed value. scale converts the recorded unit to the exported one (1e-6: us -> s). */
EB__FN void eb__hist_prometheus(eb__textbuf *t, const eb__hist *h, const char *name,
                                const char *help, double scale) {
    uint64_t snap[EB__HIST_BUCKETS];
    uint64_t total = eb__hist_snapshot(h, snap), cum = 0, edge;
    uint64_t max = eb__load(&h->max, EB__RELAXED);
    int i = 0;
    eb__tb_printf(t, "# HELP %s %s\n# TYPE %s histogram\n", name, help, name);
    for (edge = 1;; edge <<= 1) {
        while (i < EB__HIST_BUCKETS && eb__hist_upper(i) <= edge) cum += snap[i++];
        eb__tb_printf(t, "%s_bucket{le=\"%.9g\"} %llu\n", name, (double)edge * scale,
                      (unsigned long long)cum);
        if (edge >= max || edge >= ((uint64_t)1 << 62)) break;
    }
    eb__tb_printf(t, "%s_bucket{le=\"+Inf\"} %llu\n", name, (unsigned long long)total);
    eb__tb_printf(t, "%s_sum %.9g\n%s_count %llu\n", name,
                  (double)eb__load(&h->sum, EB__RELAXED) * scale, name, (unsigned long long)total);
}

/* ---- src/eb_backend.h ---- */
/* =====================================================================================
 *  BACKEND
 *  The wrapper every backend lives in (user backends included), and the echo TEST
 *  backend. A backend without EB_BACKEND_THREAD_SAFE runs one batch at a time behind
 *  run_lock: one lock acquisition per batch, never per request.
 * ===================================================================================== */
struct eb_backend {
    const eb_backend_vt *vt;
    void *self;
    eb_backend_info info;          /* read once at creation */
    eb__mutex run_lock;            /* serialises embed() for non-thread-safe backends */
    eb__mutex err_lock;
    char error[256];
};

static EB__THREAD_LOCAL char eb__backend_err_copy[256];

EB__DEF eb_status eb_backend_create(const eb_backend_vt *vt, void *self, eb_backend **out) {
    eb_backend *be;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_create: out is NULL");
    *out = NULL;
    if (!vt || !vt->info || !vt->embed)
        return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_create: vt needs info and embed");
    be = (eb_backend *)calloc(1, sizeof *be);
    if (!be) return eb__fail(EB_NOMEM, "eb_backend_create: out of memory");
    be->vt = vt;
    be->self = self;
    vt->info(self, &be->info);
    if (!be->info.name) be->info.name = "unnamed";
    if (be->info.dim <= 0) {
        int dim = be->info.dim;
        free(be);
        return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_create: backend reports dim %d", dim);
    }
    if (be->info.max_concurrency <= 0 || !(be->info.flags & EB_BACKEND_THREAD_SAFE))
        be->info.max_concurrency = 1;
    if (be->info.max_tokens < 0) be->info.max_tokens = 0;
    eb__mutex_init(&be->run_lock);
    eb__mutex_init(&be->err_lock);
    *out = be;
    return EB_OK;
}

EB__DEF void eb_backend_destroy(eb_backend *be) {
    if (!be) return;
    if (be->vt->destroy) be->vt->destroy(be->self);
    eb__mutex_destroy(&be->run_lock);
    eb__mutex_destroy(&be->err_lock);
    free(be);
}

EB__DEF void eb_backend_get_info(const eb_backend *be, eb_backend_info *out) {
    if (!out) return;
    if (!be) { memset(out, 0, sizeof *out); return; }
    *out = be->info;
}

/* Copied into a thread-local buffer so a concurrent failure cannot tear the string. */
EB__DEF const char *eb_backend_error(const eb_backend *be) {
    eb_backend *m = (eb_backend *)be;
    if (!be) return "";
    eb__mutex_lock(&m->err_lock);
    memcpy(eb__backend_err_copy, m->error, sizeof eb__backend_err_copy);
    eb__mutex_unlock(&m->err_lock);
    return eb__backend_err_copy;
}

EB__FN void eb__backend_set_error(eb_backend *be, const char *msg) {
    eb__mutex_lock(&be->err_lock);
    snprintf(be->error, sizeof be->error, "%s", msg);
    eb__mutex_unlock(&be->err_lock);
}

/* Token count (and ids) for a text, capped at max_ids. Backends without a tokenizer are
   charged the echo estimate, 2 + ceil(len / 4). */
EB__FN int eb__backend_tokenize(eb_backend *be, const char *text, size_t len, int32_t *ids, int max_ids) {
    if (be->vt->tokenize) return be->vt->tokenize(be->self, text, len, ids, max_ids);
    {
        size_t n = 2 + (len + 3) / 4;
        return (int)(n > (size_t)max_ids ? (size_t)max_ids : n);
    }
}

/* One call into the backend: the lock is taken once for the whole batch. */
EB__FN eb_status eb__backend_run(eb_backend *be, const eb_batch *batch, float *out) {
    eb_status s;
    int locked = !(be->info.flags & EB_BACKEND_THREAD_SAFE);
    if (locked) eb__mutex_lock(&be->run_lock);
    s = be->vt->embed(be->self, batch, out);
    if (locked) eb__mutex_unlock(&be->run_lock);
    if (s != EB_OK) eb__backend_set_error(be, batch->error && batch->error[0] ? batch->error : eb_status_str(s));
    return s;
}

EB__DEF eb_status eb_backend_embed(eb_backend *be, const char *const *texts, const size_t *lens,
                                   int n, float *out, int out_dim) {
    eb_batch_item *items;
    int32_t *ids;
    float *tmp;
    char err[256];
    eb_batch batch;
    eb_status s = EB_OK;
    int i, cap, dim;
    if (!be || !texts || !out || n < 0) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_embed: NULL argument");
    dim = be->info.dim;
    if (out_dim < dim) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_embed: out_dim %d < dim %d", out_dim, dim);
    if (n == 0) return EB_OK;
    cap = be->info.max_tokens > 0 ? be->info.max_tokens : 1 << 20;
    items = (eb_batch_item *)calloc((size_t)n, sizeof *items);
    ids = be->vt->tokenize && be->info.max_tokens > 0
              ? (int32_t *)malloc(eb__mul_size((size_t)n, (size_t)cap * sizeof(int32_t))) : NULL;
    tmp = (float *)malloc(eb__mul_size((size_t)n, (size_t)dim * sizeof(float)));
    if (!items || !tmp || (be->vt->tokenize && be->info.max_tokens > 0 && !ids)) {
        free(items); free(ids); free(tmp);
        return eb__fail(EB_NOMEM, "eb_backend_embed: out of memory");
    }
    for (i = 0; i < n && s == EB_OK; i++) {
        size_t len;
        if (!texts[i]) { s = eb__fail(EB_INVALID_INPUT, "eb_backend_embed: text %d is NULL", i); break; }
        len = lens ? lens[i] : strlen(texts[i]);
        items[i].text = texts[i];
        items[i].len = len;
        items[i].ids = ids ? ids + (size_t)i * (size_t)cap : NULL;
        items[i].n_tokens = eb__backend_tokenize(be, texts[i], len, ids ? ids + (size_t)i * (size_t)cap : NULL, cap);
        if (items[i].n_tokens < 0) s = eb__fail(EB_INVALID_INPUT, "eb_backend_embed: text %d rejected by the tokenizer", i);
    }
    if (s == EB_OK) {
        err[0] = 0;
        batch.n = n; batch.items = items; batch.dim = dim; batch.slot = 0;
        batch.error = err; batch.error_cap = sizeof err;
        s = eb__backend_run(be, &batch, tmp);
        if (s == EB_OK) {
            for (i = 0; i < n; i++) memcpy(out + (size_t)i * (size_t)out_dim, tmp + (size_t)i * (size_t)dim, (size_t)dim * sizeof(float));
        } else {
            s = eb__fail(s, "%s", err[0] ? err : eb_status_str(s));
        }
    }
    free(items); free(ids); free(tmp);
    return s;
}

/* ---- echo: deterministic unit vectors from text bytes (a TEST backend) ---------------- */
typedef struct eb__echo {
    eb_echo_desc d;
    uint64_t calls;                 /* atomic */
} eb__echo;

EB__DEF void eb_echo_vector(const char *text, size_t len, float *out, int dim) {
    uint64_t st = eb__fnv1a64(text ? text : "", text ? len : 0);
    double norm = 0;
    int i;
    for (i = 0; i < dim; i++) {
        /* top 24 bits -> uniform in [-1, 1): exact in float, same on every platform */
        float v = (float)((int32_t)(eb__splitmix64(&st) >> 40) - (1 << 23)) / (float)(1 << 23);
        out[i] = v;
        norm += (double)v * v;
    }
    norm = sqrt(norm);
    if (norm > 0)
        for (i = 0; i < dim; i++) out[i] = (float)(out[i] / norm);
}

EB__FN void eb__echo_info(void *self, eb_backend_info *out) {
    eb__echo *e = (eb__echo *)self;
    memset(out, 0, sizeof *out);
    out->name = "echo (test backend)";
    out->flags = (e->d.padded ? 0u : (unsigned)EB_BACKEND_RAGGED) | (e->d.thread_safe ? (unsigned)EB_BACKEND_THREAD_SAFE : 0u);
    out->dim = e->d.dim;
    out->max_tokens = e->d.max_tokens;
    out->max_concurrency = e->d.max_concurrency;
}

EB__FN int eb__echo_tokenize(void *self, const char *text, size_t len, int32_t *ids, int max_ids) {
    size_t n, i;
    (void)self;
    if (!text || max_ids < 2) return -1;
    n = 2 + (len + 3) / 4;
    if (n > (size_t)max_ids) n = (size_t)max_ids;
    if (ids) {
        /* stand-in ids: 1 = start, 2 = end, chunk hashes between */
        ids[0] = 1;
        for (i = 1; i + 1 < n; i++) {
            size_t off = (i - 1) * 4;
            ids[i] = 3 + (int32_t)(eb__fnv1a64(text + off, EB__MIN((size_t)4, len - off)) % 30000);
        }
        ids[n - 1] = 2;
    }
    return (int)n;
}

EB__FN void eb__echo_delay(const eb__echo *e, int64_t us) {
    int64_t end;
    if (us <= 0) return;
    if (!e->d.spin) { eb__sleep_us(us); return; }
    end = eb__now_ns() + us * 1000;
    while (eb__now_ns() < end) eb__cpu_relax();
}

EB__FN eb_status eb__echo_embed(void *self, const eb_batch *batch, float *out) {
    eb__echo *e = (eb__echo *)self;
    uint64_t call = eb__fetch_add(&e->calls, 1, EB__RELAXED) + 1;
    int i, fail = 0;
    eb__echo_delay(e, e->d.call_latency_us + e->d.item_latency_us * batch->n);
    if (e->d.fail_every_n > 0 && call % (uint64_t)e->d.fail_every_n == 0) fail = 1;
    if (e->d.fail_probability > 0) {
        uint64_t st = e->d.seed ^ (call * 0x9E3779B97F4A7C15ull);
        double u = (double)(eb__splitmix64(&st) >> 11) / 9007199254740992.0;
        if (u < e->d.fail_probability) fail = 1;
    }
    if (fail) {
        if (batch->error && batch->error_cap)
            snprintf(batch->error, batch->error_cap, "echo: injected failure on call %llu", (unsigned long long)call);
        return EB_BACKEND_ERROR;
    }
    for (i = 0; i < batch->n; i++)
        eb_echo_vector(batch->items[i].text, batch->items[i].len, out + (size_t)i * (size_t)batch->dim, batch->dim);
    return EB_OK;
}

EB__FN void eb__echo_destroy(void *self) { free(self); }

static const eb_backend_vt eb__echo_vt = {
    eb__echo_info, eb__echo_tokenize, eb__echo_embed, eb__echo_destroy
};

EB__DEF eb_status eb_backend_echo(const eb_echo_desc *desc, eb_backend **out) {
    eb__echo *e;
    eb_status s;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_echo: out is NULL");
    *out = NULL;
    if (desc) {
        if (desc->dim < 0 || desc->dim > (1 << 16)) return eb__fail(EB_INVALID_ARGUMENT, "echo: dim %d out of range", desc->dim);
        if (desc->call_latency_us < 0 || desc->item_latency_us < 0 || desc->fail_every_n < 0 ||
            desc->max_concurrency < 0 || desc->max_tokens < 0 ||
            !(desc->fail_probability >= 0 && desc->fail_probability <= 1))
            return eb__fail(EB_INVALID_ARGUMENT, "echo: negative or out-of-range desc value");
        if (desc->max_tokens == 1) return eb__fail(EB_INVALID_ARGUMENT, "echo: max_tokens must be >= 2");
    }
    e = (eb__echo *)calloc(1, sizeof *e);
    if (!e) return eb__fail(EB_NOMEM, "echo: out of memory");
    if (desc) e->d = *desc;
    if (!e->d.dim) e->d.dim = 384;
    if (!e->d.max_tokens) e->d.max_tokens = 512;
    if (!e->d.max_concurrency) e->d.max_concurrency = 1;
    s = eb_backend_create(&eb__echo_vt, e, out);
    if (s != EB_OK) free(e);
    return s;
}

/* ---- src/eb_batcher.h ---- */
/* =====================================================================================
 *  REQUEST + BATCHER
 *
 *  Submitters tokenize on their own thread, take an admission permit (FIFO-fair limiter:
 *  the bounded queue), and push into the lock-free lane of their priority. Worker threads
 *  (one per concurrent slot of each backend replica) take an in-flight permit, become the
 *  single "former" in turn, build a batch from the lane heads (priority + aging, FIFO within
 *  a lane, token and request caps), and run it. Completion is exactly-once: whoever wins
 *  the CAS on the request's state (worker, cancel, deadline) publishes the result.
 *
 *  Request states: QUEUED -> RUNNING (taken into a batch) -> CLAIMED -> DONE.
 *  cancel/timeout claim from QUEUED or RUNNING; the batch result is dropped if they won.
 *  References: a handle starts with two (caller + batcher); the batcher's is dropped when
 *  the request leaves its structures. Each live handle also holds the batcher's shell
 *  (stats, wait buckets), so handles stay valid after eb_batcher_destroy.
 * ===================================================================================== */
enum { EB__RQ_QUEUED = 0, EB__RQ_RUNNING = 1, EB__RQ_CLAIMED = 2, EB__RQ_DONE = 3 };

#define EB__WAIT_BUCKETS 64
#define EB__BATCHER_MAGIC 0x45424254u
#define EB__BATCHER_DEAD 0x44454144u

struct eb_request {
    eb_batcher *b;
    uint32_t state;             /* atomic */
    int refs;                   /* atomic */
    int waiting;                /* atomic: threads parked in eb_wait */
    eb_status status;           /* valid once state == DONE */
    int priority;
    int n_tokens;
    int dim;
    const char *text;
    size_t len;
    int32_t *ids;
    float *vec;
    int64_t submit_ns;
    int64_t deadline_ns;        /* -1: none */
    eb_done_fn on_done;
    void *user;
    size_t alloc_size;
};

typedef struct eb__wait_bucket {
    eb__mutex m;
    eb__cond c;
} eb__wait_bucket;

typedef struct eb__worker {
    eb_batcher *b;
    eb_backend *be;
    int slot;
    int started;
    eb__thread thread;
    eb_request **reqs;
    eb_batch_item *items;
    float *out;
    char error[256];
} eb__worker;

struct eb_batcher {
    uint32_t magic;
    eb_batcher_desc d;              /* defaults resolved */
    int dim;
    int model_max_tokens;           /* smallest per-text cap of the replicas; 0 = none */
    int token_cap;                  /* cap handed to tokenize at submit */
    int ragged;
    eb_backend **backends;
    int n_backends;
    int refs;                       /* atomic: owner + live request handles */
    int shutting_down;              /* atomic: submits are refused */
    int sealed;                     /* atomic: ... and no submitter is still inside eb_submit */
    int submitting;                 /* atomic: threads inside eb_submit */
    int64_t queued;                 /* atomic: admitted, not yet taken or purged */

    eb_limiter *admission;          /* queue_capacity permits */
    eb_limiter *inflight;           /* max_inflight_batches permits */
    eb_mpmc **lanes;                /* one per priority level */
    eb_request **stash;             /* popped lane heads, guarded by form_lock */

    eb__mutex form_lock;
    eb__cond form_cond;             /* the former waits here for requests or its window */
    eb__cond turn_cond;             /* other workers wait here for the former role */
    int former_active;              /* guarded by form_lock */
    int form_sleeping;              /* atomic: the former is parked on form_cond */

    eb__worker *workers;
    int n_workers;

    eb__wait_bucket buckets[EB__WAIT_BUCKETS];

    uint64_t st_submitted, st_resolved[EB_STATUS_COUNT], st_batches, st_batch_errors;
    uint64_t st_flush[EB_FLUSH_COUNT], st_purged, st_truncated;
    int64_t st_inflight;
    eb__hist h_batch_size, h_batch_tokens, h_queue_wait, h_backend, h_latency;
};

/* ---- references ----------------------------------------------------------------------- */
EB__FN void eb__batcher_free_shell(eb_batcher *b) {
    int i;
    eb_allocator a = b->d.allocator;
    for (i = 0; i < EB__WAIT_BUCKETS; i++) {
        eb__mutex_destroy(&b->buckets[i].m);
        eb__cond_destroy(&b->buckets[i].c);
    }
    eb__free(&a, b->backends, sizeof(eb_backend *) * (size_t)b->n_backends);
    eb__free(&a, b, sizeof *b);
}

EB__FN void eb__batcher_unref(eb_batcher *b) {
    if (eb__fetch_sub(&b->refs, 1, EB__ACQ_REL) == 1) eb__batcher_free_shell(b);
}

EB__FN void eb__request_unref(eb_request *r) {
    if (eb__fetch_sub(&r->refs, 1, EB__ACQ_REL) == 1) {
        eb_batcher *b = r->b;
        eb__free(&b->d.allocator, r, r->alloc_size);
        eb__batcher_unref(b);
    }
}

/* ---- exactly-once completion ------------------------------------------------------------ */
EB__INLINE int eb__request_claim(eb_request *r) {
    uint32_t s = eb__load(&r->state, EB__ACQUIRE);
    while (s < EB__RQ_CLAIMED)
        if (eb__cas_weak(&r->state, &s, (uint32_t)EB__RQ_CLAIMED, EB__ACQ_REL, EB__ACQUIRE)) return 1;
    return 0;
}

EB__INLINE eb__wait_bucket *eb__bucket_of(eb_request *r) {
    return &r->b->buckets[((uintptr_t)r >> 6) % EB__WAIT_BUCKETS];
}

/* Only the claimer calls this. Stats first, so whoever sees DONE also sees them counted. */
EB__FN void eb__request_publish(eb_request *r, eb_status status) {
    eb_batcher *b = r->b;
    int64_t now = eb__now_ns();
    r->status = status;
    eb__fetch_add(&b->st_resolved[status], 1, EB__RELAXED);
    eb__hist_add(&b->h_latency, (uint64_t)((now - r->submit_ns) / 1000));
    eb__store(&r->state, (uint32_t)EB__RQ_DONE, EB__SEQ_CST);
    if (eb__load(&r->waiting, EB__SEQ_CST) > 0) {
        eb__wait_bucket *wb = eb__bucket_of(r);
        eb__mutex_lock(&wb->m);
        eb__cond_broadcast(&wb->c);
        eb__mutex_unlock(&wb->m);
    }
    if (r->on_done) r->on_done(r, status, status == EB_OK ? r->vec : NULL, r->dim, r->user);
}

EB__FN int eb__request_resolve(eb_request *r, eb_status status) {
    if (!eb__request_claim(r)) return 0;
    eb__request_publish(r, status);
    return 1;
}

/* A request that never entered the queue: resolve it and drop the batcher's reference. */
EB__FN eb_request *eb__request_reject(eb_request *r, eb_status status) {
    eb__request_resolve(r, status);
    eb__request_unref(r);
    return r;
}

/* ---- submit ------------------------------------------------------------------------------ */
EB__FN int64_t eb__effective_timeout_us(const eb_batcher *b, int64_t req) {
    int64_t def = b->d.default_timeout_us;   /* > 0, or EB_FOREVER */
    if (req <= 0) return def;
    return def > 0 && def < req ? def : req;
}

EB__INLINE void eb__wake_former(eb_batcher *b) {
    if (eb__load(&b->form_sleeping, EB__SEQ_CST)) {
        eb__mutex_lock(&b->form_lock);
        eb__cond_signal(&b->form_cond);
        eb__mutex_unlock(&b->form_lock);
    }
}

/* Tokenized ids land here first, so the request can be allocated at its exact size. */
#define EB__SUBMIT_STACK_IDS 512

EB__DEF eb_request *eb_submit(eb_batcher *b, const eb_request_desc *desc) {
    eb_request *r;
    int32_t stack_ids[EB__SUBMIT_STACK_IDS], *ids = NULL;
    size_t len = 0, size, ids_off, text_off, vec_off, n_ids = 0;
    int n = 0, ids_cap = 0;
    int64_t timeout, now;
    eb_status s = EB_OK;
    if (!b || !desc) { eb__fail(EB_INVALID_ARGUMENT, "eb_submit: NULL batcher or desc"); return NULL; }
    if (b->magic != EB__BATCHER_MAGIC && b->magic != EB__BATCHER_DEAD) {
        eb__fail(EB_INVALID_ARGUMENT, "eb_submit: not a live batcher (use after free?)");
        return NULL;
    }
    eb__fetch_add(&b->submitting, 1, EB__SEQ_CST);
    now = eb__now_ns();

    /* validate and tokenize before allocating, on the caller's thread */
    if (eb__load(&b->shutting_down, EB__SEQ_CST) || b->magic != EB__BATCHER_MAGIC) {
        s = eb__fail(EB_SHUTDOWN, "eb_submit: the batcher is shutting down");
    } else if (!desc->text) {
        s = eb__fail(EB_INVALID_INPUT, "eb_submit: text is NULL");
    } else if ((len = desc->len ? desc->len : strlen(desc->text)) > b->d.max_text_bytes) {
        s = eb__fail(EB_INVALID_INPUT, "eb_submit: %zu bytes exceed max_text_bytes (%zu)", len, b->d.max_text_bytes);
    } else if (desc->priority < 0 || desc->priority >= b->d.priority_levels) {
        s = eb__fail(EB_INVALID_ARGUMENT, "eb_submit: priority %d outside 0..%d", desc->priority, b->d.priority_levels - 1);
    } else if (desc->out && desc->out_dim < b->dim) {
        s = eb__fail(EB_INVALID_ARGUMENT, "eb_submit: out_dim %d < dim %d", desc->out_dim, b->dim);
    } else {
        if (b->backends[0]->vt->tokenize) {
            ids_cap = b->token_cap;
            ids = ids_cap <= EB__SUBMIT_STACK_IDS ? stack_ids
                                                 : (int32_t *)malloc(sizeof(int32_t) * (size_t)ids_cap);
            if (!ids) s = eb__fail(EB_NOMEM, "eb_submit: out of memory");
        }
        if (s == EB_OK) {
            n = eb__backend_tokenize(b->backends[0], desc->text, len, ids, b->token_cap);
            if (n < 0)
                s = eb__fail(EB_INVALID_INPUT, "eb_submit: the backend's tokenizer rejected the text");
            else if (n > b->d.max_batch_tokens)   /* only reachable with EB_OVERSIZE_REJECT */
                s = eb__fail(EB_INVALID_INPUT, "eb_submit: %d tokens exceed max_batch_tokens %d", n, b->d.max_batch_tokens);
            if (ids) n_ids = (size_t)(n > 0 ? n : 0);
        }
    }
    if (s != EB_OK) { len = 0; n_ids = 0; }

    ids_off = (sizeof(eb_request) + 15) & ~(size_t)15;
    vec_off = (ids_off + n_ids * sizeof(int32_t) + 15) & ~(size_t)15;
    text_off = vec_off + (desc->out || s != EB_OK ? 0 : (size_t)b->dim * sizeof(float));
    size = text_off + len + 1;
    r = (eb_request *)eb__alloc(&b->d.allocator, size, 16);
    if (!r) {
        if (ids && ids != stack_ids) free(ids);
        eb__fetch_sub(&b->submitting, 1, EB__SEQ_CST);
        eb__fail(EB_NOMEM, "eb_submit: out of memory");
        return NULL;
    }
    memset(r, 0, sizeof *r);
    r->b = b;
    r->alloc_size = size;
    r->refs = 2;
    r->dim = b->dim;
    r->priority = desc->priority;
    r->on_done = desc->on_done;
    r->user = desc->user;
    r->submit_ns = now;
    r->deadline_ns = -1;
    r->n_tokens = n;
    r->text = (char *)r + text_off;
    r->len = len;
    r->vec = desc->out ? desc->out : (float *)((char *)r + vec_off);
    if (n_ids) {
        r->ids = (int32_t *)((char *)r + ids_off);
        memcpy(r->ids, ids, n_ids * sizeof(int32_t));
    }
    if (ids && ids != stack_ids) free(ids);
    if (len) memcpy((char *)r->text, desc->text, len);
    ((char *)r->text)[len] = 0;
    eb__fetch_add(&b->refs, 1, EB__RELAXED);
    eb__fetch_add(&b->st_submitted, 1, EB__RELAXED);
    if (s != EB_OK) {
        r = eb__request_reject(r, s);
        goto out;
    }
    if (b->d.oversize == EB_OVERSIZE_TRUNCATE && n == b->token_cap &&
        (b->model_max_tokens == 0 || b->token_cap < b->model_max_tokens))
        eb__fetch_add(&b->st_truncated, 1, EB__RELAXED);
    timeout = eb__effective_timeout_us(b, desc->timeout_us);
    r->deadline_ns = timeout >= 0 ? now + timeout * 1000 : -1;

    if (b->d.on_full == EB_ON_FULL_REJECT) {
        s = eb_limiter_try_acquire(b->admission, 1);
        if (s == EB_BUSY) s = EB_FULL;
    } else {
        int64_t wait = b->d.full_timeout_us, left;
        int deadline_bound = 0;
        if (r->deadline_ns >= 0) {
            left = (r->deadline_ns - eb__now_ns()) / 1000;
            if (left < 0) left = 0;
            if (wait < 0 || left < wait) { wait = left; deadline_bound = 1; }
        }
        s = eb_limiter_acquire(b->admission, 1, wait);
        if (s == EB_TIMEOUT) s = deadline_bound ? EB_TIMEOUT : EB_FULL;
    }
    if (s != EB_OK) {
        if (s == EB_CLOSED) s = EB_SHUTDOWN;
        eb__fail(s, "eb_submit: not admitted (%s)", eb_status_str(s));
        r = eb__request_reject(r, s);
        goto out;
    }
    if (eb_mpmc_try_push(b->lanes[r->priority], r) != EB_OK) {
        /* cannot happen: each lane holds at least queue_capacity entries */
        eb_limiter_release(b->admission, 1);
        r = eb__request_reject(r, EB_FULL);
        goto out;
    }
    eb__fetch_add(&b->queued, 1, EB__SEQ_CST);
    eb__wake_former(b);
out:
    eb__fetch_sub(&b->submitting, 1, EB__SEQ_CST);
    return r;
}

/* ---- waiting ------------------------------------------------------------------------------ */
EB__DEF eb_status eb_wait(eb_request *r, int64_t timeout_us) {
    int64_t wait_deadline;
    eb__wait_bucket *wb;
    if (!r) return eb__fail(EB_INVALID_ARGUMENT, "eb_wait: NULL request");
    if (eb__load(&r->state, EB__ACQUIRE) == EB__RQ_DONE) return r->status;
    wait_deadline = eb__deadline_ns(timeout_us);
    wb = eb__bucket_of(r);
    for (;;) {
        int expired = 0;
        eb_status result = EB_PENDING;
        eb__fetch_add(&r->waiting, 1, EB__SEQ_CST);
        eb__mutex_lock(&wb->m);
        for (;;) {
            uint32_t st = eb__load(&r->state, EB__SEQ_CST);
            int64_t now, dl = wait_deadline;
            if (st == EB__RQ_DONE) { result = r->status; break; }
            now = eb__now_ns();
            /* a deadline only applies while queued: a running batch is not aborted */
            if (st == EB__RQ_QUEUED && r->deadline_ns >= 0) {
                if (now >= r->deadline_ns) { expired = 1; break; }
                if (dl < 0 || r->deadline_ns < dl) dl = r->deadline_ns;
            }
            if (wait_deadline >= 0 && now >= wait_deadline) { result = EB_TIMEOUT; break; }
            eb__cond_wait_until(&wb->c, &wb->m, dl);
        }
        eb__mutex_unlock(&wb->m);
        eb__fetch_sub(&r->waiting, 1, EB__SEQ_CST);
        if (!expired) return result;
        if (eb__request_resolve(r, EB_TIMEOUT)) return EB_TIMEOUT;
        /* lost the race to a worker or canceller: wait for their result */
    }
}

EB__DEF eb_status eb_request_status(const eb_request *r) {
    if (!r) return EB_INVALID_ARGUMENT;
    return eb__load(&r->state, EB__ACQUIRE) == EB__RQ_DONE ? r->status : EB_PENDING;
}

EB__DEF const float *eb_request_vector(const eb_request *r, int *dim) {
    if (dim) *dim = 0;
    if (!r || eb__load(&r->state, EB__ACQUIRE) != EB__RQ_DONE || r->status != EB_OK) return NULL;
    if (dim) *dim = r->dim;
    return r->vec;
}

EB__DEF int eb_request_tokens(const eb_request *r) { return r ? r->n_tokens : 0; }

EB__DEF eb_status eb_cancel(eb_request *r) {
    if (!r) return eb__fail(EB_INVALID_ARGUMENT, "eb_cancel: NULL request");
    return eb__request_resolve(r, EB_CANCELLED) ? EB_OK : EB_CLOSED;
}

EB__DEF void eb_request_free(eb_request *r) {
    if (r) eb__request_unref(r);
}

/* ---- batch formation (the former holds form_lock) ----------------------------------------- */

/* Drops a queue entry that will not run: the permit goes back, the batcher's ref is released. */
EB__FN void eb__batcher_drop_entry(eb_batcher *b, eb_request *r) {
    eb__fetch_sub(&b->queued, 1, EB__SEQ_CST);
    eb_limiter_release(b->admission, 1);
    eb__request_unref(r);
}

/* Lane whose head has the highest effective priority (level + age / aging), or -1. */
EB__FN int eb__batcher_best_lane(eb_batcher *b, int64_t now) {
    int lane, best = -1;
    double best_eff = 0;
    for (lane = 0; lane < b->d.priority_levels; lane++) {
        eb_request *r = b->stash[lane];
        double eff;
        if (!r) {
            void *p;
            if (eb_mpmc_try_pop(b->lanes[lane], &p) != EB_OK) continue;
            r = b->stash[lane] = (eb_request *)p;
        }
        eff = (double)lane;
        if (b->d.aging_us > 0) eff += (double)(now - r->submit_ns) / ((double)b->d.aging_us * 1000.0);
        if (best < 0 || eff > best_eff ||
            (eff == best_eff && r->submit_ns < b->stash[best]->submit_ns)) {
            best = lane;
            best_eff = eff;
        }
    }
    return best;
}

/* Fills w->reqs. Returns the count (> 0), or 0 when shutting down with nothing left. */
EB__FN int eb__batcher_form(eb_batcher *b, eb__worker *w, eb_flush_reason *reason, int64_t *cost_out) {
    int n = 0, max_len = 0;
    int64_t cost = 0, oldest = -1, form_start = eb__now_ns();
    for (;;) {
        int64_t now = eb__now_ns();
        int progress = 0;
        while (n < b->d.max_batch_size) {
            int lane = eb__batcher_best_lane(b, now);
            eb_request *r;
            int64_t next_cost;
            uint32_t expect = EB__RQ_QUEUED;
            if (lane < 0) break;
            progress = 1;
            r = b->stash[lane];
            if (eb__load(&r->state, EB__ACQUIRE) != EB__RQ_QUEUED) {     /* cancelled or timed out */
                b->stash[lane] = NULL;
                eb__fetch_add(&b->st_purged, 1, EB__RELAXED);
                eb__batcher_drop_entry(b, r);
                continue;
            }
            if (r->deadline_ns >= 0 && now >= r->deadline_ns) {
                b->stash[lane] = NULL;
                eb__request_resolve(r, EB_TIMEOUT);
                eb__fetch_add(&b->st_purged, 1, EB__RELAXED);
                eb__batcher_drop_entry(b, r);
                continue;
            }
            next_cost = b->ragged ? cost + r->n_tokens
                                  : (int64_t)EB__MAX(max_len, r->n_tokens) * (n + 1);
            if (n > 0 && next_cost > b->d.max_batch_tokens) {
                *reason = EB_FLUSH_FULL_TOKENS;    /* r stays at the front of its lane */
                *cost_out = cost;
                return n;
            }
            b->stash[lane] = NULL;
            if (!eb__cas(&r->state, &expect, (uint32_t)EB__RQ_RUNNING, EB__ACQ_REL, EB__ACQUIRE)) {
                eb__fetch_add(&b->st_purged, 1, EB__RELAXED);  /* lost to cancel/timeout just now */
                eb__batcher_drop_entry(b, r);
                continue;
            }
            eb__fetch_sub(&b->queued, 1, EB__SEQ_CST);
            eb_limiter_release(b->admission, 1);
            if (oldest < 0 || r->submit_ns < oldest) oldest = r->submit_ns;
            w->reqs[n++] = r;
            cost = next_cost;
            if (r->n_tokens > max_len) max_len = r->n_tokens;
        }
        *cost_out = cost;
        if (n == b->d.max_batch_size) { *reason = EB_FLUSH_FULL_REQUESTS; return n; }
        if (n > 0 && eb__load(&b->shutting_down, EB__SEQ_CST)) { *reason = EB_FLUSH_SHUTDOWN; return n; }
        if (n > 0 && b->d.max_wait_us == 0) { *reason = EB_FLUSH_BACKEND_IDLE; return n; }
        /* sealed: no submitter can push any more, so an empty queue stays empty */
        if (n == 0 && eb__load(&b->sealed, EB__SEQ_CST) && eb__load(&b->queued, EB__SEQ_CST) == 0) return 0;
        {
            int64_t dl = -1;
            if (n > 0) {
                /* The window bounds how long a runnable batch is held back to fill: it starts
                   when the backend is free and a request is there, whichever is later. */
                dl = (oldest > form_start ? oldest : form_start) + b->d.max_wait_us * 1000;
                if (eb__now_ns() >= dl) { *reason = EB_FLUSH_WINDOW_EXPIRED; return n; }
            }
            /* The lanes were empty when we looked. Park unless a request was counted since:
               a Dekker pair with eb__wake_former (both sides seq_cst). */
            eb__store(&b->form_sleeping, 1, EB__SEQ_CST);
            if (!eb__load(&b->sealed, EB__SEQ_CST)) {
                if (eb__load(&b->queued, EB__SEQ_CST) == 0) {
                    eb__cond_wait_until(&b->form_cond, &b->form_lock, dl);
                } else if (!progress) {
                    /* counted but not poppable: a producer was preempted mid-push on an
                       earlier cell (the queue's documented stall). Nap, don't spin. */
                    int64_t nap = eb__now_ns() + 50000;
                    eb__cond_wait_until(&b->form_cond, &b->form_lock, dl >= 0 && dl < nap ? dl : nap);
                }
            }
            eb__store(&b->form_sleeping, 0, EB__SEQ_CST);
        }
    }
}

/* ---- workers ------------------------------------------------------------------------------- */
EB__FN void eb__batcher_run(eb_batcher *b, eb__worker *w, int n, int64_t cost, eb_flush_reason reason) {
    eb_batch batch;
    eb_status s;
    int64_t t0, t1;
    int i;
    for (i = 0; i < n; i++) {
        eb_request *r = w->reqs[i];
        w->items[i].text = r->text;
        w->items[i].len = r->len;
        w->items[i].ids = r->ids;
        w->items[i].n_tokens = r->n_tokens;
    }
    w->error[0] = 0;
    t0 = eb__now_ns();
    for (i = 0; i < n; i++) eb__hist_add(&b->h_queue_wait, (uint64_t)((t0 - w->reqs[i]->submit_ns) / 1000));
    batch.n = n;
    batch.items = w->items;
    batch.dim = b->dim;
    batch.slot = w->slot;
    batch.error = w->error;
    batch.error_cap = sizeof w->error;
    eb__fetch_add(&b->st_flush[reason], 1, EB__RELAXED);
    eb__fetch_add(&b->st_inflight, 1, EB__RELAXED);
    s = eb__backend_run(w->be, &batch, w->out);
    t1 = eb__now_ns();
    eb__fetch_sub(&b->st_inflight, 1, EB__RELAXED);
    eb__fetch_add(&b->st_batches, 1, EB__RELAXED);
    eb__hist_add(&b->h_backend, (uint64_t)((t1 - t0) / 1000));
    eb__hist_add(&b->h_batch_size, (uint64_t)n);
    eb__hist_add(&b->h_batch_tokens, (uint64_t)cost);
    if (s != EB_OK) {
        eb__fetch_add(&b->st_batch_errors, 1, EB__RELAXED);
        eb__log(&b->d.logger, EB_LOG_WARN, "backend '%s' failed a batch of %d: %s", w->be->info.name, n,
                w->error[0] ? w->error : eb_status_str(s));
    }
    for (i = 0; i < n; i++) {
        eb_request *r = w->reqs[i];
        if (eb__request_claim(r)) {       /* else cancelled while running: result dropped */
            if (s == EB_OK)
                memcpy(r->vec, w->out + (size_t)i * (size_t)b->dim, (size_t)b->dim * sizeof(float));
            eb__request_publish(r, s == EB_OK ? EB_OK : EB_BACKEND_ERROR);
        }
        eb__request_unref(r);
    }
}

EB__FN void *eb__batcher_worker_main(void *arg) {
    eb__worker *w = (eb__worker *)arg;
    eb_batcher *b = w->b;
    for (;;) {
        eb_flush_reason reason = EB_FLUSH_BACKEND_IDLE;
        int64_t cost = 0;
        int n;
        if (eb_limiter_acquire(b->inflight, 1, EB_FOREVER) != EB_OK) break;
        eb__mutex_lock(&b->form_lock);
        while (b->former_active) eb__cond_wait_until(&b->turn_cond, &b->form_lock, -1);
        b->former_active = 1;
        n = eb__batcher_form(b, w, &reason, &cost);
        b->former_active = 0;
        eb__cond_signal(&b->turn_cond);
        eb__mutex_unlock(&b->form_lock);
        if (n > 0) eb__batcher_run(b, w, n, cost, reason);
        eb_limiter_release(b->inflight, 1);
        if (n == 0) break;                 /* sealed and drained */
    }
    return NULL;
}

/* ---- create / shutdown / destroy ----------------------------------------------------------- */
EB__FN eb_status eb__batcher_resolve_desc(const eb_batcher_desc *in, eb_batcher_desc *d) {
    *d = *in;
    if (!eb__allocator_valid(&d->allocator))
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: allocator needs both alloc and free, or neither");
    if (d->backend && d->backends) return eb__fail(EB_INVALID_ARGUMENT, "batcher: set backend or backends, not both");
    if (!d->backend && (!d->backends || d->n_backends <= 0))
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: no backend");
    if (d->max_batch_size < 0 || d->max_batch_size > (1 << 20))
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: max_batch_size %d out of range", d->max_batch_size);
    if (d->max_batch_tokens < 0) return eb__fail(EB_INVALID_ARGUMENT, "batcher: max_batch_tokens < 0");
    if (d->max_wait_us < 0) return eb__fail(EB_INVALID_ARGUMENT, "batcher: max_wait_us < 0");
    if (d->queue_capacity < 0 || d->queue_capacity > (1 << 24))
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: queue_capacity %d out of range", d->queue_capacity);
    if (d->max_inflight_batches < 0) return eb__fail(EB_INVALID_ARGUMENT, "batcher: max_inflight_batches < 0");
    if ((unsigned)d->on_full > (unsigned)EB_ON_FULL_REJECT) return eb__fail(EB_INVALID_ARGUMENT, "batcher: bad on_full");
    if ((unsigned)d->oversize > (unsigned)EB_OVERSIZE_REJECT) return eb__fail(EB_INVALID_ARGUMENT, "batcher: bad oversize");
    if ((unsigned)d->drain > (unsigned)EB_DRAIN_CANCEL) return eb__fail(EB_INVALID_ARGUMENT, "batcher: bad drain");
    if (d->default_timeout_us < 0 && d->default_timeout_us != EB_FOREVER)
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: default_timeout_us must be > 0, 0 or EB_FOREVER");
    if (d->priority_levels < 0 || d->priority_levels > 64)
        return eb__fail(EB_INVALID_ARGUMENT, "batcher: priority_levels %d outside 1..64", d->priority_levels);
    if (!d->max_batch_size) d->max_batch_size = 32;
    if (!d->max_batch_tokens) d->max_batch_tokens = 16384;
    if (!d->queue_capacity) d->queue_capacity = 4096;
    if (!d->full_timeout_us || d->full_timeout_us < 0) d->full_timeout_us = EB_FOREVER;
    if (!d->default_timeout_us) d->default_timeout_us = EB_FOREVER;
    if (!d->priority_levels) d->priority_levels = 3;
    if (!d->aging_us) d->aging_us = 100000;
    if (d->aging_us < 0) d->aging_us = EB_FOREVER;
    if (!d->max_text_bytes) d->max_text_bytes = (size_t)1 << 20;
    return EB_OK;
}

/* Frees what only the batcher itself uses (the shell lives on while handles exist). */
EB__FN void eb__batcher_free_parts(eb_batcher *b) {
    const eb_allocator *a = &b->d.allocator;
    int i;
    if (b->workers) {
        for (i = 0; i < b->n_workers; i++) {
            eb__worker *w = &b->workers[i];
            eb__free(a, w->reqs, sizeof(eb_request *) * (size_t)b->d.max_batch_size);
            eb__free(a, w->items, sizeof(eb_batch_item) * (size_t)b->d.max_batch_size);
            eb__free(a, w->out, sizeof(float) * (size_t)b->d.max_batch_size * (size_t)b->dim);
        }
        eb__free(a, b->workers, sizeof(eb__worker) * (size_t)b->n_workers);
        b->workers = NULL;
    }
    if (b->lanes) {
        for (i = 0; i < b->d.priority_levels; i++) eb_mpmc_destroy(b->lanes[i]);
        eb__free(a, b->lanes, sizeof(eb_mpmc *) * (size_t)b->d.priority_levels);
        b->lanes = NULL;
    }
    eb__free(a, b->stash, sizeof(eb_request *) * (size_t)b->d.priority_levels);
    b->stash = NULL;
    eb_limiter_destroy(b->admission);
    eb_limiter_destroy(b->inflight);
    b->admission = b->inflight = NULL;
    eb__mutex_destroy(&b->form_lock);
    eb__cond_destroy(&b->form_cond);
    eb__cond_destroy(&b->turn_cond);
}

EB__DEF eb_status eb_batcher_create(const eb_batcher_desc *desc, eb_batcher **out) {
    eb_batcher_desc d;
    eb_batcher *b;
    eb_status s;
    const eb_allocator *a;
    int i, j, slots = 0, started = 0;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_batcher_create: out is NULL");
    *out = NULL;
    if (!desc) return eb__fail(EB_INVALID_ARGUMENT, "eb_batcher_create: desc is NULL");
    if ((s = eb__batcher_resolve_desc(desc, &d)) != EB_OK) return s;
    b = (eb_batcher *)eb__alloc_zero(&d.allocator, sizeof *b, EMBEDBATCH_CACHELINE);
    if (!b) return eb__fail(EB_NOMEM, "eb_batcher_create: out of memory");
    b->d = d;
    a = &b->d.allocator;
    b->refs = 1;
    b->n_backends = d.backend ? 1 : d.n_backends;
    b->backends = (eb_backend **)eb__alloc(a, sizeof(eb_backend *) * (size_t)b->n_backends, sizeof(void *));
    for (i = 0; i < EB__WAIT_BUCKETS; i++) {
        eb__mutex_init(&b->buckets[i].m);
        eb__cond_init(&b->buckets[i].c);
    }
    eb__mutex_init(&b->form_lock);
    eb__cond_init(&b->form_cond);
    eb__cond_init(&b->turn_cond);
    if (!b->backends) { s = eb__fail(EB_NOMEM, "eb_batcher_create: out of memory"); goto fail; }
    b->ragged = 1;
    for (i = 0; i < b->n_backends; i++) {
        eb_backend *be = d.backend ? d.backend : d.backends[i];
        if (!be) { s = eb__fail(EB_INVALID_ARGUMENT, "batcher: backends[%d] is NULL", i); goto fail; }
        if (i > 0 && be->info.dim != b->dim) {
            s = eb__fail(EB_INVALID_ARGUMENT, "batcher: replica %d has dim %d, replica 0 has %d", i, be->info.dim, b->dim);
            goto fail;
        }
        b->backends[i] = be;
        b->dim = be->info.dim;
        if (!(be->info.flags & EB_BACKEND_RAGGED)) b->ragged = 0;
        if (be->info.max_tokens > 0 && (b->model_max_tokens == 0 || be->info.max_tokens < b->model_max_tokens))
            b->model_max_tokens = be->info.max_tokens;
        slots += be->info.max_concurrency;
    }
    if (b->d.oversize == EB_OVERSIZE_TRUNCATE)
        b->token_cap = b->model_max_tokens ? EB__MIN(b->model_max_tokens, b->d.max_batch_tokens) : b->d.max_batch_tokens;
    else
        b->token_cap = b->model_max_tokens ? b->model_max_tokens : (1 << 30);
    if (b->token_cap < 2) { s = eb__fail(EB_INVALID_ARGUMENT, "batcher: max_batch_tokens %d < 2", b->d.max_batch_tokens); goto fail; }
    if (b->backends[0]->vt->tokenize && b->d.oversize == EB_OVERSIZE_REJECT && !b->model_max_tokens) {
        s = eb__fail(EB_INVALID_ARGUMENT, "batcher: EB_OVERSIZE_REJECT needs a backend with max_tokens");
        goto fail;
    }
    if (!b->d.max_inflight_batches || b->d.max_inflight_batches > slots) b->d.max_inflight_batches = slots;

    {
        eb_limiter_desc ld;
        memset(&ld, 0, sizeof ld);
        ld.allocator = d.allocator;
        ld.permits = b->d.queue_capacity;
        if ((s = eb_limiter_create(&ld, &b->admission)) != EB_OK) goto fail;
        ld.permits = b->d.max_inflight_batches;
        if ((s = eb_limiter_create(&ld, &b->inflight)) != EB_OK) goto fail;
    }
    b->lanes = (eb_mpmc **)eb__alloc_zero(a, sizeof(eb_mpmc *) * (size_t)b->d.priority_levels, sizeof(void *));
    b->stash = (eb_request **)eb__alloc_zero(a, sizeof(eb_request *) * (size_t)b->d.priority_levels, sizeof(void *));
    if (!b->lanes || !b->stash) { s = eb__fail(EB_NOMEM, "eb_batcher_create: out of memory"); goto fail; }
    for (i = 0; i < b->d.priority_levels; i++) {
        eb_mpmc_desc qd;
        memset(&qd, 0, sizeof qd);
        qd.capacity = (size_t)b->d.queue_capacity;
        qd.allocator = d.allocator;
        if ((s = eb_mpmc_create(&qd, &b->lanes[i])) != EB_OK) goto fail;
    }
    b->n_workers = slots;
    b->workers = (eb__worker *)eb__alloc_zero(a, sizeof(eb__worker) * (size_t)slots, EMBEDBATCH_CACHELINE);
    if (!b->workers) { s = eb__fail(EB_NOMEM, "eb_batcher_create: out of memory"); goto fail; }
    for (i = 0, slots = 0; i < b->n_backends; i++) {
        for (j = 0; j < b->backends[i]->info.max_concurrency; j++, slots++) {
            eb__worker *w = &b->workers[slots];
            w->b = b;
            w->be = b->backends[i];
            w->slot = j;
            w->reqs = (eb_request **)eb__alloc(a, sizeof(eb_request *) * (size_t)b->d.max_batch_size, sizeof(void *));
            w->items = (eb_batch_item *)eb__alloc(a, sizeof(eb_batch_item) * (size_t)b->d.max_batch_size, sizeof(void *));
            w->out = (float *)eb__alloc(a, sizeof(float) * (size_t)b->d.max_batch_size * (size_t)b->dim, 64);
            if (!w->reqs || !w->items || !w->out) { s = eb__fail(EB_NOMEM, "eb_batcher_create: out of memory"); goto fail; }
        }
    }
    b->magic = EB__BATCHER_MAGIC;
    for (i = 0; i < b->n_workers; i++) {
        if (eb__thread_start(&b->workers[i].thread, eb__batcher_worker_main, &b->workers[i]) != 0) {
            s = eb__fail(EB_NOMEM, "eb_batcher_create: cannot start worker thread %d", i);
            break;
        }
        b->workers[i].started = 1;
        started++;
    }
    if (started < b->n_workers) {
        eb_batcher_shutdown(b);   /* joins the ones that started */
        goto fail;
    }
    *out = b;
    return EB_OK;
fail:
    b->magic = 0;
    eb__batcher_free_parts(b);
    eb__batcher_free_shell(b);
    return s;
}

EB__DEF void eb_batcher_shutdown(eb_batcher *b) {
    int i, zero = 0;
    if (!b) return;
    if (!eb__cas(&b->shutting_down, &zero, 1, EB__SEQ_CST, EB__SEQ_CST)) return;
    eb_limiter_close(b->admission);     /* blocked submitters leave with EB_SHUTDOWN */
    while (eb__load(&b->submitting, EB__SEQ_CST) > 0) eb__sleep_us(50);
    eb__mutex_lock(&b->form_lock);
    eb__store(&b->sealed, 1, EB__SEQ_CST);
    if (b->d.drain == EB_DRAIN_CANCEL) {
        /* resolve everything still queued; the former, if any, is parked and holds none of it */
        for (i = 0; i < b->d.priority_levels; i++) {
            void *p;
            if (b->stash[i]) {
                eb_request *r = b->stash[i];
                b->stash[i] = NULL;
                eb__request_resolve(r, EB_SHUTDOWN);
                eb__batcher_drop_entry(b, r);
            }
            while (eb_mpmc_try_pop(b->lanes[i], &p) == EB_OK) {
                eb__request_resolve((eb_request *)p, EB_SHUTDOWN);
                eb__batcher_drop_entry(b, (eb_request *)p);
            }
        }
    }
    eb__cond_broadcast(&b->form_cond);
    eb__mutex_unlock(&b->form_lock);
    for (i = 0; i < b->n_workers; i++)
        if (b->workers[i].started) { eb__thread_join(&b->workers[i].thread); b->workers[i].started = 0; }
}

EB__DEF void eb_batcher_destroy(eb_batcher *b) {
    if (!b || b->magic != EB__BATCHER_MAGIC) return;
    eb_batcher_shutdown(b);
    b->magic = EB__BATCHER_DEAD;
    eb__batcher_free_parts(b);
    eb__batcher_unref(b);
}

EB__DEF int eb_batcher_dim(const eb_batcher *b) { return b ? b->dim : 0; }

EB__DEF void eb_batcher_query_desc(const eb_batcher *b, eb_batcher_desc *out) {
    if (!out) return;
    if (!b) { memset(out, 0, sizeof *out); return; }
    *out = b->d;
}

/* ---- convenience calls ---------------------------------------------------------------------- */
EB__DEF eb_status eb_embed(eb_batcher *b, const char *text, float *out, int out_dim, int64_t timeout_us) {
    eb_request_desc rd;
    eb_request *r;
    eb_status s;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_embed: out is NULL");
    memset(&rd, 0, sizeof rd);
    rd.text = text;
    rd.out = out;
    rd.out_dim = out_dim;
    rd.timeout_us = timeout_us > 0 ? timeout_us : 0;
    r = eb_submit(b, &rd);
    if (!r) return b ? EB_NOMEM : EB_INVALID_ARGUMENT;
    s = eb_wait(r, timeout_us);
    if (s == EB_TIMEOUT && eb_request_status(r) == EB_PENDING) {
        /* out is the caller's: nothing may write to it after we return */
        if (!eb__request_resolve(r, EB_TIMEOUT)) s = eb_wait(r, EB_FOREVER);
    }
    if (s == EB_BACKEND_ERROR) eb__fail(s, "backend: %s", eb_backend_error(b->backends[0]));
    eb_request_free(r);
    return s;
}

EB__DEF eb_status eb_embed_many(eb_batcher *b, const char *const *texts, size_t n,
                                float *out, int out_dim, const eb_many_desc *desc) {
    eb_request **ring;
    size_t window, next = 0, done = 0;
    eb_status first = EB_OK;
    if (!b || (!texts && n) || (!out && n)) return eb__fail(EB_INVALID_ARGUMENT, "eb_embed_many: NULL argument");
    if (out_dim < b->dim) return eb__fail(EB_INVALID_ARGUMENT, "eb_embed_many: out_dim %d < dim %d", out_dim, b->dim);
    if (n == 0) return EB_OK;
    /* a window keeps memory bounded for huge inputs and leaves room for other callers */
    window = (size_t)(b->d.queue_capacity > 1 ? b->d.queue_capacity / 2 : 1);
    if (window > n) window = n;
    ring = (eb_request **)eb__alloc(&b->d.allocator, sizeof(eb_request *) * window, sizeof(void *));
    if (!ring) return eb__fail(EB_NOMEM, "eb_embed_many: out of memory");
    while (done < n) {
        eb_request *r;
        eb_status s;
        while (next < n && next - done < window) {
            eb_request_desc rd;
            memset(&rd, 0, sizeof rd);
            rd.text = texts[next];
            rd.len = desc && desc->lens ? desc->lens[next] : 0;
            rd.priority = desc ? desc->priority : 0;
            rd.timeout_us = desc ? desc->timeout_us : 0;
            rd.out = out + next * (size_t)out_dim;
            rd.out_dim = out_dim;
            if (rd.text && rd.len == 0 && desc && desc->lens) rd.text = "";  /* explicit empty */
            ring[next % window] = eb_submit(b, &rd);
            next++;
        }
        r = ring[done % window];
        s = r ? eb_wait(r, EB_FOREVER) : EB_NOMEM;
        if (r) eb_request_free(r);
        if (desc && desc->statuses) desc->statuses[done] = s;
        if (s != EB_OK && first == EB_OK) first = s;
        done++;
        if (desc && desc->on_progress) desc->on_progress(done, n, desc->user);
    }
    eb__free(&b->d.allocator, ring, sizeof(eb_request *) * window);
    return first;
}

/* ---- stats ------------------------------------------------------------------------------------ */
EB__DEF void eb_batcher_stats(const eb_batcher *b, eb_stats *out) {
    int i;
    if (!out) return;
    memset(out, 0, sizeof *out);
    if (!b) return;
    out->submitted = eb__load(&b->st_submitted, EB__RELAXED);
    for (i = 0; i < EB_STATUS_COUNT; i++) out->resolved[i] = eb__load(&b->st_resolved[i], EB__RELAXED);
    out->batches = eb__load(&b->st_batches, EB__RELAXED);
    out->batch_errors = eb__load(&b->st_batch_errors, EB__RELAXED);
    for (i = 0; i < EB_FLUSH_COUNT; i++) out->flushes[i] = eb__load(&b->st_flush[i], EB__RELAXED);
    out->purged = eb__load(&b->st_purged, EB__RELAXED);
    out->truncated = eb__load(&b->st_truncated, EB__RELAXED);
    out->queue_depth = eb__load(&b->queued, EB__RELAXED);
    out->inflight_batches = eb__load(&b->st_inflight, EB__RELAXED);
    eb__hist_summary(&b->h_batch_size, &out->batch_size);
    eb__hist_summary(&b->h_batch_tokens, &out->batch_tokens);
    eb__hist_summary(&b->h_queue_wait, &out->queue_wait_us);
    eb__hist_summary(&b->h_backend, &out->backend_us);
    eb__hist_summary(&b->h_latency, &out->latency_us);
}

EB__FN const char *eb__status_label(int s) {
    static const char *const names[EB_STATUS_COUNT] = {
        "ok", "timeout", "cancelled", "shutdown", "full", "empty", "closed", "busy", "backend_error",
        "invalid_input", "invalid_argument", "nomem", "unavailable", "io_error", "format_error", "pending"};
    return names[s];
}

EB__DEF size_t eb_batcher_prometheus(const eb_batcher *b, char *buf, size_t cap) {
    static const char *const reasons[EB_FLUSH_COUNT] = {
        "full_requests", "full_tokens", "window_expired", "backend_idle", "shutdown"};
    eb__textbuf t;
    int i;
    t.buf = buf;
    t.cap = buf ? cap : 0;
    t.len = 0;
    if (buf && cap) buf[0] = 0;
    if (!b) return 0;
    eb__tb_printf(&t, "# HELP eb_requests_submitted_total Requests handed to eb_submit.\n"
                      "# TYPE eb_requests_submitted_total counter\neb_requests_submitted_total %llu\n",
                  (unsigned long long)eb__load(&b->st_submitted, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_requests_total Resolved requests by final status.\n# TYPE eb_requests_total counter\n");
    for (i = 0; i < EB_STATUS_COUNT; i++)
        if (i != EB_PENDING)
            eb__tb_printf(&t, "eb_requests_total{status=\"%s\"} %llu\n", eb__status_label(i),
                          (unsigned long long)eb__load(&b->st_resolved[i], EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_batches_total Batches run by the backends.\n# TYPE eb_batches_total counter\n"
                      "eb_batches_total %llu\n", (unsigned long long)eb__load(&b->st_batches, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_batch_errors_total Batches the backend failed.\n# TYPE eb_batch_errors_total counter\n"
                      "eb_batch_errors_total %llu\n", (unsigned long long)eb__load(&b->st_batch_errors, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_batch_flush_total Why each batch was closed.\n# TYPE eb_batch_flush_total counter\n");
    for (i = 0; i < EB_FLUSH_COUNT; i++)
        eb__tb_printf(&t, "eb_batch_flush_total{reason=\"%s\"} %llu\n", reasons[i],
                      (unsigned long long)eb__load(&b->st_flush[i], EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_requests_purged_total Expired or cancelled requests dropped before running.\n"
                      "# TYPE eb_requests_purged_total counter\neb_requests_purged_total %llu\n",
                  (unsigned long long)eb__load(&b->st_purged, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_requests_truncated_total Texts cut to the batch token budget.\n"
                      "# TYPE eb_requests_truncated_total counter\neb_requests_truncated_total %llu\n",
                  (unsigned long long)eb__load(&b->st_truncated, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_queue_depth Requests waiting for a batch.\n# TYPE eb_queue_depth gauge\n"
                      "eb_queue_depth %lld\n", (long long)eb__load(&b->queued, EB__RELAXED));
    eb__tb_printf(&t, "# HELP eb_inflight_batches Batches running in backends now.\n# TYPE eb_inflight_batches gauge\n"
                      "eb_inflight_batches %lld\n", (long long)eb__load(&b->st_inflight, EB__RELAXED));
    eb__hist_prometheus(&t, &b->h_batch_size, "eb_batch_size", "Requests per batch.", 1.0);
    eb__hist_prometheus(&t, &b->h_batch_tokens, "eb_batch_tokens", "Token cost per batch.", 1.0);
    eb__hist_prometheus(&t, &b->h_queue_wait, "eb_queue_wait_seconds", "Submit to batch start.", 1e-6);
    eb__hist_prometheus(&t, &b->h_backend, "eb_backend_duration_seconds", "Backend embed() call time.", 1e-6);
    eb__hist_prometheus(&t, &b->h_latency, "eb_request_duration_seconds", "Submit to final status.", 1e-6);
    return t.len;
}

/* ---- src/eb_json.h ---- */
/* =====================================================================================
 *  JSON
 *  Small read-only DOM for config.json, tokenizer.json and safetensors headers.
 *  Input is untrusted. Decisions (RFC 8259 strict unless said):
 *  - strings must be valid UTF-8 (overlongs, UTF-8-encoded surrogates, > U+10FFFF and
 *    truncated sequences are rejected); unescaped bytes < 0x20 are rejected;
 *  - \u escapes: surrogate pairs combine; a lone surrogate escape is rejected (as
 *    serde_json does, which HF tokenizers use: what they load, we load); \u0000 is kept,
 *    so decoded strings may hold NUL (use the length);
 *  - one leading UTF-8 BOM is skipped; whitespace is space, tab, LF, CR only;
 *  - numbers outside the double range (1e400) are rejected; underflow rounds to 0;
 *  - nesting deeper than EB__JSON_MAX_DEPTH (256) and documents >= 4 GiB are rejected;
 *  - duplicate object keys are kept in order; eb__json_get returns the LAST one (serde_json
 *    and Python agree); eb__json_has_duplicate_keys reports them for strict formats.
 *  Two passes, no recursion: pass 1 validates and counts, pass 2 builds into one block
 *  (doc + nodes + strings). Members of an object are a contiguous array: O(1) per index.
 * ===================================================================================== */
#include <langinfo.h>
#include <fcntl.h>
#include <sys/stat.h>

#define EB__JSON_MAX_DEPTH 256

typedef enum eb__json_type {
    EB__JSON_NULL, EB__JSON_FALSE, EB__JSON_TRUE, EB__JSON_NUMBER,
    EB__JSON_STRING, EB__JSON_ARRAY, EB__JSON_OBJECT
} eb__json_type;

enum { EB__JSON_F_INT = 1, EB__JSON_F_DUP = 2 };

typedef struct eb__json eb__json;
struct eb__json {
    const char *key;                                  /* member key in an object, else NULL */
    union { double num; const char *str; eb__json *kids; } u;
    union { int64_t i; size_t n; } v;                 /* exact int / string bytes / children */
    uint32_t key_len;
    uint8_t kind;                                     /* eb__json_type */
    uint8_t flags;                                    /* EB__JSON_F_* */
};

typedef struct eb__json_doc {
    eb_allocator alloc;
    size_t bytes;                                     /* size of this block, for eb__free */
    eb__json *root;
} eb__json_doc;

typedef struct eb__json_frame {
    const char *key;                                  /* this container's key in its parent */
    size_t base;                                      /* first child's index on the stack */
    size_t members;                                   /* pass 1: member count */
    uint32_t key_len;
    uint8_t kind;
} eb__json_frame;

typedef struct eb__json_parser {
    const unsigned char *s;
    size_t n;
    const eb_allocator *a;
    int build;                                        /* 0: validate and count, 1: build */
    size_t n_vals, n_str_bytes, max_members;          /* pass-1 totals */
    eb__json *stack;                                  /* finished values awaiting a parent */
    size_t top;
    eb__json *out;                                    /* final node storage */
    size_t n_out;
    char *str;                                        /* decoded string storage */
    size_t n_str;
    uint32_t *hash;                                   /* duplicate-key scratch */
    size_t hash_cap;
} eb__json_parser;

EB__FN eb_status eb__json_err(const eb__json_parser *p, size_t pos, const char *what) {
    if (pos < p->n) {
        unsigned c = p->s[pos];
        if (c >= 0x20 && c < 0x7f)
            return eb__fail(EB_FORMAT_ERROR, "json: %s at byte %zu ('%c')", what, pos, (char)c);
        return eb__fail(EB_FORMAT_ERROR, "json: %s at byte %zu (0x%02x)", what, pos, c);
    }
    return eb__fail(EB_FORMAT_ERROR, "json: %s at byte %zu (end of input)", what, pos);
}

EB__INLINE size_t eb__json_ws(const unsigned char *s, size_t n, size_t i) {
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
    return i;
}

EB__INLINE int eb__json_hex(unsigned c) {
    if (c >= '0' && c <= '9') return (int)(c - '0');
    c |= 0x20;
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    return -1;
}

/* Length of the well-formed UTF-8 sequence at s[i..n) (Unicode Table 3-7), 0 if invalid. */
EB__FN size_t eb__json_utf8_len(const unsigned char *s, size_t n, size_t i) {
    unsigned c = s[i], lo = 0x80, hi = 0xBF;
    size_t len, k;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;                     /* no encoded surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;                     /* <= U+10FFFF */
    } else return 0;
    if (n - i < len) return 0;
    if (s[i + 1] < lo || s[i + 1] > hi) return 0;
    for (k = 2; k < len; k++)
        if (s[i + k] < 0x80 || s[i + k] > 0xBF) return 0;
    return len;
}

EB__INLINE size_t eb__json_utf8_put(char *dst, unsigned cp) {
    unsigned char *d = (unsigned char *)dst;
    if (cp < 0x80) { d[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { d[0] = (unsigned char)(0xC0 | (cp >> 6)); d[1] = (unsigned char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (cp >> 12)); d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (unsigned char)(0xF0 | (cp >> 18)); d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); d[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Reads 4 hex digits at s[i..i+4); -1 if missing or not hex. */
EB__FN long eb__json_hex4(const unsigned char *s, size_t n, size_t i) {
    long v = 0;
    size_t k;
    if (i > n || n - i < 4) return -1;
    for (k = 0; k < 4; k++) {
        int h = eb__json_hex(s[i + k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

/* The string whose opening quote is at *pos. Validates; writes the decoded bytes and a NUL
   to dst when dst is non-NULL. Sets *len (decoded bytes) and *pos past the closing quote. */
EB__FN eb_status eb__json_string(const eb__json_parser *p, size_t *pos, char *dst, size_t *len) {
    const unsigned char *s = p->s;
    size_t n = p->n, i = *pos + 1, o = 0;
    for (;;) {
        size_t run = i;
        unsigned c;
        while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\') i++;
        if (dst) memcpy(dst + o, s + run, i - run);
        o += i - run;
        if (i >= n) return eb__json_err(p, *pos, "unterminated string");
        c = s[i];
        if (c == '"') { i++; break; }
        if (c == '\\') {
            unsigned e;
            char ch = 0;
            if (i + 1 >= n) return eb__json_err(p, *pos, "unterminated string");
            e = s[i + 1];
            switch (e) {
            case '"': ch = '"'; break;
            case '\\': ch = '\\'; break;
            case '/': ch = '/'; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'n': ch = '\n'; break;
            case 'r': ch = '\r'; break;
            case 't': ch = '\t'; break;
            case 'u': {
                long cp = eb__json_hex4(s, n, i + 2), lo;
                if (cp < 0) return eb__json_err(p, i, "bad \\u escape");
                i += 6;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return eb__json_err(p, i - 6, "lone low surrogate escape");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (n - i < 2 || s[i] != '\\' || s[i + 1] != 'u' ||
                        (lo = eb__json_hex4(s, n, i + 2)) < 0xDC00 || lo > 0xDFFF)
                        return eb__json_err(p, i - 6, "lone high surrogate escape");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
                if (dst) o += eb__json_utf8_put(dst + o, (unsigned)cp);
                else o += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                continue;
            }
            default: return eb__json_err(p, i, "invalid escape");
            }
            if (dst) dst[o] = ch;
            o++;
            i += 2;
        } else if (c < 0x20) {
            return eb__json_err(p, i, "unescaped control character in string");
        } else {
            size_t k = eb__json_utf8_len(s, n, i);
            if (!k) return eb__json_err(p, i, "invalid UTF-8 in string");
            if (dst) memcpy(dst + o, s + i, k);
            o += k;
            i += k;
        }
    }
    if (dst) dst[o] = 0;
    *len = o;
    *pos = i;
    return EB_OK;
}

/* Locale-independent text -> double: exact fast path (Clinger: <= 19 digits, |exp| <= 22,
   mantissa <= 2^53), else strtod on a copy spelled with the thread locale's radix char. */
EB__FN eb_status eb__json_to_double(const eb__json_parser *p, size_t b, size_t e, double *out) {
    static const double p10[23] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
        1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    const unsigned char *s = p->s;
    uint64_t m = 0;
    int digits = 0, neg = 0, frac = 0, in_frac = 0, zero = 1;
    long ex = 0, exs = 1;
    size_t i = b;
    if (s[i] == '-') { neg = 1; i++; }
    for (; i < e && s[i] != 'e' && s[i] != 'E'; i++) {
        if (s[i] == '.') { in_frac = 1; continue; }
        if (s[i] != '0') zero = 0;
        if (zero) { if (in_frac) frac++; continue; }  /* leading zeros: position only */
        digits++;
        if (digits <= 19) { m = m * 10 + (uint64_t)(s[i] - '0'); if (in_frac) frac++; }
        else if (!in_frac) frac--;                    /* dropped integer digit: x10 */
    }
    if (i < e) {
        i++;
        if (s[i] == '-') { exs = -1; i++; } else if (s[i] == '+') i++;
        for (; i < e; i++) if (ex < 100000) ex = ex * 10 + (s[i] - '0');
    }
    if (zero) { *out = neg ? -0.0 : 0.0; return EB_OK; }
    ex = ex * exs - frac;
    if (digits <= 19 && m <= ((uint64_t)1 << 53) && ex >= -22 && ex <= 22) {
        double d = (double)m;
        d = ex < 0 ? d / p10[-ex] : d * p10[ex];
        *out = neg ? -d : d;
        return EB_OK;
    }
    {
        char sbuf[128], *buf = sbuf, *end = NULL;
        const char *dp = nl_langinfo(RADIXCHAR);        /* MT-safe, unlike localeconv */
        size_t dpl = (dp && dp[0]) ? strlen(dp) : 1, need = (e - b) + dpl + 1, o = 0, k;
        double d;
        if (!dp || !dp[0]) dp = ".";
        if (need > sizeof sbuf) {
            buf = (char *)eb__alloc(p->a, need, 1);
            if (!buf) return eb__fail(EB_NOMEM, "json: out of memory for a %zu-byte number", e - b);
        }
        for (k = b; k < e; k++) {
            if (s[k] == '.') { memcpy(buf + o, dp, dpl); o += dpl; }
            else buf[o++] = (char)s[k];
        }
        buf[o] = 0;
        d = strtod(buf, &end);
        k = (size_t)(end - buf);
        if (buf != sbuf) eb__free(p->a, buf, need);
        if (k != o) return eb__json_err(p, b, "unconvertible number");
        if (isinf(d)) return eb__json_err(p, b, "number out of double range");
        *out = d;
        return EB_OK;
    }
}

/* The number starting at *pos: validates the RFC grammar; in build mode fills v. */
EB__FN eb_status eb__json_number(const eb__json_parser *p, size_t *pos, eb__json *v) {
    const unsigned char *s = p->s;
    size_t n = p->n, b = *pos, i = b;
    int is_int = 1;
    if (s[i] == '-') i++;
    if (i < n && s[i] == '0') i++;
    else if (i < n && s[i] >= '1' && s[i] <= '9') { while (i < n && s[i] >= '0' && s[i] <= '9') i++; }
    else return eb__json_err(p, i, "invalid number");
    if (i < n && s[i] == '.') {
        is_int = 0;
        if (++i >= n || s[i] < '0' || s[i] > '9') return eb__json_err(p, i, "digit expected after '.'");
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        is_int = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= n || s[i] < '0' || s[i] > '9') return eb__json_err(p, i, "digit expected in exponent");
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    }
    *pos = i;
    if (v) {
        v->kind = EB__JSON_NUMBER;
        if (is_int) {                                 /* exact int64 from the digits */
            uint64_t acc = 0, lim;
            size_t k = b;
            int neg = s[k] == '-', ok = 1;
            if (neg) k++;
            lim = neg ? (uint64_t)1 << 63 : (uint64_t)INT64_MAX;
            for (; k < i; k++) {
                uint64_t d = (uint64_t)(s[k] - '0');
                if (acc > (lim - d) / 10) { ok = 0; break; }
                acc = acc * 10 + d;
            }
            if (ok) {
                v->flags |= EB__JSON_F_INT;
                v->v.i = neg ? (acc == ((uint64_t)1 << 63) ? INT64_MIN : -(int64_t)acc) : (int64_t)acc;
                if (acc <= ((uint64_t)1 << 53)) {    /* exactly representable */
                    v->u.num = neg ? -(double)acc : (double)acc;
                    return EB_OK;
                }
            }
        }
        return eb__json_to_double(p, b, i, &v->u.num);
    }
    return EB_OK;
}

EB__FN int eb__json_key_eq(const eb__json *x, const eb__json *y) {
    return x->key_len == y->key_len && memcmp(x->key, y->key, x->key_len) == 0;
}

/* Flags the object whose members are kids[0..k) if two keys are equal. */
EB__FN int eb__json_find_dup(eb__json_parser *p, const eb__json *kids, size_t k) {
    size_t i, j, cap, mask;
    if (k < 2) return 0;
    if (k <= 8) {
        for (i = 1; i < k; i++)
            for (j = 0; j < i; j++)
                if (eb__json_key_eq(&kids[i], &kids[j])) return 1;
        return 0;
    }
    cap = eb__next_pow2(k * 2);
    if (cap > p->hash_cap) cap = p->hash_cap;         /* cannot happen: sized in pass 1 */
    mask = cap - 1;
    memset(p->hash, 0xff, cap * sizeof(uint32_t));
    for (i = 0; i < k; i++) {
        size_t h = (size_t)eb__fnv1a64(kids[i].key, kids[i].key_len) & mask;
        while (p->hash[h] != 0xffffffffu) {
            if (eb__json_key_eq(&kids[p->hash[h]], &kids[i])) return 1;
            h = (h + 1) & mask;
        }
        p->hash[h] = (uint32_t)i;
    }
    return 0;
}

/* Pushes a finished value (build mode) or counts it (pass 1). */
EB__INLINE void eb__json_push(eb__json_parser *p, const eb__json *v) {
    if (p->build) p->stack[p->top++] = *v;
    else p->n_vals++;
}

/* One pass over the document (see p->build). Iterative: frames[] is the container stack. */
EB__FN eb_status eb__json_walk(eb__json_parser *p) {
    eb__json_frame frames[EB__JSON_MAX_DEPTH];
    const unsigned char *s = p->s;
    size_t n = p->n, i = 0, depth = 0;
    const char *key = NULL;
    uint32_t key_len = 0;
    eb_status st;
    eb__json v;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) i = 3;
    for (;;) {
        /* ---- a value is expected at s[i] (after whitespace) */
        i = eb__json_ws(s, n, i);
        if (i >= n) return eb__json_err(p, i, "value expected");
        memset(&v, 0, sizeof v);
        v.key = key;
        v.key_len = key_len;
        key = NULL;
        key_len = 0;
        if (s[i] == '{' || s[i] == '[') {
            eb__json_frame *f;
            if (depth >= EB__JSON_MAX_DEPTH) return eb__json_err(p, i, "nesting deeper than 256");
            f = &frames[depth];
            f->kind = (uint8_t)(s[i] == '{' ? EB__JSON_OBJECT : EB__JSON_ARRAY);
            f->key = v.key;
            f->key_len = v.key_len;
            f->base = p->top;
            f->members = 0;
            depth++;
            i = eb__json_ws(s, n, i + 1);
            if (i < n && s[i] == (f->kind == EB__JSON_OBJECT ? '}' : ']')) goto close;
            if (f->kind == EB__JSON_ARRAY) continue;
            goto key;
        }
        switch (s[i]) {
        case '"': {
            size_t len;
            char *dst = p->build ? p->str + p->n_str : NULL;
            if ((st = eb__json_string(p, &i, dst, &len)) != EB_OK) return st;
            if (p->build) {
                v.kind = EB__JSON_STRING;
                v.u.str = dst;
                v.v.n = len;
                p->n_str += len + 1;
            } else p->n_str_bytes += len + 1;
            break;
        }
        case 't':
            if (n - i < 4 || memcmp(s + i, "true", 4) != 0) return eb__json_err(p, i, "invalid literal");
            v.kind = EB__JSON_TRUE; i += 4;
            break;
        case 'f':
            if (n - i < 5 || memcmp(s + i, "false", 5) != 0) return eb__json_err(p, i, "invalid literal");
            v.kind = EB__JSON_FALSE; i += 5;
            break;
        case 'n':
            if (n - i < 4 || memcmp(s + i, "null", 4) != 0) return eb__json_err(p, i, "invalid literal");
            v.kind = EB__JSON_NULL; i += 4;
            break;
        default:
            if (s[i] != '-' && (s[i] < '0' || s[i] > '9')) return eb__json_err(p, i, "value expected");
            if ((st = eb__json_number(p, &i, p->build ? &v : NULL)) != EB_OK) return st;
            break;
        }
        eb__json_push(p, &v);
    after:
        /* ---- a value just ended: ',' or the container's close bracket follows */
        if (depth == 0) break;
        i = eb__json_ws(s, n, i);
        if (i < n && s[i] == ',') {
            i++;
            if (frames[depth - 1].kind == EB__JSON_ARRAY) continue;
            goto key;
        }
        if (i < n && s[i] == (frames[depth - 1].kind == EB__JSON_OBJECT ? '}' : ']')) goto close;
        return eb__json_err(p, i, frames[depth - 1].kind == EB__JSON_OBJECT ? "',' or '}' expected"
                                                                           : "',' or ']' expected");
    key:
        /* ---- an object member's key and ':' */
        {
            size_t len;
            char *dst = p->build ? p->str + p->n_str : NULL;
            i = eb__json_ws(s, n, i);
            if (i >= n || s[i] != '"') return eb__json_err(p, i, "string key expected");
            if ((st = eb__json_string(p, &i, dst, &len)) != EB_OK) return st;
            if (p->build) { key = dst; key_len = (uint32_t)len; p->n_str += len + 1; }
            else p->n_str_bytes += len + 1;
            frames[depth - 1].members++;
            i = eb__json_ws(s, n, i);
            if (i >= n || s[i] != ':') return eb__json_err(p, i, "':' expected");
            i++;
            continue;
        }
    close:
        /* ---- s[i] closes frames[depth-1] */
        {
            eb__json_frame *f = &frames[--depth];
            i++;
            memset(&v, 0, sizeof v);
            v.kind = f->kind;
            v.key = f->key;
            v.key_len = f->key_len;
            if (p->build) {
                size_t k = p->top - f->base;
                v.u.kids = p->out + p->n_out;
                v.v.n = k;
                memcpy(v.u.kids, p->stack + f->base, k * sizeof(eb__json));
                p->n_out += k;
                p->top = f->base;
                if (f->kind == EB__JSON_OBJECT && eb__json_find_dup(p, v.u.kids, k))
                    v.flags |= EB__JSON_F_DUP;
            } else if (f->members > p->max_members) {
                p->max_members = f->members;
            }
            eb__json_push(p, &v);
            goto after;
        }
    }
    i = eb__json_ws(s, n, i);
    if (i != n) return eb__json_err(p, i, "trailing characters after the document");
    return EB_OK;
}

EB__FN void eb__json_free(eb__json_doc *doc) {
    eb_allocator a;
    if (!doc) return;
    a = doc->alloc;
    eb__free(&a, doc, doc->bytes);
}

EB__FN eb_status eb__json_parse(const char *text, size_t len, const eb_allocator *a, eb__json_doc **out) {
    eb__json_parser p;
    eb__json_doc *doc;
    eb_status st;
    size_t nodes_off, str_off, total, tmp_bytes = 0, stack_bytes;
    void *tmp = NULL;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "json: out is NULL");
    *out = NULL;
    if (!text && len) return eb__fail(EB_INVALID_ARGUMENT, "json: text is NULL");
    if (len >= 0xFFFFFFFFu) return eb__fail(EB_FORMAT_ERROR, "json: document of %zu bytes is too large (max 4 GiB)", len);
    memset(&p, 0, sizeof p);
    p.s = (const unsigned char *)(text ? text : "");
    p.n = len;
    p.a = a;
    if ((st = eb__json_walk(&p)) != EB_OK) return st;

    /* One block: doc | nodes | strings. Temporary: stack | hash. */
    nodes_off = (sizeof(eb__json_doc) + 15) & ~(size_t)15;
    stack_bytes = eb__mul_size(p.n_vals, sizeof(eb__json));
    p.hash_cap = p.max_members > 8 ? eb__next_pow2(p.max_members * 2) : 0;
    str_off = nodes_off + stack_bytes;
    total = str_off + p.n_str_bytes;
    tmp_bytes = stack_bytes + p.hash_cap * sizeof(uint32_t);
    if (!stack_bytes || total < str_off || str_off < stack_bytes || tmp_bytes < stack_bytes)
        return eb__fail(EB_NOMEM, "json: document too large for this address space");
    doc = (eb__json_doc *)eb__alloc(a, total, 16);
    tmp = eb__alloc(a, tmp_bytes, 16);
    if (!doc || !tmp) {
        if (doc) eb__free(a, doc, total);
        if (tmp) eb__free(a, tmp, tmp_bytes);
        return eb__fail(EB_NOMEM, "json: out of memory (%zu + %zu bytes)", total, tmp_bytes);
    }
    memset(doc, 0, sizeof *doc);
    if (a) doc->alloc = *a;
    doc->bytes = total;
    p.build = 1;
    p.out = (eb__json *)((char *)doc + nodes_off);
    p.str = (char *)doc + str_off;
    p.stack = (eb__json *)tmp;
    p.hash = (uint32_t *)((char *)tmp + stack_bytes);
    st = eb__json_walk(&p);
    if (st == EB_OK) {
        p.out[p.n_out] = p.stack[0];                  /* the root */
        doc->root = &p.out[p.n_out];
        *out = doc;
    } else {
        eb__json_free(doc);
    }
    eb__free(a, tmp, tmp_bytes);
    return st;
}

/* Reads a whole file and parses it. EB_IO_ERROR names the path. */
EB__FN eb_status eb__json_parse_file(const char *path, const eb_allocator *a, eb__json_doc **out) {
    int fd;
    struct stat sb;
    char *buf;
    size_t size, got = 0;
    eb_status st;
    if (!out || !path) return eb__fail(EB_INVALID_ARGUMENT, "json: NULL path or out");
    *out = NULL;
    fd = open(path, O_RDONLY);
    if (fd < 0) return eb__fail(EB_IO_ERROR, "cannot open %s: %s", path, strerror(errno));
    if (fstat(fd, &sb) != 0) {
        int e = errno;
        close(fd);
        return eb__fail(EB_IO_ERROR, "cannot stat %s: %s", path, strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) { close(fd); return eb__fail(EB_IO_ERROR, "%s is not a regular file", path); }
    if ((uint64_t)sb.st_size >= 0xFFFFFFFFu) { close(fd); return eb__fail(EB_FORMAT_ERROR, "%s: too large for JSON", path); }
    size = (size_t)sb.st_size;
    buf = (char *)eb__alloc(a, size, 1);
    if (!buf) { close(fd); return eb__fail(EB_NOMEM, "out of memory reading %s (%zu bytes)", path, size); }
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            int e = errno;
            close(fd);
            eb__free(a, buf, size);
            if (r == 0) return eb__fail(EB_IO_ERROR, "%s: file shrank while reading", path);
            return eb__fail(EB_IO_ERROR, "cannot read %s: %s", path, strerror(e));
        }
        got += (size_t)r;
    }
    close(fd);
    st = eb__json_parse(buf, size, a, out);
    eb__free(a, buf, size);
    if (st == EB_FORMAT_ERROR) {                      /* prefix the path to the detail */
        char msg[sizeof eb__error_buf];
        memcpy(msg, eb__error_buf, sizeof msg);
        eb__fail(st, "%s: %s", path, msg);
    }
    return st;
}

/* ---- accessors: every one accepts NULL and wrong kinds ---------------------------------- */
EB__INLINE const eb__json *eb__json_root(const eb__json_doc *doc) { return doc ? doc->root : NULL; }
EB__INLINE eb__json_type eb__json_kind(const eb__json *v) { return v ? (eb__json_type)v->kind : EB__JSON_NULL; }

EB__INLINE size_t eb__json_len(const eb__json *v) {
    return (v && (v->kind == EB__JSON_ARRAY || v->kind == EB__JSON_OBJECT)) ? v->v.n : 0;
}

/* i-th array element or i-th object member's value; NULL if out of range. */
EB__INLINE const eb__json *eb__json_at(const eb__json *v, size_t i) {
    return i < eb__json_len(v) ? &v->u.kids[i] : NULL;
}

/* i-th member's decoded key (NUL-terminated; may hold NUL: use *len); NULL if none. */
EB__INLINE const char *eb__json_key_at(const eb__json *obj, size_t i, size_t *len) {
    if (!obj || obj->kind != EB__JSON_OBJECT || i >= obj->v.n) { if (len) *len = 0; return NULL; }
    if (len) *len = obj->u.kids[i].key_len;
    return obj->u.kids[i].key;
}

/* Member value by key of klen bytes; the last duplicate wins. Linear. */
EB__FN const eb__json *eb__json_getn(const eb__json *obj, const char *key, size_t klen) {
    size_t i;
    if (!obj || obj->kind != EB__JSON_OBJECT || !key) return NULL;
    for (i = obj->v.n; i-- > 0;) {
        const eb__json *m = &obj->u.kids[i];
        if (m->key_len == klen && memcmp(m->key, key, klen) == 0) return m;
    }
    return NULL;
}
EB__FN const eb__json *eb__json_get(const eb__json *obj, const char *key) {
    return key ? eb__json_getn(obj, key, strlen(key)) : NULL;
}

EB__INLINE const char *eb__json_str(const eb__json *v, size_t *len) {
    if (!v || v->kind != EB__JSON_STRING) { if (len) *len = 0; return NULL; }
    if (len) *len = v->v.n;
    return v->u.str;
}

EB__INLINE int eb__json_num(const eb__json *v, double *out) {
    if (!v || v->kind != EB__JSON_NUMBER) return 0;
    if (out) *out = v->u.num;
    return 1;
}

/* 1 only for an integer literal (no fraction, no exponent) that fits int64 exactly. */
EB__INLINE int eb__json_int(const eb__json *v, int64_t *out) {
    if (!v || v->kind != EB__JSON_NUMBER || !(v->flags & EB__JSON_F_INT)) return 0;
    if (out) *out = v->v.i;
    return 1;
}

EB__INLINE int eb__json_bool(const eb__json *v, int *out) {
    if (!v || (v->kind != EB__JSON_TRUE && v->kind != EB__JSON_FALSE)) return 0;
    if (out) *out = v->kind == EB__JSON_TRUE;
    return 1;
}

/* 1 if obj is an object with two members of the same key (computed at parse time). */
EB__INLINE int eb__json_has_duplicate_keys(const eb__json *obj) {
    return obj && obj->kind == EB__JSON_OBJECT && (obj->flags & EB__JSON_F_DUP) != 0;
}

/* Convenience for config files: value of obj[key] when it has the wanted kind. */
EB__FN int eb__json_get_int(const eb__json *obj, const char *key, int64_t *out) {
    return eb__json_int(eb__json_get(obj, key), out);
}
EB__FN int eb__json_get_num(const eb__json *obj, const char *key, double *out) {
    return eb__json_num(eb__json_get(obj, key), out);
}
EB__FN int eb__json_get_bool(const eb__json *obj, const char *key, int *out) {
    return eb__json_bool(eb__json_get(obj, key), out);
}
EB__FN const char *eb__json_get_str(const eb__json *obj, const char *key, size_t *len) {
    return eb__json_str(eb__json_get(obj, key), len);
}

/* ---- src/eb_safetensors.h ---- */
/* =====================================================================================
 *  SAFETENSORS
 *  Reader for Hugging Face safetensors files: mmap (read-only) or caller memory, strict
 *  validation, tensor lookup, conversion of float tensors to f32. Layout: u64 LE header
 *  length N | N bytes of JSON {name: {dtype, shape, data_offsets}, "__metadata__": {..}} |
 *  data buffer. Rules enforced (upstream's, plus C-string names):
 *  - 2 <= N <= 100,000,000 and N <= file size - 8; the header is one JSON object without
 *    duplicate keys;
 *  - each entry is an object with a known "dtype", "shape" (0..8 non-negative integer
 *    dims; rank 0 = scalar) and "data_offsets" [begin, end] relative to the data buffer;
 *    end - begin == numel * dtype size (overflow-checked; sub-byte dtypes need whole bytes);
 *    unknown extra fields are ignored (as upstream's serde reader does);
 *  - sorted by offset, tensors tile the data buffer exactly: no gap, no overlap, last end ==
 *    file size - 8 - N; zero-size tensors are allowed;
 *  - names hold no NUL; "__metadata__" is an object of string -> string.
 *  Tensor data may be unaligned: read it with memcpy (eb__st_tensor_to_f32 does).
 * ===================================================================================== */
#include <sys/mman.h>

#define EB__ST_MAX_HEADER 100000000ull
#define EB__ST_MAX_DIMS 8

typedef enum eb__dtype {
    EB__DT_F32, EB__DT_F16, EB__DT_BF16, EB__DT_F64,
    EB__DT_I64, EB__DT_I32, EB__DT_I16, EB__DT_I8,
    EB__DT_U64, EB__DT_U32, EB__DT_U16, EB__DT_U8, EB__DT_BOOL,
    EB__DT_F8_E5M2, EB__DT_F8_E4M3, EB__DT_F8_E8M0, EB__DT_F8_E4M3FNUZ, EB__DT_F8_E5M2FNUZ,
    EB__DT_F6_E2M3, EB__DT_F6_E3M2, EB__DT_F4, EB__DT_C64,
    EB__DT_COUNT
} eb__dtype;

typedef struct eb__st_tensor {
    const char *name;                 /* NUL-terminated, no embedded NUL */
    size_t name_len;
    eb__dtype dtype;
    int ndim;                         /* 0 = scalar */
    int64_t shape[EB__ST_MAX_DIMS];
    int64_t numel;                    /* product of shape (1 for a scalar) */
    const void *data;                 /* inside the file; may be unaligned */
    size_t nbytes;
    uint64_t offset;                  /* of data from the start of the file */
} eb__st_tensor;

typedef struct eb__st_file {
    eb_allocator alloc;
    size_t bytes;                     /* this block: file | tensors | by_name | path */
    const unsigned char *base;        /* the whole file */
    size_t size;
    int mapped;                       /* 1: munmap(base, size) on close */
    uint64_t header_len;              /* N */
    eb__json_doc *header;             /* owns names and metadata strings */
    const eb__json *metadata;         /* "__metadata__" object or NULL */
    eb__st_tensor *tensors;           /* header order */
    uint32_t *by_name;                /* indices sorted by name, for binary search */
    size_t count;
    const char *path;                 /* for messages ("<memory>" for memory files) */
} eb__st_file;

static const struct { const char *name; int bits; } eb__dtype_info[EB__DT_COUNT] = {
    {"F32", 32}, {"F16", 16}, {"BF16", 16}, {"F64", 64},
    {"I64", 64}, {"I32", 32}, {"I16", 16}, {"I8", 8},
    {"U64", 64}, {"U32", 32}, {"U16", 16}, {"U8", 8}, {"BOOL", 8},
    {"F8_E5M2", 8}, {"F8_E4M3", 8}, {"F8_E8M0", 8}, {"F8_E4M3FNUZ", 8}, {"F8_E5M2FNUZ", 8},
    {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"F4", 4}, {"C64", 64},
};

EB__INLINE const char *eb__dtype_name(eb__dtype t) {
    return (unsigned)t < EB__DT_COUNT ? eb__dtype_info[t].name : "?";
}
EB__INLINE int eb__dtype_bits(eb__dtype t) {
    return (unsigned)t < EB__DT_COUNT ? eb__dtype_info[t].bits : 0;
}
/* Float types eb__st_tensor_to_f32 converts. */
EB__INLINE int eb__dtype_is_float(eb__dtype t) {
    return t == EB__DT_F32 || t == EB__DT_F16 || t == EB__DT_BF16 || t == EB__DT_F64;
}
EB__FN int eb__dtype_parse(const char *s, size_t len, eb__dtype *out) {
    int i;
    for (i = 0; i < EB__DT_COUNT; i++)
        if (strlen(eb__dtype_info[i].name) == len && memcmp(eb__dtype_info[i].name, s, len) == 0) {
            *out = (eb__dtype)i;
            return 1;
        }
    return 0;
}

/* ---- exact scalar conversions -------------------------------------------------------- */
EB__INLINE float eb__st_f32_bits(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

/* IEEE binary16 -> binary32, exact for every input (subnormals, inf, NaN payloads). */
EB__INLINE float eb__f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1Fu, man = h & 0x3FFu;
    if (exp == 0x1F) return eb__st_f32_bits(sign | 0x7F800000u | (man << 13));
    if (exp == 0) {
        if (man == 0) return eb__st_f32_bits(sign);
        exp = 113;                                   /* 127 - 15 + 1: renormalise */
        while (!(man & 0x400u)) { man <<= 1; exp--; }
        return eb__st_f32_bits(sign | (exp << 23) | ((man & 0x3FFu) << 13));
    }
    return eb__st_f32_bits(sign | ((exp + 112) << 23) | (man << 13));
}

/* bfloat16 is the upper half of a binary32. */
EB__INLINE float eb__bf16_to_f32(uint16_t b) { return eb__st_f32_bits((uint32_t)b << 16); }

/* double -> float, rounded to nearest; out-of-range values become +-inf (a plain cast of
   those is undefined behaviour in ISO C). */
EB__INLINE float eb__f64_to_f32(double d) {
    if (d != d) return (float)d;
    if (d >= 340282356779733661637539395458142568448.0) return eb__st_f32_bits(0x7F800000u);
    if (d <= -340282356779733661637539395458142568448.0) return eb__st_f32_bits(0xFF800000u);
    return (float)d;
}

EB__INLINE uint64_t eb__st_load_le(const unsigned char *p, int bytes) {
    uint64_t v = 0;
    int i;
    for (i = bytes - 1; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

/* ---- open / validate ----------------------------------------------------------------- */
typedef struct eb__st_span { uint64_t begin, end; uint32_t idx; } eb__st_span;

EB__FN int eb__st_span_cmp(const void *x, const void *y) {
    const eb__st_span *a = (const eb__st_span *)x, *b = (const eb__st_span *)y;
    if (a->begin != b->begin) return a->begin < b->begin ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    return 0;
}

EB__INLINE int eb__st_name_cmp(const char *a, size_t al, const char *b, size_t bl) {
    int c = memcmp(a, b, EB__MIN(al, bl));
    if (c) return c;
    return al < bl ? -1 : al > bl ? 1 : 0;
}

/* Sort context for by_name: qsort has no user pointer, so sort (name, len, idx) triples. */
typedef struct eb__st_name_ref { const char *name; size_t len; uint32_t idx; } eb__st_name_ref;
EB__FN int eb__st_name_ref_cmp(const void *x, const void *y) {
    const eb__st_name_ref *a = (const eb__st_name_ref *)x, *b = (const eb__st_name_ref *)y;
    return eb__st_name_cmp(a->name, a->len, b->name, b->len);
}

EB__FN void eb__st_close(eb__st_file *f) {
    eb_allocator a;
    if (!f) return;
    a = f->alloc;
    eb__json_free(f->header);
    if (f->mapped) munmap((void *)f->base, f->size);
    eb__free(&a, f, f->bytes);
}

/* Reads one tensor entry of the header into t; 'name' is for messages. */
EB__FN eb_status eb__st_entry(const eb__st_file *f, const eb__json *e, const char *name,
                              uint64_t data_len, eb__st_tensor *t, eb__st_span *span) {
    const eb__json *dt = eb__json_get(e, "dtype"), *sh = eb__json_get(e, "shape");
    const eb__json *off = eb__json_get(e, "data_offsets");
    const char *ds;
    size_t dl, k;
    int64_t b, en;
    uint64_t numel = 1, bits;
    if (eb__json_kind(e) != EB__JSON_OBJECT)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': entry is not an object", f->path, name);
    if (eb__json_has_duplicate_keys(e))
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': duplicate fields", f->path, name);
    if (!(ds = eb__json_str(dt, &dl)))
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': missing or non-string \"dtype\"", f->path, name);
    if (!eb__dtype_parse(ds, dl, &t->dtype))
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': unknown dtype \"%.32s\"", f->path, name, ds);
    if (eb__json_kind(sh) != EB__JSON_ARRAY)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': missing or non-array \"shape\"", f->path, name);
    if (eb__json_len(sh) > EB__ST_MAX_DIMS)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': rank %zu exceeds the supported %d",
                        f->path, name, eb__json_len(sh), EB__ST_MAX_DIMS);
    t->ndim = (int)eb__json_len(sh);
    for (k = 0; k < eb__json_len(sh); k++) {
        int64_t d;
        if (!eb__json_int(eb__json_at(sh, k), &d) || d < 0)
            return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': shape[%zu] is not a non-negative integer",
                            f->path, name, k);
        t->shape[k] = d;
        if (__builtin_mul_overflow(numel, (uint64_t)d, &numel) || numel > (uint64_t)INT64_MAX)
            return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': element count overflows", f->path, name);
    }
    t->numel = (int64_t)numel;
    bits = (uint64_t)eb__dtype_bits(t->dtype);
    if (__builtin_mul_overflow(numel, bits, &bits))
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': byte size overflows", f->path, name);
    if (bits % 8)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': %llu elements of %s are not whole bytes",
                        f->path, name, (unsigned long long)numel, eb__dtype_name(t->dtype));
    if (eb__json_kind(off) != EB__JSON_ARRAY || eb__json_len(off) != 2 ||
        !eb__json_int(eb__json_at(off, 0), &b) || !eb__json_int(eb__json_at(off, 1), &en) ||
        b < 0 || en < 0)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': \"data_offsets\" must be [begin, end] "
                        "of non-negative integers", f->path, name);
    if (b > en)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': data_offsets begin %lld > end %lld",
                        f->path, name, (long long)b, (long long)en);
    if ((uint64_t)en > data_len)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': data_offsets end %lld is past the data "
                        "buffer (%llu bytes)", f->path, name, (long long)en, (unsigned long long)data_len);
    if ((uint64_t)(en - b) != bits / 8)
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s': data_offsets span %lld bytes but %s x %llu "
                        "needs %llu", f->path, name, (long long)(en - b), eb__dtype_name(t->dtype),
                        (unsigned long long)numel, (unsigned long long)(bits / 8));
    t->nbytes = (size_t)(bits / 8);
    t->offset = 8 + f->header_len + (uint64_t)b;
    t->data = f->base + t->offset;
    span->begin = (uint64_t)b;
    span->end = (uint64_t)en;
    return EB_OK;
}

/* Validates the bytes of a whole file and builds the tensor table. */
EB__FN eb_status eb__st_load(const void *data, size_t len, int mapped, const char *path,
                             const eb_allocator *a, eb__st_file **out) {
    const unsigned char *p = (const unsigned char *)data;
    eb__json_doc *doc = NULL;
    const eb__json *root, *meta = NULL;
    eb__st_file *f = NULL;
    eb__st_span *spans = NULL;
    eb__st_name_ref *refs = NULL;
    uint64_t n, data_len, expect;
    size_t count, i, j, plen = strlen(path), off_tens, off_n, off_p, total = 0, tmp_bytes = 0;
    eb_status st;

    if (len < 8) { st = eb__fail(EB_FORMAT_ERROR, "%s: %zu bytes is too small for a safetensors file", path, len); goto fail; }
    n = eb__st_load_le(p, 8);
    if (n < 2 || n > EB__ST_MAX_HEADER || n > (uint64_t)len - 8) {
        st = eb__fail(EB_FORMAT_ERROR, "%s: header length %llu is invalid (file has %zu bytes; limit %llu)",
                      path, (unsigned long long)n, len, EB__ST_MAX_HEADER);
        goto fail;
    }
    data_len = (uint64_t)len - 8 - n;
    if ((st = eb__json_parse((const char *)p + 8, (size_t)n, a, &doc)) != EB_OK) {
        char msg[sizeof eb__error_buf];
        memcpy(msg, eb__error_buf, sizeof msg);
        if (st == EB_FORMAT_ERROR) eb__fail(st, "%s: header: %s", path, msg);
        goto fail;
    }
    root = eb__json_root(doc);
    if (eb__json_kind(root) != EB__JSON_OBJECT) { st = eb__fail(EB_FORMAT_ERROR, "%s: header is not a JSON object", path); goto fail; }
    count = eb__json_len(root);
    meta = eb__json_get(root, "__metadata__");
    if (meta) {
        count--;
        if (eb__json_kind(meta) != EB__JSON_OBJECT) {
            st = eb__fail(EB_FORMAT_ERROR, "%s: __metadata__ is not an object", path);
            goto fail;
        }
        for (i = 0; i < eb__json_len(meta); i++)
            if (eb__json_kind(eb__json_at(meta, i)) != EB__JSON_STRING) {
                st = eb__fail(EB_FORMAT_ERROR, "%s: __metadata__ value of \"%.64s\" is not a string",
                              path, eb__json_key_at(meta, i, NULL));
                goto fail;
            }
    }
    if (count > 0xFFFFFFFEu) { st = eb__fail(EB_FORMAT_ERROR, "%s: too many tensors", path); goto fail; }

    /* one block: file | tensors | by_name | path */
    off_tens = (sizeof(eb__st_file) + 15) & ~(size_t)15;
    off_n = off_tens + eb__mul_size(count, sizeof(eb__st_tensor));
    off_p = off_n + eb__mul_size(count, sizeof(uint32_t));
    total = off_p + plen + 1;
    tmp_bytes = eb__mul_size(count, sizeof(eb__st_span) > sizeof(eb__st_name_ref) ? sizeof(eb__st_span)
                                                                                 : sizeof(eb__st_name_ref));
    if (count > SIZE_MAX / 64 || total < off_p) {    /* 32-bit hosts only */
        total = 0;
        st = eb__fail(EB_NOMEM, "%s: %zu tensors do not fit in memory", path, count);
        goto fail;
    }
    f = (eb__st_file *)eb__alloc_zero(a, total, 16);
    spans = (eb__st_span *)eb__alloc(a, tmp_bytes, 16);
    if (!f || !spans) { st = eb__fail(EB_NOMEM, "%s: out of memory for %zu tensors", path, count); goto fail; }
    refs = (eb__st_name_ref *)(void *)spans;         /* reused after the span check */
    if (eb__json_has_duplicate_keys(root)) {          /* name the first duplicate */
        const char *dup = "__metadata__";
        size_t m = 0;
        for (i = 0; i < eb__json_len(root) && m < count; i++) {
            refs[m].name = eb__json_key_at(root, i, &refs[m].len);
            if (strcmp(refs[m].name, "__metadata__") != 0) m++;
        }
        qsort(refs, m, sizeof *refs, eb__st_name_ref_cmp);
        for (i = 1; i < m; i++)
            if (eb__st_name_cmp(refs[i - 1].name, refs[i - 1].len, refs[i].name, refs[i].len) == 0) {
                dup = refs[i].name;
                break;
            }
        st = eb__fail(EB_FORMAT_ERROR, "%s: duplicate tensor name '%s' in the header", path, dup);
        goto fail;
    }
    if (a) f->alloc = *a;
    f->bytes = total;
    f->base = p;
    f->size = len;
    f->header_len = n;
    f->tensors = (eb__st_tensor *)((char *)f + off_tens);
    f->by_name = (uint32_t *)((char *)f + off_n);
    memcpy((char *)f + off_p, path, plen + 1);
    f->path = (char *)f + off_p;
    f->count = count;
    f->metadata = meta;

    for (i = 0, j = 0; i < eb__json_len(root); i++) {
        size_t klen;
        const char *key = eb__json_key_at(root, i, &klen);
        eb__st_tensor *t;
        if (eb__json_at(root, i) == meta) continue;
        t = &f->tensors[j];
        if (memchr(key, 0, klen)) {
            st = eb__fail(EB_FORMAT_ERROR, "%s: tensor name with a NUL byte", path);
            goto fail;
        }
        t->name = key;
        t->name_len = klen;
        if ((st = eb__st_entry(f, eb__json_at(root, i), key, data_len, t, &spans[j])) != EB_OK) goto fail;
        spans[j].idx = (uint32_t)j;
        j++;
    }

    /* tensors must tile [0, data_len) exactly */
    qsort(spans, count, sizeof *spans, eb__st_span_cmp);
    expect = 0;
    for (i = 0; i < count; i++) {
        if (spans[i].begin != expect) {
            st = eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s' starts at data offset %llu, expected %llu (%s)",
                          path, f->tensors[spans[i].idx].name, (unsigned long long)spans[i].begin,
                          (unsigned long long)expect, spans[i].begin > expect ? "gap" : "overlap");
            goto fail;
        }
        expect = spans[i].end;
    }
    if (expect != data_len) {
        st = eb__fail(EB_FORMAT_ERROR, "%s: tensors cover %llu of the %llu data bytes",
                      path, (unsigned long long)expect, (unsigned long long)data_len);
        goto fail;
    }

    for (i = 0; i < count; i++) {
        refs[i].name = f->tensors[i].name;
        refs[i].len = f->tensors[i].name_len;
        refs[i].idx = (uint32_t)i;
    }
    qsort(refs, count, sizeof *refs, eb__st_name_ref_cmp);
    for (i = 0; i < count; i++) f->by_name[i] = refs[i].idx;

    eb__free(a, spans, tmp_bytes);
    f->header = doc;
    f->mapped = mapped;
    *out = f;
    return EB_OK;
fail:
    if (spans) eb__free(a, spans, tmp_bytes);
    if (f) eb__free(a, f, total);
    eb__json_free(doc);
    return st;
}

/* Validates caller memory in place (no copy); data must outlive the file. */
EB__FN eb_status eb__st_open_memory(const void *data, size_t len, const eb_allocator *a, eb__st_file **out) {
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "safetensors: out is NULL");
    *out = NULL;
    if (!data && len) return eb__fail(EB_INVALID_ARGUMENT, "safetensors: data is NULL");
    return eb__st_load(data ? data : "", len, 0, "<memory>", a, out);
}

/* Maps path read-only and validates it. */
EB__FN eb_status eb__st_open(const char *path, const eb_allocator *a, eb__st_file **out) {
    struct stat sb;
    void *m;
    int fd, e;
    eb_status st;
    if (!out || !path) return eb__fail(EB_INVALID_ARGUMENT, "safetensors: NULL path or out");
    *out = NULL;
    fd = open(path, O_RDONLY);
    if (fd < 0) return eb__fail(EB_IO_ERROR, "cannot open %s: %s", path, strerror(errno));
    if (fstat(fd, &sb) != 0) {
        e = errno;
        close(fd);
        return eb__fail(EB_IO_ERROR, "cannot stat %s: %s", path, strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) { close(fd); return eb__fail(EB_IO_ERROR, "%s is not a regular file", path); }
    if (sb.st_size < 8) {
        close(fd);
        return eb__fail(EB_FORMAT_ERROR, "%s: %lld bytes is too small for a safetensors file",
                        path, (long long)sb.st_size);
    }
    if ((uint64_t)sb.st_size > (uint64_t)SIZE_MAX) { close(fd); return eb__fail(EB_IO_ERROR, "%s: too large to map", path); }
    m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    e = errno;
    close(fd);                                         /* the mapping keeps the file */
    if (m == MAP_FAILED) return eb__fail(EB_IO_ERROR, "cannot mmap %s: %s", path, strerror(e));
    st = eb__st_load(m, (size_t)sb.st_size, 1, path, a, out);
    if (st != EB_OK) munmap(m, (size_t)sb.st_size);
    return st;
}

/* ---- lookup -------------------------------------------------------------------------- */
EB__INLINE size_t eb__st_count(const eb__st_file *f) { return f ? f->count : 0; }
EB__INLINE const eb__st_tensor *eb__st_at(const eb__st_file *f, size_t i) {
    return (f && i < f->count) ? &f->tensors[i] : NULL;
}
EB__INLINE uint64_t eb__st_header_len(const eb__st_file *f) { return f ? f->header_len : 0; }

EB__FN const eb__st_tensor *eb__st_findn(const eb__st_file *f, const char *name, size_t len) {
    size_t lo = 0, hi;
    if (!f || !name) return NULL;
    hi = f->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const eb__st_tensor *t = &f->tensors[f->by_name[mid]];
        int c = eb__st_name_cmp(t->name, t->name_len, name, len);
        if (c == 0) return t;
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return NULL;
}
/* Exact name. O(log n). */
EB__FN const eb__st_tensor *eb__st_find(const eb__st_file *f, const char *name) {
    return name ? eb__st_findn(f, name, strlen(name)) : NULL;
}

/* BERT naming variants: name as given, with/without a "bert." prefix, and LayerNorm
   ".weight"/".bias" spelled ".gamma"/".beta" (older checkpoints). Exact match first. */
EB__FN const eb__st_tensor *eb__st_find_alias(const eb__st_file *f, const char *name) {
    static const char *const suffix[2][2] = { { "LayerNorm.weight", "LayerNorm.gamma" },
                                              { "LayerNorm.bias", "LayerNorm.beta" } };
    char buf[512];
    const eb__st_tensor *t0;
    const char *base;
    size_t blen, k;
    int pre, alt;
    if (!f || !name) return NULL;
    if ((t0 = eb__st_find(f, name)) != NULL) return t0;
    base = strncmp(name, "bert.", 5) == 0 ? name + 5 : name;
    blen = strlen(base);
    if (blen + 5 >= sizeof buf) return eb__st_find(f, name);
    for (alt = 0; alt < 2; alt++) {
        const char *stem = base;
        size_t slen = blen;
        const char *tail = "";
        if (alt) {                                     /* swap a LayerNorm suffix, if any */
            for (k = 0; k < 2; k++) {
                size_t sl = strlen(suffix[k][0]);
                if (blen >= sl && strcmp(base + blen - sl, suffix[k][0]) == 0) {
                    slen = blen - sl;
                    tail = suffix[k][1];
                    break;
                }
            }
            if (k == 2) break;
        }
        for (pre = 0; pre < 2; pre++) {
            const eb__st_tensor *t;
            size_t o = 0;
            if (pre) { memcpy(buf, "bert.", 5); o = 5; }
            memcpy(buf + o, stem, slen);
            o += slen;
            memcpy(buf + o, tail, strlen(tail) + 1);
            if ((t = eb__st_find(f, buf)) != NULL) return t;
        }
    }
    return NULL;
}

/* ---- metadata ------------------------------------------------------------------------ */
EB__INLINE size_t eb__st_metadata_count(const eb__st_file *f) { return f ? eb__json_len(f->metadata) : 0; }
EB__INLINE const char *eb__st_metadata_key(const eb__st_file *f, size_t i, size_t *len) {
    return eb__json_key_at(f ? f->metadata : NULL, i, len);
}
EB__INLINE const char *eb__st_metadata_value(const eb__st_file *f, size_t i, size_t *len) {
    return eb__json_str(eb__json_at(f ? f->metadata : NULL, i), len);
}
EB__FN const char *eb__st_metadata_get(const eb__st_file *f, const char *key, size_t *len) {
    return eb__json_str(eb__json_get(f ? f->metadata : NULL, key), len);
}

/* ---- conversion ---------------------------------------------------------------------- */
/* Writes t->numel floats to out. F32/F16/BF16/F64 only (else EB_FORMAT_ERROR). */
EB__FN eb_status eb__st_tensor_to_f32(const eb__st_tensor *t, float *out) {
    const unsigned char *s;
    size_t n, i;
    if (!t || (!out && t->numel)) return eb__fail(EB_INVALID_ARGUMENT, "safetensors: NULL tensor or out");
    s = (const unsigned char *)t->data;
    n = (size_t)t->numel;
    switch (t->dtype) {
    case EB__DT_F32:
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        for (i = 0; i < n; i++) out[i] = eb__st_f32_bits((uint32_t)eb__st_load_le(s + 4 * i, 4));
#else
        if (n) memcpy(out, s, n * 4);                  /* alignment-agnostic */
#endif
        return EB_OK;
    case EB__DT_F16:
        for (i = 0; i < n; i++) out[i] = eb__f16_to_f32((uint16_t)(s[2 * i] | (s[2 * i + 1] << 8)));
        return EB_OK;
    case EB__DT_BF16:
        for (i = 0; i < n; i++) out[i] = eb__bf16_to_f32((uint16_t)(s[2 * i] | (s[2 * i + 1] << 8)));
        return EB_OK;
    case EB__DT_F64:
        for (i = 0; i < n; i++) {
            uint64_t u = eb__st_load_le(s + 8 * i, 8);
            double d;
            memcpy(&d, &u, 8);
            out[i] = eb__f64_to_f32(d);
        }
        return EB_OK;
    default:
        return eb__fail(EB_FORMAT_ERROR, "tensor '%s' has dtype %s, not a float type",
                        t->name, eb__dtype_name(t->dtype));
    }
}

EB__FN void eb__st_shape_str(char *buf, size_t cap, const int64_t *shape, int ndim) {
    size_t o = 0;
    int k;
    o += (size_t)snprintf(buf, cap, "[");
    for (k = 0; k < ndim && o < cap; k++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%lld", k ? "," : "", (long long)shape[k]);
    if (o < cap) snprintf(buf + o, cap - o, "]");
}

/* Finds name (with eb__st_find_alias), checks it is a float tensor of exactly the expected
   shape (expect_ndim < 0 skips the check), converts it into out (numel floats). */
EB__FN eb_status eb__st_read_f32(const eb__st_file *f, const char *name, const int64_t *expect_shape,
                                 int expect_ndim, float *out) {
    const eb__st_tensor *t;
    int k, same;
    if (!f || !name) return eb__fail(EB_INVALID_ARGUMENT, "safetensors: NULL file or name");
    t = eb__st_find_alias(f, name);
    if (!t) return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s' not found", f->path, name);
    if (!eb__dtype_is_float(t->dtype))
        return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s' has dtype %s, not a float type",
                        f->path, t->name, eb__dtype_name(t->dtype));
    if (expect_ndim >= 0) {
        same = expect_ndim == t->ndim && (expect_shape || expect_ndim == 0);
        for (k = 0; same && k < expect_ndim; k++) same = expect_shape[k] == t->shape[k];
        if (!same) {
            char have[160], want[160];
            eb__st_shape_str(have, sizeof have, t->shape, t->ndim);
            if (expect_shape) eb__st_shape_str(want, sizeof want, expect_shape, EB__MIN(expect_ndim, 16));
            else snprintf(want, sizeof want, "(rank %d)", expect_ndim);
            return eb__fail(EB_FORMAT_ERROR, "%s: tensor '%s' has shape %s, expected %s",
                            f->path, t->name, have, want);
        }
    }
    return eb__st_tensor_to_f32(t, out);
}

/* ---- src/eb_unicode_tables.h ---- */
/* =====================================================================================
 *  UNICODE (generated by tools/gen_unicode.py from the reference, tokenizers 0.23.3: do not edit)
 *  Per-code-point data for the BERT normalizer and pre-tokenizer, exactly as the Hugging Face
 *  fast tokenizer behaves: Cc Cf Co, P* and Mn from Unicode 8.0 (crate unicode_categories), NFD and
 *  combining classes from Unicode 9.0 (unicode-normalization-alignments), White_Space and
 *  lowercase from Unicode 17.0 (Rust std). eb__uc_get(cp) for cp <= 0x10FFFF.
 * ===================================================================================== */
enum {
    EB__UC_DROP = 1,        /* clean_text removes it (controls, Cf, Co, U+0000, U+FFFD) */
    EB__UC_WS = 2,          /* White_Space (Rust char::is_whitespace) */
    EB__UC_PUNCT = 4,       /* BertPreTokenizer punctuation: ASCII punctuation or P* */
    EB__UC_MN = 8,          /* nonspacing mark: strip_accents removes it after NFD */
    EB__UC_DECOMP = 16,     /* has a canonical decomposition (Hangul excluded: algorithmic) */
    EB__UC_NONSTARTER = 32, /* canonical combining class > 0 */
    EB__UC_LOWER2 = 64,     /* lowercase is two chars (only U+0130 -> U+0069 U+0307) */
    EB__UC_CJK = 128        /* handle_chinese_chars puts spaces around it */
};
typedef struct eb__uc_rec { uint8_t flags, ccc; int32_t lower; /* lowercase = cp + lower */ } eb__uc_rec;
static const eb__uc_rec eb__uc_recs[108] = {
{0,0,0},
{0,0,-42561},
{0,0,-42343},
{0,0,-42319},
{0,0,-42315},
{0,0,-42308},
{0,0,-42307},
{0,0,-42305},
{0,0,-42282},
{0,0,-42280},
{0,0,-42261},
{0,0,-42258},
{0,0,-35384},
{0,0,-35332},
{0,0,-10815},
{0,0,-10783},
{0,0,-10782},
{0,0,-10780},
{0,0,-10749},
{0,0,-10743},
{0,0,-10727},
{0,0,-7615},
{0,0,-3814},
{0,0,-3008},
{0,0,-195},
{0,0,-163},
{0,0,-130},
{0,0,-97},
{0,0,-60},
{0,0,-56},
{0,0,-48},
{0,0,-7},
{0,0,1},
{0,0,2},
{0,0,8},
{0,0,15},
{0,0,16},
{0,0,26},
{0,0,27},
{0,0,28},
{0,0,32},
{0,0,34},
{0,0,39},
{0,0,40},
{0,0,48},
{0,0,64},
{0,0,69},
{0,0,71},
{0,0,79},
{0,0,80},
{0,0,116},
{0,0,202},
{0,0,203},
{0,0,205},
{0,0,206},
{0,0,207},
{0,0,209},
{0,0,210},
{0,0,211},
{0,0,213},
{0,0,214},
{0,0,217},
{0,0,218},
{0,0,219},
{0,0,928},
{0,0,7264},
{0,0,10792},
{0,0,10795},
{0,0,38864},
{1,0,0},
{2,0,0},
{3,0,0},
{4,0,0},
{8,0,0},
{16,0,-8383},
{16,0,-8262},
{16,0,-7517},
{16,0,-128},
{16,0,-126},
{16,0,-121},
{16,0,-112},
{16,0,-100},
{16,0,-86},
{16,0,-74},
{16,0,-9},
{16,0,-8},
{16,0,-7},
{16,0,0},
{16,0,1},
{16,0,32},
{16,0,37},
{16,0,38},
{16,0,63},
{16,0,64},
{16,0,80},
{18,0,0},
{20,0,0},
{32,7,0},
{32,9,0},
{32,216,0},
{32,224,0},
{32,226,0},
{32,230,0},
{40,0,0},
{48,230,0},
{80,0,0},
{128,0,0},
{144,0,0}
};
static const uint8_t eb__uc_ascii[128] = {
1,1,1,1,1,1,1,1,1,2,2,3,3,2,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
2,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,0,0,0,0,0,0,0,0,0,0,4,4,4,4,4,4,
4,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,4,4,4,4,4,
4,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,4,4,4,4,1
};
static const uint8_t eb__uc_s1[272] = {
0,1,2,3,4,5,5,5,5,5,6,7,7,7,8,9,10,11,12,7,7,7,13,7,7,7,7,14,7,15,16,7,5,5,
5,5,5,5,5,5,5,5,17,18,19,7,7,20,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,
7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,
7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,
7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,
7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,
7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,21,7,7,7,7,7,7,7,7,7,7,7,7,7,
7,7,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,22,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,22
};
static const uint8_t eb__uc_s2[1472] = {
0,1,2,3,4,5,6,7,8,9,10,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,10,25,26,27,28,29,
30,31,10,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,41,47,48,49,10,50,51,52,53,54,55,56,57,58,
59,60,61,62,10,10,10,10,10,10,10,10,10,63,64,65,66,10,10,10,10,10,10,10,10,67,68,69,70,71,72,73,
74,10,75,10,76,77,10,10,78,79,80,10,81,82,83,84,85,86,87,88,10,10,10,89,90,90,91,92,93,94,95,96,
97,98,99,100,101,102,103,104,105,106,107,108,109,10,10,10,10,10,110,111,10,10,10,10,10,10,10,10,10,112,10,113,
10,10,10,10,10,10,114,115,10,10,10,116,10,10,10,10,117,118,119,120,10,121,10,122,123,124,10,10,10,10,10,10,
125,126,127,128,10,10,10,10,10,10,10,10,10,10,10,10,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,
129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,
129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,
129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,10,129,129,129,129,129,129,129,129,
129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,
129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,
10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,86,10,10,10,10,130,131,132,133,134,135,136,137,
138,139,10,140,141,142,143,144,145,146,147,148,10,10,10,149,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,
150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,
150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,
150,150,150,150,151,151,151,151,152,153,151,154,155,156,10,10,10,10,10,10,86,10,10,10,157,158,10,159,160,161,10,162,
10,10,10,10,124,10,10,163,10,10,10,164,10,165,166,167,168,10,169,170,10,171,172,10,10,10,10,10,10,10,10,10,
10,173,10,10,174,10,10,10,175,176,10,177,178,10,179,10,10,10,180,10,10,181,10,10,10,10,10,10,10,10,10,10,
182,183,184,185,186,187,188,189,190,10,191,192,193,194,10,10,10,195,196,197,10,10,198,199,200,201,202,10,203,10,10,10,
10,10,204,10,10,10,10,10,10,10,10,10,10,10,10,10,205,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,206,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
10,10,10,10,10,10,10,10,10,207,10,208,209,210,10,10,10,10,10,10,10,10,10,10,10,211,212,10,10,10,213,10,
10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,214,10,10,10,10,10,10,10,10,10,10,10,10,10,
10,10,10,10,10,215,216,217,10,218,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
10,10,10,10,10,10,10,10,219,220,221,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
222,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
10,10,10,223,224,225,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,226,129,129,129,129,
129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,
129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,
226,10,10,10,227,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,
129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,
129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,129,228,10,10,10,10,10,
10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
151,151,151,151,151,151,151,151,229,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
230,150,10,10,231,231,231,232,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,
150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,150,233
};
static const uint8_t eb__uc_s3[14976] = {
69,69,69,69,69,69,69,69,69,70,70,71,71,70,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,70,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,72,72,72,72,72,72,
72,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,69,
69,69,69,69,69,71,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,70,72,0,0,0,0,0,72,0,0,0,72,0,69,0,0,0,0,0,0,0,0,72,72,0,0,0,72,0,0,0,72,
89,89,89,89,89,89,40,89,89,89,89,89,89,89,89,89,40,89,89,89,89,89,89,0,40,89,89,89,89,89,40,0,87,87,87,87,87,87,0,87,87,87,87,87,87,87,87,87,0,87,87,87,87,87,87,0,0,87,87,87,87,87,0,87,
88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,32,0,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,32,0,88,87,88,87,88,87,88,87,105,0,32,0,88,87,88,87,0,88,87,88,87,88,87,32,
0,32,0,88,87,88,87,88,87,0,32,0,88,87,88,87,88,87,32,0,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,32,0,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,79,88,87,88,87,88,87,0,
0,57,32,0,32,0,54,32,0,53,53,32,0,0,48,51,52,32,0,53,55,0,58,56,32,0,0,0,58,59,0,60,88,87,32,0,32,0,62,32,0,62,0,0,32,0,62,88,87,61,61,32,0,32,0,63,32,0,0,0,32,0,0,0,
0,0,0,0,33,32,0,33,32,0,33,32,0,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,0,88,87,88,87,88,87,32,0,88,87,88,87,88,87,88,87,88,87,87,33,32,0,88,87,27,29,88,87,88,87,88,87,88,87,
88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,32,0,88,87,26,0,32,0,32,0,88,87,88,87,88,87,88,87,88,87,88,87,88,87,0,0,0,0,0,0,67,32,0,25,66,0,
0,32,0,24,46,47,32,0,32,0,32,0,32,0,32,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,
104,104,103,104,104,103,103,103,103,103,103,103,103,103,103,73,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,32,0,32,0,87,0,32,0,0,0,0,0,0,0,96,50,
0,0,0,0,0,87,91,96,90,90,90,0,93,0,92,92,87,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,0,40,40,40,40,40,40,40,89,89,87,87,87,87,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,87,87,87,87,87,34,0,0,0,87,87,0,0,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,0,0,0,0,28,0,0,32,0,31,32,0,0,26,26,26,
94,94,49,94,49,49,49,94,49,49,49,49,94,94,94,49,40,40,40,40,40,40,40,40,40,89,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,0,0,0,0,0,0,0,0,0,87,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,87,0,87,0,0,0,87,0,0,0,0,87,87,87,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,88,87,32,0,32,0,32,0,32,0,
32,0,0,103,103,103,103,103,0,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,
35,88,87,32,0,32,0,32,0,32,0,32,0,32,0,0,88,87,88,87,32,0,88,87,32,0,88,87,88,87,88,87,32,0,88,87,88,87,88,87,32,0,88,87,88,87,88,87,88,87,88,87,88,87,32,0,88,87,32,0,32,0,32,0,
32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,0,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,
44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,0,0,0,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,72,72,0,0,0,0,0,0,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,72,103,
72,103,103,72,103,103,72,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,
69,69,69,69,69,69,0,0,0,72,72,0,72,72,0,0,103,103,103,103,103,103,103,103,103,103,103,72,69,0,72,72,0,0,87,87,87,87,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,0,0,0,0,0,0,0,0,0,0,72,72,72,72,0,0,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
87,0,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,72,0,103,103,103,103,103,103,103,69,0,103,103,103,103,103,103,0,0,103,103,0,103,103,103,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
72,72,72,72,72,72,72,72,72,72,72,72,72,72,0,69,0,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,
103,103,103,103,103,103,103,103,103,103,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,73,73,73,73,73,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,103,103,103,103,0,0,0,72,72,72,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,0,103,103,103,103,103,103,103,103,103,0,103,103,103,0,103,103,103,103,103,0,0,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,102,102,102,102,102,102,102,102,102,102,102,102,102,102,0,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,
73,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,0,0,0,0,0,0,87,0,0,87,0,0,0,0,0,73,0,103,0,0,0,
0,73,73,73,73,73,73,73,73,0,0,0,0,103,0,0,0,103,103,103,103,73,73,73,87,87,87,87,87,87,87,87,0,0,73,73,72,72,0,0,0,0,0,0,0,0,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,0,0,
0,73,73,73,73,0,0,0,0,0,0,87,87,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,87,0,87,0,0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,0,87,0,0,0,0,0,103,0,0,0,
0,73,73,0,0,0,0,73,73,0,0,73,73,103,0,0,0,73,0,0,0,0,0,0,0,87,87,87,0,0,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,0,0,0,73,0,0,0,0,0,0,0,0,0,0,
0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,0,0,
0,73,73,73,73,73,0,73,73,0,0,0,0,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,0,73,
0,73,73,73,73,0,0,0,87,0,0,87,87,103,0,0,0,0,0,0,0,0,73,0,0,0,0,0,87,87,0,0,0,0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
73,0,0,0,0,0,0,0,0,0,87,87,87,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,
73,0,0,0,0,0,73,73,87,0,73,73,73,103,0,0,0,0,0,0,0,103,103,0,0,0,0,0,0,0,0,0,0,0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
87,0,0,0,0,0,73,87,87,0,87,87,73,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,73,73,73,73,0,0,0,0,0,87,87,87,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,103,0,0,0,0,0,0,0,73,73,73,0,73,0,0,0,87,0,87,87,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,0,0,73,73,73,73,103,103,103,0,0,0,0,0,
0,0,0,0,0,0,0,73,103,103,103,103,73,73,73,72,0,0,0,0,0,0,0,0,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,0,0,73,73,73,73,103,103,0,73,73,0,0,0,
0,0,0,0,0,0,0,0,103,103,103,103,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,0,72,0,0,0,103,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,103,0,103,72,72,72,72,0,0,
0,0,0,87,0,0,0,0,0,0,0,0,0,87,0,0,0,0,87,0,0,0,0,87,0,0,0,0,87,0,0,0,0,0,0,0,0,0,0,0,0,87,0,0,0,0,0,0,0,103,103,87,103,87,87,73,87,73,103,103,103,103,73,0,
103,87,103,103,103,72,103,103,0,0,0,0,0,73,73,73,73,73,73,87,73,73,73,73,0,73,73,73,73,87,73,73,73,73,87,73,73,73,73,87,73,73,73,73,87,73,73,73,73,73,73,73,73,73,73,73,73,87,73,73,73,0,0,0,
0,0,0,0,0,0,103,0,0,0,0,0,0,0,0,0,72,72,72,72,72,0,0,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,0,0,0,0,0,73,73,73,73,0,73,73,73,73,73,103,0,103,103,0,0,73,73,0,
0,0,0,0,0,0,0,0,0,0,72,72,72,72,72,72,0,0,0,0,0,0,0,0,73,73,0,0,0,0,73,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,0,0,0,0,0,0,0,0,0,0,0,
0,0,73,0,0,73,73,0,0,0,0,0,0,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,0,0,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,65,
65,65,65,65,65,65,0,65,0,0,0,0,0,65,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,72,72,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,
68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,68,34,34,34,34,34,34,0,0,0,0,0,0,0,0,0,0,
72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
70,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,103,72,72,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,0,73,73,73,73,73,73,73,0,0,
0,0,0,0,0,0,73,0,0,73,73,73,73,73,73,73,73,73,103,73,72,72,72,0,72,72,72,0,0,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
72,72,72,72,72,72,72,72,72,72,72,73,73,73,69,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,0,0,0,0,73,73,0,0,0,0,0,0,0,0,0,73,0,0,0,0,0,0,103,103,103,0,0,0,0,
0,0,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,0,0,73,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,0,73,73,73,73,73,73,73,0,103,0,73,0,0,73,73,73,73,73,73,73,73,0,0,0,0,0,0,73,73,103,103,103,103,103,103,103,103,0,0,103,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,72,72,72,0,72,72,72,72,72,72,0,0,103,103,103,103,103,103,103,103,103,103,103,103,103,103,0,0,
73,73,73,73,0,0,87,0,87,0,87,0,87,0,87,0,0,0,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,73,73,73,73,73,87,73,87,0,0,
87,87,73,87,98,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,103,103,103,103,0,0,0,0,0,0,0,0,0,0,0,0,
73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,0,0,73,73,98,103,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,73,73,0,0,0,73,0,73,73,73,98,98,0,0,0,0,0,0,0,0,72,72,72,72,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,73,73,73,73,0,0,73,103,0,0,0,72,72,72,72,72,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,
0,0,0,0,0,0,0,0,0,32,0,0,0,0,0,0,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,0,0,23,23,23,
72,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,103,103,103,72,103,103,103,103,103,103,103,103,103,103,103,103,103,0,103,103,103,103,103,103,103,0,0,0,0,103,0,0,0,0,0,0,103,0,0,0,103,103,0,0,0,0,0,0,
103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,0,0,0,0,0,102,103,103,103,103,
88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,
88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,87,87,87,87,0,87,0,0,21,0,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,
88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,88,87,32,0,32,0,32,0,
87,87,87,87,87,87,87,87,85,85,85,85,85,85,85,85,87,87,87,87,87,87,0,0,85,85,85,85,85,85,0,0,87,87,87,87,87,87,87,87,85,85,85,85,85,85,85,85,87,87,87,87,87,87,87,87,85,85,85,85,85,85,85,85,
87,87,87,87,87,87,0,0,85,85,85,85,85,85,0,0,87,87,87,87,87,87,87,87,0,85,0,85,0,85,0,85,87,87,87,87,87,87,87,87,85,85,85,85,85,85,85,85,87,87,87,87,87,87,87,87,87,87,87,87,87,87,0,0,
87,87,87,87,87,87,87,87,85,85,85,85,85,85,85,85,87,87,87,87,87,87,87,87,85,85,85,85,85,85,85,85,87,87,87,87,87,87,87,87,85,85,85,85,85,85,85,85,87,87,87,87,87,0,87,87,85,85,83,83,84,0,87,0,
0,87,87,87,87,0,87,87,82,82,82,82,84,87,87,87,87,87,87,87,0,0,87,87,85,85,81,81,0,87,87,87,87,87,87,87,87,87,87,87,85,85,80,80,86,87,87,87,0,0,87,87,87,0,87,87,77,77,78,78,84,87,0,0,
95,95,70,70,70,70,70,70,70,70,70,69,69,69,69,69,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,70,70,69,69,69,69,69,70,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,
72,72,72,72,0,72,72,72,72,72,72,72,72,72,72,72,72,72,0,72,72,72,72,72,72,72,72,72,72,72,72,70,69,69,69,69,69,0,69,69,69,69,69,69,69,69,69,69,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,103,103,103,103,103,103,103,103,0,0,0,0,103,0,0,0,103,103,103,103,103,103,103,103,103,103,103,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,76,0,0,0,74,75,0,0,0,0,0,0,39,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,32,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,87,87,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,87,0,0,0,0,87,0,0,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,87,0,0,87,0,0,87,0,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,87,0,0,0,0,0,0,0,0,0,0,87,87,87,87,87,0,0,87,87,0,0,87,87,0,0,0,0,0,0,
87,87,0,0,87,87,0,0,87,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,87,87,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,87,87,87,0,0,0,0,0,0,87,87,87,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,96,96,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,37,37,37,37,37,37,37,37,37,37,
37,37,37,37,37,37,37,37,37,37,37,37,37,37,37,37,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,72,72,72,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,44,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,32,0,19,22,20,0,0,32,0,32,0,32,0,17,18,15,16,0,32,0,0,32,0,0,0,0,0,0,0,0,14,14,
32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,
32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,0,0,0,0,0,0,0,32,0,32,0,103,103,103,32,0,0,0,0,0,0,72,72,72,72,0,72,72,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,
72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,0,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,
72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
70,72,72,72,0,0,0,0,72,72,72,72,72,72,72,72,72,72,0,0,72,72,72,72,72,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,103,103,103,103,100,100,72,0,0,0,0,0,0,0,0,0,0,0,0,72,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,87,0,87,0,87,0,87,0,87,0,87,0,87,0,87,0,87,0,87,0,87,0,87,0,0,87,0,87,0,87,0,0,0,0,0,0,87,87,0,87,87,0,87,87,0,87,87,0,87,87,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,0,0,0,103,103,0,0,0,87,0,72,0,0,0,0,0,0,0,0,0,0,0,87,0,87,0,87,0,87,0,87,0,87,0,87,0,87,0,87,0,87,0,
87,0,87,0,0,87,0,87,0,87,0,0,0,0,0,0,87,87,0,87,87,0,87,87,0,87,87,0,87,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,0,87,87,87,87,72,0,0,87,0,
106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,
0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,0,103,0,0,0,72,103,103,103,103,103,103,103,103,103,103,72,0,
32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,0,0,103,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,72,72,72,72,72,72,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,0,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,
32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,0,0,0,0,0,0,0,0,0,32,0,32,0,13,32,0,
32,0,32,0,32,0,32,0,0,0,0,32,0,9,0,0,32,0,32,0,0,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,5,3,4,7,5,0,11,8,10,64,32,0,32,0,32,0,32,0,32,0,32,0,
32,0,32,0,30,6,12,32,0,32,0,2,32,0,32,0,32,0,32,0,32,0,32,0,32,0,32,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,32,0,0,0,0,0,0,0,0,0,0,
0,0,73,0,0,0,103,0,0,0,0,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,0,0,0,0,0,0,0,0,
0,0,0,0,103,0,0,0,0,0,0,0,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,0,0,0,0,0,0,72,72,72,0,72,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,73,103,103,103,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,73,73,73,73,73,73,73,73,73,73,73,0,98,0,0,0,0,0,0,0,0,0,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
73,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,0,73,73,73,73,0,0,73,0,0,0,
98,72,72,72,72,72,72,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,0,0,0,0,0,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,73,73,0,0,73,73,0,0,73,73,0,0,0,0,0,0,0,0,0,
0,0,0,73,0,0,0,0,0,0,0,0,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,103,103,103,0,0,103,103,0,0,0,0,0,103,103,
0,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,73,73,0,0,72,72,0,0,0,0,103,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,0,0,73,0,0,72,0,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,
107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,
107,107,107,107,107,107,107,107,107,107,107,107,107,107,106,106,107,106,107,106,106,107,107,107,107,107,107,107,107,107,107,106,107,106,107,106,106,107,107,106,106,106,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,
107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,106,106,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,
107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,103,87,0,0,0,0,0,0,0,0,0,0,87,87,87,87,87,87,87,87,87,87,87,87,87,0,87,87,87,87,87,0,87,0,
87,87,0,87,87,0,87,87,87,87,87,87,87,87,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,72,72,72,72,72,72,72,72,72,72,0,0,0,0,0,0,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,103,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,
72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,0,72,72,72,72,72,72,72,72,72,72,72,72,72,72,0,72,0,0,0,0,72,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,69,
0,72,72,72,0,72,72,72,72,72,72,0,72,72,72,72,0,0,0,0,0,0,0,0,0,0,72,72,0,0,0,72,72,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,72,72,72,0,72,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,0,72,0,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,69,69,69,0,69,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,
43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,43,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,42,42,42,42,42,42,42,42,42,42,42,0,42,42,42,42,
42,42,42,42,42,42,42,42,42,42,42,0,42,42,42,42,42,42,42,0,42,42,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,
0,73,73,73,0,73,73,0,0,0,0,0,73,103,73,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,0,0,0,0,103,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,0,0,0,0,0,0,0,0,0,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,72,72,72,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,45,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,73,73,73,73,
73,73,73,73,73,73,103,72,72,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,
73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,0,0,0,0,0,0,0,73,73,73,73,0,0,103,103,72,72,69,72,72,
72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
103,103,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,73,0,73,87,87,73,73,73,103,103,0,0,0,0,0,0,0,0,0,0,0,
72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,72,72,0,0,0,0,0,0,0,0,0,0,
73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,73,73,73,73,73,0,
98,0,0,0,0,72,72,72,72,72,103,73,73,72,0,0,0,0,0,0,0,0,0,0,0,0,0,72,0,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,0,0,73,98,103,73,72,72,72,72,72,72,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,0,0,0,73,73,73,73,73,73,103,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,0,0,0,
73,0,0,0,0,0,0,0,0,0,0,87,87,98,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,103,103,0,0,0,103,103,103,103,103,0,0,0,0,0,0,0,0,0,0,0,
0,0,98,0,0,0,97,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,73,73,0,73,87,87,0,87,73,
73,0,103,103,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,0,0,0,0,87,87,73,73,0,103,
103,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,0,0,0,0,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,73,73,73,73,0,0,73,0,103,
73,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,0,73,0,0,73,73,73,73,73,73,98,103,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,0,0,73,73,73,73,0,73,73,73,73,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,98,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,72,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,103,103,72,72,72,72,72,0,0,0,0,
0,0,0,0,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,38,38,38,38,38,38,38,38,38,38,38,38,38,38,38,38,38,38,38,38,38,38,38,38,38,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,103,72,69,69,69,69,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,87,87,87,87,87,87,99,99,103,103,103,0,0,0,101,99,99,99,99,99,69,69,69,69,69,69,69,69,103,103,103,103,103,
103,103,103,0,0,103,103,103,103,103,103,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,0,0,0,0,0,0,0,0,0,0,0,0,0,87,87,87,87,87,
87,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,103,103,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,0,0,0,0,73,73,73,73,73,
73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,0,0,0,0,0,0,0,0,73,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,73,0,0,72,72,72,72,72,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,73,73,73,73,73,0,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
102,102,102,102,102,102,102,0,102,102,102,102,102,102,102,102,102,102,102,102,102,102,102,102,102,0,0,102,102,102,102,102,102,102,0,102,102,0,102,102,102,102,102,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,103,103,103,103,103,103,103,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,102,102,102,102,102,102,97,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,
106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,106,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,107,106,106,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,69,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,
73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,
73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,73,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,69,0,0
};
static const uint32_t eb__uc_dkeys[2060] = {
192,193,194,195,196,197,199,200,201,202,203,204,205,206,207,209,
210,211,212,213,214,217,218,219,220,221,224,225,226,227,228,229,
231,232,233,234,235,236,237,238,239,241,242,243,244,245,246,249,
250,251,252,253,255,256,257,258,259,260,261,262,263,264,265,266,
267,268,269,270,271,274,275,276,277,278,279,280,281,282,283,284,
285,286,287,288,289,290,291,292,293,296,297,298,299,300,301,302,
303,304,308,309,310,311,313,314,315,316,317,318,323,324,325,326,
327,328,332,333,334,335,336,337,340,341,342,343,344,345,346,347,
348,349,350,351,352,353,354,355,356,357,360,361,362,363,364,365,
366,367,368,369,370,371,372,373,374,375,376,377,378,379,380,381,
382,416,417,431,432,461,462,463,464,465,466,467,468,469,470,471,
472,473,474,475,476,478,479,480,481,482,483,486,487,488,489,490,
491,492,493,494,495,496,500,501,504,505,506,507,508,509,510,511,
512,513,514,515,516,517,518,519,520,521,522,523,524,525,526,527,
528,529,530,531,532,533,534,535,536,537,538,539,542,543,550,551,
552,553,554,555,556,557,558,559,560,561,562,563,832,833,835,836,
884,894,901,902,903,904,905,906,908,910,911,912,938,939,940,941,
942,943,944,970,971,972,973,974,979,980,1024,1025,1027,1031,1036,1037,
1038,1049,1081,1104,1105,1107,1111,1116,1117,1118,1142,1143,1217,1218,1232,1233,
1234,1235,1238,1239,1242,1243,1244,1245,1246,1247,1250,1251,1252,1253,1254,1255,
1258,1259,1260,1261,1262,1263,1264,1265,1266,1267,1268,1269,1272,1273,1570,1571,
1572,1573,1574,1728,1730,1747,2345,2353,2356,2392,2393,2394,2395,2396,2397,2398,
2399,2507,2508,2524,2525,2527,2611,2614,2649,2650,2651,2654,2888,2891,2892,2908,
2909,2964,3018,3019,3020,3144,3264,3271,3272,3274,3275,3402,3403,3404,3546,3548,
3549,3550,3907,3917,3922,3927,3932,3945,3955,3957,3958,3960,3969,3987,3997,4002,
4007,4012,4025,4134,6918,6920,6922,6924,6926,6930,6971,6973,6976,6977,6979,7680,
7681,7682,7683,7684,7685,7686,7687,7688,7689,7690,7691,7692,7693,7694,7695,7696,
7697,7698,7699,7700,7701,7702,7703,7704,7705,7706,7707,7708,7709,7710,7711,7712,
7713,7714,7715,7716,7717,7718,7719,7720,7721,7722,7723,7724,7725,7726,7727,7728,
7729,7730,7731,7732,7733,7734,7735,7736,7737,7738,7739,7740,7741,7742,7743,7744,
7745,7746,7747,7748,7749,7750,7751,7752,7753,7754,7755,7756,7757,7758,7759,7760,
7761,7762,7763,7764,7765,7766,7767,7768,7769,7770,7771,7772,7773,7774,7775,7776,
7777,7778,7779,7780,7781,7782,7783,7784,7785,7786,7787,7788,7789,7790,7791,7792,
7793,7794,7795,7796,7797,7798,7799,7800,7801,7802,7803,7804,7805,7806,7807,7808,
7809,7810,7811,7812,7813,7814,7815,7816,7817,7818,7819,7820,7821,7822,7823,7824,
7825,7826,7827,7828,7829,7830,7831,7832,7833,7835,7840,7841,7842,7843,7844,7845,
7846,7847,7848,7849,7850,7851,7852,7853,7854,7855,7856,7857,7858,7859,7860,7861,
7862,7863,7864,7865,7866,7867,7868,7869,7870,7871,7872,7873,7874,7875,7876,7877,
7878,7879,7880,7881,7882,7883,7884,7885,7886,7887,7888,7889,7890,7891,7892,7893,
7894,7895,7896,7897,7898,7899,7900,7901,7902,7903,7904,7905,7906,7907,7908,7909,
7910,7911,7912,7913,7914,7915,7916,7917,7918,7919,7920,7921,7922,7923,7924,7925,
7926,7927,7928,7929,7936,7937,7938,7939,7940,7941,7942,7943,7944,7945,7946,7947,
7948,7949,7950,7951,7952,7953,7954,7955,7956,7957,7960,7961,7962,7963,7964,7965,
7968,7969,7970,7971,7972,7973,7974,7975,7976,7977,7978,7979,7980,7981,7982,7983,
7984,7985,7986,7987,7988,7989,7990,7991,7992,7993,7994,7995,7996,7997,7998,7999,
8000,8001,8002,8003,8004,8005,8008,8009,8010,8011,8012,8013,8016,8017,8018,8019,
8020,8021,8022,8023,8025,8027,8029,8031,8032,8033,8034,8035,8036,8037,8038,8039,
8040,8041,8042,8043,8044,8045,8046,8047,8048,8049,8050,8051,8052,8053,8054,8055,
8056,8057,8058,8059,8060,8061,8064,8065,8066,8067,8068,8069,8070,8071,8072,8073,
8074,8075,8076,8077,8078,8079,8080,8081,8082,8083,8084,8085,8086,8087,8088,8089,
8090,8091,8092,8093,8094,8095,8096,8097,8098,8099,8100,8101,8102,8103,8104,8105,
8106,8107,8108,8109,8110,8111,8112,8113,8114,8115,8116,8118,8119,8120,8121,8122,
8123,8124,8126,8129,8130,8131,8132,8134,8135,8136,8137,8138,8139,8140,8141,8142,
8143,8144,8145,8146,8147,8150,8151,8152,8153,8154,8155,8157,8158,8159,8160,8161,
8162,8163,8164,8165,8166,8167,8168,8169,8170,8171,8172,8173,8174,8175,8178,8179,
8180,8182,8183,8184,8185,8186,8187,8188,8189,8192,8193,8486,8490,8491,8602,8603,
8622,8653,8654,8655,8708,8713,8716,8740,8742,8769,8772,8775,8777,8800,8802,8813,
8814,8815,8816,8817,8820,8821,8824,8825,8832,8833,8836,8837,8840,8841,8876,8877,
8878,8879,8928,8929,8930,8931,8938,8939,8940,8941,9001,9002,10972,12364,12366,12368,
12370,12372,12374,12376,12378,12380,12382,12384,12386,12389,12391,12393,12400,12401,12403,12404,
12406,12407,12409,12410,12412,12413,12436,12446,12460,12462,12464,12466,12468,12470,12472,12474,
12476,12478,12480,12482,12485,12487,12489,12496,12497,12499,12500,12502,12503,12505,12506,12508,
12509,12532,12535,12536,12537,12538,12542,63744,63745,63746,63747,63748,63749,63750,63751,63752,
63753,63754,63755,63756,63757,63758,63759,63760,63761,63762,63763,63764,63765,63766,63767,63768,
63769,63770,63771,63772,63773,63774,63775,63776,63777,63778,63779,63780,63781,63782,63783,63784,
63785,63786,63787,63788,63789,63790,63791,63792,63793,63794,63795,63796,63797,63798,63799,63800,
63801,63802,63803,63804,63805,63806,63807,63808,63809,63810,63811,63812,63813,63814,63815,63816,
63817,63818,63819,63820,63821,63822,63823,63824,63825,63826,63827,63828,63829,63830,63831,63832,
63833,63834,63835,63836,63837,63838,63839,63840,63841,63842,63843,63844,63845,63846,63847,63848,
63849,63850,63851,63852,63853,63854,63855,63856,63857,63858,63859,63860,63861,63862,63863,63864,
63865,63866,63867,63868,63869,63870,63871,63872,63873,63874,63875,63876,63877,63878,63879,63880,
63881,63882,63883,63884,63885,63886,63887,63888,63889,63890,63891,63892,63893,63894,63895,63896,
63897,63898,63899,63900,63901,63902,63903,63904,63905,63906,63907,63908,63909,63910,63911,63912,
63913,63914,63915,63916,63917,63918,63919,63920,63921,63922,63923,63924,63925,63926,63927,63928,
63929,63930,63931,63932,63933,63934,63935,63936,63937,63938,63939,63940,63941,63942,63943,63944,
63945,63946,63947,63948,63949,63950,63951,63952,63953,63954,63955,63956,63957,63958,63959,63960,
63961,63962,63963,63964,63965,63966,63967,63968,63969,63970,63971,63972,63973,63974,63975,63976,
63977,63978,63979,63980,63981,63982,63983,63984,63985,63986,63987,63988,63989,63990,63991,63992,
63993,63994,63995,63996,63997,63998,63999,64000,64001,64002,64003,64004,64005,64006,64007,64008,
64009,64010,64011,64012,64013,64016,64018,64021,64022,64023,64024,64025,64026,64027,64028,64029,
64030,64032,64034,64037,64038,64042,64043,64044,64045,64046,64047,64048,64049,64050,64051,64052,
64053,64054,64055,64056,64057,64058,64059,64060,64061,64062,64063,64064,64065,64066,64067,64068,
64069,64070,64071,64072,64073,64074,64075,64076,64077,64078,64079,64080,64081,64082,64083,64084,
64085,64086,64087,64088,64089,64090,64091,64092,64093,64094,64095,64096,64097,64098,64099,64100,
64101,64102,64103,64104,64105,64106,64107,64108,64109,64112,64113,64114,64115,64116,64117,64118,
64119,64120,64121,64122,64123,64124,64125,64126,64127,64128,64129,64130,64131,64132,64133,64134,
64135,64136,64137,64138,64139,64140,64141,64142,64143,64144,64145,64146,64147,64148,64149,64150,
64151,64152,64153,64154,64155,64156,64157,64158,64159,64160,64161,64162,64163,64164,64165,64166,
64167,64168,64169,64170,64171,64172,64173,64174,64175,64176,64177,64178,64179,64180,64181,64182,
64183,64184,64185,64186,64187,64188,64189,64190,64191,64192,64193,64194,64195,64196,64197,64198,
64199,64200,64201,64202,64203,64204,64205,64206,64207,64208,64209,64210,64211,64212,64213,64214,
64215,64216,64217,64285,64287,64298,64299,64300,64301,64302,64303,64304,64305,64306,64307,64308,
64309,64310,64312,64313,64314,64315,64316,64318,64320,64321,64323,64324,64326,64327,64328,64329,
64330,64331,64332,64333,64334,69786,69788,69803,69934,69935,70475,70476,70843,70844,70846,71098,
71099,119134,119135,119136,119137,119138,119139,119140,119227,119228,119229,119230,119231,119232,194560,194561,
194562,194563,194564,194565,194566,194567,194568,194569,194570,194571,194572,194573,194574,194575,194576,194577,
194578,194579,194580,194581,194582,194583,194584,194585,194586,194587,194588,194589,194590,194591,194592,194593,
194594,194595,194596,194597,194598,194599,194600,194601,194602,194603,194604,194605,194606,194607,194608,194609,
194610,194611,194612,194613,194614,194615,194616,194617,194618,194619,194620,194621,194622,194623,194624,194625,
194626,194627,194628,194629,194630,194631,194632,194633,194634,194635,194636,194637,194638,194639,194640,194641,
194642,194643,194644,194645,194646,194647,194648,194649,194650,194651,194652,194653,194654,194655,194656,194657,
194658,194659,194660,194661,194662,194663,194664,194665,194666,194667,194668,194669,194670,194671,194672,194673,
194674,194675,194676,194677,194678,194679,194680,194681,194682,194683,194684,194685,194686,194687,194688,194689,
194690,194691,194692,194693,194694,194695,194696,194697,194698,194699,194700,194701,194702,194703,194704,194705,
194706,194707,194708,194709,194710,194711,194712,194713,194714,194715,194716,194717,194718,194719,194720,194721,
194722,194723,194724,194725,194726,194727,194728,194729,194730,194731,194732,194733,194734,194735,194736,194737,
194738,194739,194740,194741,194742,194743,194744,194745,194746,194747,194748,194749,194750,194751,194752,194753,
194754,194755,194756,194757,194758,194759,194760,194761,194762,194763,194764,194765,194766,194767,194768,194769,
194770,194771,194772,194773,194774,194775,194776,194777,194778,194779,194780,194781,194782,194783,194784,194785,
194786,194787,194788,194789,194790,194791,194792,194793,194794,194795,194796,194797,194798,194799,194800,194801,
194802,194803,194804,194805,194806,194807,194808,194809,194810,194811,194812,194813,194814,194815,194816,194817,
194818,194819,194820,194821,194822,194823,194824,194825,194826,194827,194828,194829,194830,194831,194832,194833,
194834,194835,194836,194837,194838,194839,194840,194841,194842,194843,194844,194845,194846,194847,194848,194849,
194850,194851,194852,194853,194854,194855,194856,194857,194858,194859,194860,194861,194862,194863,194864,194865,
194866,194867,194868,194869,194870,194871,194872,194873,194874,194875,194876,194877,194878,194879,194880,194881,
194882,194883,194884,194885,194886,194887,194888,194889,194890,194891,194892,194893,194894,194895,194896,194897,
194898,194899,194900,194901,194902,194903,194904,194905,194906,194907,194908,194909,194910,194911,194912,194913,
194914,194915,194916,194917,194918,194919,194920,194921,194922,194923,194924,194925,194926,194927,194928,194929,
194930,194931,194932,194933,194934,194935,194936,194937,194938,194939,194940,194941,194942,194943,194944,194945,
194946,194947,194948,194949,194950,194951,194952,194953,194954,194955,194956,194957,194958,194959,194960,194961,
194962,194963,194964,194965,194966,194967,194968,194969,194970,194971,194972,194973,194974,194975,194976,194977,
194978,194979,194980,194981,194982,194983,194984,194985,194986,194987,194988,194989,194990,194991,194992,194993,
194994,194995,194996,194997,194998,194999,195000,195001,195002,195003,195004,195005,195006,195007,195008,195009,
195010,195011,195012,195013,195014,195015,195016,195017,195018,195019,195020,195021,195022,195023,195024,195025,
195026,195027,195028,195029,195030,195031,195032,195033,195034,195035,195036,195037,195038,195039,195040,195041,
195042,195043,195044,195045,195046,195047,195048,195049,195050,195051,195052,195053,195054,195055,195056,195057,
195058,195059,195060,195061,195062,195063,195064,195065,195066,195067,195068,195069,195070,195071,195072,195073,
195074,195075,195076,195077,195078,195079,195080,195081,195082,195083,195084,195085,195086,195087,195088,195089,
195090,195091,195092,195093,195094,195095,195096,195097,195098,195099,195100,195101
};
static const uint16_t eb__uc_doff[2061] = {
0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,
40,42,44,46,48,50,52,54,56,58,60,62,64,66,68,70,72,74,76,78,
80,82,84,86,88,90,92,94,96,98,100,102,104,106,108,110,112,114,116,118,
120,122,124,126,128,130,132,134,136,138,140,142,144,146,148,150,152,154,156,158,
160,162,164,166,168,170,172,174,176,178,180,182,184,186,188,190,192,194,196,198,
200,202,204,206,208,210,212,214,216,218,220,222,224,226,228,230,232,234,236,238,
240,242,244,246,248,250,252,254,256,258,260,262,264,266,268,270,272,274,276,278,
280,282,284,286,288,290,292,294,296,298,300,302,304,306,308,310,312,314,316,318,
320,322,324,326,328,330,332,334,336,338,340,342,344,346,349,352,355,358,361,364,
367,370,373,376,379,382,384,386,388,390,392,394,396,398,401,404,406,408,410,412,
414,416,418,421,424,426,428,430,432,434,436,438,440,442,444,446,448,450,452,454,
456,458,460,462,464,466,468,470,472,474,476,478,480,482,484,486,488,490,492,494,
496,498,500,503,506,509,512,514,516,519,522,524,526,527,528,529,531,532,533,535,
537,538,540,542,544,546,548,550,553,555,557,559,561,563,565,568,570,572,574,576,
578,580,582,584,586,588,590,592,594,596,598,600,602,604,606,608,610,612,614,616,
618,620,622,624,626,628,630,632,634,636,638,640,642,644,646,648,650,652,654,656,
658,660,662,664,666,668,670,672,674,676,678,680,682,684,686,688,690,692,694,696,
698,700,702,704,706,708,710,712,714,716,718,720,722,724,726,728,730,732,734,736,
738,740,742,744,746,748,750,752,754,756,758,760,762,764,766,768,770,772,774,777,
779,781,783,785,787,790,792,794,796,798,800,802,804,806,808,810,812,814,816,818,
820,822,824,826,828,830,832,834,836,838,840,842,844,846,848,850,852,854,856,858,
860,862,864,866,869,872,874,876,878,880,882,884,886,888,890,892,895,898,901,904,
906,908,910,912,915,918,920,922,924,926,928,930,932,934,936,938,940,942,944,946,
948,950,953,956,958,960,962,964,966,968,970,972,975,978,980,982,984,986,988,990,
992,994,996,998,1000,1002,1004,1006,1008,1010,1012,1014,1017,1020,1023,1026,1029,1032,1035,1038,
1040,1042,1044,1046,1048,1050,1052,1054,1057,1060,1062,1064,1066,1068,1070,1072,1075,1078,1081,1084,
1087,1090,1092,1094,1096,1098,1100,1102,1104,1106,1108,1110,1112,1114,1116,1118,1121,1124,1127,1130,
1132,1134,1136,1138,1140,1142,1144,1146,1148,1150,1152,1154,1156,1158,1160,1162,1164,1166,1168,1170,
1172,1174,1176,1178,1180,1182,1184,1186,1188,1190,1192,1194,1196,1198,1200,1203,1206,1209,1212,1215,
1218,1221,1224,1227,1230,1233,1236,1239,1242,1245,1248,1251,1254,1257,1260,1262,1264,1266,1268,1270,
1272,1275,1278,1281,1284,1287,1290,1293,1296,1299,1302,1304,1306,1308,1310,1312,1314,1316,1318,1321,
1324,1327,1330,1333,1336,1339,1342,1345,1348,1351,1354,1357,1360,1363,1366,1369,1372,1375,1378,1380,
1382,1384,1386,1389,1392,1395,1398,1401,1404,1407,1410,1413,1416,1418,1420,1422,1424,1426,1428,1430,
1432,1434,1436,1439,1442,1445,1448,1451,1454,1456,1458,1461,1464,1467,1470,1473,1476,1478,1480,1483,
1486,1489,1492,1494,1496,1499,1502,1505,1508,1510,1512,1515,1518,1521,1524,1527,1530,1532,1534,1537,
1540,1543,1546,1549,1552,1554,1556,1559,1562,1565,1568,1571,1574,1576,1578,1581,1584,1587,1590,1593,
1596,1598,1600,1603,1606,1609,1612,1614,1616,1619,1622,1625,1628,1630,1632,1635,1638,1641,1644,1647,
1650,1652,1655,1658,1661,1663,1665,1668,1671,1674,1677,1680,1683,1685,1687,1690,1693,1696,1699,1702,
1705,1707,1709,1711,1713,1715,1717,1719,1721,1723,1725,1727,1729,1731,1733,1736,1739,1743,1747,1751,
1755,1759,1763,1766,1769,1773,1777,1781,1785,1789,1793,1796,1799,1803,1807,1811,1815,1819,1823,1826,
1829,1833,1837,1841,1845,1849,1853,1856,1859,1863,1867,1871,1875,1879,1883,1886,1889,1893,1897,1901,
1905,1909,1913,1915,1917,1920,1922,1925,1927,1930,1932,1934,1936,1938,1940,1941,1943,1946,1948,1951,
1953,1956,1958,1960,1962,1964,1966,1968,1970,1972,1974,1976,1979,1982,1984,1987,1989,1991,1993,1995,
1997,1999,2001,2003,2005,2008,2011,2013,2015,2017,2020,2022,2024,2026,2028,2030,2032,2034,2035,2038,
2040,2043,2045,2048,2050,2052,2054,2056,2058,2059,2060,2061,2062,2063,2065,2067,2069,2071,2073,2075,
2077,2079,2081,2083,2085,2087,2089,2091,2093,2095,2097,2099,2101,2103,2105,2107,2109,2111,2113,2115,
2117,2119,2121,2123,2125,2127,2129,2131,2133,2135,2137,2139,2141,2143,2145,2147,2149,2151,2153,2154,
2155,2157,2159,2161,2163,2165,2167,2169,2171,2173,2175,2177,2179,2181,2183,2185,2187,2189,2191,2193,
2195,2197,2199,2201,2203,2205,2207,2209,2211,2213,2215,2217,2219,2221,2223,2225,2227,2229,2231,2233,
2235,2237,2239,2241,2243,2245,2247,2249,2251,2253,2255,2257,2259,2261,2263,2265,2267,2269,2271,2273,
2274,2275,2276,2277,2278,2279,2280,2281,2282,2283,2284,2285,2286,2287,2288,2289,2290,2291,2292,2293,
2294,2295,2296,2297,2298,2299,2300,2301,2302,2303,2304,2305,2306,2307,2308,2309,2310,2311,2312,2313,
2314,2315,2316,2317,2318,2319,2320,2321,2322,2323,2324,2325,2326,2327,2328,2329,2330,2331,2332,2333,
2334,2335,2336,2337,2338,2339,2340,2341,2342,2343,2344,2345,2346,2347,2348,2349,2350,2351,2352,2353,
2354,2355,2356,2357,2358,2359,2360,2361,2362,2363,2364,2365,2366,2367,2368,2369,2370,2371,2372,2373,
2374,2375,2376,2377,2378,2379,2380,2381,2382,2383,2384,2385,2386,2387,2388,2389,2390,2391,2392,2393,
2394,2395,2396,2397,2398,2399,2400,2401,2402,2403,2404,2405,2406,2407,2408,2409,2410,2411,2412,2413,
2414,2415,2416,2417,2418,2419,2420,2421,2422,2423,2424,2425,2426,2427,2428,2429,2430,2431,2432,2433,
2434,2435,2436,2437,2438,2439,2440,2441,2442,2443,2444,2445,2446,2447,2448,2449,2450,2451,2452,2453,
2454,2455,2456,2457,2458,2459,2460,2461,2462,2463,2464,2465,2466,2467,2468,2469,2470,2471,2472,2473,
2474,2475,2476,2477,2478,2479,2480,2481,2482,2483,2484,2485,2486,2487,2488,2489,2490,2491,2492,2493,
2494,2495,2496,2497,2498,2499,2500,2501,2502,2503,2504,2505,2506,2507,2508,2509,2510,2511,2512,2513,
2514,2515,2516,2517,2518,2519,2520,2521,2522,2523,2524,2525,2526,2527,2528,2529,2530,2531,2532,2533,
2534,2535,2536,2537,2538,2539,2540,2541,2542,2543,2544,2545,2546,2547,2548,2549,2550,2551,2552,2553,
2554,2555,2556,2557,2558,2559,2560,2561,2562,2563,2564,2565,2566,2567,2568,2569,2570,2571,2572,2573,
2574,2575,2576,2577,2578,2579,2580,2581,2582,2583,2584,2585,2586,2587,2588,2589,2590,2591,2592,2593,
2594,2595,2596,2597,2598,2599,2600,2601,2602,2603,2604,2605,2606,2607,2608,2609,2610,2611,2612,2613,
2614,2615,2616,2617,2618,2619,2620,2621,2622,2623,2624,2625,2626,2627,2628,2629,2630,2631,2632,2633,
2634,2635,2636,2637,2638,2639,2640,2641,2642,2643,2644,2645,2646,2647,2648,2649,2650,2651,2652,2653,
2654,2655,2656,2657,2658,2659,2660,2661,2662,2663,2664,2665,2666,2667,2668,2669,2670,2671,2672,2673,
2674,2675,2676,2677,2678,2679,2680,2681,2682,2683,2684,2685,2686,2687,2688,2689,2690,2691,2692,2693,
2694,2695,2696,2697,2698,2699,2700,2701,2702,2703,2704,2705,2706,2707,2708,2709,2710,2711,2712,2713,
2714,2715,2716,2717,2718,2719,2720,2721,2722,2723,2724,2725,2726,2727,2728,2729,2730,2731,2732,2733,
2735,2737,2739,2741,2744,2747,2749,2751,2753,2755,2757,2759,2761,2763,2765,2767,2769,2771,2773,2775,
2777,2779,2781,2783,2785,2787,2789,2791,2793,2795,2797,2799,2801,2803,2805,2807,2809,2811,2813,2815,
2817,2819,2821,2823,2825,2827,2829,2831,2834,2837,2840,2843,2846,2848,2850,2853,2856,2859,2862,2863,
2864,2865,2866,2867,2868,2869,2870,2871,2872,2873,2874,2875,2876,2877,2878,2879,2880,2881,2882,2883,
2884,2885,2886,2887,2888,2889,2890,2891,2892,2893,2894,2895,2896,2897,2898,2899,2900,2901,2902,2903,
2904,2905,2906,2907,2908,2909,2910,2911,2912,2913,2914,2915,2916,2917,2918,2919,2920,2921,2922,2923,
2924,2925,2926,2927,2928,2929,2930,2931,2932,2933,2934,2935,2936,2937,2938,2939,2940,2941,2942,2943,
2944,2945,2946,2947,2948,2949,2950,2951,2952,2953,2954,2955,2956,2957,2958,2959,2960,2961,2962,2963,
2964,2965,2966,2967,2968,2969,2970,2971,2972,2973,2974,2975,2976,2977,2978,2979,2980,2981,2982,2983,
2984,2985,2986,2987,2988,2989,2990,2991,2992,2993,2994,2995,2996,2997,2998,2999,3000,3001,3002,3003,
3004,3005,3006,3007,3008,3009,3010,3011,3012,3013,3014,3015,3016,3017,3018,3019,3020,3021,3022,3023,
3024,3025,3026,3027,3028,3029,3030,3031,3032,3033,3034,3035,3036,3037,3038,3039,3040,3041,3042,3043,
3044,3045,3046,3047,3048,3049,3050,3051,3052,3053,3054,3055,3056,3057,3058,3059,3060,3061,3062,3063,
3064,3065,3066,3067,3068,3069,3070,3071,3072,3073,3074,3075,3076,3077,3078,3079,3080,3081,3082,3083,
3084,3085,3086,3087,3088,3089,3090,3091,3092,3093,3094,3095,3096,3097,3098,3099,3100,3101,3102,3103,
3104,3105,3106,3107,3108,3109,3110,3111,3112,3113,3114,3115,3116,3117,3118,3119,3120,3121,3122,3123,
3124,3125,3126,3127,3128,3129,3130,3131,3132,3133,3134,3135,3136,3137,3138,3139,3140,3141,3142,3143,
3144,3145,3146,3147,3148,3149,3150,3151,3152,3153,3154,3155,3156,3157,3158,3159,3160,3161,3162,3163,
3164,3165,3166,3167,3168,3169,3170,3171,3172,3173,3174,3175,3176,3177,3178,3179,3180,3181,3182,3183,
3184,3185,3186,3187,3188,3189,3190,3191,3192,3193,3194,3195,3196,3197,3198,3199,3200,3201,3202,3203,
3204,3205,3206,3207,3208,3209,3210,3211,3212,3213,3214,3215,3216,3217,3218,3219,3220,3221,3222,3223,
3224,3225,3226,3227,3228,3229,3230,3231,3232,3233,3234,3235,3236,3237,3238,3239,3240,3241,3242,3243,
3244,3245,3246,3247,3248,3249,3250,3251,3252,3253,3254,3255,3256,3257,3258,3259,3260,3261,3262,3263,
3264,3265,3266,3267,3268,3269,3270,3271,3272,3273,3274,3275,3276,3277,3278,3279,3280,3281,3282,3283,
3284,3285,3286,3287,3288,3289,3290,3291,3292,3293,3294,3295,3296,3297,3298,3299,3300,3301,3302,3303,
3304,3305,3306,3307,3308,3309,3310,3311,3312,3313,3314,3315,3316,3317,3318,3319,3320,3321,3322,3323,
3324,3325,3326,3327,3328,3329,3330,3331,3332,3333,3334,3335,3336,3337,3338,3339,3340,3341,3342,3343,
3344,3345,3346,3347,3348,3349,3350,3351,3352,3353,3354,3355,3356,3357,3358,3359,3360,3361,3362,3363,
3364,3365,3366,3367,3368,3369,3370,3371,3372,3373,3374,3375,3376,3377,3378,3379,3380,3381,3382,3383,
3384,3385,3386,3387,3388,3389,3390,3391,3392,3393,3394,3395,3396,3397,3398,3399,3400,3401,3402,3403,
3404
};
static const uint32_t eb__uc_dpool[3404] = {
65,768,65,769,65,770,65,771,65,776,65,778,67,807,69,768,
69,769,69,770,69,776,73,768,73,769,73,770,73,776,78,771,
79,768,79,769,79,770,79,771,79,776,85,768,85,769,85,770,
85,776,89,769,97,768,97,769,97,770,97,771,97,776,97,778,
99,807,101,768,101,769,101,770,101,776,105,768,105,769,105,770,
105,776,110,771,111,768,111,769,111,770,111,771,111,776,117,768,
117,769,117,770,117,776,121,769,121,776,65,772,97,772,65,774,
97,774,65,808,97,808,67,769,99,769,67,770,99,770,67,775,
99,775,67,780,99,780,68,780,100,780,69,772,101,772,69,774,
101,774,69,775,101,775,69,808,101,808,69,780,101,780,71,770,
103,770,71,774,103,774,71,775,103,775,71,807,103,807,72,770,
104,770,73,771,105,771,73,772,105,772,73,774,105,774,73,808,
105,808,73,775,74,770,106,770,75,807,107,807,76,769,108,769,
76,807,108,807,76,780,108,780,78,769,110,769,78,807,110,807,
78,780,110,780,79,772,111,772,79,774,111,774,79,779,111,779,
82,769,114,769,82,807,114,807,82,780,114,780,83,769,115,769,
83,770,115,770,83,807,115,807,83,780,115,780,84,807,116,807,
84,780,116,780,85,771,117,771,85,772,117,772,85,774,117,774,
85,778,117,778,85,779,117,779,85,808,117,808,87,770,119,770,
89,770,121,770,89,776,90,769,122,769,90,775,122,775,90,780,
122,780,79,795,111,795,85,795,117,795,65,780,97,780,73,780,
105,780,79,780,111,780,85,780,117,780,85,776,772,117,776,772,
85,776,769,117,776,769,85,776,780,117,776,780,85,776,768,117,
776,768,65,776,772,97,776,772,65,775,772,97,775,772,198,772,
230,772,71,780,103,780,75,780,107,780,79,808,111,808,79,808,
772,111,808,772,439,780,658,780,106,780,71,769,103,769,78,768,
110,768,65,778,769,97,778,769,198,769,230,769,216,769,248,769,
65,783,97,783,65,785,97,785,69,783,101,783,69,785,101,785,
73,783,105,783,73,785,105,785,79,783,111,783,79,785,111,785,
82,783,114,783,82,785,114,785,85,783,117,783,85,785,117,785,
83,806,115,806,84,806,116,806,72,780,104,780,65,775,97,775,
69,807,101,807,79,776,772,111,776,772,79,771,772,111,771,772,
79,775,111,775,79,775,772,111,775,772,89,772,121,772,768,769,
787,776,769,697,59,168,769,913,769,183,917,769,919,769,921,769,
927,769,933,769,937,769,953,776,769,921,776,933,776,945,769,949,
769,951,769,953,769,965,776,769,953,776,965,776,959,769,965,769,
969,769,978,769,978,776,1045,768,1045,776,1043,769,1030,776,1050,769,
1048,768,1059,774,1048,774,1080,774,1077,768,1077,776,1075,769,1110,776,
1082,769,1080,768,1091,774,1140,783,1141,783,1046,774,1078,774,1040,774,
1072,774,1040,776,1072,776,1045,774,1077,774,1240,776,1241,776,1046,776,
1078,776,1047,776,1079,776,1048,772,1080,772,1048,776,1080,776,1054,776,
1086,776,1256,776,1257,776,1069,776,1101,776,1059,772,1091,772,1059,776,
1091,776,1059,779,1091,779,1063,776,1095,776,1067,776,1099,776,1575,1619,
1575,1620,1608,1620,1575,1621,1610,1620,1749,1620,1729,1620,1746,1620,2344,2364,
2352,2364,2355,2364,2325,2364,2326,2364,2327,2364,2332,2364,2337,2364,2338,2364,
2347,2364,2351,2364,2503,2494,2503,2519,2465,2492,2466,2492,2479,2492,2610,2620,
2616,2620,2582,2620,2583,2620,2588,2620,2603,2620,2887,2902,2887,2878,2887,2903,
2849,2876,2850,2876,2962,3031,3014,3006,3015,3006,3014,3031,3142,3158,3263,3285,
3270,3285,3270,3286,3270,3266,3270,3266,3285,3398,3390,3399,3390,3398,3415,3545,
3530,3545,3535,3545,3535,3530,3545,3551,3906,4023,3916,4023,3921,4023,3926,4023,
3931,4023,3904,4021,3953,3954,3953,3956,4018,3968,4019,3968,3953,3968,3986,4023,
3996,4023,4001,4023,4006,4023,4011,4023,3984,4021,4133,4142,6917,6965,6919,6965,
6921,6965,6923,6965,6925,6965,6929,6965,6970,6965,6972,6965,6974,6965,6975,6965,
6978,6965,65,805,97,805,66,775,98,775,66,803,98,803,66,817,
98,817,67,807,769,99,807,769,68,775,100,775,68,803,100,803,
68,817,100,817,68,807,100,807,68,813,100,813,69,772,768,101,
772,768,69,772,769,101,772,769,69,813,101,813,69,816,101,816,
69,807,774,101,807,774,70,775,102,775,71,772,103,772,72,775,
104,775,72,803,104,803,72,776,104,776,72,807,104,807,72,814,
104,814,73,816,105,816,73,776,769,105,776,769,75,769,107,769,
75,803,107,803,75,817,107,817,76,803,108,803,76,803,772,108,
803,772,76,817,108,817,76,813,108,813,77,769,109,769,77,775,
109,775,77,803,109,803,78,775,110,775,78,803,110,803,78,817,
110,817,78,813,110,813,79,771,769,111,771,769,79,771,776,111,
771,776,79,772,768,111,772,768,79,772,769,111,772,769,80,769,
112,769,80,775,112,775,82,775,114,775,82,803,114,803,82,803,
772,114,803,772,82,817,114,817,83,775,115,775,83,803,115,803,
83,769,775,115,769,775,83,780,775,115,780,775,83,803,775,115,
803,775,84,775,116,775,84,803,116,803,84,817,116,817,84,813,
116,813,85,804,117,804,85,816,117,816,85,813,117,813,85,771,
769,117,771,769,85,772,776,117,772,776,86,771,118,771,86,803,
118,803,87,768,119,768,87,769,119,769,87,776,119,776,87,775,
119,775,87,803,119,803,88,775,120,775,88,776,120,776,89,775,
121,775,90,770,122,770,90,803,122,803,90,817,122,817,104,817,
116,776,119,778,121,778,383,775,65,803,97,803,65,777,97,777,
65,770,769,97,770,769,65,770,768,97,770,768,65,770,777,97,
770,777,65,770,771,97,770,771,65,803,770,97,803,770,65,774,
769,97,774,769,65,774,768,97,774,768,65,774,777,97,774,777,
65,774,771,97,774,771,65,803,774,97,803,774,69,803,101,803,
69,777,101,777,69,771,101,771,69,770,769,101,770,769,69,770,
768,101,770,768,69,770,777,101,770,777,69,770,771,101,770,771,
69,803,770,101,803,770,73,777,105,777,73,803,105,803,79,803,
111,803,79,777,111,777,79,770,769,111,770,769,79,770,768,111,
770,768,79,770,777,111,770,777,79,770,771,111,770,771,79,803,
770,111,803,770,79,795,769,111,795,769,79,795,768,111,795,768,
79,795,777,111,795,777,79,795,771,111,795,771,79,795,803,111,
795,803,85,803,117,803,85,777,117,777,85,795,769,117,795,769,
85,795,768,117,795,768,85,795,777,117,795,777,85,795,771,117,
795,771,85,795,803,117,795,803,89,768,121,768,89,803,121,803,
89,777,121,777,89,771,121,771,945,787,945,788,945,787,768,945,
788,768,945,787,769,945,788,769,945,787,834,945,788,834,913,787,
913,788,913,787,768,913,788,768,913,787,769,913,788,769,913,787,
834,913,788,834,949,787,949,788,949,787,768,949,788,768,949,787,
769,949,788,769,917,787,917,788,917,787,768,917,788,768,917,787,
769,917,788,769,951,787,951,788,951,787,768,951,788,768,951,787,
769,951,788,769,951,787,834,951,788,834,919,787,919,788,919,787,
768,919,788,768,919,787,769,919,788,769,919,787,834,919,788,834,
953,787,953,788,953,787,768,953,788,768,953,787,769,953,788,769,
953,787,834,953,788,834,921,787,921,788,921,787,768,921,788,768,
921,787,769,921,788,769,921,787,834,921,788,834,959,787,959,788,
959,787,768,959,788,768,959,787,769,959,788,769,927,787,927,788,
927,787,768,927,788,768,927,787,769,927,788,769,965,787,965,788,
965,787,768,965,788,768,965,787,769,965,788,769,965,787,834,965,
788,834,933,788,933,788,768,933,788,769,933,788,834,969,787,969,
788,969,787,768,969,788,768,969,787,769,969,788,769,969,787,834,
969,788,834,937,787,937,788,937,787,768,937,788,768,937,787,769,
937,788,769,937,787,834,937,788,834,945,768,945,769,949,768,949,
769,951,768,951,769,953,768,953,769,959,768,959,769,965,768,965,
769,969,768,969,769,945,787,837,945,788,837,945,787,768,837,945,
788,768,837,945,787,769,837,945,788,769,837,945,787,834,837,945,
788,834,837,913,787,837,913,788,837,913,787,768,837,913,788,768,
837,913,787,769,837,913,788,769,837,913,787,834,837,913,788,834,
837,951,787,837,951,788,837,951,787,768,837,951,788,768,837,951,
787,769,837,951,788,769,837,951,787,834,837,951,788,834,837,919,
787,837,919,788,837,919,787,768,837,919,788,768,837,919,787,769,
837,919,788,769,837,919,787,834,837,919,788,834,837,969,787,837,
969,788,837,969,787,768,837,969,788,768,837,969,787,769,837,969,
788,769,837,969,787,834,837,969,788,834,837,937,787,837,937,788,
837,937,787,768,837,937,788,768,837,937,787,769,837,937,788,769,
837,937,787,834,837,937,788,834,837,945,774,945,772,945,768,837,
945,837,945,769,837,945,834,945,834,837,913,774,913,772,913,768,
913,769,913,837,953,168,834,951,768,837,951,837,951,769,837,951,
834,951,834,837,917,768,917,769,919,768,919,769,919,837,8127,768,
8127,769,8127,834,953,774,953,772,953,776,768,953,776,769,953,834,
953,776,834,921,774,921,772,921,768,921,769,8190,768,8190,769,8190,
834,965,774,965,772,965,776,768,965,776,769,961,787,961,788,965,
834,965,776,834,933,774,933,772,933,768,933,769,929,788,168,768,
168,769,96,969,768,837,969,837,969,769,837,969,834,969,834,837,
927,768,927,769,937,768,937,769,937,837,180,8194,8195,937,75,65,
778,8592,824,8594,824,8596,824,8656,824,8660,824,8658,824,8707,824,8712,
824,8715,824,8739,824,8741,824,8764,824,8771,824,8773,824,8776,824,61,
824,8801,824,8781,824,60,824,62,824,8804,824,8805,824,8818,824,8819,
824,8822,824,8823,824,8826,824,8827,824,8834,824,8835,824,8838,824,8839,
824,8866,824,8872,824,8873,824,8875,824,8828,824,8829,824,8849,824,8850,
824,8882,824,8883,824,8884,824,8885,824,12296,12297,10973,824,12363,12441,12365,
12441,12367,12441,12369,12441,12371,12441,12373,12441,12375,12441,12377,12441,12379,12441,12381,
12441,12383,12441,12385,12441,12388,12441,12390,12441,12392,12441,12399,12441,12399,12442,12402,
12441,12402,12442,12405,12441,12405,12442,12408,12441,12408,12442,12411,12441,12411,12442,12358,
12441,12445,12441,12459,12441,12461,12441,12463,12441,12465,12441,12467,12441,12469,12441,12471,
12441,12473,12441,12475,12441,12477,12441,12479,12441,12481,12441,12484,12441,12486,12441,12488,
12441,12495,12441,12495,12442,12498,12441,12498,12442,12501,12441,12501,12442,12504,12441,12504,
12442,12507,12441,12507,12442,12454,12441,12527,12441,12528,12441,12529,12441,12530,12441,12541,
12441,35912,26356,36554,36040,28369,20018,21477,40860,40860,22865,37329,21895,22856,25078,30313,
32645,34367,34746,35064,37007,27138,27931,28889,29662,33853,37226,39409,20098,21365,27396,29211,
34349,40478,23888,28651,34253,35172,25289,33240,34847,24266,26391,28010,29436,37070,20358,20919,
21214,25796,27347,29200,30439,32769,34310,34396,36335,38706,39791,40442,30860,31103,32160,33737,
37636,40575,35542,22751,24324,31840,32894,29282,30922,36034,38647,22744,23650,27155,28122,28431,
32047,32311,38475,21202,32907,20956,20940,31260,32190,33777,38517,35712,25295,27138,35582,20025,
23527,24594,29575,30064,21271,30971,20415,24489,19981,27852,25976,32034,21443,22622,30465,33865,
35498,27578,36784,27784,25342,33509,25504,30053,20142,20841,20937,26753,31975,33391,35538,37327,
21237,21570,22899,24300,26053,28670,31018,38317,39530,40599,40654,21147,26310,27511,36706,24180,
24976,25088,25754,28451,29001,29833,31178,32244,32879,36646,34030,36899,37706,21015,21155,21693,
28872,35010,35498,24265,24565,25467,27566,31806,29557,20196,22265,23527,23994,24604,29618,29801,
32666,32838,37428,38646,38728,38936,20363,31150,37300,38584,24801,20102,20698,23534,23615,26009,
27138,29134,30274,34044,36988,40845,26248,38446,21129,26491,26611,27969,28316,29705,30041,30827,
32016,39006,20845,25134,38520,20523,23833,28138,36650,24459,24900,26647,29575,38534,21033,21519,
23653,26131,26446,26792,27877,29702,30178,32633,35023,35041,37324,38626,21311,28346,21533,29136,
29848,34298,38563,40023,40607,26519,28107,33256,31435,31520,31890,29376,28825,35672,20160,33590,
21050,20999,24230,25299,31958,23429,27934,26292,36667,34892,38477,35211,24275,20800,21952,22618,
26228,20958,29482,30410,31036,31070,31077,31119,38742,31934,32701,34322,35576,36920,37117,39151,
39164,39208,40372,37086,38583,20398,20711,20813,21193,21220,21329,21917,22022,22120,22592,22696,
23652,23662,24724,24936,24974,25074,25935,26082,26257,26757,28023,28186,28450,29038,29227,29730,
30865,31038,31049,31048,31056,31062,31069,31117,31118,31296,31361,31680,32244,32265,32321,32626,
32773,33261,33401,33401,33879,35088,35222,35585,35641,36051,36104,36790,36920,38627,38911,38971,
24693,148206,33304,20006,20917,20840,20352,20805,20864,21191,21242,21917,21845,21913,21986,22618,
22707,22852,22868,23138,23336,24274,24281,24425,24493,24792,24910,24840,24974,24928,25074,25140,
25540,25628,25682,25942,26228,26391,26395,26454,27513,27578,27969,28379,28363,28450,28702,29038,
30631,29237,29359,29482,29809,29958,30011,30237,30239,30410,30427,30452,30538,30528,30924,31409,
31680,31867,32091,32244,32574,32773,33618,33775,34681,35137,35206,35222,35519,35576,35531,35585,
35582,35565,35641,35722,36104,36664,36978,37273,37494,38524,38627,38742,38875,38911,38923,38971,
39698,40860,141386,141380,144341,15261,16408,16441,152137,154832,163539,40771,40846,1497,1460,1522,
1463,1513,1473,1513,1474,1513,1468,1473,1513,1468,1474,1488,1463,1488,1464,1488,
1468,1489,1468,1490,1468,1491,1468,1492,1468,1493,1468,1494,1468,1496,1468,1497,
1468,1498,1468,1499,1468,1500,1468,1502,1468,1504,1468,1505,1468,1507,1468,1508,
1468,1510,1468,1511,1468,1512,1468,1513,1468,1514,1468,1493,1465,1489,1471,1499,
1471,1508,1471,69785,69818,69787,69818,69797,69818,69937,69927,69938,69927,70471,70462,70471,
70487,70841,70842,70841,70832,70841,70845,71096,71087,71097,71087,119127,119141,119128,119141,119128,
119141,119150,119128,119141,119151,119128,119141,119152,119128,119141,119153,119128,119141,119154,119225,119141,
119226,119141,119225,119141,119150,119226,119141,119150,119225,119141,119151,119226,119141,119151,20029,20024,
20033,131362,20320,20398,20411,20482,20602,20633,20711,20687,13470,132666,20813,20820,20836,20855,
132380,13497,20839,20877,132427,20887,20900,20172,20908,20917,168415,20981,20995,13535,21051,21062,
21106,21111,13589,21191,21193,21220,21242,21253,21254,21271,21321,21329,21338,21363,21373,21375,
21375,21375,133676,28784,21450,21471,133987,21483,21489,21510,21662,21560,21576,21608,21666,21750,
21776,21843,21859,21892,21892,21913,21931,21939,21954,22294,22022,22295,22097,22132,20999,22766,
22478,22516,22541,22411,22578,22577,22700,136420,22770,22775,22790,22810,22818,22882,136872,136938,
23020,23067,23079,23000,23142,14062,14076,23304,23358,23358,137672,23491,23512,23527,23539,138008,
23551,23558,24403,23586,14209,23648,23662,23744,23693,138724,23875,138726,23918,23915,23932,24033,
24034,14383,24061,24104,24125,24169,14434,139651,14460,24240,24243,24246,24266,172946,24318,140081,
140081,33281,24354,24354,14535,144056,156122,24418,24427,14563,24474,24525,24535,24569,24705,14650,
14620,24724,141012,24775,24904,24908,24910,24908,24954,24974,25010,24996,25007,25054,25074,25078,
25104,25115,25181,25265,25300,25424,142092,25405,25340,25448,25475,25572,142321,25634,25541,25513,
14894,25705,25726,25757,25719,14956,25935,25964,143370,26083,26360,26185,15129,26257,15112,15076,
20882,20885,26368,26268,32941,17369,26391,26395,26401,26462,26451,144323,15177,26618,26501,26706,
26757,144493,26766,26655,26900,15261,26946,27043,27114,27304,145059,27355,15384,27425,145575,27476,
15438,27506,27551,27578,27579,146061,138507,146170,27726,146620,27839,27853,27751,27926,27966,28023,
27969,28009,28024,28037,146718,27956,28207,28270,15667,28363,28359,147153,28153,28526,147294,147342,
28614,28729,28702,28699,15766,28746,28797,28791,28845,132389,28997,148067,29084,148395,29224,29237,
29264,149000,29312,29333,149301,149524,29562,29579,16044,29605,16056,16056,29767,29788,29809,29829,
29898,16155,29988,150582,30014,150674,30064,139679,30224,151457,151480,151620,16380,16392,30452,151795,
151794,151833,151859,30494,30495,30495,30538,16441,30603,16454,16534,152605,30798,30860,30924,16611,
153126,31062,153242,153285,31119,31211,16687,31296,31306,31311,153980,154279,154279,31470,16898,154539,
31686,31689,16935,154752,31954,17056,31976,31971,32000,155526,32099,17153,32199,32258,32325,17204,
156200,156231,17241,156377,32634,156478,32661,32762,32773,156890,156963,32864,157096,32880,144223,17365,
32946,33027,17419,33086,23221,157607,157621,144275,144284,33281,33284,36766,17515,33425,33419,33437,
21171,33457,33459,33469,33510,158524,33509,33565,33635,33709,33571,33725,33767,33879,33619,33738,
33740,33756,158774,159083,158933,17707,34033,34035,34070,160714,34148,159532,17757,17761,159665,159954,
17771,34384,34396,34407,34409,34473,34440,34574,34530,34681,34600,34667,34694,17879,34785,34817,
17913,34912,34915,161383,35031,35038,17973,35066,13499,161966,162150,18110,18119,35488,35565,35722,
35925,162984,36011,36033,36123,36215,163631,133124,36299,36284,36336,133342,36564,36664,165330,165357,
37012,37105,37137,165678,37147,37432,37591,37592,37500,37881,37909,166906,38283,18837,38327,167287,
18918,38595,23986,38691,168261,168474,19054,19062,38880,168970,19122,169110,38923,38923,38953,169398,
39138,19251,39209,39335,39362,39422,19406,170800,39698,40000,40189,19662,19693,40295,172238,19704,
172293,172558,172689,40635,19798,40697,40702,40709,40719,40726,40763,173568
};
/* Rust regex \w (what single_word added tokens call a word char): sorted inclusive ranges. */
static const uint32_t eb__uc_word[1592] = {
48,57,65,90,95,95,97,122,170,170,181,181,186,186,192,214,
216,246,248,705,710,721,736,740,748,748,750,750,768,884,886,887,
890,893,895,895,902,902,904,906,908,908,910,929,931,1013,1015,1153,
1155,1327,1329,1366,1369,1369,1376,1416,1425,1469,1471,1471,1473,1474,1476,1477,
1479,1479,1488,1514,1519,1522,1552,1562,1568,1641,1646,1747,1749,1756,1759,1768,
1770,1788,1791,1791,1808,1866,1869,1969,1984,2037,2042,2042,2045,2045,2048,2093,
2112,2139,2144,2154,2160,2183,2185,2190,2199,2273,2275,2403,2406,2415,2417,2435,
2437,2444,2447,2448,2451,2472,2474,2480,2482,2482,2486,2489,2492,2500,2503,2504,
2507,2510,2519,2519,2524,2525,2527,2531,2534,2545,2556,2556,2558,2558,2561,2563,
2565,2570,2575,2576,2579,2600,2602,2608,2610,2611,2613,2614,2616,2617,2620,2620,
2622,2626,2631,2632,2635,2637,2641,2641,2649,2652,2654,2654,2662,2677,2689,2691,
2693,2701,2703,2705,2707,2728,2730,2736,2738,2739,2741,2745,2748,2757,2759,2761,
2763,2765,2768,2768,2784,2787,2790,2799,2809,2815,2817,2819,2821,2828,2831,2832,
2835,2856,2858,2864,2866,2867,2869,2873,2876,2884,2887,2888,2891,2893,2901,2903,
2908,2909,2911,2915,2918,2927,2929,2929,2946,2947,2949,2954,2958,2960,2962,2965,
2969,2970,2972,2972,2974,2975,2979,2980,2984,2986,2990,3001,3006,3010,3014,3016,
3018,3021,3024,3024,3031,3031,3046,3055,3072,3084,3086,3088,3090,3112,3114,3129,
3132,3140,3142,3144,3146,3149,3157,3158,3160,3162,3165,3165,3168,3171,3174,3183,
3200,3203,3205,3212,3214,3216,3218,3240,3242,3251,3253,3257,3260,3268,3270,3272,
3274,3277,3285,3286,3293,3294,3296,3299,3302,3311,3313,3315,3328,3340,3342,3344,
3346,3396,3398,3400,3402,3406,3412,3415,3423,3427,3430,3439,3450,3455,3457,3459,
3461,3478,3482,3505,3507,3515,3517,3517,3520,3526,3530,3530,3535,3540,3542,3542,
3544,3551,3558,3567,3570,3571,3585,3642,3648,3662,3664,3673,3713,3714,3716,3716,
3718,3722,3724,3747,3749,3749,3751,3773,3776,3780,3782,3782,3784,3790,3792,3801,
3804,3807,3840,3840,3864,3865,3872,3881,3893,3893,3895,3895,3897,3897,3902,3911,
3913,3948,3953,3972,3974,3991,3993,4028,4038,4038,4096,4169,4176,4253,4256,4293,
4295,4295,4301,4301,4304,4346,4348,4680,4682,4685,4688,4694,4696,4696,4698,4701,
4704,4744,4746,4749,4752,4784,4786,4789,4792,4798,4800,4800,4802,4805,4808,4822,
4824,4880,4882,4885,4888,4954,4957,4959,4992,5007,5024,5109,5112,5117,5121,5740,
5743,5759,5761,5786,5792,5866,5870,5880,5888,5909,5919,5940,5952,5971,5984,5996,
5998,6000,6002,6003,6016,6099,6103,6103,6108,6109,6112,6121,6155,6157,6159,6169,
6176,6264,6272,6314,6320,6389,6400,6430,6432,6443,6448,6459,6470,6509,6512,6516,
6528,6571,6576,6601,6608,6617,6656,6683,6688,6750,6752,6780,6783,6793,6800,6809,
6823,6823,6832,6862,6912,6988,6992,7001,7019,7027,7040,7155,7168,7223,7232,7241,
7245,7293,7296,7306,7312,7354,7357,7359,7376,7378,7380,7418,7424,7957,7960,7965,
7968,8005,8008,8013,8016,8023,8025,8025,8027,8027,8029,8029,8031,8061,8064,8116,
8118,8124,8126,8126,8130,8132,8134,8140,8144,8147,8150,8155,8160,8172,8178,8180,
8182,8188,8204,8205,8255,8256,8276,8276,8305,8305,8319,8319,8336,8348,8400,8432,
8450,8450,8455,8455,8458,8467,8469,8469,8473,8477,8484,8484,8486,8486,8488,8488,
8490,8493,8495,8505,8508,8511,8517,8521,8526,8526,8544,8584,9398,9449,11264,11492,
11499,11507,11520,11557,11559,11559,11565,11565,11568,11623,11631,11631,11647,11670,11680,11686,
11688,11694,11696,11702,11704,11710,11712,11718,11720,11726,11728,11734,11736,11742,11744,11775,
11823,11823,12293,12295,12321,12335,12337,12341,12344,12348,12353,12438,12441,12442,12445,12447,
12449,12538,12540,12543,12549,12591,12593,12686,12704,12735,12784,12799,13312,19903,19968,42124,
42192,42237,42240,42508,42512,42539,42560,42610,42612,42621,42623,42737,42775,42783,42786,42888,
42891,42957,42960,42961,42963,42963,42965,42972,42994,43047,43052,43052,43072,43123,43136,43205,
43216,43225,43232,43255,43259,43259,43261,43309,43312,43347,43360,43388,43392,43456,43471,43481,
43488,43518,43520,43574,43584,43597,43600,43609,43616,43638,43642,43714,43739,43741,43744,43759,
43762,43766,43777,43782,43785,43790,43793,43798,43808,43814,43816,43822,43824,43866,43868,43881,
43888,44010,44012,44013,44016,44025,44032,55203,55216,55238,55243,55291,63744,64109,64112,64217,
64256,64262,64275,64279,64285,64296,64298,64310,64312,64316,64318,64318,64320,64321,64323,64324,
64326,64433,64467,64829,64848,64911,64914,64967,65008,65019,65024,65039,65056,65071,65075,65076,
65101,65103,65136,65140,65142,65276,65296,65305,65313,65338,65343,65343,65345,65370,65382,65470,
65474,65479,65482,65487,65490,65495,65498,65500,65536,65547,65549,65574,65576,65594,65596,65597,
65599,65613,65616,65629,65664,65786,65856,65908,66045,66045,66176,66204,66208,66256,66272,66272,
66304,66335,66349,66378,66384,66426,66432,66461,66464,66499,66504,66511,66513,66517,66560,66717,
66720,66729,66736,66771,66776,66811,66816,66855,66864,66915,66928,66938,66940,66954,66956,66962,
66964,66965,66967,66977,66979,66993,66995,67001,67003,67004,67008,67059,67072,67382,67392,67413,
67424,67431,67456,67461,67463,67504,67506,67514,67584,67589,67592,67592,67594,67637,67639,67640,
67644,67644,67647,67669,67680,67702,67712,67742,67808,67826,67828,67829,67840,67861,67872,67897,
67968,68023,68030,68031,68096,68099,68101,68102,68108,68115,68117,68119,68121,68149,68152,68154,
68159,68159,68192,68220,68224,68252,68288,68295,68297,68326,68352,68405,68416,68437,68448,68466,
68480,68497,68608,68680,68736,68786,68800,68850,68864,68903,68912,68921,68928,68965,68969,68973,
68975,68997,69248,69289,69291,69292,69296,69297,69314,69316,69372,69404,69415,69415,69424,69456,
69488,69509,69552,69572,69600,69622,69632,69702,69734,69749,69759,69818,69826,69826,69840,69864,
69872,69881,69888,69940,69942,69951,69956,69959,69968,70003,70006,70006,70016,70084,70089,70092,
70094,70106,70108,70108,70144,70161,70163,70199,70206,70209,70272,70278,70280,70280,70282,70285,
70287,70301,70303,70312,70320,70378,70384,70393,70400,70403,70405,70412,70415,70416,70419,70440,
70442,70448,70450,70451,70453,70457,70459,70468,70471,70472,70475,70477,70480,70480,70487,70487,
70493,70499,70502,70508,70512,70516,70528,70537,70539,70539,70542,70542,70544,70581,70583,70592,
70594,70594,70597,70597,70599,70602,70604,70611,70625,70626,70656,70730,70736,70745,70750,70753,
70784,70853,70855,70855,70864,70873,71040,71093,71096,71104,71128,71133,71168,71232,71236,71236,
71248,71257,71296,71352,71360,71369,71376,71395,71424,71450,71453,71467,71472,71481,71488,71494,
71680,71738,71840,71913,71935,71942,71945,71945,71948,71955,71957,71958,71960,71989,71991,71992,
71995,72003,72016,72025,72096,72103,72106,72151,72154,72161,72163,72164,72192,72254,72263,72263,
72272,72345,72349,72349,72368,72440,72640,72672,72688,72697,72704,72712,72714,72758,72760,72768,
72784,72793,72818,72847,72850,72871,72873,72886,72960,72966,72968,72969,72971,73014,73018,73018,
73020,73021,73023,73031,73040,73049,73056,73061,73063,73064,73066,73102,73104,73105,73107,73112,
73120,73129,73440,73462,73472,73488,73490,73530,73534,73538,73552,73562,73648,73648,73728,74649,
74752,74862,74880,75075,77712,77808,77824,78895,78912,78933,78944,82938,82944,83526,90368,90425,
92160,92728,92736,92766,92768,92777,92784,92862,92864,92873,92880,92909,92912,92916,92928,92982,
92992,92995,93008,93017,93027,93047,93053,93071,93504,93548,93552,93561,93760,93823,93952,94026,
94031,94087,94095,94111,94176,94177,94179,94180,94192,94193,94208,100343,100352,101589,101631,101640,
110576,110579,110581,110587,110589,110590,110592,110882,110898,110898,110928,110930,110933,110933,110948,110951,
110960,111355,113664,113770,113776,113788,113792,113800,113808,113817,113821,113822,118000,118009,118528,118573,
118576,118598,119141,119145,119149,119154,119163,119170,119173,119179,119210,119213,119362,119364,119808,119892,
119894,119964,119966,119967,119970,119970,119973,119974,119977,119980,119982,119993,119995,119995,119997,120003,
120005,120069,120071,120074,120077,120084,120086,120092,120094,120121,120123,120126,120128,120132,120134,120134,
120138,120144,120146,120485,120488,120512,120514,120538,120540,120570,120572,120596,120598,120628,120630,120654,
120656,120686,120688,120712,120714,120744,120746,120770,120772,120779,120782,120831,121344,121398,121403,121452,
121461,121461,121476,121476,121499,121503,121505,121519,122624,122654,122661,122666,122880,122886,122888,122904,
122907,122913,122915,122916,122918,122922,122928,122989,123023,123023,123136,123180,123184,123197,123200,123209,
123214,123214,123536,123566,123584,123641,124112,124153,124368,124410,124896,124902,124904,124907,124909,124910,
124912,124926,124928,125124,125136,125142,125184,125259,125264,125273,126464,126467,126469,126495,126497,126498,
126500,126500,126503,126503,126505,126514,126516,126519,126521,126521,126523,126523,126530,126530,126535,126535,
126537,126537,126539,126539,126541,126543,126545,126546,126548,126548,126551,126551,126553,126553,126555,126555,
126557,126557,126559,126559,126561,126562,126564,126564,126567,126570,126572,126578,126580,126583,126585,126588,
126590,126590,126592,126601,126603,126619,126625,126627,126629,126633,126635,126651,127280,127305,127312,127337,
127344,127369,130032,130041,131072,173791,173824,177977,177984,178205,178208,183969,183984,191456,191472,192093,
194560,195101,196608,201546,201552,205743,917760,917999
};

EB__INLINE const eb__uc_rec *eb__uc_get(uint32_t cp) {
    unsigned b = eb__uc_s2[(unsigned)eb__uc_s1[cp >> 12] * 64u + ((cp >> 6) & 63u)];
    return &eb__uc_recs[eb__uc_s3[b * 64u + (cp & 63u)]];
}

/* Full canonical decomposition of a code point flagged EB__UC_DECOMP: writes up to 4 code
   points to out and returns how many (0 if not found). */
EB__FN int eb__uc_decompose(uint32_t cp, uint32_t *out) {
    int lo = 0, hi = (int)(sizeof eb__uc_dkeys / sizeof eb__uc_dkeys[0]) - 1, i, n;
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        if (eb__uc_dkeys[mid] < cp) lo = mid + 1;
        else if (eb__uc_dkeys[mid] > cp) hi = mid - 1;
        else {
            n = eb__uc_doff[mid + 1] - eb__uc_doff[mid];
            for (i = 0; i < n; i++) out[i] = eb__uc_dpool[eb__uc_doff[mid] + i];
            return n;
        }
    }
    return 0;
}

EB__FN int eb__uc_is_word(uint32_t cp) {
    int lo = 0, hi = (int)(sizeof eb__uc_word / sizeof eb__uc_word[0]) / 2 - 1;
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        if (eb__uc_word[2 * mid + 1] < cp) lo = mid + 1;
        else if (eb__uc_word[2 * mid] > cp) hi = mid - 1;
        else return 1;
    }
    return 0;
}

/* ---- src/eb_tokenizer.h ---- */
/* =====================================================================================
 *  TOKENIZER
 *  BERT WordPiece exactly as sentence-transformers runs it (the Hugging Face fast tokenizer,
 *  Rust `tokenizers`): added tokens matched on the raw text, then per segment BertNormalizer
 *  (clean_text -> CJK spacing -> NFD + drop Mn -> per-char lowercase), BertPreTokenizer
 *  (split on White_Space, isolate punctuation), WordPiece (greedy longest match, a word over
 *  max_input_chars_per_word or with an unmatched rest is one [UNK]), then [CLS] ... [SEP].
 *  One streaming pass that stops once max_ids is reached; no allocation unless the config
 *  allows words over 254 chars or a run holds more than 32 combining marks that survive.
 *  A model folder is read as transformers reads it: for BERT-family tokenizer classes the
 *  normalizer flags come from tokenizer_config.json (see eb__tk_config), not tokenizer.json.
 *  Decisions where the reference has no answer (it takes valid Unicode strings only):
 *  - invalid UTF-8: each maximal invalid subpart becomes U+FFFD (as Python's
 *    decode("utf-8", "replace") and Rust's from_utf8_lossy), which clean_text drops;
 *  - added tokens: lstrip/rstrip only swallow whitespace, which yields no ids here anyway;
 *    single_word uses the reference's own \w (Rust regex, Unicode) table.
 * ===================================================================================== */
#define EB__TK_PEND 32          /* on-stack reorder buffer for surviving combining marks */
#define EB__TK_WORD_STACK 1024  /* word bytes kept on the stack (100 chars need 404) */
#define EB__TK_MAX_SPECIAL 4    /* post-processor ids before / after the text */
#define EB__TK_CONT 0x80000000u /* slot.len flag: a continuation ("##"-stripped) key */
#define EB__TK_FILTER_BITS 18   /* 32 KB negative filter in front of the hash table */

typedef struct eb__tk_slot { uint32_t hash; int32_t id; uint32_t off; uint32_t len; } eb__tk_slot;

typedef struct eb__tk_added {
    uint32_t off, len;          /* raw content in the pool */
    uint32_t noff, nlen;        /* normalized content (normalized tokens only) */
    int32_t id;
    uint8_t single_word, normalized;
} eb__tk_added;

typedef struct eb__tokenizer {
    eb_allocator alloc;
    uint8_t clean_text, handle_cjk, strip_accents, lowercase;
    int max_word_chars;             /* WordPiece max_input_chars_per_word */
    int32_t unk_id, cls_id, sep_id, pad_id;
    int32_t pre[EB__TK_MAX_SPECIAL], suf[EB__TK_MAX_SPECIAL];
    int npre, nsuf;
    int vocab_size;                 /* 1 + the largest id */
    int n_keys;                     /* distinct vocabulary strings */
    eb__tk_slot *slots;             /* open addressing, linear probing */
    uint32_t mask;
    uint64_t *filter;               /* one bit per hash: most absent pieces stop here, in cache */
    char *pool;                     /* key bytes of every vocab entry and added token */
    size_t pool_len, pool_cap;
    int max_key, max_cont_key;      /* longest literal / continuation key, bytes */
    eb__tk_added *added;            /* sorted: longest content first */
    int n_added, n_norm_added;
    int norm_lookahead;             /* bytes held before deciding: longest normalized + 4 */
    uint8_t added_first[32];        /* bitmap: first bytes of raw-matched added tokens */
    uint8_t ascii_act[128];         /* EB__TK_A_* for each ASCII byte under this config */
    char ascii_map[128];            /* ASCII byte after lowercase */
    char prefix[16];                /* continuing_subword_prefix */
    int prefix_len;
} eb__tokenizer;

enum { EB__TK_A_WORD = 0, EB__TK_A_DROP, EB__TK_A_SPACE, EB__TK_A_PUNCT };

/* ---- vocabulary hash ------------------------------------------------------------------ */
#define EB__TK_SEED 0x811C9DC5u
#define EB__TK_SEED_CONT 0x2545F491u

EB__INLINE uint32_t eb__tk_step(uint32_t h, unsigned char b) { return (h ^ b) * 0x01000193u; }
EB__INLINE uint32_t eb__tk_final(uint32_t h, uint32_t len) {
    h ^= len * 0x9E3779B1u;
    h ^= h >> 16; h *= 0x85EBCA6Bu; h ^= h >> 13; h *= 0xC2B2AE35u; h ^= h >> 16;
    return h;
}
EB__FN uint32_t eb__tk_hash(const unsigned char *s, uint32_t len, int cont) {
    uint32_t h = cont ? EB__TK_SEED_CONT : EB__TK_SEED, i;
    for (i = 0; i < len; i++) h = eb__tk_step(h, s[i]);
    return eb__tk_final(h, len);
}

EB__INLINE uint32_t eb__tk_fbit(uint32_t h) { return h >> (32 - EB__TK_FILTER_BITS); }

/* Short keys: an inline loop beats a memcmp call. */
EB__INLINE int eb__tk_same(const char *a, const unsigned char *b, uint32_t n) {
    uint32_t i;
    for (i = 0; i < n; i++)
        if ((unsigned char)a[i] != b[i]) return 0;
    return 1;
}

/* h from eb__tk_hash / eb__tk_final; klen carries EB__TK_CONT. -1 if absent. */
EB__INLINE int32_t eb__tk_find(const eb__tokenizer *t, const unsigned char *s, uint32_t klen, uint32_t h) {
    uint32_t i = h & t->mask, len = klen & ~EB__TK_CONT, b = eb__tk_fbit(h);
    if (!(t->filter[b >> 6] & ((uint64_t)1 << (b & 63)))) return -1;
    for (;;) {
        const eb__tk_slot *e = &t->slots[i];
        if (e->id < 0) return -1;
        if (e->hash == h && e->len == klen && eb__tk_same(t->pool + e->off, s, len)) return e->id;
        i = (i + 1) & t->mask;
    }
}

EB__FN int32_t eb__tk_lookup(const eb__tokenizer *t, const char *s, size_t len) {
    if (len > 0x7FFFFFFFu) return -1;
    return eb__tk_find(t, (const unsigned char *)s, (uint32_t)len,
                       eb__tk_hash((const unsigned char *)s, (uint32_t)len, 0));
}

/* Inserts pool[off, off+len) as a key; a later duplicate replaces the id (the last line of
   vocab.txt / the last JSON member wins, as in the reference's hash maps). */
EB__FN void eb__tk_insert(eb__tokenizer *t, uint32_t off, uint32_t len, int cont, int32_t id) {
    uint32_t klen = len | (cont ? EB__TK_CONT : 0);
    uint32_t h = eb__tk_hash((const unsigned char *)t->pool + off, len, cont), i = h & t->mask, b = eb__tk_fbit(h);
    t->filter[b >> 6] |= (uint64_t)1 << (b & 63);
    for (;;) {
        eb__tk_slot *e = &t->slots[i];
        if (e->id < 0) {
            e->hash = h; e->id = id; e->off = off; e->len = klen;
            if (cont) { if ((int)len > t->max_cont_key) t->max_cont_key = (int)len; }
            else {
                if ((int)len > t->max_key) t->max_key = (int)len;
                t->n_keys++;
            }
            return;
        }
        if (e->hash == h && e->len == klen && memcmp(t->pool + e->off, t->pool + off, len) == 0) {
            e->id = id;
            return;
        }
        i = (i + 1) & t->mask;
    }
}

/* ---- construction ------------------------------------------------------------------- */
EB__FN void eb__tokenizer_free(eb__tokenizer *t) {
    eb_allocator a;
    if (!t) return;
    a = t->alloc;
    eb__free(&a, t->slots, ((size_t)t->mask + 1) * sizeof(eb__tk_slot));
    eb__free(&a, t->filter, ((size_t)1 << EB__TK_FILTER_BITS) / 8);
    eb__free(&a, t->pool, t->pool_cap);
    eb__free(&a, t->added, (size_t)(t->n_added ? t->n_added : 1) * sizeof(eb__tk_added));
    eb__free(&a, t, sizeof *t);
}

/* Allocates the tokenizer with room for n_keys hash entries (vocab strings plus their
   continuation twins) and pool_bytes of keys. */
EB__FN eb_status eb__tk_create(const eb_allocator *a, size_t n_keys, size_t pool_bytes, eb__tokenizer **out) {
    eb__tokenizer *t;
    size_t slots, i;
    *out = NULL;
    if (a && !eb__allocator_valid(a)) return eb__fail(EB_INVALID_ARGUMENT, "tokenizer: allocator needs both alloc and free");
    if (n_keys > ((size_t)1 << 27)) return eb__fail(EB_FORMAT_ERROR, "tokenizer: %zu vocabulary entries is too many", n_keys);
    if (pool_bytes >= 0x7FFFFFFFu) return eb__fail(EB_FORMAT_ERROR, "tokenizer: vocabulary too large");
    t = (eb__tokenizer *)eb__alloc_zero(a, sizeof *t, 16);
    if (!t) return eb__fail(EB_NOMEM, "tokenizer: out of memory");
    if (a) t->alloc = *a;
    slots = eb__next_pow2(n_keys + n_keys / 2 + 16);   /* load factor <= 2/3 */
    t->mask = (uint32_t)(slots - 1);
    t->slots = (eb__tk_slot *)eb__alloc(a, slots * sizeof(eb__tk_slot), 64);
    t->pool_cap = pool_bytes + 1;
    t->pool = (char *)eb__alloc(a, t->pool_cap, 16);
    t->filter = (uint64_t *)eb__alloc_zero(a, ((size_t)1 << EB__TK_FILTER_BITS) / 8, 64);
    if (!t->slots || !t->pool || !t->filter) {
        eb__tokenizer_free(t);
        return eb__fail(EB_NOMEM, "tokenizer: out of memory (%zu slots)", slots);
    }
    for (i = 0; i < slots; i++) t->slots[i].id = -1;
    t->clean_text = t->handle_cjk = t->strip_accents = t->lowercase = 1;
    t->max_word_chars = 100;
    t->unk_id = t->cls_id = t->sep_id = t->pad_id = -1;
    memcpy(t->prefix, "##", 2);
    t->prefix_len = 2;
    *out = t;
    return EB_OK;
}

/* Appends a vocabulary entry (bytes copied into the pool). */
EB__FN eb_status eb__tk_add_vocab(eb__tokenizer *t, const char *s, size_t len, int64_t id) {
    uint32_t off;
    if (id < 0 || id >= (1 << 26)) return eb__fail(EB_FORMAT_ERROR, "tokenizer: token id %lld out of range", (long long)id);
    if (len > t->pool_cap - 1 - t->pool_len) return eb__fail(EB_FORMAT_ERROR, "tokenizer: vocabulary pool overflow");
    off = (uint32_t)t->pool_len;
    memcpy(t->pool + off, s, len);
    t->pool_len += len;
    eb__tk_insert(t, off, (uint32_t)len, 0, (int32_t)id);
    if (t->prefix_len && (int)len > t->prefix_len && memcmp(s, t->prefix, (size_t)t->prefix_len) == 0)
        eb__tk_insert(t, off + (uint32_t)t->prefix_len, (uint32_t)len - (uint32_t)t->prefix_len, 1, (int32_t)id);
    if ((int)id >= t->vocab_size) t->vocab_size = (int)id + 1;
    return EB_OK;
}

/* ---- UTF-8 ---------------------------------------------------------------------------- */
/* Decodes one code point at *p (< end); invalid input yields U+FFFD per maximal subpart. */
EB__INLINE uint32_t eb__tk_utf8(const unsigned char **pp, const unsigned char *end) {
    const unsigned char *p = *pp;
    unsigned b0 = p[0], lo = 0x80, hi = 0xBF, n, i;
    uint32_t cp;
    if (b0 < 0x80) { *pp = p + 1; return b0; }
    if (b0 < 0xC2 || b0 > 0xF4) { *pp = p + 1; return 0xFFFD; }
    if (b0 < 0xE0) { n = 1; cp = b0 & 0x1F; }
    else if (b0 < 0xF0) { n = 2; cp = b0 & 0x0F; if (b0 == 0xE0) lo = 0xA0; if (b0 == 0xED) hi = 0x9F; }
    else { n = 3; cp = b0 & 0x07; if (b0 == 0xF0) lo = 0x90; if (b0 == 0xF4) hi = 0x8F; }
    for (i = 1; i <= n; i++) {
        unsigned b;
        if (p + i >= end) { *pp = p + i; return 0xFFFD; }
        b = p[i];
        if (b < lo || b > hi) { *pp = p + i; return 0xFFFD; }
        lo = 0x80; hi = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
    }
    *pp = p + n + 1;
    return cp;
}

EB__INLINE int eb__tk_put_utf8(unsigned char *d, uint32_t cp) {
    if (cp < 0x80) { d[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { d[0] = (unsigned char)(0xC0 | (cp >> 6)); d[1] = (unsigned char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (cp >> 12)); d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (cp & 0x3F)); return 3;
    }
    d[0] = (unsigned char)(0xF0 | (cp >> 18)); d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); d[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---- the streaming pipeline --------------------------------------------------------- */
typedef struct eb__tk_run {
    const eb__tokenizer *t;
    int32_t *ids;                  /* content ids go here (NULL: count only) */
    int n, cap, done;
    unsigned char *word;           /* current pre-token, normalized UTF-8 */
    int wlen, wchars, wcap;        /* bytes, chars, byte capacity */
    int32_t *pieces;               /* WordPiece scratch, wcap entries */
    uint32_t *hs;                  /* prefix hashes, wcap + 1 entries */
    uint32_t *pend;                /* surviving combining marks awaiting canonical order */
    uint8_t *pccc;                 /* ... and their classes */
    int npend, pend_cap;           /* on the heap once a run outgrows EB__TK_PEND */
    uint32_t pend_stack[EB__TK_PEND];
    uint8_t pccc_stack[EB__TK_PEND];
    unsigned char *nbuf;           /* normalized-added-token lookahead (bytes) */
    int nlen, ncap;
    uint32_t nprev;                /* last normalized char consumed in this segment (0: none) */
    unsigned char *sink;           /* when set, normalized chars are written here instead */
    int sink_len, sink_cap;
} eb__tk_run;

EB__INLINE void eb__tk_emit(eb__tk_run *r, int32_t id) {
    if (r->n < r->cap) {
        if (r->ids) r->ids[r->n] = id;
        r->n++;
    }
    if (r->n >= r->cap) r->done = 1;
}

/* Greedy longest-match-first over the current word; the whole word is [UNK] on failure. */
EB__FN void eb__tk_wordpiece(eb__tk_run *r) {
    const eb__tokenizer *t = r->t;
    const unsigned char *w = r->word;
    int len = r->wlen, start = 0, np = 0, i;
    if (r->wchars > t->max_word_chars) { eb__tk_emit(r, t->unk_id); return; }
    while (start < len) {
        int cont = start > 0, maxk = cont ? t->max_cont_key : t->max_key, k, found = -1;
        uint32_t h = cont ? EB__TK_SEED_CONT : EB__TK_SEED;
        if (maxk > len - start) maxk = len - start;
        for (k = 0; k < maxk; k++) { h = eb__tk_step(h, w[start + k]); r->hs[k + 1] = h; }
        for (k = maxk; k > 0; k--) {
            int32_t id;
            if (start + k < len && (w[start + k] & 0xC0) == 0x80) continue;   /* mid-char */
            id = eb__tk_find(t, w + start, (uint32_t)k | (cont ? EB__TK_CONT : 0),
                             eb__tk_final(r->hs[k], (uint32_t)k));
            if (id >= 0) { found = id; break; }
        }
        if (found < 0) { eb__tk_emit(r, t->unk_id); return; }
        r->pieces[np++] = found;
        start += k;
    }
    for (i = 0; i < np && !r->done; i++) eb__tk_emit(r, r->pieces[i]);
}

EB__INLINE void eb__tk_end_word(eb__tk_run *r) {
    if (r->wchars) {
        eb__tk_wordpiece(r);
        r->wlen = r->wchars = 0;
    }
}

/* Appends a normalized char to the current word (bytes are kept only while it may fit). */
EB__INLINE void eb__tk_word_char(eb__tk_run *r, uint32_t c) {
    if (++r->wchars <= r->t->max_word_chars) r->wlen += eb__tk_put_utf8(r->word + r->wlen, c);
}

/* BertPreTokenizer on one normalized char with flags f. */
EB__FN void eb__tk_pretok(eb__tk_run *r, uint32_t c, unsigned f) {
    if (r->sink) {   /* normalizing an added token's content at load */
        if (r->sink_len + 4 <= r->sink_cap) r->sink_len += eb__tk_put_utf8(r->sink + r->sink_len, c);
        return;
    }
    if (f & EB__UC_WS) { eb__tk_end_word(r); return; }
    if (f & EB__UC_PUNCT) { eb__tk_end_word(r); eb__tk_word_char(r, c); eb__tk_end_word(r); return; }
    eb__tk_word_char(r, c);
}

EB__FN void eb__tk_norm_added_flush(eb__tk_run *r, int all);

/* Normalized added tokens are matched on the normalized text: chars wait in a lookahead of
   the longest such token (plus one char, for single_word) before they reach the pre-tokenizer. */
EB__FN void eb__tk_normalized_char(eb__tk_run *r, uint32_t c, unsigned f) {
    if (!r->t->n_norm_added || r->sink) { eb__tk_pretok(r, c, f); return; }
    r->nlen += eb__tk_put_utf8(r->nbuf + r->nlen, c);
    if (r->nlen >= r->t->norm_lookahead) eb__tk_norm_added_flush(r, 0);
}

/* Rust regex \w, as single_word sees the neighbours of a match (0: none). */
EB__INLINE int eb__tk_word_cp(uint32_t c) { return c && eb__uc_is_word(c); }

/* Index of the longest added token of the given kind at s (the reference's leftmost-longest
   Aho-Corasick, which does not fall back to a shorter token when single_word rejects it). */
EB__FN int eb__tk_longest_added(const eb__tokenizer *t, const unsigned char *s, size_t avail, int normalized) {
    int i;
    for (i = 0; i < t->n_added; i++) {   /* sorted longest first */
        const eb__tk_added *a = &t->added[i];
        uint32_t off = normalized ? a->noff : a->off, len = normalized ? a->nlen : a->len;
        if (a->normalized == normalized && len && len <= avail && memcmp(s, t->pool + off, len) == 0) return i;
    }
    return -1;
}

/* Passes the first n bytes of the lookahead on as plain text. */
EB__FN void eb__tk_norm_pass(eb__tk_run *r, int n) {
    const unsigned char *p = r->nbuf, *e = r->nbuf + n;
    while (p < e) {
        uint32_t c = eb__tk_utf8(&p, e);
        eb__tk_pretok(r, c, eb__uc_get(c)->flags);
        r->nprev = c;
    }
    memmove(r->nbuf, e, (size_t)(r->nlen - n));
    r->nlen -= n;
}

/* Decides the head of the lookahead while it is full (all: until it is empty). */
EB__FN void eb__tk_norm_added_flush(eb__tk_run *r, int all) {
    const eb__tokenizer *t = r->t;
    while (r->nlen > 0 && (all || r->nlen >= t->norm_lookahead) && !r->done) {
        int k = eb__tk_longest_added(t, r->nbuf, (size_t)r->nlen, 1);
        const unsigned char *p = r->nbuf;
        if (k < 0) {
            eb__tk_utf8(&p, r->nbuf + r->nlen);
            eb__tk_norm_pass(r, (int)(p - r->nbuf));
            continue;
        }
        p += t->added[k].nlen;
        if (t->added[k].single_word &&
            (eb__tk_word_cp(r->nprev) || (p < r->nbuf + r->nlen && eb__tk_word_cp(eb__tk_utf8(&p, r->nbuf + r->nlen))))) {
            eb__tk_norm_pass(r, (int)t->added[k].nlen);   /* rejected: its span stays text */
            continue;
        }
        eb__tk_end_word(r);
        eb__tk_emit(r, t->added[k].id);
        p = r->nbuf + t->added[k].nlen;
        while (p > r->nbuf && (p[-1] & 0xC0) == 0x80) p--;   /* its last char */
        if (p > r->nbuf) p--;
        r->nprev = eb__tk_utf8(&p, r->nbuf + t->added[k].nlen);
        memmove(r->nbuf, r->nbuf + t->added[k].nlen, (size_t)(r->nlen - (int)t->added[k].nlen));
        r->nlen -= (int)t->added[k].nlen;
    }
}

/* lowercase (per char, as Rust char::to_lowercase: no final-sigma context). */
EB__INLINE void eb__tk_lower(eb__tk_run *r, uint32_t c, const eb__uc_rec *u) {
    if (r->t->lowercase) {
        if (EB__UNLIKELY(u->flags & EB__UC_LOWER2)) {
            eb__tk_normalized_char(r, 0x69, eb__uc_ascii[0x69]);
            eb__tk_normalized_char(r, 0x307, eb__uc_get(0x307)->flags);
            return;
        }
        if (u->lower) {
            c = (uint32_t)((int32_t)c + u->lower);
            u = eb__uc_get(c);
        }
    }
    eb__tk_normalized_char(r, c, u->flags);
}

/* Emits the pending run stably sorted by class: in order when it already is (the usual
   case), else one pass per class present (at most ~60 classes: linear in the run). */
EB__FN void eb__tk_flush_pend(eb__tk_run *r) {
    int i, sorted = 1;
    for (i = 1; i < r->npend && sorted; i++) sorted = r->pccc[i - 1] <= r->pccc[i];
    if (sorted) {
        for (i = 0; i < r->npend; i++) eb__tk_lower(r, r->pend[i], eb__uc_get(r->pend[i]));
    } else {
        uint64_t seen[4] = {0, 0, 0, 0};
        unsigned k;
        for (i = 0; i < r->npend; i++) seen[r->pccc[i] >> 6] |= (uint64_t)1 << (r->pccc[i] & 63);
        for (k = 1; k < 256; k++)
            if (seen[k >> 6] & ((uint64_t)1 << (k & 63)))
                for (i = 0; i < r->npend; i++)
                    if (r->pccc[i] == k) eb__tk_lower(r, r->pend[i], eb__uc_get(r->pend[i]));
    }
    r->npend = 0;
}

/* Doubles the pending-run buffer (heap). 0 if memory ran out. */
EB__FN int eb__tk_grow_pend(eb__tk_run *r) {
    size_t cap = (size_t)r->pend_cap * 2;
    char *h = (char *)eb__alloc(&r->t->alloc, cap * 5, 16);
    if (!h || cap > 0x3FFFFFFF) { if (h) eb__free(&r->t->alloc, h, cap * 5); return 0; }
    memcpy(h, r->pend, (size_t)r->npend * 4);
    memcpy(h + cap * 4, r->pccc, (size_t)r->npend);
    if (r->pend != r->pend_stack) eb__free(&r->t->alloc, r->pend, (size_t)r->pend_cap * 5);
    r->pend = (uint32_t *)h;
    r->pccc = (uint8_t *)(h + cap * 4);
    r->pend_cap = (int)cap;
    return 1;
}

EB__FN void eb__tk_run_reset_pend(eb__tk_run *r) {
    r->pend = r->pend_stack;
    r->pccc = r->pccc_stack;
    r->pend_cap = EB__TK_PEND;
    r->npend = 0;
}

EB__FN void eb__tk_run_free_pend(eb__tk_run *r) {
    if (r->pend != r->pend_stack) eb__free(&r->t->alloc, r->pend, (size_t)r->pend_cap * 5);
    eb__tk_run_reset_pend(r);
}

/* One code point of the NFD stream: canonical ordering, then drop Mn. */
EB__FN void eb__tk_ordered(eb__tk_run *r, uint32_t c, const eb__uc_rec *u) {
    if (u->flags & EB__UC_NONSTARTER) {
        if (u->flags & EB__UC_MN) return;            /* dropped; does not end the run */
        if (r->npend == r->pend_cap && !eb__tk_grow_pend(r)) eb__tk_flush_pend(r);   /* out of memory */
        r->pend[r->npend] = c;
        r->pccc[r->npend++] = u->ccc;
        return;
    }
    if (r->npend) eb__tk_flush_pend(r);
    if (u->flags & EB__UC_MN) return;
    eb__tk_lower(r, c, u);
}

/* strip_accents: NFD (recursive table; Hangul algorithmic) feeding canonical ordering. */
EB__FN void eb__tk_strip(eb__tk_run *r, uint32_t c, const eb__uc_rec *u) {
    if (!r->t->strip_accents) {
        eb__tk_lower(r, c, u);
    } else if (c - 0xAC00u < 11172u) {
        uint32_t s = c - 0xAC00u;
        uint32_t l = 0x1100 + s / 588, v = 0x1161 + (s % 588) / 28, tt = 0x11A7 + s % 28;
        eb__tk_ordered(r, l, eb__uc_get(l));
        eb__tk_ordered(r, v, eb__uc_get(v));
        if (s % 28) eb__tk_ordered(r, tt, eb__uc_get(tt));
    } else if (u->flags & EB__UC_DECOMP) {
        uint32_t d[4];
        int i, n = eb__uc_decompose(c, d);
        for (i = 0; i < n; i++) eb__tk_ordered(r, d[i], eb__uc_get(d[i]));
    } else {
        eb__tk_ordered(r, c, u);
    }
}

/* BertNormalizer on one input code point, then everything downstream. */
EB__FN void eb__tk_char(eb__tk_run *r, uint32_t c) {
    const eb__tokenizer *t = r->t;
    const eb__uc_rec *u = eb__uc_get(c);
    if (t->clean_text) {
        if (u->flags & EB__UC_DROP) return;
        if (u->flags & EB__UC_WS) { c = 0x20; u = eb__uc_get(c); }
    }
    if (t->handle_cjk && (u->flags & EB__UC_CJK)) {
        const eb__uc_rec *sp = eb__uc_get(0x20);
        eb__tk_strip(r, 0x20, sp);
        eb__tk_strip(r, c, u);
        eb__tk_strip(r, 0x20, sp);
        return;
    }
    eb__tk_strip(r, c, u);
}

/* End of a segment (text end or an added token): nothing carries across. */
EB__FN void eb__tk_end_segment(eb__tk_run *r) {
    if (r->npend) eb__tk_flush_pend(r);
    if (r->nlen) eb__tk_norm_added_flush(r, 1);
    r->nprev = 0;
    eb__tk_end_word(r);
}


/* single_word check of a raw match [p, after) in text. */
EB__FN int eb__tk_single_word_ok(const unsigned char *text, const unsigned char *p, const unsigned char *after,
                                 const unsigned char *end) {
    if (p > text) {   /* the previous code point: back up over continuation bytes */
        const unsigned char *q = p;
        do q--; while (q > text && (*q & 0xC0) == 0x80 && p - q < 4);
        if (eb__tk_word_cp(eb__tk_utf8(&q, p))) return 0;
    }
    return !(after < end && eb__tk_word_cp(eb__tk_utf8(&after, end)));
}

/* The whole pipeline over text; content ids to r->ids. */
EB__FN void eb__tk_run_text(eb__tk_run *r, const unsigned char *text, size_t len) {
    const eb__tokenizer *t = r->t;
    const unsigned char *p = text, *end = text + len, *plain_until = text;
    while (p < end && !r->done) {
        unsigned b = *p;
        if (EB__UNLIKELY(t->added_first[b >> 3] & (1u << (b & 7))) && p >= plain_until) {
            int k = eb__tk_longest_added(t, p, (size_t)(end - p), 0);
            if (k >= 0) {
                const unsigned char *after = p + t->added[k].len;
                if (!t->added[k].single_word || eb__tk_single_word_ok(text, p, after, end)) {
                    eb__tk_end_segment(r);
                    if (r->done) break;
                    eb__tk_emit(r, t->added[k].id);
                    p = after;
                    continue;
                }
                plain_until = after;   /* rejected: no match may start inside it */
            }
        }
        if (b < 0x80 && r->npend == 0 && !t->n_norm_added) {
            /* ASCII fast path: runs of word bytes go straight into the word. */
            unsigned act = t->ascii_act[b];
            if (act == EB__TK_A_WORD) {
                const int maxc = t->max_word_chars;
                do {
                    if (++r->wchars <= maxc) r->word[r->wlen++] = (unsigned char)t->ascii_map[b];
                    if (++p == end) break;
                    b = *p;
                } while (b < 0x80 && t->ascii_act[b] == EB__TK_A_WORD &&
                         !(t->added_first[b >> 3] & (1u << (b & 7))));
                continue;
            }
            p++;
            if (act == EB__TK_A_SPACE) eb__tk_end_word(r);
            else if (act == EB__TK_A_PUNCT) {
                eb__tk_end_word(r);
                if (r->done) break;
                r->word[0] = (unsigned char)b; r->wlen = r->wchars = 1;
                eb__tk_end_word(r);
            }
            continue;
        }
        eb__tk_char(r, eb__tk_utf8(&p, end));
    }
    if (!r->done) eb__tk_end_segment(r);
}

/* Sizes the per-call scratch; on the stack unless the config wants long words. */
#define EB__TK_SCRATCH_DECL \
    unsigned char eb_wbuf_[EB__TK_WORD_STACK + 8]; int32_t eb_pbuf_[EB__TK_WORD_STACK + 8]; \
    uint32_t eb_hbuf_[EB__TK_WORD_STACK + 8]; unsigned char eb_nbuf_[256 + 8]

EB__FN int eb__tk_run_init(eb__tk_run *r, const eb__tokenizer *t, unsigned char *wbuf, int32_t *pbuf,
                           uint32_t *hbuf, unsigned char *nbuf, void **heap, size_t *heap_bytes) {
    size_t need = (size_t)t->max_word_chars * 4 + 8;
    memset(r, 0, sizeof *r);
    r->t = t;
    eb__tk_run_reset_pend(r);
    *heap = NULL; *heap_bytes = 0;
    r->ncap = 256;
    r->nbuf = nbuf;
    if (need <= EB__TK_WORD_STACK && t->norm_lookahead + 4 <= 256) {
        r->word = wbuf; r->pieces = pbuf; r->hs = hbuf;
        r->wcap = (int)need;
        return 0;
    }
    {   /* unusual config: one allocation for this call */
        size_t ncap = (size_t)t->norm_lookahead + 8;
        size_t bytes = need + need * sizeof(int32_t) + (need + 1) * sizeof(uint32_t) + ncap + 16;
        char *h = (char *)eb__alloc(&t->alloc, bytes, 16);
        if (!h) return -1;
        *heap = h; *heap_bytes = bytes;
        r->pieces = (int32_t *)h;
        r->hs = (uint32_t *)(h + need * sizeof(int32_t));
        r->word = (unsigned char *)(h + need * sizeof(int32_t) + (need + 1) * sizeof(uint32_t));
        r->nbuf = r->word + need;
        r->ncap = (int)ncap;
        r->wcap = (int)need;
    }
    return 0;
}

EB__FN int eb__tokenizer_encode(const eb__tokenizer *t, const char *text, size_t len, int32_t *ids, int max_ids) {
    eb__tk_run r;
    void *heap;
    size_t heap_bytes;
    int i, total;
    EB__TK_SCRATCH_DECL;
    if (!t || !text || max_ids < 2 || max_ids < t->npre + t->nsuf) return -1;
    if (eb__tk_run_init(&r, t, eb_wbuf_, eb_pbuf_, eb_hbuf_, eb_nbuf_, &heap, &heap_bytes) != 0) return -1;
    r.ids = ids ? ids + t->npre : NULL;
    r.cap = max_ids - t->npre - t->nsuf;
    r.done = r.cap <= 0;
    eb__tk_run_text(&r, (const unsigned char *)text, len);
    eb__tk_run_free_pend(&r);
    if (heap) eb__free(&t->alloc, heap, heap_bytes);
    total = t->npre + r.n + t->nsuf;
    if (ids) {
        for (i = 0; i < t->npre; i++) ids[i] = t->pre[i];
        for (i = 0; i < t->nsuf; i++) ids[t->npre + r.n + i] = t->suf[i];
    }
    return total;
}

/* ---- finishing a loaded tokenizer ----------------------------------------------------- */
/* Normalizes s with t's normalizer into out (cap bytes); returns the length or -1. */
EB__FN int eb__tk_normalize_str(const eb__tokenizer *t, const char *s, size_t len, unsigned char *out, int cap) {
    eb__tk_run r;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    memset(&r, 0, sizeof r);
    r.t = t;
    eb__tk_run_reset_pend(&r);
    r.sink = out;
    r.sink_cap = cap;
    r.cap = 1;
    while (p < end) eb__tk_char(&r, eb__tk_utf8(&p, end));
    if (r.npend) eb__tk_flush_pend(&r);
    eb__tk_run_free_pend(&r);
    return r.sink_len + 4 > cap ? -1 : r.sink_len;
}

EB__FN int eb__tk_added_cmp(const void *x, const void *y) {
    const eb__tk_added *a = (const eb__tk_added *)x, *b = (const eb__tk_added *)y;
    uint32_t la = a->normalized ? a->nlen : a->len, lb = b->normalized ? b->nlen : b->len;
    if (la != lb) return la > lb ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* Adds an added token (content copied into the pool; normalized ones also get their normalized
   form: call after the normalizer flags are set). Its id is what the reference's add_tokens
   gives it, whatever tokenizer.json says: an earlier added token's or the vocab's id for the
   same content, else the next free id (*next_id, starting at the number of vocab strings). */
EB__FN eb_status eb__tk_add_added(eb__tokenizer *t, const char *s, size_t len, int64_t *next_id, int single_word,
                                  int normalized) {
    eb__tk_added *a;
    unsigned char tmp[1024];
    int64_t id;
    int i;
    if (!len) return EB_OK;   /* the reference ignores empty contents */
    if (len > 256) return eb__fail(EB_FORMAT_ERROR, "tokenizer: added token of %zu bytes is too long (max 256)", len);
    for (i = 0; i < t->n_added; i++)   /* same content again: same id, the later flags win */
        if (t->added[i].len == len && memcmp(t->pool + t->added[i].off, s, len) == 0) break;
    if (i < t->n_added) id = t->added[i].id;
    else if ((id = eb__tk_lookup(t, s, len)) < 0) id = (*next_id)++;
    if (id >= (1 << 26)) return eb__fail(EB_FORMAT_ERROR, "tokenizer: too many added tokens");
    a = &t->added[i];
    if (len + sizeof tmp > t->pool_cap - 1 - t->pool_len) return eb__fail(EB_FORMAT_ERROR, "tokenizer: pool overflow");
    memset(a, 0, sizeof *a);
    a->off = (uint32_t)t->pool_len;
    a->len = (uint32_t)len;
    memcpy(t->pool + t->pool_len, s, len);
    t->pool_len += len;
    a->id = (int32_t)id;
    a->single_word = (uint8_t)(single_word != 0);
    a->normalized = (uint8_t)(normalized != 0);
    if (normalized) {
        int n = eb__tk_normalize_str(t, s, len, tmp, (int)sizeof tmp);
        if (n < 0) return eb__fail(EB_FORMAT_ERROR, "tokenizer: added token too long after normalization");
        a->noff = (uint32_t)t->pool_len;
        a->nlen = (uint32_t)n;
        memcpy(t->pool + t->pool_len, tmp, (size_t)n);
        t->pool_len += (size_t)n;
    }
    if (i == t->n_added) t->n_added++;
    if ((int)id >= t->vocab_size) t->vocab_size = (int)id + 1;
    return EB_OK;
}

/* Sorts added tokens, builds the first-byte bitmap and ASCII actions, checks specials. */
EB__FN eb_status eb__tk_finish(eb__tokenizer *t) {
    int i, c;
    if (t->unk_id < 0) return eb__fail(EB_FORMAT_ERROR, "tokenizer: the unknown token is not in the vocabulary");
    if (t->n_added > 1) qsort(t->added, (size_t)t->n_added, sizeof *t->added, eb__tk_added_cmp);
    memset(t->added_first, 0, sizeof t->added_first);
    t->n_norm_added = t->norm_lookahead = 0;
    for (i = 0; i < t->n_added; i++) {
        const eb__tk_added *a = &t->added[i];
        if (a->normalized) {
            if (!a->nlen) continue;   /* normalizes to nothing: can never match */
            t->n_norm_added++;
            if ((int)a->nlen + 4 > t->norm_lookahead) t->norm_lookahead = (int)a->nlen + 4;
        } else {
            unsigned b = (unsigned char)t->pool[a->off];
            t->added_first[b >> 3] |= (uint8_t)(1u << (b & 7));
        }
    }
    for (c = 0; c < 128; c++) {
        unsigned f = eb__uc_ascii[c];
        uint8_t act = EB__TK_A_WORD;
        if (t->clean_text && (f & EB__UC_DROP)) act = EB__TK_A_DROP;
        else if (f & EB__UC_WS) act = EB__TK_A_SPACE;
        else if (f & EB__UC_PUNCT) act = EB__TK_A_PUNCT;
        t->ascii_act[c] = act;
        t->ascii_map[c] = (char)((t->lowercase && c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    if (t->cls_id < 0 && t->npre) t->cls_id = t->pre[0];
    if (t->sep_id < 0 && t->nsuf) t->sep_id = t->suf[0];
    if (t->pad_id < 0) t->pad_id = 0;
    if (t->max_word_chars < 0) t->max_word_chars = 0;
    return EB_OK;
}

/* Standard BERT specials: [CLS] $A [SEP], and every [X] special present as a raw added token. */
EB__FN eb_status eb__tk_bert_specials(eb__tokenizer *t, const char *const *names, int n_names) {
    int i;
    eb_status st;
    int64_t next_id = t->n_keys;
    for (i = 0; i < n_names; i++)
        if (eb__tk_lookup(t, names[i], strlen(names[i])) >= 0 &&
            (st = eb__tk_add_added(t, names[i], strlen(names[i]), &next_id, 0, 0)) != EB_OK)
            return st;
    return EB_OK;
}

/* ---- loaders ------------------------------------------------------------------------- */
EB__FN eb_status eb__tk_read_file(const char *path, const eb_allocator *a, char **out, size_t *len) {
    FILE *f;
    long sz;
    char *buf;
    *out = NULL; *len = 0;
    f = fopen(path, "rb");
    if (!f) return eb__fail(EB_IO_ERROR, "cannot open %s: %s", path, strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return eb__fail(EB_IO_ERROR, "cannot size %s", path);
    }
    if (sz > 0x3FFFFFFFL) { fclose(f); return eb__fail(EB_FORMAT_ERROR, "%s is too large", path); }
    buf = (char *)eb__alloc(a, (size_t)sz + 1, 16);
    if (!buf) { fclose(f); return eb__fail(EB_NOMEM, "out of memory reading %s", path); }
    if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
        fclose(f);
        eb__free(a, buf, (size_t)sz + 1);
        return eb__fail(EB_IO_ERROR, "cannot read %s", path);
    }
    fclose(f);
    buf[sz] = 0;
    *out = buf; *len = (size_t)sz;
    return EB_OK;
}

/* vocab.txt: one token per line, id = line number (a trailing '\r' is dropped). */
EB__FN eb_status eb__tk_load_vocab_ex(const char *txt, size_t len, int clean, int lowercase, int strip, int cjk,
                                      const char *const *specials, const eb_allocator *a, eb__tokenizer **out) {
    static const char *const names[5] = {"[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"};
    eb__tokenizer *t;
    size_t i, lines = 1, start;
    int64_t id = 0;
    eb_status st;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "tokenizer: out is NULL");
    *out = NULL;
    if (!txt && len) return eb__fail(EB_INVALID_ARGUMENT, "tokenizer: vocab text is NULL");
    if (!specials) specials = names;
    for (i = 0; i < len; i++)   /* lines, plus one more entry per "##" line */
        if (txt[i] == '\n') lines += 1 + (i + 2 < len && txt[i + 1] == '#' && txt[i + 2] == '#');
    if ((st = eb__tk_create(a, lines + 1, len + 5 * 256 + 1024 * 5, &t)) != EB_OK) return st;
    t->clean_text = (uint8_t)(clean != 0);
    t->lowercase = (uint8_t)(lowercase != 0);
    t->strip_accents = (uint8_t)(strip < 0 ? lowercase != 0 : strip != 0);
    t->handle_cjk = (uint8_t)(cjk != 0);
    for (start = 0; start < len; id++) {
        size_t e = start, n;
        while (e < len && txt[e] != '\n') e++;
        n = e - start;
        if (n && txt[start + n - 1] == '\r') n--;
        if (e == len && n == 0) break;   /* no token after a final newline */
        if ((st = eb__tk_add_vocab(t, txt + start, n, id)) != EB_OK) { eb__tokenizer_free(t); return st; }
        start = e + 1;
    }
    if (id == 0) { eb__tokenizer_free(t); return eb__fail(EB_FORMAT_ERROR, "tokenizer: empty vocabulary"); }
    t->added = (eb__tk_added *)eb__alloc_zero(a, 5 * sizeof(eb__tk_added), 16);
    if (!t->added) { eb__tokenizer_free(t); return eb__fail(EB_NOMEM, "tokenizer: out of memory"); }
    t->n_added = 0;
    /* specials: unk, cls, sep, pad, mask */
    t->unk_id = eb__tk_lookup(t, specials[0], strlen(specials[0]));
    t->cls_id = eb__tk_lookup(t, specials[1], strlen(specials[1]));
    t->sep_id = eb__tk_lookup(t, specials[2], strlen(specials[2]));
    t->pad_id = eb__tk_lookup(t, specials[3], strlen(specials[3]));
    if (t->cls_id < 0 || t->sep_id < 0) {
        eb__tokenizer_free(t);
        return eb__fail(EB_FORMAT_ERROR, "tokenizer: vocab has no %s or %s", specials[1], specials[2]);
    }
    t->pre[0] = t->cls_id; t->npre = 1;
    t->suf[0] = t->sep_id; t->nsuf = 1;
    if ((st = eb__tk_bert_specials(t, specials, 5)) != EB_OK || (st = eb__tk_finish(t)) != EB_OK) {
        eb__tokenizer_free(t);
        return st;
    }
    *out = t;
    return EB_OK;
}

EB__FN eb_status eb__tokenizer_load_vocab(const char *vocab_txt, size_t len, int lowercase, const eb_allocator *a,
                                          eb__tokenizer **out) {
    return eb__tk_load_vocab_ex(vocab_txt, len, 1, lowercase, -1, 1, NULL, a, out);
}

EB__FN int eb__tk_json_flag(const eb__json *obj, const char *key, int dflt) {
    int b;
    return eb__json_get_bool(obj, key, &b) ? b : dflt;
}

/* "single" of a TemplateProcessing: ids of the specials before and after $A. */
EB__FN eb_status eb__tk_template(eb__tokenizer *t, const eb__json *pp) {
    const eb__json *single = eb__json_get(pp, "single"), *specials = eb__json_get(pp, "special_tokens");
    size_t i, j;
    int seen_a = 0;
    if (eb__json_kind(single) != EB__JSON_ARRAY) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: TemplateProcessing without \"single\"");
    for (i = 0; i < eb__json_len(single); i++) {
        const eb__json *it = eb__json_at(single, i), *sp = eb__json_get(it, "SpecialToken");
        const eb__json *ids;
        const char *name;
        size_t nlen;
        if (eb__json_get(it, "Sequence")) {
            if (seen_a) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: template with two sequences");
            seen_a = 1;
            continue;
        }
        name = eb__json_get_str(sp, "id", &nlen);
        if (!name) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: bad template piece");
        ids = eb__json_get(eb__json_getn(specials, name, nlen), "ids");
        if (eb__json_kind(ids) != EB__JSON_ARRAY || eb__json_len(ids) == 0)
            return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: template special \"%.*s\" has no ids", (int)nlen, name);
        for (j = 0; j < eb__json_len(ids); j++) {
            int64_t v;
            int *n = seen_a ? &t->nsuf : &t->npre;
            int32_t *dst = seen_a ? t->suf : t->pre;
            if (!eb__json_int(eb__json_at(ids, j), &v) || v < 0 || v >= (1 << 26))
                return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: bad special id");
            if (*n == EB__TK_MAX_SPECIAL) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: too many template specials");
            dst[(*n)++] = (int32_t)v;
            if ((int)v >= t->vocab_size) t->vocab_size = (int)v + 1;
        }
    }
    if (!seen_a) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: template without $A");
    return EB_OK;
}

/* BertProcessing / RobertaProcessing: "cls": [token, id], "sep": [token, id]. */
EB__FN eb_status eb__tk_pair_processing(eb__tokenizer *t, const eb__json *pp) {
    int64_t c, s;
    if (!eb__json_int(eb__json_at(eb__json_get(pp, "cls"), 1), &c) || !eb__json_int(eb__json_at(eb__json_get(pp, "sep"), 1), &s) ||
        c < 0 || s < 0 || c >= (1 << 26) || s >= (1 << 26))
        return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: bad cls/sep in post_processor");
    t->pre[0] = (int32_t)c; t->npre = 1;
    t->suf[0] = (int32_t)s; t->nsuf = 1;
    if ((int)c >= t->vocab_size) t->vocab_size = (int)c + 1;
    if ((int)s >= t->vocab_size) t->vocab_size = (int)s + 1;
    return EB_OK;
}

/* What transformers does to a BERT-family tokenizer.json: its tokenizer class rebuilds the
   normalizer from tokenizer_config.json (do_lower_case, strip_accents, tokenize_chinese_chars;
   defaults true, null, true; clean_text on) and WordPiece with max_input_chars_per_word 100. */
typedef struct eb__tk_config {
    int bert_class;                 /* the overrides below apply */
    int clean, cjk, strip, lower;   /* strip: -1 = follow lower */
    char names[5][64];              /* unk, cls, sep, pad, mask */
    const char *special[5];
} eb__tk_config;

EB__FN eb_status eb__tk_from_json(const eb__json *root, const eb_allocator *a, const eb__tk_config *cfg,
                                  eb__tokenizer **out) {
    const eb__json *model = eb__json_get(root, "model"), *vocab = eb__json_get(model, "vocab");
    const eb__json *norm = eb__json_get(root, "normalizer"), *pre = eb__json_get(root, "pre_tokenizer");
    const eb__json *pp = eb__json_get(root, "post_processor"), *added = eb__json_get(root, "added_tokens");
    const char *s, *unk;
    size_t i, n, pool = 0, unk_len = 0, slen, keys;
    int64_t v;
    eb__tokenizer *t;
    eb_status st;
    if (eb__json_kind(root) != EB__JSON_OBJECT) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: not an object");
    s = eb__json_get_str(model, "type", &slen);
    if (eb__json_kind(model) != EB__JSON_OBJECT || (s && strcmp(s, "WordPiece") != 0))
        return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: model %s is not supported (WordPiece only)", s ? s : "?");
    if (eb__json_kind(vocab) != EB__JSON_OBJECT || eb__json_len(vocab) == 0)
        return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: WordPiece without a vocab object");
    if (eb__json_kind(pre) != EB__JSON_OBJECT || !(s = eb__json_get_str(pre, "type", NULL)) || strcmp(s, "BertPreTokenizer") != 0)
        return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: pre_tokenizer must be BertPreTokenizer");
    if (eb__json_kind(norm) != EB__JSON_NULL &&
        (!(s = eb__json_get_str(norm, "type", NULL)) || strcmp(s, "BertNormalizer") != 0))
        return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: normalizer %s is not supported (BertNormalizer only)", s ? s : "?");
    n = eb__json_len(vocab);
    s = eb__json_get_str(model, "continuing_subword_prefix", &slen);
    if (!s) { s = "##"; slen = 2; }
    for (i = 0, keys = n; i < n; i++) {
        size_t kl;
        const char *k = eb__json_key_at(vocab, i, &kl);
        pool += kl;
        keys += slen && kl > slen && memcmp(k, s, slen) == 0;   /* continuation twin */
    }
    for (i = 0; i < eb__json_len(added); i++) {
        size_t cl;
        eb__json_get_str(eb__json_at(added, i), "content", &cl);
        pool += 2 * cl + 1024;
    }
    if (eb__json_len(added) > 4096) return eb__fail(EB_FORMAT_ERROR, "tokenizer.json: more than 4096 added tokens");
    if ((st = eb__tk_create(a, keys, pool + 1024, &t)) != EB_OK) return st;
    /* normalizer */
    if (eb__json_kind(norm) == EB__JSON_NULL) {
        t->clean_text = t->handle_cjk = t->strip_accents = t->lowercase = 0;
    } else {
        int b;
        t->clean_text = (uint8_t)eb__tk_json_flag(norm, "clean_text", 1);
        t->handle_cjk = (uint8_t)eb__tk_json_flag(norm, "handle_chinese_chars", 1);
        t->lowercase = (uint8_t)eb__tk_json_flag(norm, "lowercase", 1);
        t->strip_accents = (uint8_t)(eb__json_get_bool(norm, "strip_accents", &b) ? b : t->lowercase);
    }
    if (cfg && cfg->bert_class) {
        t->clean_text = (uint8_t)cfg->clean;
        t->handle_cjk = (uint8_t)cfg->cjk;
        t->lowercase = (uint8_t)cfg->lower;
        t->strip_accents = (uint8_t)(cfg->strip < 0 ? cfg->lower : cfg->strip);
    }
    /* WordPiece */
    if ((s = eb__json_get_str(model, "continuing_subword_prefix", &slen)) != NULL) {
        if (slen >= sizeof t->prefix) { st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: continuing_subword_prefix too long"); goto fail; }
        memcpy(t->prefix, s, slen);
        t->prefix_len = (int)slen;
    }
    if (eb__json_get_int(model, "max_input_chars_per_word", &v)) {
        if (v < 0 || v > 1000000) { st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: bad max_input_chars_per_word"); goto fail; }
        t->max_word_chars = (int)v;
    }
    if (cfg && cfg->bert_class) t->max_word_chars = 100;
    for (i = 0; i < n; i++) {
        size_t kl;
        const char *k = eb__json_key_at(vocab, i, &kl);
        if (!eb__json_int(eb__json_at(vocab, i), &v)) { st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: vocab id is not an integer"); goto fail; }
        if ((st = eb__tk_add_vocab(t, k, kl, v)) != EB_OK) goto fail;
    }
    unk = eb__json_get_str(model, "unk_token", &unk_len);
    if (!unk) { unk = "[UNK]"; unk_len = 5; }
    t->unk_id = eb__tk_lookup(t, unk, unk_len);
    if (t->unk_id < 0) { st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: unk_token \"%.*s\" is not in the vocab", (int)unk_len, unk); goto fail; }
    /* added tokens */
    t->added = (eb__tk_added *)eb__alloc_zero(a, (eb__json_len(added) ? eb__json_len(added) : 1) * sizeof(eb__tk_added), 16);
    if (!t->added) { st = eb__fail(EB_NOMEM, "tokenizer: out of memory"); goto fail; }
    v = t->n_keys;   /* the first new added-token id, as the reference assigns them */
    for (i = 0; i < eb__json_len(added); i++) {
        const eb__json *at = eb__json_at(added, i);
        size_t cl;
        const char *c = eb__json_get_str(at, "content", &cl);
        if (!c) { st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: bad added token"); goto fail; }
        if ((st = eb__tk_add_added(t, c, cl, &v, eb__tk_json_flag(at, "single_word", 0),
                                   eb__tk_json_flag(at, "normalized", !eb__tk_json_flag(at, "special", 0)))) != EB_OK)
            goto fail;
    }
    /* post-processor */
    s = eb__json_get_str(pp, "type", NULL);
    if (eb__json_kind(pp) == EB__JSON_NULL) {
        t->npre = t->nsuf = 0;
    } else if (s && strcmp(s, "TemplateProcessing") == 0) {
        if ((st = eb__tk_template(t, pp)) != EB_OK) goto fail;
    } else if (s && (strcmp(s, "BertProcessing") == 0 || strcmp(s, "RobertaProcessing") == 0)) {
        if ((st = eb__tk_pair_processing(t, pp)) != EB_OK) goto fail;
    } else {
        st = eb__fail(EB_FORMAT_ERROR, "tokenizer.json: post_processor %s is not supported", s ? s : "?");
        goto fail;
    }
    t->cls_id = eb__tk_lookup(t, "[CLS]", 5);
    t->sep_id = eb__tk_lookup(t, "[SEP]", 5);
    if (t->npre) t->cls_id = t->pre[0];
    if (t->nsuf) t->sep_id = t->suf[0];
    s = eb__json_get_str(eb__json_get(root, "padding"), "pad_token", &slen);
    t->pad_id = s ? eb__tk_lookup(t, s, slen) : eb__tk_lookup(t, "[PAD]", 5);
    if ((st = eb__tk_finish(t)) != EB_OK) goto fail;
    *out = t;
    return EB_OK;
fail:
    eb__tokenizer_free(t);
    return st;
}

EB__FN eb_status eb__tokenizer_load_json(const char *json, size_t len, const eb_allocator *a, eb__tokenizer **out) {
    eb__json_doc *doc;
    eb_status st;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "tokenizer: out is NULL");
    *out = NULL;
    if ((st = eb__json_parse(json, len, a, &doc)) != EB_OK) return st;
    st = eb__tk_from_json(eb__json_root(doc), a, NULL, out);
    eb__json_free(doc);
    return st;
}

/* A special token name from tokenizer_config.json: a string or {"content": ...}. */
EB__FN const char *eb__tk_config_token(const eb__json *cfg, const char *key, const char *dflt, char *buf, size_t cap) {
    const eb__json *v = eb__json_get(cfg, key);
    size_t n;
    const char *s = eb__json_str(v, &n);
    if (!s) s = eb__json_get_str(v, "content", &n);
    if (!s || n >= cap || memchr(s, 0, n)) return dflt;
    memcpy(buf, s, n);
    buf[n] = 0;
    return buf;
}

EB__FN int eb__tk_file_exists(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* Reads tokenizer_config.json (and config.json's model_type when it names no tokenizer class). */
EB__FN eb_status eb__tk_read_config(const char *dir, const eb_allocator *a, eb__tk_config *c) {
    static const char *const bert_family[] = {"Bert", "DistilBert", "ConvBert", "MobileBert", "SqueezeBert",
                                              "Electra", "MPNet", "Funnel"};
    static const char *const defaults[5] = {"[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"};
    static const char *const keys[5] = {"unk_token", "cls_token", "sep_token", "pad_token", "mask_token"};
    char path[4096];
    eb__json_doc *doc = NULL, *mdoc = NULL;
    const eb__json *cfg = NULL;
    const char *cls = NULL;
    size_t cls_len = 0, i;
    int b;
    eb_status st;
    memset(c, 0, sizeof *c);
    c->clean = c->cjk = c->lower = 1;
    c->strip = -1;
    snprintf(path, sizeof path, "%s/tokenizer_config.json", dir);
    if (eb__tk_file_exists(path)) {
        if ((st = eb__json_parse_file(path, a, &doc)) != EB_OK) return st;
        cfg = eb__json_root(doc);
        if (eb__json_get_bool(cfg, "do_lower_case", &b)) c->lower = b;
        if (eb__json_get_bool(cfg, "strip_accents", &b)) c->strip = b;
        if (eb__json_get_bool(cfg, "tokenize_chinese_chars", &b)) c->cjk = b;
        if (eb__json_get_bool(cfg, "clean_text", &b)) c->clean = b;   /* Funnel's extra knob */
        cls = eb__json_get_str(cfg, "tokenizer_class", &cls_len);
    }
    for (i = 0; i < 5; i++) c->special[i] = eb__tk_config_token(cfg, keys[i], defaults[i], c->names[i], sizeof c->names[i]);
    if (cls) {
        for (i = 0; i < sizeof bert_family / sizeof *bert_family; i++) {
            size_t n = strlen(bert_family[i]);
            if (cls_len >= n + 9 && memcmp(cls, bert_family[i], n) == 0 && memcmp(cls + n, "Tokenizer", 9) == 0 &&
                (cls_len == n + 9 || (cls_len == n + 13 && memcmp(cls + n + 9, "Fast", 4) == 0)))
                c->bert_class = 1;
        }
    } else {
        snprintf(path, sizeof path, "%s/config.json", dir);
        if (eb__tk_file_exists(path) && eb__json_parse_file(path, a, &mdoc) == EB_OK) {
            static const char *const types[] = {"bert", "distilbert", "convbert", "mobilebert", "squeezebert",
                                                "electra", "mpnet", "funnel"};
            const char *mt = eb__json_get_str(eb__json_root(mdoc), "model_type", NULL);
            for (i = 0; mt && i < sizeof types / sizeof *types; i++)
                if (strcmp(mt, types[i]) == 0) c->bert_class = 1;
            eb__json_free(mdoc);
        }
    }
    eb__json_free(doc);
    return EB_OK;
}

EB__FN eb_status eb__tokenizer_load_dir(const char *dir, const eb_allocator *a, eb__tokenizer **out) {
    char path[4096], *buf;
    size_t len;
    eb_status st;
    eb__tk_config cfg;
    if (!out || !dir) return eb__fail(EB_INVALID_ARGUMENT, "tokenizer: NULL dir or out");
    *out = NULL;
    if ((st = eb__tk_read_config(dir, a, &cfg)) != EB_OK) return st;
    snprintf(path, sizeof path, "%s/tokenizer.json", dir);
    if (eb__tk_file_exists(path)) {
        eb__json_doc *doc;
        if ((st = eb__json_parse_file(path, a, &doc)) != EB_OK) return st;
        st = eb__tk_from_json(eb__json_root(doc), a, &cfg, out);
        eb__json_free(doc);
        if (st == EB_FORMAT_ERROR) {
            char msg[sizeof eb__error_buf];
            memcpy(msg, eb__error_buf, sizeof msg);
            eb__fail(st, "%s: %s", path, msg);
        }
        return st;
    }
    snprintf(path, sizeof path, "%s/vocab.txt", dir);
    if ((st = eb__tk_read_file(path, a, &buf, &len)) != EB_OK)
        return eb__fail(EB_IO_ERROR, "%s has neither tokenizer.json nor vocab.txt", dir);
    st = eb__tk_load_vocab_ex(buf, len, cfg.clean, cfg.lower, cfg.strip, cfg.cjk, cfg.special, a, out);
    eb__free(a, buf, len + 1);
    return st;
}

/* ---- getters ---------------------------------------------------------------------------- */
EB__FN int eb__tokenizer_vocab_size(const eb__tokenizer *t) { return t ? t->vocab_size : 0; }
EB__FN int eb__tokenizer_cls_id(const eb__tokenizer *t) { return t ? t->cls_id : -1; }
EB__FN int eb__tokenizer_sep_id(const eb__tokenizer *t) { return t ? t->sep_id : -1; }
EB__FN int eb__tokenizer_unk_id(const eb__tokenizer *t) { return t ? t->unk_id : -1; }
EB__FN int eb__tokenizer_pad_id(const eb__tokenizer *t) { return t ? t->pad_id : -1; }
/* Ids the post-processor adds around every text ([CLS] and [SEP] for BERT: 2). */
EB__FN int eb__tokenizer_num_special(const eb__tokenizer *t) { return t ? t->npre + t->nsuf : 0; }

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
