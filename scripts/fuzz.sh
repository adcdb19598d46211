#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UBSan) into build-fuzz/ and runs
# each for SECONDS (default 60) from a seed corpus of the repository's scenarios and test data
# (and, for the batch files, tests/data/fuzz_corpus/).
# Crashes are written to <build>/crashes/; copy them to tests/data/fuzz_regressions/ as
# regression cases once fixed (the unit tests replay that folder).
#   scripts/fuzz.sh [SECONDS]
#   FUZZ_BUILD_DIR=build-asan scripts/fuzz.sh   # reuse the ASan build of scripts/sanitize.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=${FUZZ_BUILD_DIR:-build-fuzz}
scripts/install-deps.sh
if [ -z "${FUZZ_BUILD_DIR:-}" ]; then
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
    -DMURMUR_BUILD_FUZZERS=ON -DMURMUR_BUILD_TESTS=OFF -DMURMUR_BUILD_BENCHMARKS=OFF \
    -DMURMUR_BUILD_DASHBOARD=OFF > build-fuzz.log 2>&1 || { cat build-fuzz.log; exit 1; }
  rm -f build-fuzz.log
fi
cmake --build "$build" --target fuzz_scenario_loader fuzz_edge_list fuzz_run_record fuzz_batch_plan

corpus=$build/corpus
mkdir -p "$corpus/scenario" "$corpus/edges" "$corpus/run_record" "$corpus/plan" "$build/crashes"
cp scenarios/*.yaml scenarios/experiments/*.yaml tests/data/*.yaml "$corpus/scenario/" 2>/dev/null || true
cp tests/data/*.yaml "$corpus/scenario/" 2>/dev/null || true
cp tests/data/fuzz_regressions/scenario/* "$corpus/scenario/" 2>/dev/null || true
cp tests/data/*.txt "$corpus/edges/" 2>/dev/null || true
cp tests/data/bad_input/*.yaml "$corpus/scenario/"
cp tests/data/bad_input/*.txt "$corpus/edges/"
cp tests/data/fuzz_regressions/edges/* "$corpus/edges/" 2>/dev/null || true
# Batch files: real run records and plans of a small batch (tests/data/fuzz_corpus/README.md).
for kind in run_record plan; do
  cp tests/data/fuzz_corpus/$kind/* tests/data/fuzz_regressions/$kind/* "$corpus/$kind/" 2>/dev/null || true
done
head -c 20000 data/facebook_combined.txt > "$corpus/edges/facebook_head.txt" 2>/dev/null || true

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run() {
  local target=$1 dir=$2
  echo "== $target for ${seconds}s"
  "$build/tests/fuzz/$target" "$dir" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -max_len=65536 -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 2>&1 | tail -15
}
run fuzz_scenario_loader "$corpus/scenario"
run fuzz_edge_list "$corpus/edges"
run fuzz_run_record "$corpus/run_record"
run fuzz_batch_plan "$corpus/plan"
echo "fuzzing finished without a crash"
