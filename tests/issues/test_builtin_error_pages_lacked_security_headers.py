"""Issue #12, defect 10: the standard library's own error pages (414, 431, 501) went out as HTML
without ``X-Content-Type-Options: nosniff`` or the other headers our answers carry, the ``Server``
header named the Python version, and a query string that was not UTF-8 was decoded with
replacement characters and answered.

Now every answer, the standard library's refusals included, is plain text with
``handler.SECURITY_HEADERS``; ``Server`` is ``biopolicy-kg``; a request target, query string or
form body that is not UTF-8 is refused with 400.
"""

from __future__ import annotations

import socket

import pytest

from biopolicy.graph.endpoint.handler import SECURITY_HEADERS, Endpoint, ServeConfig
from tests.graph_fixtures import fake_loaders


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_loaders.install(monkeypatch)
        store_dir = tmp_path_factory.mktemp("headers") / "build"
        fake_loaders.build_fixture_store(store_dir)
    with Endpoint(ServeConfig(store_dir=store_dir, port=0, workers=1)) as running:
        yield running


def exchange(endpoint: Endpoint, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """``(status, headers, body)`` of the answer to raw request bytes (the server closes the connection)."""
    with socket.create_connection(("127.0.0.1", endpoint.server.server_address[1]), timeout=30) as connection:
        connection.sendall(request)
        answer = b"".join(iter(lambda: connection.recv(65536), b""))
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def assert_our_headers(headers: dict[str, str]) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers[name.lower()] == value, name
    assert headers["server"] == "biopolicy-kg"


@pytest.mark.parametrize(
    ("request_bytes", "status", "body"),
    [
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, b"414 Request-URI Too Long: URI is too long\n"),
        (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 200 + b"\r\n", 431,
         b"431 Request Header Fields Too Large: Too many headers\n"),
        (b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 501, b"501 Not Implemented: Unsupported method ('BREW')\n"),
        (b"GET / HTTP/7.1\r\nHost: x\r\n\r\n", 505, b"505 HTTP Version Not Supported: Invalid HTTP version (7.1)\n"),
        (b"GET /\r\n\r\n", 505, b"505 HTTP Version Not Supported: HTTP/0.9 is not supported: send HTTP/1.1 or HTTP/1.0\n"),
        (b"GET / HTTP/1.1\x00\r\n\r\n", 400, b"400 Bad Request: Bad request version ('HTTP/1.1\\x00')\n"),
    ],
    ids=["414", "431", "501", "505", "http-0.9", "400"],
)
def test_the_standard_librarys_error_pages_carry_our_headers(endpoint, request_bytes, status, body):
    got_status, headers, got_body = exchange(endpoint, request_bytes)
    assert (got_status, got_body) == (status, body)
    assert headers["content-type"] == "text/plain; charset=utf-8" and headers["connection"] == "close"
    assert_our_headers(headers)


def test_every_answer_carries_our_headers_and_no_python_version(endpoint):
    for target in ("/", "/sparql?query=ASK%20%7B%7D", "/api/queries", "/nothing"):
        _, headers, _ = exchange(endpoint, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        for name in ("x-content-type-options", "referrer-policy", "content-security-policy"):
            assert name in headers, (target, name)
        assert headers["server"] == "biopolicy-kg", target
    _, headers, _ = exchange(endpoint, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert "connect-src 'self'" in headers["content-security-policy"]  # the query page keeps its own policy


@pytest.mark.parametrize(
    ("request_bytes", "reason"),
    [
        (b"GET /sparql?query=ASK%20%7B%3Fs%20%3Fp%20%22%ff%22%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
         b"the query string is not UTF-8 once its %-escapes are decoded\n"),
        (b"GET /sparql?query=ASK%20%7B%3Fs%20%3Fp%20%22\xff%22%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
         b"the request target is not UTF-8\n"),
        (b"POST /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n"
         b"Content-Length: 12\r\n\r\nquery=ASK%ff", b"the form body is not UTF-8 once its %-escapes are decoded\n"),
    ],
    ids=["escaped-query-string", "raw-query-string", "form-body"],
)
def test_a_request_that_is_not_utf8_is_refused_with_400(endpoint, request_bytes, reason):
    status, headers, body = exchange(endpoint, request_bytes)
    assert (status, body) == (400, reason)
    assert_our_headers(headers)


def test_a_utf8_query_string_is_answered(endpoint):
    text = "ASK%20%7B%3Fs%20%3Fp%20%22%E5%8E%A6%22%7D"  # ASK { ?s ?p "厦" }
    status, _, body = exchange(endpoint, f"GET /sparql?query={text} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert status == 200 and b'"boolean": false' in body
