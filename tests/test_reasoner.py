"""OWL reasoning over the ontology: owlready2 loads it and HermiT finds it consistent, and finds a
deliberately contradictory individual inconsistent.

owlready2 cannot read Turtle, so the ontology is handed over as RDF/XML. HermiT implements only the
OWL 2 datatype map, which lacks ``xsd:gYear``: the three year-valued properties (plan period, target
year) have their range widened to ``rdfs:Literal`` for the reasoner. Their years are checked by the
SHACL shapes instead. Each HermiT call starts a JVM (about a second).
"""

from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from rdflib import RDFS, Graph, URIRef

REPOSITORY = Path(__file__).resolve().parents[1]
ONTOLOGY = REPOSITORY / "ontology" / "biopolicy.ttl"
FIXTURES = Path(__file__).parent / "reasoner"
BP = "https://w3id.org/biopolicy/ontology#"
OUTSIDE_OWL2_DATATYPE_MAP = (URIRef("http://www.w3.org/2001/XMLSchema#gYear"),)


def ontology_for_hermit() -> Graph:
    graph = Graph().parse(ONTOLOGY)
    for prop, datatype in list(graph.subject_objects(RDFS.range)):
        if datatype in OUTSIDE_OWL2_DATATYPE_MAP:
            graph.remove((prop, RDFS.range, datatype))
            graph.add((prop, RDFS.range, RDFS.Literal))
    return graph


def reason(graph: Graph, tmp_path: Path) -> owlready2.World:
    """Load ``graph`` into a fresh owlready2 world and run HermiT on it."""
    path = tmp_path / "ontology.owl"
    graph.serialize(path, format="xml")
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load()
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world


def test_only_the_year_ranges_are_widened_for_the_reasoner():
    widened = {
        str(prop).removeprefix(BP)
        for prop, datatype in Graph().parse(ONTOLOGY).subject_objects(RDFS.range)
        if datatype in OUTSIDE_OWL2_DATATYPE_MAP
    }
    assert widened == {"periodStart", "periodEnd", "targetYear"}


def test_owlready2_loads_every_class_and_property(tmp_path):
    source = Graph().parse(ONTOLOGY)
    path = tmp_path / "ontology.owl"
    source.serialize(path, format="xml")
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load()
    classes = {c.iri for c in ontology.classes() if c.iri.startswith(BP)}
    properties = {p.iri for p in ontology.properties() if p.iri.startswith(BP)}
    assert {BP + name for name in ("Plan", "Task", "Responsibility", "Agency", "Park", "Evidence")} <= classes
    assert {BP + name for name in ("agency", "role", "evidence", "targetYear", "issuerAsWritten")} <= properties
    declared = {str(s) for s in source.subjects() if isinstance(s, URIRef) and str(s).startswith(BP)}
    assert classes | properties == declared


def test_hermit_finds_the_ontology_consistent(tmp_path):
    world = reason(ontology_for_hermit(), tmp_path)
    assert list(world.inconsistent_classes()) == []


def test_a_park_and_a_jurisdiction_may_be_one_place(tmp_path):
    graph = ontology_for_hermit() + Graph().parse(FIXTURES / "new-area-that-is-a-park-and-a-jurisdiction.ttl")
    world = reason(graph, tmp_path)
    assert list(world.inconsistent_classes()) == []


def test_hermit_reports_a_park_that_is_an_agency_inconsistent(tmp_path):
    graph = ontology_for_hermit() + Graph().parse(FIXTURES / "park-that-is-an-agency.ttl")
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(graph, tmp_path)
