#!/usr/bin/env bash
# batch_manifest.sh MURMUR DATA SCENARIOS OUT: the manifests hold what repeats a run on another
# machine and nothing false (issue 16.9). A batch's manifest.json: threads, the experiment's
# overrides, the resolved scenario and its hash, the replicate seeds (each run's seed in
# runs.csv among them), the scenario path without "..", the platform. A run's: the platform,
# and no 4294967295 for a brand that never exits.
set -eu
murmur=$1; data=$2; scenarios=$3; out=$4
rm -rf "$out"; mkdir -p "$out"

"$murmur" batch "$data/../$(basename "$data")/experiment_small.yaml" --out "$out/batch" \
  --threads 2 --quiet
python3 - "$out/batch/manifest.json" "$out/batch/runs.csv" <<'PY'
import csv, json, sys
m = json.load(open(sys.argv[1]))
def check(ok, what):
    if not ok:
        print(json.dumps(m, indent=2)); sys.exit(f"FAIL: batch manifest: {what}")
check(m["threads"] == 2, "threads")
check(".." not in m["scenario"]["file"] and m["scenario"]["file"].endswith("scenarios/bass_network.yaml"), "scenario path normalised")
check(".." not in m["experiment"]["file"], "experiment path normalised")
check(m["scenario"]["overrides"] == ["population.customers=2000", "steps=40"], "overrides")
check(len(m["scenario"]["resolved_hash_xxh3_64"]) == 16, "resolved scenario hash")
check(m["scenario"]["parameters"]["population"]["customers"] == 2000, "resolved scenario")
check(m["master_seed"] == 11 and "53 bits" in m["replicate_seed_rule"], "seed rule")
seeds = m["replicate_seeds"]
check(len(seeds) == 4 and all(s < 2**53 for s in seeds), "replicate seeds")
with open(sys.argv[2]) as f:
    run_seeds = {int(row["seed"]) for row in csv.DictReader(f)}
check(run_seeds == set(seeds), "runs.csv seeds are the manifest's replicate seeds")
p = m["platform"]
check(p["os"]["name"] and p["os"]["release"] and p["os"]["machine"], "platform os")
check(p["compiler"] and "cpu" in p, "platform compiler and cpu")
check(all(p["libraries"].get(k) for k in ("oneTBB", "Boost", "yaml-cpp", "fmt", "nlohmann_json")), "library versions")
PY

"$murmur" run "$scenarios/default.yaml" --steps 2 --quiet --out "$out/run"
python3 - "$out/run/manifest.json" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
m = json.loads(text)
if "4294967295" in text: sys.exit("FAIL: run manifest holds 4294967295")
if not all(b["exit_step"] is None for b in m["parameters"]["brands"]): sys.exit("FAIL: exit_step is not null")
if not (m["platform"]["os"]["name"] and m["platform"]["libraries"]["oneTBB"]): sys.exit("FAIL: run manifest platform")
PY
echo "ok: manifests hold the platform, the seeds, the overrides and the resolved scenario"
