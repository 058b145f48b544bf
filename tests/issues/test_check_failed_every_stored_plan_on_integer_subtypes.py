"""Regression: `biopolicy check` failed every plan of the seed store (and so `make all`).

emit writes bp:line as xsd:positiveInteger and bp:order and bp:characterCount as
xsd:nonNegativeInteger (decision 0016); Oxigraph gives every integer-derived datatype back as
xsd:integer, so the shapes saw 1,578 lines, 137 orders and 5 character counts of the wrong
datatype. Only oa:start and oa:end had their type restored before validation.
"""

from pathlib import Path

from biopolicy.graph import cli
from biopolicy.graph import validate as v

DOCUMENTS = Path(__file__).resolve().parents[2] / "documents"


def test_the_seed_store_checks_without_violations(tmp_path, capsys):
    store = tmp_path / "build"
    assert cli.main(["build", "--documents", str(DOCUMENTS), "--store", str(store)]) == 0
    capsys.readouterr()
    assert cli.main(["check", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert out.count("conforms ") == 6 and "FAILS" not in out  # five plans and the dataset description


def test_every_counted_property_gets_its_type_back():
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    graph = Graph()
    node = URIRef("https://w3id.org/biopolicy/id/evidence/x")
    for predicate in v.STORE_RETYPED:
        graph.add((node, predicate, Literal("3", datatype=XSD.integer)))
    v.restore_datatypes(graph)
    assert {o.datatype for o in graph.objects()} == {XSD.nonNegativeInteger, XSD.positiveInteger}
    assert v.BP.line in v.STORE_RETYPED and v.BP.order in v.STORE_RETYPED and v.BP.characterCount in v.STORE_RETYPED
