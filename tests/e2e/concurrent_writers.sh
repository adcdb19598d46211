#!/usr/bin/env bash
# concurrent_writers.sh MURMUR SCENARIO_DIR WORKDIR
# Two processes, one directory: while a long `murmur run` (then `murmur batch`) writes D, a
# second one on D must be refused with exit code 2 and the first one's pid, and the first must
# finish byte-identical to a run alone. A finished run directory is never written over.
set -euo pipefail
murmur=$1; scenarios=$2; work=$3
rm -rf "$work"; mkdir -p "$work"

expect_refusal() {  # expect_refusal LABEL PATTERN COMMAND...: exit 2 and a message matching PATTERN
  local label=$1 pattern=$2; shift 2
  set +e
  output=$("$@" 2>&1); code=$?
  set -e
  echo "$label: $output"
  [ "$code" -eq 2 ] || { echo "FAIL: $label: exit code $code, expected 2"; exit 1; }
  grep -Eq -- "$pattern" <<<"$output" || { echo "FAIL: $label: message does not match /$pattern/"; exit 1; }
}

wait_for_lock() {  # wait_for_lock DIR PID: until DIR/.lock holds PID (the writer has its claim)
  for _ in $(seq 1 3000); do
    [ "$(cat "$1/.lock" 2>/dev/null)" = "$2" ] && return 0
    sleep 0.01
  done
  echo "FAIL: $1/.lock never named pid $2"; exit 1
}

# ---- run ----
run=("$murmur" run "$scenarios/default.yaml" --steps 1000 --threads 1 --quiet)
"${run[@]}" --seed 5 --out "$work/run_alone"
"${run[@]}" --seed 5 --out "$work/run" &
first=$!
wait_for_lock "$work/run" "$first"
expect_refusal "second run" "run: error: another murmur process \(pid $first\) is writing this directory" \
  "${run[@]}" --seed 99 --out "$work/run"
kill -0 "$first" 2>/dev/null || { echo "FAIL: the first run ended before the second was refused"; exit 1; }
wait "$first" || { echo "FAIL: the first run failed"; exit 1; }
cmp "$work/run_alone/metrics.csv" "$work/run/metrics.csv" || { echo "FAIL: metrics.csv differs from a run alone"; exit 1; }
hash() { sed -n 's/.*"final_state_hash": "\([0-9a-f]*\)".*/\1/p' "$1"; }
[ "$(hash "$work/run_alone/manifest.json")" = "$(hash "$work/run/manifest.json")" ] ||
  { echo "FAIL: the final state differs from a run alone"; exit 1; }
[ ! -e "$work/run/.lock" ] || { echo "FAIL: the finished run left its lock file"; exit 1; }

# A finished run is never written over, and stays as it was.
sha256sum "$work/run/metrics.csv" "$work/run/manifest.json" > "$work/run.sha256"
expect_refusal "finished run" "run: error: already holds a finished run \(manifest.json\)" \
  "$murmur" run "$scenarios/default.yaml" --steps 3 --seed 99 --out "$work/run" --quiet
sha256sum --check --quiet "$work/run.sha256" || { echo "FAIL: the finished run was changed"; exit 1; }

# ---- batch ----
cat > "$work/experiment.yaml" <<YAML
name: concurrent
scenario: $scenarios/bass_network.yaml
master_seed: 5
replicates: 8
set: {population.customers: 20000, steps: 400}
grid: {bass.innovation_per_year: [0.03, 0.1]}
keep: {steps: [200, 400]}
YAML
batch=("$murmur" batch "$work/experiment.yaml" --threads 1 --quiet)
"${batch[@]}" --out "$work/batch_alone"
"${batch[@]}" --out "$work/batch" &
first=$!
wait_for_lock "$work/batch" "$first"
expect_refusal "second batch" "batch: error: another murmur process \(pid $first\) is writing this directory" \
  "${batch[@]}" --out "$work/batch"
kill -0 "$first" 2>/dev/null || { echo "FAIL: the first batch ended before the second was refused"; exit 1; }
wait "$first" || { echo "FAIL: the first batch failed"; exit 1; }
for file in runs.csv summary.csv manifest.json; do
  cmp "$work/batch_alone/$file" "$work/batch/$file" || { echo "FAIL: batch $file differs from a batch alone"; exit 1; }
done
[ ! -e "$work/batch/.lock" ] || { echo "FAIL: the finished batch left its lock file"; exit 1; }
echo "PASS: a second writer is refused with the first one's pid; the first finishes whole"
