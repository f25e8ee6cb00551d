#!/usr/bin/env bash
# bench/run-cpu.sh MODEL_DIR [THREADS] -- the CPU backend of embedbatch.h next to its peers, one table.
#
# Runs, on bench/texts/short.txt and long.txt, REPEATS times (interleaved, so load from other
# processes spreads over all engines): build/bench/bench_cpu (ours, when built), then ONNX Runtime
# (plain and fused export), sentence-transformers, and llama.cpp F32/F16 when bench/peers/llama.sh
# has installed it. Then prints one markdown table: medians over the repeats, spread, ratio vs ORT,
# useful GFLOP/s and % of the machine's FP32 peak. Protocol and JSON format: bench/peers/README.md.
#
# Environment (all optional):
#   REPEATS=3  MIN_TIME=3 (s per batch size)  MIN_BATCHES=3  WARMUP=1 (s)  BATCHES=1,8,32,128
#   TEXTS="short long"  ENGINES=auto (ort,ort-opt,st [+llama-f32,llama-f16 if installed])
#   BASELINE=ort (or best-ort)  VERIFY=1 (cosine checks vs ST)  OUT=build/bench-cpu
#   VENV=build/peers-venv  PYTHON=python3 (to create the venv)  LLAMA_UBATCH=256
#   QUIET_WAIT=30 (s to wait, before each measurement, for other processes to leave the CPUs idle)
#   PEAK_GFLOPS=  (FP32 peak at THREADS; default: bench_kernels --peak, else numpy SGEMM)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MODEL_DIR=${1:-}
THREADS=${2:-2}
[ -n "$MODEL_DIR" ] || { echo "usage: $0 MODEL_DIR [THREADS]" >&2; exit 2; }
[ -f "$MODEL_DIR/model.safetensors" ] || { echo "run-cpu: $MODEL_DIR/model.safetensors missing (make models)" >&2; exit 1; }
MODEL_DIR=$(cd "$MODEL_DIR" && pwd)
REPEATS=${REPEATS:-3}
MIN_TIME=${MIN_TIME:-3}
MIN_BATCHES=${MIN_BATCHES:-3}
WARMUP=${WARMUP:-1}
BATCHES=${BATCHES:-1,8,32,128}
TEXTS=${TEXTS:-short long}
ENGINES=${ENGINES:-auto}
BASELINE=${BASELINE:-ort}
VERIFY=${VERIFY:-1}
OUT=${OUT:-$ROOT/build/bench-cpu}
VENV=${VENV:-$ROOT/build/peers-venv}
PYTHON=${PYTHON:-python3}
LLAMA_UBATCH=${LLAMA_UBATCH:-256}
QUIET_WAIT=${QUIET_WAIT:-30}
OURS=$ROOT/build/bench/bench_cpu
KERNELS=$ROOT/build/bench/bench_kernels
REQ=$ROOT/bench/peers/requirements.txt
PY=$VENV/bin/python

note() { echo "run-cpu: $*" >&2; }
loud() {
    echo "run-cpu: ##################################################################" >&2
    echo "run-cpu: ## $*" >&2
    echo "run-cpu: ##################################################################" >&2
}

# ---- pinned Python environment (PyPI only) ------------------------------------------------------
want=$(sha256sum "$REQ" | cut -d' ' -f1)
if [ ! -x "$PY" ] || [ "$(cat "$VENV/.eb-requirements" 2>/dev/null)" != "$want" ]; then
    note "setting up $VENV from bench/peers/requirements.txt (torch pulls ~3 GB; minutes)"
    [ -x "$PY" ] || "$PYTHON" -m venv "$VENV"
    "$PY" -m pip install -q --disable-pip-version-check -r "$REQ"
    echo "$want" > "$VENV/.eb-requirements"
fi

if [ "$ENGINES" = auto ]; then
    ENGINES=ort,ort-opt,st
    name=$(basename "$MODEL_DIR")
    if "$PY" -c "import llama_cpp" 2>/dev/null && [ -f "$ROOT/models/gguf/$name-f32.gguf" ]; then
        ENGINES=$ENGINES,llama-f32
        [ -f "$ROOT/models/gguf/$name-f16.gguf" ] && ENGINES=$ENGINES,llama-f16
    else
        note "llama.cpp skipped: run bench/peers/llama.sh all (builds it from PyPI's llama-cpp-python sdist)"
    fi
fi

mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RES=$OUT/results-$STAMP.jsonl
TABLE=$OUT/table-$STAMP.md
LOG=$OUT/log-$STAMP.txt
: > "$RES"

# ---- machine, versions ---------------------------------------------------------------------------
{
    echo "# date $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo -)"
    echo "# cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); $(nproc) cores online; threads $THREADS; load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# $("$PY" -c 'import torch,onnxruntime,sentence_transformers,transformers,tokenizers,numpy as n;print("torch",torch.__version__,"| onnxruntime",onnxruntime.__version__,"| sentence-transformers",sentence_transformers.__version__,"| transformers",transformers.__version__,"| tokenizers",tokenizers.__version__,"| numpy",n.__version__)')"
    "$PY" -c 'import llama_cpp;print("# llama-cpp-python",llama_cpp.__version__)' 2>/dev/null || true
    echo "# engines: ours=$([ -x "$OURS" ] && echo build/bench/bench_cpu || echo MISSING) peers=$ENGINES; repeats $REPEATS; min $MIN_TIME s and $MIN_BATCHES batches per size; warmup $WARMUP s; llama ubatch $LLAMA_UBATCH"
} | tee -a "$RES" >&2

