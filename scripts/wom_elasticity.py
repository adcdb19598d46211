#!/usr/bin/env python3
"""The elasticity of a brand's sales to the volume of its word of mouth (docs/model.md,
"Calibration against meta-analyses"; You, Vadakkepatt & Joshi 2015 as the reference).

Word of mouth has no budget to change, so its volume is moved from outside: every
generation's talkativeness (theta) is scaled by 1 - d and 1 + d, each arm on the same seeds
(common random numbers). For each brand and seed, the elasticity is the arc change of its
purchases over the arc change of its positive messages (and of all its messages, the volume
You et al. measure), both summed over the run. Prints the mean over seeds with a 95% interval,
per brand and averaged over brands.

    scripts/wom_elasticity.py [--scenario scenarios/default.yaml] [--replicates 10] [--change 0.1]

Only the standard library; needs a built murmur (build/cli/murmur or --murmur).
"""

import argparse
import csv
import math
import os
import statistics
import subprocess
import sys
import tempfile

GENERATIONS = ("1.0", "2.0", "3.0", "4.0", "5.0")
# Two-sided 95% quantiles of Student's t by degrees of freedom (1..30).
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def default_thetas(repository):
    """Each generation's theta, from the generated key reference (one source of truth)."""
    with open(os.path.join(repository, "scenarios", "README.md"), encoding="utf-8") as readme:
        for line in readme:
            if line.startswith("| `generations[name].wom_talkativeness`"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                return dict(zip(GENERATIONS, (float(c) for c in cells[4:9])))
    sys.exit("scenarios/README.md has no wom_talkativeness row")


def run_totals(murmur, scenario, seed, overrides, directory):
    """Per brand: purchases, positive and all messages, summed over every week after 0."""
    command = [murmur, "run", scenario, "--seed", str(seed), "--out", directory, "--quiet"]
    for option in overrides:
        command += ["--set", option]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    totals = {}
    with open(os.path.join(directory, "metrics.csv"), newline="", encoding="utf-8") as metrics:
        for row in csv.DictReader(metrics):
            if row["generation"] != "all" or row["brand"] == "all" or row["step"] == "0":
                continue
            if row["metric"] not in ("purchases", "wom_positive", "wom_negative"):
                continue
            brand = totals.setdefault(row["brand"], {"purchases": 0.0, "wom_positive": 0.0,
                                                     "wom_negative": 0.0})
            brand[row["metric"]] += float(row["value"])
    return totals


def arc(low, high):
    """Relative change of a quantity against the mean of its two values."""
    return (high - low) / ((high + low) / 2.0)


def summary(values):
    """Mean and 95% half-width over the seeds where the elasticity is defined."""
    values = [v for v in values if math.isfinite(v)]
    if not values:
        return float("nan"), float("nan")
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, float("nan")
    t = T975[min(len(values) - 1, len(T975)) - 1]
    return mean, t * statistics.stdev(values) / math.sqrt(len(values))


def main():
    repository = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default=os.path.join(repository, "scenarios", "default.yaml"))
    parser.add_argument("--replicates", type=int, default=10)
    parser.add_argument("--change", type=float, default=0.1, help="relative change of theta")
    parser.add_argument("--murmur", default=os.path.join(repository, "build", "cli", "murmur"))
    args = parser.parse_args()
    thetas = default_thetas(repository)

    by_brand = {}
    with tempfile.TemporaryDirectory(prefix="murmur-wom-") as scratch:
        for seed in range(1, args.replicates + 1):
            arms = []
            for name, scale in (("less", 1.0 - args.change), ("more", 1.0 + args.change)):
                overrides = [f"generations[{g}].wom_talkativeness={theta * scale!r}"
                             for g, theta in thetas.items()]
                arms.append(run_totals(args.murmur, args.scenario, seed, overrides,
                                       os.path.join(scratch, f"{name}-{seed}")))
            less, more = arms
            for brand in less:
                sales = arc(less[brand]["purchases"], more[brand]["purchases"])
                positive = arc(less[brand]["wom_positive"], more[brand]["wom_positive"])
                volume = arc(less[brand]["wom_positive"] + less[brand]["wom_negative"],
                             more[brand]["wom_positive"] + more[brand]["wom_negative"])
                entry = by_brand.setdefault(brand, {"positive": [], "volume": []})
                entry["positive"].append(sales / positive if positive else math.nan)
                entry["volume"].append(sales / volume if volume else math.nan)

    print(f"elasticity of sales to word-of-mouth volume, theta x (1 -/+ {args.change}), "
          f"{args.replicates} paired seeds, mean [95% CI]")
    print(f"{'brand':<12}{'to positive messages':>28}{'to all messages':>28}")
    averages = {"positive": [], "volume": []}
    for brand, entry in by_brand.items():
        cells = []
        for kind in ("positive", "volume"):
            mean, half = summary(entry[kind])
            averages[kind].append(mean)
            cells.append(f"{mean:.3f} [{mean - half:.3f}, {mean + half:.3f}]")
        print(f"{brand:<12}{cells[0]:>28}{cells[1]:>28}")
    print(f"{'mean':<12}{statistics.fmean(averages['positive']):>28.3f}"
          f"{statistics.fmean(averages['volume']):>28.3f}")


if __name__ == "__main__":
    main()
