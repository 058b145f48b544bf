"""``docs/explore.ipynb`` runs from top to bottom on a store built from ``documents/`` (nbclient, its own kernel)."""

from __future__ import annotations

from pathlib import Path

import pytest

from biopolicy.graph.build import build

nbformat = pytest.importorskip("nbformat", reason="the notebook dependencies (pyproject's notebook extra) are not installed")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "explore.ipynb"


def test_the_notebook_runs_and_shows_a_dataframe_and_a_chart(tmp_path, monkeypatch):
    store = tmp_path / "build"
    build(ROOT / "documents", store, cache=False, workers=1)
    monkeypatch.setenv("BIOPOLICY_STORE", str(store))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), "commit it without outputs"
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    tables = [output["data"]["text/html"] for output in outputs if "text/html" in output.get("data", {})]
    assert any("<table" in table and "厦门市" in table for table in tables)
    assert any("image/png" in output.get("data", {}) for output in outputs)
    assert not any("missing from font" in output.get("text", "") for output in outputs)
