"""murmur.batch and murmur.compare: the CLI's files and tables, as DataFrames."""

import subprocess
import time

import pandas as pd
import pytest

import murmur
from conftest import DEFAULT, SMALL


def write_experiment(directory):
    experiment = directory / "tiny.yaml"
    experiment.write_text(f"""name: tiny
scenario: {DEFAULT}
master_seed: 9
replicates: 2
set:
  population.customers: 1500
  steps: 12
grid:
  brands[MassAd].ad_budget: [0, 8]
keep:
  metrics: [share, nps]
  steps: [6, 12]
""")
    return experiment


def test_batch_returns_the_cli_batchs_tables(tmp_path, murmur_cli):
    experiment = write_experiment(tmp_path)
    result = murmur.batch(experiment, out=tmp_path / "py", threads=2)
    subprocess.run([murmur_cli, "batch", str(experiment), "--out", str(tmp_path / "cli"),
                    "--quiet"], check=True, capture_output=True)
    for name in ("runs.csv", "summary.csv"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
    assert result.directory == tmp_path / "py"
    runs = pd.read_csv(tmp_path / "cli" / "runs.csv", float_precision="round_trip")
    pd.testing.assert_frame_equal(result.runs, runs, check_exact=True)
    assert len(result.runs.run.unique()) == 4  # 2 points x 2 replicates
    assert {"point", "mean", "ci95_low", "ci95_high"} <= set(result.summary.columns)
    assert len(result.summary) > 0


def test_batch_reports_a_bad_experiment_as_scenario_error(tmp_path):
    experiment = write_experiment(tmp_path)
    experiment.write_text(experiment.read_text().replace("replicates: 2", "replicates: -2"))
    with pytest.raises(murmur.ScenarioError) as caught:
        murmur.batch(experiment, out=tmp_path / "py")
    assert caught.value.file == str(experiment) and caught.value.key == "replicates"


def test_compare_gives_the_paired_differences(small):
    table = murmur.compare(small, n=4, seed=3, threads=2,
                           set_b={"brands[MassAd].ad_budget": 30})
    assert table.attrs["differences"] == "brands[0].ad_budget (8.0 → 30.0)"
    assert len(table.attrs["seeds"]) == 4
    row = table[(table.brand == "MassAd") & (table.metric == "share")].iloc[0]
    assert row.n == 4
    assert row.difference_mean == pytest.approx(row.b_mean - row.a_mean, rel=1e-12)
    assert row.difference_ci95_low > 0  # 30 against 8 buys share with every seed
    for column in ("a_sd", "b_ci95_high", "difference_ci95_high"):
        assert column in table.columns


def test_compare_of_a_scenario_with_itself_differs_by_nothing():
    table = murmur.compare(DEFAULT, DEFAULT, n=2, set_a=SMALL, set_b=SMALL)
    assert (table.difference_mean == 0).all()
    assert table.attrs["warnings"]  # A vs A is warned about


def test_ctrl_c_stops_a_batch_between_runs_and_the_same_call_resumes(tmp_path):
    import _thread
    import threading

    experiment = write_experiment(tmp_path)
    experiment.write_text(experiment.read_text().replace("replicates: 2", "replicates: 150"))
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        murmur.batch(experiment, out=tmp_path / "stopped", threads=2)
    timer.join()
    stored = list((tmp_path / "stopped" / "runs").glob("run-*.json"))
    assert 0 < len(stored) < 300
    assert not (tmp_path / "stopped" / "runs.csv").exists()
    resumed = murmur.batch(experiment, out=tmp_path / "stopped", threads=2)
    whole = murmur.batch(experiment, out=tmp_path / "whole", threads=1)
    pd.testing.assert_frame_equal(resumed.runs, whole.runs, check_exact=True)
    assert (tmp_path / "stopped" / "summary.csv").read_bytes() == \
        (tmp_path / "whole" / "summary.csv").read_bytes()


def test_ctrl_c_stops_a_comparison_between_runs(small):
    import _thread
    import threading

    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        murmur.compare(small, n=2000, threads=2, set_b={"brands[MassAd].ad_budget": 30})
    timer.join()
    assert time.perf_counter() - started < 5  # the 4,000 runs would take far longer
