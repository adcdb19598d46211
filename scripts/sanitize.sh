#!/usr/bin/env bash
# The test suite under sanitizers, and the fuzzers:
#   asan  every unit and end-to-end test, built with clang under AddressSanitizer +
#         UndefinedBehaviorSanitizer and with MURMUR_VALIDATE's invariant checks
#         (sim/core/validate.hpp); the same build holds the libFuzzer targets, which then
#         fuzz FUZZ_SECONDS each (default 60) from the seed corpus (scripts/fuzz.sh)
#   tsan  the parallel engine's tests (determinism across thread counts, routed messages,
#         checkpoints, batches, the dashboard's runner) under ThreadSanitizer, with the
#         suppressions in tests/tsan.supp (each one explained there)
#   scripts/sanitize.sh [asan|tsan|all]      (default: all; CI runs all)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
# The memory-estimate check measures the peak of the production allocator and runs under
# ulimit -v: ASan's shadow memory and quarantine inflate the one and its reserved address
# space defeats the other, so it runs in the normal build only.
memory_measured="e2e\.memory_estimate"
statistical="MarketCalibration|AttributionDocking|MarketBadNews|MarketTribes|MarketDeliveryGap|MarketGenerations|ScenarioLibrary\.(Default|Baker|Advertising|AScandal|Personalisation|GenerationalShift)|BassDocking\.FullyMixed|BassOnNetworks\.Clustering|MarketDocking\.FullEngine|MarketLogit\.Million"
scripts/install-deps.sh

# The Python module is left out: a sanitized extension loads only into a sanitized Python.
configure() {  # configure DIR COMPILER FLAGS [CMAKE ARGS...]
  local dir=$1 compiler=$2 flags=$3
  shift 3
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$compiler" \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" -DMURMUR_BUILD_BENCHMARKS=OFF \
    -DMURMUR_BUILD_DASHBOARD=OFF -DMURMUR_BUILD_PYTHON=OFF -DMURMUR_ENABLE_MPI=OFF "$@" > "$dir.log" 2>&1 || { cat "$dir.log"; exit 1; }
  rm -f "$dir.log"
}

if [ "$which" = asan ] || [ "$which" = all ]; then
  configure build-asan clang++ \
    "-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
    -DMURMUR_BUILD_FUZZERS=ON -DMURMUR_VALIDATE=ON
  cmake --build build-asan
  # The statistical validations (V2–V9 over many seeds and the scenario library's directions)
  # run the same code paths as the other tests, thousands of times over: under ASan they would
  # take most of an hour, so they run in the normal build only.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" --timeout 1800 -L "unit|e2e" \
    -E "$statistical|$memory_measured"
  FUZZ_BUILD_DIR=build-asan scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
fi

if [ "$which" = tsan ] || [ "$which" = all ]; then
  configure build-tsan g++ "-fsanitize=thread -fno-omit-frame-pointer"
  cmake --build build-tsan --target murmur_tests
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp" \
    ctest --test-dir build-tsan --output-on-failure --timeout 1800 \
    -R "Determinism|Interventions.Deterministic|LiveMarketLevers.AMixMove|ModelState|Batch\.|Parallel|MessageRouting"
fi
