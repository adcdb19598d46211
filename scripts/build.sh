#!/usr/bin/env bash
# Installs what is missing and builds Murmur in Release into build/.
# Extra arguments go to CMake, e.g. scripts/build.sh -DMURMUR_BUILD_DASHBOARD=ON
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The Python module builds for Debian's python3, whose packages (numpy, pandas, pytest) the
# tests use, even when another python3 (pyenv, a venv) comes first on PATH.
python=()
[ -x /usr/bin/python3 ] && python=(-DPython3_EXECUTABLE=/usr/bin/python3)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMURMUR_ENABLE_MPI=ON "${python[@]}" "$@" > build.log 2>&1 || { cat build.log; exit 1; }
rm -f build.log
cmake --build build --parallel "$(nproc)"
