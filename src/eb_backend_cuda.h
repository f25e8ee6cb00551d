/* =====================================================================================
 *  CUDA BACKEND (EMBEDBATCH_CUDA)
 *  The CPU backend's models on an NVIDIA GPU, in fp16 with fp32 accumulation.
 *
 *  Nothing CUDA is needed to build or to start: the driver library (libcuda.so.1) is
 *  dlopen'ed when a backend is created and the ~40 driver-API entry points are resolved
 *  with dlsym; the kernels (src/cuda/eb_kernels.cu) travel in this header as PTX text for
 *  the virtual architecture compute_80, which the driver JIT-compiles for the GPU at hand
 *  (Ampere and later; cached by the driver). Without a driver, a GPU, or compute
 *  capability 8.0, creation returns EB_UNAVAILABLE with the reason and eb_backend_auto()
 *  takes the CPU backend. No CUDA runtime, no cuBLAS: every kernel is ours, which keeps the
 *  fusions BERT needs (exact-erf GELU and residual adds in the GEMM epilogue) and removes
 *  a 500 MB dependency; bench/GPU-NOTES.md has the measurements behind that choice.
 *
 *  Forward over a packed batch of T tokens from n texts (no padding anywhere):
 *    x = LN(word[id] + pos + type0)                      eb_embed_ln
 *    per layer: qkv = x Wqkv^T + b                       eb_gemm_* (mma.sync tensor cores)
 *               ctx = softmax(q k^T / sqrt(d)) v          eb_attention_d32/d64: a warp per
 *                                                        (sequence, head) for short texts, a
 *                                                        block per (head, 64 rows) for long
 *               a = LN(x + ctx Wo^T + bo)                 eb_gemm_ln_64x384 (whole row per block)
 *               x = LN(a + gelu(a Wi^T + bi) W2^T + b2)   gemm+GELU epilogue, gemm_ln
 *    out = L2(mean or CLS pool)                          eb_pool, fp32 into pinned memory
 *  Weights are uploaded once as fp16 (biases and LN parameters fp32); accumulation, the
 *  residual sums and LN run in fp32. The fused GEMM+LN kernel is used for hidden size 384
 *  once a pass has a 64-row block per SM; smaller passes (and other sizes) write fp32
 *  pre-LN sums and run eb_layernorm_f32, the same arithmetic, so a text's vector does not
 *  depend on what else is in its batch. GEMM tiles (128x128 or 64x64, k-steps of 32 or 64,
 *  fused LN) are timed per token bucket at creation (~0.1 s; eb_cuda_desc.no_autotune keeps
 *  size rules): every variant adds the same products in the same order, so only speed moves.
 *
 *  Concurrency: `streams` slots, each a CUDA stream with its own activation buffers, two
 *  pinned input and output buffers, and CUDA graphs. The backend reports
 *  EB_BACKEND_THREAD_SAFE with max_concurrency = streams, so the batcher keeps that many
 *  batches in flight; a batch larger than max_batch_tokens runs as several passes, with the
 *  next pass packed on the host while the current one computes. Every kernel reads the
 *  token and sequence counts from the uploaded input block, so one graph per power-of-two
 *  token bucket (captured at creation) serves every batch shape: a batch costs one
 *  host-to-device copy, one graph launch and one device-to-host copy. All device and pinned
 *  memory is allocated at creation; nothing is allocated per batch.
 *
 *  Errors: every driver call is checked. A failed call fails that batch (EB_BACKEND_ERROR,
 *  message in eb_backend_error()); an error that poisons the context (illegal address,
 *  launch failure, ECC, lost device) or a pass that outlives timeout_us marks the backend
 *  dead, and every later batch fails at once with the first cause. Waits poll the stream's
 *  event (spin_us of spinning, then sleeps): a hung GPU cannot hang the caller.
 * ===================================================================================== */
#ifdef EMBEDBATCH_CUDA
#include <dlfcn.h>

/* ---- the slice of the driver API we use (values from cuda.h, ABI-stable) ---------------- */
typedef int eb__cu_result;
typedef int eb__cu_device;
typedef void *eb__cu_context;
typedef void *eb__cu_module;
typedef void *eb__cu_function;
typedef void *eb__cu_stream;
typedef void *eb__cu_event;
typedef void *eb__cu_graph;
typedef void *eb__cu_graph_exec;
typedef unsigned long long eb__cu_ptr;

#define EB__CU_SUCCESS 0
#define EB__CU_ERROR_OUT_OF_MEMORY 2
#define EB__CU_ERROR_NOT_READY 600
#define EB__CU_TIMED_OUT (-1)          /* ours: a wait passed timeout_us */
#define EB__CU_ATTR_SM_COUNT 16
#define EB__CU_ATTR_CC_MAJOR 75
#define EB__CU_ATTR_CC_MINOR 76
#define EB__CU_ATTR_SMEM_OPTIN 97
#define EB__CU_FUNC_MAX_DYN_SMEM 8
#define EB__CU_JIT_INFO_LOG 3
#define EB__CU_JIT_INFO_LOG_SIZE 4
#define EB__CU_JIT_ERROR_LOG 5
#define EB__CU_JIT_ERROR_LOG_SIZE 6
#define EB__CU_STREAM_NON_BLOCKING 1
#define EB__CU_EVENT_DISABLE_TIMING 2
#define EB__CU_CAPTURE_THREAD_LOCAL 1

/* X(member, symbol, required, parameter list) */
#define EB__CU_API(X) \
    X(Init, "cuInit", 1, (unsigned)) \
    X(DriverGetVersion, "cuDriverGetVersion", 1, (int *)) \
    X(DeviceGetCount, "cuDeviceGetCount", 1, (int *)) \
    X(DeviceGet, "cuDeviceGet", 1, (eb__cu_device *, int)) \
    X(DeviceGetName, "cuDeviceGetName", 1, (char *, int, eb__cu_device)) \
    X(DeviceGetAttribute, "cuDeviceGetAttribute", 1, (int *, int, eb__cu_device)) \
    X(PrimaryCtxRetain, "cuDevicePrimaryCtxRetain", 1, (eb__cu_context *, eb__cu_device)) \
    X(PrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2", 1, (eb__cu_device)) \
    X(CtxPushCurrent, "cuCtxPushCurrent_v2", 1, (eb__cu_context)) \
    X(CtxPopCurrent, "cuCtxPopCurrent_v2", 1, (eb__cu_context *)) \
    X(MemGetInfo, "cuMemGetInfo_v2", 1, (size_t *, size_t *)) \
    X(MemAlloc, "cuMemAlloc_v2", 1, (eb__cu_ptr *, size_t)) \
    X(MemFree, "cuMemFree_v2", 1, (eb__cu_ptr)) \
    X(MemHostAlloc, "cuMemHostAlloc", 1, (void **, size_t, unsigned)) \
    X(MemFreeHost, "cuMemFreeHost", 1, (void *)) \
    X(MemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2", 1, (eb__cu_ptr, const void *, size_t, eb__cu_stream)) \
    X(MemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2", 1, (void *, eb__cu_ptr, size_t, eb__cu_stream)) \
    X(MemsetD32Async, "cuMemsetD32Async", 1, (eb__cu_ptr, unsigned, size_t, eb__cu_stream)) \
    X(StreamCreate, "cuStreamCreate", 1, (eb__cu_stream *, unsigned)) \
    X(StreamDestroy, "cuStreamDestroy_v2", 1, (eb__cu_stream)) \
    X(EventCreate, "cuEventCreate", 1, (eb__cu_event *, unsigned)) \
    X(EventDestroy, "cuEventDestroy_v2", 1, (eb__cu_event)) \
    X(EventRecord, "cuEventRecord", 1, (eb__cu_event, eb__cu_stream)) \
    X(EventQuery, "cuEventQuery", 1, (eb__cu_event)) \
    X(EventElapsedTime, "cuEventElapsedTime", 1, (float *, eb__cu_event, eb__cu_event)) \
    X(ModuleLoadDataEx, "cuModuleLoadDataEx", 1, (eb__cu_module *, const void *, unsigned, int *, void **)) \
    X(ModuleUnload, "cuModuleUnload", 1, (eb__cu_module)) \
    X(ModuleGetFunction, "cuModuleGetFunction", 1, (eb__cu_function *, eb__cu_module, const char *)) \
    X(FuncSetAttribute, "cuFuncSetAttribute", 1, (eb__cu_function, int, int)) \
    X(LaunchKernel, "cuLaunchKernel", 1, (eb__cu_function, unsigned, unsigned, unsigned, unsigned, unsigned, \
                                          unsigned, unsigned, eb__cu_stream, void **, void **)) \
    X(GetErrorName, "cuGetErrorName", 1, (eb__cu_result, const char **)) \
    X(GetErrorString, "cuGetErrorString", 1, (eb__cu_result, const char **)) \
    X(StreamBeginCapture, "cuStreamBeginCapture_v2", 0, (eb__cu_stream, int)) \
    X(StreamEndCapture, "cuStreamEndCapture", 0, (eb__cu_stream, eb__cu_graph *)) \
    X(GraphInstantiate, "cuGraphInstantiateWithFlags", 0, (eb__cu_graph_exec *, eb__cu_graph, unsigned long long)) \
    X(GraphLaunch, "cuGraphLaunch", 0, (eb__cu_graph_exec, eb__cu_stream)) \
    X(GraphExecDestroy, "cuGraphExecDestroy", 0, (eb__cu_graph_exec)) \
    X(GraphDestroy, "cuGraphDestroy", 0, (eb__cu_graph))

typedef struct eb__cu_api {
    void *lib;
#define EB__CU_MEMBER(m, sym, req, args) eb__cu_result (*m) args;
    EB__CU_API(EB__CU_MEMBER)
#undef EB__CU_MEMBER
} eb__cu_api;

EB__FN void eb__cu_unload(eb__cu_api *api) {
    if (api->lib) dlclose(api->lib);
    memset(api, 0, sizeof *api);
}

/* Opens the driver and resolves the entry points; optional ones (graphs) may stay NULL. */
EB__FN eb_status eb__cu_load(eb__cu_api *api, const char *path) {
    void *sym;
    memset(api, 0, sizeof *api);
    api->lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!api->lib) {
        const char *e = dlerror();
        return eb__fail(EB_UNAVAILABLE, "cuda: no NVIDIA driver (dlopen %s: %s)", path, e ? e : "failed");
    }
    /* memcpy: a data pointer to a function pointer, valid in C and C++ without casts */
#define EB__CU_RESOLVE(m, s, req, args) \
    sym = dlsym(api->lib, s); \
    if (!sym && req) { eb__cu_unload(api); return eb__fail(EB_UNAVAILABLE, "cuda: the driver lacks %s (too old)", s); } \
    memcpy(&api->m, &sym, sizeof sym);
    EB__CU_API(EB__CU_RESOLVE)
#undef EB__CU_RESOLVE
    return EB_OK;
}

