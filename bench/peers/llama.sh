#!/usr/bin/env bash
# llama.sh [install|convert|cli|all] [MODEL_DIR] -- llama.cpp as a CPU peer of embedbatch.h.
#
# Source: the llama-cpp-python sdist on PyPI (pinned below), which vendors a full llama.cpp tree
# (vendor/llama.cpp: ggml, libllama, tools, convert_hf_to_gguf.py, gguf-py). PyPI is the only
# outside source every machine of this project reaches, so that is where llama.cpp comes from.
# Nothing of it is committed: it is unpacked under bench/peers/work/ (git-ignored).
#
#   install  build libllama with cmake (scikit-build-core, GGML_NATIVE, OpenMP, CPU only) and
#            install the Python bindings into build/peers-venv (~15-30 min on 2 busy cores)
#   convert  models/gguf/<name>-f32.gguf and -f16.gguf with the vendored convert_hf_to_gguf.py
#   cli      (optional) cmake build of llama-embedding and llama-bench from the same tree into
#            bench/peers/work/llama-build, for cross-checks by hand
#   all      install + convert (default)
# Environment: VENV (default build/peers-venv), JOBS (default nproc).
set -euo pipefail

LLAMA_PY_VERSION=0.3.36
LLAMA_PY_SHA256=832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e
DISKCACHE=diskcache==5.6.3       # imported by llama_cpp at load time

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${VENV:-$ROOT/build/peers-venv}
PY=$VENV/bin/python
WORK=$ROOT/bench/peers/work
SDIST=$WORK/llama_cpp_python-$LLAMA_PY_VERSION.tar.gz
SRC=$WORK/llama_cpp_python-$LLAMA_PY_VERSION
VENDOR=$SRC/vendor/llama.cpp
JOBS=${JOBS:-$(nproc)}
CMD=${1:-all}
MODEL_DIR=${2:-$ROOT/models/all-MiniLM-L6-v2}

note() { echo "llama.sh: $*" >&2; }
die() { echo "llama.sh: error: $*" >&2; exit 1; }

[ -x "$PY" ] || die "no venv at $VENV: run bench/run-cpu.sh once (it creates it), or set VENV"

fetch_sdist() {
    mkdir -p "$WORK"
    if [ ! -f "$SDIST" ] || [ "$(sha256sum "$SDIST" | cut -d' ' -f1)" != "$LLAMA_PY_SHA256" ]; then
        rm -f "$SDIST"
        note "downloading llama-cpp-python==$LLAMA_PY_VERSION (sdist) from PyPI"
        "$PY" -m pip download --no-deps --no-binary :all: -q -d "$WORK" "llama-cpp-python==$LLAMA_PY_VERSION"
        got=$(sha256sum "$SDIST" | cut -d' ' -f1)
        [ "$got" = "$LLAMA_PY_SHA256" ] || die "sha256 mismatch for $SDIST: $got"
    fi
    [ -f "$VENDOR/convert_hf_to_gguf.py" ] || tar -xzf "$SDIST" -C "$WORK"
}

install() {
    fetch_sdist
    if "$PY" -c "import llama_cpp, sys; sys.exit(llama_cpp.__version__ != '$LLAMA_PY_VERSION')" 2>/dev/null; then
        note "llama-cpp-python $LLAMA_PY_VERSION already in $VENV"; return
    fi
    note "building llama-cpp-python $LLAMA_PY_VERSION (libllama via cmake, -march=native) with $JOBS jobs"
    CMAKE_ARGS="-DGGML_NATIVE=ON -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF" \
    CMAKE_BUILD_PARALLEL_LEVEL=$JOBS \
        "$PY" -m pip install -q --no-deps "$SDIST"
    "$PY" -m pip install -q "$DISKCACHE"
    "$PY" -c "import llama_cpp; print('llama.sh: llama_cpp', llama_cpp.__version__, llama_cpp.llama_print_system_info().decode())" >&2
}

convert() {
    fetch_sdist
    [ -f "$MODEL_DIR/model.safetensors" ] || die "$MODEL_DIR/model.safetensors missing (make models)"
    name=$(basename "$MODEL_DIR")
    mkdir -p "$ROOT/models/gguf"
    for t in f32 f16; do
        out=$ROOT/models/gguf/$name-$t.gguf
        if [ -f "$out" ] && [ "$out" -nt "$MODEL_DIR/model.safetensors" ]; then note "$out exists"; continue; fi
        note "converting $MODEL_DIR -> $out"
        "$PY" "$VENDOR/convert_hf_to_gguf.py" "$MODEL_DIR" --outtype "$t" --outfile "$out.tmp" >/dev/null 2>&1 \
            || { "$PY" "$VENDOR/convert_hf_to_gguf.py" "$MODEL_DIR" --outtype "$t" --outfile "$out.tmp" 2>&1 | tail -20; die "conversion failed"; }
        mv -f "$out.tmp" "$out"
    done
}

cli() {
    fetch_sdist
    cmake -S "$VENDOR" -B "$WORK/llama-build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON \
        -DLLAMA_BUILD_TESTS=OFF -DLLAMA_CURL=OFF >/dev/null
    cmake --build "$WORK/llama-build" -j "$JOBS" --target llama-embedding llama-bench
    note "binaries in $WORK/llama-build/bin"
}

case "$CMD" in
    install) install ;;
    convert) convert ;;
    cli) cli ;;
    all) install; convert ;;
    *) die "unknown command $CMD (install|convert|cli|all)" ;;
esac
