#!/usr/bin/env bash
# memory_estimate.sh MURMUR SCENARIOS WORKDIR
# The size estimate that refuses a scenario before allocating (22.11) counts every large
# allocation: a run's measured peak (peak_memory_bytes in its manifest) stays within the
# estimate `validate` prints plus the process's own base. A huge market.cells and an
# address-space limit (ulimit -v) are refused up front with exit 2, naming what to reduce.
set -euo pipefail
murmur=$1; scenarios=$2; work=$3
rm -rf "$work"; mkdir -p "$work"

mib() {  # mib "about 222 MiB" -> 222 (the estimate in MiB)
  python3 -c 'import re,sys; n,u=re.search(r"about ([0-9.]+) (KiB|MiB|GiB)",sys.argv[1]).groups(); print(float(n)*{"KiB":1/1024,"MiB":1,"GiB":1024}[u])' "$1"
}

# 2,000,000 customers on a small world of degree 10 (the graph ~84 MiB, the customers
# ~95 MiB, the routed mail up to ~43 MiB). Before 22.11 the state hash's copy of the state
# made the peak twice the estimate.
big=(--set population.customers=2000000)
estimate=$(mib "$("$murmur" validate "$scenarios/default.yaml" "${big[@]}")")
"$murmur" run "$scenarios/default.yaml" "${big[@]}" --steps 4 --quiet --out "$work/big"
peak=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["peak_memory_bytes"]/2**20)' "$work/big/manifest.json")
# The base: the process's own peak on a tiny scenario (libraries, thread pools, buffers).
"$murmur" run "$scenarios/default.yaml" --set population.customers=1000 --steps 4 --quiet --out "$work/tiny"
base=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["peak_memory_bytes"]/2**20)' "$work/tiny/manifest.json")
echo "estimate ${estimate} MiB, peak ${peak} MiB, base ${base} MiB"
# 10% for the estimate's expected (not worst-case) graph and mail sizes.
python3 -c "import sys; sys.exit(0 if $peak <= 1.10 * $estimate + $base else 1)" ||
  { echo "FAIL: the peak is above the estimate"; exit 1; }

expect_refusal() {  # expect_refusal PATTERN COMMAND...: exit 2, the message matches, no directory
  set +e
  "${@:2}" > "$work/out.log" 2>&1
  local code=$?
  set -e
  cat "$work/out.log"
  [ "$code" -eq 2 ] || { echo "FAIL: exit code $code, expected 2"; exit 1; }
  grep -Eq "$1" "$work/out.log" || { echo "FAIL: the message does not match /$1/"; exit 1; }
  [ ! -e "$work/refused" ] || { echo "FAIL: left $work/refused"; exit 1; }
}

# 2^32 - 1 cells are 32 GiB of local-presence table.
expect_refusal "needs about 32.0 GiB \(4294967295 local-presence cells\).*reduce market.cells \(at 'market.cells'\)" \
  "$murmur" run "$scenarios/default.yaml" --set market.cells=4294967295 --out "$work/refused"
expect_refusal "needs about 32.0 GiB" "$murmur" validate "$scenarios/default.yaml" --set market.cells=4294967295

# ulimit -v 300 MiB: 4,000,000 customers need about 440 MiB.
limited() { (ulimit -v 307200; "$@"); }
expect_refusal "the address-space limit \(ulimit -v\) leaves only [0-9.]+ MiB; reduce population.customers" \
  limited "$murmur" run "$scenarios/default.yaml" --set population.customers=4000000 --out "$work/refused"
echo "PASS"
