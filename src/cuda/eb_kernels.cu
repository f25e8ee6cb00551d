/* embedbatch.h CUDA kernels: the BERT encoder forward over packed (ragged) batches.
 *
 * Compiled to PTX by tools/gen_ptx (nvcc -ptx -arch=compute_80) and shipped as text in
 * src/eb_cuda_ptx.h; the driver JIT-compiles it for the GPU at hand (sm_80 and later).
 * No CUDA runtime calls here: the host side is the driver API in eb_backend_cuda.h.
 *
 * Shapes: T tokens of n sequences packed back to back. One int32 input block per batch,
 * uploaded in one copy: in[0] = T, in[1] = n, in[2..3] = 0, ids = in + 4 (T of them),
 * cu = in + 4 + T (n + 1 offsets; sequence s is rows cu[s] .. cu[s+1]-1). Kernels read T
 * and n from that block, so a CUDA graph captured with grids that cover T_max tokens
 * replays for any T <= T_max: blocks past the live rows return at once.
 *
 * Activations are fp16 row-major [T][width]; weights fp16 in PyTorch Linear layout
 * [out][in]; biases and layer-norm parameters fp32; every accumulation in fp32.
 */
#include <cuda_fp16.h>
#include <stdint.h>

#define EBK_EXTERN extern "C" __global__

/* ---- small helpers ------------------------------------------------------------------ */
__device__ __forceinline__ float ebk_warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ uint32_t ebk_pack_half2(float a, float b) {
    __half2 h = __floats2half2_rn(a, b);
    return *reinterpret_cast<uint32_t *>(&h);
}

__device__ __forceinline__ float ebk_gelu(float x) {  /* exact (erf) GELU, as BERT's "gelu" */
    return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f));
}

__device__ __forceinline__ uint32_t ebk_smem_addr(const void *p) {
    return (uint32_t)__cvta_generic_to_shared(p);
}

__device__ __forceinline__ void ebk_cp_async16(void *smem, const void *gmem, bool valid) {
    /* src-size 0 zero-fills the 16 bytes: rows past T read as zeros */
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n"
                 :: "r"(ebk_smem_addr(smem)), "l"(gmem), "r"(valid ? 16 : 0));
}
__device__ __forceinline__ void ebk_cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }
template <int N> __device__ __forceinline__ void ebk_cp_async_wait() {
    asm volatile("cp.async.wait_group %0;\n" :: "n"(N));
}

__device__ __forceinline__ void ebk_ldmatrix_x4(uint32_t *r, const void *p) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(ebk_smem_addr(p)));
}
__device__ __forceinline__ void ebk_ldmatrix_x4_trans(uint32_t *r, const void *p) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(ebk_smem_addr(p)));
}

/* D += A(16x16, row) * B(16x8, col), fp16 in, fp32 accumulate */
__device__ __forceinline__ void ebk_mma16816(float *d, const uint32_t *a, const uint32_t *b) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

/* ---- layer norm over one row held by one warp (H = 128 * nc, nc <= 8) ----------------- */
#define EBK_LN_MAXC 8

__device__ __forceinline__ void ebk_ln_store(float (*v)[4], int nc, int H, int lane, float eps,
                                             const float *__restrict__ g, const float *__restrict__ b,
                                             __half *__restrict__ out) {
    float s = 0.f, q = 0.f, mean, rstd;
#pragma unroll
    for (int c = 0; c < EBK_LN_MAXC; c++)
        if (c < nc) s += v[c][0] + v[c][1] + v[c][2] + v[c][3];
    mean = ebk_warp_sum(s) / (float)H;
#pragma unroll
    for (int c = 0; c < EBK_LN_MAXC; c++)
        if (c < nc)
#pragma unroll
            for (int i = 0; i < 4; i++) { float d = v[c][i] - mean; q += d * d; }
    rstd = rsqrtf(ebk_warp_sum(q) / (float)H + eps);
#pragma unroll
    for (int c = 0; c < EBK_LN_MAXC; c++)
        if (c < nc) {
            int j = (c * 32 + lane) * 4;
            float4 gg = *reinterpret_cast<const float4 *>(g + j);
            float4 bb = *reinterpret_cast<const float4 *>(b + j);
            uint2 o;
            o.x = ebk_pack_half2((v[c][0] - mean) * rstd * gg.x + bb.x, (v[c][1] - mean) * rstd * gg.y + bb.y);
            o.y = ebk_pack_half2((v[c][2] - mean) * rstd * gg.z + bb.z, (v[c][3] - mean) * rstd * gg.w + bb.w);
            *reinterpret_cast<uint2 *>(out + j) = o;
        }
}

