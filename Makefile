# embedbatch.h — build, test, benchmark.
#   make demo        the example benchmark on the bundled CPU backend and default model
#   make test        everything CI runs: header freshness, compile matrix, unit/stress/golden
#                    tests plain + ASAN/UBSAN + TSAN, fuzz smoke, NEON under qemu
#   make bench       core benchmarks (queue, batcher overhead, seed scenario)
#   make bench-cpu   CPU backend vs peers (ONNX Runtime, sentence-transformers)
#   make ptx         regenerate src/eb_cuda_ptx.h from src/cuda/*.cu (needs nvcc)
#   make gpu-test    CUDA backend tests + benchmark, on a machine with an NVIDIA GPU

CC      ?= cc
CXX     ?= c++
CLANG   ?= clang
PY      ?= python3
MODEL   ?= all-MiniLM-L6-v2
MODELS  ?= models
MODEL_DIR ?= $(MODELS)/$(MODEL)
FUZZ_SECONDS ?= 15
AARCH64_CC ?= aarch64-linux-gnu-gcc
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
NEON_TESTS ?= test_kernels test_threadpool test_bert test_tokenizer
QEMU_AARCH64 ?= qemu-aarch64

WARN    := -Wall -Wextra -Werror
BASE    := $(WARN) -g -I. -Itests
LDLIBS  := -lpthread -lm -ldl
SRC     := $(wildcard src/*.h)
DEPS    := embedbatch.h tests/eb_test.h $(wildcard tests/*.inc)
TESTS   := $(basename $(notdir $(wildcard tests/test_*.c)))
FUZZERS := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))

# Test binaries find models and golden files through these.
export EB_MODEL_DIR  = $(CURDIR)/$(MODEL_DIR)
export EB_MODELS     = $(CURDIR)/$(MODELS)
export EB_GOLDEN_DIR = $(CURDIR)/tests/golden

.PHONY: test-builds all test test-plain test-asan test-tsan test-compile test-neon fuzz-smoke \
        models demo bench bench-cpu clean check-header examples ptx check-ptx gpu-test
.SECONDARY:

all: embedbatch.h

embedbatch.h: $(SRC) tools/amalgamate
	$(PY) tools/amalgamate

check-header:
	$(PY) tools/amalgamate --check

# The CUDA kernels ship as PTX text: regenerated when their source changed (the check
# compares the recorded source hash, so another nvcc version does not rewrite the file).
src/eb_cuda_ptx.h: src/cuda/eb_kernels.cu tools/gen_ptx
	@$(PY) tools/gen_ptx --check >/dev/null 2>&1 || $(PY) tools/gen_ptx
	@touch $@
ptx:
	$(PY) tools/gen_ptx
check-ptx:
	$(PY) tools/gen_ptx --check

gpu-test:
	scripts/gpu-test.sh

# ---- models (fetched, never committed; get-model.sh returns at once when verified) -------
TEST_MODELS ?= all-MiniLM-L6-v2 all-MiniLM-L6-v2-f16 paraphrase-MiniLM-L3-v2
models:
	@for m in $(sort $(MODEL) $(TEST_MODELS)); do scripts/get-model.sh $$m $(MODELS)/$$m || exit 1; done

# ---- test builds ---------------------------------------------------------------------------
build/plain/%: tests/%.c $(DEPS)
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(BASE) $< -o $@ $(LDLIBS)
build/c99/%: tests/%.c $(DEPS)
	@mkdir -p $(@D)
	$(CC) -std=c99 -O1 $(BASE) $< -o $@ $(LDLIBS)
build/cxx/%: tests/%.c $(DEPS)
	@mkdir -p $(@D)
	$(CXX) -std=c++17 -O1 $(BASE) -x c++ $< -x none -o $@ $(LDLIBS)
build/asan/%: tests/%.c $(DEPS)
	@mkdir -p $(@D)
	$(CC) -std=c11 -O1 $(BASE) -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer $< -o $@ $(LDLIBS)
build/tsan/%: tests/%.c $(DEPS)
	@mkdir -p $(@D)
	$(CC) -std=c11 -O1 $(BASE) -fsanitize=thread $< -o $@ $(LDLIBS)
build/neon/%: tests/%.c $(DEPS)
	@mkdir -p $(@D)
	$(AARCH64_CC) -std=c11 -O2 $(BASE) -static $< -o $@ $(LDLIBS)

# The header alone, every way an integrator may compile it.
build/compile/ok: embedbatch.h tests/compile/compile_c.c tests/compile/compile_cpp.cpp
	@mkdir -p $(@D)
	$(CC)  -std=c99   $(WARN) -I. -c tests/compile/compile_c.c -o build/compile/c99.o
	$(CC)  -std=c11   $(WARN) -I. -c tests/compile/compile_c.c -o build/compile/c11.o
	$(CC)  -std=c11   $(WARN) -I. -DEMBEDBATCH_STATIC -c tests/compile/compile_c.c -o build/compile/static.o
	$(CC)  -std=c11   $(WARN) -I. -DEMBEDBATCH_NO_SIMD -c tests/compile/compile_c.c -o build/compile/nosimd.o
	$(CC)  -std=c11   $(WARN) -I. -DEMBEDBATCH_CUDA -c tests/compile/compile_c.c -o build/compile/cuda_c.o
	$(CXX) -std=c++17 $(WARN) -I. -c tests/compile/compile_cpp.cpp -o build/compile/cxx17.o
	$(CXX) -std=c++17 $(WARN) -I. -DEMBEDBATCH_STATIC -c tests/compile/compile_cpp.cpp -o build/compile/cxx_static.o
	$(CXX) -std=c++17 $(WARN) -I. -DEMBEDBATCH_CUDA -c tests/compile/compile_cpp.cpp -o build/compile/cuda_cxx.o
	$(CLANG) -std=c11 $(WARN) -I. -c tests/compile/compile_c.c -o build/compile/clang_c11.o
	@touch $@

# Every binary the test stages run, so `make -j` can build them side by side first.
test-builds: build/compile/ok $(foreach v,c99 cxx plain asan tsan,$(addprefix build/$(v)/,$(TESTS))) \
             $(addprefix build/fuzz/,$(FUZZERS)) $(addprefix build/neon/,$(NEON_TESTS))

test-compile: build/compile/ok $(addprefix build/c99/,$(TESTS)) $(addprefix build/cxx/,$(TESTS))
	@echo "[compile] header and all tests build as C99, C11 and C++17 with $(WARN)"

test-plain: $(addprefix build/plain/,$(TESTS)) models
	tests/run.sh build/plain plain

test-asan: $(addprefix build/asan/,$(TESTS)) models
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	EB_TEST_SCALE=0.1 tests/run.sh build/asan asan+ubsan

test-tsan: $(addprefix build/tsan/,$(TESTS)) models
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 EB_TEST_SCALE=0.05 tests/run.sh build/tsan tsan

# Kernel and tokenizer tests cross-compiled for AArch64 and run under qemu-user.
test-neon: $(addprefix build/neon/,$(NEON_TESTS))
	@command -v $(QEMU_AARCH64) >/dev/null || { echo "qemu-aarch64 missing: run scripts/install-deps.sh"; exit 1; }
	for t in $(NEON_TESTS); do $(QEMU_AARCH64) build/neon/$$t || exit 1; done

# Every fuzz harness for FUZZ_SECONDS on a copy of its committed seed corpus.
build/fuzz/%: tests/fuzz/%.c embedbatch.h
	@mkdir -p $(@D)
	$(CLANG) -std=c11 -O1 -g -I. -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $< -o $@ -lm -lpthread
fuzz-smoke: $(addprefix build/fuzz/,$(FUZZERS))
	@for f in $(FUZZERS); do \
	  rm -rf build/fuzz/corpus-$$f; mkdir -p build/fuzz/corpus-$$f; \
	  if [ -d tests/fuzz/corpus/$$f ]; then cp tests/fuzz/corpus/$$f/* build/fuzz/corpus-$$f/ 2>/dev/null; fi; \
	  echo "fuzz $$f for $(FUZZ_SECONDS)s"; \
	  build/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 build/fuzz/corpus-$$f \
	     >build/fuzz/$$f.log 2>&1 || { tail -n 40 build/fuzz/$$f.log; exit 1; }; \
	  grep -E '^(#[0-9]+ +DONE|Done)' build/fuzz/$$f.log | tail -n 1; \
	done

test:
	@echo "== header is fresh";            $(PY) tools/amalgamate --check
	@echo "== CUDA PTX is fresh";          $(PY) tools/gen_ptx --check
	@echo "== models";                     $(MAKE) --no-print-directory models
	@echo "== build everything";           $(MAKE) --no-print-directory -j$(JOBS) test-builds
	@echo "== compile matrix";             $(MAKE) --no-print-directory test-compile
	@echo "== tests";                      $(MAKE) --no-print-directory test-plain
	@echo "== tests under ASAN+UBSAN";     $(MAKE) --no-print-directory test-asan
	@echo "== tests under TSAN";           $(MAKE) --no-print-directory test-tsan
	@echo "== fuzz smoke";                 $(MAKE) --no-print-directory fuzz-smoke
	@echo "== NEON under qemu";            $(MAKE) --no-print-directory test-neon
	@echo "== all test stages passed"

# ---- examples and benchmarks ---------------------------------------------------------------
EXAMPLES := $(basename $(notdir $(wildcard examples/*.c)))
BENCHES  := $(basename $(notdir $(wildcard bench/*.c)))
build/examples/%: examples/%.c embedbatch.h
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(WARN) -I. $< -o $@ $(LDLIBS)
build/bench/%: bench/%.c embedbatch.h $(wildcard bench/*.h)
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(WARN) -I. -Ibench $< -o $@ $(LDLIBS)
examples: $(addprefix build/examples/,$(EXAMPLES))

demo: build/examples/demo models
	build/examples/demo --model $(MODEL_DIR)

bench: $(addprefix build/bench/,$(BENCHES))
	build/bench/bench_queue
	build/bench/bench_overhead
	build/bench/bench_seed

bench-cpu: build/bench/bench_cpu models
	bench/run-cpu.sh $(MODEL_DIR)

clean:
	rm -rf build
