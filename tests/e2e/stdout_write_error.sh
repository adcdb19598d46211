#!/usr/bin/env bash
# stdout_write_error.sh MURMUR SCENARIO_DIR DATA_DIR WORKDIR
# Output that cannot be written (stdout on /dev/full, a full disk) is a failure: every
# command exits 1 with a message on stderr, never 0 with its output lost.
set -euo pipefail
murmur=$1; scenarios=$2; data=$3; work=$4
rm -rf "$work"; mkdir -p "$work"
check() {  # check COMMAND...: run with stdout on /dev/full
  set +e
  "$@" > /dev/full 2> "$work/stderr.log"; code=$?
  set -e
  echo "${*##*/} > /dev/full: exit $code: $(cat "$work/stderr.log")"
  [ "$code" -eq 1 ] || { echo "FAIL: exit code $code, expected 1"; exit 1; }
  grep -q "murmur: error: cannot write to standard output" "$work/stderr.log" ||
    { echo "FAIL: no message on stderr"; exit 1; }
}
check "$murmur" schema
check "$murmur" schema --experiment
check "$murmur" --help
check "$murmur" --version
check "$murmur" validate "$scenarios/default.yaml"
check "$murmur" graph "$data/tiny_edges.txt"
check "$murmur" run "$scenarios/default.yaml" --steps 3 --out "$work/run"
echo "PASS: a failed write to stdout fails the command"
