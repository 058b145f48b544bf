"""The README's query catalogue (tools/query_catalogue.py) is in sync with queries/*.rq."""

from __future__ import annotations

import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "tools"))

import query_catalogue  # noqa: E402


def test_the_readme_catalogue_is_in_sync_with_the_queries():
    assert query_catalogue.main(["--check"]) == 0, "run .venv/bin/python tools/query_catalogue.py"


def test_every_query_has_a_row_with_both_titles():
    rows = [line for line in query_catalogue.query_catalogue().splitlines() if line.startswith("| `")]
    assert len(rows) == len(list(query_catalogue.QUERIES.glob("*.rq")))
    assert all(" / " in line.split("|")[2] and line.split("|")[2].strip() != "/" for line in rows)
