"""The murmur module's Simulation: loading, stepping, levers, interventions, forks, saved
states, metrics and the customer views, each against the CLI or the model's own answer."""

import subprocess
import threading
import time
import _thread

import numpy as np
import pandas as pd
import pytest

import murmur
from conftest import DEFAULT, SMALL


def test_load_applies_overrides(small):
    assert small.customers == 2000 and small.steps == 20
    assert small.brands[0] == "MassAd"
    assert small.overrides == ["population.customers=2000", "steps=20"]


def test_a_bad_value_raises_scenario_error_with_its_place(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEFAULT.read_text().replace("ad_budget: 8", "ad_budget: -1", 1))
    with pytest.raises(murmur.ScenarioError) as caught:
        murmur.load(bad)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.file == str(bad)
    assert error.key == "brands[0].ad_budget"
    line = next(i for i, text in enumerate(bad.read_text().splitlines(), 1) if "-1" in text)
    assert error.line == line and error.column > 0
    assert error.issues[0]["key"] == "brands[0].ad_budget"


def test_an_unknown_override_names_set_and_suggests_the_key():
    with pytest.raises(murmur.ScenarioError) as caught:
        murmur.load(DEFAULT, set={"brands[0].ad_budgt": 4})
    assert caught.value.file == "--set"
    assert caught.value.issues[0]["suggestion"] == "ad_budget"


def test_step_run_and_week(small):
    sim = murmur.Simulation(small, seed=7, threads=2)
    assert sim.week == 0
    sim.step(3)
    assert sim.week == 3
    assert sim.run() is sim
    assert sim.week == small.steps
    sim.step()
    assert sim.week == small.steps + 1


def test_metrics_are_the_bytes_of_the_cli_run(small, murmur_cli, tmp_path):
    """Same scenario and seed: the module's metrics are metrics.csv byte for byte, and the
    DataFrame holds exactly its values (read back as the same doubles)."""
    subprocess.run([murmur_cli, "run", str(DEFAULT), "--seed", "7", "--threads", "2", "--quiet",
                    "--set", "population.customers=2000", "--set", "steps=20",
                    "--out", str(tmp_path / "cli")], check=True, capture_output=True)
    cli_csv = tmp_path / "cli" / "metrics.csv"
    sim = murmur.Simulation(small, seed=7, threads=1).run()
    sim.write_metrics_csv(tmp_path / "py.csv")
    assert (tmp_path / "py.csv").read_bytes() == cli_csv.read_bytes()

    frame = sim.metrics()
    assert list(frame.columns) == ["step", "brand", "generation", "metric", "value"]
    expected = pd.read_csv(cli_csv, float_precision="round_trip", dtype={"generation": str})
    pd.testing.assert_frame_equal(frame, expected, check_exact=True)


def test_the_state_hash_is_the_cli_manifests(small, murmur_cli, tmp_path):
    import json

    subprocess.run([murmur_cli, "run", str(DEFAULT), "--seed", "7", "--quiet",
                    "--set", "population.customers=2000", "--set", "steps=20",
                    "--out", str(tmp_path / "cli")], check=True, capture_output=True)
    manifest = json.loads((tmp_path / "cli" / "manifest.json").read_text())
    sim = murmur.Simulation(small, seed=7, threads=2).run()
    assert f"{sim.state_hash:016x}" in json.dumps(manifest)


def share(sim, brand, week=None):
    frame = sim.metrics()
    week = sim.week if week is None else week
    rows = frame[(frame.step == week) & (frame.brand == brand) & (frame.generation == "all")
                 & (frame.metric == "share")]
    return float(rows.value.iloc[0])


def test_a_lever_changes_the_run_from_the_next_week(small):
    base = murmur.Simulation(small, seed=3).run()
    louder = murmur.Simulation(small, seed=3)
    louder.set_lever("MassAd", "ad_budget", 40.0)
    louder.run()
    assert share(louder, "MassAd") > share(base, "MassAd")
    by_index = murmur.Simulation(small, seed=3)
    by_index.set_lever(0, "ad_budget", 40.0)
    assert by_index.run().state_hash == louder.state_hash


def test_unknown_brand_or_lever_is_a_value_error(small):
    sim = murmur.Simulation(small)
    with pytest.raises(ValueError, match="no brand 'Nobody'"):
        sim.set_lever("Nobody", "ad_budget", 1.0)
    with pytest.raises(ValueError):
        sim.set_lever("MassAd", "no_such_lever", 1.0)


def test_apply_is_the_scenario_files_intervention(small, tmp_path):
    """An intervention applied at week 5 by hand gives the run in which the scenario file
    schedules the same one at week 5."""
    by_hand = murmur.Simulation(small, seed=5)
    by_hand.step(5)
    by_hand.apply({"kind": "scandal", "brand": "Delight", "value": 3, "weeks": 6})
    by_hand.run()
    scheduled = tmp_path / "scheduled.yaml"
    scheduled.write_text(DEFAULT.read_text() + "\ninterventions:\n"
                         "  - {at_step: 5, kind: scandal, brand: Delight, value: 3, weeks: 6}\n")
    in_file = murmur.Simulation(murmur.load(scheduled, set=SMALL), seed=5).run()
    untouched = murmur.Simulation(small, seed=5).run()
    pd.testing.assert_series_equal(by_hand.metrics().value, in_file.metrics().value)
    assert share(by_hand, "Delight") < share(untouched, "Delight")


