#!/usr/bin/env bash
# hostile_names.sh MURMUR SCENARIO_DIR WORKDIR
# Scenario and experiment names with '../' and '/' (`name: ../../x`, `name: x/../../../../b`)
# must not move a default output path out of results/: run, batch and compare are started
# from a deep working directory without --out/--report, and every file they write must be
# inside that directory's results/, named after the sanitised name.
set -euo pipefail
murmur=$1; scenarios=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
sandbox="$work/sandbox"; deep="$sandbox/1/2/3/4/5/6"
mkdir -p "$deep"

with_name() {  # with_name NAME OUT: a small Bass scenario called NAME
  cat > "$2" <<YAML
name: "$1"
model: bass
steps: 5
population: {customers: 500, graph: {kind: small_world, mean_degree: 4, rewiring: 0.1}}
bass: {innovation_per_year: 0.1, imitation_per_year: 1.0}
YAML
}
with_name "../../x" "$work/up.yaml"
with_name "x/../../../../b" "$work/deep_up.yaml"
with_name "/tmp/murmur-hostile-abs" "$work/absolute.yaml"
cat > "$work/experiment.yaml" <<YAML
name: "../../x"
scenario: up.yaml
replicates: 2
YAML

cd "$deep"
"$murmur" run "$work/up.yaml" --quiet
"$murmur" run "$work/absolute.yaml" --quiet
"$murmur" batch "$work/experiment.yaml" --quiet
"$murmur" compare "$work/up.yaml" "$work/deep_up.yaml" --replicates 2 > "$work/compare.log"
cat "$work/compare.log"

# Everything written is inside $deep/results, and nothing anywhere else in the sandbox.
outside=$(find "$sandbox" -mindepth 1 -not -path "$deep" -not -path "$deep/results" \
  -not -path "$deep/results/*" -not -path "$sandbox/1" -not -path "$sandbox/1/2" \
  -not -path "$sandbox/1/2/3" -not -path "$sandbox/1/2/3/4" -not -path "$sandbox/1/2/3/4/5")
[ -z "$outside" ] || { echo "FAIL: written outside results/: $outside"; exit 1; }
[ ! -e /tmp/murmur-hostile-abs ] && ! ls -d /tmp/murmur-hostile-abs-* >/dev/null 2>&1 ||
  { echo "FAIL: an absolute name wrote under /tmp"; exit 1; }
[ ! -e /b.html ] || { echo "FAIL: compare wrote /b.html"; exit 1; }

# Each default path is one sanitised name directly under results/.
ls "$deep/results"
ls -d "$deep/results/_._.._x-"*/manifest.json >/dev/null || { echo "FAIL: no sanitised run directory"; exit 1; }
ls -d "$deep/results/_tmp_murmur-hostile-abs-"*/manifest.json >/dev/null ||
  { echo "FAIL: no sanitised run directory for the absolute name"; exit 1; }
[ -e "$deep/results/_._.._x/summary.csv" ] || { echo "FAIL: no sanitised batch directory"; exit 1; }
[ -e "$deep/results/compare-_._.._x-vs-x_.._.._.._.._b.html" ] || { echo "FAIL: no sanitised compare report"; exit 1; }
grep -q "report: results/compare-_._.._x-vs-x_.._.._.._.._b.html" "$work/compare.log" ||
  { echo "FAIL: compare does not print the report's path"; exit 1; }
echo "PASS: hostile names stay inside results/"