__device__ __forceinline__ void ebk_load4(float *v, const __half *p) {
    uint2 u = *reinterpret_cast<const uint2 *>(p);
    float2 a = __half22float2(*reinterpret_cast<__half2 *>(&u.x));
    float2 b = __half22float2(*reinterpret_cast<__half2 *>(&u.y));
    v[0] = a.x; v[1] = a.y; v[2] = b.x; v[3] = b.y;
}

/* x[t] = LN(word[id[t]] + posemb[pos(t)] + type0); one warp per token, 4 warps a block.
   pos(t) = t - cu[s] for the sequence s holding t (binary search over cu). */
EBK_EXTERN void __launch_bounds__(128) eb_embed_ln(
    const int *__restrict__ in, const __half *__restrict__ word, const __half *__restrict__ posemb, const __half *__restrict__ type0,
    const float *__restrict__ g, const float *__restrict__ b, __half *__restrict__ out, int H, float eps) {
    const int T = in[0], n = in[1];
    const int *ids = in + 4, *cu = in + 4 + T;
    int t = blockIdx.x * 4 + (threadIdx.x >> 5), lane = threadIdx.x & 31, nc = H >> 7;
    float v[EBK_LN_MAXC][4];
    if (t >= T) return;
    {
        int lo = 0, hi = n;  /* last s with cu[s] <= t */
        while (hi - lo > 1) {
            int mid = (lo + hi) >> 1;
            if (cu[mid] <= t) lo = mid; else hi = mid;
        }
        const __half *w = word + (size_t)ids[t] * H, *p = posemb + (size_t)(t - cu[lo]) * H;
#pragma unroll
        for (int c = 0; c < EBK_LN_MAXC; c++)
            if (c < nc) {
                int j = (c * 32 + lane) * 4;
                float a[4], bq[4], cq[4];
                ebk_load4(a, w + j); ebk_load4(bq, p + j); ebk_load4(cq, type0 + j);
#pragma unroll
                for (int i = 0; i < 4; i++) v[c][i] = a[i] + bq[i] + cq[i];
            }
    }
    ebk_ln_store(v, nc, H, lane, eps, g, b, out + (size_t)t * H);
}

/* out[t] = LN(x[t]) for the fp32 pre-LN sums the GEMM epilogue wrote (flag 4); one warp
   per row, 4 warps a block. Same arithmetic as the fused GEMM + LN epilogue, bit for bit. */
EBK_EXTERN void __launch_bounds__(128) eb_layernorm_f32(
    const int *__restrict__ in, const float *__restrict__ x, const float *__restrict__ g,
    const float *__restrict__ b, __half *__restrict__ out, int H, float eps) {
    const int T = in[0];
    int t = blockIdx.x * 4 + (threadIdx.x >> 5), lane = threadIdx.x & 31, nc = H >> 7;
    float v[EBK_LN_MAXC][4];
    if (t >= T) return;
#pragma unroll
    for (int c = 0; c < EBK_LN_MAXC; c++)
        if (c < nc) {
            float4 q = *reinterpret_cast<const float4 *>(x + (size_t)t * H + (c * 32 + lane) * 4);
            v[c][0] = q.x; v[c][1] = q.y; v[c][2] = q.z; v[c][3] = q.w;
        }
    ebk_ln_store(v, nc, H, lane, eps, g, b, out + (size_t)t * H);
}

/* ---- GEMM: C[M][N] = A[M][K] . B[N][K]^T + bias (+ GELU) (+ R) ------------------------
 * Tensor cores (mma.sync m16n8k16, fp32 accumulate), ldmatrix from padded shared tiles
 * (row stride BK+8 halves: the 8 row addresses of an ldmatrix hit distinct banks),
 * BK = 32 or 64 (every variant adds the k16 products in the same order: same bits),
 * cp.async multi-stage pipeline. M = in[0]; needs N % BN == 0 and K % BK == 0.
 * flags: 1 = GELU, 2 = add residual R[M][N] (after GELU; never both in BERT), 4 = store
 * fp32 (C is then float *: pre-LN sums for eb_layernorm_f32).
 * LN (BN == N, the whole row in one block): C = LayerNorm(A.B^T + bias + R) with gamma g,
 * beta be: the residual sum stays fp32 and never goes through memory. */
