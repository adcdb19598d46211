#!/usr/bin/env bash
# batch_kill_resume.sh MURMUR EXPERIMENT WORKDIR
# Kills a batch with SIGKILL midway, runs the same command again, and checks that the
# result files are byte-identical to those of an uninterrupted batch.
set -euo pipefail
murmur=$1; experiment=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
"$murmur" batch "$experiment" --out "$work/whole" --quiet
total=$(ls "$work/whole/runs" | wc -l)

"$murmur" batch "$experiment" --out "$work/killed" --quiet &
pid=$!
for _ in $(seq 1 600); do
  done_runs=$(ls "$work/killed/runs" 2>/dev/null | grep -c '\.json$' || true)
  [ "$done_runs" -ge 2 ] && break
  sleep 0.05
done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
finished=$(ls "$work/killed/runs" | grep -c '\.json$' || true)
echo "killed after $finished of $total runs"
if [ "$finished" -ge "$total" ]; then echo "FAIL: the batch finished before it could be killed"; exit 1; fi
[ ! -e "$work/killed/runs.csv" ] || { echo "FAIL: a killed batch left runs.csv"; exit 1; }

"$murmur" batch "$experiment" --out "$work/killed" | tee "$work/resume.log"
grep -q "$finished already done" "$work/resume.log" || { echo "FAIL: the resumed batch did not skip finished runs"; exit 1; }
for file in runs.csv summary.csv manifest.json; do
  cmp "$work/whole/$file" "$work/killed/$file" || { echo "FAIL: $file differs"; exit 1; }
done
echo "PASS: resumed batch is byte-identical"
