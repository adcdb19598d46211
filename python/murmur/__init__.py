"""Murmur from Python: load a scenario, step a market, read its metrics as pandas DataFrames
and its customers as numpy arrays; run batches and comparisons. Everything runs in Murmur's
C++ library (the one the murmur command uses); see docs/python.md.

    import murmur
    sim = murmur.Simulation(murmur.load("scenarios/default.yaml"), seed=7, threads=2)
    print(sim.run().metrics().tail())
"""

from pathlib import Path
from typing import Any, NamedTuple

# pandas is imported by the calls that return DataFrames, so that stepping a simulation and
# reading its customers need only numpy.
from ._murmur import Scenario, ScenarioError, Simulation

__all__ = ["Scenario", "ScenarioError", "Simulation", "BatchResult", "load", "batch", "compare"]


def _override_text(value):
    """A Python value as the YAML scalar or flow node an override ("key=value") takes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    import json

    return json.dumps(value)


def _overrides(values):
    return [f"{key}={_override_text(value)}" for key, value in (values or {}).items()]


def load(path, set=None):
    """Reads and checks a scenario file; `set` maps keys to values as `murmur run --set` does
    (e.g. {"brands[0].ad_budget": 4, "steps": 52}). Raises ScenarioError (a ValueError) naming
    the file, line, column and key of the first problem; `.issues` lists every one."""
    return _murmur_load(Path(path), _overrides(set))


from ._murmur import _load as _murmur_load  # noqa: E402


class BatchResult(NamedTuple):
    """What murmur.batch wrote: runs.csv and summary.csv as DataFrames, and the directory."""

    runs: Any  # pandas.DataFrame
    summary: Any  # pandas.DataFrame
    directory: Path


def _read_csv(path):
    import pandas as pd

    # round_trip: the files print the shortest text that reads back to the same double.
    return pd.read_csv(path, float_precision="round_trip", keep_default_na=False,
                       na_values=["NA"])


def batch(experiment, out=None, threads=0):
    """Runs an experiment file (`murmur batch`): every point and replicate, resumable, into
    `out` (default results/<experiment name>). Returns a BatchResult with runs.csv and
    summary.csv as DataFrames. Ctrl-C stops it between runs (the finished ones stay stored)."""
    from ._murmur import _batch

    files = _batch(Path(experiment), None if out is None else Path(out), threads)
    return BatchResult(_read_csv(files["runs_csv"]), _read_csv(files["summary_csv"]),
                       Path(files["directory"]))


def compare(a, b=None, n=20, seed=1, threads=0, set_a=None, set_b=None):
    """Compares two scenarios (`murmur compare`): `n` replicates of each on the same seeds,
    the final week's mean, sd and 95% CI of A, of B and of the paired difference B - A, per
    brand and metric. `a` and `b` are scenario files or Scenarios (their set= values apply);
    without `b`, B is A with `set_b`. Returns a DataFrame; its .attrs hold the seeds, what B
    changes ("differences"), warnings and each arm's last week."""
    from ._murmur import _compare

    def arm(scenario):
        return scenario if isinstance(scenario, Scenario) else Path(scenario)

    result = _compare(arm(a), None if b is None else arm(b), n, seed, threads,
                      _overrides(set_a), _overrides(set_b))
    import pandas as pd

    table = pd.DataFrame(result.pop("rows"))
    table.attrs.update(result)
    return table
