#!/usr/bin/env bash
# gpu-test.sh -- everything the CUDA backend needs checked on a GPU host, in one go:
#   build (C compiler only; nvcc only for the PTX freshness check) -> kernel + golden + stress +
#   error-path tests -> the fallback test -> compute-sanitizer memcheck on a short run ->
#   benchmark vs sentence-transformers model.half() (and ONNX Runtime CUDA if present).
# Logs go to build/gpu/logs; $OUT (default build/gpu-out) gets summary.txt, the main logs and
# logs.tgz with all of them (the device tool brings back at most 8 files). Summary printed last.
#
# Model: the F16 copy of all-MiniLM-L6-v2 (44 MiB, fits the device tool's 64 MiB carry):
#   scripts/get-model.sh all-MiniLM-L6-v2-f16       # here, before the run
#   run: carry ["models/all-MiniLM-L6-v2-f16"], command "scripts/gpu-test.sh"
# Environment: OUT, EB_GPU_MODEL (model folder), GPU_TEST_BUDGET (seconds for the whole
# script, default 570), GPU_TEST_SKIP (space-separated step names to skip: build ptx-check
# test fallback memcheck st-peers bench-t32 bench-t128), EB_PEAK_TFLOPS (the fp16 peak when
# st-peers is skipped), CC.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
OUT=${OUT:-$ROOT/build/gpu-out}
LOG=$ROOT/build/gpu/logs
rm -rf "$LOG"
mkdir -p "$OUT" "$LOG" build/gpu
BUDGET=${GPU_TEST_BUDGET:-570}
SKIP=" ${GPU_TEST_SKIP:-} "
CC=${CC:-cc}
T_START=$(date +%s)
SUMMARY=()
FAILED=0
export PYTHONUNBUFFERED=1

note() { printf '[gpu-test %3ds] %s\n' "$(( $(date +%s) - T_START ))" "$*"; }
left() { echo $(( BUDGET - ($(date +%s) - T_START) )); }

# run_step NAME MAX_SECONDS LOG CMD... : runs with a timeout that also respects the budget
run_step() {
    local name=$1 max=$2 log=$3; shift 3
    local rem t0 rc lim
    if [[ "$SKIP" == *" $name "* ]]; then STEP_STATUS=skipped; STEP_SECONDS=0; SUMMARY+=("$name|skipped|0|GPU_TEST_SKIP"); return 0; fi
    rem=$(left); lim=$(( max < rem - 15 ? max : rem - 15 ))
    if (( lim < 10 )); then SUMMARY+=("$name|NOT RUN|0|time budget spent"); FAILED=1; return 1; fi
    note "$name (limit ${lim}s) -> $log"
    t0=$(date +%s)
    timeout -k 10 "$lim" "$@" >"$log" 2>&1; rc=$?
    STEP_SECONDS=$(( $(date +%s) - t0 ))
    if (( rc == 124 || rc == 137 )); then STEP_STATUS="TIMEOUT"; FAILED=1
    elif (( rc != 0 )); then STEP_STATUS="FAIL rc=$rc"; FAILED=1
    else STEP_STATUS="ok"; fi
    note "$name: $STEP_STATUS in ${STEP_SECONDS}s"
    if [[ $STEP_STATUS != ok ]]; then tail -n 25 "$log" | sed 's/^/    | /'; fi
    return $rc
}
add() { [[ $STEP_STATUS == skipped ]] || SUMMARY+=("$1|$STEP_STATUS|$STEP_SECONDS|$2"); }
res() { grep -h "^RESULT $1 " "$2" 2>/dev/null | tail -n 1 | awk '{print $3}'; }

# ---- environment -----------------------------------------------------------------------
{
    date -u; uname -a; nproc
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm,power.limit --format=csv 2>&1
    nvcc --version 2>&1 | tail -n 2
    $CC --version 2>&1 | head -n 1
    python3 -c 'import torch, sentence_transformers as st; print("torch", torch.__version__, "st", st.__version__)' 2>&1
    command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer 2>&1
} >"$LOG/env.txt" 2>&1
GPU=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -n 1)
note "GPU: ${GPU:-none found}; $(nproc) cores; logs in $LOG"