/* "CUDA_ERROR_X (code)" into buf; the stub library and old drivers may not name codes. */
EB__FN const char *eb__cu_errname(const eb__cu_api *api, eb__cu_result r, char *buf, size_t cap) {
    const char *s = NULL;
    if (r == EB__CU_TIMED_OUT) snprintf(buf, cap, "timed out");
    else if (api->GetErrorName && api->GetErrorName(r, &s) == EB__CU_SUCCESS && s) snprintf(buf, cap, "%.80s (%d)", s, r);
    else snprintf(buf, cap, "CUDA error %d", r);
    return buf;
}

/* Errors after which the context is unusable: the backend reports itself dead. */
EB__INLINE int eb__cu_sticky(eb__cu_result r) {
    switch (r) {
    case 4: case 46: case 214: case 220: case 700: case 702: case 709:
    case 714: case 715: case 716: case 717: case 718: case 719: case 999:
    case EB__CU_TIMED_OUT:
        return 1;
    default:
        return 0;
    }
}

/* ---- backend state ----------------------------------------------------------------------- */
#define EB__CUDA_MAX_BUCKETS 24
#define EB__CUDA_MIN_BUCKET 32
#define EB__CUDA_IN_HEAD 4                 /* ints before the ids: T, n, attention tasks, 0 */

/* GEMM variants (EB__GV_*) come first so a variant is its kernel's index. */
enum { EB__GV_BIG, EB__GV_SMALL, EB__GV_BIG64, EB__GV_SMALL64, EB__GV_FUSED, EB__GV_COUNT };
enum { EB__CK_GEMM_BIG, EB__CK_GEMM_SMALL, EB__CK_GEMM_BIG64, EB__CK_GEMM_SMALL64, EB__CK_GEMM_LN, EB__CK_EMBED,
       EB__CK_LN, EB__CK_ATTN, EB__CK_POOL, EB__CK_F2H, EB__CK_COUNT };
static const char *const eb__cuda_kernel_names[EB__CK_COUNT] = {
    "eb_gemm_128x128", "eb_gemm_64x64", "eb_gemm_128x128_k64", "eb_gemm_64x64_k64", "eb_gemm_ln_64x384",
    "eb_embed_ln", "eb_layernorm_f32", "eb_attention_d32", "eb_pool", "eb_f32_to_f16"
};
/* tile rows, tile columns, threads, dynamic shared memory of each GEMM variant */
static const int eb__cuda_gv[EB__GV_COUNT][4] = {
    {128, 128, 256, 4 * (128 + 128) * 40 * 2}, {64, 64, 128, 3 * (64 + 64) * 40 * 2},
    {128, 128, 256, 3 * (128 + 128) * 72 * 2}, {64, 64, 128, 3 * (64 + 64) * 72 * 2},
    {64, 384, 256, 3 * (64 + 384) * 40 * 2}
};
static const char *const eb__cuda_gv_names[EB__GV_COUNT] = { "128x128", "64x64", "128x128k64", "64x64k64", "64x384+LN" };
#define EB__CUDA_GEMM_BIG_SMEM (eb__cuda_gv[EB__GV_BIG][3])
#define EB__CUDA_GEMM_SMALL_SMEM (eb__cuda_gv[EB__GV_SMALL][3])
#define EB__CUDA_GEMM_LN_SMEM (eb__cuda_gv[EB__GV_FUSED][3])
/* the four GEMMs of a layer */
enum { EB__SH_QKV, EB__SH_OUT, EB__SH_UP, EB__SH_DOWN, EB__SH_COUNT };

/* What each launch of a pass is, for profiles (eb__cuda_forward's kinds). */
enum { EB__STEP_EMBED, EB__STEP_QKV, EB__STEP_ATTN, EB__STEP_OUT, EB__STEP_LN, EB__STEP_UP, EB__STEP_DOWN,
       EB__STEP_POOL, EB__STEP_COUNT };

typedef struct eb__cuda_layer {
    eb__cu_ptr wqkv, wo, wi, w2;                        /* fp16 [3H,H] [H,H] [F,H] [H,F] */
    eb__cu_ptr bqkv, bo, bi, b2, ln1g, ln1b, ln2g, ln2b; /* fp32 */
} eb__cuda_layer;

typedef struct eb__cuda_slot {
    eb__mutex lock;                       /* a slot runs one batch at a time */
    int lock_ok;
    eb__cu_stream stream;
    eb__cu_event done[2];                 /* after each pass's device-to-host copy */
    int32_t *h_in[2];                     /* pinned: T, n, 0, 0, ids[T], cu[n+1] */
    float *h_out[2];                      /* pinned: n x dim */
    int *lens;                            /* host scratch: sequence lengths of a pass */
    eb__cu_ptr d_in, d_x, d_qkv, d_ctx, d_tmp, d_a, d_ffn, d_out;
    eb__cu_graph_exec graph[EB__CUDA_MAX_BUCKETS];
} eb__cuda_slot;

typedef struct eb__cuda {
    eb_cuda_desc d;
    eb_allocator alloc;
    eb_logger logger;
    eb__cu_api cu;
    eb__cu_device dev;
    eb__cu_context ctx;
    int ctx_retained;
    eb__cu_module mod;
    eb__cu_function fn[EB__CK_COUNT];
    int sms, cc_major, cc_minor;
    eb__model model;
    int model_open;
    int H, F, heads, head_dim, layers, vocab, dim, max_seq;
    float eps, scale_log2;
    eb__cu_ptr d_weights;
    size_t weights_bytes;
    eb__cu_ptr word, pos, type0, emb_g, emb_b;
    eb__cuda_layer *layer;
    int t_cap, n_cap;                     /* tokens and sequences per pass */
    int n_buckets, bucket[EB__CUDA_MAX_BUCKETS];
    int graphs;                           /* graphs captured and in use */
    int gemm_big_min_blocks;              /* untuned: 128x128 tiles once a GEMM has this many */
    int fuse_ln;                          /* hidden 384: GEMM + residual + LN in one kernel */
    unsigned gv_ok;                       /* bit per usable GEMM variant */
    unsigned char tune[EB__SH_COUNT][EB__CUDA_MAX_BUCKETS]; /* variant per GEMM and bucket */
    int tuned;
    int task_cap;                         /* attention tasks a pass can hold */
    int attn_block;                       /* threads per attention block (4 or 2 warps) */
    int n_slots;
    eb__cuda_slot *slots;
    int dying;                            /* atomic: the one thread that writes dead_msg */
    int dead;                             /* atomic; dead_msg is written before it is set */
    int hung;                             /* atomic: a wait timed out; work may still run */
    char dead_msg[256];
    char name[160];
    size_t device_bytes, pinned_bytes;
    double create_ms, jit_ms;
} eb__cuda;

/* Records a failed driver call in buf (the batch's message) and kills the backend on a
   sticky error. Returns EB_BACKEND_ERROR. */
EB__FN eb_status eb__cuda_batch_fail(eb__cuda *c, eb__cu_result r, const char *what, char *buf, size_t cap) {
    char msg[256], e[96];
    snprintf(msg, sizeof msg, "cuda: %s failed: %s", what, eb__cu_errname(&c->cu, r, e, sizeof e));
    if (r == EB__CU_TIMED_OUT) eb__store(&c->hung, 1, EB__RELEASE);
    if (eb__cu_sticky(r)) {
        int zero = 0;
        if (eb__cas(&c->dying, &zero, 1, EB__ACQ_REL, EB__RELAXED)) {
            snprintf(c->dead_msg, sizeof c->dead_msg, "cuda: backend dead after %.200s", msg + 6);
            eb__store(&c->dead, 1, EB__RELEASE);
        }
    }
    if (buf && cap) snprintf(buf, cap, "%s", msg);
    return EB_BACKEND_ERROR;
}

