"""`biopolicy build`: every document or nothing; an interrupted build leaves the previous store usable."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from biopolicy.graph import store as st
from biopolicy.graph.cli import main
from biopolicy.loaders.errors import EXIT_USER_ERROR
from tests.graph_fixtures import fake_loaders

REPOSITORY = Path(__file__).resolve().parents[1]
DOCUMENTS = fake_loaders.FIXTURES / "documents"
RUNNER = """
import sys
sys.path.insert(0, {repository!r})
from tests.graph_fixtures import fake_loaders
fake_loaders.install_globally(delay=float(sys.argv[1]))
from biopolicy.graph.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture(autouse=True)
def own_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("BIOPOLICY_CACHE", str(tmp_path / "extraction-cache"))


@pytest.fixture
def fake(monkeypatch):
    fake_loaders.install(monkeypatch)


@pytest.fixture
def documents(tmp_path) -> Path:
    copy = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, copy)
    return copy


def plan_count(store_dir: Path) -> int:
    return len(st.list_plan_graphs(st.open_store(store_dir)))


def test_build_shows_progress_and_a_summary(fake, documents, tmp_path, capsys):
    assert main(["build", "--documents", str(documents), "--store", str(tmp_path / "build")]) == 0
    err = capsys.readouterr().err
    assert "[1/3] hubei-2024-biomedicine-implementation-o… " in err
    assert "[3/3] xiamen-2020-biomedicine-action-plan.txt " in err
    assert f"built {tmp_path / 'build'}: 3 plans, " in err
    assert plan_count(tmp_path / "build") == 3
    assert (tmp_path / "build" / st.DUMPS / st.NQUADS_DUMP).is_file()