MODEL=${EB_GPU_MODEL:-}
for m in "$MODEL" models/all-MiniLM-L6-v2-f16 ../models/all-MiniLM-L6-v2-f16 models/all-MiniLM-L6-v2; do
    if [[ -n "$m" && -f "$m/model.safetensors" ]]; then MODEL=$(cd "$m" && pwd); break; fi
done
if [[ ! -f "$MODEL/model.safetensors" ]]; then
    echo "gpu-test: no model folder: run scripts/get-model.sh all-MiniLM-L6-v2-f16 and carry models/all-MiniLM-L6-v2-f16" >&2
    SUMMARY+=("model|FAIL|0|models/all-MiniLM-L6-v2-f16 missing")
    FAILED=1
fi
export EB_MODEL_DIR=$MODEL EB_GOLDEN_DIR=$ROOT/tests/golden EB_MODELS=$(dirname "${MODEL:-/x}")

# ---- build ---------------------------------------------------------------------------------
export CC CFLAGS="-O2 -g -Wall -Wextra -Werror -I. -Itests -Ibench"
build() {
    set -ex
    python3 tools/amalgamate
    $CC -std=c11 $CFLAGS tests/gpu/test_cuda_gpu.c -o build/gpu/test_cuda_gpu -lpthread -lm -ldl & a=$!
    $CC -std=c11 $CFLAGS bench/bench_cuda.c -o build/gpu/bench_cuda -lpthread -lm -ldl & b=$!
    $CC -std=c11 $CFLAGS tests/test_cuda_fallback.c -o build/gpu/test_cuda_fallback -lpthread -lm -ldl & c=$!
    c++ -std=c++17 $CFLAGS -x c++ tests/gpu/test_cuda_gpu.c -x none -o build/gpu/test_cuda_gpu_cxx -lpthread -lm -ldl & d=$!
    wait $a; wait $b; wait $c; wait $d
}
export -f build
run_step build 180 "$LOG/build.log" bash -c build; add build "C11 + C++17, -Werror"
BUILD_OK=$([[ $STEP_STATUS == ok ]] && echo 1 || echo 0)

run_step ptx-check 120 "$LOG/ptx-check.log" tools/gen_ptx --check
add ptx-check "$(tail -n 1 "$LOG/ptx-check.log" 2>/dev/null | cut -c1-80)"

