"""Write the README's table of the ontology's classes and properties, generated from ontology/biopolicy.ttl.

    .venv/bin/python tools/ontology_table.py           # rewrite the table in README.md
    .venv/bin/python tools/ontology_table.py --check   # exit 1 if README.md is out of date

Only the text strictly between ``<!-- ontology-table:start -->`` and ``<!-- ontology-table:end -->``
is replaced; the rest of the README is left byte for byte as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from biopolicy.loaders import namespaces as ns

REPOSITORY = Path(__file__).resolve().parents[1]
ONTOLOGY = REPOSITORY / "ontology" / "biopolicy.ttl"
README = REPOSITORY / "README.md"
START = "<!-- ontology-table:start -->"
END = "<!-- ontology-table:end -->"
BP = ns.BP
KINDS = {OWL.Class: "class", OWL.ObjectProperty: "object property", OWL.DatatypeProperty: "datatype property"}
ALIGNMENTS = ((RDFS.subClassOf, "{}"), (RDFS.subPropertyOf, "{}"), (OWL.inverseOf, "inverse of {}"), (RDFS.seeAlso, "see {}"))


class TableError(Exception):
    """The README has no well-formed pair of markers."""


def short(graph: Graph, iri: URIRef) -> str:
    prefix, namespace, name = graph.namespace_manager.compute_qname(str(iri), generate=False)
    return f"{prefix}:{name}" if prefix else str(iri)


def label(graph: Graph, term: URIRef, language: str) -> str:
    found = [str(value) for value in graph.objects(term, RDFS.label) if value.language == language]
    return found[0].replace("|", "\\|") if found else ""


def aligned_to(graph: Graph, term: URIRef) -> str:
    targets = [
        template.format(f"`{short(graph, target)}`")
        for predicate, template in ALIGNMENTS
        for target in sorted(graph.objects(term, predicate))
        if isinstance(target, URIRef) and (predicate != RDFS.seeAlso or not str(target).startswith(ns.BASE))
    ]
    return ", ".join(targets)


def ontology_table(ontology: Path = ONTOLOGY) -> str:
    """The Markdown table: one row per class, then per object and datatype property, by name."""
    graph = Graph().parse(ontology)
    rows = []
    for kind, kind_name in KINDS.items():
        for term in sorted(t for t in graph.subjects(RDF.type, kind) if isinstance(t, URIRef) and str(t).startswith(BP)):
            rows.append(
                f"| `{short(graph, term)}` | {label(graph, term, 'zh')} | {label(graph, term, 'en')} | {kind_name} "
                f"| {aligned_to(graph, term)} |"
            )
    return "\n".join(
        [
            f"Classes and properties of the ontology (`bp:` is `{BP}`), generated from "
            "`ontology/biopolicy.ttl` by `tools/ontology_table.py`; `make docs` writes the full HTML documentation.",
            "",
            "| term | 中文 | English | kind | aligned to |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )


def with_table(readme: str, table: str, start: str = START, end: str = END) -> str:
    """``readme`` with the text between the markers replaced by ``table`` (other tools reuse it with their markers)."""
    if readme.count(start) != 1 or readme.count(end) != 1 or readme.index(start) > readme.index(end):
        raise TableError(f"README.md needs exactly one {start} followed by one {end}")
    head, rest = readme.split(start, 1)
    _old, tail = rest.split(end, 1)
    return f"{head}{start}\n{table}\n{end}{tail}"


def sync_readme(readme: Path, table: str, what: str, tool: str, check: bool, start: str = START, end: str = END) -> int:
    """Write ``table`` between the markers of ``readme`` or, with ``check``, only say whether it is stale.

    Exit codes: 0 in sync (or rewritten), 1 stale under ``check``, 2 markers missing.
    """
    current = readme.read_text(encoding="utf-8")
    try:
        updated = with_table(current, table, start, end)
    except TableError as error:
        print(f"error: {readme}: {error}", file=sys.stderr)
        return 2
    if updated == current:
        return 0
    if check:
        print(f"{readme}: the {what} is out of date; run .venv/bin/python tools/{tool}", file=sys.stderr)
        return 1
    readme.write_text(updated, encoding="utf-8")
    print(f"updated the {what} in {readme}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the README's table is out of date")
    parser.add_argument("--readme", type=Path, default=README, help=argparse.SUPPRESS)
    parser.add_argument("--ontology", type=Path, default=ONTOLOGY, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return sync_readme(args.readme, ontology_table(args.ontology), "ontology table", "ontology_table.py", args.check)


if __name__ == "__main__":
    sys.exit(main())
