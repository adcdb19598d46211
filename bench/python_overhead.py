#!/usr/bin/env python3
"""The Python module's overhead against the murmur command on the same run.

Times `murmur run` (a process: build the world, step, write metrics.csv and manifest.json)
and the same scenario, seed and threads through the module (load, Simulation(...).run(),
write_metrics_csv and the state hash the command's manifest records, inside this process,
after the import), alternately so that a busy
machine slows both alike, and prints the median of each and their ratio. Not run by ctest
(about two minutes at the defaults); bench/README.md has the figure.

usage: PYTHONPATH=build/python /usr/bin/python3 bench/python_overhead.py [--customers 1000000]
           [--steps 104] [--threads 2] [--repetitions 3] [--murmur build/cli/murmur]
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import murmur

ROOT = Path(__file__).resolve().parents[1]


def time_cli(args, scenario, out):
    started = time.perf_counter()
    subprocess.run([args.murmur, "run", str(scenario), "--seed", "7", "--threads",
                    str(args.threads), "--quiet", "--set", f"population.customers={args.customers}",
                    "--set", f"steps={args.steps}", "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def time_module(args, scenario, out):
    started = time.perf_counter()
    loaded = murmur.load(scenario, set={"population.customers": args.customers,
                                        "steps": args.steps})
    sim = murmur.Simulation(loaded, seed=7, threads=args.threads).run()
    sim.write_metrics_csv(out)
    state_hash = sim.state_hash  # the command hashes the final state for its manifest
    return time.perf_counter() - started, state_hash


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--steps", type=int, default=104)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--murmur", default=str(ROOT / "build" / "cli" / "murmur"))
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "default.yaml"))
    args = parser.parse_args()

    cli_seconds, module_seconds = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for repetition in range(args.repetitions):
            out = Path(scratch) / f"cli-{repetition}"
            cli_seconds.append(time_cli(args, args.scenario, out))
            seconds, state_hash = time_module(args, args.scenario, Path(scratch) / f"py-{repetition}.csv")
            module_seconds.append(seconds)
            same = (out / "metrics.csv").read_bytes() == \
                (Path(scratch) / f"py-{repetition}.csv").read_bytes()
            print(f"repetition {repetition + 1}: murmur run {cli_seconds[-1]:.2f} s, "
                  f"module {module_seconds[-1]:.2f} s, metrics.csv identical: {same}",
                  flush=True)
            manifest = json.loads((out / "manifest.json").read_text())
            if not same or manifest["final_state_hash"] != f"{state_hash:016x}":
                sys.exit("the module's metrics.csv or final state differs from the command's")
    cli, module = statistics.median(cli_seconds), statistics.median(module_seconds)
    print(f"{args.customers} customers, {args.steps} weeks, {args.threads} threads, median of "
          f"{args.repetitions}: murmur run {cli:.2f} s, module {module:.2f} s, "
          f"module / command {module / cli:.3f}")


if __name__ == "__main__":
    main()