#define EBK_EPI_GELU 1
#define EBK_EPI_RES 2
#define EBK_EPI_F32 4

template <int BM, int BN, int BK, int WM, int WN, int STAGES, bool LN>
__device__ __forceinline__ void ebk_gemm(const int *__restrict__ in, const __half *__restrict__ A,
                                         const __half *__restrict__ B, const float *__restrict__ bias,
                                         const __half *__restrict__ R, __half *__restrict__ C,
                                         int N, int K, int flags, const float *__restrict__ g,
                                         const float *__restrict__ be, float eps) {
    constexpr int LDS = BK + 8;
    constexpr int WARPS_N = BN / WN, NT = (BM / WM) * WARPS_N * 32;
    constexpr int MI = WM / 16, NI = WN / 8;
    extern __shared__ __align__(16) unsigned char ebk_smem[];
    __half *As = reinterpret_cast<__half *>(ebk_smem);
    __half *Bs = As + STAGES * BM * LDS;
    const int M = in[0];
    const int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    const int wm0 = (warp / WARPS_N) * WM, wn0 = (warp % WARPS_N) * WN;
    const int KT = K / BK;
    float acc[MI][NI][4];
    if (m0 >= M) return;

#pragma unroll
    for (int i = 0; i < MI; i++)
#pragma unroll
        for (int j = 0; j < NI; j++)
#pragma unroll
            for (int r = 0; r < 4; r++) acc[i][j][r] = 0.f;

    auto load_stage = [&](int stage, int kt) {
        const int k0 = kt * BK;
        __half *as = As + stage * BM * LDS, *bs = Bs + stage * BN * LDS;
#pragma unroll
        for (int c = tid; c < BM * (BK / 8); c += NT) {
            int row = c / (BK / 8), col = (c % (BK / 8)) * 8;
            bool ok = m0 + row < M;
            const __half *src = A + (size_t)(ok ? m0 + row : 0) * K + k0 + col;
            ebk_cp_async16(as + row * LDS + col, src, ok);
        }
#pragma unroll
        for (int c = tid; c < BN * (BK / 8); c += NT) {
            int row = c / (BK / 8), col = (c % (BK / 8)) * 8;
            ebk_cp_async16(bs + row * LDS + col, B + (size_t)(n0 + row) * K + k0 + col, true);
        }
    };

#pragma unroll
    for (int s = 0; s < STAGES - 1; s++) {
        if (s < KT) load_stage(s, s);
        ebk_cp_async_commit();
    }

    for (int kt = 0; kt < KT; kt++) {
        ebk_cp_async_wait<STAGES - 2>();
        __syncthreads();
        {
            int nk = kt + STAGES - 1;
            if (nk < KT) load_stage(nk % STAGES, nk);
            ebk_cp_async_commit();
        }
        const __half *as = As + (kt % STAGES) * BM * LDS, *bs = Bs + (kt % STAGES) * BN * LDS;
#pragma unroll
        for (int kk = 0; kk < BK; kk += 16) {
            uint32_t af[MI][4], bf[NI][2];
            (void)bf;
#pragma unroll
            for (int i = 0; i < MI; i++)
                ebk_ldmatrix_x4(af[i], as + (wm0 + i * 16 + (lane & 15)) * LDS + kk + (lane >> 4) * 8);
            if constexpr (NI > 4) {
                /* wide warp tiles: B fragments a pair at a time keep the registers down */
#pragma unroll
                for (int j = 0; j < NI; j += 2) {
                    uint32_t r[4];
                    ebk_ldmatrix_x4(r, bs + (wn0 + j * 8 + (lane & 7) + (lane >> 4) * 8) * LDS + kk + ((lane >> 3) & 1) * 8);
#pragma unroll
                    for (int i = 0; i < MI; i++) {
                        ebk_mma16816(acc[i][j], af[i], r);
                        ebk_mma16816(acc[i][j + 1], af[i], r + 2);
                    }
                }
            } else {
#pragma unroll
                for (int j = 0; j < NI; j += 2) {
                    uint32_t r[4];
                    ebk_ldmatrix_x4(r, bs + (wn0 + j * 8 + (lane & 7) + (lane >> 4) * 8) * LDS + kk + ((lane >> 3) & 1) * 8);
                    bf[j][0] = r[0]; bf[j][1] = r[1]; bf[j + 1][0] = r[2]; bf[j + 1][1] = r[3];
                }
#pragma unroll
                for (int i = 0; i < MI; i++)
#pragma unroll
                    for (int j = 0; j < NI; j++) ebk_mma16816(acc[i][j], af[i], bf[j]);
            }
        }
    }
    ebk_cp_async_wait<0>();
    __syncthreads();  /* every warp is done with the pipeline's shared memory */

    /* epilogue: accumulators -> shared fp32 tile (row stride BN+8: the float2 stores of a
       half-warp hit distinct banks) -> bias, GELU, residual on 4-wide rows -> 8-byte stores */
    {
        constexpr int LDC = BN + 8;
        float *Cs = reinterpret_cast<float *>(ebk_smem);
        const int rows = M - m0 < BM ? M - m0 : BM;
#pragma unroll
        for (int i = 0; i < MI; i++)
#pragma unroll
            for (int j = 0; j < NI; j++)
#pragma unroll
                for (int h = 0; h < 2; h++)
                    *reinterpret_cast<float2 *>(Cs + (wm0 + i * 16 + (lane >> 2) + h * 8) * LDC + wn0 + j * 8 + (lane & 3) * 2) =
                        make_float2(acc[i][j][2 * h], acc[i][j][2 * h + 1]);
        __syncthreads();
        if constexpr (LN) {
            /* one warp per row: bias + residual + layer norm over all BN columns */
            for (int r = warp; r < rows; r += NT / 32) {
                float v[EBK_LN_MAXC][4];
#pragma unroll
                for (int c = 0; c < BN / 128; c++) {
                    const int j = (c * 32 + lane) * 4;
                    const float4 x = *reinterpret_cast<const float4 *>(Cs + r * LDC + j);
                    const float4 bb = *reinterpret_cast<const float4 *>(bias + j);
                    float rr[4];
                    ebk_load4(rr, R + (size_t)(m0 + r) * N + j);
                    v[c][0] = x.x + bb.x + rr[0]; v[c][1] = x.y + bb.y + rr[1];
                    v[c][2] = x.z + bb.z + rr[2]; v[c][3] = x.w + bb.w + rr[3];
                }
                ebk_ln_store(v, BN / 128, BN, lane, eps, g, be, C + (size_t)(m0 + r) * N);
            }
        } else {
#pragma unroll 2
        for (int c = tid; c < BM * (BN / 4); c += NT) {
            const int r = c / (BN / 4), col = (c % (BN / 4)) * 4;
            if (r >= rows) break;
            float4 v = *reinterpret_cast<const float4 *>(Cs + r * LDC + col);
            const float4 bb = *reinterpret_cast<const float4 *>(bias + n0 + col);
            const size_t off = (size_t)(m0 + r) * N + n0 + col;
            v.x += bb.x; v.y += bb.y; v.z += bb.z; v.w += bb.w;
            if (flags & EBK_EPI_GELU) { v.x = ebk_gelu(v.x); v.y = ebk_gelu(v.y); v.z = ebk_gelu(v.z); v.w = ebk_gelu(v.w); }
            if (flags & EBK_EPI_RES) {
                float rr[4];
                ebk_load4(rr, R + off);
                v.x += rr[0]; v.y += rr[1]; v.z += rr[2]; v.w += rr[3];
            }
            if (flags & EBK_EPI_F32) {
                *reinterpret_cast<float4 *>(reinterpret_cast<float *>(C) + off) = v;
                continue;
            }
            uint2 o;
            o.x = ebk_pack_half2(v.x, v.y);
            o.y = ebk_pack_half2(v.z, v.w);
            *reinterpret_cast<uint2 *>(C + off) = o;
        }
        }
    }
}