# ---- peak FP32 ------------------------------------------------------------------------------------
PEAK_NOTE=""
if [ -n "${PEAK_GFLOPS:-}" ]; then
    echo "{\"peak_gflops\": $PEAK_GFLOPS, \"threads\": $THREADS, \"method\": \"given (PEAK_GFLOPS)\"}" | tee -a "$RES" >&2
    PEAK_NOTE="(given by PEAK_GFLOPS)"
elif [ -x "$KERNELS" ] && "$KERNELS" --peak --threads "$THREADS" > "$OUT/peak.txt" 2>/dev/null \
        && grep -q '"peak_gflops"' "$OUT/peak.txt"; then
    grep -m1 '"peak_gflops"' "$OUT/peak.txt" | tee -a "$RES" >&2
    PEAK_NOTE="(bench_kernels --peak, FMA loop)"
else
    note "build/bench/bench_kernels --peak not available: using numpy SGEMM as the peak (a ceiling below FMA peak)"
    "$PY" "$ROOT/bench/peers/peak.py" --threads "$THREADS" | tee -a "$RES" >&2
    PEAK_NOTE="(numpy/OpenBLAS SGEMM 2048, not an FMA-loop peak)"
fi

# ---- ONNX export and llama.cpp conversion happen outside the timed region ---------------------------
"$PY" "$ROOT/bench/peers/export_onnx.py" "$MODEL_DIR" >/dev/null

run_ours() {  # run_ours TEXTFILE
    local f=$1 tmp=$OUT/.ours.$$
    if [ ! -x "$OURS" ]; then
        loud "build/bench/bench_cpu NOT BUILT: embedbatch's own CPU numbers are MISSING from this table (make build/bench/bench_cpu)"
        return 0
    fi
    "$PY" "$ROOT/bench/peers/quiet.py" --max-wait "$QUIET_WAIT" >&2
    if "$OURS" --model "$MODEL_DIR" --texts "$f" --threads "$THREADS" --batches "$BATCHES" --json \
            --min-time "$MIN_TIME" --min-batches "$MIN_BATCHES" --warmup "$WARMUP" > "$tmp" \
            && grep -q '"sentences_per_s"' "$tmp"; then :
    else  # a bench_cpu without the protocol flags: its own defaults
        note "bench_cpu refused --min-time/--min-batches/--warmup; running it with the base flags"
        "$OURS" --model "$MODEL_DIR" --texts "$f" --threads "$THREADS" --batches "$BATCHES" --json > "$tmp" \
            || loud "build/bench/bench_cpu FAILED on $f (exit $?)"
    fi
    grep '^{' "$tmp" | tee -a "$RES" >&2 || true
    rm -f "$tmp"
}

run_peers() {  # run_peers TEXTFILE
    "$PY" "$ROOT/bench/peers/bench_peers.py" --model "$MODEL_DIR" --texts "$1" --engine "$ENGINES" \
        --threads "$THREADS" --batches "$BATCHES" --min-time "$MIN_TIME" --min-batches "$MIN_BATCHES" \
        --warmup "$WARMUP" --ubatch "$LLAMA_UBATCH" --quiet-wait "$QUIET_WAIT" 2>>"$LOG" | tee -a "$RES" >&2 \
        || loud "bench_peers.py FAILED on $1 (see $LOG)"
}

# ---- agreement: every peer and (if it can dump) ours against sentence-transformers ------------------
if [ "$VERIFY" = 1 ]; then
    for t in $TEXTS; do
        f=$ROOT/bench/texts/$t.txt
        dump_args=()
        if [ -x "$OURS" ] && "$OURS" --model "$MODEL_DIR" --texts "$f" --threads "$THREADS" \
                --dump "$OUT/ours-$t.f32" >/dev/null 2>&1 && [ -s "$OUT/ours-$t.f32" ]; then
            dump_args=(--check-dump "$OUT/ours-$t.f32")
        elif [ -x "$OURS" ]; then
            note "bench_cpu --dump not supported: our vectors are not compared with ST here"
        fi
        "$PY" "$ROOT/bench/peers/bench_peers.py" --model "$MODEL_DIR" --texts "$f" --engine "$ENGINES" \
            --threads "$THREADS" --ubatch "$LLAMA_UBATCH" --verify "${dump_args[@]}" 2>>"$LOG" \
            | tee -a "$RES" >&2 || loud "agreement check FAILED on $t (cosine < 0.9999 vs ST)"
    done
fi

# ---- timing: repeats outermost -------------------------------------------------------------------------
for r in $(seq 1 "$REPEATS"); do
    for t in $TEXTS; do
        f=$ROOT/bench/texts/$t.txt
        note "repeat $r/$REPEATS, $t"
        run_ours "$f"
        run_peers "$f"
    done
done

"$PY" "$ROOT/bench/peers/table.py" "$RES" --baseline "$BASELINE" --peak-note "$PEAK_NOTE" > "$TABLE"
{ grep '^#' "$RES"; echo; cat "$TABLE"; } | tee "$TABLE.tmp"
mv -f "$TABLE.tmp" "$TABLE"
note "raw results: $RES"
note "table:       $TABLE"
[ -x "$OURS" ] || loud "REMINDER: build/bench/bench_cpu was missing; the table has peers only"
