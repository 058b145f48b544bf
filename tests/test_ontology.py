"""ontology/biopolicy.ttl: parses, documents every term in Chinese and English, declares every term
the loaders emit and the data model names, and aligns with the standard vocabularies."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from biopolicy.loaders.errors import EXIT_USER_ERROR

REPOSITORY = Path(__file__).resolve().parents[1]
ONTOLOGY = REPOSITORY / "ontology" / "biopolicy.ttl"
SHAPES = REPOSITORY / "ontology" / "shapes.ttl"
BP = Namespace("https://w3id.org/biopolicy/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def own_terms(graph: Graph, kinds) -> list[URIRef]:
    return sorted({s for kind in kinds for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(BP))})


def classes(graph: Graph) -> list[URIRef]:
    return own_terms(graph, (OWL.Class,))


def properties(graph: Graph) -> list[URIRef]:
    return own_terms(graph, PROPERTY_KINDS)


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=["ontology", "shapes"])
def test_parses_with_rdflib_and_pyoxigraph_to_the_same_triples(path):
    graph = Graph().parse(path)
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    assert len(graph) == len(store) > 100
    iris = {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
    assert iris == {q.subject.value for q in store if isinstance(q.subject, ox.NamedNode)}


def test_it_is_an_owl_ontology_with_a_version(ontology):
    header = URIRef("https://w3id.org/biopolicy/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    assert {t.language for t in ontology.objects(header, DCTERMS.title)} == {"zh", "en"}


def test_the_ontology_has_the_classes_of_the_issue(ontology):
    names = {str(c).removeprefix(str(BP)) for c in classes(ontology)}
    assert {
        "Plan", "Task", "Responsibility", "Agency", "Jurisdiction", "Park", "Platform", "Target", "Incentive",
        "Sector", "Person", "Evidence", "SourceDocument", "DroppedNoise",
    } <= names


def labels(graph: Graph, term: URIRef) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for label in graph.objects(term, RDFS.label):
        found.setdefault(label.language, []).append(str(label))
    return found


@pytest.mark.parametrize("kind", ["class", "property"])
def test_every_term_has_one_chinese_and_one_english_label(ontology, kind):
    terms = classes(ontology) if kind == "class" else properties(ontology)
    assert len(terms) >= (14 if kind == "class" else 40)
    for term in terms:
        found = labels(ontology, term)
        assert sorted(found) == ["en", "zh"] and all(len(v) == 1 for v in found.values()), term
        assert re.search(r"[\u4e00-\u9fff]", found["zh"][0]), term
        assert not re.search(r"[\u4e00-\u9fff]", found["en"][0]), term


@pytest.mark.parametrize("kind", ["class", "property"])
def test_every_term_has_an_english_definition_and_says_where_it_is_defined(ontology, kind):
    terms = classes(ontology) if kind == "class" else properties(ontology)
    for term in terms:
        definitions = [
            d for p in (SKOS.definition, RDFS.comment) for d in ontology.objects(term, p)
            if isinstance(d, Literal) and d.language == "en"
        ]
        assert definitions and len(str(definitions[0])) > 20, term
        assert ontology.value(term, RDFS.isDefinedBy) == URIRef("https://w3id.org/biopolicy/ontology"), term


def test_every_property_has_a_range_and_one_kind(ontology):
    for prop in properties(ontology):
        assert ontology.value(prop, RDFS.range) is not None, prop
        assert sum((prop, RDF.type, kind) in ontology for kind in PROPERTY_KINDS) == 1, prop


def test_every_term_the_loaders_emit_is_declared(ontology):
    emitting = [REPOSITORY / "loaders" / "emit.py", *(REPOSITORY / "loaders" / "extract").glob("*.py")]
    emitted = {term for path in emitting for term in re.findall(r"\bBP\.(\w+)", path.read_text(encoding="utf-8"))}
    assert {"issuerAsWritten", "DroppedNoise", "context", "softwareVersion", "line", "sha256", "characterCount"} <= emitted
    declared = {str(t).removeprefix(str(BP)) for t in classes(ontology) + properties(ontology)}
    assert emitted - declared == set()


def test_every_term_the_data_model_names_is_declared(ontology):
    named = set(re.findall(r"\bbp:(\w+)", (REPOSITORY / "docs" / "data-model.md").read_text(encoding="utf-8")))
    declared = {str(t).removeprefix(str(BP)) for t in classes(ontology) + properties(ontology)}
    assert len(named) > 40
    assert named - declared == set()


@pytest.mark.parametrize(
    ("term", "aligned"),
    [
        ("Plan", ELI.LegalResource),
        ("Task", ELI.LegalResourceSubdivision),
        ("Agency", ORG.Organization),
        ("Responsibility", PROV.Association),
        ("Evidence", OA.Annotation),
        ("DroppedNoise", OA.TextPositionSelector),
        ("Person", FOAF.Person),
        ("SourceDocument", FOAF.Document),
        ("Sector", SKOS.Concept),
        ("Jurisdiction", DCTERMS.Location),
    ],
)
def test_classes_align_with_the_standard_vocabularies(ontology, term, aligned):
    assert (BP[term], RDFS.subClassOf, aligned) in ontology


@pytest.mark.parametrize(
    ("term", "aligned"),
    [
        ("issuer", ELI.passed_by),
        ("partOf", ELI.is_part_of),
        ("documentKind", ELI.type_document),
        ("agency", PROV.agent),
        ("role", PROV.hadRole),
        ("agencyType", ORG.classification),
        ("evidence", PROV.wasDerivedFrom),
        ("sourceDocument", PROV.wasDerivedFrom),
        ("mentionsSector", DCTERMS.subject),
        ("adminCode", DCTERMS.identifier),
    ],
)
def test_properties_align_with_the_standard_vocabularies(ontology, term, aligned):
    assert (BP[term], RDFS.subPropertyOf, aligned) in ontology


def test_evidence_is_the_inverse_of_the_annotation_body_and_money_is_in_qudt_yuan(ontology):
    assert (BP.evidence, OWL.inverseOf, OA.hasBody) in ontology
    assert (BP.valueInYuan, RDFS.seeAlso, URIRef("http://qudt.org/vocab/unit/CCY_CNY")) in ontology


def disjoint_pairs(graph: Graph) -> set[frozenset]:
    pairs = set()
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(graph.items(graph.value(group, OWL.members)))
        pairs |= {frozenset((a, b)) for a in members for b in members if a != b}
    pairs |= {frozenset(pair) for pair in graph.subject_objects(OWL.disjointWith)}
    return pairs


def test_facts_and_entities_are_pairwise_disjoint_but_a_park_may_be_a_jurisdiction(ontology):
    pairs = disjoint_pairs(ontology)
    assert frozenset((BP.Park, BP.Agency)) in pairs
    assert frozenset((BP.Plan, BP.Task)) in pairs
    assert frozenset((BP.Evidence, BP.DroppedNoise)) in pairs
    assert frozenset((BP.Jurisdiction, BP.Agency)) in pairs
    assert frozenset((BP.Park, BP.Jurisdiction)) not in pairs


def test_external_terms_are_declared_so_an_owl_tool_knows_their_kind(ontology):
    used = {
        o for s, p, o in ontology
        if p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf)
        and isinstance(o, URIRef) and not str(o).startswith((str(BP), str(RDFS), "http://www.w3.org/2001/XMLSchema#"))
        and o not in (RDF.langString,)
    }
    undeclared = {o for o in used if not list(ontology.objects(o, RDF.type))}
    assert undeclared == set()


# ---------------------------------------------------------------------------------------------
# HTML documentation (graph/docs.py, `make docs`)


def test_docs_without_pylode_say_how_to_install_it(monkeypatch, tmp_path):
    import sys

    from biopolicy.graph import docs

    monkeypatch.setitem(sys.modules, "pylode", None)
    with pytest.raises(docs.DocsUnavailable, match=r"pyLODE is not installed .*run `make docs`, which installs pylode==3\.3\.4"):
        docs.write_ontology_docs(tmp_path / "ontology")
    assert not (tmp_path / "ontology").exists()


def test_the_cli_prints_the_missing_pylode_as_one_line(monkeypatch, tmp_path, capsys):
    import sys

    from biopolicy.graph.cli import main

    monkeypatch.setitem(sys.modules, "pylode", None)
    assert main(["docs", "--out", str(tmp_path / "ontology")]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert err.startswith("error: pyLODE is not installed") and err.count("\n") == 1


def test_docs_are_one_self_contained_page_with_both_languages(tmp_path):
    pytest.importorskip("pylode", reason="pyLODE is installed by `make docs` only")
    from biopolicy.graph.docs import write_ontology_docs

    assert write_ontology_docs(tmp_path) == "index.html"
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "政策规划文件" in page and "Responsibility" in page and "issuer as written" in page
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', page)