/* Creation-time failure: status plus detail for eb_last_error(). */
EB__FN eb_status eb__cuda_create_fail(eb__cuda *c, eb__cu_result r, const char *what) {
    char e[96];
    if (r == EB__CU_ERROR_OUT_OF_MEMORY)
        return eb__fail(EB_NOMEM, "cuda: %s: out of device memory", what);
    return eb__fail(EB_UNAVAILABLE, "cuda: %s failed: %s", what, eb__cu_errname(&c->cu, r, e, sizeof e));
}

/* Polls an event: spin_us of spinning, then sleeps growing to 1 ms, up to timeout_us. */
EB__FN eb__cu_result eb__cuda_wait(eb__cuda *c, eb__cu_event ev) {
    int64_t start = eb__now_ns(), spin_end = start + (int64_t)c->d.spin_us * 1000;
    int64_t deadline = start + c->d.timeout_us * 1000, nap = 20;
    for (;;) {
        eb__cu_result r = c->cu.EventQuery(ev);
        int64_t now;
        int i;
        if (r != EB__CU_ERROR_NOT_READY) return r;
        now = eb__now_ns();
        if (now >= deadline) return EB__CU_TIMED_OUT;
        if (now < spin_end) {
            for (i = 0; i < 16; i++) eb__cpu_relax();
        } else {
            eb__sleep_us(nap);
            if (nap < 1000) nap *= 2;
        }
    }
}

/* Waits until everything queued on the slot's stream so far is done. */
EB__FN eb__cu_result eb__cuda_wait_stream(eb__cuda *c, eb__cuda_slot *s) {
    eb__cu_result r = c->cu.EventRecord(s->done[0], s->stream);
    return r ? r : eb__cuda_wait(c, s->done[0]);
}

/* ---- kernel launches: one pass over the slot's buffers ------------------------------- */
EB__FN eb__cu_result eb__cuda_launch(eb__cuda *c, int k, unsigned gx, unsigned gy, unsigned block, unsigned smem,
                                     eb__cu_stream st, void **args) {
    if (gx == 0) gx = 1;
    return c->cu.LaunchKernel(c->fn[k], gx, gy, 1, block, 1, 1, smem, st, args, NULL);
}

EB__FN eb__cu_result eb__cuda_gemm(eb__cuda *c, eb__cuda_slot *s, int v, int Tg, eb__cu_ptr A, eb__cu_ptr B,
                                   eb__cu_ptr bias, eb__cu_ptr R, eb__cu_ptr C, int N, int K, int flags) {
    void *args[9];
    args[0] = &s->d_in; args[1] = &A; args[2] = &B; args[3] = &bias; args[4] = &R; args[5] = &C;
    args[6] = &N; args[7] = &K; args[8] = &flags;
    return eb__cuda_launch(c, v, (unsigned)(N / eb__cuda_gv[v][1]), (unsigned)((Tg + eb__cuda_gv[v][0] - 1) / eb__cuda_gv[v][0]),
                           (unsigned)eb__cuda_gv[v][2], (unsigned)eb__cuda_gv[v][3], s->stream, args);
}

EB__FN eb__cu_result eb__cuda_ln(eb__cuda *c, eb__cuda_slot *s, int Tg, eb__cu_ptr x, eb__cu_ptr g, eb__cu_ptr b, eb__cu_ptr out) {
    void *args[7];
    args[0] = &s->d_in; args[1] = &x; args[2] = &g; args[3] = &b; args[4] = &out; args[5] = &c->H; args[6] = &c->eps;
    return eb__cuda_launch(c, EB__CK_LN, (unsigned)((Tg + 3) / 4), 1, 128, 0, s->stream, args);
}

/* GEMM + bias + residual + layer norm in one launch (the whole 384-wide row per block). */
EB__FN eb__cu_result eb__cuda_gemm_ln(eb__cuda *c, eb__cuda_slot *s, int Tg, eb__cu_ptr A, eb__cu_ptr B, eb__cu_ptr bias,
                                      eb__cu_ptr R, eb__cu_ptr g, eb__cu_ptr be, eb__cu_ptr C, int K) {
    void *args[10];
    args[0] = &s->d_in; args[1] = &A; args[2] = &B; args[3] = &bias; args[4] = &R; args[5] = &C;
    args[6] = &K; args[7] = &g; args[8] = &be; args[9] = &c->eps;
    return eb__cuda_launch(c, EB__CK_GEMM_LN, 1, (unsigned)((Tg + 63) / 64), 256, (unsigned)EB__CUDA_GEMM_LN_SMEM, s->stream, args);
}

EB__FN int eb__cuda_bucket_of(const eb__cuda *c, int T) {
    int i;
    for (i = 0; i < c->n_buckets; i++)
        if (T <= c->bucket[i]) return i;
    return c->n_buckets - 1;
}

/* The variant for one of a layer's GEMMs at grid size Tg: tuned at creation, else by size. */
EB__FN int eb__cuda_variant(const eb__cuda *c, int sh, int Tg) {
    int N = sh == EB__SH_QKV ? 3 * c->H : sh == EB__SH_UP ? c->F : c->H;
    if (c->tuned) return c->tune[sh][eb__cuda_bucket_of(c, Tg)];
    if ((sh == EB__SH_OUT || sh == EB__SH_DOWN) && c->fuse_ln && (Tg + 63) / 64 >= c->sms) return EB__GV_FUSED;
    return ((Tg + 127) / 128) * (N / 128) >= c->gemm_big_min_blocks ? EB__GV_BIG : EB__GV_SMALL;
}

/* One of the residual GEMMs and its layer norm: fused, or fp32 sums then eb_layernorm_f32
   (the same bits either way). */
EB__FN eb__cu_result eb__cuda_gemm_res_ln(eb__cuda *c, eb__cuda_slot *s, int v, int Tg, eb__cu_ptr A, eb__cu_ptr B,
                                          eb__cu_ptr bias, eb__cu_ptr R, eb__cu_ptr g, eb__cu_ptr be, eb__cu_ptr C, int K,
                                          eb__cu_event mark) {
    eb__cu_result r;
    if (v == EB__GV_FUSED) return eb__cuda_gemm_ln(c, s, Tg, A, B, bias, R, g, be, C, K);
    if ((r = eb__cuda_gemm(c, s, v, Tg, A, B, bias, R, s->d_tmp, c->H, K, 2 | 4))) return r;
    if (mark && (r = c->cu.EventRecord(mark, s->stream))) return r;
    return eb__cuda_ln(c, s, Tg, s->d_tmp, g, be, C);
}

/* Enqueues the whole forward for up to Tg tokens (the grid size; the live T is in d_in).
   Profiling only (else NULL): marks gets an event recorded after each launch (at most
   2 + 7 * layers) and kinds that launch's EB__STEP_*; returns the count in *n_marks. */
EB__FN eb__cu_result eb__cuda_forward_ex(eb__cuda *c, eb__cuda_slot *s, int Tg, eb__cu_event *marks, int *kinds, int *n_marks) {
    eb__cu_result r;
    int l, m = 0, mode = c->model.cfg.pooling == EB__POOLING_CLS ? 1 : 0, norm = c->model.cfg.normalize ? 1 : 0;
    const int H3 = 3 * c->H;
    const int v_qkv = eb__cuda_variant(c, EB__SH_QKV, Tg), v_out = eb__cuda_variant(c, EB__SH_OUT, Tg);
    const int v_up = eb__cuda_variant(c, EB__SH_UP, Tg), v_down = eb__cuda_variant(c, EB__SH_DOWN, Tg);
    unsigned attn_grid = (unsigned)EB__MIN((int64_t)c->heads * (Tg + Tg / 16 + 1), (int64_t)c->sms * 8);
    unsigned pool_grid = (unsigned)EB__MIN((Tg + 3) / 4, c->sms * 8);
#define EB__CUDA_MARK(kind) (marks ? (kinds[m] = (kind), marks[m++]) : (eb__cu_event)NULL)
#define EB__CUDA_STEP(kind, call) do { if ((r = (call)) != EB__CU_SUCCESS) return r; \
        if (marks) { kinds[m] = (kind); if ((r = c->cu.EventRecord(marks[m++], s->stream)) != EB__CU_SUCCESS) return r; } } while (0)
    {
        void *args[9];
        args[0] = &s->d_in; args[1] = &c->word; args[2] = &c->pos; args[3] = &c->type0;
        args[4] = &c->emb_g; args[5] = &c->emb_b; args[6] = &s->d_x; args[7] = &c->H; args[8] = &c->eps;
        EB__CUDA_STEP(EB__STEP_EMBED, eb__cuda_launch(c, EB__CK_EMBED, (unsigned)((Tg + 3) / 4), 1, 128, 0, s->stream, args));
    }
    for (l = 0; l < c->layers; l++) {
        const eb__cuda_layer *L = &c->layer[l];
        void *args[5];
        args[0] = &s->d_in; args[1] = &s->d_qkv; args[2] = &s->d_ctx; args[3] = &c->heads; args[4] = &c->scale_log2;
        EB__CUDA_STEP(EB__STEP_QKV, eb__cuda_gemm(c, s, v_qkv, Tg, s->d_x, L->wqkv, L->bqkv, 0, s->d_qkv, H3, c->H, 0));
        EB__CUDA_STEP(EB__STEP_ATTN, eb__cuda_launch(c, EB__CK_ATTN, attn_grid, 1, (unsigned)c->attn_block, 0, s->stream, args));
        /* a = LN(x + ctx Wo^T + bo); x = LN(a + gelu(a Wi^T + bi) W2^T + b2); the mark between
           an unfused GEMM and its LN books the GEMM, the step's own mark the LN */
        EB__CUDA_STEP(v_out == EB__GV_FUSED ? EB__STEP_OUT : EB__STEP_LN,
                      eb__cuda_gemm_res_ln(c, s, v_out, Tg, s->d_ctx, L->wo, L->bo, s->d_x, L->ln1g, L->ln1b, s->d_a, c->H,
                                           v_out == EB__GV_FUSED ? NULL : EB__CUDA_MARK(EB__STEP_OUT)));
        EB__CUDA_STEP(EB__STEP_UP, eb__cuda_gemm(c, s, v_up, Tg, s->d_a, L->wi, L->bi, 0, s->d_ffn, c->F, c->H, 1));
        EB__CUDA_STEP(v_down == EB__GV_FUSED ? EB__STEP_DOWN : EB__STEP_LN,
                      eb__cuda_gemm_res_ln(c, s, v_down, Tg, s->d_ffn, L->w2, L->b2, s->d_a, L->ln2g, L->ln2b, s->d_x, c->F,
                                           v_down == EB__GV_FUSED ? NULL : EB__CUDA_MARK(EB__STEP_DOWN)));
    }
    {
        void *args[6];
        args[0] = &s->d_in; args[1] = &s->d_x; args[2] = &s->d_out; args[3] = &c->H; args[4] = &mode; args[5] = &norm;
        EB__CUDA_STEP(EB__STEP_POOL, eb__cuda_launch(c, EB__CK_POOL, pool_grid, 1, 128, 0, s->stream, args));
    }
