#!/bin/sh
# Regenerates the schema reference in scenarios/README.md from sim/core/scenario_schema.hpp.
# The test ScenarioSchema.ReadmeIsUpToDate fails until this has been run after a schema change.
set -eu
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
ninja -C "$build_dir" murmur_tests
MURMUR_UPDATE_SCENARIO_README=1 "$build_dir/tests/murmur_tests" \
  --gtest_filter=ScenarioSchema.ReadmeIsUpToDate
git --no-pager diff --stat -- scenarios/README.md || true
