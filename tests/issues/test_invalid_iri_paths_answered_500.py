"""Issue #12, defect 8: ``GET /id/plan/%00``, ``/id/%ff%fe`` and ``/id/<script>`` answered 500
(``ValueError: Invalid IRI code point``): the path was decoded with replacement characters and
handed to pyoxigraph as an IRI.

Now the handler decodes the path strictly as UTF-8 and checks the IRI before any worker sees it:
400 with the reason; the worker also answers 400 for an IRI it cannot use.
"""

from __future__ import annotations

import http.client
import socket

import pyoxigraph as ox
import pytest

from biopolicy.graph.endpoint.handler import Endpoint, ServeConfig
from biopolicy.graph.endpoint.jobs import DescribeJob
from biopolicy.graph.endpoint.worker import describe_resource
from tests.graph_fixtures import fake_loaders


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_loaders.install(monkeypatch)
        store_dir = tmp_path_factory.mktemp("iris") / "build"
        fake_loaders.build_fixture_store(store_dir)
    with Endpoint(ServeConfig(store_dir=store_dir, port=0, workers=1)) as running:
        yield running


def get(endpoint: Endpoint, target: str, accept: str = "text/turtle") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", endpoint.server.server_address[1], timeout=30)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.putheader("Accept", accept)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("/id/plan/%00", "/id/plan/%00 names no resource: it decodes to no IRI (Invalid IRI code point '\\x00')"),
        ("/id/%ff%fe", "/id/%ff%fe is not UTF-8 once its %-escapes are decoded"),
        ("/id/<script>", "/id/<script> names no resource: it decodes to no IRI (Invalid IRI code point '<')"),
        ("/id/plan/%3Cscript%3E", "/id/plan/%3Cscript%3E names no resource: it decodes to no IRI (Invalid IRI code point '<')"),
        ("/vocab/a%20b", "/vocab/a%20b names no resource: it decodes to no IRI (Invalid IRI code point ' ')"),
    ],
    ids=["nul", "not-utf-8", "raw-angle-brackets", "escaped-angle-brackets", "space"],
)
def test_a_path_that_names_no_iri_is_400_with_the_reason(endpoint, target, reason):
    for accept in ("text/turtle", "text/html"):
        assert get(endpoint, target, accept) == (400, reason + "\n")


def test_a_path_of_raw_utf8_is_read_as_utf8(endpoint):
    port = endpoint.server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall("GET /id/plan/厦门 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        answer = b"".join(iter(lambda: connection.recv(65536), b""))
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 404 ")
    assert body.decode().startswith("nothing is known about <https://w3id.org/biopolicy/id/plan/厦门>")


def test_the_worker_answers_400_for_an_iri_it_cannot_use():
    answer = describe_resource(ox.Store(), DescribeJob("https://w3id.org/biopolicy/id/<script>", "turtle"))
    assert answer.status == 400 and answer.body.startswith(b"<https://w3id.org/biopolicy/id/<script>> is not an IRI")
