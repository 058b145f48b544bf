"""The Oxigraph store: named graphs, graph/inferred, VoID in graph/meta, dumps, atomic swaps."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from biopolicy.graph import store as st
from tests.graph_fixtures import fake_loaders

KEYS = fake_loaders.PLAN_KEYS
XIAMEN_GRAPH = st.PLAN_GRAPH + KEYS["xiamen"]
HUBEI_GRAPH = st.PLAN_GRAPH + KEYS["hubei"]
SHENZHEN_GRAPH = st.PLAN_GRAPH + KEYS["shenzhen"]
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
INSTRUMENT = "https://w3id.org/biopolicy/vocab/policy-instrument/"


@pytest.fixture
def fake(monkeypatch):
    fake_loaders.install(monkeypatch)


@pytest.fixture
def built(fake, tmp_path) -> Path:
    store_dir = tmp_path / "build"
    fake_loaders.build_fixture_store(store_dir)
    return store_dir


def ask(store: ox.Store, query: str) -> bool:
    return bool(store.query(query, use_default_graph_as_union=True))


def graph_nt(store: ox.Store, graph_iri: str) -> set[str]:
    return set(st.read_graph_ntriples(store, graph_iri).decode().splitlines())


# ---------------------------------------------------------------------------------------------
# Naming and small pieces


def test_plan_graph_iri_accepts_key_plan_iri_and_graph_iri():
    key = KEYS["xiamen"]
    assert st.plan_graph_iri(key) == XIAMEN_GRAPH
    assert st.plan_graph_iri(f"https://w3id.org/biopolicy/id/plan/{key}") == XIAMEN_GRAPH
    assert st.plan_graph_iri(f"<{XIAMEN_GRAPH}>") == XIAMEN_GRAPH
    with pytest.raises(st.StoreError, match="not a plan key"):
        st.plan_graph_iri("http://example.org/other")


def test_class_closure_is_transitive_and_not_reflexive():
    closure = st.class_closure([("a", "b"), ("b", "c"), ("c", "c"), ("x", "y")])
    assert closure == {"a": {"b", "c"}, "b": {"c"}, "x": {"y"}}


def test_ntriples_become_nquads_of_one_graph():
    data = b'<http://a> <http://p> "x . y" .\n<http://a> <http://p> <http://b> .\n'
    quads = list(ox.parse(st.ntriples_to_nquads(data, "http://g"), ox.RdfFormat.N_QUADS))
    assert [q.graph_name.value for q in quads] == ["http://g", "http://g"]
    assert quads[0].object.value == "x . y"


# ---------------------------------------------------------------------------------------------
# What a build holds


def test_build_puts_each_plan_and_each_reference_graph_in_its_own_named_graph(built):
    store = st.open_store(built)
    graphs = set(st.list_graphs(store))
    assert {XIAMEN_GRAPH, HUBEI_GRAPH, SHENZHEN_GRAPH} <= graphs
    assert {st.ONTOLOGY_GRAPH, st.JURISDICTIONS_GRAPH, st.INFERRED_GRAPH, st.META_GRAPH} <= graphs
    assert st.VOCAB_GRAPH + "policy-instrument" in graphs and st.VOCAB_GRAPH + "role" in graphs
    fixture = Graph().parse(fake_loaders.FIXTURES / "plans" / "xiamen.ttl")
    assert len(graph_nt(store, XIAMEN_GRAPH)) == len(fixture)
    assert not ask(store, "ASK { ?s ?p ?o }".replace("?s ?p ?o", "GRAPH <urn:x> { ?s ?p ?o }"))


def test_inferred_graph_holds_superclasses_and_broader_closure_only(built):
    store = st.open_store(built)
    inferred = graph_nt(store, st.INFERRED_GRAPH)
    agency = "<https://w3id.org/biopolicy/id/agency/350200-xiamenshikexuejishuju>"
    rdf_type = f"<{st.RDF}type>"
    assert f"{agency} {rdf_type} <{ORG}Organization> ." in inferred
    assert f"{agency} {rdf_type} <{FOAF}Agent> ." in inferred  # two subClassOf steps
    assert f"{agency} {rdf_type} <{st.BP}Agency> ." not in inferred  # asserted, not inferred
    broader = f"<{st.SKOS}broaderTransitive>"
    assert f"<{INSTRUMENT}reward> {broader} <{INSTRUMENT}funding> ." in inferred
    assert f"<{INSTRUMENT}reward> {broader} <{INSTRUMENT}supply-side> ." in inferred
    assert f"<{INSTRUMENT}reward> {broader} <{INSTRUMENT}reward> ." not in inferred
    predicates = {line.split(" ")[1] for line in inferred}
    assert predicates == {rdf_type, broader}


def test_void_description_counts_every_graph_and_class(built):
    store = st.open_store(built)
    counts = {row["g"].value: int(row["n"].value) for row in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    described = st._described_counts(store)
    counts.pop(st.META_GRAPH)
    assert described == counts
    meta = f"GRAPH <{st.META_GRAPH}>"
    prefixes = f"PREFIX void: <{st.VOID}> PREFIX dcterms: <{st.DCTERMS}> PREFIX bp: <{st.BP}>"
    assert ask(store, f"{prefixes} ASK {{ {meta} {{ <{st.DATASET}> a void:Dataset ; "
                      f"dcterms:license <{st.DATA_LICENCE}> ; dcterms:modified ?t }} }}")
    assert ask(store, f"{prefixes} ASK {{ {meta} {{ <{st.DATASET}> void:classPartition ?p . "
                      "?p void:class bp:Plan ; void:entities 3 } }")
    # a source is an IRI (the document's, while the plan records no online address), never a file name
    assert ask(store, f"{prefixes} ASK {{ {meta} {{ ?subset <{st.SD}name> <{XIAMEN_GRAPH}> ; "
                      f"dcterms:source <{st.ID}document/{KEYS['xiamen']}> }} }}")
    assert not ask(store, f"{prefixes} ASK {{ {meta} {{ ?s dcterms:source ?source FILTER(isLITERAL(?source)) }} }}")
    assert not ask(store, f"{prefixes} ASK {{ {meta} {{ ?s a void:Linkset }} }}")


def _described_dates(store) -> tuple[str, str, str]:
    row = next(iter(store.query(f"""PREFIX dcterms: <{st.DCTERMS}> PREFIX dcat: <{st.DCAT}>
        SELECT ?created ?issued ?version WHERE {{ GRAPH <{st.META_GRAPH}> {{
            <{st.DATASET}> dcterms:created ?created ; dcterms:issued ?issued ; dcat:version ?version }} }}""")))
    return row["created"].value, row["issued"].value, row["version"].value


def test_a_change_keeps_the_creation_and_issue_dates_and_names_a_new_version(built, monkeypatch):
    created, issued, version = _described_dates(st.open_store(built))
    assert created == issued
    later = st.datetime(2099, 1, 2, 3, 4, 5, tzinfo=st.UTC)
    real_describe = st.describe
    monkeypatch.setattr(st, "describe", lambda *args, **kwargs: real_describe(*args, built=later, **kwargs))
    st.remove_plan(built, KEYS["hubei"])
    assert _described_dates(st.open_store(built)) == (created, issued, "20990102T030405Z")
    assert version != "20990102T030405Z"
    modified = st.open_store(built).quads_for_pattern(ox.NamedNode(st.DATASET), ox.NamedNode(st.DCTERMS + "modified"), None)
    assert [quad.object.value for quad in modified] == ["2099-01-02T03:04:05Z"]


def test_the_description_names_the_endpoint_and_dumps_under_the_configured_base_url(fake, tmp_path, monkeypatch):
    monkeypatch.setenv(st.BASE_URL_VARIABLE, "https://kg.example.org/biopolicy")
    fake_loaders.build_fixture_store(tmp_path / "build")
    store = st.open_store(tmp_path / "build")
    assert ask(store, f"ASK {{ GRAPH <{st.META_GRAPH}> {{ <{st.DATASET}> <{st.VOID}sparqlEndpoint> "
                      "<https://kg.example.org/biopolicy/sparql> ; "
                      f"<{st.VOID}dataDump> <https://kg.example.org/biopolicy/dumps/biopolicy.nq> }} }}")


def test_a_base_url_that_is_not_an_http_url_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(st.BASE_URL_VARIABLE, "ftp://x/?q")
    with pytest.raises(st.StoreError, match="BIOPOLICY_BASE_URL must be an http"):
        st.public_base_url()


def test_load_activities_are_kept_in_graph_meta(built):
    store = st.open_store(built)
    load = f"https://w3id.org/biopolicy/id/load/{KEYS['hubei']}"
    assert ask(store, f"ASK {{ GRAPH <{st.META_GRAPH}> {{ <{load}> <{st.PROV}generated> <{HUBEI_GRAPH}> }} }}")


def test_dumps_hold_everything_and_the_merged_plans(built):
    dumps = built / st.DUMPS
    store = st.open_store(built)
    quads = list(ox.parse(path=str(dumps / st.NQUADS_DUMP), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(store)
    merged = Graph().parse(dumps / st.TURTLE_DUMP)
    expected = set()
    for graph_iri in (XIAMEN_GRAPH, HUBEI_GRAPH, SHENZHEN_GRAPH):
        expected |= graph_nt(store, graph_iri)
    assert len(merged) == len(expected)  # the national agency, named by two plans, counted once
    jsonld = json.loads((dumps / st.JSONLD_DUMP).read_text(encoding="utf-8"))
    assert jsonld  # valid JSON
    assert len(list(ox.parse(path=str(dumps / st.JSONLD_DUMP), format=ox.RdfFormat.JSON_LD))) == len(expected)
    void = Graph().parse(dumps / st.VOID_DUMP)
    assert len(void) > 50


# ---------------------------------------------------------------------------------------------
# Atomic writes


def test_a_build_abandoned_before_the_swap_leaves_the_previous_store_untouched(built):
    before = fake_loaders.snapshot(built)

    def fail() -> None:
        raise st.StoreError("abandoned")

    with pytest.raises(st.StoreError, match="abandoned"):
        st.build_store(built, {}, [], before_swap=fail)
    assert fake_loaders.snapshot(built) == before
    assert not list(built.parent.glob("build.tmp-*"))


def test_a_stale_temporary_directory_is_removed_by_the_next_build(built):
    stale = built.parent / "build.tmp-999999"
    stale.mkdir()
    (stale / "junk").write_text("left by a killed build")
    fake_loaders.build_fixture_store(built)
    assert not stale.exists()


def test_a_store_left_between_the_two_renames_is_put_back(built):
    os.rename(built, built.parent / "build.old-4242")
    store = st.open_store(built)
    assert len(st.list_plan_graphs(store)) == 3
    assert not (built.parent / "build.old-4242").exists()


def test_a_missing_store_is_a_user_error(tmp_path):
    with pytest.raises(st.StoreError, match=r"no store at .*: run `biopolicy build` first"):
        st.open_store(tmp_path / "nowhere")


# ---------------------------------------------------------------------------------------------
# Changing one plan


def test_removing_a_plan_deletes_its_graph_its_activity_and_its_inferences_only(built):
    store = st.open_store(built)
    kept = {iri: graph_nt(store, iri) for iri in (XIAMEN_GRAPH, SHENZHEN_GRAPH, st.ONTOLOGY_GRAPH)}
    del store
    report = st.remove_plan(built, KEYS["hubei"])
    assert report.plans == 2
    store = st.open_store(built)
    assert HUBEI_GRAPH not in st.list_graphs(store)
    assert {iri: graph_nt(store, iri) for iri in kept} == kept
    load = f"https://w3id.org/biopolicy/id/load/{KEYS['hubei']}"
    assert not ask(store, f"ASK {{ GRAPH <{st.META_GRAPH}> {{ <{load}> ?p ?o }} }}")
    assert not ask(store, f"ASK {{ ?s <{st.SD}name> <{HUBEI_GRAPH}> }}")
    hubei_agency = "https://w3id.org/biopolicy/id/agency/420000-hubeishengkexuejishuting"
    national = "https://w3id.org/biopolicy/id/agency/000000-guojiayaopinjianduguanliju"
    assert not ask(store, f"ASK {{ <{hubei_agency}> a <{ORG}Organization> }}")
    assert ask(store, f"ASK {{ GRAPH <{st.INFERRED_GRAPH}> {{ <{national}> a <{ORG}Organization> }} }}")
    assert st._described_counts(store)[SHENZHEN_GRAPH] == len(kept[SHENZHEN_GRAPH])
    quads = list(ox.parse(path=str(built / st.DUMPS / st.NQUADS_DUMP), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(store)


def test_removing_an_unknown_plan_names_the_plans_there_are(built):
    with pytest.raises(st.StoreError, match=f"no plan 999999-2000-x in .*{KEYS['hubei']}"):
        st.remove_plan(built, "999999-2000-x")


def test_replacing_a_plan_with_itself_changes_no_graph(built):
    store = st.open_store(built)
    before = {iri: graph_nt(store, iri) for iri in st.list_graphs(store) if iri != st.META_GRAPH}
    del store
    extraction = fake_loaders.FakeExtraction("x", "x.txt", "xiamen")
    graph_iri, graph = fake_loaders.plan_graph(extraction)
    activity = fake_loaders.load_activity(extraction, graph_iri)
    st.replace_plan(built, st.PlanData(str(graph_iri), st.rdflib_ntriples(graph), st.rdflib_ntriples(activity)))
    store = st.open_store(built)
    after = {iri: graph_nt(store, iri) for iri in st.list_graphs(store) if iri != st.META_GRAPH}
    assert after == before


def test_the_dataset_and_the_ontology_named_two_different_licences():
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCTERMS, OWL, RDF

    ontology = Graph().parse(Path(__file__).resolve().parents[1] / "ontology" / "biopolicy.ttl")
    (subject,) = ontology.subjects(RDF.type, OWL.Ontology)
    assert list(ontology.objects(subject, DCTERMS.license)) == [URIRef(st.DATA_LICENCE)]
    for vocabulary in sorted((Path(__file__).resolve().parents[1] / "ontology" / "vocab").glob("*.ttl")):
        licences = set(Graph().parse(vocabulary).objects(None, DCTERMS.license))
        assert licences == {URIRef(st.DATA_LICENCE)}, vocabulary.name
    licence_file = (Path(__file__).resolve().parents[1] / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert st.DATA_LICENCE in licence_file
