"""One way for the endpoint tests to send a query over loopback and read the answer."""

from __future__ import annotations

import http.client
import time
from urllib.parse import urlencode


def post_sparql(port: int, text: str, source: str = "127.0.0.1") -> tuple[int, str, float]:
    """``(status, body, seconds)`` of one form-encoded SPARQL query sent from the loopback address ``source``."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    try:
        connection.request("POST", "/sparql", urlencode({"query": text}),
                           {"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        return response.status, response.read().decode(), time.monotonic() - started
    finally:
        connection.close()


def send(port: int, method: str, target: str, body: str | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """``(status, headers, body)`` of one request to ``target`` (``/sparql?…``) on the loopback port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, target, body.encode() if body is not None else None, headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def send_query(port: int, text: str, accept: str | None = None, method: str = "POST",
               **params: str) -> tuple[int, dict[str, str], bytes]:
    """One SPARQL protocol query: POSTed as a form, or sent by GET; ``params`` are other protocol parameters."""
    fields = urlencode({"query": text, **params})
    headers = {"Accept": accept} if accept else {}
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return send(port, "POST", "/sparql", fields, headers)
    return send(port, method, f"/sparql?{fields}", None, headers)
