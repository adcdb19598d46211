#!/usr/bin/env bash
# Runs per second of a 200-run batch (bench/batch_200.yaml) on 1 and on 2 threads, median of
# REPEATS (default 3) each, and their ratio: the figure in bench/README.md.
#   scripts/bench_batch.sh [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-3}
murmur=build/cli/murmur
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A rate
for threads in 1 2; do
  for r in $(seq "$repeats"); do
    start=$(date +%s.%N)
    "$murmur" batch bench/batch_200.yaml --quiet --threads "$threads" --out "$work/t$threads-$r"
    end=$(date +%s.%N)
    echo "200 / ($end - $start)" | bc -l
  done | median > "$work/rate$threads"
  rate[$threads]=$(cat "$work/rate$threads")
  printf "%d thread(s): %.2f runs/s (median of %d)\n" "$threads" "${rate[$threads]}" "$repeats"
done
printf "ratio 2 threads / 1 thread: %.2f\n" "$(echo "${rate[2]} / ${rate[1]}" | bc -l)"
