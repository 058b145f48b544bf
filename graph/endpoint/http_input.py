"""What the HTTP side takes from a client, strictly, and adds to every answer.

A request target, query string or form body that is not UTF-8 is refused, never decoded with
replacement characters; a resource path must decode to an IRI; a ``Host`` header is a host name
and port before it is written into the service description; a message quoting the client shows
its control characters as escapes. Every answer carries :data:`SECURITY_HEADERS` (issue #12).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote

# On every answer, the standard library's own error pages included; an HTML page sets its own
# Content-Security-Policy (pages.PAGE_POLICY).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_HOST = re.compile(r"[A-Za-z0-9.-]+(?::[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?")


class RequestError(Exception):
    """A request the handler refuses before any worker sees it: ``status`` and the reason."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


def request_target(raw: str) -> str:
    """The request target as UTF-8: ``http.server`` reads it as Latin-1, so raw UTF-8 bytes come back.

    >>> request_target("/id/plan/\\xe5\\x8e\\xa6")
    '/id/plan/厦'
    """
    try:
        return raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise RequestError(400, "the request target is not UTF-8") from None


def form(text: str, what: str) -> dict[str, list[str]]:
    """``name=value&…`` decoded as UTF-8, strictly: a %-escape that is not UTF-8 is refused, not replaced.

    >>> form("query=ASK%20%7B%7D&format=csv", "query string")
    {'query': ['ASK {}'], 'format': ['csv']}
    """
    try:
        return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeError:
        raise RequestError(400, f"the {what} is not UTF-8 once its %-escapes are decoded") from None


def resource_iri(namespace: str, path: str, rest: str) -> str:
    """The IRI that the path ``path`` (ending in ``rest``, still %-escaped) names in ``namespace``.

    >>> resource_iri("https://w3id.org/biopolicy/id/", "/id/plan/%3Cx%3E", "plan/%3Cx%3E")
    Traceback (most recent call last):
    ...
    biopolicy.graph.endpoint.http_input.RequestError: /id/plan/%3Cx%3E names no resource: it decodes to no IRI (Invalid IRI code point '<')
    """
    import pyoxigraph as ox

    try:
        iri = namespace + unquote(rest, errors="strict")
    except UnicodeError:
        raise RequestError(400, f"{path} is not UTF-8 once its %-escapes are decoded") from None
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise RequestError(400, f"{path} names no resource: it decodes to no IRI ({visible(str(error))})") from None
    return iri


def service_host(header: str | None, fallback: str) -> str:
    """The ``Host`` header if it is a host name and port (it is written into Turtle), else ``fallback``.

    >>> service_host("x> . <http://evil.example/", "127.0.0.1:8000"), service_host("[::1]:80", "")
    ('127.0.0.1:8000', '[::1]:80')
    """
    return header if header and _HOST.fullmatch(header) else fallback


def visible(text: str) -> str:
    r"""``text`` with control characters written as escapes (a message may quote a client's bytes).

    >>> visible("a\x00b")
    'a\\x00b'
    """
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
