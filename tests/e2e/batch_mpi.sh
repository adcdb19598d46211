#!/usr/bin/env bash
# batch_mpi.sh MURMUR EXPERIMENT WORKDIR
# The same batch on 1 process and on 2 MPI ranks gives byte-identical files (the manifest's
# thread count aside).
set -euo pipefail
murmur=$1; experiment=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
"$murmur" batch "$experiment" --out "$work/single" --quiet
# As root Open MPI needs explicit consent; --oversubscribe lets 2 ranks share fewer cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun -n 2 --oversubscribe "$murmur" batch "$experiment" --out "$work/mpi" --threads 1
for file in runs.csv summary.csv; do
  cmp "$work/single/$file" "$work/mpi/$file" || { echo "FAIL: $file differs"; exit 1; }
done
# The manifests differ only in "threads", which each records truthfully (all cores, then 1).
cmp <(grep -v '^  "threads": ' "$work/single/manifest.json") \
    <(grep -v '^  "threads": ' "$work/mpi/manifest.json") || { echo "FAIL: manifest.json differs"; exit 1; }
grep -Eq '^  "threads": 1,?$' "$work/mpi/manifest.json" || { echo "FAIL: the MPI manifest's threads"; exit 1; }
echo "PASS: 2 MPI ranks give the single-process bytes"