#undef EB__CUDA_STEP
#undef EB__CUDA_MARK
    if (n_marks) *n_marks = m;
    return EB__CU_SUCCESS;
}

EB__FN eb__cu_result eb__cuda_forward(eb__cuda *c, eb__cuda_slot *s, int Tg) {
    return eb__cuda_forward_ex(c, s, Tg, NULL, NULL, NULL);
}

/* Ints of a sealed packed input: header, ids, cu_seqlens, attention tasks. */
EB__INLINE size_t eb__cuda_in_ints(const int32_t *h) {
    return (size_t)(EB__CUDA_IN_HEAD + h[0] + h[1] + 1 + 2 * h[2]);
}

/* Uploads the packed input (bytes of h_in) and runs one pass; results land in h_out. */
EB__FN eb__cu_result eb__cuda_enqueue(eb__cuda *c, eb__cuda_slot *s, int buf, int T, int n, const char **what) {
    eb__cu_result r;
    size_t in_bytes = eb__cuda_in_ints(s->h_in[buf]) * sizeof(int32_t);
    int b = eb__cuda_bucket_of(c, T);
    *what = "cuMemcpyHtoDAsync";
    if ((r = c->cu.MemcpyHtoDAsync(s->d_in, s->h_in[buf], in_bytes, s->stream))) return r;
    if (c->graphs && s->graph[b]) {
        *what = "cuGraphLaunch";
        r = c->cu.GraphLaunch(s->graph[b], s->stream);
    } else {
        *what = "cuLaunchKernel";
        r = eb__cuda_forward(c, s, T);
    }
    if (r) return r;
    *what = "cuMemcpyDtoHAsync";
    if ((r = c->cu.MemcpyDtoHAsync(s->h_out[buf], s->d_out, (size_t)n * (size_t)c->dim * sizeof(float), s->stream))) return r;
    *what = "cuEventRecord";
    return c->cu.EventRecord(s->done[buf], s->stream);
}

/* ---- vtable ------------------------------------------------------------------------------ */
EB__FN void eb__cuda_info(void *self, eb_backend_info *out) {
    eb__cuda *c = (eb__cuda *)self;
    memset(out, 0, sizeof *out);
    out->name = c->name;
    out->flags = (unsigned)EB_BACKEND_THREAD_SAFE | (unsigned)EB_BACKEND_RAGGED;
    out->dim = c->dim;
    out->max_tokens = c->max_seq;
    out->max_concurrency = c->n_slots;
}

EB__FN int eb__cuda_tokenize(void *self, const char *text, size_t len, int32_t *ids, int max_ids) {
    eb__cuda *c = (eb__cuda *)self;
    if (max_ids > c->max_seq) max_ids = c->max_seq;
    return eb__tokenizer_encode(c->model.tok, text, len, ids, max_ids);
}

/* Attention tasks for n sequences (cu: n + 1 offsets) into tasks (two ints each; see the
   kernel): sequences of up to 64 tokens give one task per warps-per-block heads (a warp per
   head), longer ones one per head and 16 * warps query rows (a block per head). A pass too
   small to fill the GPU that way uses blocks for short sequences too: more parallel, and the
   same arithmetic in the same order, so the same bits. Returns the count. */
EB__FN int eb__cuda_attn_tasks(const eb__cuda *c, const int32_t *cu, int n, int32_t *tasks) {
    const int w = c->attn_block / 32, rows = 16 * w;
    const int warp_mode = (int64_t)n * c->heads >= (int64_t)2 * c->sms * w;
    int k = 0, i, h, q;
    for (i = 0; i < n; i++) {
        int L = cu[i + 1] - cu[i];
        if (L <= 0) continue;
        if (L <= 64 && warp_mode) {
            for (h = 0; h < c->heads; h += w) { tasks[2 * k] = i; tasks[2 * k + 1] = h << 8; k++; }
        } else {
            for (h = 0; h < c->heads; h++)
                for (q = 0; q * rows < L; q++) { tasks[2 * k] = i; tasks[2 * k + 1] = (h << 8) | (q << 1) | 1; k++; }
        }
    }
    return k;
}

/* Completes a packed input whose T ids (n sequences of lens) follow the header: cu_seqlens
   right after the ids, the attention tasks after cu_seqlens, then the header. */
EB__FN void eb__cuda_seal(const eb__cuda *c, int32_t *h, int T, const int *lens, int n) {
    int32_t *cu = h + EB__CUDA_IN_HEAD + T, acc = 0;
    int k;
    for (k = 0; k < n; k++) { cu[k] = acc; acc += lens[k]; }
    cu[n] = acc;
    h[2] = eb__cuda_attn_tasks(c, cu, n, cu + n + 1);
    h[0] = T; h[1] = n; h[3] = 0;
}

/* Packs items from *next into h_in[buf]: at most t_cap tokens and n_cap sequences.
   Texts without ids are tokenized here. */
EB__FN eb_status eb__cuda_pack(eb__cuda *c, eb__cuda_slot *s, int buf, const eb_batch *b, int *next,
                               int *T_out, int *n_out) {
    int32_t *h = s->h_in[buf], *ids = h + EB__CUDA_IN_HEAD;
    int T = 0, n = 0, i = *next, k;
    for (; i < b->n && n < c->n_cap; i++) {
        const eb_batch_item *it = &b->items[i];
        int L;
        if (it->ids && it->n_tokens > 0) {
            L = EB__MIN(it->n_tokens, c->max_seq);
            if (T + L > c->t_cap) break;
            for (k = 0; k < L; k++) {
                int32_t id = it->ids[k];
                if (id < 0 || id >= c->vocab) {
                    if (b->error && b->error_cap)
                        snprintf(b->error, b->error_cap, "cuda: text %d: token id %d is outside the vocabulary (%d)", i, (int)id, c->vocab);
                    return EB_INVALID_INPUT;
                }
                ids[T + k] = id;
            }
        } else {
            if (c->t_cap - T < c->max_seq) break;
            L = eb__tokenizer_encode(c->model.tok, it->text ? it->text : "", it->text ? it->len : 0, ids + T, c->max_seq);
            if (L < 1) {
                if (b->error && b->error_cap) snprintf(b->error, b->error_cap, "cuda: text %d could not be tokenized", i);
                return EB_INVALID_INPUT;
            }
        }
        s->lens[n++] = L;
        T += L;
    }
    eb__cuda_seal(c, h, T, s->lens, n);
    *next = i; *T_out = T; *n_out = n;
    return EB_OK;
}

/* Waits for a slot to drain after a failure, so its buffers are free for the next batch. */
EB__FN void eb__cuda_drain(eb__cuda *c, eb__cuda_slot *s) {
    eb__cu_event ev = s->done[0];
    if (eb__load(&c->dead, EB__ACQUIRE)) return;
    if (c->cu.EventRecord(ev, s->stream) == EB__CU_SUCCESS) {
        eb__cu_result r = eb__cuda_wait(c, ev);
        if (r) eb__cuda_batch_fail(c, r, "draining the stream", NULL, 0);
    }
}

