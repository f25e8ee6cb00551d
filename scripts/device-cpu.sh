#!/usr/bin/env bash
# device-cpu.sh -- the CPU-side checks that need a bigger machine than the 2-core dev box:
#   AVX-512 kernel tests (this dev box has AVX2 only), the CPU backend on the real model with
#   every kernel set, thread scaling of the CPU backend and the tokenizer, and the core
#   benchmarks (queue, batcher overhead, seed scenario) on many cores.
# Run on the lent GPU host (16 cores, AVX-512) with the F16 model carried along:
#   scripts/get-model.sh all-MiniLM-L6-v2-f16
#   run: carry ["models/all-MiniLM-L6-v2-f16"], command "scripts/device-cpu.sh"
# Everything goes to build/device-cpu/*.log; $OUT gets summary.md and logs.tgz. Summary last.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=${OUT:-build/device-cpu-out}
LOG=build/device-cpu
MODEL=${EB_DEVICE_MODEL:-models/all-MiniLM-L6-v2-f16}
N=$(nproc)
mkdir -p "$OUT" "$LOG"
export EB_MODELS=$PWD/models EB_GOLDEN_DIR=$PWD/tests/golden EB_MODEL_DIR=$PWD/$MODEL
T0=$(date +%s)
SUM=()
step() {   # step NAME LIMIT CMD...: logs to $LOG/NAME.log, records ok/FAIL
    local name=$1 lim=$2; shift 2
    local t=$(date +%s) rc
    timeout -k 5 "$lim" "$@" >"$LOG/$name.log" 2>&1; rc=$?
    SUM+=("| $name | $([ $rc -eq 0 ] && echo ok || echo "FAIL rc=$rc") | $(( $(date +%s) - t )) s |")
    echo "[device-cpu $(( $(date +%s) - T0 ))s] $name rc=$rc"
    [ $rc -eq 0 ] || tail -n 15 "$LOG/$name.log"
}

{ date -u; uname -a; echo "cores: $N"; lscpu | grep -E 'Model name|Flags' | sed 's/Flags:/flags:/' | cut -c1-200
  grep -o 'avx512[a-z_]*' /proc/cpuinfo | sort -u | tr '\n' ' '; echo; cc --version | head -n 1; } >"$LOG/machine.log" 2>&1
cat "$LOG/machine.log"
[ -f "$MODEL/model.safetensors" ] || { echo "device-cpu: $MODEL missing: carry it (see the header)"; exit 1; }

TESTS="build/plain/test_kernels build/plain/test_bert build/plain/test_threadpool build/plain/test_cpu_backend"
BENCH="build/bench/bench_cpu build/bench/bench_tokenizer build/bench/bench_overhead build/bench/bench_seed build/bench/bench_queue build/bench/bench_kernels"
step build 300 make -j"$N" $TESTS $BENCH

step test_kernels 120 build/plain/test_kernels
step test_bert 180 build/plain/test_bert
step test_threadpool 60 build/plain/test_threadpool
EB_TEST_FILTER=f16 step test_cpu_backend_f16 180 build/plain/test_cpu_backend

for isa in avx512 avx2; do
    for th in 16 8 2 1; do
        step "bench_cpu_${isa}_t${th}" 120 build/bench/bench_cpu --model "$MODEL" --texts bench/texts/short.txt \
            --threads "$th" --isa "$isa" --batches 1,32,128 --min-time 2 --min-batches 3 --warmup 0.5
    done
done
step bench_cpu_long_avx512_t16 120 build/bench/bench_cpu --model "$MODEL" --texts bench/texts/long.txt \
    --threads 16 --isa avx512 --batches 1,32 --min-time 2 --min-batches 2 --warmup 0.5
step bench_kernels_avx512 120 build/bench/bench_kernels --isa avx512
step bench_tokenizer 60 env EB_MODEL_DIR="$PWD/$MODEL" build/bench/bench_tokenizer --threads "$N"
step bench_queue 120 build/bench/bench_queue
step bench_overhead 120 build/bench/bench_overhead --reps 3 --submitters 4
step bench_seed 120 build/bench/bench_seed --seconds 1

{
    echo "## device-cpu summary ($(( $(date +%s) - T0 )) s)"
    echo; cat "$LOG/machine.log" | head -n 4; echo
    echo "| step | status | time |"; echo "|---|---|---|"; printf '%s\n' "${SUM[@]}"
    echo; echo "### kernel sets run"; grep -hE 'RUN|SKIP|skipped' "$LOG/test_kernels.log" "$LOG/test_bert.log" | head -n 12
    echo; echo "### golden, F16 weights"; grep -h 'cosine' "$LOG/test_cpu_backend_f16.log"
    echo; echo "### bench_cpu (short texts, sentences/s and p50 per batch)"
    for f in "$LOG"/bench_cpu_*.log; do echo "$(basename "$f" .log):"; grep -E '^batch' "$f"; done
    echo; echo "### bench_tokenizer"; tail -n 12 "$LOG/bench_tokenizer.log"
    echo; echo "### bench_queue"; grep -E '^\|' "$LOG/bench_queue.log"
    echo; echo "### bench_overhead"; grep -E '^\|' "$LOG/bench_overhead.log"
    echo; echo "### bench_seed"; grep -E '^\|' "$LOG/bench_seed.log"
} >"$OUT/summary.md" 2>&1
tar czf "$OUT/logs.tgz" -C "$LOG" . 2>/dev/null
cat "$OUT/summary.md"
