"""Issue #9: ``biopolicy query --format tsv`` wrote plain values (``2``, an IRI without ``<>``)
under a header without ``?``, while the endpoint's TSV is the W3C SPARQL 1.1 TSV term syntax.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from biopolicy.graph import store as st
from biopolicy.graph.cli import main
from tests.graph_fixtures import fake_loaders

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture()
def store_dir(tmp_path, monkeypatch) -> Path:
    fake_loaders.install(monkeypatch)
    path = tmp_path / "build"
    fake_loaders.build_fixture_store(path)
    return path


def test_cli_tsv_writes_rdf_terms_in_the_w3c_syntax(store_dir, tmp_path, capsysbinary):
    query = tmp_path / "terms.rq"
    query.write_text(
        f"""SELECT ?plan ?title ?count ?text ?nothing WHERE {{
  BIND(<{st.ID}plan/{fake_loaders.PLAN_KEYS['xiamen']}> AS ?plan)
  BIND("厦门"@zh AS ?title) BIND(3 AS ?count) BIND("a\\tb\\nc \\"d\\"" AS ?text)
}}""",
        encoding="utf-8",
    )
    assert main(["query", str(query), "--store", str(store_dir), "--format", "tsv"]) == 0
    lines = capsysbinary.readouterr().out.decode().split("\n")
    assert lines[0] == "?plan\t?title\t?count\t?text\t?nothing"
    assert lines[1].split("\t") == [
        f"<{st.ID}plan/{fake_loaders.PLAN_KEYS['xiamen']}>",
        '"厦门"@zh',
        f'"3"^^<{XSD}integer>',
        '"a\\tb\\nc \\"d\\""',
        "",
    ]
    assert lines[2:] == [""]