/* 128x128 tiles, 8 warps of 64x32: for large M. 4 stages = 80 KiB dynamic shared memory
   (the epilogue's 68 KiB fp32 tile reuses it). */
EBK_EXTERN void __launch_bounds__(256, 2) eb_gemm_128x128(
    const int *__restrict__ in, const __half *__restrict__ A, const __half *__restrict__ B,
    const float *__restrict__ bias, const __half *__restrict__ R, __half *__restrict__ C, int N, int K, int flags) {
    ebk_gemm<128, 128, 32, 64, 32, 4, false>(in, A, B, bias, R, C, N, K, flags, nullptr, nullptr, 0.f);
}

/* 128x128 tiles, BK = 64, 3 stages = 108 KiB: half the barriers per k. */
EBK_EXTERN void __launch_bounds__(256, 2) eb_gemm_128x128_k64(
    const int *__restrict__ in, const __half *__restrict__ A, const __half *__restrict__ B,
    const float *__restrict__ bias, const __half *__restrict__ R, __half *__restrict__ C, int N, int K, int flags) {
    ebk_gemm<128, 128, 64, 64, 32, 3, false>(in, A, B, bias, R, C, N, K, flags, nullptr, nullptr, 0.f);
}

/* 64x64 tiles, 4 warps of 32x32: more blocks when M is small. 3 stages = 30 KiB (epilogue 18 KiB). */
EBK_EXTERN void __launch_bounds__(128, 4) eb_gemm_64x64(
    const int *__restrict__ in, const __half *__restrict__ A, const __half *__restrict__ B,
    const float *__restrict__ bias, const __half *__restrict__ R, __half *__restrict__ C, int N, int K, int flags) {
    ebk_gemm<64, 64, 32, 32, 32, 3, false>(in, A, B, bias, R, C, N, K, flags, nullptr, nullptr, 0.f);
}

