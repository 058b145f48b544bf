"""Write ontology/biopolicy.owl, the RDF/XML form of ontology/biopolicy.ttl, for Protégé and owlready2.

    .venv/bin/python tools/ontology_rdfxml.py           # rewrite ontology/biopolicy.owl
    .venv/bin/python tools/ontology_rdfxml.py --check   # exit 1 if it no longer says what the Turtle says

The Turtle file is the one that is edited; this file is derived from it. owlready2 reads RDF/XML,
OWL/XML and N-Triples but not Turtle, and Protégé users expect an ``.owl`` file. ``--check``
compares the two graphs. The file is written in a fixed order (blank nodes relabelled canonically,
statements sorted) so that a change to the Turtle shows as a small diff of the RDF/XML.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import isomorphic, to_canonical_graph

REPOSITORY = Path(__file__).resolve().parents[1]
TURTLE = REPOSITORY / "ontology" / "biopolicy.ttl"
RDFXML = REPOSITORY / "ontology" / "biopolicy.owl"
HEADER = "<!-- Generated from ontology/biopolicy.ttl by tools/ontology_rdfxml.py: edit the Turtle, not this file. -->\n"


def rdfxml(turtle: Path = TURTLE) -> str:
    """The ontology as RDF/XML, with a comment naming its source.

    Written by Oxigraph from the statements in sorted order, blank nodes relabelled canonically:
    equal graphs give equal files, so a change to the Turtle shows as a small diff here (rdflib's
    writer orders subjects by a hash that changes from run to run)."""
    graph = Graph(bind_namespaces="none").parse(turtle)
    lines = to_canonical_graph(graph).serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    ntriples = "".join(sorted(f"{line}\n" for line in lines if line.strip()))
    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}
    statements = ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    text = ox.serialize(statements, format=ox.RdfFormat.RDF_XML, prefixes=prefixes).decode("utf-8")
    declaration, _, body = text.partition("\n")
    return f"{declaration}\n{HEADER}{body}"


def in_sync(turtle: Path = TURTLE, owl: Path = RDFXML) -> bool:
    return owl.is_file() and isomorphic(Graph().parse(turtle), Graph().parse(owl, format="xml"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write or check ontology/biopolicy.owl (RDF/XML) from the Turtle.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the RDF/XML file is missing or out of date")
    args = parser.parse_args(argv)
    if args.check:
        if in_sync():
            return 0
        print(f"{RDFXML.relative_to(REPOSITORY)} is out of date: run .venv/bin/python tools/ontology_rdfxml.py",
              file=sys.stderr)
        return 1
    temporary = RDFXML.with_suffix(".owl.tmp")
    temporary.write_text(rdfxml(), encoding="utf-8")
    temporary.replace(RDFXML)
    print(f"wrote {RDFXML.relative_to(REPOSITORY)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
