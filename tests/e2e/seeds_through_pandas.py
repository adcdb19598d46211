#!/usr/bin/env python3
"""seeds_through_pandas.py MURMUR SCENARIO_DIR WORKDIR

Issue 16.8: replicate seeds in runs.csv must survive the tools researchers read them with.
pandas reads the seed column (as integers, and forced to float64 as R and Excel do), and
the documented way to repeat one run, `murmur run <scenario> --seed <seed> --set ...`,
gives the values runs.csv holds for it, bit for bit.
"""
import csv
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd

murmur, scenarios, work = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3])
subprocess.run(["rm", "-rf", str(work)], check=True)
work.mkdir(parents=True)

# A small Bass market: 2 points x 3 replicates, 30 weeks.
experiment = work / "experiment.yaml"
experiment.write_text(f"""name: seeds
scenario: {scenarios / 'bass_network.yaml'}
master_seed: 2026
replicates: 3
set: {{population.customers: 1500, steps: 30}}
grid:
  bass.imitation_per_year: [0.38, 2.0]
keep: {{metrics: [adoption], steps: [30]}}
""")
subprocess.run([murmur, "batch", str(experiment), "--out", str(work / "batch"), "--quiet"], check=True)
runs_csv = work / "batch" / "runs.csv"

with runs_csv.open() as f:
    as_text = [row["seed"] for row in csv.DictReader(f)]
as_int = pd.read_csv(runs_csv)["seed"]
as_float = pd.read_csv(runs_csv, dtype={"seed": "float64"})["seed"]
failures = []
for text, integer, real in zip(as_text, as_int, as_float):
    if str(int(integer)) != text:
        failures.append(f"pandas read seed {text} as the integer {integer}")
    if not math.isfinite(real) or int(real) != int(text):
        failures.append(f"seed {text} read as float64 is {int(real)}")

# Repeat the last run of point 1 from its row, as the README says.
runs = pd.read_csv(runs_csv)
row = runs[(runs.point == 1)].iloc[-1]
out = work / "repeat"
subprocess.run([murmur, "run", str(scenarios / "bass_network.yaml"), "--seed", str(row.seed),
                "--set", "population.customers=1500", "--set", "steps=30",
                "--set", f"bass.imitation_per_year={row['bass.imitation_per_year']}",
                "--out", str(out), "--quiet"], check=True)
metrics = pd.read_csv(out / "metrics.csv")
repeated = metrics[(metrics.step == 30) & (metrics.metric == "adoption")]
if len(repeated) != 1 or repeated.value.iloc[0] != row.value:
    failures.append(f"the repeated run's adoption is {list(repeated.value)}, runs.csv has {row.value}")

for failure in failures:
    print("FAIL:", failure)
print(f"{len(as_text)} seeds read back exactly; one run repeated from its seed" if not failures else "")
sys.exit(1 if failures else 0)