EB__FN eb_status eb__cuda_embed(void *self, const eb_batch *b, float *out) {
    eb__cuda *c = (eb__cuda *)self;
    eb__cuda_slot *s;
    eb_status st = EB_OK;
    eb__cu_result r = EB__CU_SUCCESS;
    eb__cu_context popped;
    const char *what = "";
    int next = 0, pass = 0, k;
    int pend_first[2] = {0, 0}, pend_n[2] = {0, 0}, pend[2] = {0, 0};
    if (b->n <= 0) return EB_OK;
    if (eb__load(&c->dead, EB__ACQUIRE)) {
        if (b->error && b->error_cap) snprintf(b->error, b->error_cap, "%s", c->dead_msg);
        return EB_BACKEND_ERROR;
    }
    s = &c->slots[(b->slot >= 0 ? b->slot : 0) % c->n_slots];
    eb__mutex_lock(&s->lock);
    if ((r = c->cu.CtxPushCurrent(c->ctx))) {
        eb__mutex_unlock(&s->lock);
        return eb__cuda_batch_fail(c, r, "cuCtxPushCurrent", b->error, b->error_cap);
    }
    while (next < b->n || pend[0] || pend[1]) {
        int buf = pass & 1;
        if (pend[buf]) {   /* this buffer's previous pass: wait, then copy its rows out */
            if ((r = eb__cuda_wait(c, s->done[buf]))) { what = "waiting for a pass"; break; }
            for (k = 0; k < pend_n[buf]; k++)
                memcpy(out + (size_t)(pend_first[buf] + k) * (size_t)b->dim,
                       s->h_out[buf] + (size_t)k * (size_t)c->dim, (size_t)EB__MIN(b->dim, c->dim) * sizeof(float));
            pend[buf] = 0;
        }
        if (next < b->n) {
            int first = next, T, n;
            if ((st = eb__cuda_pack(c, s, buf, b, &next, &T, &n)) != EB_OK) break;
            if ((r = eb__cuda_enqueue(c, s, buf, T, n, &what))) break;
            pend[buf] = 1; pend_first[buf] = first; pend_n[buf] = n;
        }
        pass++;
    }
    if (st == EB_OK && r) st = eb__cuda_batch_fail(c, r, what, b->error, b->error_cap);
    if (st != EB_OK && (pend[0] || pend[1])) eb__cuda_drain(c, s);
    c->cu.CtxPopCurrent(&popped);
    eb__mutex_unlock(&s->lock);
    return st;
}

/* After a timed-out wait the GPU may still be running (or stuck in) our work: freeing its
   memory could block in the driver, so a hung backend leaks its device side instead. */
EB__FN void eb__cuda_free(eb__cuda *c) {
    int i, j;
    eb__cu_context popped;
    int hung = eb__load(&c->hung, EB__ACQUIRE);
    int pushed = !hung && c->ctx && c->cu.CtxPushCurrent && c->cu.CtxPushCurrent(c->ctx) == EB__CU_SUCCESS;
    if (c->slots) {
        for (i = 0; i < c->n_slots; i++) {
            eb__cuda_slot *s = &c->slots[i];
            if (s->stream && pushed && !eb__load(&c->dead, EB__ACQUIRE) && s->done[0]) eb__cuda_drain(c, s);
            if (pushed) {
                for (j = 0; j < EB__CUDA_MAX_BUCKETS; j++)
                    if (s->graph[j]) c->cu.GraphExecDestroy(s->graph[j]);
                for (j = 0; j < 2; j++) {
                    if (s->done[j]) c->cu.EventDestroy(s->done[j]);
                    if (s->h_in[j]) c->cu.MemFreeHost(s->h_in[j]);
                    if (s->h_out[j]) c->cu.MemFreeHost(s->h_out[j]);
                }
                if (s->d_in) c->cu.MemFree(s->d_in);
                if (s->stream) c->cu.StreamDestroy(s->stream);
            }
            if (s->lens) eb__free(&c->alloc, s->lens, (size_t)c->n_cap * sizeof(int));
            if (s->lock_ok) eb__mutex_destroy(&s->lock);
        }
        eb__free(&c->alloc, c->slots, (size_t)c->n_slots * sizeof *c->slots);
    }
    if (pushed) {
        if (c->d_weights) c->cu.MemFree(c->d_weights);
        if (c->mod) c->cu.ModuleUnload(c->mod);
        c->cu.CtxPopCurrent(&popped);
    }
    if (c->layer) eb__free(&c->alloc, c->layer, (size_t)c->layers * sizeof *c->layer);
    if (c->ctx_retained && !hung) c->cu.PrimaryCtxRelease(c->dev);
    if (c->model_open) eb__model_close(&c->model);
    if (!hung) eb__cu_unload(&c->cu);
    {
        eb_allocator a = c->alloc;
        eb__free(&a, c, sizeof *c);
    }
}

EB__FN void eb__cuda_destroy(void *self) { eb__cuda_free((eb__cuda *)self); }

static const eb_backend_vt eb__cuda_vt = { eb__cuda_info, eb__cuda_tokenize, eb__cuda_embed, eb__cuda_destroy };

/* ---- creation ------------------------------------------------------------------------------ */
EB__FN eb_status eb__cuda_open_device(eb__cuda *c) {
    eb__cu_result r;
    int count = 0, ver = 0;
    char dname[96];
    eb_status s;
    if ((s = eb__cu_load(&c->cu, c->d.driver_lib)) != EB_OK) return s;
    if ((r = c->cu.Init(0))) return eb__cuda_create_fail(c, r, "cuInit (no usable GPU or driver)");
    c->cu.DriverGetVersion(&ver);
    if ((r = c->cu.DeviceGetCount(&count))) return eb__cuda_create_fail(c, r, "cuDeviceGetCount");
    if (c->d.device >= count)
        return eb__fail(EB_UNAVAILABLE, "cuda: device %d requested, %d present", c->d.device, count);
    if ((r = c->cu.DeviceGet(&c->dev, c->d.device))) return eb__cuda_create_fail(c, r, "cuDeviceGet");
    if ((r = c->cu.DeviceGetAttribute(&c->cc_major, EB__CU_ATTR_CC_MAJOR, c->dev)) ||
        (r = c->cu.DeviceGetAttribute(&c->cc_minor, EB__CU_ATTR_CC_MINOR, c->dev)) ||
        (r = c->cu.DeviceGetAttribute(&c->sms, EB__CU_ATTR_SM_COUNT, c->dev)))
        return eb__cuda_create_fail(c, r, "cuDeviceGetAttribute");
    if (c->cu.DeviceGetName(dname, (int)sizeof dname, c->dev)) snprintf(dname, sizeof dname, "?");
    dname[sizeof dname - 1] = 0;
    if (c->cc_major < 8)
        return eb__fail(EB_UNAVAILABLE, "cuda: %s has compute capability %d.%d; the kernels need 8.0 (Ampere) or newer",
                        dname, c->cc_major, c->cc_minor);
    snprintf(c->name, sizeof c->name, "cuda:%d %s sm_%d%d fp16", c->d.device, dname, c->cc_major, c->cc_minor);
    if ((r = c->cu.PrimaryCtxRetain(&c->ctx, c->dev))) return eb__cuda_create_fail(c, r, "cuDevicePrimaryCtxRetain");
    c->ctx_retained = 1;
    eb__log(&c->logger, EB_LOG_INFO, "cuda: %s, driver %d.%d, %d SMs", c->name, ver / 1000, (ver % 1000) / 10, c->sms);
    return EB_OK;
}

EB__FN eb_status eb__cuda_load_module(eb__cuda *c) {
    char errlog[4096], infolog[1024], e[96];
    int opt[4];
    void *val[4];
    int i, optin = 0;
    eb__cu_result r;
    int64_t t0 = eb__now_ns();
    errlog[0] = infolog[0] = 0;
    opt[0] = EB__CU_JIT_ERROR_LOG; val[0] = errlog;
    opt[1] = EB__CU_JIT_ERROR_LOG_SIZE; val[1] = (void *)(uintptr_t)sizeof errlog;
    opt[2] = EB__CU_JIT_INFO_LOG; val[2] = infolog;
    opt[3] = EB__CU_JIT_INFO_LOG_SIZE; val[3] = (void *)(uintptr_t)sizeof infolog;
    if ((r = c->cu.ModuleLoadDataEx(&c->mod, eb__cuda_ptx, 4, opt, val))) {
        errlog[sizeof errlog - 1] = 0;
        c->mod = NULL;
        return eb__fail(EB_UNAVAILABLE, "cuda: loading the PTX failed: %s %.300s", eb__cu_errname(&c->cu, r, e, sizeof e), errlog);
    }
    c->jit_ms = (double)(eb__now_ns() - t0) / 1e6;
    for (i = 0; i < EB__CK_COUNT; i++) {
        const char *name = eb__cuda_kernel_names[i];
        if (i == EB__CK_ATTN && c->head_dim == 64) name = "eb_attention_d64";
        if ((r = c->cu.ModuleGetFunction(&c->fn[i], c->mod, name))) return eb__cuda_create_fail(c, r, name);
    }
    if ((r = c->cu.DeviceGetAttribute(&optin, EB__CU_ATTR_SMEM_OPTIN, c->dev))) return eb__cuda_create_fail(c, r, "cuDeviceGetAttribute");
    if (optin < EB__CUDA_GEMM_BIG_SMEM)
        return eb__fail(EB_UNAVAILABLE, "cuda: the GPU offers %d bytes of shared memory per block; the GEMM needs %d", optin, EB__CUDA_GEMM_BIG_SMEM);
    /* variants past 48 KiB opt in; the 105-108 KiB ones only where the GPU has room
       (Ampere and Hopper datacenter parts; not the 99 KiB consumer ones) */
    for (i = 0; i < EB__GV_COUNT; i++) {
        int need = eb__cuda_gv[i][3];
        if (need > optin) continue;
        if (need > 48 * 1024 && c->cu.FuncSetAttribute(c->fn[i], EB__CU_FUNC_MAX_DYN_SMEM, need) != EB__CU_SUCCESS) {
            if (i == EB__GV_BIG) return eb__fail(EB_UNAVAILABLE, "cuda: cuFuncSetAttribute failed for the GEMM");
            continue;
        }
        c->gv_ok |= 1u << i;
    }
    c->fuse_ln = c->H == 384 && (c->gv_ok >> EB__GV_FUSED & 1);
    if (!c->fuse_ln) c->gv_ok &= ~(1u << EB__GV_FUSED);
    return EB_OK;
}

