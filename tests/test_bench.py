"""`biopolicy bench` in the checkout: the figures issue #11 asks for, on stdout and in --json."""

from __future__ import annotations

import json
from pathlib import Path

from biopolicy.graph.cli import main

KEYS = {"plans", "build_s", "incremental_build_s", "triples", "validate_ms", "extract_ms_per_doc", "queries"}


def test_bench_prints_and_writes_every_figure_for_each_size(tmp_path, capsys):
    figures = tmp_path / "bench.json"
    argv = ["bench", "--plans", "1,2", "--repeat", "1", "--baseline-max", "1", "--json", str(figures),
            "--documents", str(tmp_path / "no-documents"), "--work", str(tmp_path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    for heading in ("### Builds and store", "### Validating one new plan", "### Canned queries",
                    "### Canned queries through the endpoint", "### rdflib in memory against Oxigraph live"):
        assert heading in out
    results = json.loads(figures.read_text(encoding="utf-8"))
    assert [r["plans"] for r in results] == [1, 2]
    for result in results:
        assert KEYS <= set(result)
        assert result["build_s"] > 0 and result["incremental_build_s"] > 0 and result["triples"] > 0
        assert all({"p50_ms", "p95_ms", "live_p50_ms", "live_p95_ms"} <= set(q) for q in result["queries"].values())
        assert all(q["endpoint_p95_ms"] >= q["endpoint_p50_ms"] > 0 for q in result["queries"].values())
        assert "plans" in result["queries"]
    assert results[0]["rdflib_rows_equal"] is not None and results[1]["rdflib_ratio"] is None


def test_the_validation_engines_script_times_both_paths():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import validation_engines

    from biopolicy.graph import validate as v

    name, ntriples = validation_engines.plans(1)[0]
    found = validation_engines.time_engines(ntriples, 1, v.context())
    assert name == "synthetic 0" and set(found) == set(v.ENGINES) and all(ms > 0 for ms in found.values())
