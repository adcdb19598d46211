#!/usr/bin/env bash
# batch_mpi.sh MURMUR EXPERIMENT WORKDIR
# The same batch on 1 process and on 2 MPI ranks gives byte-identical files.
set -euo pipefail
murmur=$1; experiment=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
"$murmur" batch "$experiment" --out "$work/single" --quiet
# As root Open MPI needs explicit consent; --oversubscribe lets 2 ranks share fewer cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun -n 2 --oversubscribe "$murmur" batch "$experiment" --out "$work/mpi" --threads 1
for file in runs.csv summary.csv manifest.json; do
  cmp "$work/single/$file" "$work/mpi/$file" || { echo "FAIL: $file differs"; exit 1; }
done
echo "PASS: 2 MPI ranks give the single-process bytes"
