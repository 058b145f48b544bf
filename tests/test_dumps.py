"""The dumps are written from the loaded bytes, not read back, and still hold exactly the store."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from biopolicy.graph import dumps
from biopolicy.graph import store as st
from biopolicy.graph.build import build
from biopolicy.loaders import namespaces as ns
from tests.graph_fixtures import fake_loaders

KEYS = fake_loaders.PLAN_KEYS
NATIONAL_AGENCY = "https://w3id.org/biopolicy/id/agency/000000-guojiayaopinjianduguanliju"
LINK = (
    b"<https://w3id.org/biopolicy/id/jurisdiction/350200-xiamenshi> "
    b"<http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q11725> .\n"
)


@pytest.fixture
def built(monkeypatch, tmp_path) -> Path:
    fake_loaders.install(monkeypatch)
    store_dir = tmp_path / "build"
    fake_loaders.build_fixture_store(store_dir)
    return store_dir


def _without_blank_nodes(quads) -> set:
    # The bulk loader gives blank nodes new labels: compare what can be compared by value.
    return {q for q in quads if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


def _triples(quads) -> set:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def _loaded(path: Path, fmt: ox.RdfFormat) -> ox.Store:
    # Loaded into a store, so that number spellings are compared canonically ("1.50" = "1.5").
    memory = ox.Store()
    memory.load(path=str(path), format=fmt)
    return memory


def assert_dumps_hold_the_store(store_dir: Path) -> None:
    store = st.open_store(store_dir)
    dumps_dir = store_dir / st.DUMPS
    quads = list(ox.parse(path=str(dumps_dir / st.NQUADS_DUMP), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(store), "every quad of the store exactly once"
    assert _without_blank_nodes(_loaded(dumps_dir / st.NQUADS_DUMP, ox.RdfFormat.N_QUADS)) == _without_blank_nodes(store)
    plans = _triples(_without_blank_nodes(q for q in store if q.graph_name.value.startswith(st.PLAN_GRAPH)))
    for name, fmt in ((st.TURTLE_DUMP, ox.RdfFormat.TURTLE), (st.JSONLD_DUMP, ox.RdfFormat.JSON_LD)):
        assert _triples(_without_blank_nodes(_loaded(dumps_dir / name, fmt))) == plans, name
    assert len(list(ox.parse(path=str(dumps_dir / st.JSONLD_DUMP), format=ox.RdfFormat.JSON_LD))) == len(plans)
    void = _loaded(dumps_dir / st.VOID_DUMP, ox.RdfFormat.TURTLE)
    meta = ox.NamedNode(st.META_GRAPH)
    described = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, meta)
                 if q.subject.value.startswith(st.DATASET)}
    checksums = {t for t in _triples(void) if t not in described}
    assert _triples(void) - checksums == described, "void.ttl is graph/meta's description and the checksums"
    assert_void_checksums_match_the_files(dumps_dir)
    assert {t.predicate.value for t in checksums} == {
        st.DCAT + "byteSize", ns.SPDX + "checksum", ns.SPDX + "algorithm", ns.SPDX + "checksumValue", st.RDF + "type"}


def assert_void_checksums_match_the_files(dumps_dir: Path) -> None:
    """Each data dump's dcat:byteSize and SHA-256 in void.ttl are those of the file; void.ttl has none of its own."""
    void = Graph().parse(dumps_dir / st.VOID_DUMP)
    found = {}
    for distribution, url in void.subject_objects(URIRef(st.DCAT + "downloadURL")):
        size = void.value(distribution, URIRef(st.DCAT + "byteSize"))
        checksum = void.value(distribution, URIRef(ns.SPDX + "checksum"))
        name = str(url).rsplit("/", 1)[-1]
        if name == st.VOID_DUMP:
            assert size is None and checksum is None, "void.ttl cannot hold its own checksum"
            continue
        data = (dumps_dir / name).read_bytes()
        assert size.datatype == URIRef(st.XSD + "nonNegativeInteger") and int(size) == len(data), name
        assert void.value(checksum, URIRef(ns.SPDX + "algorithm")) == URIRef(ns.SPDX + "checksumAlgorithm_sha256")
        assert str(void.value(checksum, URIRef(ns.SPDX + "checksumValue"))) == hashlib.sha256(data).hexdigest(), name
        found[name] = True
    assert set(found) == {st.NQUADS_DUMP, st.TURTLE_DUMP, st.JSONLD_DUMP}


def test_a_build_writes_dumps_that_hold_exactly_the_store(built):
    assert_dumps_hold_the_store(built)
    assert dumps.read_index(built) is not None


