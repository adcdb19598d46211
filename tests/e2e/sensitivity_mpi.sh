#!/usr/bin/env bash
# sensitivity_mpi.sh MURMUR STUDY WORKDIR
# The same sensitivity study on 1 process and on 2 MPI ranks gives byte-identical indices,
# outputs, report and runs, and a second invocation resumes (every run already done).
set -euo pipefail
murmur=$1; study=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
"$murmur" sensitivity "$study" --out "$work/single" --quiet
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun -n 2 --oversubscribe "$murmur" sensitivity "$study" --out "$work/mpi" --threads 1 --quiet
for file in sensitivity.csv outputs.csv sensitivity.html runs.csv summary.csv; do
  cmp "$work/single/$file" "$work/mpi/$file" || { echo "FAIL: $file differs"; exit 1; }
done
again=$("$murmur" sensitivity "$study" --out "$work/single")
grep -q "already done" <<<"$again" || { echo "FAIL: no resume line"; exit 1; }
grep -Eq '^208 runs \(104 points x 2 replicates, 208 already done\)' <<<"$again" \
  || { echo "FAIL: the second invocation re-ran runs"; echo "$again"; exit 1; }
grep -q '^challenger_share,sobol,brands\[Latecomer\].ad_budget,total,0,0,0,Jansen 1999,16$' \
  "$work/single/sensitivity.csv" || { echo "FAIL: the latecomer's total index"; exit 1; }
echo "PASS: 2 MPI ranks give the single-process bytes; the rerun resumed"
