"""Issue #12, defect 7: an ORDER BY over a cross join with LIMIT 1 made Oxigraph's allocator fail
at the worker's memory cap; Rust aborts the process then, and the client read 500 "the query worker
stopped", not the 503 "out of memory" the code intended.

Now the pool keeps each worker's standard error, reads why one died, and answers 503 "out of
memory" (a failed allocation, a MemoryError, or the kernel's SIGKILL); the worker is replaced.
"""

from __future__ import annotations

import time

import pytest

from biopolicy.graph.endpoint.handler import Endpoint, ServeConfig
from tests.graph_fixtures import fake_loaders
from tests.graph_fixtures.endpoint_client import post_sparql

SORTED_CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?c ?f ?i LIMIT 1"
PLANS = "PREFIX bp: <https://w3id.org/biopolicy/ontology#> SELECT ?plan WHERE { ?plan a bp:Plan }"


@pytest.fixture()
def endpoint(tmp_path, monkeypatch):
    fake_loaders.install(monkeypatch)
    store_dir = tmp_path / "build"
    fake_loaders.build_fixture_store(store_dir)
    with Endpoint(ServeConfig(store_dir=store_dir, port=0, timeout=30.0, workers=2, max_memory_mb=1536)) as running:
        yield running


def ask(endpoint: Endpoint, text: str) -> tuple[int, str]:
    status, body, _seconds = post_sparql(endpoint.server.server_address[1], text)
    return status, body


def test_a_sort_over_a_cross_join_at_the_memory_cap_is_503_out_of_memory(endpoint):
    before = set(endpoint.pool.worker_pids())
    status, body = ask(endpoint, SORTED_CROSS_JOIN)
    assert status == 503, body
    assert body.startswith("out of memory: the query needed more than the 1,536 MB this endpoint allows a query")
    assert "ORDER BY, GROUP BY and DISTINCT keep every solution in memory, even with LIMIT" in body
    deadline = time.monotonic() + 20
    while len(endpoint.pool.worker_pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    after = set(endpoint.pool.worker_pids())
    assert len(after) == 2 and len(before - after) == 1, "the worker that died was replaced"
    assert ask(endpoint, PLANS)[0] == 200