def test_the_json_ld_dump_is_compacted_with_the_context_file(built):
    document = json.loads((built / st.DUMPS / st.JSONLD_DUMP).read_text(encoding="utf-8"))
    context = json.loads((Path(__file__).resolve().parents[1] / "ontology" / "context.jsonld").read_text())
    assert document["@context"] == context["@context"]
    plans = [node for node in document["@graph"] if "bp:Plan" in _as_list(node.get("@type"))]
    assert len(plans) == 3 and all(node["@id"].startswith("id:plan/") for node in plans)
    assert not any(key.startswith(st.BP) for node in document["@graph"] for key in node), "keys use the prefixes"


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def test_remove_replace_and_link_copy_the_unchanged_segments_and_keep_the_dumps_exact(built):
    st.remove_plan(built, KEYS["hubei"])
    assert_dumps_hold_the_store(built)
    extraction = fake_loaders.FakeExtraction("x", "x.txt", "hubei")
    graph_iri, graph = fake_loaders.plan_graph(extraction)
    activity = fake_loaders.load_activity(extraction, graph_iri)
    st.replace_plan(built, st.PlanData(str(graph_iri), st.rdflib_ntriples(graph), st.rdflib_ntriples(activity)))
    assert_dumps_hold_the_store(built)
    st.replace_plan(built, st.PlanData(st.LINKS_GRAPH, LINK))
    assert_dumps_hold_the_store(built)
    assert LINK.rstrip(b" .\n") in (built / st.DUMPS / st.NQUADS_DUMP).read_bytes()


def test_a_line_two_plans_state_stays_when_one_of_them_is_removed(built):
    label = f"<{NATIONAL_AGENCY}> <{st.SKOS}prefLabel>".encode()
    index = dumps.read_index(built)
    owners = [key for key, ids in index["shared"]["ntriples"].items()
              if any(index["shared"]["lines"][i].encode().startswith(label) for i in ids)]
    assert len(owners) == 2, "the fixture's national agency is named by two plans"
    st.remove_plan(built, st.plan_key(owners[0]))
    assert_dumps_hold_the_store(built)
    merged = _loaded(built / st.DUMPS / st.TURTLE_DUMP, ox.RdfFormat.TURTLE)
    assert list(merged.quads_for_pattern(ox.NamedNode(NATIONAL_AGENCY), ox.NamedNode(st.SKOS + "prefLabel"), None))


def test_without_an_index_a_change_reads_the_dumps_back_from_the_store(built):
    (built / st.DUMPS_INDEX).unlink()
    st.remove_plan(built, KEYS["xiamen"])
    assert not (built / st.DUMPS_INDEX).exists()
    assert len(list(ox.parse(path=str(built / st.DUMPS / st.NQUADS_DUMP), format=ox.RdfFormat.N_QUADS))) == len(
        st.open_store(built))


def test_an_index_that_does_not_match_the_files_is_not_used(built):
    with open(built / st.DUMPS / st.NQUADS_DUMP, "ab") as nquads:
        nquads.write(b"\n")
    assert dumps.read_index(built) is None


def test_a_failing_dump_writer_abandons_the_build_and_keeps_the_previous_store(built, monkeypatch):
    before = fake_loaders.snapshot(built)

    def broken(*args, **kwargs):
        raise ValueError("disk full")

    monkeypatch.setattr(dumps, "make_segment", broken)
    with pytest.raises(dumps.DumpError, match="disk full"):
        build(fake_loaders.FIXTURES / "documents", built, incremental=False, cache=False)
    with pytest.raises(ValueError, match="disk full"):
        st.replace_plan(built, st.PlanData(st.LINKS_GRAPH, LINK))
    assert fake_loaders.snapshot(built) == before
    assert not list(built.parent.glob("build.tmp-*"))


@pytest.mark.parametrize(
    ("subject", "belongs"),
    [
        ("<https://w3id.org/biopolicy/id/task/k1/3-1>", True),
        ("<https://w3id.org/biopolicy/id/plan/k1>", True),
        ("<https://w3id.org/biopolicy/id/evidence/k1/10-20#quote>", True),
        ("<https://w3id.org/biopolicy/id/task/k10/3-1>", False),
        ("<https://w3id.org/biopolicy/id/agency/350200-k1x>", False),
        ("_:b0", True),
    ],
)
def test_a_resource_belongs_to_a_plan_when_its_iri_has_the_plan_key_as_a_path_segment(subject, belongs):
    line = f"{subject} <http://p> <http://o> .\n".encode()
    assert dumps._subject_belongs_to(line, b"/k1") is belongs
