#!/usr/bin/env bash
# The test suite under sanitizers:
#   asan  every unit and end-to-end test with AddressSanitizer + UndefinedBehaviorSanitizer
#   tsan  the parallel engine's tests (determinism across thread counts, batches) under
#         ThreadSanitizer, with the suppressions in tests/tsan.supp (each one explained there)
#   scripts/sanitize.sh [asan|tsan|all]      (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
scripts/install-deps.sh

configure() {  # configure DIR FLAGS
  cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="$2" \
    -DCMAKE_EXE_LINKER_FLAGS="$2" -DMURMUR_BUILD_BENCHMARKS=OFF -DMURMUR_BUILD_DASHBOARD=OFF \
    -DMURMUR_ENABLE_MPI=OFF > "$1.log" 2>&1 || { cat "$1.log"; exit 1; }
  rm -f "$1.log"
}

if [ "$which" = asan ] || [ "$which" = all ]; then
  configure build-asan "-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  cmake --build build-asan
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" --timeout 1800 -L "unit|e2e"
fi

if [ "$which" = tsan ] || [ "$which" = all ]; then
  configure build-tsan "-fsanitize=thread -fno-omit-frame-pointer"
  cmake --build build-tsan --target murmur_tests murmur
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp" \
    ctest --test-dir build-tsan --output-on-failure --timeout 1800 -R "Determinism|Batch\.|Runner|MarketDeterminism"
fi
