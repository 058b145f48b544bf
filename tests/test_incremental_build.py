"""An incremental build keeps the unchanged plan graphs and ends with the store a build from scratch makes."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from biopolicy.graph import build as b
from biopolicy.graph import store as st
from tests.graph_fixtures import fake_loaders
from tests.test_dumps import assert_dumps_hold_the_store

KEYS = fake_loaders.PLAN_KEYS
XIAMEN_DOCUMENT = "xiamen-2020-biomedicine-action-plan.txt"
# What differs between two builds of the same documents: the times of the loads and of the build, and
# the dataset's dates and version (an incremental build keeps created/issued of the store it changes).
TIMES = {st.PROV + "startedAtTime", st.PROV + "endedAtTime", st.DCTERMS + "modified"}
DATASET_TIMES = {st.DCTERMS + "created", st.DCTERMS + "issued", st.DCAT + "version", st.OWL + "versionInfo"}


def _varies(line: str) -> bool:
    subject, predicate = (part.strip("<>") for part in line.split(" ")[:2])
    return predicate in TIMES or (predicate in DATASET_TIMES and subject.startswith(st.DATASET))


@pytest.fixture
def documents(monkeypatch, tmp_path) -> Path:
    fake_loaders.install(monkeypatch)
    monkeypatch.setenv("BIOPOLICY_CACHE", str(tmp_path / "cache"))
    copy = tmp_path / "documents"
    shutil.copytree(fake_loaders.FIXTURES / "documents", copy)
    return copy


def run_build(documents: Path, store_dir: Path, **options) -> str:
    progress = io.StringIO()
    b.build(documents, store_dir, progress=progress, **options)
    return progress.getvalue()


def contents(store_dir: Path) -> dict[str, set[str]]:
    """Every graph's N-Triples lines, times left out."""
    store = st.open_store(store_dir)
    graphs = {}
    for iri in st.list_graphs(store):
        lines = st.read_graph_ntriples(store, iri).decode().splitlines()
        graphs[iri] = {line for line in lines if not _varies(line)}
    return graphs


