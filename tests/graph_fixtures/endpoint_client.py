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