/* Checks the model against what the kernels handle. */
EB__FN eb_status eb__cuda_check_model(eb__cuda *c) {
    const eb__bert_config *m = &c->model.cfg;
    c->H = m->hidden; c->F = m->ffn; c->heads = m->n_heads; c->layers = m->n_layers; c->vocab = m->vocab;
    c->head_dim = m->hidden / m->n_heads;
    c->dim = m->hidden;
    c->max_seq = c->model.max_seq_len;
    c->eps = m->ln_eps > 0 ? m->ln_eps : 1e-12f;
    c->scale_log2 = (float)(1.4426950408889634 / sqrt((double)c->head_dim));
    if (c->H % 128 || c->H > 1024)
        return eb__fail(EB_UNAVAILABLE, "cuda: hidden size %d is not supported (a multiple of 128 up to 1024)", c->H);
    if (c->head_dim != 32 && c->head_dim != 64)
        return eb__fail(EB_UNAVAILABLE, "cuda: head size %d is not supported (32 or 64)", c->head_dim);
    if (c->F % 128)
        return eb__fail(EB_UNAVAILABLE, "cuda: intermediate size %d is not supported (a multiple of 128)", c->F);
    if (c->max_seq > c->model.cfg.max_pos) c->max_seq = c->model.cfg.max_pos;
    return EB_OK;
}

typedef struct eb__cuda_upload {
    eb__cuda *c;
    eb__cu_stream st;
    float *host;                  /* fp32 scratch: the largest tensor */
    size_t host_floats;
    eb__cu_ptr stage;             /* device fp32 staging for fp16 conversion */
} eb__cuda_upload;

/* One tensor by HF name into dst: fp16 (half = 1) or fp32; rows [row0, row0+rows) only
   when rows > 0 (token type 0 of the type table). */
EB__FN eb_status eb__cuda_put(eb__cuda_upload *u, const char *name, int64_t d0, int64_t d1, int half, eb__cu_ptr dst,
                              int64_t rows) {
    eb__cuda *c = u->c;
    int64_t shape[2];
    size_t n;
    eb__cu_result r;
    eb_status s;
    shape[0] = d0; shape[1] = d1;
    n = (size_t)d0 * (size_t)(d1 > 0 ? d1 : 1);
    if (n > u->host_floats) return eb__fail(EB_FORMAT_ERROR, "cuda: tensor %s is larger than expected", name);
    if ((s = eb__model_tensor(&c->model, name, shape, d1 > 0 ? 2 : 1, u->host)) != EB_OK) return s;
    if (rows > 0) n = (size_t)rows * (size_t)d1;
    if (half) {
        void *args[3];
        unsigned long long nn = n;
        if ((r = c->cu.MemcpyHtoDAsync(u->stage, u->host, n * sizeof(float), u->st))) return eb__cuda_create_fail(c, r, "uploading weights");
        args[0] = &u->stage; args[1] = &dst; args[2] = &nn;
        if ((r = eb__cuda_launch(c, EB__CK_F2H, (unsigned)EB__MIN((n + 255) / 256, (size_t)4096), 1, 256, 0, u->st, args)))
            return eb__cuda_create_fail(c, r, "converting weights");
    } else if ((r = c->cu.MemcpyHtoDAsync(dst, u->host, n * sizeof(float), u->st))) {
        return eb__cuda_create_fail(c, r, "uploading weights");
    }
    /* the host scratch is reused by the next tensor: wait for this one's copy */
    if ((r = c->cu.EventRecord(c->slots[0].done[0], u->st)) || (r = eb__cuda_wait(c, c->slots[0].done[0])))
        return eb__cuda_create_fail(c, r, "uploading weights");
    return EB_OK;
}

EB__FN size_t eb__cuda_align(size_t x) { return (x + 255) & ~(size_t)255; }

EB__FN eb_status eb__cuda_load_weights(eb__cuda *c) {
    const size_t H = (size_t)c->H, F = (size_t)c->F, H3 = 3 * H;
    const size_t per_layer = eb__cuda_align(H3 * H * 2) + eb__cuda_align(H * H * 2) + 2 * eb__cuda_align(F * H * 2) +
                             eb__cuda_align(H3 * 4) + 7 * eb__cuda_align(H * 4) + eb__cuda_align(F * 4);
    const size_t max_pos = (size_t)c->model.cfg.max_pos, tv = (size_t)c->model.cfg.type_vocab;
    size_t off = 0, largest;
    eb__cuda_upload u;
    eb__cu_result r;
    eb_status s = EB_OK;
    int l;
    char nm[160];
    c->weights_bytes = eb__cuda_align((size_t)c->vocab * H * 2) + eb__cuda_align(max_pos * H * 2) + eb__cuda_align(H * 2) +
                       2 * eb__cuda_align(H * 4) + (size_t)c->layers * per_layer;
    if ((r = c->cu.MemAlloc(&c->d_weights, c->weights_bytes))) { c->d_weights = 0; return eb__cuda_create_fail(c, r, "allocating weights"); }
    c->device_bytes += c->weights_bytes;
    c->layer = (eb__cuda_layer *)eb__alloc_zero(&c->alloc, (size_t)c->layers * sizeof *c->layer, 16);
    if (!c->layer) return eb__fail(EB_NOMEM, "cuda: out of memory");
#define EB__CUDA_TAKE(field, bytes) do { field = c->d_weights + off; off += eb__cuda_align(bytes); } while (0)
    EB__CUDA_TAKE(c->word, (size_t)c->vocab * H * 2);
    EB__CUDA_TAKE(c->pos, max_pos * H * 2);
    EB__CUDA_TAKE(c->type0, H * 2);
    EB__CUDA_TAKE(c->emb_g, H * 4);
    EB__CUDA_TAKE(c->emb_b, H * 4);
    for (l = 0; l < c->layers; l++) {
        eb__cuda_layer *L = &c->layer[l];
        EB__CUDA_TAKE(L->wqkv, H3 * H * 2); EB__CUDA_TAKE(L->wo, H * H * 2);
        EB__CUDA_TAKE(L->wi, F * H * 2); EB__CUDA_TAKE(L->w2, F * H * 2);
        EB__CUDA_TAKE(L->bqkv, H3 * 4); EB__CUDA_TAKE(L->bo, H * 4); EB__CUDA_TAKE(L->bi, F * 4); EB__CUDA_TAKE(L->b2, H * 4);
        EB__CUDA_TAKE(L->ln1g, H * 4); EB__CUDA_TAKE(L->ln1b, H * 4); EB__CUDA_TAKE(L->ln2g, H * 4); EB__CUDA_TAKE(L->ln2b, H * 4);
    }
#undef EB__CUDA_TAKE
    largest = EB__MAX(EB__MAX((size_t)c->vocab * H, max_pos * H), EB__MAX(tv * H, EB__MAX(F * H, H * H)));
    memset(&u, 0, sizeof u);
    u.c = c;
    u.st = c->slots[0].stream;
    u.host_floats = largest;
    u.host = (float *)eb__alloc(&c->alloc, largest * sizeof(float), 64);
    if (!u.host) return eb__fail(EB_NOMEM, "cuda: out of memory for the weight staging buffer");
    if ((r = c->cu.MemAlloc(&u.stage, largest * sizeof(float)))) {
        eb__free(&c->alloc, u.host, largest * sizeof(float));
        return eb__cuda_create_fail(c, r, "allocating the weight staging buffer");
    }
#define EB__CUDA_PUT(name, d0, d1, half, dst) \
    if (s == EB_OK) s = eb__cuda_put(&u, name, (int64_t)(d0), (int64_t)(d1), half, dst, 0)
    EB__CUDA_PUT("embeddings.word_embeddings.weight", c->vocab, H, 1, c->word);
    EB__CUDA_PUT("embeddings.position_embeddings.weight", max_pos, H, 1, c->pos);
    if (s == EB_OK) s = eb__cuda_put(&u, "embeddings.token_type_embeddings.weight", (int64_t)tv, (int64_t)H, 1, c->type0, 1);
    EB__CUDA_PUT("embeddings.LayerNorm.weight", H, 0, 0, c->emb_g);
    EB__CUDA_PUT("embeddings.LayerNorm.bias", H, 0, 0, c->emb_b);
    for (l = 0; l < c->layers && s == EB_OK; l++) {
        const eb__cuda_layer *L = &c->layer[l];
        static const char *const qkv[3] = {"query", "key", "value"};
        int j;
        for (j = 0; j < 3; j++) {
            snprintf(nm, sizeof nm, "encoder.layer.%d.attention.self.%s.weight", l, qkv[j]);
            EB__CUDA_PUT(nm, H, H, 1, L->wqkv + (eb__cu_ptr)(j * H * H * 2));
            snprintf(nm, sizeof nm, "encoder.layer.%d.attention.self.%s.bias", l, qkv[j]);
            EB__CUDA_PUT(nm, H, 0, 0, L->bqkv + (eb__cu_ptr)(j * H * 4));
        }
        snprintf(nm, sizeof nm, "encoder.layer.%d.attention.output.dense.weight", l); EB__CUDA_PUT(nm, H, H, 1, L->wo);
        snprintf(nm, sizeof nm, "encoder.layer.%d.attention.output.dense.bias", l); EB__CUDA_PUT(nm, H, 0, 0, L->bo);
        snprintf(nm, sizeof nm, "encoder.layer.%d.attention.output.LayerNorm.weight", l); EB__CUDA_PUT(nm, H, 0, 0, L->ln1g);
        snprintf(nm, sizeof nm, "encoder.layer.%d.attention.output.LayerNorm.bias", l); EB__CUDA_PUT(nm, H, 0, 0, L->ln1b);
        snprintf(nm, sizeof nm, "encoder.layer.%d.intermediate.dense.weight", l); EB__CUDA_PUT(nm, F, H, 1, L->wi);
        snprintf(nm, sizeof nm, "encoder.layer.%d.intermediate.dense.bias", l); EB__CUDA_PUT(nm, F, 0, 0, L->bi);
        snprintf(nm, sizeof nm, "encoder.layer.%d.output.dense.weight", l); EB__CUDA_PUT(nm, H, F, 1, L->w2);
        snprintf(nm, sizeof nm, "encoder.layer.%d.output.dense.bias", l); EB__CUDA_PUT(nm, H, 0, 0, L->b2);
        snprintf(nm, sizeof nm, "encoder.layer.%d.output.LayerNorm.weight", l); EB__CUDA_PUT(nm, H, 0, 0, L->ln2g);
        snprintf(nm, sizeof nm, "encoder.layer.%d.output.LayerNorm.bias", l); EB__CUDA_PUT(nm, H, 0, 0, L->ln2b);
    }
#undef EB__CUDA_PUT
    c->cu.MemFree(u.stage);
    eb__free(&c->alloc, u.host, largest * sizeof(float));
    return s;
}

