#!/usr/bin/env bash
# disk_full.sh MURMUR SCENARIO EXPERIMENT WORKDIR
# A full disk during output, simulated with a file-size limit (ulimit -f; SIGXFSZ ignored so
# that write() fails with EFBIG as on a full disk): `murmur run` and `murmur batch` must say
# which file could not be written, exit 1, leave nothing that looks like a whole result, and
# leave earlier results untouched; the batch then resumes and completes once space is back.
set -euo pipefail
murmur=$1; scenario=$2; experiment=$3; work=$4
rm -rf "$work"; mkdir -p "$work"

"$murmur" run "$scenario" --steps 20 --out "$work/earlier" --quiet
"$murmur" batch "$experiment" --out "$work/batch_whole" --quiet
(cd "$work" && sha256sum earlier/* batch_whole/*.csv batch_whole/manifest.json > before.sha256)

limited() {  # limited KIB COMMAND...: runs COMMAND with files capped at KIB KiB; prints its exit code
  set +e
  (trap '' XFSZ; ulimit -f "$1"; shift; "$@") > "$work/limited.log" 2>&1
  echo $?
  set -e
}

code=$(limited 100 "$murmur" run "$scenario" --steps 20 --out "$work/full_run")
cat "$work/limited.log"
[ "$code" -eq 1 ] || { echo "FAIL: run: exit code $code, expected 1"; exit 1; }
grep -Eq "cannot write '.*full_run/metrics.csv.tmp'.*(File too large|No space)" "$work/limited.log" ||
  { echo "FAIL: run: the message does not name the file"; exit 1; }
[ ! -e "$work/full_run" ] || { echo "FAIL: run: left $(ls "$work/full_run")"; exit 1; }

code=$(limited 1 "$murmur" batch "$experiment" --out "$work/full_batch" --quiet)
cat "$work/limited.log"
[ "$code" -eq 1 ] || { echo "FAIL: batch: exit code $code, expected 1"; exit 1; }
grep -Eq "cannot write '.*full_batch/runs.csv.tmp'" "$work/limited.log" || { echo "FAIL: batch: the message does not name the file"; exit 1; }
for file in runs.csv summary.csv manifest.json runs.csv.tmp; do
  [ ! -e "$work/full_batch/$file" ] || { echo "FAIL: batch: left $file"; exit 1; }
done

(cd "$work" && sha256sum --check --quiet before.sha256) || { echo "FAIL: earlier results changed"; exit 1; }

# Space is back: the same command resumes from the finished runs' records.
"$murmur" batch "$experiment" --out "$work/full_batch" --quiet
for file in runs.csv summary.csv; do
  cmp "$work/batch_whole/$file" "$work/full_batch/$file" || { echo "FAIL: resumed batch $file differs"; exit 1; }
done
echo "PASS: a full disk is reported, leaves no false result, and loses nothing"
