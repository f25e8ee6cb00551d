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

/* ---- CUDA backend: the same models on an NVIDIA GPU in fp16 ------------------------------
 * Compiled only with EMBEDBATCH_CUDA; needs no CUDA toolkit to build and no GPU to run: the
 * driver (libcuda.so.1) is loaded at run time. Without it (or without the define) creation
 * returns EB_UNAVAILABLE with the reason in eb_last_error(). Thread-safe up to `streams`
 * batches at once; for N GPUs create one backend per device and hand all to one batcher. */
typedef struct eb_cuda_desc {
    const char *model_dir;  /* a Hugging Face sentence-transformers folder */
    int device;             /* CUDA device ordinal; default 0 */
    int streams;            /* batches in flight, one CUDA stream each; default 4 */
    int max_batch_tokens;   /* tokens per GPU pass (bigger batches run as several); default 16384 */
    int max_seq_len;        /* 0 = from sentence_bert_config.json; may only lower it */
    int no_graphs;          /* 1: plain kernel launches instead of CUDA graphs */
    int no_autotune;        /* 1: pick GEMM tiles by size rules instead of timing them at creation */
    int spin_us;            /* busy-poll a running batch this long before sleeping; default 500 */
    int64_t timeout_us;     /* a pass not done by then fails and marks the backend dead; default 60 s */
    const char *driver_lib; /* default "libcuda.so.1" */
    eb_allocator allocator;
    eb_logger logger;
} eb_cuda_desc;

EMBEDBATCH_API eb_status eb_backend_cuda(const eb_cuda_desc *desc, eb_backend **out);

/* ---- automatic choice: CUDA when it works here, else the CPU backend -------------------- */
typedef struct eb_auto_desc {
    const char *model_dir;  /* used by both unless cuda.model_dir / cpu.model_dir name another */
    int no_cuda;            /* 1: go straight to the CPU backend */
    eb_cuda_desc cuda;
    eb_cpu_desc cpu;
    eb_logger logger;       /* told (EB_LOG_WARN) why CUDA was not used */
} eb_auto_desc;

/* On a CPU fallback, returns EB_OK and eb_last_error() says why CUDA was skipped. */
EMBEDBATCH_API eb_status eb_backend_auto(const eb_auto_desc *desc, eb_backend **out);

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
    int64_t timeout_us;     /* deadline = submit + timeout_us; 0 = batcher default; only lowers it.
                               It applies while queued (a running batch is not aborted). There
                               is no timer thread: an expired request resolves EB_TIMEOUT when
                               eb_wait on it sees the deadline, or when the batcher reaches it
                               while forming a batch, whichever comes first. So a callback-only
                               request's on_done fires at its turn in the queue, not at the
                               deadline; wait with a timeout if that matters. */
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
