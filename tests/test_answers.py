"""Materialised canned answers: the same bytes as the live query, recomputed for exactly what a change affects."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from biopolicy.graph import answers
from biopolicy.graph import query as q
from biopolicy.graph import store as st
from biopolicy.graph.build import build
from biopolicy.graph.cli import main
from tests.graph_fixtures import fake_loaders

REPOSITORY = Path(__file__).resolve().parents[1]
KEYS = fake_loaders.PLAN_KEYS
DOC_NUMBER = URIRef("https://w3id.org/biopolicy/ontology#docNumber")


def live_answers(store_dir: Path) -> dict[str, dict[str, bytes]]:
    store = st.open_store(store_dir)
    live = {}
    for canned in q.catalogue():
        results = q.run_on_store(store, canned.text)
        live[canned.name] = {fmt: q.render(results, fmt) for fmt in answers.FORMATS}
    return live


def materialised_answers(store_dir: Path) -> dict[str, dict[str, bytes]]:
    found = {}
    for canned in q.catalogue():
        answer = answers.lookup(store_dir, canned.name)
        assert answer is not None, f"{canned.name} has no current materialised answer"
        found[canned.name] = {fmt: answer.read(fmt) for fmt in answers.FORMATS}
    return found


def assert_materialised_equals_live(store_dir: Path) -> None:
    live, materialised = live_answers(store_dir), materialised_answers(store_dir)
    for name in live:
        for fmt in answers.FORMATS:
            assert materialised[name][fmt] == live[name][fmt], f"{name} as {fmt}"


def plan_data(name: str, drop: tuple[URIRef, ...] = ()) -> st.PlanData:
    extraction = fake_loaders.FakeExtraction(name, f"{name}.txt", name)
    graph_iri, graph = fake_loaders.plan_graph(extraction)
    for predicate in drop:
        graph.remove((None, predicate, None))
    activity = fake_loaders.load_activity(extraction, graph_iri)
    return st.PlanData(str(graph_iri), st.rdflib_ntriples(graph), st.rdflib_ntriples(activity))


def answer_files(store_dir: Path) -> dict[str, tuple[int, bytes]]:
    directory = store_dir / answers.ANSWERS
    return {path.name: (path.stat().st_ino, path.read_bytes()) for path in directory.iterdir() if path.name != answers.MANIFEST}


@pytest.fixture
def fake(monkeypatch, tmp_path):
    fake_loaders.install(monkeypatch)
    monkeypatch.setenv("BIOPOLICY_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def two_plans(fake, tmp_path) -> Path:
    return fake_loaders.build_two_plan_store(tmp_path)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    """The store of the seed documents (documents/), built by the real loaders."""
    store_dir = tmp_path_factory.mktemp("seeds") / "build"
    build(REPOSITORY / "documents", store_dir, cache=False, incremental=False)
    return store_dir


def test_every_materialised_answer_of_the_seeds_is_the_live_answer_byte_for_byte(seeds):
    assert_materialised_equals_live(seeds)
    manifest = answers.read_manifest(seeds)
    assert set(manifest["queries"]) == {canned.name for canned in q.catalogue()}
    assert manifest["queries"]["plans"]["rows"] == 5


def test_the_instrument_queries_are_materialised_with_their_answers_on_the_seeds(seeds):
    """The instruments family's queries (issue #15) are canned queries like the others: answered when
    the store is written, and served from the answer while it is current."""
    queries = answers.read_manifest(seeds)["queries"]
    names = ("instruments", "instrument_mix_by_jurisdiction", "instruments_by_agency_type",
             "instruments_in_one_plan_only", "incentive_caps_by_instrument")
    assert {name: queries[name]["rows"] > 0 for name in names} == dict.fromkeys(names, True)
    assert queries["instrument_mix_change_between_plans"]["rows"] == 0  # five jurisdictions, one plan each
    assert answers.current_answer(seeds, "instrument_mix_by_jurisdiction") is not None


def test_an_add_changes_exactly_the_answers_whose_live_result_changes(two_plans):
    live_before, files_before = live_answers(two_plans), answer_files(two_plans)
    st.replace_plan(two_plans, plan_data("shenzhen"))
    live_after, files_after = live_answers(two_plans), answer_files(two_plans)
    changed_live = {name for name in live_before if live_before[name] != live_after[name]}
    changed_files = {name.rsplit(".", 1)[0] for name in files_after if files_after[name][1] != files_before[name][1]}
    assert changed_files == changed_live
    assert "plans" in changed_live
    assert_materialised_equals_live(two_plans)


def test_a_change_to_one_fact_recomputes_only_the_queries_that_read_it_and_keeps_the_other_files(two_plans):
    before = answer_files(two_plans)
    report = st.replace_plan(two_plans, plan_data("xiamen", drop=(DOC_NUMBER,)))
    assert set(report.answers_computed) == {"plans", "plans_missing_metadata"}  # the two queries with bp:docNumber
    after = answer_files(two_plans)
    for name, (inode, _data) in after.items():
        if name.rsplit(".", 1)[0] not in report.answers_computed:
            assert inode == before[name][0], f"{name} was rewritten"  # still the hard link to the previous file
    assert after["plans.csv"] != before["plans.csv"]
    assert_materialised_equals_live(two_plans)


def test_replacing_a_plan_with_itself_recomputes_only_what_reads_everything_and_remove_and_link_keep_answers_current(
    two_plans,
):
    # plans_missing_metadata reads ``?plan ?property ?value``: a variable predicate matches the load's new time.
    reads_everything = {c.name for c in q.catalogue() if answers.cached_dependencies(c.text).everything}
    assert reads_everything == {"plans_missing_metadata"}
    assert set(st.replace_plan(two_plans, plan_data("xiamen")).answers_computed) == reads_everything
    st.remove_plan(two_plans, KEYS["hubei"])
    assert_materialised_equals_live(two_plans)
    link = (b"<https://w3id.org/biopolicy/id/jurisdiction/350200-xiamenshi> "
            b"<http://www.w3.org/2004/02/skos/core#exactMatch> <http://www.wikidata.org/entity/Q11725> .\n")
    st.replace_plan(two_plans, st.PlanData(st.LINKS_GRAPH, link))
    assert_materialised_equals_live(two_plans)


def test_an_incremental_build_keeps_the_answers_current(fake, tmp_path):
    documents = tmp_path / "documents"
    shutil.copytree(fake_loaders.FIXTURES / "documents", documents)
    store_dir = tmp_path / "build"
    build(documents, store_dir)
    xiamen = documents / "xiamen-2020-biomedicine-action-plan.txt"
    xiamen.write_text(xiamen.read_text(encoding="utf-8") + f"fixture-drop: {DOC_NUMBER}\n", encoding="utf-8")
    report = build(documents, store_dir)
    assert set(report.answers_computed) == {"plans", "plans_missing_metadata"}
    assert_materialised_equals_live(store_dir)


def test_the_answers_are_computed_by_a_pool_as_by_one_process(two_plans, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(two_plans, copy)
    shutil.rmtree(copy / answers.ANSWERS)
    answers.materialise(copy, plans=2, workers=2)
    assert materialised_answers(copy) == materialised_answers(two_plans)


# ---------------------------------------------------------------------------------------------
# Never a stale answer


def test_no_answer_once_the_store_is_written_by_other_means(two_plans):
    assert answers.lookup(two_plans, "plans") is not None
    store = ox.Store(str(st.database_path(two_plans)))
    store.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"), ox.NamedNode("urn:g")))
    store.flush()
    del store
    assert answers.lookup(two_plans, "plans") is None


def test_no_answer_for_an_edited_query_or_other_answer_code(two_plans, tmp_path, monkeypatch):
    queries = tmp_path / "queries"
    shutil.copytree(q.QUERIES_DIR, queries, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    assert answers.lookup(two_plans, "parks", queries) is not None
    path = queries / "parks.rq"
    path.write_text(path.read_text(encoding="utf-8").replace("ORDER BY", "ORDER BY DESC(?park)"), encoding="utf-8")
    assert answers.lookup(two_plans, "parks", queries) is None
    monkeypatch.setattr(answers, "engine_fingerprint", lambda: "other formats")
    assert answers.lookup(two_plans, "plans") is None


def test_a_canned_query_is_recognised_by_name_or_by_its_text_and_nothing_else():
    canned = q.load_query("targets_for_year")
    assert answers.recognise("targets_for_year") == "targets_for_year"
    body = "\n".join(line for line in canned.text.splitlines() if not line.startswith("#"))
    assert answers.recognise("  " + body.replace("\n", "\n   ") + "  # mine\n") == "targets_for_year"
    assert answers.recognise(q.apply_params(canned, {"year": "2030"})) is None
    assert answers.recognise(canned.text.replace("?year", "?when")) is None
    assert answers.recognise("SELECT * WHERE { ?s ?p ?o }") is None


def test_normalising_keeps_strings_and_iris_and_drops_comments():
    text = 'SELECT ?x WHERE { ?x <http://a#b>  "x  # y" . }  # note\n'
    assert answers.normalise(text) == 'SELECT ?x WHERE { ?x <http://a#b> "x  # y" . }'


# ---------------------------------------------------------------------------------------------
# What a query reads


def test_dependencies_are_the_triple_patterns_path_steps_and_exists_patterns():
    text = """PREFIX bp: <https://w3id.org/biopolicy/ontology#>
        SELECT ?p WHERE { GRAPH ?g { ?p a bp:Plan ; bp:issuer/bp:name ?n }
                          FILTER NOT EXISTS { GRAPH <urn:g> { ?p bp:docNumber ?d } } }"""
    found = answers.query_dependencies(text)
    bp = "https://w3id.org/biopolicy/ontology#"
    assert set(found.patterns) == {
        (None, None, st.RDF + "type", bp + "Plan"), (None, None, bp + "issuer", None),
        (None, None, bp + "name", None), ("urn:g", None, bp + "docNumber", None),
    }
    assert found.graphs and not found.everything


@pytest.mark.parametrize("pattern", ["?s ?p ?o", "?s !<urn:p> ?o", "?s <urn:p>* ?o", "?s <urn:p> ?o BIND(NOW() AS ?t)"])
def test_a_variable_predicate_a_negated_or_zero_length_path_or_a_clock_depends_on_everything(pattern):
    assert answers.query_dependencies(f"SELECT * WHERE {{ {pattern} }}").everything


def test_a_change_matches_a_pattern_only_where_its_constants_agree():
    found = answers.Dependencies([("urn:g", None, "urn:p", "urn:o")])

    def quad(s, p, o, g):
        return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), ox.NamedNode(g))

    assert found.affected_by([quad("urn:s", "urn:p", "urn:o", "urn:g")], False)
    assert not found.affected_by([quad("urn:s", "urn:p", "urn:x", "urn:g"), quad("urn:s", "urn:p", "urn:o", "urn:h")],
                                 False)
    assert not found.affected_by([], True)


# ---------------------------------------------------------------------------------------------
# The command line


def test_query_answers_from_the_materialised_answer_and_live_on_request(two_plans, capsys):
    assert main(["query", "parks", "--store", str(two_plans)]) == 0
    materialised = capsys.readouterr()
    assert "materialised when the store was written" in materialised.err
    assert main(["query", "parks", "--store", str(two_plans), "--live"]) == 0
    live = capsys.readouterr()
    assert live.out == materialised.out and "materialised" not in live.err
    for fmt in ("csv", "json", "tsv", "xml"):
        assert main(["query", "plans", "--store", str(two_plans), "--format", fmt]) == 0
        from_answer = capsys.readouterr().out
        assert main(["query", "plans", "--store", str(two_plans), "--format", fmt, "--live"]) == 0
        assert capsys.readouterr().out == from_answer


def test_run_queries_copies_the_materialised_csv(two_plans, tmp_path):
    logged = []
    q.run_all(two_plans, tmp_path / "results", log=logged.append)
    assert all(line.endswith("(materialised with the store)") for line in logged)
    assert (tmp_path / "results" / "plans.csv").read_bytes() == (two_plans / answers.ANSWERS / "plans.csv").read_bytes()
    assert os.listdir(tmp_path / "results")
