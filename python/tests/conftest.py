"""Fixtures of the murmur Python tests. ctest runs them from the source root with
PYTHONPATH=build/python and MURMUR_CLI naming the murmur command (python/CMakeLists.txt)."""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "scenarios" / "default.yaml"
# Small enough for a test: 2,000 customers, 20 weeks (the default has 20,000 and 104).
SMALL = {"population.customers": 2000, "steps": 20}


@pytest.fixture
def murmur_cli():
    """The murmur command built beside the module."""
    path = os.environ.get("MURMUR_CLI") or shutil.which("murmur")
    if not path:
        pytest.fail("MURMUR_CLI is not set (ctest sets it; see python/CMakeLists.txt)")
    return path


@pytest.fixture
def small():
    import murmur

    return murmur.load(DEFAULT, set=SMALL)
