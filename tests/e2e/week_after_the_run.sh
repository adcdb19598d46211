#!/usr/bin/env bash
# week_after_the_run.sh MURMUR SCENARIO_DIR WORKDIR
# A week key the run never reaches (here baker.yaml's at_step: 26 with steps shortened to 20,
# as a what-if would) is allowed: validate, run and batch exit 0 and each warns once, naming
# the file, line, column and key (22.16).
set -euo pipefail
murmur=$1; scenarios=$(realpath "$2"); work=$3
rm -rf "$work"; mkdir -p "$work"
# run and validate print "FILE:33:14: warning: ...", batch (as its other warnings) "warning: FILE:33:14: ...".
warning="(baker.yaml:33:14: warning: |^warning: .*baker.yaml:33:14: )week 26 is after the run's last week, 19 \(steps: 20\): the intervention never fires \(at 'interventions\[0\]\.at_step'\)"

expect_one_warning() {  # expect_one_warning COMMAND...: exit 0, the warning exactly once
  local output code=0
  output=$("$@" 2>&1) || code=$?
  echo "$ ${*##*/}"; echo "$output" | head -20
  [ "$code" -eq 0 ] || { echo "FAIL: exit code $code, expected 0"; exit 1; }
  local count
  count=$(grep -Ec -- "$warning" <<<"$output" || true)
  [ "$count" -eq 1 ] || { echo "FAIL: the warning is printed $count times, expected once"; exit 1; }
}

expect_one_warning "$murmur" validate "$scenarios/baker.yaml" --set steps=20
expect_one_warning "$murmur" run "$scenarios/baker.yaml" --steps 20 --set population.customers=500 \
  --quiet --out "$work/run"
cat > "$work/experiment.yaml" <<YAML
name: shortened
scenario: $scenarios/baker.yaml
master_seed: 3
replicates: 2
set:
  population.customers: 500
  steps: 20
grid:
  brands[0].price: [1.0, 1.1]
YAML
expect_one_warning "$murmur" batch "$work/experiment.yaml" --quiet --out "$work/batch"

# At its full length the same scenario warns of nothing.
output=$("$murmur" validate "$scenarios/baker.yaml" 2>&1)
! grep -q "warning" <<<"$output" || { echo "FAIL: a warning for the full-length run: $output"; exit 1; }
rm -rf "$work"
echo "ok"
