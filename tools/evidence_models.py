"""Measure a leaner evidence model against the Web Annotation one the loaders write (issue #11, aim 5).

For each document it extracts the plan graph, rewrites every evidence node the NIF way (one node
per span, its IRI the document's with an RFC 5147 fragment ``#char=start,end``, carrying
``nif:beginIndex``, ``nif:endIndex``, ``nif:anchorOf`` and ``nif:referenceContext``), and prints

- the triples of each model, in all and for the evidence alone;
- whether one SPARQL query per model gives every fact the same quote, offsets and line (the
  question the data must keep answering).

    python tools/evidence_models.py [DOCUMENT …]      # default: documents/*.txt

Figures go to BENCHMARKS.md; the decision is docs/decisions/0025-evidence-model.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

REPOSITORY = Path(__file__).resolve().parents[1]
BP = Namespace("https://w3id.org/biopolicy/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PROV = Namespace("http://www.w3.org/ns/prov#")

ANNOTATION_QUERY = """
PREFIX bp: <https://w3id.org/biopolicy/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?fact ?quote ?start ?end ?line WHERE {
  ?fact bp:evidence ?evidence .
  ?evidence bp:line ?line ; oa:hasTarget ?target .
  ?target oa:hasSelector ?position , ?quoted .
  ?position oa:start ?start ; oa:end ?end .
  ?quoted oa:exact ?quote .
}"""
NIF_QUERY = """
PREFIX bp: <https://w3id.org/biopolicy/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?fact ?quote ?start ?end ?line WHERE {
  ?fact bp:evidence ?span .
  ?span nif:anchorOf ?quote ; nif:beginIndex ?start ; nif:endIndex ?end ; bp:line ?line .
}"""


def evidence_parts(graph: Graph) -> set:
    """The evidence nodes of ``graph`` and the nodes they own (#target, #position, #quote)."""
    nodes = set(graph.subjects(RDF.type, BP.Evidence))
    return nodes | {URIRef(f"{node}#{part}") for node in nodes for part in ("target", "position", "quote")}


def to_nif(graph: Graph) -> Graph:
    """The same plan graph with each evidence node as one NIF string of the source document."""
    lean = Graph()
    parts = evidence_parts(graph)
    spans = {}
    for evidence in graph.subjects(RDF.type, BP.Evidence):
        target = graph.value(evidence, OA.hasTarget)
        document = graph.value(target, OA.hasSource)
        position, quote = URIRef(f"{evidence}#position"), URIRef(f"{evidence}#quote")
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
        span = URIRef(f"{document}#char={start},{end}")
        spans[evidence] = span
        lean.add((span, RDF.type, NIF.OffsetBasedString))
        lean.add((span, NIF.referenceContext, document))
        lean.add((span, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)))
        lean.add((span, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
        lean.add((span, NIF.anchorOf, graph.value(quote, OA.exact)))
        lean.add((span, BP.line, graph.value(evidence, BP.line)))
        lean.add((span, PROV.wasGeneratedBy, graph.value(evidence, PROV.wasGeneratedBy)))
    for s, p, o in graph:
        if s in parts:
            continue  # rewritten above; oa:hasBody is the inverse of bp:evidence and goes
        lean.add((s, p, spans.get(o, o)))
    return lean


def rows(graph: Graph, query: str) -> set:
    return {tuple(str(term) for term in row) for row in graph.query(query)}


def measure(path: Path) -> dict:
    from biopolicy.graph.build import extract_plan

    _iri, graph, _extraction = extract_plan(path)
    lean = to_nif(graph)
    parts = evidence_parts(graph)
    evidence_triples = sum(1 for s, p, o in graph if s in parts or p in (BP.evidence, BP.sourceStart))
    lean_evidence = sum(1 for s, p, o in lean if (s, RDF.type, NIF.OffsetBasedString) in lean
                        or p in (BP.evidence, BP.sourceStart))
    return {
        "document": path.name, "triples": len(graph), "nif_triples": len(lean),
        "evidence_triples": evidence_triples, "nif_evidence_triples": lean_evidence,
        "spans": len(set(graph.subjects(RDF.type, BP.Evidence))),
        "same_answers": rows(graph, ANNOTATION_QUERY) == rows(lean, NIF_QUERY),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", nargs="*", type=Path, help="documents to measure (default: documents/*.txt)")
    args = parser.parse_args(argv)
    documents = args.documents or sorted((REPOSITORY / "documents").glob("*.txt"))
    print("| document | spans | triples (Web Annotation) | triples (NIF) | evidence triples (WA → NIF) | same answers |")
    print("|---|---:|---:|---:|---:|---|")
    totals = [0, 0, 0, 0, 0]
    for path in documents:
        m = measure(path)
        print(f"| {m['document']} | {m['spans']:,} | {m['triples']:,} | {m['nif_triples']:,} | "
              f"{m['evidence_triples']:,} → {m['nif_evidence_triples']:,} | {m['same_answers']} |")
        for index, key in enumerate(("spans", "triples", "nif_triples", "evidence_triples", "nif_evidence_triples")):
            totals[index] += m[key]
        if not m["same_answers"]:
            print(f"{path.name}: the two models answer differently", file=sys.stderr)
            return 1
    print(f"| **all** | {totals[0]:,} | {totals[1]:,} | {totals[2]:,} ({totals[2] / totals[1]:.2f}×) | "
          f"{totals[3]:,} → {totals[4]:,} ({totals[4] / totals[3]:.2f}×) | True |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
