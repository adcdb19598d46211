#!/usr/bin/env bash
# calibrate_mpi.sh MURMUR CALIBRATION WORKDIR
# The same calibration on 1 process and on 2 MPI ranks (each evaluation's replicates spread
# over them) gives byte-identical result files; run again, it replays from the stored runs.
set -euo pipefail
murmur=$1; calibration=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
"$murmur" calibrate "$calibration" --out "$work/single" --quiet
# As root Open MPI needs explicit consent; --oversubscribe lets 2 ranks share fewer cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun -n 2 --oversubscribe "$murmur" calibrate "$calibration" --out "$work/mpi" --threads 1 --quiet
files="parameters.csv fit.csv goodness_of_fit.csv evaluations.csv fit.html"
for file in $files; do
  cmp "$work/single/$file" "$work/mpi/$file" || { echo "FAIL: $file differs"; exit 1; }
done
out=$("$murmur" calibrate "$calibration" --out "$work/mpi" --quiet)
echo "$out" | grep -Eq '\(([1-9][0-9]*) already stored\)' || { echo "FAIL: the rerun ran again: $out"; exit 1; }
for file in $files; do
  cmp "$work/single/$file" "$work/mpi/$file" || { echo "FAIL: $file differs after the rerun"; exit 1; }
done
echo "PASS: 2 MPI ranks give the single-process bytes; a rerun replays the stored runs"
