"""The README's ontology table (tools/ontology_table.py) is in sync with ontology/biopolicy.ttl."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "tools"))

import ontology_table  # noqa: E402


def test_the_readme_table_is_in_sync_with_the_ontology():
    assert ontology_table.main(["--check"]) == 0, "run .venv/bin/python tools/ontology_table.py"


def test_the_table_has_one_row_per_class_and_property():
    graph = Graph().parse(ontology_table.ONTOLOGY)
    terms = {
        str(t) for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for t in graph.subjects(RDF.type, kind) if str(t).startswith(ontology_table.BP)
    }
    rows = [line for line in ontology_table.ontology_table().splitlines() if line.startswith("| `bp:")]
    assert len(rows) == len(terms) > 50
    assert "| `bp:Plan` | 政策规划文件 | Plan | class | `eli:LegalResource` |" in rows
    assert "| `bp:evidence` | 有原文依据 | evidence | object property | `prov:wasDerivedFrom`, inverse of `oa:hasBody` |" in rows


def test_check_fails_on_a_stale_table_and_a_rewrite_touches_only_the_table(tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n\nbefore\n{ontology_table.START}\nold table\n{ontology_table.END}\nafter\n", encoding="utf-8")
    assert ontology_table.main(["--check", "--readme", str(readme)]) == 1
    assert "the ontology table is out of date" in capsys.readouterr().err
    assert ontology_table.main(["--readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith(f"# title\n\nbefore\n{ontology_table.START}\n") and text.endswith(f"\n{ontology_table.END}\nafter\n")
    assert "old table" not in text and "| `bp:Task` |" in text
    assert ontology_table.main(["--check", "--readme", str(readme)]) == 0


@pytest.mark.parametrize(
    "readme",
    ["no markers\n", f"{ontology_table.END}\n{ontology_table.START}\n", f"{ontology_table.START}\n{ontology_table.START}\n{ontology_table.END}\n"],
    ids=["missing", "reversed", "doubled"],
)
def test_malformed_markers_are_an_error_that_changes_nothing(tmp_path, capsys, readme):
    path = tmp_path / "README.md"
    path.write_text(readme, encoding="utf-8")
    assert ontology_table.main(["--readme", str(path)]) == 2
    assert path.read_text(encoding="utf-8") == readme
    assert "needs exactly one" in capsys.readouterr().err
