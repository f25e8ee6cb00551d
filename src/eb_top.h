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
