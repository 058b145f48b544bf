"""Write the README's catalogue of canned queries, generated from the comment headers of queries/*.rq.

    .venv/bin/python tools/query_catalogue.py           # rewrite the catalogue in README.md
    .venv/bin/python tools/query_catalogue.py --check   # exit 1 if README.md is out of date

Only the text between ``<!-- query-catalogue:start -->`` and ``<!-- query-catalogue:end -->`` changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "tools"))

from ontology_table import sync_readme  # noqa: E402

from biopolicy.graph.query import CannedQuery, catalogue  # noqa: E402
from biopolicy.loaders.families import listing_families  # noqa: E402

README = REPOSITORY / "README.md"
QUERIES = REPOSITORY / "queries"
START = "<!-- query-catalogue:start -->"
END = "<!-- query-catalogue:end -->"
LISTING = listing_families()


def row(query: CannedQuery) -> str:
    params = ", ".join(f"`{name}={default}`" if default else f"`{name}`" for name, default in query.params.items())
    cell = lambda text: text.replace("|", "\\|")  # noqa: E731
    return f"| `{query.name}` | {cell(query.title)} / {cell(query.title_zh)} | {cell(query.question)} | {params} |"


def query_catalogue(queries_dir: Path = QUERIES) -> str:
    """Two Markdown tables: the listing queries (a stable contract), then the analytical ones."""
    queries = catalogue(queries_dir)
    listing = sorted((q for q in queries if q.name in LISTING), key=lambda q: LISTING.index(q.name))
    analytical = [q for q in queries if q.name not in LISTING]
    header = ["| query | title | question | parameters |", "|---|---|---|---|"]
    return "\n".join(
        [
            f"Generated from the headers of `queries/*.rq` by `tools/query_catalogue.py`: "
            f"{len(listing)} listing queries, whose columns are a stable contract, and {len(analytical)} analytical queries.",
            "",
            "**Listing queries**",
            "",
            *header,
            *map(row, listing),
            "",
            "**Analytical queries**",
            "",
            *header,
            *map(row, analytical),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the README's catalogue is out of date")
    parser.add_argument("--readme", type=Path, default=README, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return sync_readme(args.readme, query_catalogue(), "query catalogue", "query_catalogue.py", args.check, START, END)


if __name__ == "__main__":
    sys.exit(main())
