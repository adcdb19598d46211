#!/usr/bin/env bash
# Fails when a C++ file of the tree differs from what clang-format makes of it (.clang-format:
# Google style, 100 columns). Fix with: clang-format -i $(git ls-files '*.cpp' '*.hpp')
# usage: scripts/check_format.sh [CLANG_FORMAT]
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format=${1:-clang-format}
git ls-files -z '*.cpp' '*.hpp' | xargs -0 "$clang_format" --dry-run --Werror
