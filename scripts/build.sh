#!/usr/bin/env bash
# Installs what is missing and builds Murmur in Release into build/.
# Extra arguments go to CMake, e.g. scripts/build.sh -DMURMUR_BUILD_DASHBOARD=ON
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMURMUR_ENABLE_MPI=ON "$@" > build.log 2>&1 || { cat build.log; exit 1; }
rm -f build.log
cmake --build build --parallel "$(nproc)"
