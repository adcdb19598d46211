#!/bin/sh
# Regenerates the schema references in scenarios/README.md (sim/core/scenario_schema.hpp) and
# scenarios/experiments/README.md (sim/io/experiment_schema.hpp). The tests
# ScenarioSchema.ReadmeIsUpToDate and ExperimentSchema.ReadmeIsUpToDate fail until this has been
# run after a schema change.
set -eu
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
ninja -C "$build_dir" murmur_tests
MURMUR_UPDATE_SCENARIO_README=1 "$build_dir/tests/murmur_tests" \
  --gtest_filter=ScenarioSchema.ReadmeIsUpToDate:ExperimentSchema.ReadmeIsUpToDate:SensitivityFile.TheKeyReferenceInDocsIsCurrent
git --no-pager diff --stat -- scenarios/README.md scenarios/experiments/README.md docs/sensitivity.md || true