def assert_same_as_from_scratch(documents: Path, store_dir: Path, tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    run_build(documents, scratch, incremental=False, cache=False)
    assert contents(store_dir) == contents(scratch)
    store = st.open_store(store_dir)
    assert st._described_entities(store) == dict(st._class_entities(store))
    assert_dumps_hold_the_store(store_dir)
    shutil.rmtree(scratch)


def edit(documents: Path, name: str, line: str) -> None:
    path = documents / name
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def steps(progress: str) -> list[str]:
    return [line.split("] ")[1].split(" ")[0] for line in progress.splitlines() if line.startswith("[")]


def test_changing_one_document_extracts_only_it_and_gives_the_store_a_full_build_gives(documents, tmp_path):
    store_dir = tmp_path / "build"
    run_build(documents, store_dir)
    edit(documents, XIAMEN_DOCUMENT, "fixture-drop: http://purl.org/dc/terms/title")
    progress = run_build(documents, store_dir)
    assert steps(progress) == [XIAMEN_DOCUMENT]
    assert "kept 2 unchanged plans of the previous build" in progress
    graph = st.read_graph_ntriples(st.open_store(store_dir), st.PLAN_GRAPH + KEYS["xiamen"])
    assert b"<http://purl.org/dc/terms/title>" not in graph
    assert_same_as_from_scratch(documents, store_dir, tmp_path)


def write_manifest(documents: Path, url: str) -> None:
    from biopolicy.loaders.sources import COLUMNS

    values = {"file": XIAMEN_DOCUMENT, "url": url}
    (documents / "sources.csv").write_text(
        ",".join(COLUMNS) + "\n" + ",".join(values.get(c, "") for c in COLUMNS) + "\n", encoding="utf-8")


def test_a_changed_manifest_row_extracts_its_document_again_and_only_it(documents, tmp_path):
    """The document's bytes are the same, but its URL goes into its graph: it is a changed document."""
    store_dir = tmp_path / "build"
    run_build(documents, store_dir)
    write_manifest(documents, "http://www.example.org/xiamen.html")
    progress = run_build(documents, store_dir)
    assert steps(progress) == [XIAMEN_DOCUMENT] and "kept 2 unchanged plans" in progress
    write_manifest(documents, "http://www.example.org/xiamen-2.html")
    assert steps(run_build(documents, store_dir)) == [XIAMEN_DOCUMENT]
    graph = st.read_graph_ntriples(st.open_store(store_dir), st.PLAN_GRAPH + KEYS["xiamen"])
    assert b"<http://www.example.org/xiamen-2.html>" in graph and b"<http://www.example.org/xiamen.html>" not in graph
    assert_same_as_from_scratch(documents, store_dir, tmp_path)


def test_the_extraction_cache_key_follows_the_manifest_row(documents, tmp_path):
    """A full build (no incremental) takes a plan from the cache only for the same bytes and the same row."""
    run_build(documents, tmp_path / "a", incremental=False)
    write_manifest(documents, "http://www.example.org/xiamen.html")
    progress = run_build(documents, tmp_path / "b", incremental=False)
    extracted = [line for line in progress.splitlines() if line.startswith("[") and "(cached)" not in line]
    assert [line.split("] ")[1].split(" ")[0] for line in extracted] == [XIAMEN_DOCUMENT]
    graph = st.read_graph_ntriples(st.open_store(tmp_path / "b"), st.PLAN_GRAPH + KEYS["xiamen"])
    assert b"<http://www.example.org/xiamen.html>" in graph


def test_nothing_changed_extracts_nothing(documents, tmp_path):
    store_dir = tmp_path / "build"
    run_build(documents, store_dir)
    progress = run_build(documents, store_dir)
    assert steps(progress) == [] and "kept 3 unchanged plans" in progress
    assert_same_as_from_scratch(documents, store_dir, tmp_path)


def test_a_removed_document_takes_its_plan_away_and_a_new_one_brings_one(documents, tmp_path):
    store_dir = tmp_path / "build"
    run_build(documents, store_dir)
    hubei = next(documents.glob("hubei-*"))
    text = hubei.read_text(encoding="utf-8")
    hubei.unlink()
    run_build(documents, store_dir)
    assert len(st.list_plan_graphs(st.open_store(store_dir))) == 2
    assert_same_as_from_scratch(documents, store_dir, tmp_path)
    (documents / "hubei-renamed.md").write_text(text, encoding="utf-8")
    assert steps(run_build(documents, store_dir)) == ["hubei-renamed.md"]
    assert_same_as_from_scratch(documents, store_dir, tmp_path)


def test_a_plan_added_from_outside_the_documents_is_gone_after_the_next_build_as_after_a_full_one(documents, tmp_path):
    store_dir = tmp_path / "build"
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.move(str(documents / XIAMEN_DOCUMENT), outside / XIAMEN_DOCUMENT)
    run_build(documents, store_dir)
    extraction = fake_loaders.extract_document(outside / XIAMEN_DOCUMENT)
    graph_iri, graph = fake_loaders.plan_graph(extraction)
    st.replace_plan(store_dir, st.PlanData(str(graph_iri), st.rdflib_ntriples(graph)))
    run_build(documents, store_dir)
    assert str(graph_iri) not in st.list_plan_graphs(st.open_store(store_dir))
    assert_same_as_from_scratch(documents, store_dir, tmp_path)


def test_a_removed_plan_is_extracted_again_by_the_next_build(documents, tmp_path):
    store_dir = tmp_path / "build"
    run_build(documents, store_dir)
    st.remove_plan(store_dir, KEYS["shenzhen"])
    assert steps(run_build(documents, store_dir)) == ["shenzhen-2020-biomedicine-cluster-imple…"]
    assert_same_as_from_scratch(documents, store_dir, tmp_path)


def test_other_loaders_or_other_reference_graphs_rebuild_from_scratch(documents, tmp_path, monkeypatch):
    store_dir = tmp_path / "build"
    run_build(documents, store_dir)
    monkeypatch.setattr(b.ec, "loader_fingerprint", lambda files=None: "other loaders")
    assert len(steps(run_build(documents, store_dir))) == 3
    references = b.reference_ntriples()
    monkeypatch.setattr(b, "reference_ntriples", lambda: {**references, st.VOCAB_GRAPH + "extra": b"<x:a> <x:b> <x:c> .\n"})
    assert len(steps(run_build(documents, store_dir, cache=False))) == 3
    assert st.VOCAB_GRAPH + "extra" in st.list_graphs(st.open_store(store_dir))


def test_many_changed_documents_rebuild_from_scratch(documents, tmp_path):
    store_dir = tmp_path / "build"
    run_build(documents, store_dir)
    for path in documents.glob("[hs]*"):
        edit(documents, path.name, "# revised")
    progress = run_build(documents, store_dir)
    assert len(steps(progress)) == 3 and "kept" not in progress  # 2 of 3 changed: past the share


def test_a_changed_document_that_takes_a_kept_plans_key_fails_as_in_a_full_build(documents, tmp_path, capsys):
    store_dir = tmp_path / "build"
    run_build(documents, store_dir)
    before = fake_loaders.snapshot(store_dir)
    hubei = next(documents.glob("hubei-*"))
    hubei.write_text("fixture-plan: xiamen\n", encoding="utf-8")
    progress = io.StringIO()
    with pytest.raises(b.BuildFailed) as failed:
        b.build(documents, store_dir, progress=progress)
    reason = failed.value.failures[0].reason
    with pytest.raises(b.BuildFailed) as full:
        b.build(documents, tmp_path / "scratch", incremental=False)
    assert [(f.path, f.reason) for f in failed.value.failures] == [(f.path, f.reason) for f in full.value.failures]
    assert failed.value.failures[0].path.name == XIAMEN_DOCUMENT and reason.startswith(f"same plan key as {hubei}")
    assert fake_loaders.snapshot(store_dir) == before


def test_the_reference_digest_ignores_fresh_blank_node_labels_and_sees_a_changed_triple():
    one = {st.ONTOLOGY_GRAPH: b"_:N1 <http://p> <http://o> .\n<http://s> <http://p> _:N1 .\n"}
    relabelled = {st.ONTOLOGY_GRAPH: b"<http://s> <http://p> _:Nab2 .\n_:Nab2 <http://p> <http://o> .\n"}
    changed = {st.ONTOLOGY_GRAPH: b"_:N1 <http://p> <http://x> .\n<http://s> <http://p> _:N1 .\n"}
    assert b.references_digest(one) == b.references_digest(relabelled) != b.references_digest(changed)