/* 64x64 tiles, BK = 64, 3 stages = 54 KiB: half the k iterations for small passes. */
EBK_EXTERN void __launch_bounds__(128, 4) eb_gemm_64x64_k64(
    const int *__restrict__ in, const __half *__restrict__ A, const __half *__restrict__ B,
    const float *__restrict__ bias, const __half *__restrict__ R, __half *__restrict__ C, int N, int K, int flags) {
    ebk_gemm<64, 64, 64, 32, 32, 3, false>(in, A, B, bias, R, C, N, K, flags, nullptr, nullptr, 0.f);
}

/* 64 rows x the whole 384-wide row, 8 warps of 32x96, with the residual add and the layer
   norm in the epilogue (hidden size 384: MiniLM, bge-small, e5-small). 3 stages = 105 KiB
   of dynamic shared memory (the epilogue's 98 KiB fp32 tile reuses it). */
EBK_EXTERN void __launch_bounds__(256, 1) eb_gemm_ln_64x384(
    const int *__restrict__ in, const __half *__restrict__ A, const __half *__restrict__ B,
    const float *__restrict__ bias, const __half *__restrict__ R, __half *__restrict__ C, int K,
    const float *__restrict__ g, const float *__restrict__ be, float eps) {
    ebk_gemm<64, 384, 32, 32, 96, 3, true>(in, A, B, bias, R, C, 384, K, 2, g, be, eps);
}

/* ---- attention over packed sequences (flash style, head dim D) ------------------------
 * qkv: [T][3*H] (q | k | v, head h at columns h*D); ctx: [T][H]. No masks: a sequence
 * attends only to its own rows. The host lists tasks after cu (in[2] of them, two ints
 * each: sequence, then head << 8 | q-group << 1 | mode); blocks stride over the tasks, so
 * one grid fits any batch:
 *  mode 0, sequences of <= 64 tokens: warp w takes head h+w alone, with its own shared K/V
 *          tile loaded once for all its 16-row query tiles (no block barriers, no idle warps);
 *  mode 1, longer ones: the block takes one head and 64 query rows (a q-group), a 16-row
 *          tile per warp, and streams keys through one shared tile 64 at a time.
 * Scores, the online softmax and P stay in registers (mma.sync m16n8k16, fp32). */
#define EBK_KC 64

