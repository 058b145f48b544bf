"""Extraction on both cores and the extraction cache: the same store, never a stale plan."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from biopolicy.graph import build as b
from biopolicy.graph import extraction_cache as ec
from biopolicy.graph import store as st
from biopolicy.loaders import resources
from tests.graph_fixtures import fake_loaders

DOCUMENTS = fake_loaders.FIXTURES / "documents"
COPIED_PIPELINE = '''"""A copy of the fake pipeline in a folder of its own, which the tests edit like loader code."""
from tests.graph_fixtures import fake_loaders


def extract_document(path, manifest=None):
    return fake_loaders.extract_document(path, manifest)
'''


@pytest.fixture
def documents(tmp_path) -> Path:
    copy = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, copy)
    return copy


@pytest.fixture
def loaders(monkeypatch, tmp_path) -> Path:
    """The fake loaders, with ``extract_document`` served from ``tmp_path/loaders`` and a copy of ontology/."""
    fake_loaders.install(monkeypatch)
    folder = tmp_path / "loaders"
    (folder / "gazetteers").mkdir(parents=True)
    (folder / "gazetteers" / "agency_aliases.tsv").write_text("市科技局\t科学技术局\n", encoding="utf-8")
    (folder / "copied_pipeline.py").write_text(COPIED_PIPELINE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("copied_pipeline", folder / "copied_pipeline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys.modules["biopolicy.loaders.pipeline"], "extract_document", module.extract_document)
    ontology = tmp_path / "ontology"
    shutil.copytree(resources.ontology_dir(), ontology, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(resources, "ontology_dir", lambda: ontology)
    for path in list(folder.rglob("*")) + list(ontology.rglob("*")):
        age(path)
    return tmp_path


def age(path: Path) -> None:
    """Date a file before this process started: as if it had been written before the build began."""
    old = ec.process_start() - 60
    os.utime(path, (old, old))


def run_build(documents: Path, store_dir: Path, cache: Path | bool, workers: int = 2) -> str:
    progress = io.StringIO()
    b.build(documents, store_dir, progress=progress, cache=cache, workers=workers, dumps=False)
    return progress.getvalue()


def plan_graphs(store_dir: Path) -> dict[str, set[str]]:
    store = st.open_store(store_dir)
    return {iri: set(st.read_graph_ntriples(store, iri).decode().splitlines()) for iri in st.list_plan_graphs(store)}


def cached_lines(progress: str) -> list[str]:
    return [line for line in progress.splitlines() if line.endswith("(cached)")]


def test_two_workers_build_the_same_store_and_the_same_progress_lines_as_one(loaders, documents, tmp_path):
    one = run_build(documents, tmp_path / "one", cache=False, workers=1)
    two = run_build(documents, tmp_path / "two", cache=False, workers=2)
    assert plan_graphs(tmp_path / "one") == plan_graphs(tmp_path / "two")

    def without_times(text: str) -> list[str]:
        return [re.sub(r" \d+\.\d s$", "", line) for line in text.splitlines()]

    assert without_times(one) == without_times(two)
    assert len([line for line in two.splitlines() if line.startswith("[")]) == 3


def test_failures_are_named_in_name_order_by_the_pool_as_by_one_process(loaders, documents, tmp_path):
    fake_loaders.write_document(documents, "a-unreadable.txt", "unreadable scan")
    fake_loaders.write_document(documents, "odd.md", "fixture-plan: atlantis")
    messages = []
    for workers in (1, 2):
        progress = io.StringIO()
        with pytest.raises(b.BuildFailed) as failed:
            b.build(documents, tmp_path / f"build-{workers}", progress=progress, cache=False, workers=workers)
        messages.append([line for line in progress.getvalue().splitlines() if line.startswith("error:")])
        assert [(f.path.name, f.reason) for f in failed.value.failures] == [
            ("a-unreadable.txt", "no plan found (no title, no numbered tasks, no targets)"),
            ("odd.md", "extraction failed (KeyError: 'atlantis')"),
        ]
    assert messages[0] == messages[1]
    assert messages[1][0] == f"error: {documents / 'a-unreadable.txt'}: no plan found (no title, no numbered tasks, no targets)"


def test_a_second_build_takes_every_plan_from_the_cache_and_builds_the_same_store(loaders, documents, tmp_path):
    cache = tmp_path / "cache"
    assert not cached_lines(run_build(documents, tmp_path / "first", cache))
    second = run_build(documents, tmp_path / "second", cache)
    assert len(cached_lines(second)) == 3
    assert plan_graphs(tmp_path / "first") == plan_graphs(tmp_path / "second")


def test_a_changed_document_is_extracted_again_and_the_others_come_from_the_cache(loaders, documents, tmp_path):
    cache = tmp_path / "cache"
    run_build(documents, tmp_path / "first", cache)
    xiamen = documents / "xiamen-2020-biomedicine-action-plan.txt"
    xiamen.write_text(xiamen.read_text(encoding="utf-8") + "fixture-drop: http://purl.org/dc/terms/title\n",
                      encoding="utf-8")
    second = run_build(documents, tmp_path / "second", cache)
    assert [line.split("] ")[1].split(" ")[0] for line in cached_lines(second)] == [
        "hubei-2024-biomedicine-implementation-o…", "shenzhen-2020-biomedicine-cluster-imple…"]
    graph = st.read_graph_ntriples(st.open_store(tmp_path / "second"), st.PLAN_GRAPH + fake_loaders.PLAN_KEYS["xiamen"])
    assert b"<http://purl.org/dc/terms/title>" not in graph


@pytest.mark.parametrize(
    "edit",
    ["loaders/copied_pipeline.py", "loaders/gazetteers/agency_aliases.tsv", "ontology/vocab/sector.ttl",
     "loaders/gazetteers/new_table.tsv"],
    ids=["loader code", "gazetteer", "vocabulary", "new gazetteer"],
)
def test_editing_loader_code_a_gazetteer_or_a_vocabulary_leaves_every_entry_unused(loaders, documents, tmp_path, edit):
    cache = tmp_path / "cache"
    run_build(documents, tmp_path / "first", cache)
    before = ec.loader_fingerprint()
    path = loaders / edit
    path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + "# edited\n", encoding="utf-8")
    age(path)  # so that the fingerprint alone decides
    assert ec.loader_fingerprint() != before
    second = run_build(documents, tmp_path / "second", cache)
    assert "not used" not in second and not cached_lines(second)
    assert len(cached_lines(run_build(documents, tmp_path / "third", cache))) == 3  # entries for the edited loaders


def test_no_entry_is_read_or_written_while_a_loader_file_is_newer_than_the_process(loaders, documents, tmp_path):
    cache = tmp_path / "cache"
    run_build(documents, tmp_path / "first", cache)
    entries = sorted(cache.rglob("*"))
    gazetteer = loaders / "loaders" / "gazetteers" / "agency_aliases.tsv"
    gazetteer.write_text("市科技局\t科技局\n", encoding="utf-8")  # as if saved while a long session runs
    second = run_build(documents, tmp_path / "second", cache)
    assert ("note: no extraction cache and no incremental build: loaders/gazetteers/agency_aliases.tsv changed after "
            "this process started") in second
    assert not cached_lines(second)
    assert sorted(cache.rglob("*")) == entries


def test_entries_of_a_build_that_fails_are_kept_for_the_next_one(loaders, documents, tmp_path):
    cache = tmp_path / "cache"
    fake_loaders.write_document(documents, "wuhan-2024-notes.txt", "unreadable scan")
    with pytest.raises(b.BuildFailed):
        run_build(documents, tmp_path / "build", cache)
    (documents / "wuhan-2024-notes.txt").unlink()
    assert len(cached_lines(run_build(documents, tmp_path / "build", cache))) == 3
    assert not list(cache.rglob("*.pending"))


def test_the_same_document_under_another_path_is_another_entry(loaders, documents, tmp_path):
    cache = tmp_path / "cache"
    run_build(documents, tmp_path / "first", cache)
    moved = tmp_path / "elsewhere"
    shutil.copytree(documents, moved)
    assert not cached_lines(run_build(moved, tmp_path / "second", cache))  # the graph records its path


def test_a_torn_tampered_or_misfiled_entry_is_a_miss(tmp_path):
    cache = ec.ExtractionCache(tmp_path)
    plan = ec.CachedPlan("https://w3id.org/biopolicy/graph/plan/k", b"<a> <b> <c> .\n", b"<d> <e> <f> .\n")
    key, other = "a" * 64, "b" * 64
    cache.put(key, plan)
    assert cache.get(key) == plan
    entry = tmp_path / key[:2] / key
    (tmp_path / other[:2]).mkdir()
    shutil.copy(entry, tmp_path / other[:2] / other)
    assert cache.get(other) is None  # filed under a key it was not written for
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])
    assert cache.get(key) is None  # torn
    import zlib

    text = zlib.decompress(data).replace(b"<c>", b"<x>")
    entry.write_bytes(zlib.compress(text))
    assert cache.get(key) is None  # changed after it was written
    assert cache.get("c" * 64) is None


def test_the_fingerprint_of_the_real_loaders_covers_their_code_gazetteers_and_vocabularies():
    names = {name for name, _path in ec.fingerprint_files()}
    assert {"loaders/pipeline.py", "loaders/emit.py", "loaders/extract/names.py", "loaders/gazetteers/divisions.tsv",
            "ontology/biopolicy.ttl", "ontology/vocab/sector.ttl", "graph/build.py"} <= names
    assert not any("__pycache__" in name for name in names)