def test_an_unreadable_document_fails_the_build_and_keeps_the_previous_store(fake, documents, tmp_path, capsys):
    store_dir = tmp_path / "build"
    fake_loaders.build_fixture_store(store_dir, documents)
    before = fake_loaders.snapshot(store_dir)
    fake_loaders.write_document(documents, "wuhan-2024-notes.txt", "unreadable scan")
    assert main(["build", "--documents", str(documents), "--store", str(store_dir)]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert f"error: {documents / 'wuhan-2024-notes.txt'}: no plan found" in err
    assert f"build failed: 1 of 4 documents could not be loaded; {store_dir} was not changed" in err
    assert fake_loaders.snapshot(store_dir) == before
    assert not list(tmp_path.glob("build.tmp-*"))


def test_two_documents_with_one_plan_key_fail_the_build(fake, documents, tmp_path, capsys):
    fake_loaders.write_document(documents, "xiamen-copy.txt", "fixture-plan: xiamen")
    assert main(["build", "--documents", str(documents), "--store", str(tmp_path / "build")]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert "same plan key as" in err and "xiamen-copy.txt" in err
    assert not (tmp_path / "build").exists()


def test_a_failing_extractor_is_reported_with_the_file(fake, documents, tmp_path, capsys):
    fake_loaders.write_document(documents, "odd.md", "fixture-plan: atlantis")
    assert main(["build", "--documents", str(documents), "--store", str(tmp_path / "build")]) == EXIT_USER_ERROR
    assert "odd.md: extraction failed (KeyError: 'atlantis')" in capsys.readouterr().err


def test_a_directory_without_documents_is_a_user_error(fake, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["build", "--documents", str(tmp_path / "empty"), "--store", str(tmp_path / "build")]) == EXIT_USER_ERROR
    assert "error: no documents (*.txt, *.md, *.html, *.htm) in" in capsys.readouterr().err


def write_manifest(documents: Path, *rows: dict[str, str]) -> None:
    from biopolicy.loaders.sources import COLUMNS

    lines = [",".join(COLUMNS)] + [",".join(row.get(column, "") for column in COLUMNS) for row in rows]
    (documents / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_malformed_manifest_fails_the_build_before_anything_is_written(fake, documents, tmp_path, capsys):
    store_dir = tmp_path / "build"
    fake_loaders.build_fixture_store(store_dir, documents)
    before = fake_loaders.snapshot(store_dir)
    write_manifest(documents, {"file": "xiamen-2020-biomedicine-action-plan.txt", "published": "2020-06-31"})
    assert main(["build", "--documents", str(documents), "--store", str(store_dir)]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert f'error: {documents / "sources.csv"}:2: published "2020-06-31" is not a date (YYYY-MM-DD)' in err
    write_manifest(documents, {"file": "wuhan-2024.txt"})
    assert main(["build", "--documents", str(documents), "--store", str(store_dir)]) == EXIT_USER_ERROR
    assert "no file wuhan-2024.txt in" in capsys.readouterr().err
    assert fake_loaders.snapshot(store_dir) == before


def test_the_manifest_url_reaches_the_plan_graph(fake, documents, tmp_path):
    url = "http://www.example.org/xiamen.html"
    write_manifest(documents, {"file": "xiamen-2020-biomedicine-action-plan.txt", "url": url})
    fake_loaders.build_fixture_store(tmp_path / "build", documents)
    graph = st.read_graph_ntriples(st.open_store(tmp_path / "build"), st.PLAN_GRAPH + fake_loaders.PLAN_KEYS["xiamen"])
    assert f"<http://purl.org/dc/terms/source> <{url}>".encode() in graph


def test_accepted_links_survive_a_rebuild(fake, tmp_path):
    store_dir = tmp_path / "build"
    link = (
        b"<https://w3id.org/biopolicy/id/jurisdiction/350200-xiamenshi> "
        b"<http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q11725> .\n"
    )
    st.build_store(store_dir, {}, [], links=link, dumps=False)
    fake_loaders.build_fixture_store(store_dir)
    store = st.open_store(store_dir)
    assert st.read_graph_ntriples(store, st.LINKS_GRAPH) == link
    assert bool(store.query(f"ASK {{ GRAPH <{st.META_GRAPH}> {{ ?l a <{st.VOID}Linkset> ; "
                            f"<{st.VOID}linkPredicate> <http://www.w3.org/2002/07/owl#sameAs> }} }}"))


def _start_slow_build(tmp_path: Path, store_dir: Path, delay: float) -> subprocess.Popen:
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER.format(repository=str(REPOSITORY)), encoding="utf-8")
    # An empty extraction cache of its own, so that the build is still extracting when it is killed.
    env = {**os.environ, "BIOPOLICY_CACHE": str(tmp_path / "cache-of-the-slow-build")}
    process = subprocess.Popen(
        [sys.executable, str(runner), str(delay), "build", "--documents", str(DOCUMENTS), "--store", str(store_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob("build.tmp-*")):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"the build never started: {process.communicate()}")
        time.sleep(0.02)
    time.sleep(0.3)
    return process


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_an_interrupted_build_leaves_the_previous_store_intact_and_usable(fake, tmp_path, sig):
    store_dir = tmp_path / "build"
    fake_loaders.build_fixture_store(store_dir)
    st.remove_plan(store_dir, fake_loaders.PLAN_KEYS["hubei"])  # so a finished rebuild would show
    before = fake_loaders.snapshot(store_dir)
    process = _start_slow_build(tmp_path, store_dir, delay=2.0)
    try:
        os.kill(process.pid, sig)
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert fake_loaders.snapshot(store_dir) == before
    assert plan_count(store_dir) == 2
    if sig == signal.SIGINT:
        assert process.returncode == 130 and "interrupted" in err
        assert not list(tmp_path.glob("build.tmp-*"))
    else:
        assert list(tmp_path.glob("build.tmp-*"))  # the killed build's leftovers…
        fake_loaders.build_fixture_store(store_dir)
        assert not list(tmp_path.glob("build.tmp-*"))  # …removed by the next build
        assert plan_count(store_dir) == 3
