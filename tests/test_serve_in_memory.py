"""The endpoint can hold the dataset in memory (issue #11 aim 2): the same answers as on disk, from
a copy each worker loads at start; ``--in-memory auto`` chooses it when the copy fits the worker's cap."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from biopolicy.graph import store as st
from biopolicy.graph.endpoint import handler, pool, serve
from tests.graph_fixtures import fake_loaders

QUERY = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s ?p ?o LIMIT 150"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_loaders.install(monkeypatch)
        path = tmp_path_factory.mktemp("memory") / "build"
        fake_loaders.build_fixture_store(path)
    return path


def answer(store_dir: Path, in_memory: str) -> tuple[bool, list]:
    config = handler.ServeConfig(store_dir=store_dir, port=0, workers=1, in_memory=in_memory)
    with handler.Endpoint(config) as running:
        url = running.url + "sparql?" + urllib.parse.urlencode({"query": QUERY})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            rows = json.load(response)["results"]["bindings"]
        return running.pool.in_memory, rows


def test_in_memory_and_on_disk_give_the_same_rows(store_dir):
    memory, from_memory = answer(store_dir, "yes")
    disk, from_disk = answer(store_dir, "no")
    assert (memory, disk) == (True, False)
    assert len(from_memory) == 150 and from_memory == from_disk


def test_a_store_without_its_dump_is_copied_quad_by_quad(store_dir, tmp_path):
    import shutil

    copy = tmp_path / "build"
    shutil.copytree(store_dir, copy)
    (copy / st.DUMPS / st.NQUADS_DUMP).unlink()
    _, from_copy = answer(copy, "yes")
    _, from_disk = answer(store_dir, "no")
    assert from_copy == from_disk


def test_auto_keeps_the_dataset_in_memory_only_when_it_fits(store_dir):
    assert pool.fits_in_memory(store_dir, max_memory_mb=1536)
    size_mb = (store_dir / st.DUMPS / st.NQUADS_DUMP).stat().st_size / 2**20
    assert not pool.fits_in_memory(store_dir, max_memory_mb=int(size_mb * pool.MEMORY_PER_DUMP_BYTE + pool.QUERY_ROOM_MB) - 1)
    assert not pool.fits_in_memory(Path("/nonexistent"), max_memory_mb=4096)


def test_the_option_is_on_the_command_line():
    import argparse

    parser = argparse.ArgumentParser()
    serve.register(parser.add_subparsers())
    args = parser.parse_args(["serve", "--in-memory", "no"])
    assert args.in_memory == "no"
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", "--in-memory", "maybe"])
