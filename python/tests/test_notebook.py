"""The example notebook runs: every code cell, in order, in a fresh Jupyter kernel (nbconvert's
ExecutePreprocessor, Debian's python3-nbconvert and python3-ipykernel), and is stored with its
outputs stripped."""

import json
import os

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "python" / "murmur_tour.ipynb"


def test_the_notebook_is_stored_without_outputs():
    for cell in json.loads(NOTEBOOK.read_text())["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_every_code_cell_of_the_tour_runs(monkeypatch):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # ipykernel's debugger warning
    # The kernel starts in the notebook's folder: the module's path must not be relative.
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(os.path.abspath(p) for p in paths if p))
    # The kernel is this interpreter (ipykernel's native "python3" kernel), with its PYTHONPATH.
    executor = ExecutePreprocessor(timeout=600, kernel_name="python3")
    executor.preprocess(notebook, {"metadata": {"path": str(NOTEBOOK.parent)}})
    outputs = [cell.outputs for cell in notebook.cells if cell.cell_type == "code"]
    assert all(output.get("output_type") != "error" for cell in outputs for output in cell)
    # The sweep's table and the fork's comparison were shown.
    text = json.dumps(outputs)
    assert "ad_budget" in text and "Delight with it" in text