/* One 64-key chunk for one warp's 16 query rows: S = Q K^T, online softmax, O += P V. */
template <int D>
__device__ __forceinline__ void ebk_attn_chunk(const uint32_t (&qf)[D / 16][4], float (&o)[D / 8][4], float (&mrow)[2],
                                               float (&lrow)[2], const __half *Ks, const __half *Vs, int live,
                                               float scale_log2, int lane) {
    constexpr int LDS = D + 8, KD = D / 16, ND = D / 8, KC = EBK_KC;
    const int qd = lane & 3;
    float sc[KC / 8][4];
    float cmax[2] = {-1e30f, -1e30f};
#pragma unroll
    for (int j = 0; j < KC / 8; j++) {
#pragma unroll
        for (int r = 0; r < 4; r++) sc[j][r] = 0.f;
        if (j * 8 < live) {
#pragma unroll
            for (int k = 0; k < KD; k += 2) {
                uint32_t r4[4];   /* B fragments for k-steps k and k+1 */
                ebk_ldmatrix_x4(r4, Ks + (j * 8 + (lane & 7)) * LDS + k * 16 + (lane >> 3) * 8);
                ebk_mma16816(sc[j], qf[k], r4);
                ebk_mma16816(sc[j], qf[k + 1], r4 + 2);
            }
        }
#pragma unroll
        for (int r = 0; r < 4; r++) {
            int key = j * 8 + qd * 2 + (r & 1);
            sc[j][r] = key < live ? sc[j][r] * scale_log2 : -1e30f;
        }
        cmax[0] = fmaxf(cmax[0], fmaxf(sc[j][0], sc[j][1]));
        cmax[1] = fmaxf(cmax[1], fmaxf(sc[j][2], sc[j][3]));
    }
#pragma unroll
    for (int h2 = 0; h2 < 2; h2++) {
        float mx = cmax[h2];
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 2));
        float mnew = fmaxf(mrow[h2], mx);
        float alpha = exp2f(mrow[h2] - mnew);
        mrow[h2] = mnew;
        lrow[h2] *= alpha;
#pragma unroll
        for (int j = 0; j < ND; j++) { o[j][2 * h2] *= alpha; o[j][2 * h2 + 1] *= alpha; }
    }
    uint32_t pf[KC / 16][4];
#pragma unroll
    for (int j = 0; j < KC / 8; j++) {
        float p0 = exp2f(sc[j][0] - mrow[0]), p1 = exp2f(sc[j][1] - mrow[0]);
        float p2 = exp2f(sc[j][2] - mrow[1]), p3 = exp2f(sc[j][3] - mrow[1]);
        lrow[0] += p0 + p1;
        lrow[1] += p2 + p3;
        /* C layout of two adjacent n8 tiles = A layout of one k16 step */
        pf[j >> 1][(j & 1) * 2 + 0] = ebk_pack_half2(p0, p1);
        pf[j >> 1][(j & 1) * 2 + 1] = ebk_pack_half2(p2, p3);
    }
#pragma unroll
    for (int kk = 0; kk < KC / 16; kk++) {
        if (kk * 16 >= live) continue;
#pragma unroll
        for (int j = 0; j < ND; j += 2) {
            uint32_t r4[4];
            /* matrices: keys kk*16+0..7 / +8..15 at d cols j*8 and (j+1)*8 */
            ebk_ldmatrix_x4_trans(r4, Vs + (kk * 16 + (lane & 7) + ((lane >> 3) & 1) * 8) * LDS + j * 8 + (lane >> 4) * 8);
            ebk_mma16816(o[j], pf[kk], r4);
            ebk_mma16816(o[j + 1], pf[kk], r4 + 2);
        }
    }
}

/* Q fragments of rows q0.. (zeros past L): regs 0/1 rows g/g+8 at cols 2qd, 2/3 the same +8 */
template <int D>
__device__ __forceinline__ void ebk_attn_load_q(uint32_t (&qf)[D / 16][4], const __half *qp, int ld, int q0, int L, int lane) {
#pragma unroll
    for (int k = 0; k < D / 16; k++)
#pragma unroll
        for (int r = 0; r < 4; r++) {
            int row = q0 + (lane >> 2) + (r & 1) * 8, col = k * 16 + (lane & 3) * 2 + (r >> 1) * 8;
            qf[k][r] = row < L ? *reinterpret_cast<const uint32_t *>(qp + (size_t)row * ld + col) : 0u;
        }
}