EB__FN eb_status eb__cuda_make_slots(eb__cuda *c) {
    const size_t T = (size_t)c->t_cap, H = (size_t)c->H;
    const size_t in_bytes = eb__cuda_align((size_t)(EB__CUDA_IN_HEAD + c->t_cap + c->n_cap + 1 + 2 * c->task_cap) * 4);
    const size_t out_bytes = (size_t)c->n_cap * H * 4;
    size_t sizes[8], total = 0;
    eb__cu_result r;
    int i, j, k;
    sizes[0] = in_bytes;
    sizes[1] = eb__cuda_align(T * H * 2);            /* x */
    sizes[2] = eb__cuda_align(T * 3 * H * 2);        /* qkv */
    sizes[3] = sizes[1];                             /* ctx */
    sizes[4] = eb__cuda_align(T * H * 4);            /* tmp: fp32 pre-LN sums */
    sizes[5] = sizes[1];                             /* a */
    sizes[6] = eb__cuda_align(T * (size_t)c->F * 2); /* ffn */
    sizes[7] = eb__cuda_align(out_bytes);            /* out */
    for (k = 0; k < 8; k++) total += sizes[k];
    c->slots = (eb__cuda_slot *)eb__alloc_zero(&c->alloc, (size_t)c->n_slots * sizeof *c->slots, 64);
    if (!c->slots) return eb__fail(EB_NOMEM, "cuda: out of memory");
    for (i = 0; i < c->n_slots; i++) {
        eb__cuda_slot *s = &c->slots[i];
        eb__cu_ptr p;
        if (eb__mutex_init(&s->lock) != 0) return eb__fail(EB_NOMEM, "cuda: mutex init failed");
        s->lock_ok = 1;
        s->lens = (int *)eb__alloc(&c->alloc, (size_t)c->n_cap * sizeof(int), 64);
        if (!s->lens) return eb__fail(EB_NOMEM, "cuda: out of memory");
        if ((r = c->cu.StreamCreate(&s->stream, EB__CU_STREAM_NON_BLOCKING))) { s->stream = NULL; return eb__cuda_create_fail(c, r, "cuStreamCreate"); }
        for (j = 0; j < 2; j++) {
            void *hp = NULL;
            if ((r = c->cu.EventCreate(&s->done[j], EB__CU_EVENT_DISABLE_TIMING))) { s->done[j] = NULL; return eb__cuda_create_fail(c, r, "cuEventCreate"); }
            if ((r = c->cu.MemHostAlloc(&hp, in_bytes, 0))) return eb__cuda_create_fail(c, r, "cuMemHostAlloc");
            s->h_in[j] = (int32_t *)hp;
            hp = NULL;
            if ((r = c->cu.MemHostAlloc(&hp, out_bytes, 0))) return eb__cuda_create_fail(c, r, "cuMemHostAlloc");
            s->h_out[j] = (float *)hp;
            c->pinned_bytes += in_bytes + out_bytes;
        }
        if ((r = c->cu.MemAlloc(&p, total))) return eb__cuda_create_fail(c, r, "allocating activation buffers");
        c->device_bytes += total;
        s->d_in = p; p += sizes[0];
        s->d_x = p; p += sizes[1];
        s->d_qkv = p; p += sizes[2];
        s->d_ctx = p; p += sizes[3];
        s->d_tmp = p; p += sizes[4];
        s->d_a = p; p += sizes[5];
        s->d_ffn = p; p += sizes[6];
        s->d_out = p;
    }
    return EB_OK;
}

/* Times every usable GEMM variant for each GEMM of a layer at each token bucket, on slot 0
   with stand-in activations, and keeps the fastest. All variants give the same bits, so the
   choice changes speed only. Any failure keeps the size heuristic. */
EB__FN void eb__cuda_autotune(eb__cuda *c) {
    eb__cuda_slot *s = &c->slots[0];
    const eb__cuda_layer *L = &c->layer[0];
    eb__cu_event e0 = NULL, e1 = NULL;
    const size_t T = (size_t)c->t_cap, H = (size_t)c->H;
    int b, sh, v, rep, ok = 1;
    if (c->cu.EventCreate(&e0, 0) || c->cu.EventCreate(&e1, 0)) ok = 0;
    /* 0x3C00 = 1.0 in fp16: finite sums everywhere, not zeros */
    if (ok && (c->cu.MemsetD32Async(s->d_x, 0x3C003C00u, T * H / 2, s->stream) ||
               c->cu.MemsetD32Async(s->d_ctx, 0x3C003C00u, T * H / 2, s->stream) ||
               c->cu.MemsetD32Async(s->d_a, 0x3C003C00u, T * H / 2, s->stream) ||
               c->cu.MemsetD32Async(s->d_ffn, 0x3C003C00u, T * (size_t)c->F / 2, s->stream)))
        ok = 0;
    /* ~2 ms of the largest QKV GEMM first, so the clocks are up before anything is timed;
       then buckets largest first */
    if (ok) {
        int32_t *h = s->h_in[0];
        h[0] = c->t_cap; h[1] = 1; h[2] = 0; h[3] = 0;
        if (c->cu.MemcpyHtoDAsync(s->d_in, h, 16, s->stream)) ok = 0;
        for (rep = 0; rep < 24 && ok; rep++)
            if (eb__cuda_gemm(c, s, EB__GV_BIG, c->t_cap, s->d_x, L->wqkv, L->bqkv, 0, s->d_qkv, 3 * c->H, c->H, 0)) ok = 0;
        if (ok && eb__cuda_wait_stream(c, s)) ok = 0;
    }
    for (b = c->n_buckets - 1; b >= 0 && ok; b--) {
        int32_t *h = s->h_in[0];
        const int Tg = c->bucket[b];
        h[0] = Tg; h[1] = 1; h[2] = 0; h[3] = 0;
        if (c->cu.MemcpyHtoDAsync(s->d_in, h, 16, s->stream) || eb__cuda_wait_stream(c, s)) { ok = 0; break; }
        for (sh = 0; sh < EB__SH_COUNT && ok; sh++) {
            const int N = sh == EB__SH_QKV ? 3 * c->H : sh == EB__SH_UP ? c->F : c->H, K = sh == EB__SH_DOWN ? c->F : c->H;
            const eb__cu_ptr A = sh == EB__SH_QKV ? s->d_x : sh == EB__SH_OUT ? s->d_ctx : sh == EB__SH_UP ? s->d_a : s->d_ffn;
            const eb__cu_ptr W = sh == EB__SH_QKV ? L->wqkv : sh == EB__SH_OUT ? L->wo : sh == EB__SH_UP ? L->wi : L->w2;
            const eb__cu_ptr bias = sh == EB__SH_QKV ? L->bqkv : sh == EB__SH_OUT ? L->bo : sh == EB__SH_UP ? L->bi : L->b2;
            const int res = sh == EB__SH_OUT || sh == EB__SH_DOWN;
            float best = 1e30f;
            int best_v = -1;
            for (v = 0; v < EB__GV_COUNT; v++) {
                float ms = 0;
                eb__cu_result r = EB__CU_SUCCESS;
                if (!(c->gv_ok >> v & 1) || (v == EB__GV_FUSED && !res) || N % eb__cuda_gv[v][1]) continue;
                for (rep = 0; rep < 4 && !r; rep++) {   /* one warm-up launch, then three timed */
                    if (rep == 1) r = c->cu.EventRecord(e0, s->stream);
                    if (r) break;
                    if (res) r = eb__cuda_gemm_res_ln(c, s, v, Tg, A, W, bias, s->d_x, L->ln1g, L->ln1b, s->d_a, K, NULL);
                    else r = eb__cuda_gemm(c, s, v, Tg, A, W, bias, 0, sh == EB__SH_UP ? s->d_ffn : s->d_qkv, N, K, sh == EB__SH_UP);
                }
                if (!r) r = c->cu.EventRecord(e1, s->stream);
                if (!r) r = eb__cuda_wait(c, e1);
                if (!r) r = c->cu.EventElapsedTime(&ms, e0, e1);
                if (r) { if (eb__cu_sticky(r)) ok = 0; continue; }
                if (ms < best) { best = ms; best_v = v; }
            }
            if (best_v < 0) ok = 0;
            else c->tune[sh][b] = (unsigned char)best_v;
        }
    }
    if (e0) c->cu.EventDestroy(e0);
    if (e1) c->cu.EventDestroy(e1);
    c->tuned = ok;
    if (!ok) eb__log(&c->logger, EB_LOG_WARN, "cuda: GEMM autotuning failed; using size rules");
}

