"""OWL reasoning over the shipped ontology: owlready2 loads ontology/biopolicy.owl as it is, HermiT
finds it consistent, and finds a deliberately contradictory individual inconsistent.

Nothing is changed for the reasoner. Every declared range is a datatype of the OWL 2 datatype map:
years are ``xsd:integer``, not ``xsd:gYear``, which HermiT rejects (decision 0016). The RDF/XML
file is derived from the Turtle (tools/ontology_rdfxml.py) and must say the same. Each HermiT call
starts a JVM (about a second).
"""

from __future__ import annotations

import sys
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

REPOSITORY = Path(__file__).resolve().parents[1]
ONTOLOGY = REPOSITORY / "ontology" / "biopolicy.ttl"
SHIPPED_OWL = REPOSITORY / "ontology" / "biopolicy.owl"
FIXTURES = Path(__file__).parent / "reasoner"
BP = "https://w3id.org/biopolicy/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
sys.path.insert(0, str(REPOSITORY / "tools"))
import ontology_rdfxml  # noqa: E402

# OWL 2 Structural Specification §4: the datatypes a conforming reasoner must support, and RDF 1.1's
# rdf:langString (the @zh names), which HermiT reads as rdf:PlainLiteral (the consistency test runs it).
OWL2_DATATYPE_MAP = {
    RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal, OWL.real, OWL.rational, RDF.langString,
    *(URIRef(XSD + name) for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
        "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
        "double", "float", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
        "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp",
    )),
}


def reason(path: Path) -> owlready2.World:
    """Load the OWL file at ``path`` into a fresh owlready2 world and run HermiT on it."""
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load()
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world


def shipped_with(fixture: str, tmp_path: Path) -> Path:
    """The shipped RDF/XML ontology with the individuals of one fixture added, as one RDF/XML file."""
    graph = Graph().parse(SHIPPED_OWL, format="xml") + Graph().parse(FIXTURES / fixture)
    path = tmp_path / "ontology-and-individuals.owl"
    graph.serialize(path, format="xml")
    return path


def test_every_declared_range_is_in_the_owl2_datatype_map():
    graph = Graph().parse(ONTOLOGY)
    datatype_ranges = {
        (str(prop), str(datatype))
        for prop, datatype in graph.subject_objects(RDFS.range)
        if (prop, RDF.type, OWL.DatatypeProperty) in graph
    }
    assert datatype_ranges, "the ontology declares no datatype ranges"
    assert {(p, d) for p, d in datatype_ranges if URIRef(d) not in OWL2_DATATYPE_MAP} == set()
    years = {p.removeprefix(BP): d for p, d in datatype_ranges if p.removeprefix(BP) in ("periodStart", "periodEnd", "targetYear")}
    assert years == dict.fromkeys(("periodStart", "periodEnd", "targetYear"), XSD + "integer")


def test_the_shipped_rdfxml_says_what_the_turtle_says():
    assert ontology_rdfxml.in_sync(), "run .venv/bin/python tools/ontology_rdfxml.py"


def test_the_rdfxml_check_notices_a_stale_file(tmp_path):
    stale = tmp_path / "stale.owl"
    graph = Graph().parse(ONTOLOGY)
    graph.remove((URIRef(BP + "targetYear"), RDFS.range, None))
    graph.serialize(stale, format="xml")
    assert not ontology_rdfxml.in_sync(ONTOLOGY, stale)
    assert not ontology_rdfxml.in_sync(ONTOLOGY, tmp_path / "missing.owl")


def test_owlready2_loads_every_class_and_property_of_the_shipped_file():
    source = Graph().parse(ONTOLOGY)
    world = owlready2.World()
    ontology = world.get_ontology(SHIPPED_OWL.as_uri()).load()
    classes = {c.iri for c in ontology.classes() if c.iri.startswith(BP)}
    properties = {p.iri for p in ontology.properties() if p.iri.startswith(BP)}
    assert {BP + name for name in ("Plan", "Task", "Responsibility", "Agency", "Park", "Evidence")} <= classes
    assert {BP + name for name in ("agency", "role", "evidence", "targetYear", "issuerAsWritten")} <= properties
    declared = {str(s) for s in source.subjects() if isinstance(s, URIRef) and str(s).startswith(BP)}
    assert classes | properties == declared
    target_year = world[BP + "targetYear"]
    assert target_year.range == [int]


def test_hermit_finds_the_shipped_ontology_consistent():
    world = reason(SHIPPED_OWL)
    assert list(world.inconsistent_classes()) == []


def test_a_park_and_a_jurisdiction_may_be_one_place(tmp_path):
    world = reason(shipped_with("new-area-that-is-a-park-and-a-jurisdiction.ttl", tmp_path))
    assert list(world.inconsistent_classes()) == []


def test_hermit_reports_a_park_that_is_an_agency_inconsistent(tmp_path):
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(shipped_with("park-that-is-an-agency.ttl", tmp_path))


def test_hermit_accepts_the_year_literals_the_loaders_write(tmp_path):
    """A target with an emitted year: an xsd:gYear literal here made HermiT stop (not in the datatype map)."""
    from biopolicy.loaders.emit import year

    graph = Graph().parse(SHIPPED_OWL, format="xml")
    target = URIRef("https://w3id.org/biopolicy/id/target/test-1")
    graph.add((target, RDF.type, URIRef(BP + "Target")))
    graph.add((target, URIRef(BP + "targetYear"), year(2025)))
    path = tmp_path / "with-a-year.owl"
    graph.serialize(path, format="xml")
    assert list(reason(path).inconsistent_classes()) == []