if [[ $BUILD_OK == 1 && -f "$MODEL/model.safetensors" ]]; then
    run_step test 240 "$LOG/test_cuda_gpu.log" build/gpu/test_cuda_gpu --model "$MODEL"
    add test "$(grep -h '^GOLDEN ids' "$LOG/test_cuda_gpu.log" | sed 's/.*cosine/cos/' | cut -c1-60); $(tail -n 1 "$LOG/test_cuda_gpu.log")"
    SUMMARY+=("  golden via tokenizer|-|-|$(grep -h '^GOLDEN text' "$LOG/test_cuda_gpu.log" | sed 's/.*cosine/cos/' | cut -c1-90)")
    SUMMARY+=("  stress|-|-|$(grep -h '^STRESS' "$LOG/test_cuda_gpu.log" | cut -c8-100)")

    run_step fallback 60 "$LOG/test_cuda_fallback.log" build/gpu/test_cuda_fallback
    add fallback "$(tail -n 1 "$LOG/test_cuda_fallback.log")"

    SAN=$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)
    run_step memcheck 200 "$LOG/memcheck.log" "$SAN" --tool memcheck --error-exitcode 99 --leak-check no \
        build/gpu/test_cuda_gpu --short --model "$MODEL"
    add memcheck "$(grep -h 'ERROR SUMMARY' "$LOG/memcheck.log" | tail -n 1 | cut -c1-60); $(grep -h 'passed, ' "$LOG/memcheck.log" | tail -n 1)"

    # ---- benchmark ---------------------------------------------------------------------------
    mkdir -p build/gpu/texts
    build/gpu/bench_cuda --gen build/gpu/texts
    SETS="t32=build/gpu/texts/t32.txt t128=build/gpu/texts/t128.txt"
    STARGS=()
    for s in $SETS; do STARGS+=(--texts "$s"); done
    run_step st-peers 220 "$LOG/st_gpu.log" python3 bench/peers/st_gpu.py --model "$MODEL" "${STARGS[@]}" --seconds 2
    add st-peers "peak $(res peak_fp16_tflops "$LOG/st_gpu.log") TFLOP/s; ST t32 b1024 $(res t32.st_b1024_texts_per_s "$LOG/st_gpu.log")/s"
    PEAK=$(res peak_fp16_tflops "$LOG/st_gpu.log"); PEAK=${PEAK:-${EB_PEAK_TFLOPS:-0}}
    for s in $SETS; do
        label=${s%%=*}; file=${s#*=}
        run_step "bench-$label" 120 "$LOG/bench_$label.md" build/gpu/bench_cuda --model "$MODEL" --texts "$file" \
            --label "$label" --seconds 1.5 --peak-tflops "$PEAK"
        add "bench-$label" "e2e b1024 $(res $label.e2e_b1024_texts_per_s "$LOG/bench_$label.md")/s; b1 p50 $(res $label.b1_p50_ms "$LOG/bench_$label.md") ms"
    done
fi

# ---- summary (always last) --------------------------------------------------------------------
{
    echo
    echo "== side by side (texts/s; end to end including tokenization) =="
    printf '%-6s %-10s %14s %14s %14s %8s\n' set batch embedbatch-e2e embedbatch-gpu st-half ratio
    for label in t32 t128; do
        for b in 32 256 1024 4096; do
            e=$(res "$label.e2e_b${b}_texts_per_s" "$LOG/bench_$label.md"); g=$(res "$label.gpu_b${b}_texts_per_s" "$LOG/bench_$label.md")
            st=$(res "$label.st_b${b}_texts_per_s" "$LOG/st_gpu.log")
            ratio=$(awk -v a="${e:-0}" -v b="${st:-0}" 'BEGIN{ if (b > 0) printf "%.1fx", a / b; else print "-" }')
            printf '%-6s %-10s %14s %14s %14s %8s\n' "$label" "$b" "${e:--}" "${g:--}" "${st:--}" "$ratio"
        done
        printf '%-6s %-10s %14s %14s %14s\n' "$label" "b1 p50 ms" "$(res $label.b1_p50_ms "$LOG/bench_$label.md")" "" "$(res $label.st_b1_p50_ms "$LOG/st_gpu.log")"
        printf '%-6s %-10s %14s %14s %14s\n' "$label" "64 subm." "$(res $label.batcher64_texts_per_s "$LOG/bench_$label.md")/s" \
            "p50 $(res $label.batcher64_p50_ms "$LOG/bench_$label.md")" "p99 $(res $label.batcher64_p99_ms "$LOG/bench_$label.md")"
    done
    echo
    echo "== gpu-test summary ($GPU, $(( $(date +%s) - T_START ))s; logs in $LOG, copies in $OUT) =="
    printf '%-22s %-12s %5s  %s\n' step status secs notes
    for row in "${SUMMARY[@]}"; do
        IFS='|' read -r a b c d <<<"$row"
        printf '%-22s %-12s %5s  %s\n' "$a" "$b" "$c" "$d"
    done
    if (( FAILED )); then echo "RESULT: FAILED"; else echo "RESULT: all steps passed"; fi
} | tee "$LOG/summary.txt"
for f in summary.txt test_cuda_gpu.log memcheck.log st_gpu.log bench_t32.md bench_t128.md; do
    [[ -f "$LOG/$f" ]] && cp "$LOG/$f" "$OUT/"
done
tar czf "$OUT/logs.tgz" -C "$LOG" . 2>/dev/null
exit $FAILED
