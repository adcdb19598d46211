#!/usr/bin/env bash
# Peak memory and time of a whole run (graph construction included) at 1M and 10M customers,
# small world, mean degree 10, 30 weeks of the Bass model: the figures in bench/README.md.
#   scripts/scale.sh [customers...]     (default: 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
murmur=build/cli/murmur
[ -x "$murmur" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
printf "%-12s %-8s %12s %12s %14s %14s\n" customers threads "graph s" "wall s" "weeks/s" "peak MiB"
for customers in "${sizes[@]}"; do
  for threads in 1 2; do
    "$murmur" run scenarios/bass_network.yaml --quiet --steps 30 --threads "$threads" \
      --set population.customers="$customers" --set population.graph.kind=small_world \
      --set population.graph.mean_degree=10 --out "$out/$customers-$threads"
    python3 - "$out/$customers-$threads/manifest.json" "$customers" "$threads" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
steps = m["steps"]; wall = m["wall_seconds"]; graph = m["graph_seconds"]
print(f"{sys.argv[2]:<12} {sys.argv[3]:<8} {graph:12.2f} {wall:12.2f} {steps / (wall - graph):14.1f} {m['peak_memory_bytes'] / 2**20:14.0f}")
PY
  done
done
