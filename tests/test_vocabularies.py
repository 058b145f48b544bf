"""The SKOS concept schemes of ontology/vocab/: well-formed, bilingual, and holding every key that
docs/data-model.md and the loaders' gazetteers name."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

REPOSITORY = Path(__file__).resolve().parents[1]
VOCAB_DIR = REPOSITORY / "ontology" / "vocab"
GAZETTEERS = REPOSITORY / "loaders" / "gazetteers"
DATA_MODEL = REPOSITORY / "docs" / "data-model.md"
VOCAB = "https://w3id.org/biopolicy/vocab/"
BP = Namespace("https://w3id.org/biopolicy/ontology#")
FILES = sorted(VOCAB_DIR.glob("*.ttl"))
SCHEMES = [path.stem for path in FILES]
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def vocabulary(scheme: str) -> Graph:
    return Graph().parse(VOCAB_DIR / f"{scheme}.ttl")


def concepts(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, SKOS.Concept))


def keys(scheme: str) -> set[str]:
    return {str(c).removeprefix(f"{VOCAB}{scheme}/") for c in concepts(vocabulary(scheme))}


def required_keys() -> dict[str, list[str]]:
    """The section "Concept keys the loaders rely on" of docs/data-model.md, scheme → keys."""
    section = DATA_MODEL.read_text(encoding="utf-8").split("## Concept keys the loaders rely on", 1)[1]
    found = {}
    for item in re.split(r"\n- ", section)[1:]:
        scheme, *named = re.findall(r"`([^`]+)`", item)
        found[scheme] = named
    return found


def gazetteer_column(name: str, column: str) -> set[str]:
    """The non-empty values of one column of a tab-separated gazetteer (``#`` lines are comments)."""
    with open(GAZETTEERS / name, encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row[column].strip() for row in rows if (row.get(column) or "").strip()}


def test_the_schemes_are_those_of_the_data_model():
    assert set(SCHEMES) == set(required_keys()) | {"sector"}


@pytest.mark.parametrize("path", FILES, ids=SCHEMES)
def test_a_vocabulary_parses_with_rdflib_and_pyoxigraph_to_the_same_size(path):
    graph = Graph().parse(path)
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    assert len(graph) == len(store) > 0


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_scheme_is_named_after_its_file_and_labelled_in_both_languages(scheme):
    graph = vocabulary(scheme)
    assert list(graph.subjects(RDF.type, SKOS.ConceptScheme)) == [URIRef(VOCAB + scheme)]
    labels = {label.language for label in graph.objects(URIRef(VOCAB + scheme), SKOS.prefLabel)}
    assert labels == {"zh", "en"}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_concept_has_one_label_per_language_a_definition_and_its_scheme(scheme):
    graph = vocabulary(scheme)
    assert concepts(graph)
    for concept in concepts(graph):
        key = str(concept).removeprefix(f"{VOCAB}{scheme}/")
        assert KEY.match(key), concept
        labels = sorted((label.language, isinstance(label, Literal)) for label in graph.objects(concept, SKOS.prefLabel))
        assert labels == [("en", True), ("zh", True)], concept
        chinese = [str(label) for label in graph.objects(concept, SKOS.prefLabel) if label.language == "zh"]
        assert re.search(r"[\u4e00-\u9fff]", chinese[0]), concept
        assert set(graph.objects(concept, SKOS.inScheme)) == {URIRef(VOCAB + scheme)}, concept
        assert [d for d in graph.objects(concept, SKOS.definition) if d.language == "en"], concept
        assert {label.language for label in graph.objects(concept, SKOS.altLabel)} <= {"zh"}, concept


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_chinese_label_names_one_concept_only(scheme):
    graph = vocabulary(scheme)
    owners = defaultdict(set)
    for concept in concepts(graph):
        for label in (*graph.objects(concept, SKOS.prefLabel), *graph.objects(concept, SKOS.altLabel)):
            if label.language == "zh":
                owners[str(label)].add(str(concept).rsplit("/", 1)[1])
    assert {label: sorted(found) for label, found in owners.items() if len(found) > 1} == {}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_broader_concepts_are_in_the_same_scheme_without_cycles(scheme):
    graph = vocabulary(scheme)
    members = set(concepts(graph))
    parents = {c: set(graph.objects(c, SKOS.broader)) for c in members}
    assert all(found <= members for found in parents.values())
    for concept in members:
        seen, frontier = set(), list(parents[concept])
        while frontier:
            current = frontier.pop()
            assert current != concept, f"{concept} is its own ancestor"
            if current not in seen:
                seen.add(current)
                frontier.extend(parents[current])
    tops = set(graph.objects(URIRef(VOCAB + scheme), SKOS.hasTopConcept))
    assert tops and tops == {c for c in members if not parents[c]}


@pytest.mark.parametrize("scheme", sorted(required_keys()))
def test_every_key_the_data_model_names_exists(scheme):
    assert set(required_keys()[scheme]) - keys(scheme) == set()


def test_the_data_model_key_list_is_read_in_full():
    found = required_keys()
    assert found["role"] == ["lead", "supporting", "responsible"]
    assert len(found["agency-type"]) >= 28 and "loan-interest" in found["policy-instrument"]


def test_policy_instruments_follow_rothwell_and_zegveld():
    graph = vocabulary("policy-instrument")
    instrument = Namespace(VOCAB + "policy-instrument/")
    broader = {(str(c).rsplit("/", 1)[1], str(b).rsplit("/", 1)[1]) for c, b in graph.subject_objects(SKOS.broader)}
    sides = {"supply-side": ("funding", "talent", "infrastructure", "technology-support", "public-services"),
             "demand-side": ("procurement", "trade", "outsourcing", "demonstration"),
             "environment-side": ("tax", "regulation", "finance", "strategy", "target-planning")}
    for side, narrower in sides.items():
        assert not list(graph.objects(instrument[side], SKOS.broader))
        assert {(n, side) for n in narrower} <= broader
    assert {(kind, "funding") for kind in ("subsidy", "reward", "fund", "loan-interest")} <= broader


def test_every_sector_is_a_bp_sector():
    graph = vocabulary("sector")
    assert set(graph.subjects(RDF.type, BP.Sector)) == set(concepts(graph))


@pytest.mark.parametrize(
    ("gazetteer", "column", "scheme"),
    [
        ("agency_aliases.tsv", "type", "agency-type"),
        ("indicators.tsv", "indicator", "indicator-type"),
        ("units.tsv", "indicator", "indicator-type"),
        ("document_kinds.tsv", "kind", "document-kind"),
        ("incentive_kinds.tsv", "instrument", "policy-instrument"),
        ("divisions.tsv", "level", "admin-level"),
    ],
)
def test_every_concept_key_a_gazetteer_uses_exists(gazetteer, column, scheme):
    used = gazetteer_column(gazetteer, column)
    assert used
    assert used - keys(scheme) == set()
