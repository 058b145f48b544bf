"""``biopolicy fetch``: against a local HTTP server started here (a page, a robots.txt that disallows a
path, a 404, a slow answer, a large body, a redirect, a PDF), never the internet."""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from biopolicy.graph import cli
from biopolicy.graph import fetch as f
from biopolicy.loaders.errors import FetchError, ManifestError
from biopolicy.loaders.sources import COLUMNS, MANIFEST_NAME, read_manifest

PAGE = "<html><head><meta charset='utf-8'><title>测试市生物医药产业行动计划</title></head><body>一、发展目标</body></html>".encode()
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
NOW = datetime(2025, 3, 1, 9, 30, 5, tzinfo=UTC)


class Site(BaseHTTPRequestHandler):
    """Routes of the test site; ``requests`` records (path, User-Agent) of every request."""

    requests: list[tuple[str, str]] = []
    robots_status = 200
    robots_body = ROBOTS

    def do_GET(self):  # noqa: N802 - the name http.server calls
        type(self).requests.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/robots.txt":
            self.answer(type(self).robots_status, type(self).robots_body, "text/plain")
        elif self.path in ("/plan.html", "/private/plan.html"):
            self.answer(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/slow":
            time.sleep(1.5)
            self.answer(200, PAGE, "text/html")
        elif self.path == "/big":
            self.answer(200, b"x" * 5000, "text/plain")
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/plan.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/plan.pdf":
            self.answer(200, b"%PDF-1.4", "application/pdf")
        else:
            self.answer(404, b"not here", "text/plain")

    def answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def site():
    Site.requests = []
    Site.robots_status, Site.robots_body = 200, ROBOTS
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class FakeClock:
    """A clock that moves only when the fetcher sleeps: the rate limit is read off the recorded sleeps."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds


def fetcher(delay: float = 0.0, **options) -> tuple[f.Fetcher, FakeClock]:
    clock = FakeClock()
    return f.Fetcher(delay=delay, clock=clock.clock, sleep=clock.sleep, now=lambda: NOW, **options), clock


def paths() -> list[str]:
    return [path for path, _agent in Site.requests]


def test_a_page_is_saved_byte_for_byte_and_its_row_appended(site, tmp_path):
    out = tmp_path / "documents"
    path, what = f.fetch_to(f"{site}/plan.html", out, fetcher()[0])
    assert path.read_bytes() == PAGE
    digest = hashlib.sha256(PAGE).hexdigest()
    assert path.name == f"127-0-0-1-plan-{digest[:12]}.html" and "saved" in what
    record = read_manifest(out).record(path.name)
    assert (record.url, record.retrieved, record.sha256, record.bytes) == (
        f"{site}/plan.html", "2025-03-01T09:30:05Z", digest, str(len(PAGE)))
    assert (record.content_type, record.charset, record.publisher, record.published) == ("text/html", "utf-8", "", "")
    assert (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)
    assert paths() == ["/robots.txt", "/plan.html"]
    assert all(agent.startswith("biopolicy-kg/") and "robots.txt" in agent for _path, agent in Site.requests)


def test_fetching_the_same_bytes_again_adds_no_second_row(site, tmp_path):
    out = tmp_path / "documents"
    downloader = fetcher()[0]
    f.fetch_to(f"{site}/plan.html", out, downloader)
    path, what = f.fetch_to(f"{site}/plan.html", out, downloader)
    assert "already fetched" in what
    assert len(read_manifest(out).records) == 1
    assert sorted(p.name for p in out.iterdir()) == sorted([path.name, MANIFEST_NAME])


def test_a_path_robots_txt_disallows_is_never_requested(site, tmp_path):
    with pytest.raises(FetchError, match=r"/private/plan\.html: disallowed by http://127\.0\.0\.1:\d+/robots\.txt for biopolicy-kg"):
        f.fetch_to(f"{site}/private/plan.html", tmp_path, fetcher()[0])
    assert paths() == ["/robots.txt"]
    assert list(tmp_path.iterdir()) == []


def test_a_missing_robots_txt_allows_and_an_unreadable_one_forbids(site, tmp_path):
    Site.robots_status = 404
    f.fetch_to(f"{site}/private/plan.html", tmp_path / "a", fetcher()[0])
    Site.robots_status = 503
    with pytest.raises(FetchError, match=r"robots\.txt: HTTP 503: robots\.txt cannot be read, so nothing is fetched"):
        f.fetch_to(f"{site}/plan.html", tmp_path / "b", fetcher()[0])
    assert not (tmp_path / "b").exists()


def test_http_errors_say_the_status_and_write_nothing(site, tmp_path):
    with pytest.raises(FetchError, match=r"/nothing-here: HTTP 404 Not Found"):
        f.fetch_to(f"{site}/nothing-here", tmp_path, fetcher()[0])
    assert list(tmp_path.iterdir()) == []


def test_a_server_silent_past_the_timeout_is_a_timeout(site, tmp_path):
    with pytest.raises(FetchError, match=r"/slow: no answer within 0\.3 s \(timeout\)"):
        f.fetch_to(f"{site}/slow", tmp_path, fetcher(timeout=0.3)[0])
    assert list(tmp_path.iterdir()) == []


def test_a_body_over_the_limit_is_refused(site, tmp_path):
    with pytest.raises(FetchError, match=r"/big: the body is 5,000 bytes, more than the limit of 1,000 \(--max-bytes\)"):
        f.fetch_to(f"{site}/big", tmp_path, fetcher(max_bytes=1000)[0])
    assert list(tmp_path.iterdir()) == []


def test_a_redirect_is_followed_and_the_row_names_where_the_bytes_came_from(site, tmp_path):
    path, _ = f.fetch_to(f"{site}/moved", tmp_path, fetcher()[0])
    record = read_manifest(tmp_path).record(path.name)
    assert record.url == f"{site}/plan.html" and f"redirected from {site}/moved" in record.note
    assert paths() == ["/robots.txt", "/moved", "/plan.html"]


def test_a_document_the_loaders_cannot_read_is_not_kept(site, tmp_path):
    with pytest.raises(FetchError, match=r"content type application/pdf is not a page the loaders read"):
        f.fetch_to(f"{site}/plan.pdf", tmp_path, fetcher()[0])
    assert list(tmp_path.iterdir()) == []


def test_two_fetches_from_one_host_are_spaced_by_the_delay_and_other_hosts_do_not_wait(site, tmp_path):
    downloader, clock = fetcher(delay=5.0)
    f.fetch_to(f"{site}/plan.html", tmp_path, downloader)  # robots.txt, then the page: one wait
    assert clock.sleeps == [5.0]
    f.fetch_to(f"{site}/moved", tmp_path, downloader)  # the redirect and its target: two more
    assert clock.sleeps == [5.0, 5.0, 5.0]
    other_host = site.replace("127.0.0.1", "localhost")
    f.fetch_to(f"{other_host}/big", tmp_path, downloader)  # a new host: its robots.txt need not wait
    assert clock.sleeps == [5.0, 5.0, 5.0, 5.0]


def test_a_crawl_delay_longer_than_the_delay_is_honoured(site, tmp_path):
    Site.robots_body = b"User-agent: biopolicy-kg\nCrawl-delay: 12\nDisallow: /private/\n"
    downloader, clock = fetcher(delay=1.0)
    f.fetch_to(f"{site}/plan.html", tmp_path, downloader)
    assert clock.sleeps == [12.0]


def test_time_passed_between_requests_counts_against_the_delay(site, tmp_path):
    downloader, clock = fetcher(delay=5.0)
    f.fetch_to(f"{site}/plan.html", tmp_path, downloader)
    clock.t += 3.5  # the user waited meanwhile
    f.fetch_to(f"{site}/big", tmp_path, downloader)
    assert clock.sleeps == [5.0, 1.5]


def test_a_malformed_manifest_stops_fetch_before_anything_is_downloaded(site, tmp_path):
    (tmp_path / MANIFEST_NAME).write_text("file,url\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="bad header: missing column"):
        f.fetch_to(f"{site}/plan.html", tmp_path, fetcher()[0])
    assert Site.requests == []


def test_an_address_that_is_not_http_is_refused_without_a_request(tmp_path):
    with pytest.raises(FetchError, match=r'URL "ftp://example\.org/plan\.html" is not an absolute http:// or https:// URL'):
        f.fetch_to("ftp://example.org/plan.html", tmp_path, fetcher()[0])


def test_the_command_saves_prints_the_path_and_fails_with_2_on_a_bad_url(site, tmp_path, capsys):
    out = tmp_path / "documents"
    assert cli.main(["fetch", f"{site}/plan.html", "--out", str(out), "--delay", "0"]) == 0
    captured = capsys.readouterr()
    saved = Path(captured.out.strip())
    assert saved.parent == out and saved.read_bytes() == PAGE
    assert "fill in publisher" in captured.err
    assert cli.main(["fetch", f"{site}/nothing-here", "--out", str(out), "--delay", "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "HTTP 404 Not Found" in err and len(err.strip().splitlines()) == 1


def test_help_describes_robots_rate_and_the_manifest(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["fetch", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for words in ("robots.txt", "--delay", "--timeout", "--max-bytes", "sources.csv", "examples:"):
        assert words in text


def test_a_negative_delay_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["fetch", "http://example.org/", "--delay", "-1"])
    assert exit_info.value.code == 2
    assert "--delay must be positive" in capsys.readouterr().err