/* Rows [kc, kc + rows) of K and V into the tiles, zeros past live (keeps P.V finite). */
template <int D>
__device__ __forceinline__ void ebk_attn_load_kv(__half *Ks, __half *Vs, const __half *kp, const __half *vp, int ld,
                                                 int kc, int rows, int live, int t, int nt) {
    constexpr int LDS = D + 8;
    for (int c = t; c < rows * (D / 8) * 2; c += nt) {
        int which = c / (rows * (D / 8)), cc = c % (rows * (D / 8));
        int row = cc / (D / 8), col = (cc % (D / 8)) * 8;
        uint4 val = make_uint4(0u, 0u, 0u, 0u);
        if (row < live) val = *reinterpret_cast<const uint4 *>((which ? vp : kp) + (size_t)(kc + row) * ld + col);
        *reinterpret_cast<uint4 *>((which ? Vs : Ks) + row * LDS + col) = val;
    }
}

template <int D>
__device__ __forceinline__ void ebk_attn_store(float (&o)[D / 8][4], float (&lrow)[2], __half *ctx, int H, int base, int q0,
                                               int L, int h, int lane) {
#pragma unroll
    for (int h2 = 0; h2 < 2; h2++) {
        float l = lrow[h2];
        l += __shfl_xor_sync(0xffffffffu, l, 1);
        l += __shfl_xor_sync(0xffffffffu, l, 2);
        const float inv = 1.0f / l;
        const int row = q0 + (lane >> 2) + h2 * 8;
        if (row < L) {
            __half *dst = ctx + (size_t)(base + row) * H + h * D + (lane & 3) * 2;
#pragma unroll
            for (int j = 0; j < D / 8; j++)
                *reinterpret_cast<uint32_t *>(dst + j * 8) = ebk_pack_half2(o[j][2 * h2] * inv, o[j][2 * h2 + 1] * inv);
        }
    }
}

template <int D, int WARPS>
__device__ __forceinline__ void ebk_attention(const int *__restrict__ in, const __half *__restrict__ qkv,
                                              __half *__restrict__ ctx, int heads, float scale_log2) {
    constexpr int KC = EBK_KC, LDS = D + 8, ND = D / 8;
    __shared__ __align__(16) __half Ksh[WARPS][KC * LDS];
    __shared__ __align__(16) __half Vsh[WARPS][KC * LDS];
    const int T = in[0], n = in[1], ntasks = in[2], H = heads * D, ld = 3 * H;
    const int *cu = in + 4 + T, *tasks = cu + n + 1;
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;

    for (int task = blockIdx.x; task < ntasks; task += gridDim.x) {
        const int s = tasks[2 * task], code = tasks[2 * task + 1];
        const int base = cu[s], L = cu[s + 1] - base;
        if ((code & 1) == 0) {
            /* mode 0: one (sequence, head) per warp, L <= KC: K/V loaded once */
            const int h = (code >> 8) + warp;
            __half *Ks = Ksh[warp], *Vs = Vsh[warp];
            if (h < heads) {
                const __half *qp = qkv + (size_t)base * ld + h * D;
                __syncwarp();
                ebk_attn_load_kv<D>(Ks, Vs, qp + H, qp + 2 * H, ld, 0, (L + 15) & ~15, L, lane, 32);
                __syncwarp();
                for (int q0 = 0; q0 < L; q0 += 16) {
                    uint32_t qf[D / 16][4];
                    float o[ND][4], mrow[2] = {-1e30f, -1e30f}, lrow[2] = {0.f, 0.f};
#pragma unroll
                    for (int j = 0; j < ND; j++)
#pragma unroll
                        for (int r = 0; r < 4; r++) o[j][r] = 0.f;
                    ebk_attn_load_q<D>(qf, qp, ld, q0, L, lane);
                    ebk_attn_chunk<D>(qf, o, mrow, lrow, Ks, Vs, L, scale_log2, lane);
                    ebk_attn_store<D>(o, lrow, ctx, H, base, q0, L, h, lane);
                }
            }
        } else {
            /* mode 1: one head, 64 query rows; the block streams the keys */
            const int h = code >> 8, q0 = ((code >> 1) & 127) * (16 * WARPS) + warp * 16;
            const __half *qp = qkv + (size_t)base * ld + h * D;
            uint32_t qf[D / 16][4];
            float o[ND][4], mrow[2] = {-1e30f, -1e30f}, lrow[2] = {0.f, 0.f};
#pragma unroll
            for (int j = 0; j < ND; j++)
#pragma unroll
                for (int r = 0; r < 4; r++) o[j][r] = 0.f;
            ebk_attn_load_q<D>(qf, qp, ld, q0, L, lane);
            for (int kc = 0; kc < L; kc += KC) {
                const int live = L - kc;
                __syncthreads();  /* the previous chunk (or task) is consumed */
                ebk_attn_load_kv<D>(Ksh[0], Vsh[0], qp + H, qp + 2 * H, ld, kc, live < KC ? (live + 15) & ~15 : KC, live,
                                    threadIdx.x, WARPS * 32);
                __syncthreads();
                if (q0 < L) ebk_attn_chunk<D>(qf, o, mrow, lrow, Ksh[0], Vsh[0], live, scale_log2, lane);
            }
            if (q0 < L) ebk_attn_store<D>(o, lrow, ctx, H, base, q0, L, h, lane);
            __syncthreads();  /* a mode-0 task next may write warp 0's tile */
        }
    }
}

