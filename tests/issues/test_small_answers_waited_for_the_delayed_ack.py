"""Issue #11: on a kept-alive connection every small answer took ≈ 44 ms, materialised or not.

The handler writes the headers and then the body; with Nagle's algorithm the body waited until
the client acknowledged the headers, and a client delays that acknowledgement by 40 ms. A
materialised answer read in 1 ms was served in 44 ms (p95 of 10 of the 38 canned queries at
500 plans, all with short answers).
"""

from __future__ import annotations

import http.client
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from biopolicy.graph import query as q
from biopolicy.graph.endpoint.handler import Endpoint, ServeConfig
from tests.graph_fixtures import fake_loaders

DELAYED_ACK_S = 0.040


@pytest.fixture()
def store_dir(tmp_path, monkeypatch) -> Path:
    fake_loaders.install(monkeypatch)
    monkeypatch.setenv("BIOPOLICY_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "build"
    fake_loaders.build_fixture_store(path)
    return path


def test_small_answers_on_a_kept_alive_connection_do_not_wait_for_the_delayed_ack(store_dir):
    body = urlencode({"query": q.load_query("plans_covering_year").text})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"}
    with Endpoint(ServeConfig(store_dir=store_dir, port=0, workers=1)) as endpoint:
        connection = http.client.HTTPConnection("127.0.0.1", endpoint.server.server_address[1], timeout=30)
        seconds = []
        try:
            for _ in range(11):
                started = time.perf_counter()
                connection.request("POST", "/sparql", body, headers)
                response = connection.getresponse()
                answer = response.read()
                seconds.append(time.perf_counter() - started)
                assert response.status == 200 and len(answer) < 1000
        finally:
            connection.close()
    assert statistics.median(seconds[1:]) < 0.75 * DELAYED_ACK_S, seconds