/* One graph per slot and token bucket. Any failure turns graphs off (plain launches). */
EB__FN void eb__cuda_make_graphs(eb__cuda *c) {
    int i, b, ok = 1;
    eb__cu_result r = EB__CU_SUCCESS;
    const char *what = "";
    char e[96];
    if (c->d.no_graphs) return;
    if (!c->cu.StreamBeginCapture || !c->cu.StreamEndCapture || !c->cu.GraphInstantiate || !c->cu.GraphLaunch ||
        !c->cu.GraphExecDestroy || !c->cu.GraphDestroy) {
        eb__log(&c->logger, EB_LOG_WARN, "cuda: the driver has no graph API; using plain launches");
        return;
    }
    for (i = 0; i < c->n_slots && ok; i++) {
        eb__cuda_slot *s = &c->slots[i];
        for (b = 0; b < c->n_buckets && ok; b++) {
            eb__cu_graph g = NULL;
            eb__cu_result fr;
            what = "cuStreamBeginCapture";
            if ((r = c->cu.StreamBeginCapture(s->stream, EB__CU_CAPTURE_THREAD_LOCAL))) { ok = 0; break; }
            fr = eb__cuda_forward(c, s, c->bucket[b]);
            r = c->cu.StreamEndCapture(s->stream, &g);
            if (fr || r) { what = fr ? "capturing kernels" : "cuStreamEndCapture"; if (fr) r = fr; ok = 0; if (g) c->cu.GraphDestroy(g); break; }
            what = "cuGraphInstantiate";
            r = c->cu.GraphInstantiate(&s->graph[b], g, 0);
            c->cu.GraphDestroy(g);
            if (r) { s->graph[b] = NULL; ok = 0; }
        }
    }
    if (!ok) {
        for (i = 0; i < c->n_slots; i++)
            for (b = 0; b < EB__CUDA_MAX_BUCKETS; b++)
                if (c->slots[i].graph[b]) { c->cu.GraphExecDestroy(c->slots[i].graph[b]); c->slots[i].graph[b] = NULL; }
        eb__log(&c->logger, EB_LOG_WARN, "cuda: CUDA graphs unavailable (%s: %s); using plain launches", what, eb__cu_errname(&c->cu, r, e, sizeof e));
        return;
    }
    c->graphs = 1;
}

EB__DEF eb_status eb_backend_cuda(const eb_cuda_desc *desc, eb_backend **out) {
    eb__cuda *c;
    eb_allocator a;
    eb_status s;
    eb__cu_context popped;
    int pushed = 0, t;
    int64_t t0 = eb__now_ns();
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_cuda: out is NULL");
    *out = NULL;
    if (!desc || !desc->model_dir) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_cuda: desc->model_dir is required");
    if (desc->device < 0 || desc->streams < 0 || desc->streams > 64 || desc->max_batch_tokens < 0 ||
        desc->max_seq_len < 0 || desc->spin_us < 0 || desc->timeout_us < 0)
        return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_cuda: negative or out-of-range desc value");
    memset(&a, 0, sizeof a);
    a = desc->allocator;
    if (!eb__allocator_valid(&a)) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_cuda: allocator needs both alloc and free");
    c = (eb__cuda *)eb__alloc_zero(&a, sizeof *c, 64);
    if (!c) return eb__fail(EB_NOMEM, "eb_backend_cuda: out of memory");
    c->d = *desc;
    c->alloc = a;
    c->logger = desc->logger;
    if (!c->d.streams) c->d.streams = 4;
    if (!c->d.max_batch_tokens) c->d.max_batch_tokens = 16384;
    if (!c->d.spin_us) c->d.spin_us = 500;
    if (!c->d.timeout_us) c->d.timeout_us = 60 * 1000000LL;
    if (!c->d.driver_lib) c->d.driver_lib = "libcuda.so.1";
    c->n_slots = c->d.streams;

    if ((s = eb__cuda_open_device(c)) != EB_OK) goto fail;
    if ((s = eb__model_open(c->d.model_dir, c->d.max_seq_len, &c->alloc, &c->model)) != EB_OK) goto fail;
    c->model_open = 1;
    if ((s = eb__cuda_check_model(c)) != EB_OK) goto fail;
    c->t_cap = EB__MAX(c->d.max_batch_tokens, c->max_seq);
    c->t_cap = (c->t_cap + 63) & ~63;
    if (c->t_cap > (1 << 20)) { s = eb__fail(EB_INVALID_ARGUMENT, "eb_backend_cuda: max_batch_tokens above 1M"); goto fail; }
    c->n_cap = EB__MAX(1, EB__MIN(c->t_cap / 2, 4096));
    c->attn_block = c->head_dim == 32 ? 128 : 64;
    /* short sequences: ceil(heads / warps) tasks each; long: heads * ceil(L / rows) <= heads * (L / rows + 1) */
    c->task_cap = c->heads * (c->t_cap / (16 * (c->attn_block / 32)) + c->n_cap) + 16;
    for (t = EB__CUDA_MIN_BUCKET; c->n_buckets < EB__CUDA_MAX_BUCKETS - 1; t *= 2) {
        c->bucket[c->n_buckets++] = EB__MIN(t, c->t_cap);
        if (t >= c->t_cap) break;
    }
    if (c->cu.CtxPushCurrent(c->ctx)) { s = eb__fail(EB_UNAVAILABLE, "cuda: cuCtxPushCurrent failed"); goto fail; }
    pushed = 1;
    c->gemm_big_min_blocks = 2 * c->sms;
    if ((s = eb__cuda_load_module(c)) != EB_OK) goto fail;
    if ((s = eb__cuda_make_slots(c)) != EB_OK) goto fail;
    if ((s = eb__cuda_load_weights(c)) != EB_OK) goto fail;
    if (!c->d.no_autotune) eb__cuda_autotune(c);
    eb__cuda_make_graphs(c);
    c->cu.CtxPopCurrent(&popped);
    pushed = 0;
    c->create_ms = (double)(eb__now_ns() - t0) / 1e6;
    eb__log(&c->logger, EB_LOG_INFO,
            "cuda: ready in %.0f ms (PTX JIT %.0f ms): %d layers, %d streams x %d tokens a pass, %.0f MiB device, %.0f MiB pinned, graphs %s",
            c->create_ms, c->jit_ms, c->layers, c->n_slots, c->t_cap, (double)c->device_bytes / 1048576.0,
            (double)c->pinned_bytes / 1048576.0, c->graphs ? "on" : "off");
    if ((s = eb_backend_create(&eb__cuda_vt, c, out)) != EB_OK) goto fail;
    return EB_OK;
fail:
    {
        char msg[512];
        snprintf(msg, sizeof msg, "%.500s", eb_last_error());
        if (pushed) c->cu.CtxPopCurrent(&popped);
        eb__cuda_free(c);
        return eb__fail(s, "%s", msg);
    }
}

#else /* !EMBEDBATCH_CUDA */

EB__DEF eb_status eb_backend_cuda(const eb_cuda_desc *desc, eb_backend **out) {
    (void)desc;
    if (out) *out = NULL;
    return eb__fail(EB_UNAVAILABLE, "eb_backend_cuda: built without EMBEDBATCH_CUDA");
}

#endif /* EMBEDBATCH_CUDA */

/* ---- eb_backend_auto: CUDA when it works here, else the CPU backend ------------------------ */
EB__DEF eb_status eb_backend_auto(const eb_auto_desc *desc, eb_backend **out) {
    eb_auto_desc d;
    char why[400];
    eb_status s;
    if (!out) return eb__fail(EB_INVALID_ARGUMENT, "eb_backend_auto: out is NULL");
    *out = NULL;
    if (desc) d = *desc;
    else memset(&d, 0, sizeof d);
    if (!d.cuda.model_dir) d.cuda.model_dir = d.model_dir;
    if (!d.cpu.model_dir) d.cpu.model_dir = d.model_dir;
    if (!d.cuda.logger.func) d.cuda.logger = d.logger;
    if (d.no_cuda) {
        snprintf(why, sizeof why, "disabled by eb_auto_desc.no_cuda");
    } else {
        s = eb_backend_cuda(&d.cuda, out);
        if (s == EB_OK) return EB_OK;
        snprintf(why, sizeof why, "%.390s", eb_last_error());
    }
    eb__log(&d.logger, EB_LOG_WARN, "eb_backend_auto: CUDA backend not used (%s); using the CPU backend", why);
    s = eb_backend_cpu(&d.cpu, out);
    if (s != EB_OK) {
        char cpu[256];
        snprintf(cpu, sizeof cpu, "%.250s", eb_last_error());
        return eb__fail(s, "eb_backend_auto: CUDA: %s; CPU: %s", why, cpu);
    }
    eb__fail(EB_OK, "eb_backend_auto: CUDA not used (%s); using the CPU backend", why);
    return EB_OK;
}