/* 4 warps (40 KiB of K/V tiles) for head size 32; 2 warps (36 KiB) for 64. */
EBK_EXTERN void __launch_bounds__(128) eb_attention_d32(const int *__restrict__ in, const __half *__restrict__ qkv,
                                                        __half *__restrict__ ctx, int heads, float scale_log2) {
    ebk_attention<32, 4>(in, qkv, ctx, heads, scale_log2);
}
EBK_EXTERN void __launch_bounds__(64) eb_attention_d64(const int *__restrict__ in, const __half *__restrict__ qkv,
                                                       __half *__restrict__ ctx, int heads, float scale_log2) {
    ebk_attention<64, 2>(in, qkv, ctx, heads, scale_log2);
}

/* ---- pooling + L2 ---------------------------------------------------------------------
 * out[s] = mean (mode 0) or first row (mode 1) of sequence s, then / max(|v|, 1e-12) when
 * normalize. One warp per sequence, grid-stride. fp32 out. */
EBK_EXTERN void __launch_bounds__(128) eb_pool(const int *__restrict__ in, const __half *__restrict__ x, float *__restrict__ out,
                                               int H, int mode, int normalize) {
    const int n = in[1], lane = threadIdx.x & 31, nc = H >> 7;
    const int *cu = in + 4 + in[0];
    for (int s = blockIdx.x * 4 + (threadIdx.x >> 5); s < n; s += gridDim.x * 4) {
        const int b = cu[s], e = mode == 1 ? cu[s] + 1 : cu[s + 1];
        float v[EBK_LN_MAXC][4], q = 0.f, scale;
#pragma unroll
        for (int c = 0; c < EBK_LN_MAXC; c++)
#pragma unroll
            for (int i = 0; i < 4; i++) v[c][i] = 0.f;
        for (int t = b; t < e; t++)
#pragma unroll
            for (int c = 0; c < EBK_LN_MAXC; c++)
                if (c < nc) {
                    float a[4];
                    ebk_load4(a, x + (size_t)t * H + (c * 32 + lane) * 4);
#pragma unroll
                    for (int i = 0; i < 4; i++) v[c][i] += a[i];
                }
        scale = 1.0f / (float)(e - b > 0 ? e - b : 1);
#pragma unroll
        for (int c = 0; c < EBK_LN_MAXC; c++)
#pragma unroll
            for (int i = 0; i < 4; i++) { v[c][i] *= scale; q += v[c][i] * v[c][i]; }
        if (normalize) {
            q = ebk_warp_sum(q);
            scale = 1.0f / fmaxf(sqrtf(q), 1e-12f);
        } else {
            scale = 1.0f;
        }
#pragma unroll
        for (int c = 0; c < EBK_LN_MAXC; c++)
            if (c < nc)
                *reinterpret_cast<float4 *>(out + (size_t)s * H + (c * 32 + lane) * 4) =
                    make_float4(v[c][0] * scale, v[c][1] * scale, v[c][2] * scale, v[c][3] * scale);
    }
}

/* ---- weight upload: fp32 staging -> fp16 (round to nearest even) --------------------- */
EBK_EXTERN void eb_f32_to_f16(const float *__restrict__ in, __half *__restrict__ out, unsigned long long n) {
    for (unsigned long long i = blockIdx.x * (unsigned long long)blockDim.x + threadIdx.x; i < n;
         i += (unsigned long long)gridDim.x * blockDim.x)
        out[i] = __float2half_rn(in[i]);
}
