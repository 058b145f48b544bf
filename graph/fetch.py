"""``biopolicy fetch URL``: download a plan page, keep its bytes as they came and record where they came from.

For a user with internet access who adds a plan to the documents: the page is saved unchanged
(no decoding, no cleaning: the loaders read it as any other document) under a name made of the
URL and the first digits of the bytes' SHA-256, and a row is appended to the ``sources.csv`` of
the same directory (:mod:`loaders.sources`) with the URL, the retrieval time, the SHA-256, the size,
the content type and the charset. The publisher and publication date are for a person to fill in:
nothing here guesses them.

It behaves as a polite client should:

* robots.txt is read first (``urllib.robotparser``) and a disallowed page is not requested. As RFC
  9309 says, a robots.txt that does not exist (4xx) allows everything, and one the server cannot
  serve (5xx, or no answer) allows nothing;
* requests to one host are spaced by at least ``--delay`` seconds (more if robots.txt asks for a
  ``Crawl-delay``), robots.txt included;
* it sends an honest User-Agent naming the project, follows at most five redirects (checking
  robots.txt for each new location), and stops at ``--timeout`` seconds of silence and at
  ``--max-bytes``.

Every failure is a :class:`FetchError` (exit 2) that names the URL and the reason, and leaves the
directory as it was: the file is written under a temporary name and renamed into place, and the
manifest is replaced whole (``loaders.sources.append_record``).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from biopolicy.loaders.errors import FetchError, ManifestError
from biopolicy.loaders.files import write_atomically
from biopolicy.loaders.sources import MANIFEST_NAME, SourceRecord, append_record, check_url, read_manifest

DEFAULT_OUT = Path("documents")
DEFAULT_DELAY = 2.0
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: a crawler must read at least 500 KiB of robots.txt
MAX_REDIRECTS = 5
ROBOTS_TOKEN = "biopolicy-kg"
CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)
# What the loaders read (loaders/read.py), by the media type a server sends.
SUFFIX_BY_TYPE = {
    "text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt", "text/markdown": ".md",
}
# Characters a request line may carry as they are; the rest (Chinese in a path) is percent-encoded.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def user_agent() -> str:
    """``biopolicy-kg/<version> (+https://w3id.org/biopolicy; …)``: who is asking, and why."""
    from biopolicy.graph.store import software_version

    return (f"{ROBOTS_TOKEN}/{software_version()} (+https://w3id.org/biopolicy; downloads published "
            "policy documents for a research knowledge graph; honours robots.txt)")


@dataclass
class Page:
    """A downloaded page: the bytes as they came and what the server said about them."""

    url: str  # the URL the bytes came from (after redirects)
    requested: str  # the URL asked for
    body: bytes
    content_type: str
    charset: str
    retrieved: datetime

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


class RateLimiter:
    """At least ``delay`` seconds between two requests to one host (``clock`` and ``sleep`` injectable)."""

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self.last: dict[str, float] = {}

    def wait(self, host: str, delay: float | None = None) -> None:
        """Sleep until ``host`` may be asked again, then note the request."""
        spacing = max(self.delay, delay or 0.0)
        last = self.last.get(host)
        if last is not None:
            remaining = last + spacing - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self.last[host] = self.clock()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand every redirect back to :class:`Fetcher`, which checks robots.txt and the rate for its target."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class Fetcher:
    """Downloads pages politely; one instance keeps robots.txt and request times per host."""

    delay: float = DEFAULT_DELAY
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    agent: str = field(default_factory=user_agent)

    def __post_init__(self) -> None:
        self.limiter = RateLimiter(self.delay, self.clock, self.sleep)
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.opener = urllib.request.build_opener(_NoRedirects)

    def fetch(self, url: str) -> Page:
        """The page at ``url``, following redirects; FetchError for anything that is not a page we may keep."""
        _require_url(url, "URL")
        requested, current = url, url
        for _ in range(MAX_REDIRECTS + 1):
            self.require_allowed(current)
            status, headers, body = self.request(current, self.max_bytes, self.crawl_delay(current))
            if status in REDIRECTS:
                location = headers.get("Location")
                if not location:
                    raise FetchError(f"{current}: HTTP {status} redirect without a Location")
                current = urljoin(current, location)
                _require_url(current, f"{requested}: redirect to")
                continue
            if status != 200:
                raise FetchError(f"{current}: HTTP {status} {_reason(status)}")
            content_type, charset = _media_type(headers)
            if content_type not in SUFFIX_BY_TYPE:
                raise FetchError(
                    f"{current}: content type {content_type or '(none)'} is not a page the loaders read "
                    f"({', '.join(sorted(SUFFIX_BY_TYPE))})")
            return Page(current, requested, body, content_type, charset, self.now())
        raise FetchError(f"{requested}: more than {MAX_REDIRECTS} redirects")

    # -- robots.txt ------------------------------------------------------------------------------

    def robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        """The robots.txt rules of ``url``'s origin, read once per origin."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            self.robots[origin] = self.read_robots(origin)
        return self.robots[origin]

    def read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        robots_url = origin + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        current = robots_url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                status, headers, body = self.request(current, ROBOTS_MAX_BYTES, None, what="robots.txt")
            except FetchError as error:
                raise FetchError(f"{error}; without robots.txt nothing is fetched from {origin}") from error
            if status in REDIRECTS and headers.get("Location"):
                current = urljoin(current, headers["Location"])
                continue
            break
        else:
            status, body = 500, b""
        if 400 <= status < 500:
            parser.allow_all = True
        elif status != 200:
            raise FetchError(f"{robots_url}: HTTP {status}: robots.txt cannot be read, so nothing is fetched from "
                             f"{origin} (RFC 9309)")
        else:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return parser

    def require_allowed(self, url: str) -> None:
        robots = self.robots_for(url)
        if not robots.can_fetch(ROBOTS_TOKEN, url):
            parts = urlsplit(url)
            raise FetchError(f"{url}: disallowed by {parts.scheme}://{parts.netloc}/robots.txt for {ROBOTS_TOKEN}: not fetched")

    def crawl_delay(self, url: str) -> float | None:
        value = self.robots_for(url).crawl_delay(ROBOTS_TOKEN)
        return float(value) if value is not None else None

    # -- one request -----------------------------------------------------------------------------

    def request(self, url: str, limit: int, delay: float | None, what: str = "") -> tuple[int, Message, bytes]:
        """``(status, headers, body)`` of one GET, after waiting for the host's turn; FetchError on failure."""
        host = (urlsplit(url).hostname or "").lower()
        self.limiter.wait(host, delay)
        request = urllib.request.Request(
            quote(url, safe=URL_SAFE),
            headers={"User-Agent": self.agent, "Accept-Encoding": "identity",
                     "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"},
        )
        label = url if not what else f"{url} ({what})"
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.headers, self.read_body(response, label, limit)
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, b""
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise FetchError(f"{label}: no answer within {self.timeout:g} s (timeout)") from error
            raise FetchError(f"{label}: cannot connect: {error.reason}") from error
        except TimeoutError as error:
            raise FetchError(f"{label}: no answer within {self.timeout:g} s (timeout)") from error
        except OSError as error:
            raise FetchError(f"{label}: the connection failed: {error}") from error

    def read_body(self, response, label: str, limit: int) -> bytes:
        encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding != "identity":
            raise FetchError(f"{label}: the server sent the body {encoding}-encoded although asked for identity")
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise FetchError(f"{label}: the body is {int(length):,} bytes, more than the limit of {limit:,} (--max-bytes)")
        chunks, size = [], 0
        while chunk := response.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{label}: the body is more than the limit of {limit:,} bytes (--max-bytes)")
            chunks.append(chunk)
        return b"".join(chunks)


def _require_url(url: str, what: str) -> None:
    """FetchError unless ``url`` is an absolute http(s) URL (the manifest's rule for its ``url`` column)."""
    if not url:
        raise FetchError(f"{what}: empty")
    try:
        check_url(url, what)
    except ManifestError as error:
        raise FetchError(str(error)) from error


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _media_type(headers: Message) -> tuple[str, str]:
    """``("text/html", "utf-8")`` from a Content-Type header (``""`` for what it does not say)."""
    value = headers.get("Content-Type") or ""
    media = value.split(";", 1)[0].strip().lower()
    charset = (headers.get_content_charset() or "") if value else ""
    return media, charset


def file_name(page: Page) -> str:
    """``<host and path as ASCII words>-<12 hex of the SHA-256><suffix>``: readable, and new bytes never overwrite old."""
    parts = urlsplit(page.url)
    words = re.sub(r"[^a-z0-9]+", "-", f"{parts.hostname or ''} {parts.path}".lower()).strip("-")
    words = re.sub(r"-(html?|txt|md|php|aspx?|jsp|s?html)$", "", words)[:60].strip("-") or "page"
    return f"{words}-{page.sha256[:12]}{SUFFIX_BY_TYPE[page.content_type]}"


def save_page(page: Page, out: Path) -> tuple[Path, bool]:
    """Write the page's bytes to ``out`` (atomically); ``(path, True)`` when written, ``False`` when already there."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / file_name(page)
    if path.is_file() and path.read_bytes() == page.body:
        return path, False
    write_atomically(path, page.body)
    return path, True


def manifest_row(page: Page, path: Path) -> SourceRecord:
    note = f"fetched by biopolicy fetch; redirected from {page.requested}" if page.requested != page.url else "fetched by biopolicy fetch"
    return SourceRecord(
        file=path.name, url=page.url, retrieved=page.retrieved.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        sha256=page.sha256, bytes=str(len(page.body)), content_type=page.content_type, charset=page.charset, note=note,
    )


def fetch_to(url: str, out: Path, fetcher: Fetcher) -> tuple[Path, str]:
    """Download ``url`` into ``out`` and record it in ``out/sources.csv``; ``(path, what happened)``."""
    read_manifest(out)  # a malformed manifest stops us before anything is downloaded
    page = fetcher.fetch(url)
    path, written = save_page(page, out)
    record = manifest_row(page, path)
    if read_manifest(out).record(path.name) is not None:
        return path, "already fetched (same bytes, row kept)"
    append_record(out, record)
    state = "saved" if written else "kept (file was there)"
    return path, f"{state}, {len(page.body):,} bytes, {page.content_type}" + (f"; charset={page.charset}" if page.charset else "")


def cmd_fetch(args) -> int:
    fetcher = Fetcher(delay=args.delay, timeout=args.timeout, max_bytes=args.max_bytes)
    failed = 0
    for url in args.urls:
        try:
            path, what = fetch_to(url, args.out, fetcher)
        except FetchError as error:
            print("error: " + " ".join(str(error).split()), file=sys.stderr, flush=True)
            failed += 1
            continue
        print(f"{url}: {what} -> {path}", file=sys.stderr, flush=True)
        sys.stdout.write(f"{path}\n")
        sys.stdout.flush()
    if failed < len(args.urls):
        print(f"recorded in {args.out / MANIFEST_NAME}: fill in publisher, publisher_site and published by hand "
              "(from the page), then `biopolicy build`", file=sys.stderr, flush=True)
    return 2 if failed else 0


def _positive(kind: type, name: str):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number, not {text!r}") from None
        if value < 0 or (kind is int and value == 0):
            raise argparse.ArgumentTypeError(f"{name} must be positive, not {text!r}")
        return value

    return parse


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``biopolicy fetch`` to the command line's subparsers."""
    summary = "Download plan pages, keep their bytes unchanged and record URL, time and digest in sources.csv."
    examples = """biopolicy fetch http://www.example.gov.cn/zwgk/2024/plan.html
biopolicy fetch URL1 URL2 --out documents --delay 5      # five seconds between two requests to one host
biopolicy fetch URL --timeout 10 --max-bytes 5000000"""
    parser = subparsers.add_parser(
        "fetch",
        help=summary,
        description=summary + "\n\n"
        "robots.txt is honoured (a disallowed page is not requested), requests to one host are spaced by\n"
        "--delay seconds (or robots.txt's Crawl-delay if longer), and the User-Agent names the project.\n"
        "The file is named after the URL and its SHA-256; the publisher and publication date are left\n"
        "for you to fill in. Exit 0 when every URL was saved, 2 when one failed (HTTP error, robots.txt,\n"
        "timeout, too large, not a page the loaders read).",
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples.splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("urls", nargs="+", metavar="URL", help="http:// or https:// address of a plan page")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"directory for the page and its sources.csv row (default {DEFAULT_OUT})")
    parser.add_argument("--delay", type=_positive(float, "--delay"), default=DEFAULT_DELAY, metavar="SECONDS",
                        help=f"least time between two requests to one host (default {DEFAULT_DELAY:g})")
    parser.add_argument("--timeout", type=_positive(float, "--timeout"), default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"give up when the server is silent this long (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--max-bytes", type=_positive(int, "--max-bytes"), default=DEFAULT_MAX_BYTES, metavar="N",
                        help=f"refuse a body larger than this (default {DEFAULT_MAX_BYTES:,})")
    parser.set_defaults(handler=cmd_fetch)
    return parser
