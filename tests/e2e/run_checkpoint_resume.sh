#!/usr/bin/env bash
# run_checkpoint_resume.sh MURMUR WORKDIR
# `murmur run --checkpoint-every`: kill a run with SIGKILL after a checkpoint, resume it (on
# another thread count), and check that metrics.csv and the final state hash are
# byte-identical to an uninterrupted run's. Then check that a corrupted, a truncated and a
# mismatched checkpoint (the edge list changed) are refused with exit code 2 and a clear
# message, and leave the interrupted run as it was.
set -euo pipefail
murmur=$1; work=$2
rm -rf "$work"; mkdir -p "$work"

# A scenario on an edge list beside it (a ring of 3,000 with chords), long enough to kill.
awk 'BEGIN { for (i = 0; i < 3000; i++) { print i, (i + 1) % 3000; print i, (i + 7) % 3000 } }' > "$work/edges.txt"
cat > "$work/scenario.yaml" <<'YAML'
name: checkpointed
seed: 5
steps: 400
population:
  graph: {kind: edge_list, edge_list: edges.txt}
brands:
  - {name: A, quality: 6.5, ad_budget: 4, initial_share: 0.3, initial_awareness: 0.6}
  - {name: B, quality: 8, referral_reward: 0.3, seeded_fraction: 0.01}
interventions:
  - {name: scandal, at_step: 150, kind: scandal, brand: B, value: 2, weeks: 100}
YAML

"$murmur" run "$work/scenario.yaml" --out "$work/whole" --threads 1 --quiet

"$murmur" run "$work/scenario.yaml" --out "$work/run" --threads 2 --checkpoint-every 25 --quiet &
pid=$!
for _ in $(seq 1 2000); do
  [ -e "$work/run/checkpoint.murmur" ] && break
  sleep 0.01
done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
[ -e "$work/run/checkpoint.murmur" ] || { echo "FAIL: no checkpoint before the run was killed"; exit 1; }
[ ! -e "$work/run/metrics.csv" ] || { echo "FAIL: the run finished before it could be killed"; exit 1; }
[ ! -e "$work/run/manifest.json" ] || { echo "FAIL: a killed run left a manifest that looks whole"; exit 1; }
cp "$work/run/checkpoint.murmur" "$work/good.murmur"

expect_refusal() {  # expect_refusal LABEL PATTERN
  set +e
  output=$("$murmur" run --resume "$work/run" 2>&1); code=$?
  set -e
  echo "$1: $output"
  [ "$code" -eq 2 ] || { echo "FAIL: $1: exit code $code, expected 2"; exit 1; }
  grep -Eq -- "$2" <<<"$output" || { echo "FAIL: $1: message does not match /$2/"; exit 1; }
  [ ! -e "$work/run/metrics.csv" ] || { echo "FAIL: $1: a refused resume wrote metrics.csv"; exit 1; }
  cp "$work/good.murmur" "$work/run/checkpoint.murmur"
}

# A flipped byte in the middle: the checksum catches it.
size=$(stat -c %s "$work/good.murmur")
printf '\x55' | dd of="$work/run/checkpoint.murmur" bs=1 seek=$((size / 2)) conv=notrunc status=none
expect_refusal corrupted "checkpoint.murmur.*corrupted"
truncate -s $((size / 3)) "$work/run/checkpoint.murmur"
expect_refusal truncated "checkpoint.murmur.*(corrupted or truncated|truncated)"
echo "not a checkpoint" > "$work/run/checkpoint.murmur"
expect_refusal foreign "not a Murmur checkpoint"
cp "$work/edges.txt" "$work/edges.orig"; echo "0 1500" >> "$work/edges.txt"
expect_refusal mismatched "graph.*not the one the checkpoint was made on"
mv "$work/edges.orig" "$work/edges.txt"
rm "$work/run/checkpoint.murmur"
expect_refusal missing "no checkpoint here"
cp "$work/good.murmur" "$work/run/checkpoint.murmur"

"$murmur" run --resume "$work/run" --threads 1 | tee "$work/resume.log"
grep -q "resumed from week" "$work/resume.log" || { echo "FAIL: the run did not say where it resumed"; exit 1; }
cmp "$work/whole/metrics.csv" "$work/run/metrics.csv" || { echo "FAIL: metrics.csv differs"; exit 1; }
hash() { sed -n 's/.*"final_state_hash": "\([0-9a-f]*\)".*/\1/p' "$1"; }
[ "$(hash "$work/whole/manifest.json")" = "$(hash "$work/run/manifest.json")" ] || { echo "FAIL: final state differs"; exit 1; }
[ ! -e "$work/run/checkpoint.murmur" ] || { echo "FAIL: a finished run kept its checkpoint"; exit 1; }
echo "PASS: the resumed run is byte-identical; bad checkpoints are refused"