def test_apply_checks_the_intervention_as_the_loader_does(small):
    sim = murmur.Simulation(small)
    with pytest.raises(murmur.ScenarioError) as caught:
        sim.apply({"kind": "scandal", "brand": "Nobody", "value": 3})
    assert "Nobody" in str(caught.value)
    with pytest.raises(murmur.ScenarioError) as caught:
        sim.apply({"kind": "set_lever", "brand": "MassAd", "lever": "ad_budget", "value": -2})
    assert caught.value.key.endswith(".value")


def test_a_fork_is_independent_and_continues_the_same(small):
    sim = murmur.Simulation(small, seed=11)
    sim.step(8)
    fork = sim.fork()
    assert fork.week == 8 and fork.state_hash == sim.state_hash
    fork.set_lever("MassAd", "ad_budget", 0.0)
    fork.run()
    sim.run()
    straight = murmur.Simulation(small, seed=11).run()
    assert sim.state_hash == straight.state_hash  # the fork's change did not reach sim
    assert fork.state_hash != sim.state_hash
    assert sim.fork().metrics().equals(sim.metrics())


def test_save_and_restore_continue_bit_for_bit(small):
    sim = murmur.Simulation(small, seed=13, threads=2)
    sim.step(9)
    data = sim.save()
    assert isinstance(data, bytes)
    restored = murmur.Simulation.restore(small, data, threads=1)
    assert restored.week == 9 and restored.seed == 13
    restored.run()
    sim.run()
    assert restored.state_hash == sim.state_hash
    pd.testing.assert_frame_equal(restored.metrics(), sim.metrics(), check_exact=True)


def test_restore_refuses_damaged_bytes_and_another_graph(small):
    data = murmur.Simulation(small, seed=13).save()
    damaged = data[:-1] + bytes([data[-1] ^ 1])
    with pytest.raises(murmur.ScenarioError, match="checksum"):
        murmur.Simulation.restore(small, damaged)
    other = murmur.load(DEFAULT, set={**SMALL, "population.customers": 3000})
    with pytest.raises(murmur.ScenarioError):
        murmur.Simulation.restore(other, data)


def test_customers_are_read_only_views_of_the_model(small):
    sim = murmur.Simulation(small, seed=2)
    arrays = sim.customers()
    brand = arrays["brand"]
    assert brand.dtype == np.uint8 and brand.shape == (2000,)
    assert arrays["attitude"].shape == (2000, len(small.brands))
    assert arrays["satisfaction"].dtype == np.float32
    for array in arrays.values():
        assert array.flags.writeable is False
        assert array.base is sim  # no copy: the simulation owns the memory
        with pytest.raises(ValueError):
            array.setflags(write=True)
    before = brand.copy()
    sim.step(10)  # a view shows the live state
    assert not np.array_equal(before, brand)
    assert np.array_equal(brand, sim.customers()["brand"])
    # The views agree with the metrics: customers of each brand over all customers.
    counts = np.bincount(brand[brand != 255], minlength=len(small.brands))
    for index, name in enumerate(small.brands):
        assert counts[index] / 2000 == pytest.approx(share(sim, name), abs=0.0)


def test_a_view_keeps_its_simulation_alive(small):
    view = murmur.Simulation(small, seed=2).customers()["satisfaction"]
    import gc

    gc.collect()
    assert float(view.sum()) == float(view.sum())  # memory still valid (ASan would catch a use)
    assert isinstance(view.base, murmur.Simulation)


def test_a_bass_model_has_no_customer_arrays():
    sim = murmur.Simulation(murmur.load("scenarios/bass.yaml"))
    with pytest.raises(TypeError, match="market model"):
        sim.customers()


def test_step_releases_the_gil(tmp_path):
    """While one long step call runs, another Python thread keeps running."""
    sim = murmur.Simulation(murmur.load(DEFAULT, set={"steps": 104}), threads=1)
    ticks = []
    done = threading.Event()

    def count():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    started = time.perf_counter()
    sim.step(40)
    finished = time.perf_counter()
    done.set()
    counter.join()
    during = [t for t in ticks if started < t < finished]
    # 40 weeks of 20,000 customers take far over 50 ms; with the GIL held the counter could
    # tick at most at the call's edges.
    assert finished - started > 0.05
    assert len(during) >= 10


def test_ctrl_c_stops_between_weeks_and_leaves_the_simulation_whole(tmp_path):
    sim = murmur.Simulation(murmur.load(DEFAULT, set={"steps": 2000}), seed=4, threads=1)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        sim.step(2000)
    timer.join()
    stopped = sim.week
    assert 0 < stopped < 2000
    # Whole at the last finished week: the same state as a run stepped that far.
    straight = murmur.Simulation(murmur.load(DEFAULT, set={"steps": 2000}), seed=4)
    straight.step(stopped)
    assert sim.state_hash == straight.state_hash
    assert sim.metrics().equals(straight.metrics())


def test_a_simulation_takes_one_call_at_a_time():
    """While one thread steps it (without the GIL), another thread's call is refused rather
    than reading a week half done; week stays readable, and a fork is free to use."""
    sim = murmur.Simulation(murmur.load(DEFAULT, set={"steps": 2000}), threads=1)
    other = sim.fork()
    stepping = threading.Thread(target=sim.step, args=(60,))
    stepping.start()
    while sim.week == 0:
        time.sleep(0.001)
    with pytest.raises(RuntimeError, match="busy in another thread"):
        sim.metrics()
    with pytest.raises(RuntimeError, match="busy"):
        sim.set_lever("MassAd", "ad_budget", 1.0)
    other.step(2)
    assert 0 < sim.week <= 60
    stepping.join()
    assert sim.week == 60 and len(sim.metrics()) > 0
