#!/usr/bin/env bash
# interrupted_run.sh MURMUR SCENARIO_DIR WORKDIR
# A run stopped by SIGINT or SIGTERM, or failing midway, removes what it created: no lone
# metrics.csv without a manifest, no metrics.csv.tmp, no lock, and a directory it created is
# gone. A run with --checkpoint-every keeps its checkpoint on SIGINT and resumes from it to
# the same bytes; an interrupted batch keeps its finished runs and the same command resumes.
set -euo pipefail
murmur=$1; scenarios=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
long=("$murmur" run "$scenarios/default.yaml" --steps 4000 --threads 1 --quiet)

wait_for() {  # wait_for FILE: until FILE exists
  for _ in $(seq 1 3000); do [ -e "$1" ] && return 0; sleep 0.01; done
  echo "FAIL: $1 never appeared"; exit 1
}

stop_midway() {  # stop_midway SIGNAL FILE COMMAND...: starts COMMAND, sends SIGNAL once FILE exists
  local signal=$1 file=$2; shift 2
  "$@" & local pid=$!
  wait_for "$file"
  kill "-$signal" "$pid"
  set +e; wait "$pid"; code=$?; set -e
  echo "exit code after SIG$signal: $code"
}

# SIGINT: the directory this run created is removed whole.
stop_midway INT "$work/int/metrics.csv.tmp" "${long[@]}" --out "$work/int"
[ "$code" -eq 130 ] || { echo "FAIL: SIGINT: exit code $code, expected 130 (killed by SIGINT)"; exit 1; }
[ ! -e "$work/int" ] || { echo "FAIL: SIGINT left $(ls -A "$work/int")"; exit 1; }

# SIGTERM into a directory that existed before: it stays, empty.
mkdir "$work/term"
stop_midway TERM "$work/term/metrics.csv.tmp" "${long[@]}" --out "$work/term"
[ "$code" -eq 143 ] || { echo "FAIL: SIGTERM: exit code $code, expected 143"; exit 1; }
[ -d "$work/term" ] && [ -z "$(ls -A "$work/term")" ] || { echo "FAIL: SIGTERM left $(ls -A "$work/term")"; exit 1; }

# A failure after metrics.csv is complete (the manifest cannot be written): metrics.csv goes.
mkdir -p "$work/fail/manifest.json.tmp"
set +e; "$murmur" run "$scenarios/default.yaml" --steps 5 --out "$work/fail" --quiet; code=$?; set -e
[ "$code" -eq 1 ] || { echo "FAIL: failed manifest: exit code $code, expected 1"; exit 1; }
for file in metrics.csv metrics.csv.tmp .lock; do
  [ ! -e "$work/fail/$file" ] || { echo "FAIL: a failed run left $file"; exit 1; }
done

# SIGINT with --checkpoint-every: the checkpoint stays and the run resumes to the same bytes.
checkpointed=("$murmur" run "$scenarios/default.yaml" --steps 1500 --seed 3 --quiet)
"${checkpointed[@]}" --threads 2 --out "$work/alone"
stop_midway INT "$work/resumable/checkpoint.murmur" "${checkpointed[@]}" --threads 1 \
  --checkpoint-every 50 --out "$work/resumable"
[ "$code" -eq 130 ] || { echo "FAIL: checkpointed SIGINT: exit code $code, expected 130"; exit 1; }
[ "$(ls -A "$work/resumable")" = "checkpoint.murmur" ] ||
  { echo "FAIL: an interrupted checkpointed run left $(ls -A "$work/resumable")"; exit 1; }
"$murmur" run --resume "$work/resumable" --quiet
cmp "$work/alone/metrics.csv" "$work/resumable/metrics.csv" || { echo "FAIL: resumed metrics.csv differs"; exit 1; }

# SIGINT during a batch: finished runs stay, nothing half-written; the same command resumes.
cat > "$work/experiment.yaml" <<YAML
name: interrupted
scenario: $scenarios/bass_network.yaml
master_seed: 5
replicates: 8
set: {population.customers: 20000, steps: 300}
grid: {bass.innovation_per_year: [0.03, 0.1]}
keep: {steps: [300]}
YAML
batch=("$murmur" batch "$work/experiment.yaml" --threads 1 --quiet --out "$work/batch")
stop_midway INT "$work/batch/runs/run-000001.json" "${batch[@]}"
[ "$code" -eq 130 ] || { echo "FAIL: batch SIGINT: exit code $code, expected 130"; exit 1; }
leftovers=$(cd "$work/batch" && ls -A | grep -Ev '^(runs|plan.json)$' || true)
[ -z "$leftovers" ] || { echo "FAIL: an interrupted batch left $leftovers"; exit 1; }
! ls "$work/batch/runs" | grep -q '\.tmp$' || { echo "FAIL: an interrupted batch left a .tmp record"; exit 1; }
"${batch[@]}"
[ -e "$work/batch/summary.csv" ] || { echo "FAIL: the resumed batch did not finish"; exit 1; }
echo "PASS: interrupted and failed runs leave nothing that looks whole"
